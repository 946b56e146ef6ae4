// compiler.h: forms in, runnable functions out. The compile layer's surface.
//
//   form --macroexpand--> expanded form --analyze--> IR (ir.h)
//        --optimize--> IR --emit--> Proto (vm/function.h)
//
// compile_toplevel() turns one top-level form into a closure of no
// arguments that evaluates it; the caller (lib's eval) runs it in a fiber.
// Top-level forms are compiled and run one at a time, so a def, defmacro
// or in-ns takes effect for the next form.
//
// Macros run during compilation: a var marked as a macro is called (on a
// fiber of its own) with the unevaluated argument forms; the built-in
// macros are C++ expanders (core_macros.def).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/source_pos.h"
#include "core/status.h"
#include "core/value.h"

namespace batuta {

class SourceMap;
struct Namespace;
struct Var;

// Where a form is compiled: its namespace, and where its text came from
// (positions of forms the reader made are in `map`; forms built by macros
// take the position of the nearest form that has one).
struct CompileEnv {
  Namespace* ns;
  const SourceMap* map = nullptr;  // may be null (forms not from the reader)
  std::string file = "<unknown>";
  SourcePos pos{1, 1};  // position of the top-level form
};

// The special forms, in the order docs/language.md lists them.
const std::vector<std::string_view>& special_form_names();
bool is_special_form(const Value& sym);

// The compiled top-level form: a closure of no arguments.
Result<Value> compile_toplevel(const Value& form, const CompileEnv& env);

// One step of macro expansion of a form (the form itself when its head is
// not a macro), and the full expansion of its head (Clojure's
// macroexpand-1 and macroexpand).
Result<Value> macroexpand_1(const Value& form, const CompileEnv& env);
Result<Value> macroexpand(const Value& form, const CompileEnv& env);

// A top-level `(do ...)` after expansion of its head: its forms are
// compiled and run one by one (so a defmacro inside is seen by the rest).
// Fills `out` and returns true when `form` expands to a do; otherwise
// `*expansion` (when given) is the expanded form, which compile_toplevel
// can take instead of `form` so the head is not expanded twice.
Result<bool> split_toplevel_do(const Value& form, const CompileEnv& env, std::vector<Value>& out,
                               Value* expansion = nullptr);

// The var a symbol names in ns (its own, referred, batuta.core's or one
// batuta.core refers, or through an alias or a full namespace name), or
// nullptr. A symbol that does not resolve is offered to
// g_unresolved_symbol_hook first, and looked up again when it returns true.
Var* resolve_var(Namespace* ns, const Value& sym);

// Set by the lib layer (lib/stdlib.h): loads the embedded library that
// defines sym (actor.ba for defactor, batuta.test for batuta.test/is) when
// it is not loaded yet; true when it loaded one. nullptr: no hook.
extern bool (*g_unresolved_symbol_hook)(Namespace* ns, const Value& sym);

// The namespace of the core library, made on first use.
Namespace* core_namespace();

// A new symbol no user wrote: `prefix__N__auto__` (thread-safe counter).
Value fresh_symbol(std::string_view prefix);

// The IR of a form, printed (ir::dump), after optimisation: for tests and
// `batuta ir` debugging.
Result<std::string> ir_text(const Value& form, const CompileEnv& env);

}  // namespace batuta
