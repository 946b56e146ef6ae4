// native_numbers.cpp: arithmetic, numeric comparison, numeric predicates,
// conversions, random numbers and bit operations. The arithmetic itself is
// core's (core/number.h); these wrap it with Clojure's variadic shapes.
#include <chrono>
#include <cmath>
#include <random>

#include "core/instant.h"
#include "core/number.h"
// numerator/denominator read a Ratio's parts; number.h has no accessor for
// them yet (see the lib report).
#include "core/number_internal.h"
#include "core/platform.h"
#include "core/printer.h"
#include "lib/native_util.h"
#include "lib/natives.h"

namespace batuta {

using lib::expected;
using lib::op_name;

namespace {

using BinaryOp = Result<Value> (*)(const Value&, const Value&);

Result<Value> fold(std::span<const Value> args, Value acc, size_t from, BinaryOp op) {
  for (size_t i = from; i < args.size(); ++i) {
    Result<Value> r = op(acc, args[i]);
    if (!r) return r;
    acc = std::move(r.value());
  }
  return acc;
}

Result<Value> check_number(VmContext& ctx, const Value& v) {
  if (!is_number(v)) return expected(op_name(ctx), "a number", v);
  return v;
}

bool is_nan(const Value& v) { return v.is_double() && std::isnan(v.as_double()); }

// Chained comparison: every adjacent pair satisfies `holds` (NaN never
// compares true, as in Clojure). Instants order chronologically: when the
// first argument is an instant, all must be.
Result<Value> chain(VmContext& ctx, std::span<const Value> args, bool (*holds)(int)) {
  if (is_instant(args[0])) {
    for (const Value& a : args)
      if (!is_instant(a)) return expected(op_name(ctx), "an instant", a);
    for (size_t i = 0; i + 1 < args.size(); ++i) {
      int64_t a = instant_micros(args[i]), b = instant_micros(args[i + 1]);
      if (!holds(a < b ? -1 : a > b ? 1 : 0)) return Value::boolean(false);
    }
    return Value::boolean(true);
  }
  for (const Value& a : args)
    if (!is_number(a)) return expected(op_name(ctx), "a number", a);
  for (size_t i = 0; i + 1 < args.size(); ++i) {
    if (is_nan(args[i]) || is_nan(args[i + 1])) return Value::boolean(false);
    if (!holds(compare_numbers(args[i], args[i + 1]))) return Value::boolean(false);
  }
  return Value::boolean(true);
}

Result<int> sign_of(VmContext& ctx, const Value& v) {
  if (!is_number(v)) return expected(op_name(ctx), "a number", v);
  if (is_nan(v)) return 2;  // neither zero, positive nor negative
  return compare_numbers(v, Value::fixnum(0));
}

Result<Value> parity(VmContext& ctx, const Value& v, bool want_even) {
  if (v.is_fixnum()) return Value::boolean(((v.as_fixnum() & 1) == 0) == want_even);  // the common case, no division
  if (!is_integer(v)) return expected(op_name(ctx), "an integer", v);
  Result<Value> r = rem(v, Value::fixnum(2));
  if (!r) return r;
  bool even = r.value().is_fixnum() && r.value().as_fixnum() == 0;
  return Value::boolean(even == want_even);
}

std::mt19937_64& rng() {
  static BATUTA_THREAD_LOCAL std::mt19937_64 engine(
      static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) ^ 0x9E3779B97F4A7C15ull);
  return engine;
}

Result<Value> bit_fold(VmContext& ctx, std::span<const Value> args, int64_t (*op)(int64_t, int64_t)) {
  Result<int64_t> acc = lib::int_arg(ctx, args[0]);
  if (!acc) return acc.take_error();
  int64_t x = acc.value();
  for (size_t i = 1; i < args.size(); ++i) {
    Result<int64_t> y = lib::int_arg(ctx, args[i]);
    if (!y) return y.take_error();
    x = op(x, y.value());
  }
  return make_integer(x);
}

Result<int64_t> shift_count(VmContext& ctx, const Value& v) {
  Result<int64_t> n = lib::int_arg(ctx, v);
  if (!n) return n;
  if (n.value() < 0) {
    return make_error(ErrorKind::InvalidArgument,
                      std::string(op_name(ctx)) + ": shift count must not be negative, got " + pr_str(v));
  }
  return n;
}

}  // namespace

Result<Value> n_add(VmContext& ctx, std::span<const Value> args) {
  if (args.size() == 1) return check_number(ctx, args[0]);
  return fold(args, Value::fixnum(0), 0, &add);
}

Result<Value> n_subtract(VmContext&, std::span<const Value> args) {
  if (args.size() == 1) return negate(args[0]);
  return fold(args, args[0], 1, &subtract);
}

