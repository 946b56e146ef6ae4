// repl.cpp: `batuta repl`.
//
// Lines are collected until they hold complete forms, then evaluated with
// Session::eval_repl_input (which maintains *1 *2 *3 *e); the value of the
// last form is printed readably on stdout, failures go to stderr and the
// loop goes on. Input that ended inside a form (EvalError::incomplete)
// asks for another line, shown with the continuation prompt `  #_=> `.
// Complete forms typed before an unfinished one run at once (and only
// once); the unfinished one stays pending.
//
// `:profile a|b|c` switches the syntax of the inputs that follow (Profile A
// S-expressions, B infix, C indentation; docs/grammar.md); `:profile`
// alone names the current one. In Profiles B and C a line that reads as a
// complete form runs at once; one that does not (an open bracket, a
// trailing operator or `=`; in Profile C `define f x` before its body or
// `match x` before its clauses) starts a form of several lines, which an
// empty line ends.
//
// Two front ends share that loop:
//   - stdin is a terminal: prompts (`user=> `, the current namespace),
//     libedit editing, history, Tab completion, Ctrl-C (line_editor.h);
//   - stdin is not a terminal (a pipe, a file): no prompts, no banner, only
//     the values and the errors, so `batuta repl < script` output can be
//     compared or post-processed. The exit status is 0 at the end of input.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "cli/cli_common.h"
#include "cli/commands.h"
#include "cli/line_editor.h"
#include "cli/repl_interrupt.h"
#include "core/printer.h"
#include "core/version.h"
#include "lib/eval.h"
#include "lib/print_result.h"
#include "read/profile.h"
#include "read/reader.h"
#include "read/source_map.h"

namespace batuta::cli {
namespace {

// $BATUTA_HISTORY, else ~/.batuta_history; empty (no file) without a home.
std::string history_path() {
  const char* chosen = std::getenv("BATUTA_HISTORY");
  if (chosen != nullptr && *chosen != '\0') return chosen;
  const char* home = std::getenv("HOME");
  if (home != nullptr && *home != '\0') return std::string(home) + "/.batuta_history";
  return {};
}

// `user=> `, and for continuation lines `  #_=> ` aligned under it.
std::string prompt_for(const Session& session, bool continuing) {
  const std::string ns = session.current_namespace_name();
  if (!continuing) return ns + "=> ";
  const size_t width = ns.size() + 3;
  const std::string marker = "#_=> ";
  return std::string(width > marker.size() ? width - marker.size() : 0, ' ') + marker;
}

// The byte offset of a reader position (line and column, the column in
// code points as the reader counts them) in `text`; text.size() if past it.
size_t offset_of(std::string_view text, SourcePos pos) {
  SourcePos here{1, 1};
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const bool starts_character = (c & 0xC0) != 0x80;
    if (starts_character && here == pos) return i;
    if (c == '\n') {
      ++here.line;
      here.column = 1;
    } else if (starts_character) {
      ++here.column;
    }
  }
  return text.size();
}

// What a read-only pass of the reader makes of the text typed so far.
struct InputShape {
  size_t forms = 0;          // complete top-level forms before the end or the failure
  bool read_failed = false;
  // When the reader failed inside a top-level form that follows complete
  // ones: where that form starts. 0 otherwise.
  size_t failing_form_start = 0;
};

InputShape shape_of(const Session& session, const std::string& text) {
  InputShape shape;
  SourceMap map;
  Reader reader(text, "<repl>", map, session.current_namespace_name());
  SourcePos last_complete{0, 0};
  for (;;) {
    Value form;
    Result<bool> more = reader.read(form);
    if (!more.ok()) {
      shape.read_failed = true;
      // last_position() moves to a form's start before the form is read, so
      // it differs from the last complete form's start exactly when the
      // failure is inside a new form.
      if (shape.forms > 0 && !(reader.last_position() == last_complete))
        shape.failing_form_start = offset_of(text, reader.last_position());
      return shape;
    }
    if (!more.value()) return shape;
    ++shape.forms;
    last_complete = reader.last_position();
  }
}

// Collects lines into complete input and evaluates it.
class ReplLoop {
 public:
  ReplLoop(Session& session, bool interactive) : session_(session), interactive_(interactive) {}

  bool continuing() const { return !pending_.empty(); }
  void drop_pending() { pending_.clear(); }

  // Adds one line; evaluates what the input so far completes.
  void add_line(const std::string& line) {
    if (pending_.empty() && switch_profile(line)) return;
    if (session_.profile() != Profile::A) {
      add_surface_line(line);
      return;
    }
    pending_ += line;
    pending_ += '\n';
    const InputShape shape = shape_of(session_, pending_);
    if (!shape.read_failed && shape.forms == 0) {  // blank lines, comments, #_ discards
      pending_.clear();
      return;
    }
    // `(println 1) (let [x 2]` runs the println now, once: only the
    // unfinished form stays pending, so completing it later does not run
    // the forms before it again.
    if (shape.failing_form_start > 0) {
      const std::string complete = pending_.substr(0, shape.failing_form_start);
      pending_.erase(0, shape.failing_form_start);
      if (evaluate(complete) == Evaluated::kFailed) {
        pending_.clear();  // as a file stops at its first error
        return;
      }
    }
    if (evaluate(pending_) != Evaluated::kIncomplete) pending_.clear();
  }

