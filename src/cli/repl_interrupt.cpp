// repl_interrupt.cpp: see repl_interrupt.h.
#include "cli/repl_interrupt.h"

#include <poll.h>
#include <signal.h>

#include <cerrno>

#include "vm/fiber.h"

namespace batuta::cli {
namespace {

volatile sig_atomic_t g_interrupt_pending = 0;
volatile sig_atomic_t g_evaluating = 0;

extern "C" void on_sigint(int) {
  const int saved_errno = errno;  // a handler must not change errno
  g_interrupt_pending = 1;
  if (g_evaluating) request_interrupt();
  errno = saved_errno;
}

}  // namespace

void install_interrupt_handler() {
  struct sigaction action {};
  action.sa_handler = on_sigint;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: a blocked read or poll must wake up
  sigaction(SIGINT, &action, nullptr);
}

// A Ctrl-C pressed after the line was read but before this point is
// meant for the evaluation about to start, so it is passed on.
void begin_interruptible_evaluation() {
  g_evaluating = 1;
  if (g_interrupt_pending) request_interrupt();
}

// So that a Ctrl-C that came as the evaluation was ending does not
// interrupt the next one, a request still pending is withdrawn here.
void end_interruptible_evaluation() {
  g_evaluating = 0;
  g_interrupt_requested.store(false, std::memory_order_relaxed);
}

void clear_interrupt() { g_interrupt_pending = 0; }

InputWait wait_for_input(int fd) {
  sigset_t block, saved, unblocked;
  sigemptyset(&block);
  sigaddset(&block, SIGINT);
  sigprocmask(SIG_BLOCK, &block, &saved);
  unblocked = saved;
  sigdelset(&unblocked, SIGINT);
  InputWait result;
  for (;;) {
    if (g_interrupt_pending) {
      result = InputWait::kInterrupted;
      break;
    }
    struct pollfd p {fd, POLLIN, 0};
    // SIGINT is deliverable only inside ppoll, so it either arrived before
    // (seen above) or interrupts this wait (EINTR).
    const int n = ppoll(&p, 1, nullptr, &unblocked);
    if (n > 0) {
      result = InputWait::kReadable;  // also POLLHUP/POLLERR: the read reports it
      break;
    }
    if (n < 0 && errno != EINTR) {
      result = InputWait::kError;
      break;
    }
    // EINTR: another signal (SIGWINCH, SIGCHLD), or SIGINT, seen next turn.
  }
  sigprocmask(SIG_SETMASK, &saved, nullptr);
  return result;
}

}  // namespace batuta::cli
