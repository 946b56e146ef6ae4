// cli_test_support.cpp: see cli_test_support.h.
#include "cli_test_support.h"

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace batuta::cli_test {
namespace {

using Clock = std::chrono::steady_clock;

int remaining_ms(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left > 0 ? static_cast<int>(left) : 0;
}

// In the child: sets the environment and replaces the process with batuta.
[[noreturn]] void exec_batuta(const std::vector<std::string>& args, const Environment& env) {
  for (const auto& [name, value] : env) setenv(name.c_str(), value.c_str(), 1);
  // libedit leaks two strings per process (see the suppressions file); the
  // REPL's children are leak-checked with that one suppression.
  if (isatty(STDIN_FILENO)) setenv("LSAN_OPTIONS", "suppressions=" BATUTA_LSAN_SUPPRESSIONS, 1);
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(BATUTA_EXE));
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  execv(BATUTA_EXE, argv.data());
  _exit(127);
}

int decode_status(int raw) { return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1; }

}  // namespace

Outcome run_batuta(const std::vector<std::string>& args, const std::string& input, const Environment& env,
                   int timeout_ms) {
  Outcome outcome;
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (pipe(in_pipe) != 0 || pipe(out_pipe) != 0 || pipe(err_pipe) != 0) return outcome;
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(in_pipe[0], 0);
    dup2(out_pipe[1], 1);
    dup2(err_pipe[1], 2);
    for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) close(fd);
    exec_batuta(args, env);
  }
  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  int in_fd = in_pipe[1], out_fd = out_pipe[0], err_fd = err_pipe[0];
  fcntl(in_fd, F_SETFL, O_NONBLOCK);
  signal(SIGPIPE, SIG_IGN);  // batuta may exit without reading all its input
  size_t written = 0;
  if (input.empty()) {
    close(in_fd);
    in_fd = -1;
  }
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  while (out_fd >= 0 || err_fd >= 0) {
    pollfd fds[3] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}, {in_fd, POLLOUT, 0}};
    const int left = remaining_ms(deadline);
    if (left == 0) {
      outcome.timed_out = true;
      break;
    }
    if (poll(fds, 3, left) < 0 && errno != EINTR) break;
    if (fds[2].revents != 0) {
      const ssize_t n = write(in_fd, input.data() + written, input.size() - written);
      if (n > 0) written += static_cast<size_t>(n);
      if (n < 0 || written == input.size()) {
        close(in_fd);
        in_fd = -1;
      }
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].revents == 0) continue;
      char buffer[4096];
      const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        (i == 0 ? outcome.out : outcome.err).append(buffer, static_cast<size_t>(n));
      } else {
        close(fds[i].fd);
        (i == 0 ? out_fd : err_fd) = -1;
      }
    }
  }
  for (int fd : {in_fd, out_fd, err_fd})
    if (fd >= 0) close(fd);
  int raw = 0;
  if (outcome.timed_out) {
    kill(pid, SIGKILL);
    waitpid(pid, &raw, 0);
    return outcome;
  }
  // Both pipes closed: the process is exiting; still bound the wait.
  while (waitpid(pid, &raw, WNOHANG) == 0) {
    if (remaining_ms(deadline) == 0) {
      kill(pid, SIGKILL);
      waitpid(pid, &raw, 0);
      outcome.timed_out = true;
      return outcome;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  outcome.status = decode_status(raw);
  return outcome;
}

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base != nullptr && *base != '\0' ? base : "/tmp") + "/batuta-cli-XXXXXX";
  if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::write(const std::string& name, const std::string& contents) const {
  const std::string full = file(name);
  std::ofstream(full, std::ios::binary) << contents;
  return full;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

PtySession::PtySession(const std::vector<std::string>& args, const Environment& env) {
  struct winsize size {};
  size.ws_row = 24;
  size.ws_col = 80;
  pid_ = forkpty(&master_, nullptr, nullptr, &size);
  if (pid_ == 0) {
    Environment full{{"TERM", "xterm"}};
    full.insert(full.end(), env.begin(), env.end());
    exec_batuta(args, full);
  }
}

PtySession::~PtySession() {
  if (pid_ > 0 && !exited_) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  if (master_ >= 0) close(master_);
}

void PtySession::send(std::string_view keys) {
  while (!keys.empty()) {
    const ssize_t n = write(master_, keys.data(), keys.size());
    if (n <= 0) return;
    keys.remove_prefix(static_cast<size_t>(n));
  }
}

bool PtySession::pump(int timeout_ms) {
  pollfd p{master_, POLLIN, 0};
  if (poll(&p, 1, timeout_ms) <= 0) return false;
  char buffer[4096];
  const ssize_t n = read(master_, buffer, sizeof buffer);
  if (n <= 0) {  // EIO once the terminal's other side is closed: poll is then always ready
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return false;
  }
  raw_.append(buffer, static_cast<size_t>(n));
  reclean();
  return true;
}

// Drops ESC [ ... final, ESC ] ... BEL, other two-byte ESC sequences,
// carriage returns, bells, and backspaces (with the character before them).
void PtySession::reclean() {
  std::string out;
  for (size_t i = 0; i < raw_.size(); ++i) {
    const char c = raw_[i];
    if (c == '\x1b' && i + 1 < raw_.size()) {
      const char kind = raw_[i + 1];
      size_t j = i + 2;
      if (kind == '[') {
        while (j < raw_.size() && !(raw_[j] >= 0x40 && raw_[j] <= 0x7e)) ++j;
      } else if (kind == ']') {
        while (j < raw_.size() && raw_[j] != '\a') ++j;
      } else {
        j = i + 1;
      }
      i = j;
      continue;
    }
    if (c == '\r' || c == '\a') continue;
    if (c == '\b') {
      if (!out.empty() && out.back() != '\n') out.pop_back();
      continue;
    }
    out.push_back(c);
  }
  cleaned_ = std::move(out);
  if (consumed_ > cleaned_.size()) consumed_ = cleaned_.size();
}

bool PtySession::expect(std::string_view text, int timeout_ms) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    const size_t at = cleaned_.find(text, consumed_);
    if (at != std::string::npos) {
      consumed_ = at + text.size();
      return true;
    }
    const int left = remaining_ms(deadline);
    if (left == 0) return false;
    pump(left);
  }
}