Result<Value> n_multiply(VmContext& ctx, std::span<const Value> args) {
  if (args.size() == 1) return check_number(ctx, args[0]);
  return fold(args, Value::fixnum(1), 0, &multiply);
}

Result<Value> n_divide(VmContext&, std::span<const Value> args) {
  if (args.size() == 1) return divide(Value::fixnum(1), args[0]);
  return fold(args, args[0], 1, &divide);
}

Result<Value> n_quot(VmContext&, std::span<const Value> args) { return quot(args[0], args[1]); }
Result<Value> n_rem(VmContext&, std::span<const Value> args) { return rem(args[0], args[1]); }
Result<Value> n_mod(VmContext&, std::span<const Value> args) { return mod(args[0], args[1]); }

Result<Value> n_inc(VmContext& ctx, std::span<const Value> args) {
  if (!is_number(args[0])) return expected(op_name(ctx), "a number", args[0]);
  return add(args[0], Value::fixnum(1));
}

Result<Value> n_dec(VmContext& ctx, std::span<const Value> args) {
  if (!is_number(args[0])) return expected(op_name(ctx), "a number", args[0]);
  return subtract(args[0], Value::fixnum(1));
}

namespace {

// max/min: a NaN argument makes the result NaN (as Clojure's do).
Result<Value> extremum(VmContext& ctx, std::span<const Value> args, int want) {
  for (const Value& a : args)
    if (!is_number(a)) return expected(op_name(ctx), "a number", a);
  Value best = args[0];
  for (size_t i = 1; i < args.size(); ++i) {
    if (is_nan(best)) break;
    if (is_nan(args[i]) || compare_numbers(args[i], best) * want > 0) best = args[i];
  }
  return best;
}

}  // namespace

Result<Value> n_max(VmContext& ctx, std::span<const Value> args) { return extremum(ctx, args, 1); }
Result<Value> n_min(VmContext& ctx, std::span<const Value> args) { return extremum(ctx, args, -1); }

Result<Value> n_abs(VmContext& ctx, std::span<const Value> args) {
  Result<int> s = sign_of(ctx, args[0]);
  if (!s) return s.take_error();
  if (args[0].is_double()) return Value::from_double(std::fabs(args[0].as_double()));
  return s.value() < 0 ? negate(args[0]) : Result<Value>(args[0]);
}

Result<Value> n_num_equiv(VmContext& ctx, std::span<const Value> args) {
  for (const Value& a : args)
    if (!is_number(a)) return expected(op_name(ctx), "a number", a);
  for (size_t i = 0; i + 1 < args.size(); ++i) {
    Result<bool> r = numbers_equivalent(args[i], args[i + 1]);
    if (!r) return r.take_error();
    if (!r.value()) return Value::boolean(false);
  }
  return Value::boolean(true);
}

Result<Value> n_lt(VmContext& ctx, std::span<const Value> args) {
  return chain(ctx, args, [](int c) { return c < 0; });
}
Result<Value> n_gt(VmContext& ctx, std::span<const Value> args) {
  return chain(ctx, args, [](int c) { return c > 0; });
}
Result<Value> n_le(VmContext& ctx, std::span<const Value> args) {
  return chain(ctx, args, [](int c) { return c <= 0; });
}
Result<Value> n_ge(VmContext& ctx, std::span<const Value> args) {
  return chain(ctx, args, [](int c) { return c >= 0; });
}

Result<Value> n_zero_p(VmContext& ctx, std::span<const Value> args) {
  Result<int> s = sign_of(ctx, args[0]);
  if (!s) return s.take_error();
  return Value::boolean(s.value() == 0);
}
Result<Value> n_pos_p(VmContext& ctx, std::span<const Value> args) {
  Result<int> s = sign_of(ctx, args[0]);
  if (!s) return s.take_error();
  return Value::boolean(s.value() == 1);
}
Result<Value> n_neg_p(VmContext& ctx, std::span<const Value> args) {
  Result<int> s = sign_of(ctx, args[0]);
  if (!s) return s.take_error();
  return Value::boolean(s.value() == -1);
}
Result<Value> n_even_p(VmContext& ctx, std::span<const Value> args) { return parity(ctx, args[0], true); }
Result<Value> n_odd_p(VmContext& ctx, std::span<const Value> args) { return parity(ctx, args[0], false); }

Result<Value> n_number_p(VmContext&, std::span<const Value> args) { return Value::boolean(is_number(args[0])); }
Result<Value> n_integer_p(VmContext&, std::span<const Value> args) { return Value::boolean(is_integer(args[0])); }
Result<Value> n_float_p(VmContext&, std::span<const Value> args) { return Value::boolean(is_float(args[0])); }
Result<Value> n_ratio_p(VmContext&, std::span<const Value> args) { return Value::boolean(is_ratio(args[0])); }

