// program_protos.h: `batuta compile`'s front end. Compiles a program the
// way `batuta run` does, form by form, without running it, and collects the
// protos the code generator (codegen.h) turns into native code.
//
// The compile-time evaluation rule (docs/compile.md): a program's top-level
// forms do not run at compile time (nothing prints, no actor starts, no
// query opens the store). Only what later forms need to be compiled runs:
//   - definitions whose value is a function literal (defn, defmacro,
//     (def f (fn ...))), so macros work and may call helper functions;
//   - namespace forms: in-ns, require, alias (and ns, a do of these).
// Every other def is only declared: compiling it interns its var, so later
// forms resolve the name, but its init does not run. The files require
// loads are compiled under the same rule (eval.h ToplevelObserver), and
// their protos are collected with the program's.
//
// Since the binary compiles the same source at start with the same macros,
// its protos have the same bytecode as those collected here, which is what
// native code is keyed by (vm/native_code.h).
//
// The parts of the embedded library that load on first use (stdlib.h: the
// actor library, batuta.string...) and that compiling the program loaded
// are listed too: the binary loads them right after boot, before it
// installs its native code, so that the protos built after that are the
// program's own (what BATUTA_NATIVE_REPORT counts).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/value.h"
#include "lib/eval.h"
#include "vm/function.h"

namespace batuta::aot {

// The protos of a program: every top-level form's thunk and every proto it
// holds (nested fns, other arities), each once, in the order found.
struct ProgramProtos {
  std::vector<Value> protos;  // Proto values, owned
  // Namespaces (batuta.core, batuta.string...) with embedded files that
  // loaded on first use while the program compiled.
  std::vector<std::string> loaded_namespaces;

  std::vector<const Proto*> pointers() const;
};

// Compiles `text`, the contents of the file `path`, in a new Session of
// the booted runtime (the caller boots it as `batuta run` does). A read or
// compile error comes back in *error as eval reports it (file:line:column),
// and so does a panic of a form that runs at compile time (a macro's helper
// failing, a require of a missing namespace).
Result<ProgramProtos> compile_program_protos(std::string_view text, const std::string& path, EvalError* error);

// Whether a top-level form (head macro-expanded) runs at compile time under
// the rule above.
bool runs_at_compile_time(const Value& expansion);

}  // namespace batuta::aot
