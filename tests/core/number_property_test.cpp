// Randomised check of the numeric tower: 120,000 random operations on
// exact numbers (fixnums, big integers near the fixnum and int64 boundaries,
// ratios) against an exact rational model in 128-bit integers, checking
// value, canonical representation, order, = and hash, and float contagion.
// The seed is random per run and printed on failure.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <optional>
#include <random>
#include <string>

#include "core/equality.h"
#include "core/number.h"

namespace batuta {
namespace {

constexpr int64_t kFixMax = Value::kFixnumMax;
constexpr int64_t kFixMin = Value::kFixnumMin;

Value F(double d) { return Value::from_double(d); }
Value N(std::string_view digits) {
  Result<Value> r = parse_integer(digits);
  EXPECT_TRUE(r.ok()) << digits;
  return r.ok() ? r.value() : Value();
}
Value Q(const Value& n, const Value& d) {
  Result<Value> r = make_ratio(n, d);
  EXPECT_TRUE(r.ok());
  return r.ok() ? r.value() : Value();
}
std::string S(const Value& v) { return number_to_string(v); }

using i128 = __int128;

std::string to_string_128(i128 v) {
  if (v == 0) return "0";
  bool neg = v < 0;
  unsigned __int128 m = neg ? -static_cast<unsigned __int128>(v) : static_cast<unsigned __int128>(v);
  std::string s;
  while (m) {
    s.insert(s.begin(), static_cast<char>('0' + static_cast<int>(m % 10)));
    m /= 10;
  }
  return neg ? "-" + s : s;
}

i128 gcd_128(i128 a, i128 b) {
  if (a < 0) a = -a;
  if (b < 0) b = -b;
  while (b) {
    i128 t = a % b;
    a = b;
    b = t;
  }
  return a;
}

struct Rat {
  i128 n, d;  // lowest terms, d > 0
};

Rat normal(i128 n, i128 d) {
  if (d < 0) n = -n, d = -d;
  i128 g = gcd_128(n, d);
  return {n / g, d / g};
}

std::string rat_string(const Rat& r) {
  return r.d == 1 ? to_string_128(r.n) : to_string_128(r.n) + "/" + to_string_128(r.d);
}

std::optional<i128> mul(i128 a, i128 b) {
  i128 r;
  if (__builtin_mul_overflow(a, b, &r)) return std::nullopt;
  return r;
}
std::optional<i128> addc(std::optional<i128> a, std::optional<i128> b) {
  i128 r;
  if (!a || !b || __builtin_add_overflow(*a, *b, &r)) return std::nullopt;
  return r;
}
std::optional<i128> mulc(std::optional<i128> a, std::optional<i128> b) {
  if (!a || !b) return std::nullopt;
  return mul(*a, *b);
}

// The model's result of an exact operation, or nullopt when 128 bits do not suffice
// (or the operation is an error, which the caller checks separately).
std::optional<Rat> model(int op, const Rat& x, const Rat& y) {
  switch (op) {
    case 0: {  // +
      auto n = addc(mul(x.n, y.d), mul(y.n, x.d));
      auto d = mul(x.d, y.d);
      if (!n || !d) return std::nullopt;
      return normal(*n, *d);
    }
    case 1: {  // -
      auto n = addc(mul(x.n, y.d), mulc(mul(y.n, x.d), i128{-1}));
      auto d = mul(x.d, y.d);
      if (!n || !d) return std::nullopt;
      return normal(*n, *d);
    }
    case 2: {  // *
      auto n = mul(x.n, y.n), d = mul(x.d, y.d);
      if (!n || !d) return std::nullopt;
      return normal(*n, *d);
    }
    case 3: {  // /
      auto n = mul(x.n, y.d), d = mul(x.d, y.n);
      if (!n || !d || *d == 0) return std::nullopt;
      return normal(*n, *d);
    }
    default: {  // 4 quot, 5 rem, 6 mod
      auto n = mul(x.n, y.d), d = mul(x.d, y.n);
      if (!n || !d || *d == 0) return std::nullopt;
      i128 q = *n / *d;  // truncates toward zero
      if (op == 4) return Rat{q, 1};
      // rem = x - q*y = (x.n*y.d - q*y.n*x.d) / (x.d*y.d)
      auto rn = addc(n, mulc(mulc(q, y.n), mul(-x.d, 1)));
      auto rd = mul(x.d, y.d);
      if (!rn || !rd) return std::nullopt;
      Rat r = normal(*rn, *rd);
      if (op == 5 || r.n == 0 || (r.n < 0) == (y.n < 0)) return r;
      auto mn = addc(mul(r.n, y.d), mul(y.n, r.d));
      auto md = mul(r.d, y.d);
      if (!mn || !md) return std::nullopt;
      return normal(*mn, *md);
    }
  }
}

i128 random_component(std::mt19937_64& rng) {
  switch (rng() % 6) {
    case 0:
      return static_cast<i128>(rng() % 21) - 10;
    case 1:
      return static_cast<i128>(rng() % 2001) - 1000;
    case 2:  // around the fixnum boundary
      return (rng() & 1 ? kFixMax : kFixMin) + static_cast<int64_t>(rng() % 5) - 2;
    case 3:  // around the int64 boundary
      return (rng() & 1 ? i128{INT64_MAX} : i128{INT64_MIN}) + static_cast<int64_t>(rng() % 5) - 2;
    case 4:
      return static_cast<int64_t>(rng() >> (rng() % 60));
    default:
      return static_cast<int64_t>(rng() >> 2) * ((rng() & 1) ? 1 : -1);
  }
}

Rat random_exact(std::mt19937_64& rng) {
  i128 n = random_component(rng);
  if (rng() % 3 != 0) return {n, 1};
  i128 d = 0;
  while (d == 0) d = random_component(rng);
  return normal(n, d);
}

Value to_value(const Rat& r) {
  if (r.d == 1) return N(to_string_128(r.n));
  return Q(N(to_string_128(r.n)), N(to_string_128(r.d)));
}

TEST(NumberProperty, RandomExactArithmeticMatchesRationalModel) {
  const uint64_t seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937_64 rng(seed);
  using Op = Result<Value> (*)(const Value&, const Value&);
  const Op ops[] = {add, subtract, multiply, divide, quot, rem, mod};
  const char* names[] = {"+", "-", "*", "/", "quot", "rem", "mod"};
  int checked = 0, failures = 0;
  for (int i = 0; i < 120000 && failures < 20; ++i) {
    Rat x = random_exact(rng), y = random_exact(rng);
    Value vx = to_value(x), vy = to_value(y);
    // The Values are the canonical forms of the model's numbers.
    if (S(vx) != rat_string(x)) ++failures;
    EXPECT_EQ(S(vx), rat_string(x));
    int op = static_cast<int>(rng() % 8);
    if (op == 7) {  // compare and ==
      auto l = mul(x.n, y.d), r = mul(y.n, x.d);
      int expected = *l < *r ? -1 : *l > *r ? 1 : 0;  // |parts| < 2^64: products fit
      EXPECT_EQ(compare_numbers(vx, vy), expected) << rat_string(x) << " vs " << rat_string(y);
      EXPECT_EQ(numbers_equivalent(vx, vy).value(), expected == 0);
      EXPECT_EQ(equals(vx, vy), expected == 0);
      if (expected == 0) {
        EXPECT_EQ(hash(vx), hash(vy));
      }
      ++checked;
      continue;
    }
    Result<Value> got = ops[op](vx, vy);
    if (op >= 3 && y.n == 0) {
      EXPECT_FALSE(got.ok());
      continue;
    }
    std::optional<Rat> want = model(op, x, y);
    if (!want) continue;  // beyond the model's 128 bits
    ASSERT_TRUE(got.ok()) << got.error().message;
    const Value& v = got.value();
    std::string text = S(v);
    if (text != rat_string(*want)) ++failures;
    EXPECT_EQ(text, rat_string(*want)) << rat_string(x) << " " << names[op] << " " << rat_string(y);
    // Canonical representation of the result.
    bool fits = want->d == 1 && want->n >= kFixMin && want->n <= kFixMax;
    EXPECT_EQ(v.is_fixnum(), fits) << text;
    EXPECT_EQ(is_ratio(v), want->d != 1) << text;
    // A float operand gives the float computation of the converted operands.
    if (op <= 3 && (i & 7) == 0) {
      double fy = static_cast<double>(rng() % 2000) / 8 - 125;
      Result<Value> fr = ops[op](vx, F(fy));
      double fx = to_double(vx, "t").value();
      double expected = op == 0 ? fx + fy : op == 1 ? fx - fy : op == 2 ? fx * fy : fx / fy;
      ASSERT_TRUE(fr.ok());
      EXPECT_TRUE(fr.value().is_double());
      if (!std::isnan(expected)) {
        EXPECT_EQ(fr.value().as_double(), expected);
      }
    }
    ++checked;
  }
  EXPECT_GT(checked, 100000);
}

}  // namespace
}  // namespace batuta
