// number.cpp: arithmetic, comparison and hashing across the numeric tower.
//
// Every binary operation classifies its operands into a representation rank
//   fixnum < big integer < ratio < float
// and computes in the higher of the two ranks (contagion): a float anywhere
// gives a float, else a ratio anywhere gives an exact fraction, else the
// integers are computed as fixnums or big integers. Exact results are always
// returned in canonical form (number_internal.h), which is what lets `=` and
// hash treat each representation separately.
#include <algorithm>
#include <cmath>

#include "core/equality.h"
#include "core/number_internal.h"
#include "core/printer.h"

namespace batuta {

namespace {

enum class Rep : uint8_t { Fixnum, Big, Ratio, Float, NotNumber };

Rep rep_of(const Value& v) {
  if (v.is_fixnum()) return Rep::Fixnum;
  if (v.is_double()) return Rep::Float;
  if (v.is_object()) {
    Kind k = v.as_object()->kind;
    if (k == Kind::BigInt) return Rep::Big;
    if (k == Kind::Ratio) return Rep::Ratio;
  }
  return Rep::NotNumber;
}


Error expected(std::string_view op, const char* what, const Value& got) {
  return make_error(ErrorKind::TypeError, std::string(op) + ": expected " + what + ", got " + describe_value(got));
}

Error not_a_number(std::string_view op, Rep ra, const Value& a, const Value& b) {
  return expected(op, "a number", ra == Rep::NotNumber ? a : b);
}

Error division_by_zero(std::string_view op) {
  return make_error(ErrorKind::ArithmeticError, std::string(op) + ": division by zero");
}

// The only exact zero is the fixnum 0 (canonical forms; a ratio is never 0).
bool is_exact_zero(const Value& v) { return v.is_fixnum() && v.as_fixnum() == 0; }

bool is_negative_big(const Value& v) { return bigint_value(v) < 0; }

double double_of(const Value& v, Rep r) {
  switch (r) {
    case Rep::Fixnum:
      return static_cast<double>(v.as_fixnum());  // exact: |fixnum| < 2^53
    case Rep::Float:
      return v.as_double();
    case Rep::Big:
      return big_to_double(bigint_value(v));
    case Rep::Ratio:
      return ratio_to_double(*BigView(as_ratio(v)->num), *BigView(as_ratio(v)->den));
    case Rep::NotNumber:
      break;
  }
  return 0.0;
}

// An exact number (integer or ratio) as a fraction num/den, den > 0.
struct Fraction {
  BigInteger num;
  BigInteger den;
};

Fraction fraction_of(const Value& v) {
  if (is_ratio(v)) return {*BigView(as_ratio(v)->num), *BigView(as_ratio(v)->den)};
  return {*BigView(v), BigInteger(1)};
}

int sign_of_compare(int c) { return c < 0 ? -1 : c > 0 ? 1 : 0; }

template <class T>
int three_way(const T& x, const T& y) {
  return x < y ? -1 : y < x ? 1 : 0;
}

BigInteger power_of_two(unsigned e) { return BigInteger(1) << e; }

// Exact order of two exact numbers.
int compare_exact(const Value& a, Rep ra, const Value& b, Rep rb) {
  if (ra == Rep::Fixnum && rb == Rep::Fixnum) return three_way(a.as_fixnum(), b.as_fixnum());
  if (ra != Rep::Ratio && rb != Rep::Ratio) {
    // A big integer lies outside the fixnum range, so its sign alone orders
    // it against any fixnum.
    if (ra == Rep::Fixnum) return is_negative_big(b) ? 1 : -1;
    if (rb == Rep::Fixnum) return is_negative_big(a) ? -1 : 1;
    return sign_of_compare(bigint_value(a).compare(bigint_value(b)));
  }
  Fraction x = fraction_of(a), y = fraction_of(b);
  return three_way(BigInteger(x.num * y.den), BigInteger(y.num * x.den));
}

// Exact order of an exact number x and a double d that is not NaN. Doubles
// are dyadic rationals, so the comparison is done in exact arithmetic rather
// than by rounding x (which would make 2^53+1 equal to 2^53 as a double).
int compare_exact_with_double(const Value& x, Rep rx, double d) {
  if (std::isinf(d)) return d > 0 ? -1 : 1;
  if (rx == Rep::Fixnum) return three_way(static_cast<double>(x.as_fixnum()), d);  // exact conversion
  if (rx == Rep::Big && std::fabs(d) < 0x1p49) return is_negative_big(x) ? -1 : 1;
  int e = 0;
  double frac = std::frexp(d, &e);  // d = frac * 2^e, 0.5 <= |frac| < 1 (frac = 0 for zero)
  BigInteger m(static_cast<int64_t>(std::ldexp(frac, 53)));
  e -= 53;  // now d = m * 2^e exactly
  Fraction f = fraction_of(x);
  // x.num / x.den <=> m * 2^e   <=>   x.num * 2^-e <=> m * x.den (den > 0)
  BigInteger lhs = f.num, rhs = m * f.den;
  if (e >= 0) {
    rhs *= power_of_two(static_cast<unsigned>(e));
  } else {
    lhs *= power_of_two(static_cast<unsigned>(-e));
  }
  return three_way(lhs, rhs);
}

Value negate_integer(const Value& v) {
  if (v.is_fixnum()) return make_integer(-v.as_fixnum());
  return integer_from_big(BigInteger(-bigint_value(v)));
}

// rem and quot of exact numbers with a non-zero divisor, rank >= Big.
Value exact_quot(const Value& a, const Value& b, Rep r) {
  if (r == Rep::Big) {
    BigInteger q, rem;
    boost::multiprecision::divide_qr(*BigView(a), *BigView(b), q, rem);
    return integer_from_big(std::move(q));
  }
  Fraction x = fraction_of(a), y = fraction_of(b);
  // cpp_int's division truncates toward zero, as quot does.
  return integer_from_big(BigInteger((x.num * y.den) / (x.den * y.num)));
}

Value exact_rem(const Value& a, const Value& b, Rep r) {
  if (r == Rep::Big) {
    BigInteger q, rem;
    boost::multiprecision::divide_qr(*BigView(a), *BigView(b), q, rem);  // rem takes the dividend's sign
    return integer_from_big(std::move(rem));
  }
  // x - trunc(x/y)*y = (xn*yd - q*yn*xd) / (xd*yd)
  Fraction x = fraction_of(a), y = fraction_of(b);
  BigInteger q = (x.num * y.den) / (x.den * y.num);
  return ratio_from_big(x.num * y.den - q * y.num * x.den, x.den * y.den);
}

int exact_sign(const Value& v) {
  if (v.is_fixnum()) return sign_of_compare(v.as_fixnum() > 0 ? 1 : v.as_fixnum() < 0 ? -1 : 0);
  if (is_bigint(v)) return is_negative_big(v) ? -1 : 1;
  return exact_sign(as_ratio(v)->num);
}

// Clojure's double rem is n - trunc(n/d)*d, whose zero is +0.0 unless n is
// -0.0; fmod is the exact remainder, with its zero's sign fixed to match.
double float_rem(double n, double d) {
  double m = std::fmod(n, d);
  if (m == 0) m = (n == 0) ? n : 0.0;
  return m;
}

}  // namespace

// --- classification ---------------------------------------------------------

bool is_number(const Value& v) { return rep_of(v) != Rep::NotNumber; }
bool is_integer(const Value& v) { return v.is_fixnum() || is_bigint(v); }

// --- arithmetic -------------------------------------------------------------

Result<Value> add(const Value& a, const Value& b) {
  Value out;
  if (add_fixnums(a, b, out)) return out;
  if (a.is_double() && b.is_double()) return Value::from_double(a.as_double() + b.as_double());
  Rep ra = rep_of(a), rb = rep_of(b);
  if (ra == Rep::NotNumber || rb == Rep::NotNumber) return not_a_number("+", ra, a, b);
  switch (std::max(ra, rb)) {
    case Rep::Fixnum:
      return make_integer(a.as_fixnum() + b.as_fixnum());  // fits int64: |operands| < 2^49
    case Rep::Big:
      return integer_from_big(*BigView(a) + *BigView(b));
    case Rep::Ratio: {
      Fraction x = fraction_of(a), y = fraction_of(b);
      return ratio_from_big(x.num * y.den + y.num * x.den, x.den * y.den);
    }
    default:
      return Value::from_double(double_of(a, ra) + double_of(b, rb));
  }
}

Result<Value> subtract(const Value& a, const Value& b) {
  Value out;
  if (subtract_fixnums(a, b, out)) return out;
  if (a.is_double() && b.is_double()) return Value::from_double(a.as_double() - b.as_double());
  Rep ra = rep_of(a), rb = rep_of(b);
  if (ra == Rep::NotNumber || rb == Rep::NotNumber) return not_a_number("-", ra, a, b);
  switch (std::max(ra, rb)) {
    case Rep::Fixnum:
      return make_integer(a.as_fixnum() - b.as_fixnum());
    case Rep::Big:
      return integer_from_big(*BigView(a) - *BigView(b));
    case Rep::Ratio: {
      Fraction x = fraction_of(a), y = fraction_of(b);
      return ratio_from_big(x.num * y.den - y.num * x.den, x.den * y.den);
    }
    default:
      return Value::from_double(double_of(a, ra) - double_of(b, rb));
  }
}

Result<Value> multiply(const Value& a, const Value& b) {
  Value out;
  if (multiply_fixnums(a, b, out)) return out;
  if (a.is_double() && b.is_double()) return Value::from_double(a.as_double() * b.as_double());
  Rep ra = rep_of(a), rb = rep_of(b);
  if (ra == Rep::NotNumber || rb == Rep::NotNumber) return not_a_number("*", ra, a, b);
  switch (std::max(ra, rb)) {
    case Rep::Fixnum: {
      int64_t r;
      if (!__builtin_mul_overflow(a.as_fixnum(), b.as_fixnum(), &r)) return make_integer(r);
      return integer_from_big(BigInteger(a.as_fixnum()) * b.as_fixnum());
    }
    case Rep::Big:
      return integer_from_big(*BigView(a) * *BigView(b));
    case Rep::Ratio: {
      Fraction x = fraction_of(a), y = fraction_of(b);
      return ratio_from_big(x.num * y.num, x.den * y.den);
    }
    default:
      return Value::from_double(double_of(a, ra) * double_of(b, rb));
  }
}

Result<Value> divide(const Value& a, const Value& b) {
  if (a.is_double() && b.is_double()) return Value::from_double(a.as_double() / b.as_double());
  Rep ra = rep_of(a), rb = rep_of(b);
  if (ra == Rep::NotNumber || rb == Rep::NotNumber) return not_a_number("/", ra, a, b);
  Rep r = std::max(ra, rb);
  // Floats divide by zero as IEEE says (##Inf, ##NaN), as Clojure's doubles do.
  if (r == Rep::Float) return Value::from_double(double_of(a, ra) / double_of(b, rb));
  if (is_exact_zero(b)) return division_by_zero("/");
  if (r == Rep::Fixnum) {
    int64_t x = a.as_fixnum(), y = b.as_fixnum();
    if (x % y == 0) return make_integer(x / y);  // int64 holds -2^49 / -1
    return ratio_from_int64(x, y);
  }
  if (r == Rep::Big) return ratio_from_big(*BigView(a), *BigView(b));
  Fraction x = fraction_of(a), y = fraction_of(b);
  return ratio_from_big(x.num * y.den, x.den * y.num);
}

Result<Value> quot(const Value& a, const Value& b) {
  Rep ra = rep_of(a), rb = rep_of(b);
  if (ra == Rep::NotNumber || rb == Rep::NotNumber) return not_a_number("quot", ra, a, b);
  Rep r = std::max(ra, rb);
  if (r == Rep::Float) {
    double d = double_of(b, rb);
    if (d == 0) return division_by_zero("quot");
    return Value::from_double(std::trunc(double_of(a, ra) / d) + 0.0);  // + 0.0: Clojure gives 0.0, not -0.0
  }
  if (is_exact_zero(b)) return division_by_zero("quot");
  if (r == Rep::Fixnum) return make_integer(a.as_fixnum() / b.as_fixnum());  // C++ truncates toward zero
  return exact_quot(a, b, r);
}

Result<Value> rem(const Value& a, const Value& b) {
  Rep ra = rep_of(a), rb = rep_of(b);
  if (ra == Rep::NotNumber || rb == Rep::NotNumber) return not_a_number("rem", ra, a, b);
  Rep r = std::max(ra, rb);
  if (r == Rep::Float) {
    double d = double_of(b, rb);
    if (d == 0) return division_by_zero("rem");
    return Value::from_double(float_rem(double_of(a, ra), d));
  }
  if (is_exact_zero(b)) return division_by_zero("rem");
  if (r == Rep::Fixnum) return Value::fixnum(a.as_fixnum() % b.as_fixnum());  // C++: sign of the dividend
  return exact_rem(a, b, r);
}

Result<Value> mod(const Value& a, const Value& b) {
  // Clojure: (let [m (rem a b)] (if (or (zero? m) (= (pos? a) (pos? b))) m (+ m b)))
  Rep ra = rep_of(a), rb = rep_of(b);
  if (ra == Rep::NotNumber || rb == Rep::NotNumber) return not_a_number("mod", ra, a, b);
  Rep r = std::max(ra, rb);
  if (r == Rep::Float) {
    double d = double_of(b, rb);
    if (d == 0) return division_by_zero("mod");
    double m = float_rem(double_of(a, ra), d);
    if (m != 0 && (m < 0) != (d < 0)) m += d;
    return Value::from_double(m);
  }
  if (is_exact_zero(b)) return division_by_zero("mod");
  if (r == Rep::Fixnum) {
    int64_t y = b.as_fixnum(), m = a.as_fixnum() % y;
    if (m != 0 && (m < 0) != (y < 0)) m += y;
    return Value::fixnum(m);  // |m| < |y|
  }
  Value m = exact_rem(a, b, r);
  if (is_exact_zero(m) || exact_sign(m) == exact_sign(b)) return m;
  return add(m, b);
}

Result<Value> negate(const Value& a) {
  switch (rep_of(a)) {
    case Rep::Fixnum:
      return make_integer(-a.as_fixnum());  // -(-2^49) is a big integer
    case Rep::Float:
      return Value::from_double(-a.as_double());
    case Rep::Big:
      return negate_integer(a);
    case Rep::Ratio:
      return make_ratio_object(negate_integer(as_ratio(a)->num), as_ratio(a)->den);
    case Rep::NotNumber:
      break;
  }
  return expected("-", "a number", a);
}

// --- comparison and hashing -------------------------------------------------

Result<bool> numbers_equivalent(const Value& a, const Value& b) {
  Rep ra = rep_of(a), rb = rep_of(b);
  if (ra == Rep::NotNumber || rb == Rep::NotNumber) return not_a_number("==", ra, a, b);
  if ((ra == Rep::Float && std::isnan(a.as_double())) || (rb == Rep::Float && std::isnan(b.as_double()))) return false;
  return compare_numbers(a, b) == 0;
}

int compare_numbers(const Value& a, const Value& b) {
  if (a.both_fixnum(b)) return three_way(a.as_fixnum(), b.as_fixnum());
  Rep ra = rep_of(a), rb = rep_of(b);
  if (ra == Rep::Float || rb == Rep::Float) {
    bool nan_a = ra == Rep::Float && std::isnan(a.as_double());
    bool nan_b = rb == Rep::Float && std::isnan(b.as_double());
    if (nan_a || nan_b) return nan_a == nan_b ? 0 : nan_a ? 1 : -1;  // NaN after every number
    if (ra == Rep::Float && rb == Rep::Float) return three_way(a.as_double(), b.as_double());
    if (ra == Rep::Float) return -compare_exact_with_double(b, rb, a.as_double());
    return compare_exact_with_double(a, ra, b.as_double());
  }
  return compare_exact(a, ra, b, rb);
}

uint64_t hash_number(const Value& v) {
  switch (rep_of(v)) {
    case Rep::Fixnum:
      return mix_hash(static_cast<uint64_t>(v.as_fixnum()) ^ kFixnumHashSeed);
    case Rep::Float: {
      double d = v.as_double();
      if (d == 0) d = 0.0;  // -0.0 = 0.0, so they hash alike
      return mix_hash(std::bit_cast<uint64_t>(d) ^ kFloatHashSeed);
    }
    case Rep::Big:
      return hash_bigint(bigint_value(v));
    case Rep::Ratio:
      return hash_ratio(as_ratio(v));
    case Rep::NotNumber:
      break;
  }
  return hash(v);
}

// --- conversions ------------------------------------------------------------

Result<int64_t> to_int64(const Value& v, std::string_view op) {
  if (v.is_fixnum()) return v.as_fixnum();
  if (is_bigint(v)) {
    if (big_fits_int64(bigint_value(v))) return big_to_int64(bigint_value(v));
    return make_error(ErrorKind::ArithmeticError,
                      std::string(op) + ": integer " + pr_str_abbreviated(v) + " does not fit in 64 bits");
  }
  return expected(op, "an integer", v);
}

Result<double> to_double(const Value& v, std::string_view op) {
  Rep r = rep_of(v);
  if (r == Rep::NotNumber) return expected(op, "a number", v);
  return double_of(v, r);
}

}  // namespace batuta
