// macros_binding.h: the binding builders other expanders reuse (defn builds
// its fn* with build_fn; for, doseq and the if-let family bind with
// make_let).
#pragma once

#include <span>
#include <string_view>

#include "compile/expand_context.h"
#include "compile/macros_util.h"

namespace batuta::macros {

// (let* [plain pairs] body...) from pattern/value pairs that may
// destructure. `where` positions errors and the let* form.
Result<Value> make_let(const Forms& pairs, std::span<const Value> body, ExpandContext& cx, const Value& where);

// The fn* form for `(fn name? arities...)`, given the name (a symbol or
// nil) and the forms after it: `[params] body...` or `([params] body...)...`.
// `who` names the macro in error messages ("fn", "defn"...).
Result<Value> build_fn(const Value& name, const Forms& tail, ExpandContext& cx, const Value& where,
                       std::string_view who);

// Checks that element `index` of `call` is a binding vector, with an even
// number of forms (exactly two when `exactly_two`), and returns its
// elements. Errors in Clojure's words: "let requires a vector for its
// binding", "let requires an even number of forms in the binding vector",
// "if-let requires exactly 2 forms in the binding vector".
Result<Forms> binding_vector(const Forms& call, size_t index, bool exactly_two, ExpandContext& cx, const Value& form);

}  // namespace batuta::macros