bool PtySession::expect_line(std::string_view line, int timeout_ms) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    for (size_t at = cleaned_.find(line, consumed_); at != std::string::npos; at = cleaned_.find(line, at + 1)) {
      const size_t end = at + line.size();
      const bool starts_line = at == 0 || cleaned_[at - 1] == '\n';
      if (starts_line && end < cleaned_.size() && cleaned_[end] == '\n') {
        consumed_ = end + 1;
        return true;
      }
    }
    const int left = remaining_ms(deadline);
    if (left == 0) return false;
    pump(left);
  }
}

// On Linux, the modes of a pseudo-terminal can be read from its master side.
bool PtySession::wait_for_line_editing(int timeout_ms) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    termios modes {};
    if (tcgetattr(master_, &modes) == 0 && (modes.c_lflag & ICANON) == 0) return true;
    if (remaining_ms(deadline) == 0) return false;
    pump(2);
  }
}

int PtySession::wait_exit(int timeout_ms) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  while (!exited_) {
    int raw = 0;
    if (waitpid(pid_, &raw, WNOHANG) == pid_) {
      exited_ = true;
      exit_status_ = decode_status(raw);
      break;
    }
    if (remaining_ms(deadline) == 0) return -1;
    pump(10);  // keep draining so the process never blocks on a full terminal
  }
  while (pump(0)) {
  }
  return exit_status_;
}

}  // namespace batuta::cli_test
