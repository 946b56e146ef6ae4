// line_editor.cpp: see line_editor.h.
//
// libedit is driven through its native API (histedit.h) rather than the
// readline emulation, for two hooks the emulation hides:
//   - EL_GETCFN: characters are read by read_char(), which waits with
//     wait_for_input() so Ctrl-C at the prompt ends el_gets() at once;
//     libedit's own reader retries a read interrupted by a signal;
//   - EL_ADDFN: Tab runs complete(), which edits the line directly.
// libedit's signal handling (EL_SIGNAL) stays off: it re-sends the signal
// to the whole process group.
#include "cli/line_editor.h"

#include <histedit.h>
#include <langinfo.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <clocale>
#include <cstdio>
#include <cstring>
#include <utility>

#include "cli/repl_completion.h"
#include "cli/repl_interrupt.h"

namespace batuta::cli {

namespace {
constexpr int kHistorySize = 1000;
constexpr wchar_t kReplacementCharacter = 0xFFFD;

// libedit keeps the line as wide characters and converts it with the C
// library's multibyte functions, which follow LC_CTYPE: in the default "C"
// locale it rejects every non-ASCII character. Batuta source is UTF-8
// whatever the user's locale says, so the character type is the user's
// locale if that is UTF-8, else C.UTF-8 (built into glibc). Only LC_CTYPE
// changes: number formatting and messages stay as they were.
void use_utf8_character_type() {
  if (std::setlocale(LC_CTYPE, "") != nullptr) {
    const char* codeset = nl_langinfo(CODESET);
    if (std::strcmp(codeset, "UTF-8") == 0 || std::strcmp(codeset, "utf8") == 0) return;
  }
  std::setlocale(LC_CTYPE, "C.UTF-8");
}

int terminal_width() {
  struct winsize size {};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return 80;
}
}  // namespace

LineEditor::LineEditor(std::string history_path, Completer completer)
    : history_path_(std::move(history_path)), completer_(std::move(completer)) {
  use_utf8_character_type();
  HistEvent event;
  history_ = history_init();
  history(history_, &event, H_SETSIZE, kHistorySize);
  history(history_, &event, H_SETUNIQUE, 1);  // no runs of the same line
  if (!history_path_.empty()) history(history_, &event, H_LOAD, history_path_.c_str());  // absent at first

  el_ = el_init("batuta", stdin, stdout, stderr);
  el_set(el_, EL_CLIENTDATA, this);
  el_set(el_, EL_EDITOR, "emacs");
  el_set(el_, EL_PROMPT, &LineEditor::prompt_callback);
  el_set(el_, EL_HIST, history, history_);
  el_set(el_, EL_GETCFN, &LineEditor::read_char_callback);
  el_set(el_, EL_ADDFN, "batuta-complete", "Complete the name before the cursor", &LineEditor::complete_callback);
  el_set(el_, EL_BIND, "^I", "batuta-complete", nullptr);
  el_source(el_, nullptr);  // the user's ~/.editrc (e.g. `bind -v` for vi mode)
}

LineEditor::~LineEditor() {
  el_end(el_);  // restores the terminal
  history_end(history_);
}

LineEditor* LineEditor::self(editline* el) {
  void* data = nullptr;
  el_get(el, EL_CLIENTDATA, &data);
  return static_cast<LineEditor*>(data);
}

char* LineEditor::prompt_callback(editline* el) { return self(el)->prompt_.data(); }

int LineEditor::read_char_callback(editline* el, wchar_t* out) { return self(el)->read_char(out); }

unsigned char LineEditor::complete_callback(editline* el, int) { return self(el)->complete(); }

// Returns 1 with a character, 0 at the end of input, -1 on an error or
// Ctrl-C (then interrupted_ is set), as libedit's EL_GETCFN contract asks.
int LineEditor::read_char(wchar_t* out) {
  unsigned char bytes[4];
  size_t have = 0, need = 1;
  while (have < need) {
    switch (wait_for_input(STDIN_FILENO)) {
      case InputWait::kInterrupted:
        interrupted_ = true;
        errno = EINTR;
        return -1;
      case InputWait::kError:
        return -1;
      case InputWait::kReadable:
        break;
    }
    const ssize_t n = ::read(STDIN_FILENO, bytes + have, 1);
    if (n == 0) return 0;
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    if (have == 0) {
      const unsigned char b = bytes[0];
      need = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 0;
      if (need == 0) {  // a stray continuation byte or an invalid lead byte
        *out = kReplacementCharacter;
        return 1;
      }
    } else if ((bytes[have] & 0xC0) != 0x80) {
      *out = kReplacementCharacter;  // a truncated sequence: its next byte is lost too
      return 1;
    }
    ++have;
  }
  char32_t c = need == 1 ? bytes[0] : bytes[0] & (0x7F >> need);
  for (size_t i = 1; i < need; ++i) c = (c << 6) | (bytes[i] & 0x3F);
  *out = static_cast<wchar_t>(c);
  return 1;
}

unsigned char LineEditor::complete() {
  const LineInfo* info = el_line(el_);
  const std::string_view before(info->buffer, static_cast<size_t>(info->cursor - info->buffer));
  const std::string_view word = word_before_cursor(before);
  if (word.empty()) return CC_REFRESH_BEEP;
  const std::vector<std::string> names = completer_(word);
  if (names.empty()) return CC_REFRESH_BEEP;
  const std::string shared = common_prefix(names);
  if (shared.size() > word.size()) {
    el_insertstr(el_, shared.c_str() + word.size());
    return CC_REFRESH;
  }
  if (names.size() == 1) return CC_REFRESH;  // already complete
  // Several names and nothing more in common: list them under the line.
  std::fputs("\n", stdout);
  std::fputs(format_columns(names, terminal_width()).c_str(), stdout);
  std::fflush(stdout);
  return CC_REDISPLAY;
}

LineEditor::Input LineEditor::read_line(const std::string& prompt, std::string& line) {
  prompt_ = prompt;
  interrupted_ = false;
  clear_interrupt();
  int count = 0;
  const char* text = el_gets(el_, &count);
  if (interrupted_) {
    std::fputs("\n", stdout);  // leave the abandoned line as it was typed
    std::fflush(stdout);
    return Input::kInterrupted;
  }
  if (text == nullptr || count <= 0) return Input::kEnd;
  line.assign(text, static_cast<size_t>(count));
  if (!line.empty() && line.back() == '\n') line.pop_back();
  return Input::kLine;
}

void LineEditor::remember(const std::string& line) {
  if (line.find_first_not_of(" \t") == std::string::npos) return;
  HistEvent event;
  history(history_, &event, H_ENTER, line.c_str());
  if (!history_path_.empty()) history(history_, &event, H_SAVE, history_path_.c_str());
}

}  // namespace batuta::cli
