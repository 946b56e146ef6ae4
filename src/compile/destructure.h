// destructure.h: Clojure's destructuring, down to plain `let*` bindings.
//
// A binding pattern is a symbol, a vector pattern or a map pattern, nested
// freely:
//   [a b & rest :as all]        positional; `& p` binds the rest, `:as` all
//   [a & {:keys [x]}]           keyword arguments: the rest as a map
//   {:keys [a b] :strs [c] :syms [d] :or {a 1} :as m}
//   {x :x y "y" [p q] :pair}    pattern -> lookup key
//   {:ns/keys [a]}              keys :ns/a (also `:keys [ns/a :ns/b]`)
// Each pattern becomes pairs `sym expr` for let*/loop*, with gensyms for
// the intermediate values, so every expression is evaluated exactly once:
//   [a b] v   =>   vec__1 v  a (batuta.core/nth vec__1 0 nil)
//                            b (batuta.core/nth vec__1 1 nil)
// Lookups use batuta.core/nth (3 arguments, nil default), nthnext, get
// (3 arguments when :or gives a default) and apply/hash-map for keyword
// arguments. Errors use Clojure's wording (`Unsupported binding form: 5`).
#pragma once

#include "compile/expand_context.h"
#include "compile/macros_util.h"

namespace batuta::macros {

// A vector or map pattern (anything but a plain symbol).
bool is_destructuring_pattern(const Value& pattern);

// Appends to `out` the plain pairs binding `pattern` to the value of
// `value`. `where` positions errors about immediates (symbols, numbers),
// which carry no position of their own.
Result<bool> destructure(const Value& pattern, Value value, ExpandContext& cx, const Value& where, Forms& out);

// A binding vector's elements [p1 v1 p2 v2 ...] (an even number; the
// caller checks and words that error) as plain pairs.
Result<Forms> destructure_bindings(const Forms& pairs, ExpandContext& cx, const Value& where);

}  // namespace batuta::macros
