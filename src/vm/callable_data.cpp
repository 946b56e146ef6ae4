// callable_data.cpp: see callable_data.h.
#include "vm/callable_data.h"

#include "core/collection.h"
#include "core/hash_set.h"
#include "core/map.h"
#include "core/printer.h"
#include "core/sorted_map.h"
#include "core/sorted_set.h"
#include "core/vector.h"
#include "vm/function.h"

namespace batuta {

namespace {

bool is_set_like(const Value& v) { return is_set(v) || is_sorted_set(v); }
bool is_map_like(const Value& v) { return is_map(v) || is_sorted_map(v); }

}  // namespace

bool is_callable_data(const Value& v) {
  return v.is_keyword() || is_map_like(v) || is_set_like(v) || is_vector(v);
}

Result<Value> invoke_data(const Value& callee, std::span<const Value> args) {
  if (callee.is_keyword()) {
    if (args.empty() || args.size() > 2) return arity_error(pr_str(callee), args.size(), Arity{1, 2, false});
    return get(args[0], callee, args.size() == 2 ? args[1] : Value());
  }
  if (is_map_like(callee)) {
    if (args.empty() || args.size() > 2) return arity_error("a map", args.size(), Arity{1, 2, false});
    return get(callee, args[0], args.size() == 2 ? args[1] : Value());
  }
  if (is_set_like(callee)) {
    if (args.size() != 1) return arity_error("a set", args.size(), Arity{1, 1, false});
    // (#{1 2} x) is the member itself, or nil.
    return get(callee, args[0], Value());
  }
  if (is_vector(callee)) {
    if (args.size() != 1) return arity_error("a vector", args.size(), Arity{1, 1, false});
    if (!args[0].is_fixnum())
      return make_error(ErrorKind::TypeError, "a vector called as a function needs an integer index, got " +
                                                  describe_value(args[0]));
    return nth(callee, args[0].as_fixnum());
  }
  return make_error(ErrorKind::TypeError, "can't call " + describe_value(callee) + ": it is not a function");
}

}  // namespace batuta
