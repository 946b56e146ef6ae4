// ratio.cpp: the Ratio kind (exact fractions) and its normal form. See
// number_internal.h for the invariants; arithmetic on ratios is in number.cpp.
#include <cmath>
#include <new>
#include <numeric>

#include "core/equality.h"
#include "core/number_internal.h"
#include "core/printer.h"

namespace batuta {

namespace {

void ratio_visit(Object* o, ChildVisitor visit) {
  auto* r = static_cast<Ratio*>(o);
  visit(r->num);
  visit(r->den);
}

void ratio_destroy(Object* o) {
  static_cast<Ratio*>(o)->~Ratio();
  free_bytes(o, sizeof(Ratio));
}

// Normal forms are unique, so equal ratios have equal parts.
bool ratio_equals(const Object* a, const Value& b) {
  if (!is_ratio(b)) return false;
  const auto* x = static_cast<const Ratio*>(a);
  const Ratio* y = as_ratio(b);
  return equals(x->num, y->num) && equals(x->den, y->den);
}

uint64_t ratio_hash(const Object* o) { return hash_ratio(static_cast<const Ratio*>(o)); }

void ratio_print(const Object* o, Printer& p) {
  const auto* r = static_cast<const Ratio*>(o);
  print_number(r->num, p);
  p.write('/');
  print_number(r->den, p);
}

int ratio_compare(const Object* a, const Object* b) {
  return compare_numbers(Value::share(const_cast<Object*>(a)), Value::share(const_cast<Object*>(b)));
}

}  // namespace

const KindOps kRatioOps = {ratio_visit, ratio_destroy, ratio_equals, ratio_hash, ratio_print, ratio_compare};

bool is_ratio(const Value& v) { return is_kind(v, Kind::Ratio); }

Value make_ratio_object(Value num, Value den) {
  void* mem = allocate_bytes(sizeof(Ratio));
  return Value::adopt(new (mem) Ratio(std::move(num), std::move(den)));
}

namespace {

// The general normal form; ratio_from_big and ratio_from_int64 delegate here
// for parts that word arithmetic cannot handle.
Value normalise_big(BigInteger num, BigInteger den) {
  if (den < 0) {
    num = -num;
    den = -den;
  }
  if (num == 0) return Value::fixnum(0);
  BigInteger g = boost::multiprecision::gcd(num, den);  // > 0: both non-zero
  if (g != 1) {
    num /= g;
    den /= g;
  }
  if (den == 1) return integer_from_big(std::move(num));
  return make_ratio_object(integer_from_big(std::move(num)), integer_from_big(std::move(den)));
}

}  // namespace

Value ratio_from_int64(int64_t num, int64_t den) {
  // Negating INT64_MIN would overflow.
  if (num == INT64_MIN || den == INT64_MIN) return normalise_big(BigInteger(num), BigInteger(den));
  if (den < 0) {
    num = -num;
    den = -den;
  }
  int64_t g = std::gcd(num, den);  // > 0 because den != 0
  num /= g;
  den /= g;
  if (den == 1) return make_integer(num);
  return make_ratio_object(make_integer(num), make_integer(den));
}

Value ratio_from_big(BigInteger num, BigInteger den) {
  if (big_fits_int64(num) && big_fits_int64(den)) return ratio_from_int64(big_to_int64(num), big_to_int64(den));
  return normalise_big(std::move(num), std::move(den));
}

Result<Value> make_ratio(const Value& num, const Value& den) {
  if (!is_integer(num) || !is_integer(den)) {
    const Value& bad = is_integer(num) ? den : num;
    return make_error(ErrorKind::TypeError, "make-ratio: expected an integer, got " + describe_value(bad));
  }
  if (den.is_fixnum() && den.as_fixnum() == 0) {
    return make_error(ErrorKind::ArithmeticError, "make-ratio: division by zero");
  }
  if (num.both_fixnum(den)) return ratio_from_int64(num.as_fixnum(), den.as_fixnum());
  return ratio_from_big(*BigView(num), *BigView(den));
}

double ratio_to_double(const BigInteger& num, const BigInteger& den) {
  constexpr int64_t kExact = int64_t{1} << 53;  // every integer below this is a double
  if (big_fits_int64(num) && big_fits_int64(den)) {
    int64_t n = big_to_int64(num), d = big_to_int64(den);
    // One IEEE division of two exact operands is correctly rounded.
    if (n > -kExact && n < kExact && d < kExact) return static_cast<double>(n) / static_cast<double>(d);
  }
  if (num == 0) return 0.0;
  // Scale so that the integer quotient has 65 or 66 significant bits, then
  // fold a non-zero remainder into a sticky bit below them: big_to_double
  // then rounds exactly as the infinitely precise quotient would.
  // (Quotients in the subnormal range are rounded twice; they are far below
  // anything a program writes as a ratio.)
  BigInteger mag = boost::multiprecision::abs(num);
  int shift = 65 - (static_cast<int>(big_bit_length(mag)) - static_cast<int>(big_bit_length(den)));
  BigInteger q, r;
  if (shift >= 0) {
    boost::multiprecision::divide_qr(BigInteger(mag << shift), den, q, r);
  } else {
    boost::multiprecision::divide_qr(mag, BigInteger(den << -shift), q, r);
  }
  q <<= 1;
  if (r != 0) q += 1;
  double d = std::ldexp(big_to_double(q), -(shift + 1));
  return num < 0 ? -d : d;
}

uint64_t hash_ratio(const Ratio* r) {
  return mix_hash(kRatioHashSeed ^ hash_number(r->num) ^ (hash_number(r->den) * 0x9E3779B97F4A7C15ull));
}

}  // namespace batuta
