// cli_test_support.h: running the real `batuta` executable from tests,
// through pipes (run_batuta) or a pseudo-terminal (PtySession), always with
// deadlines so that a broken build fails a test instead of hanging it.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace batuta::cli_test {

using Environment = std::vector<std::pair<std::string, std::string>>;

struct Outcome {
  int status = -1;  // the exit status; -1 if killed by a signal or timed out
  bool timed_out = false;
  std::string out;
  std::string err;
};

// Runs `batuta ARGS...` with `input` on stdin (a pipe, so not a terminal).
Outcome run_batuta(const std::vector<std::string>& args, const std::string& input = "",
                   const Environment& env = {}, int timeout_ms = 10000);

// A fresh directory under $TMPDIR (or /tmp), removed with its files.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  // Writes `contents` to path()/name and returns the full path.
  std::string write(const std::string& name, const std::string& contents) const;
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Reads a whole file; empty when it does not exist.
std::string slurp(const std::string& path);

// `batuta ARGS...` on a pseudo-terminal (80x24, TERM=xterm), as a user at a
// terminal would run it. Output is matched after removing terminal control
// sequences and carriage returns; each expect* call consumes the output up
// to the end of its match, so successive expectations must appear in order.
class PtySession {
 public:
  explicit PtySession(const std::vector<std::string>& args, const Environment& env = {});
  ~PtySession();  // kills the process if it is still running
  PtySession(const PtySession&) = delete;
  PtySession& operator=(const PtySession&) = delete;

  bool started() const { return pid_ > 0; }
  void send(std::string_view keys);
  // Waits until `text` appears in the output not consumed yet.
  bool expect(std::string_view text, int timeout_ms = 5000);
  // Waits until a whole line equal to `line` appears.
  bool expect_line(std::string_view line, int timeout_ms = 5000);
  // Waits until the program has put the terminal in its line-editing
  // (non-canonical) mode. Keys sent before that are seen by the terminal
  // driver in canonical mode, where Ctrl-D is an end-of-file marker that a
  // later switch to non-canonical mode drops: a user cannot type that fast
  // after a prompt, but a test can.
  bool wait_for_line_editing(int timeout_ms = 5000);
  // Waits for the process to exit; its status, or -1 (signal or timeout).
  int wait_exit(int timeout_ms = 5000);
  // Everything printed so far, cleaned, for failure messages.
  const std::string& transcript() const { return cleaned_; }

 private:
  // Reads what is available within timeout_ms; false when nothing came.
  bool pump(int timeout_ms);
  void reclean();

  pid_t pid_ = -1;
  int master_ = -1;
  bool exited_ = false;
  int exit_status_ = -1;
  std::string raw_;
  std::string cleaned_;
  size_t consumed_ = 0;  // offset into cleaned_
};

}  // namespace batuta::cli_test
