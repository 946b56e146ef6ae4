// runtime.h: the lib layer's runtime state shared by eval, the namespace
// natives and the REPL helpers: the current namespace, the file being
// loaded, and the natives that reach into the compiler (eval, apply,
// macroexpand, require...). Internal to lib; tools use eval.h.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/source_pos.h"
#include "core/status.h"
#include "core/value.h"

namespace batuta {

class SourceMap;
class ToplevelObserver;
struct EvalError;
struct Namespace;

// The current namespace of this thread (`*ns*`). Setting it also sets the
// var batuta.core/*ns*, which programs read.
Namespace* current_namespace_of_thread();
void set_current_namespace(Namespace* ns);

// `user`, made on first use with the default aliases.
Namespace* user_namespace();
// A namespace made by in-ns or ns: batuta.core is referred implicitly (the
// compiler falls back to it) and the default aliases are added
// (`str` -> batuta.string), so `str/upper-case` works without a require.
Namespace* make_namespace(const Value& name);

// The file being loaded on this thread (require resolves relative to it).
void set_current_file(const std::string& path);
const std::string& current_file();

// Compiles and runs one top-level form in ns (which in-ns may change).
// With an observer, each compiled form (a top-level do: each of its forms)
// is shown to it first and runs only when it says so (eval.h).
Result<Value> eval_form_in(Namespace*& ns, const Value& form, const SourceMap* map, const std::string& file,
                           SourcePos pos, EvalError* error, ToplevelObserver* observer = nullptr);

// The observer files loaded by require are evaluated with: that of the
// Session evaluating on this thread (eval.h ToplevelObserver), or nullptr.
ToplevelObserver* current_load_observer();

// Names visible in ns starting with prefix (Session::completions).
std::vector<std::string> completions_in(Namespace* ns, std::string_view prefix);

// Vars the runtime keeps (*ns*, *1, *command-line-args*...), unbound ones
// made nil.
void install_runtime_natives();

}  // namespace batuta
