// expand_context.h: what a built-in macro's expander may ask of the compiler.
//
// The core macros (`when`, `cond`, `->`, `for`, `defn`, destructuring
// `let`/`fn`/`loop`, syntax-quote...) are C++ functions from a form to a
// form, declared once in core_macros.def. They run during macro expansion,
// before analysis, and know nothing of the analyzer: they build plain
// Profile A data and ask this context for the few things that depend on
// where the form is (fresh names, symbol resolution, positions).
//
// Forms built by an expander name core functions fully qualified
// (`batuta.core/seq`), so a user's local or var called `seq` never
// captures them, and special forms by their bare names (`if`, `let*`,
// `fn*`, `loop*`, `recur`, `do`, `quote`, `def`, `def*`, `letfn*`, `var`).
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "core/value.h"

namespace batuta {

class ExpandContext {
 public:
  virtual ~ExpandContext() = default;

  // A symbol no user code can have written: `prefix__17__auto__`.
  virtual Value gensym(std::string_view prefix) = 0;

  // What syntax-quote makes of a symbol: special forms stay bare;
  // a symbol naming a var (directly, referred or through an alias) becomes
  // that var's `ns/name`; anything else is qualified with the current
  // namespace (`user/foo`). Symbols ending in `#` are the expander's job
  // (auto-gensym), never passed here.
  virtual Value qualify_symbol(const Value& sym) = 0;

  // An error positioned at `form` (or at the nearest enclosing form that
  // has a position): "file:line:column: message".
  virtual Error error_at(const Value& form, std::string message) = 0;

  // True when `sym` names a local in scope where the macro call is, or a
  // var it resolves to. The query macros use it: a bare symbol that names
  // nothing is a column. Contexts that track no scopes say false.
  virtual bool is_bound(const Value& sym) {
    (void)sym;
    return false;
  }
  // True when `sym` names a local in scope where the macro call is (a
  // local shadows a var of the same name). `match` tests a local subject
  // in place instead of copying it. Contexts that track no scopes say false.
  virtual bool is_local(const Value& sym) {
    (void)sym;
    return false;
  }

  // Gives `to` (a form the expander built) the position of `from`, so
  // errors inside the expansion point at the user's source.
  virtual void copy_position(const Value& from, const Value& to) = 0;
};

// An expander: the whole macro call form in, its expansion out.
using CoreMacroFn = Result<Value> (*)(const Value& form, ExpandContext& cx);

}  // namespace batuta