Result<Value> n_int(VmContext& ctx, std::span<const Value> args) {
  const Value& x = args[0];
  if (x.is_char()) return Value::fixnum(static_cast<int64_t>(x.as_char()));
  if (is_integer(x)) return x;
  if (is_ratio(x)) {
    const auto* r = object_as<const Ratio>(x);
    return quot(r->num, r->den);
  }
  if (x.is_double()) {
    double d = std::trunc(x.as_double());
    if (std::isnan(d) || d < -9.2233720368547758e18 || d >= 9.2233720368547758e18) {
      return make_error(ErrorKind::ArithmeticError,
                        std::string(op_name(ctx)) + ": " + pr_str(x) + " is out of the integer range");
    }
    return make_integer(static_cast<int64_t>(d));
  }
  return expected(op_name(ctx), "a number or a character", x);
}

Result<Value> n_double(VmContext& ctx, std::span<const Value> args) {
  Result<double> d = to_double(args[0], op_name(ctx));
  if (!d) return d.take_error();
  return Value::from_double(d.value());
}

Result<Value> n_numerator(VmContext& ctx, std::span<const Value> args) {
  if (is_ratio(args[0])) return object_as<const Ratio>(args[0])->num;
  if (is_integer(args[0])) return args[0];
  return expected(op_name(ctx), "a ratio", args[0]);
}

Result<Value> n_denominator(VmContext& ctx, std::span<const Value> args) {
  if (is_ratio(args[0])) return object_as<const Ratio>(args[0])->den;
  if (is_integer(args[0])) return Value::fixnum(1);
  return expected(op_name(ctx), "a ratio", args[0]);
}

Result<Value> n_rand(VmContext& ctx, std::span<const Value> args) {
  double scale = 1.0;
  if (!args.empty()) {
    Result<double> d = to_double(args[0], op_name(ctx));
    if (!d) return d.take_error();
    scale = d.value();
  }
  std::uniform_real_distribution<double> dist(0.0, 1.0);
  return Value::from_double(dist(rng()) * scale);
}

Result<Value> n_rand_int(VmContext& ctx, std::span<const Value> args) {
  Result<int64_t> n = lib::int_arg(ctx, args[0]);
  if (!n) return n.take_error();
  if (n.value() <= 0) {
    return make_error(ErrorKind::InvalidArgument,
                      std::string(op_name(ctx)) + ": expected a positive bound, got " + pr_str(args[0]));
  }
  std::uniform_int_distribution<int64_t> dist(0, n.value() - 1);
  return make_integer(dist(rng()));
}

Result<Value> n_bit_and(VmContext& ctx, std::span<const Value> args) {
  return bit_fold(ctx, args, [](int64_t a, int64_t b) { return a & b; });
}
Result<Value> n_bit_or(VmContext& ctx, std::span<const Value> args) {
  return bit_fold(ctx, args, [](int64_t a, int64_t b) { return a | b; });
}
Result<Value> n_bit_xor(VmContext& ctx, std::span<const Value> args) {
  return bit_fold(ctx, args, [](int64_t a, int64_t b) { return a ^ b; });
}
Result<Value> n_bit_not(VmContext& ctx, std::span<const Value> args) {
  Result<int64_t> x = lib::int_arg(ctx, args[0]);
  if (!x) return x.take_error();
  return make_integer(~x.value());
}

// Integers never overflow silently, so a left shift is a multiplication by
// a power of two that may grow into a big integer.
Result<Value> n_bit_shift_left(VmContext& ctx, std::span<const Value> args) {
  if (!is_integer(args[0])) return expected(op_name(ctx), "an integer", args[0]);
  Result<int64_t> n = shift_count(ctx, args[1]);
  if (!n) return n.take_error();
  if (n.value() > 1'000'000) {
    return make_error(ErrorKind::InvalidArgument, std::string(op_name(ctx)) + ": shift count " +
                                                      std::to_string(n.value()) + " is too large");
  }
  Value x = args[0];
  for (int64_t left = n.value(); left > 0; left -= 48) {
    int step = left > 48 ? 48 : static_cast<int>(left);
    Result<Value> r = multiply(x, make_integer(int64_t{1} << step));
    if (!r) return r;
    x = std::move(r.value());
  }
  return x;
}

Result<Value> n_bit_shift_right(VmContext& ctx, std::span<const Value> args) {
  Result<int64_t> x = lib::int_arg(ctx, args[0]);
  if (!x) return x.take_error();
  Result<int64_t> n = shift_count(ctx, args[1]);
  if (!n) return n.take_error();
  int64_t s = n.value() > 63 ? 63 : n.value();
  return make_integer(x.value() >> s);
}

}  // namespace batuta
