// eval.h: evaluating Batuta source, the one entry point of the tools
// (`batuta run`, `-e`, the REPL, the doc and conformance tests).
//
// boot() prepares the process once: the natives of batuta.core and its
// sibling namespaces (natives.def), then batuta.core's part written in
// Batuta, which is embedded in the binary (never read from disk); the
// other embedded files load on first use (stdlib.h).
//
// A Session is one evaluation context: its current namespace (`*ns*`),
// the REPL's `*1 *2 *3 *e`. Each top-level form is read, macro-expanded,
// compiled and run in a fiber of its own before the next form is read,
// so a `defmacro` or `ns` affects the forms after it.
//
// Failures come back as an EvalError: a read or compile error (positioned
// `file:line:column: message`) or a panic at run time (the message, then
// the Batuta stack trace). Nothing here exits the process or prints,
// except what the program itself prints.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/value.h"
#include "read/profile.h"
#include "vm/fiber.h"

namespace batuta {

struct Namespace;

// Loads batuta.core; idempotent and cheap after the first call. Fails only
// if the embedded library does not compile (a bug).
Result<bool> boot();

struct EvalError {
  enum class Phase { Read, Compile, Run } phase;
  ErrorKind kind;
  // The whole report, ready to print: "file:3:5: unclosed ( opened at 3:5"
  // or "panic: +: expected a number, got \"a\" (a string)\n  at f (t.ba:3:5)\n...".
  std::string report;
  // true when the read failed only because the input ended inside a form
  // (the REPL then asks for another line instead of reporting).
  bool incomplete = false;
};

// Watches the top-level forms a Session compiles (`batuta compile`'s front
// end, aot/program_protos.h): each form, after macro expansion and
// compilation and before it runs, is passed to before_run, which decides
// whether it runs. A form that does not run evaluates to nil; the vars it
// defines are interned (compilation does that) but keep no value. While a
// Session evaluates with an observer, the files `require` loads
// (runtime.h load_namespace_file) are evaluated with it too, so one rule
// applies to a program and to the namespaces it requires.
class ToplevelObserver {
 public:
  virtual ~ToplevelObserver() = default;
  // `expansion` is the form with its head macro-expanded (a top-level `do`
  // list is shown form by form; a `do` that a macro built as a lazy seq,
  // which the compiler runs as one form, comes whole); `closure` is the
  // compiled form, a closure of no arguments.
  virtual bool before_run(const Value& expansion, const Value& closure) = 0;
};

class Session {
 public:
  Session();  // current namespace: user (referring batuta.core)
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Reads and evaluates every form of `source` in order; the value of the
  // last one (nil for none). Stops at the first failure.
  Result<Value> eval_source(std::string_view source, std::string_view file, EvalError* error,
                            ToplevelObserver* observer = nullptr);
  // Evaluates a file's contents (reads it first); file names errors.
  Result<Value> eval_file(const std::string& path, EvalError* error, ToplevelObserver* observer = nullptr);
  // Evaluates `text` as the contents of the file `path` (what eval_file
  // does once it has read it: require resolves relative to path, errors
  // name it). With an observer, only the forms it accepts run.
  Result<Value> eval_program(std::string_view text, const std::string& path, EvalError* error,
                             ToplevelObserver* observer = nullptr);

  // The REPL's step: like eval_source, and then `*1 *2 *3` shift (or `*e`
  // is set to the error's report string on failure).
  Result<Value> eval_repl_input(std::string_view source, EvalError* error);

  // The profile of source without a `#lang` line (the REPL's `:profile`).
  void set_profile(Profile p) { profile_ = p; }
  Profile profile() const { return profile_; }

  // `*command-line-args*`: a list of strings (nil when empty).
  void set_command_line_args(const std::vector<std::string>& args);

  Namespace* current_namespace() const;
  std::string current_namespace_name() const;

  // Names visible in the current namespace that start with `prefix`:
  // locals are not known here, so vars of the namespace, referred vars,
  // `alias/name` for every alias, and special forms. Sorted, no duplicates.
  std::vector<std::string> completions(std::string_view prefix) const;

 private:
  Namespace* ns_;
  Profile profile_ = Profile::A;
};

// request_interrupt() (vm/fiber.h) asks the running evaluation, from any
// thread or a signal handler, to stop at its next call or backward jump
// with the panic `interrupted`.

}  // namespace batuta