  // `:profile [a|b|c]`: true when `line` was that command.
  bool switch_profile(const std::string& line) {
    const size_t start = line.find_first_not_of(" \t");
    if (start == std::string::npos || line.compare(start, 8, ":profile") != 0) return false;
    const size_t end = line.find_last_not_of(" \t\r");
    std::string arg = line.substr(start + 8, end + 1 - (start + 8));
    if (!arg.empty() && arg[0] != ' ' && arg[0] != '\t') return false;  // :profiles is a keyword
    arg.erase(0, arg.find_first_not_of(" \t"));
    if (arg.empty()) {
      std::printf("profile %s\n", profile_name(session_.profile()));
      std::fflush(stdout);
      return true;
    }
    const std::optional<Profile> p = profile_from_name(arg);
    if (!p) {
      print_cli_error(":profile takes a, b or c, got " + arg);
      return true;
    }
    session_.set_profile(*p);
    if (interactive_) {
      static const char* const kDescription[] = {"S-expressions", "infix; an empty line ends a form of several lines",
                                                 "indentation; an empty line ends a form of several lines"};
      std::printf("profile %s: %s\n", profile_name(*p), kDescription[static_cast<int>(*p)]);
      std::fflush(stdout);
    }
    return true;
  }

  // Profiles B and C: a complete first line runs; otherwise lines gather
  // until an empty one.
  void add_surface_line(const std::string& line) {
    const bool blank = line.find_first_not_of(" \t\r") == std::string::npos;
    if (pending_.empty()) {
      if (blank) return;
      pending_ = line + '\n';
      if (evaluate(pending_) != Evaluated::kIncomplete) pending_.clear();
      return;
    }
    if (!blank) {
      pending_ += line + '\n';
      return;
    }
    evaluate(pending_, /*report_incomplete=*/true);
    pending_.clear();
  }

  // At the end of input, input left inside a form is reported (as a read
  // error) rather than silently dropped.
  void finish_input() {
    if (pending_.empty()) return;
    evaluate(pending_, /*report_incomplete=*/true);
    pending_.clear();
  }

 private:
  enum class Evaluated { kPrinted, kFailed, kIncomplete };

  // Evaluates `text` and prints its value (stdout) or its error (stderr),
  // except input that ends inside a form, which waits for more lines.
  Evaluated evaluate(const std::string& text, bool report_incomplete = false) {
    EvalError error;
    if (interactive_) begin_interruptible_evaluation();
    Result<Value> result = session_.eval_repl_input(text, &error);
    if (interactive_) end_interruptible_evaluation();
    if (result.ok()) {
      // Realising the value's lazy seqs may fail: the form fails then.
      Result<std::string> printed = pr_str_realized(result.value());
      if (!printed) {
        print_eval_error(EvalError{EvalError::Phase::Run, printed.error().kind, printed.error().message});
        return Evaluated::kFailed;
      }
      std::string shown = std::move(printed.value());
      shown.push_back('\n');
      std::fputs(shown.c_str(), stdout);
      std::fflush(stdout);
      return Evaluated::kPrinted;
    }
    if (error.incomplete && !report_incomplete) return Evaluated::kIncomplete;
    print_eval_error(error);
    return Evaluated::kFailed;
  }

  Session& session_;
  bool interactive_;
  std::string pending_;
};

int interactive_repl(Session& session) {
  install_interrupt_handler();
  LineEditor editor(history_path(), [&session](std::string_view prefix) { return session.completions(prefix); });
  ReplLoop loop(session, /*interactive=*/true);
  std::printf("Batuta %s. Ctrl-D exits, Ctrl-C interrupts, Tab completes, :profile a|b|c switches syntax.\n",
              kVersion);
  std::fflush(stdout);
  std::string line;
  for (;;) {
    switch (editor.read_line(prompt_for(session, loop.continuing()), line)) {
      case LineEditor::Input::kLine:
        editor.remember(line);
        loop.add_line(line);
        break;
      case LineEditor::Input::kInterrupted:
        loop.drop_pending();  // Ctrl-C abandons a form typed over several lines too
        break;
      case LineEditor::Input::kEnd:
        std::fputs("\n", stdout);  // the shell's prompt starts on a line of its own
        return finish(kExitOk);
    }
  }
}

int quiet_repl(Session& session) {
  ReplLoop loop(session, /*interactive=*/false);
  char* buffer = nullptr;
  size_t capacity = 0;
  ssize_t length;
  while ((length = ::getline(&buffer, &capacity, stdin)) >= 0) {
    std::string line(buffer, static_cast<size_t>(length));
    if (!line.empty() && line.back() == '\n') line.pop_back();
    loop.add_line(line);
  }
  std::free(buffer);
  loop.finish_input();
  return finish(kExitOk);
}

}  // namespace

int run_repl() {
  if (!boot_or_report()) return finish(kExitFailure);
  Session session;
  return isatty(STDIN_FILENO) ? interactive_repl(session) : quiet_repl(session);
}

}  // namespace batuta::cli
