// repl_interrupt.h: Ctrl-C in the interactive REPL (native only: POSIX
// signals).
//
// One SIGINT handler serves two situations:
//   - during an evaluation it asks the running code to stop (vm/fiber.h
//     request_interrupt(), which is async-signal-safe); the evaluation then
//     fails with the panic `interrupted` and the REPL prompts again;
//   - at the prompt it only records that Ctrl-C came; wait_for_input()
//     returns kInterrupted and the line editor drops the line being typed.
// The handler touches nothing but sig_atomic_t flags and request_interrupt().
//
// It is installed without SA_RESTART so that a blocking wait is woken up,
// and wait_for_input() waits with ppoll() and SIGINT blocked until the wait
// itself begins, so a Ctrl-C cannot slip in between the check of the flag
// and the wait.
#pragma once

namespace batuta::cli {

// Installs the handler (once per process).
void install_interrupt_handler();

// Brackets one evaluation: between the two calls Ctrl-C interrupts it.
void begin_interruptible_evaluation();
void end_interruptible_evaluation();

// Forgets a Ctrl-C that arrived earlier (before a new prompt).
void clear_interrupt();

enum class InputWait { kReadable, kInterrupted, kError };
// Waits until `fd` can be read or Ctrl-C is pressed.
InputWait wait_for_input(int fd);

}  // namespace batuta::cli
