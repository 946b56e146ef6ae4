// callable_data.h: data called as a function, as in Clojure.
//
// `(:name m)`, `(m :name)`, `(#{1 2} 1)`, `([10 20] 1)` and `(#'f 1)` are
// calls whose callee is not a function. The dispatch loop sends every
// callee that is neither a Closure nor a Native here (its slow path); a
// var is dereferenced by the loop itself, so that the call still runs in
// the loop and may suspend.
#pragma once

#include <span>

#include "core/status.h"
#include "core/value.h"

namespace batuta {

// Keywords, maps, sets (hash and sorted) and vectors.
bool is_callable_data(const Value& v);

// The call's value; an arity error (`wrong number of arguments (3) passed
// to :name; it takes 1 or 2`) or a type error for a vector's index.
Result<Value> invoke_data(const Value& callee, std::span<const Value> args);

}  // namespace batuta
