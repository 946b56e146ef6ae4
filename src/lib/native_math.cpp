// native_math.cpp: batuta.math, Clojure's clojure.math (java.lang.Math):
// functions of doubles that take any number and return a float, except
// round, which returns an integer, as Clojure's does. The constants PI and
// E are vars that install_natives defines (natives.cpp).
#include <cmath>
#include <string>

#include "core/number.h"
#include "core/printer.h"
#include "lib/native_util.h"
#include "lib/natives.h"

namespace batuta {

namespace {

Result<double> number_arg(VmContext& ctx, const Value& v) {
  if (!is_number(v)) return lib::expected(lib::op_name(ctx), "a number", v);
  return to_double(v, lib::op_name(ctx));
}

Result<Value> unary(VmContext& ctx, std::span<const Value> args, double (*f)(double)) {
  Result<double> x = number_arg(ctx, args[0]);
  if (!x) return x.take_error();
  return Value::from_double(f(x.value()));
}

Result<Value> binary(VmContext& ctx, std::span<const Value> args, double (*f)(double, double)) {
  Result<double> x = number_arg(ctx, args[0]);
  if (!x) return x.take_error();
  Result<double> y = number_arg(ctx, args[1]);
  if (!y) return y.take_error();
  return Value::from_double(f(x.value(), y.value()));
}

double signum(double x) { return x > 0 ? 1.0 : x < 0 ? -1.0 : x; }  // keeps -0.0 and NaN

}  // namespace

// One line per function: the C library does the work.
#define BATUTA_MATH_UNARY(c_name, f) \
  Result<Value> c_name(VmContext& ctx, std::span<const Value> args) { return unary(ctx, args, f); }
#define BATUTA_MATH_BINARY(c_name, f) \
  Result<Value> c_name(VmContext& ctx, std::span<const Value> args) { return binary(ctx, args, f); }
BATUTA_MATH_UNARY(n_math_sqrt, [](double x) { return std::sqrt(x); })
BATUTA_MATH_UNARY(n_math_cbrt, [](double x) { return std::cbrt(x); })
BATUTA_MATH_UNARY(n_math_exp, [](double x) { return std::exp(x); })
BATUTA_MATH_UNARY(n_math_log, [](double x) { return std::log(x); })
BATUTA_MATH_UNARY(n_math_log10, [](double x) { return std::log10(x); })
BATUTA_MATH_UNARY(n_math_sin, [](double x) { return std::sin(x); })
BATUTA_MATH_UNARY(n_math_cos, [](double x) { return std::cos(x); })
BATUTA_MATH_UNARY(n_math_tan, [](double x) { return std::tan(x); })
BATUTA_MATH_UNARY(n_math_asin, [](double x) { return std::asin(x); })
BATUTA_MATH_UNARY(n_math_acos, [](double x) { return std::acos(x); })
BATUTA_MATH_UNARY(n_math_atan, [](double x) { return std::atan(x); })
BATUTA_MATH_UNARY(n_math_floor, [](double x) { return std::floor(x); })
BATUTA_MATH_UNARY(n_math_ceil, [](double x) { return std::ceil(x); })
BATUTA_MATH_UNARY(n_math_signum, signum)
BATUTA_MATH_BINARY(n_math_pow, [](double x, double y) { return std::pow(x, y); })
BATUTA_MATH_BINARY(n_math_atan2, [](double y, double x) { return std::atan2(y, x); })
BATUTA_MATH_BINARY(n_math_hypot, [](double x, double y) { return std::hypot(x, y); })
#undef BATUTA_MATH_UNARY
#undef BATUTA_MATH_BINARY

// Halves round up (toward positive infinity), as Java's Math.round; the
// result is an integer. Outside the 64-bit range (NaN included) it is an
// error, as int's is.
Result<Value> n_math_round(VmContext& ctx, std::span<const Value> args) {
  Result<double> x = number_arg(ctx, args[0]);
  if (!x) return x.take_error();
  double r = std::floor(x.value() + 0.5);
  if (std::isnan(r) || r < -9.2233720368547758e18 || r >= 9.2233720368547758e18) {
    return make_error(ErrorKind::ArithmeticError, std::string(lib::op_name(ctx)) + ": " + pr_str(args[0]) + " is out of the integer range");
  }
  return make_integer(static_cast<int64_t>(r));
}

}  // namespace batuta
