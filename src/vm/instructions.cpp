// instructions.cpp: the out-of-line slow paths of instructions_inline.h,
// shared by the interpreter and native code.
#include <string>

#include "core/collection.h"
#include "core/instant.h"
#include "core/printer.h"
#include "core/vector.h"
#include "vm/instructions_inline.h"

namespace batuta::vm_detail {

namespace {

// `<`, `<=`: numbers only; NaN compares false with everything.
Result<bool> numeric_less(const Value& a, const Value& b, bool or_equal, const char* op) {
  // Instants order chronologically (lib/native_time.cpp); this is the slow
  // path, after the fixnum and double cases failed.
  if (is_instant(a)) {
    if (!is_instant(b)) return make_error(ErrorKind::TypeError, std::string(op) + ": expected an instant, got " + describe_value(b));
    return or_equal ? instant_micros(a) <= instant_micros(b) : instant_micros(a) < instant_micros(b);
  }
  if (!is_number(a)) return make_error(ErrorKind::TypeError, std::string(op) + ": expected a number, got " + describe_value(a));
  if (!is_number(b)) return make_error(ErrorKind::TypeError, std::string(op) + ": expected a number, got " + describe_value(b));
  if ((a.is_double() && a.as_double() != a.as_double()) || (b.is_double() && b.as_double() != b.as_double())) return false;
  int c = compare_numbers(a, b);
  return or_equal ? c <= 0 : c < 0;
}

}  // namespace

bool arith_slow(ArithOp op, const Value& b, const Value& c, Value& out, Error& error) {
  Result<Value> r = op(b, c);
  if (!r) {
    error = r.take_error();
    return false;
  }
  out = std::move(r.value());
  return true;
}

// IsEven and TestEven off the fixnum path (instructions_inline.h).
bool parity_slow(const Value& v, uint32_t remainder, Value& out, Error& error) {
  if (!is_integer(v)) {
    error = make_error(ErrorKind::TypeError, std::string(remainder == 0 ? "even?" : "odd?") +
                                                 ": expected an integer, got " + describe_value(v));
    return false;
  }
  Result<Value> r = rem(v, Value::fixnum(2));
  if (!r) {
    error = r.take_error();
    return false;
  }
  bool is_even = r.value().is_fixnum() && r.value().as_fixnum() == 0;
  out = Value::boolean(is_even == (remainder == 0));
  return true;
}

bool compare_slow(const Value& less_lhs, const Value& less_rhs, bool or_equal, const char* name, Value& out,
                  Error& error) {
  Result<bool> r = numeric_less(less_lhs, less_rhs, or_equal, name);
  if (!r) {
    error = r.take_error();
    return false;
  }
  out = Value::boolean(r.value());
  return true;
}

bool arith_slow_or_fail(ArithOp op, const Value& b, const Value& c, Value& out) {
  Error ignored;
  return arith_slow(op, b, c, out, ignored);
}

bool compare_slow_or_fail(const Value& less_lhs, const Value& less_rhs, bool or_equal, const char* name,
                          Value& out) {
  Error ignored;
  return compare_slow(less_lhs, less_rhs, or_equal, name, out, ignored);
}

void make_closure_in(const Value& proto_value, const Value* R, const Value* U, Value& out) {
  const Proto* proto = object_as<const Proto>(proto_value);
  uint32_t n = static_cast<uint32_t>(proto->captures.size());
  Closure* closure = new_closure(proto_value, n);
  for (uint32_t i = 0; i < n; ++i) {
    CaptureSource src = proto->captures[i];
    closure->captures[i] = src.from_capture ? U[src.index] : R[src.index];
  }
  out = Value::adopt(closure);
}

void make_shared_closure(const Value& proto_value, const Closure* running, Value& out) {
  const Proto* proto = object_as<const Proto>(proto_value);
  uint32_t n = static_cast<uint32_t>(proto->captures.size());
  Closure* closure = new_closure(proto_value, n);
  for (uint32_t i = 0; i < n && i < running->num_captures; ++i) closure->captures[i] = running->captures[i];
  out = Value::adopt(closure);
}

void vector_element_k(const Value& coll, uint32_t i, Value& out) {
  Value x;
  if (is_vector(coll) && i < vector_count(coll)) x = vector_at(coll, i);
  out = std::move(x);
}

void get_k(const Value& coll, const Value& key, Value& out) {
  Value x = is_map(coll) ? map_get(coll, key) : get(coll, key);
  out = std::move(x);
}

}  // namespace batuta::vm_detail
