// line_editor.h: the interactive REPL's line input, on libedit (native
// only): emacs-style editing, a persistent history file, Tab completion and
// Ctrl-C handling (repl_interrupt.h).
//
// History is kept one line per entry (a form typed over three lines is
// three entries) and saved after every line, so a REPL that is killed
// keeps what was typed.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

struct editline;  // histedit.h's EditLine
struct history;   // histedit.h's History

namespace batuta::cli {

class LineEditor {
 public:
  using Completer = std::function<std::vector<std::string>(std::string_view prefix)>;

  // An empty history_path keeps history for this session only.
  LineEditor(std::string history_path, Completer completer);
  ~LineEditor();
  LineEditor(const LineEditor&) = delete;
  LineEditor& operator=(const LineEditor&) = delete;

  enum class Input { kLine, kInterrupted, kEnd };
  // Shows `prompt` and reads one line (without its newline) into `line`.
  // kInterrupted: Ctrl-C was pressed, the line is dropped. kEnd: Ctrl-D on
  // an empty line, or the terminal went away.
  Input read_line(const std::string& prompt, std::string& line);

  // Adds a line to the history and saves the history file.
  void remember(const std::string& line);

 private:
  static char* prompt_callback(editline* el);
  static int read_char_callback(editline* el, wchar_t* out);
  static unsigned char complete_callback(editline* el, int key);
  static LineEditor* self(editline* el);
  int read_char(wchar_t* out);
  unsigned char complete();

  editline* el_ = nullptr;
  history* history_ = nullptr;
  std::string history_path_;
  Completer completer_;
  std::string prompt_;
  bool interrupted_ = false;
};

}  // namespace batuta::cli
