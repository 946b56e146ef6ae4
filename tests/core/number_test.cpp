// Tests of the numeric tower (number.h): canonical representations,
// promotion and shrinking at the fixnum and 64-bit boundaries, ratios,
// contagion, quot/rem/mod signs, equality/hash/order, printing, parsing and
// no allocation on the fast paths. number_property_test.cpp checks random
// exact arithmetic against a 128-bit rational model.
#include "core/number.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "core/equality.h"
#include "core/name.h"
#include "core/object.h"
#include "core/printer.h"
#include "core/string.h"

namespace batuta {
namespace {

constexpr int64_t kFixMax = Value::kFixnumMax;  // 2^49 - 1
constexpr int64_t kFixMin = Value::kFixnumMin;  // -2^49

Value I(int64_t i) { return make_integer(i); }
Value F(double d) { return Value::from_double(d); }
Value N(std::string_view digits, int radix = 10) {
  Result<Value> r = parse_integer(digits, radix);
  EXPECT_TRUE(r.ok()) << digits << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? r.value() : Value();
}
Value Q(const Value& n, const Value& d) {
  Result<Value> r = make_ratio(n, d);
  EXPECT_TRUE(r.ok());
  return r.ok() ? r.value() : Value();
}
Value Q(int64_t n, int64_t d) { return Q(I(n), I(d)); }
Value must(Result<Value> r) {
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? r.value() : Value();
}
std::string S(const Value& v) { return number_to_string(v); }

bool is_big(const Value& v) { return is_integer(v) && !v.is_fixnum(); }
// "fixnum", "big", "ratio", "float": the representation class.
std::string rep(const Value& v) {
  if (v.is_fixnum()) return "fixnum";
  if (is_big(v)) return "big";
  if (is_ratio(v)) return "ratio";
  if (v.is_double()) return "float";
  return "other";
}

void expect_error(Result<Value> r, ErrorKind kind, const std::string& message) {
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, kind);
  EXPECT_EQ(r.error().message, message);
}

const std::string k2p49 = "562949953421312";
const std::string k2p63 = "9223372036854775808";
const std::string k2p64 = "18446744073709551616";

// --- boundaries ---------------------------------------------------------------

TEST(Number, FixnumBoundaryPromotesAndShrinks) {
  Value max = I(kFixMax), min = I(kFixMin);
  ASSERT_TRUE(max.is_fixnum());
  ASSERT_TRUE(min.is_fixnum());
  Value up = must(add(max, I(1)));
  EXPECT_EQ(rep(up), "big");
  EXPECT_EQ(S(up), k2p49);
  Value down = must(subtract(min, I(1)));
  EXPECT_EQ(rep(down), "big");
  EXPECT_EQ(S(down), "-562949953421313");
  EXPECT_EQ(rep(must(add(min, I(-1)))), "big");
  EXPECT_EQ(rep(must(subtract(max, I(-1)))), "big");
  // Back inside the range: a fixnum again, never a BigInt holding a small value.
  Value back = must(subtract(up, I(1)));
  EXPECT_TRUE(back.is_fixnum());
  EXPECT_EQ(back.as_fixnum(), kFixMax);
  Value back2 = must(add(down, I(1)));
  EXPECT_TRUE(back2.is_fixnum());
  EXPECT_EQ(back2.as_fixnum(), kFixMin);
  // negate at the asymmetric end of the range.
  Value neg_min = must(negate(min));
  EXPECT_EQ(rep(neg_min), "big");
  EXPECT_EQ(S(neg_min), k2p49);
  Value neg_back = must(negate(neg_min));
  EXPECT_TRUE(neg_back.is_fixnum());
  EXPECT_EQ(neg_back.as_fixnum(), kFixMin);
  // Multiplication, division and quot crossing the boundary.
  EXPECT_EQ(S(must(multiply(I(kFixMin), I(-1)))), k2p49);
  EXPECT_EQ(S(must(divide(I(kFixMin), I(-1)))), k2p49);
  EXPECT_EQ(S(must(quot(I(kFixMin), I(-1)))), k2p49);
  EXPECT_EQ(must(rem(I(kFixMin), I(-1))).as_fixnum(), 0);
  EXPECT_EQ(must(mod(I(kFixMin), I(-1))).as_fixnum(), 0);
  // make_integer picks the representation.
  EXPECT_TRUE(I(kFixMax).is_fixnum());
  EXPECT_EQ(rep(I(kFixMax + 1)), "big");
  EXPECT_EQ(rep(I(kFixMin - 1)), "big");
  // The fast paths decline outside the range.
  Value out;
  EXPECT_FALSE(add_fixnums(max, I(1), out));
  EXPECT_FALSE(subtract_fixnums(min, I(1), out));
  EXPECT_FALSE(multiply_fixnums(max, I(2), out));
  EXPECT_TRUE(multiply_fixnums(I(1 << 24), I(1 << 24), out));
  EXPECT_EQ(out.as_fixnum(), int64_t{1} << 48);
  EXPECT_FALSE(add_fixnums(F(1.0), I(1), out));
}

TEST(Number, Int64BoundaryBothDirections) {
  const int64_t mx = std::numeric_limits<int64_t>::max(), mn = std::numeric_limits<int64_t>::min();
  EXPECT_EQ(S(I(mx)), "9223372036854775807");
  EXPECT_EQ(S(I(mn)), "-9223372036854775808");
  EXPECT_EQ(S(must(add(I(mx), I(1)))), k2p63);
  EXPECT_EQ(S(must(subtract(I(mn), I(1)))), "-9223372036854775809");
  EXPECT_EQ(S(must(multiply(I(mn), I(-1)))), k2p63);
  EXPECT_EQ(S(must(negate(I(mn)))), k2p63);
  EXPECT_EQ(S(must(divide(I(mn), I(-1)))), k2p63);
  EXPECT_EQ(S(must(quot(I(mn), I(-1)))), k2p63);
  EXPECT_EQ(S(must(rem(I(mn), I(-1)))), "0");
  // Fixnum products that overflow int64 itself.
  EXPECT_EQ(S(must(multiply(I(kFixMax), I(kFixMax)))), "316912650057056224474268958721");  // (2^49-1)^2
  EXPECT_EQ(S(must(multiply(I(kFixMin), I(kFixMin)))), "316912650057057350374175801344");  // 2^98
  EXPECT_EQ(S(must(multiply(I(kFixMin), I(kFixMax)))), "-316912650057056787424222380032");
  EXPECT_EQ(S(must(multiply(I(int64_t{1} << 32), I(int64_t{1} << 32)))), k2p64);
  EXPECT_EQ(S(must(multiply(I(-(int64_t{1} << 32)), I(int64_t{1} << 32)))), "-" + k2p64);
  // Coming back down from 128-bit products.
  Value sq = must(multiply(I(kFixMax), I(kFixMax)));
  Value r = must(divide(sq, I(kFixMax)));
  EXPECT_TRUE(r.is_fixnum());
  EXPECT_EQ(r.as_fixnum(), kFixMax);
  // Values just inside and outside int64 round-trip through to_int64.
  EXPECT_EQ(to_int64(I(mx), "t").value(), mx);
  EXPECT_EQ(to_int64(I(mn), "t").value(), mn);
  EXPECT_FALSE(to_int64(must(add(I(mx), I(1))), "t").ok());
  EXPECT_FALSE(to_int64(must(subtract(I(mn), I(1))), "t").ok());
}

TEST(Number, BigResultsShrinkToFixnums) {
  Value p64 = N(k2p64), p63 = N(k2p63);
  Value two = must(divide(p64, p63));
  ASSERT_TRUE(two.is_fixnum());
  EXPECT_EQ(two.as_fixnum(), 2);
  Value five = must(subtract(must(add(p64, I(5))), p64));
  ASSERT_TRUE(five.is_fixnum());
  EXPECT_EQ(five.as_fixnum(), 5);
  EXPECT_TRUE(equals(five, I(5)));
  EXPECT_EQ(hash(five), hash(I(5)));
  EXPECT_TRUE(must(multiply(p64, I(0))).is_fixnum());
  EXPECT_TRUE(must(add(p64, must(negate(p64)))).is_fixnum());
  EXPECT_TRUE(must(quot(p64, p63)).is_fixnum());
  EXPECT_TRUE(must(rem(must(add(p64, I(7))), p64)).is_fixnum());
  EXPECT_TRUE(must(mod(must(add(p64, I(7))), p64)).is_fixnum());
  // Ratio results whose denominator cancels are integers.
  Value third = Q(1, 3);
  Value one = must(multiply(third, I(3)));
  ASSERT_TRUE(one.is_fixnum());
  EXPECT_EQ(one.as_fixnum(), 1);
  Value big_over = must(divide(p64, I(3)));
  EXPECT_EQ(rep(big_over), "ratio");
  Value back = must(multiply(big_over, I(3)));
  EXPECT_EQ(rep(back), "big");
  EXPECT_TRUE(equals(back, p64));
}

// --- ratios ---------------------------------------------------------------------

TEST(Number, RatioNormalisation) {
  EXPECT_EQ(S(Q(2, 4)), "1/2");
  Value two = Q(4, 2);
  ASSERT_TRUE(two.is_fixnum());
  EXPECT_EQ(two.as_fixnum(), 2);
  EXPECT_EQ(S(Q(-1, -2)), "1/2");
  EXPECT_EQ(S(Q(1, -2)), "-1/2");
  EXPECT_EQ(S(Q(-1, 2)), "-1/2");
  EXPECT_TRUE(Q(0, 5).is_fixnum());
  EXPECT_TRUE(Q(0, -5).is_fixnum());
  EXPECT_EQ(S(Q(6, -9)), "-2/3");
  EXPECT_EQ(S(Q(1, kFixMin)), "-1/" + k2p49);  // the positive denominator is big
  EXPECT_EQ(S(Q(N(k2p64), I(6))), "9223372036854775808/3");
  EXPECT_EQ(S(Q(I(6), N(k2p64))), "3/9223372036854775808");
  EXPECT_EQ(S(Q(N(k2p64), N("-" + k2p63))), "-2");
  EXPECT_TRUE(is_ratio(Q(1, 3)));
  EXPECT_FALSE(is_ratio(I(1)));
  EXPECT_TRUE(is_number(Q(1, 3)));
  EXPECT_FALSE(is_integer(Q(1, 3)));
  expect_error(make_ratio(I(1), I(0)), ErrorKind::ArithmeticError, "make-ratio: division by zero");
  Result<Value> bad = make_ratio(F(1.0), I(2));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::TypeError);
  EXPECT_EQ(bad.error().message, "make-ratio: expected an integer, got 1.0 (a float)");
  // Arithmetic keeps lowest terms.
  EXPECT_EQ(S(must(add(Q(1, 6), Q(1, 3)))), "1/2");
  EXPECT_EQ(S(must(subtract(Q(1, 2), Q(1, 3)))), "1/6");
  EXPECT_EQ(S(must(multiply(Q(2, 3), Q(3, 4)))), "1/2");
  EXPECT_EQ(S(must(divide(Q(2, 3), Q(4, 3)))), "1/2");
  EXPECT_EQ(S(must(divide(Q(1, 2), Q(-1, 4)))), "-2");
  EXPECT_EQ(S(must(negate(Q(1, 2)))), "-1/2");
  EXPECT_EQ(S(must(negate(Q(I(kFixMin), I(3))))), k2p49 + "/3");
  EXPECT_EQ(S(must(add(Q(1, 2), Q(1, 2)))), "1");
  EXPECT_TRUE(must(add(Q(1, 2), Q(-1, 2))).is_fixnum());
}

TEST(Number, Divide) {
  EXPECT_EQ(S(must(divide(I(6), I(3)))), "2");
  EXPECT_EQ(S(must(divide(I(1), I(3)))), "1/3");
  EXPECT_EQ(S(must(divide(I(-6), I(4)))), "-3/2");
  EXPECT_EQ(S(must(divide(I(6), I(-4)))), "-3/2");
  EXPECT_EQ(S(must(divide(Q(1, 2), Q(1, 2)))), "1");
  EXPECT_EQ(S(must(divide(I(1), F(4)))), "0.25");
  EXPECT_EQ(S(must(divide(Q(1, 2), F(0.25)))), "2.0");
  // Division by an exact zero is an error; a float anywhere follows IEEE.
  expect_error(divide(I(1), I(0)), ErrorKind::ArithmeticError, "/: division by zero");
  expect_error(divide(Q(1, 2), I(0)), ErrorKind::ArithmeticError, "/: division by zero");
  expect_error(divide(N(k2p64), I(0)), ErrorKind::ArithmeticError, "/: division by zero");
  expect_error(divide(I(0), I(0)), ErrorKind::ArithmeticError, "/: division by zero");
  EXPECT_EQ(S(must(divide(F(1.0), I(0)))), "##Inf");
  EXPECT_EQ(S(must(divide(I(1), F(0.0)))), "##Inf");
  EXPECT_EQ(S(must(divide(I(-1), F(0.0)))), "##-Inf");
  EXPECT_EQ(S(must(divide(I(1), F(-0.0)))), "##-Inf");
  EXPECT_EQ(S(must(divide(F(0.0), I(0)))), "##NaN");
  EXPECT_EQ(S(must(divide(N(k2p64), F(0.0)))), "##Inf");
  EXPECT_EQ(S(must(divide(Q(-1, 2), F(0.0)))), "##-Inf");
}

// --- contagion --------------------------------------------------------------------

TEST(Number, MixedArithmeticMatrix) {
  const Value reps[] = {I(3), N("1152921504606846976"), Q(1, 3), F(0.5)};  // fixnum, big (2^60), ratio, float
  const char* names[] = {"fixnum", "big", "ratio", "float"};
  using Op = Result<Value> (*)(const Value&, const Value&);
  struct Named {
    const char* name;
    Op op;
    double (*fop)(double, double);
  };
  const Named ops[] = {
      {"+", add, [](double x, double y) { return x + y; }},
      {"-", subtract, [](double x, double y) { return x - y; }},
      {"*", multiply, [](double x, double y) { return x * y; }},
      {"/", divide, [](double x, double y) { return x / y; }},
  };
  // Exact results (rows: left operand, columns: right operand), for + and /.
  const char* const sums[3][3] = {
      {"6", "1152921504606846979", "10/3"},
      {"1152921504606846979", "2305843009213693952", "3458764513820540929/3"},
      {"10/3", "3458764513820540929/3", "2/3"},
  };
  const char* const quotients[3][3] = {
      {"1", "3/1152921504606846976", "9"},
      {"1152921504606846976/3", "1", "3458764513820540928"},
      {"1/9", "1/3458764513820540928", "1"},
  };
  for (int i = 0; i < 4; ++i) {
    for (int j = 0; j < 4; ++j) {
      for (const Named& op : ops) {
        SCOPED_TRACE(std::string(names[i]) + " " + op.name + " " + names[j]);
        Value r = must(op.op(reps[i], reps[j]));
        if (i == 3 || j == 3) {
          EXPECT_EQ(rep(r), "float");  // a float anywhere gives a float
          double x = to_double(reps[i], "t").value(), y = to_double(reps[j], "t").value();
          EXPECT_EQ(r.as_double(), op.fop(x, y));
        } else {
          EXPECT_NE(rep(r), "float");
          EXPECT_TRUE(is_number(r));
          if (std::string(op.name) == "+") {
            EXPECT_EQ(S(r), sums[i][j]);
          }
          if (std::string(op.name) == "/") {
            EXPECT_EQ(S(r), quotients[i][j]);
          }
        }
      }
    }
  }
  EXPECT_EQ(S(must(multiply(reps[1], reps[2]))), "1152921504606846976/3");
  EXPECT_EQ(S(must(subtract(reps[2], reps[1]))), "-3458764513820540927/3");
  EXPECT_EQ(S(must(add(reps[0], reps[3]))), "3.5");
  EXPECT_EQ(S(must(multiply(reps[1], reps[3]))), "5.764607523034235E17");
}

// --- quot, rem, mod ------------------------------------------------------------------

struct DivCase {
  Value a, b;
  const char* quot;
  const char* rem;
  const char* mod;
};

TEST(Number, QuotRemModSignsLikeClojure) {
  const DivCase cases[] = {
      {I(7), I(2), "3", "1", "1"},
      {I(-7), I(2), "-3", "-1", "1"},
      {I(7), I(-2), "-3", "1", "-1"},
      {I(-7), I(-2), "3", "-1", "-1"},
      {I(6), I(-3), "-2", "0", "0"},
      {I(-6), I(3), "-2", "0", "0"},
      {I(0), I(-3), "0", "0", "0"},
      {F(7), I(2), "3.0", "1.0", "1.0"},
      {F(-7), I(2), "-3.0", "-1.0", "1.0"},
      {I(7), F(-2), "-3.0", "1.0", "-1.0"},
      {F(-7), F(-2), "3.0", "-1.0", "-1.0"},
      {F(-1), F(2), "0.0", "-1.0", "1.0"},  // Clojure's quot gives 0.0, not -0.0
      {F(-4), F(2), "-2.0", "0.0", "0.0"},
      {F(5.5), F(2), "2.0", "1.5", "1.5"},
      {F(-5.5), F(2), "-2.0", "-1.5", "0.5"},
      {F(7.5), I(-2), "-3.0", "1.5", "-0.5"},
      {Q(7, 2), Q(1, 2), "7", "0", "0"},
      {Q(7, 2), I(2), "1", "3/2", "3/2"},
      {Q(-7, 2), I(2), "-1", "-3/2", "1/2"},
      {Q(7, 2), I(-2), "-1", "3/2", "-1/2"},
      {Q(-7, 2), Q(-2, 3), "5", "-1/6", "-1/6"},
      {I(7), Q(2, 3), "10", "1/3", "1/3"},
      {I(-7), Q(2, 3), "-10", "-1/3", "1/3"},
      {Q(7, 2), F(2), "1.0", "1.5", "1.5"},
      // 2^70 = 1180591620717411303424 = 3 * 393530540239137101141 + 1
      {N("1180591620717411303424"), I(3), "393530540239137101141", "1", "1"},
      {N("-1180591620717411303424"), I(3), "-393530540239137101141", "-1", "2"},
      {N("1180591620717411303424"), I(-3), "-393530540239137101141", "1", "-2"},
      {N("-1180591620717411303424"), I(-3), "393530540239137101141", "-1", "-1"},
      {N("-1180591620717411303424"), N("1180591620717411303423"), "-1", "-1", "1180591620717411303422"},
      {I(5), N("1180591620717411303424"), "0", "5", "5"},
      {I(-5), N("1180591620717411303424"), "0", "-5", "1180591620717411303419"},
      {Q(1, 3), N("1180591620717411303424"), "0", "1/3", "1/3"},
  };
  for (const DivCase& c : cases) {
    SCOPED_TRACE(S(c.a) + " by " + S(c.b));
    EXPECT_EQ(S(must(quot(c.a, c.b))), c.quot);
    EXPECT_EQ(S(must(rem(c.a, c.b))), c.rem);
    EXPECT_EQ(S(must(mod(c.a, c.b))), c.mod);
  }
}

TEST(Number, DivisionByZeroForEveryOperation) {
  const Value dividends[] = {I(7), N(k2p64), Q(1, 3), F(1.5)};
  const Value zeros[] = {I(0), F(0.0), F(-0.0)};
  for (const Value& a : dividends) {
    for (const Value& z : zeros) {
      SCOPED_TRACE(S(a) + " by " + S(z));
      expect_error(quot(a, z), ErrorKind::ArithmeticError, "quot: division by zero");
      expect_error(rem(a, z), ErrorKind::ArithmeticError, "rem: division by zero");
      expect_error(mod(a, z), ErrorKind::ArithmeticError, "mod: division by zero");
    }
    if (!a.is_double()) expect_error(divide(a, I(0)), ErrorKind::ArithmeticError, "/: division by zero");
  }
}

// --- type errors -----------------------------------------------------------------------

TEST(Number, TypeErrorsNameOperationAndValue) {
  Value s = make_string("a").value();
  expect_error(add(s, I(1)), ErrorKind::TypeError, "+: expected a number, got \"a\" (a string)");
  expect_error(add(I(1), s), ErrorKind::TypeError, "+: expected a number, got \"a\" (a string)");
  expect_error(subtract(I(1), Value::nil()), ErrorKind::TypeError, "-: expected a number, got nil");
  expect_error(multiply(Value::boolean(true), I(1)), ErrorKind::TypeError,
               "*: expected a number, got true (a boolean)");
  expect_error(divide(I(1), keyword("k")), ErrorKind::TypeError, "/: expected a number, got :k (a keyword)");
  expect_error(quot(s, I(0)), ErrorKind::TypeError, "quot: expected a number, got \"a\" (a string)");
  expect_error(rem(I(1), s), ErrorKind::TypeError, "rem: expected a number, got \"a\" (a string)");
  expect_error(mod(I(1), s), ErrorKind::TypeError, "mod: expected a number, got \"a\" (a string)");
  expect_error(negate(s), ErrorKind::TypeError, "-: expected a number, got \"a\" (a string)");
  Result<bool> eq = numbers_equivalent(s, I(1));
  ASSERT_FALSE(eq.ok());
  EXPECT_EQ(eq.error().message, "==: expected a number, got \"a\" (a string)");
  Result<int64_t> i = to_int64(F(1.5), "nth");
  ASSERT_FALSE(i.ok());
  EXPECT_EQ(i.error().kind, ErrorKind::TypeError);
  EXPECT_EQ(i.error().message, "nth: expected an integer, got 1.5 (a float)");
  Result<int64_t> big = to_int64(N(k2p64), "nth");
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().kind, ErrorKind::ArithmeticError);
  EXPECT_EQ(big.error().message, "nth: integer " + k2p64 + " does not fit in 64 bits");
  Result<double> d = to_double(s, "sqrt");
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().message, "sqrt: expected a number, got \"a\" (a string)");
  // A huge offending value is cut short in the message.
  Value long_str = make_string(std::string(500, 'x')).value();
  Result<Value> r = add(long_str, I(1));
  ASSERT_FALSE(r.ok());
  EXPECT_LT(r.error().message.size(), 150u);
  EXPECT_NE(r.error().message.find("...") , std::string::npos);
}

// --- equality, hash, order --------------------------------------------------------------

TEST(Number, EqualityAndHashAcrossRepresentations) {
  EXPECT_FALSE(equals(I(1), F(1.0)));  // an integer is not a float
  EXPECT_FALSE(equals(F(1.0), I(1)));
  EXPECT_TRUE(equals(F(0.0), F(-0.0)));
  EXPECT_EQ(hash(F(0.0)), hash(F(-0.0)));
  EXPECT_FALSE(equals(F(NAN), F(NAN)));
  EXPECT_FALSE(equals(Q(1, 2), F(0.5)));
  EXPECT_FALSE(equals(N(k2p64), F(18446744073709551616.0)));
  // Separately computed big integers and ratios are = and hash alike.
  Value a = must(multiply(I(int64_t{1} << 32), I(int64_t{1} << 32)));
  Value b = N(k2p64);
  EXPECT_NE(a.as_object(), b.as_object());
  EXPECT_TRUE(equals(a, b));
  EXPECT_EQ(hash(a), hash(b));
  EXPECT_FALSE(equals(a, must(add(b, I(1)))));
  EXPECT_FALSE(equals(a, must(negate(b))));
  EXPECT_NE(hash(a), hash(must(negate(b))));
  Value r1 = Q(1, 2), r2 = must(divide(I(2), I(4)));
  EXPECT_TRUE(equals(r1, r2));
  EXPECT_EQ(hash(r1), hash(r2));
  EXPECT_FALSE(equals(r1, Q(-1, 2)));
  EXPECT_FALSE(equals(r1, Q(1, 3)));
  Value rb1 = Q(b, I(3)), rb2 = must(divide(must(multiply(b, I(2))), I(6)));
  EXPECT_TRUE(equals(rb1, rb2));
  EXPECT_EQ(hash(rb1), hash(rb2));
  EXPECT_EQ(hash_number(rb1), hash(rb1));
  EXPECT_EQ(hash_number(a), hash(a));
  // Numbers are never = to other kinds.
  EXPECT_FALSE(equals(a, make_string(k2p64).value()));
  EXPECT_FALSE(equals(r1, Value::nil()));
}

TEST(Number, NumericEquivalence) {
  auto eq = [](const Value& x, const Value& y) { return numbers_equivalent(x, y).value(); };
  EXPECT_TRUE(eq(I(1), F(1.0)));
  EXPECT_TRUE(eq(Q(1, 2), F(0.5)));
  EXPECT_TRUE(eq(F(0.5), Q(1, 2)));
  EXPECT_TRUE(eq(F(0.0), F(-0.0)));
  EXPECT_TRUE(eq(I(0), F(-0.0)));
  EXPECT_TRUE(eq(N(k2p64), F(18446744073709551616.0)));
  EXPECT_TRUE(eq(N(k2p64), N(k2p64)));
  EXPECT_FALSE(eq(N("9007199254740993"), F(9007199254740992.0)));  // 2^53+1 is not the double 2^53
  EXPECT_FALSE(eq(Q(1, 3), F(1.0 / 3)));
  EXPECT_FALSE(eq(F(NAN), F(NAN)));
  EXPECT_FALSE(eq(I(1), F(NAN)));
  EXPECT_FALSE(eq(I(1), I(2)));
  EXPECT_TRUE(eq(Q(3, 4), Q(6, 8)));
}

TEST(Number, CompareIsATotalNumericOrder) {
  const double inf = std::numeric_limits<double>::infinity();
  // Groups of numerically equal values, in increasing order.
  const std::vector<std::vector<Value>> groups = {
      {F(-inf)},
      {N("-1180591620717411303424"), F(-1180591620717411303424.0)},
      {N("-562949953421313")},
      {I(kFixMin), F(-562949953421312.0)},
      {I(-2), F(-2.0)},
      {Q(-3, 2), F(-1.5)},
      {Q(-1, 3)},
      {I(0), F(0.0), F(-0.0)},
      {F(1.0 / 3)},  // 0.33333333333333331483... < 1/3
      {Q(1, 3)},
      {F(0.5), Q(1, 2)},
      {I(1), F(1.0)},
      {Q(N("1180591620717411303425"), N("1180591620717411303424"))},  // 1 + 2^-70
      {F(std::nextafter(1.0, 2.0))},                                  // 1 + 2^-52
      {I(kFixMax), F(562949953421311.0)},
      {N(k2p49), F(562949953421312.0)},
      {F(9007199254740992.0), N("9007199254740992")},
      {N("9007199254740993")},  // not representable as a double
      {F(9007199254740994.0), N("9007199254740994")},
      {N(k2p64), F(18446744073709551616.0)},
      {Q(N("36893488147419103233"), I(2))},  // 2^64 + 1/2
      {F(1e300)},
      {F(inf)},
      {F(NAN)},  // after every number, equal to itself
  };
  for (size_t i = 0; i < groups.size(); ++i) {
    for (size_t j = 0; j < groups.size(); ++j) {
      int expected = i < j ? -1 : i > j ? 1 : 0;
      for (const Value& x : groups[i]) {
        for (const Value& y : groups[j]) {
          SCOPED_TRACE(S(x) + " vs " + S(y));
          EXPECT_EQ(compare_numbers(x, y), expected);
          EXPECT_EQ(compare(x, y), expected);  // equality.h routes numbers here
        }
      }
    }
  }
}

TEST(Number, HashSpreadsSequentialFixnums) {
  // Hash tries take 5 bits at a time; sequential keys must spread over them.
  constexpr int kN = 1 << 16;
  std::vector<int> low5(32, 0), high5(32, 0);
  std::vector<int> ones(64, 0);
  std::set<uint64_t> low16;
  for (int i = 0; i < kN; ++i) {
    uint64_t h = hash(I(i));
    low5[h & 31]++;
    high5[h >> 59]++;
    low16.insert(h & 0xFFFF);
    for (int b = 0; b < 64; ++b) ones[b] += (h >> b) & 1;
  }
  for (int k = 0; k < 32; ++k) {
    EXPECT_NEAR(low5[k], kN / 32, kN / 32 / 8) << "bucket " << k;
    EXPECT_NEAR(high5[k], kN / 32, kN / 32 / 8) << "bucket " << k;
  }
  for (int b = 0; b < 64; ++b) EXPECT_NEAR(ones[b], kN / 2, kN / 50) << "bit " << b;
  // A random function fills about 1 - 1/e of 2^16 slots with 2^16 keys.
  EXPECT_GT(low16.size(), static_cast<size_t>(kN * 0.6));
  // Neighbouring values share no obvious structure.
  EXPECT_NE(hash(I(1)) ^ hash(I(0)), hash(I(3)) ^ hash(I(2)));
  EXPECT_NE(hash(I(-1)), hash(I(1)));
  EXPECT_NE(hash(I(1)), hash(F(1.0)));
}

// --- printing ---------------------------------------------------------------------------

TEST(Number, PrintsIntegersAndRatios) {
  EXPECT_EQ(S(I(0)), "0");
  EXPECT_EQ(S(I(-7)), "-7");
  EXPECT_EQ(S(I(42)), "42");
  EXPECT_EQ(S(I(kFixMax)), "562949953421311");
  EXPECT_EQ(S(I(kFixMin)), "-562949953421312");
  EXPECT_EQ(S(N(k2p64)), k2p64);
  EXPECT_EQ(S(N("-" + k2p64)), "-" + k2p64);
  EXPECT_EQ(S(N("-123456789012345678901234567890123456789")), "-123456789012345678901234567890123456789");
  EXPECT_EQ(S(Q(1, 3)), "1/3");
  EXPECT_EQ(S(Q(-1, 3)), "-1/3");
  // Through the general printer, readable and human.
  EXPECT_EQ(pr_str(N(k2p64)), k2p64);
  EXPECT_EQ(print_str(N(k2p64)), k2p64);
  EXPECT_EQ(pr_str(Q(-1, 3)), "-1/3");
  EXPECT_EQ(pr_str(F(2.5)), "2.5");
  EXPECT_EQ(pr_str(I(-3)), "-3");
}

TEST(Number, PrintsFloatsLikeClojureWithShortestDigits) {
  const std::pair<double, const char*> cases[] = {
      {1.0, "1.0"},
      {-1.0, "-1.0"},
      {0.0, "0.0"},
      {-0.0, "-0.0"},
      {3.14, "3.14"},
      {0.1, "0.1"},
      {0.5, "0.5"},
      {100.0, "100.0"},
      {123.456, "123.456"},
      {1234567.0, "1234567.0"},
      {9999999.0, "9999999.0"},
      {1e7, "1.0E7"},
      {12345678.0, "1.2345678E7"},
      {0.001, "0.001"},
      {0.0012, "0.0012"},
      {1e-4, "1.0E-4"},
      {-1.5e-5, "-1.5E-5"},
      {1e-9, "1.0E-9"},
      {1e21, "1.0E21"},
      {1.2345678901234567e19, "1.2345678901234567E19"},
      {1e100, "1.0E100"},
      {0.1 + 0.2, "0.30000000000000004"},
      {1.0 / 3, "0.3333333333333333"},
      {2.0 / 3, "0.6666666666666666"},
      {5e-324, "4.9E-324"},  // Java's two digits, not the shortest "5.0E-324"
      {2e-323, "2.0E-323"},
      {1.5e-323, "1.5E-323"},
      {1.7976931348623157e308, "1.7976931348623157E308"},
      {std::numeric_limits<double>::infinity(), "##Inf"},
      {-std::numeric_limits<double>::infinity(), "##-Inf"},
      {std::numeric_limits<double>::quiet_NaN(), "##NaN"},
  };
  for (auto [d, text] : cases) EXPECT_EQ(S(F(d)), text) << d;
  // Shortest digits always read back to the same double.
  std::mt19937_64 rng(12345);
  for (int i = 0; i < 20000; ++i) {
    double d = std::bit_cast<double>(rng());
    if (!std::isfinite(d)) continue;
    std::string s = S(F(d));
    EXPECT_EQ(std::strtod(s.c_str(), nullptr), d) << s;
  }
}

// --- parsing ----------------------------------------------------------------------------

TEST(Number, ParseIntegerRadices) {
  EXPECT_EQ(S(N("0")), "0");
  EXPECT_TRUE(N("-0").is_fixnum());
  EXPECT_EQ(S(N("+5")), "5");
  EXPECT_EQ(S(N("1010", 2)), "10");
  EXPECT_EQ(S(N("-1010", 2)), "-10");
  EXPECT_EQ(S(N("777", 8)), "511");
  EXPECT_EQ(S(N("ff", 16)), "255");
  EXPECT_EQ(S(N("FF", 16)), "255");
  EXPECT_EQ(S(N("zz", 36)), "1295");
  EXPECT_EQ(S(N("ZZ", 36)), "1295");
  EXPECT_EQ(S(N("7fffffffffffffff", 16)), "9223372036854775807");
  EXPECT_EQ(S(N("8000000000000000", 16)), k2p63);
  EXPECT_EQ(S(N("-8000000000000000", 16)), "-" + k2p63);
  EXPECT_EQ(S(N("ffffffffffffffff", 16)), "18446744073709551615");
  EXPECT_EQ(S(N("10000000000000000", 16)), k2p64);
  EXPECT_EQ(S(N("1" + std::string(64, '0'), 2)), k2p64);
  EXPECT_EQ(S(N("2000000000000000000000", 8)), k2p64);
  EXPECT_EQ(S(N("3w5e11264sgsg", 36)), k2p64);
  EXPECT_EQ(S(N("-3W5E11264SGSG", 36)), "-" + k2p64);
  EXPECT_EQ(S(N("123456789012345678901234567890")), "123456789012345678901234567890");
  EXPECT_TRUE(N("562949953421311").is_fixnum());
  EXPECT_EQ(rep(N("562949953421312")), "big");
  EXPECT_TRUE(N("-562949953421312").is_fixnum());
  EXPECT_EQ(rep(N("-562949953421313")), "big");
  EXPECT_TRUE(N("000000000000000000000000000000000000000042").is_fixnum());

  expect_error(parse_integer(""), ErrorKind::ParseError, "invalid integer literal \"\": no digits");
  expect_error(parse_integer("-"), ErrorKind::ParseError, "invalid integer literal \"-\": no digits");
  expect_error(parse_integer("12a"), ErrorKind::ParseError,
               "invalid digit 'a' for radix 10 in integer literal \"12a\"");
  expect_error(parse_integer("102", 2), ErrorKind::ParseError,
               "invalid digit '2' for radix 2 in integer literal \"102\"");
  expect_error(parse_integer("1_000"), ErrorKind::ParseError,
               "invalid digit '_' for radix 10 in integer literal \"1_000\"");
  expect_error(parse_integer("--1"), ErrorKind::ParseError,
               "invalid digit '-' for radix 10 in integer literal \"--1\"");
  expect_error(parse_integer("1\n"), ErrorKind::ParseError,
               "invalid digit '\\x0A' for radix 10 in integer literal \"1\n\"");
  Result<Value> r37 = parse_integer("1", 37);
  ASSERT_FALSE(r37.ok());
  EXPECT_EQ(r37.error().kind, ErrorKind::InvalidArgument);
  EXPECT_FALSE(parse_integer("1", 1).ok());

  // Random decimal literals, big and small, print back as they were written.
  std::mt19937_64 rng(99);
  for (int i = 0; i < 300; ++i) {
    std::string digits = (rng() & 1) ? "-" : "";
    digits += static_cast<char>('1' + rng() % 9);
    int len = static_cast<int>(rng() % 80);
    for (int k = 0; k < len; ++k) digits += static_cast<char>('0' + rng() % 10);
    EXPECT_EQ(S(N(digits)), digits);
  }
}

// --- conversions -------------------------------------------------------------------------

TEST(Number, ConversionsToDoubleRoundCorrectly) {
  auto d = [](const Value& v) { return to_double(v, "t").value(); };
  EXPECT_EQ(d(I(3)), 3.0);
  EXPECT_EQ(d(F(2.5)), 2.5);
  EXPECT_EQ(d(Q(1, 3)), 1.0 / 3);
  EXPECT_EQ(d(Q(2, 3)), 2.0 / 3);
  EXPECT_EQ(d(Q(-1, 3)), -1.0 / 3);
  EXPECT_EQ(d(N(k2p64)), 18446744073709551616.0);
  EXPECT_EQ(d(N("-" + k2p64)), -18446744073709551616.0);
  EXPECT_EQ(d(N("9007199254740993")), 9007199254740992.0);  // tie: to even
  EXPECT_EQ(d(N("9007199254740995")), 9007199254740996.0);  // tie: to even (up)
  // 2^64 + 2^11 is a tie between 2^64 and 2^64 + 2^12: to even (down); one more is above the tie.
  EXPECT_EQ(d(N("18446744073709553664")), 18446744073709551616.0);
  EXPECT_EQ(d(N("18446744073709553665")), 18446744073709555712.0);
  // Sticky bits far below the top word still break ties: 2^100 + 2^47 + 1.
  Value p100 = N("1267650600228229401496703205376");  // 2^100
  Value tie = must(add(p100, I(int64_t{1} << 47)));
  EXPECT_EQ(d(tie), std::ldexp(1.0, 100));
  EXPECT_EQ(d(must(add(tie, I(1)))), std::ldexp(1.0, 100) + std::ldexp(1.0, 48));
  EXPECT_EQ(d(must(multiply(p100, p100))), std::ldexp(1.0, 200));
  Value huge = N("1" + std::string(400, '0'));
  EXPECT_EQ(d(huge), std::numeric_limits<double>::infinity());
  EXPECT_EQ(d(must(negate(huge))), -std::numeric_limits<double>::infinity());
  // Ratios with big parts.
  EXPECT_EQ(d(Q(N("1180591620717411303425"), N("1180591620717411303424"))), 1.0);
  EXPECT_EQ(d(Q(I(1), N("1180591620717411303424"))), std::ldexp(1.0, -70));
  EXPECT_EQ(d(Q(N("18014398509481985"), I(2))), 9007199254740992.0);  // 2^53 + 1/2: tie to even
  EXPECT_EQ(d(Q(N("18014398509481987"), I(2))), 9007199254740994.0);  // 2^53 + 3/2: nearest
  EXPECT_EQ(d(Q(huge, N("3" + std::string(400, '0')))), 1.0 / 3);
  EXPECT_EQ(d(Q(I(1), huge)), 0.0);
  EXPECT_EQ(d(Q(huge, I(7))), std::numeric_limits<double>::infinity());
}

// --- allocation -----------------------------------------------------------------------------

TEST(Number, FixnumAndFloatArithmeticDoesNotAllocate) {
  AllocationStats before = allocation_stats();
  int64_t acc = 0;
  double facc = 0;
  for (int64_t i = 1; i < 20000; ++i) {
    Value a = I(i * 7919), b = I(-i), f = F(static_cast<double>(i) * 0.5);
    acc += must(add(a, b)).as_fixnum();
    acc += must(subtract(a, b)).as_fixnum();
    acc += must(multiply(a, b)).as_fixnum();
    acc += must(divide(a, b)).as_fixnum();  // exact: i * 7919 / -i
    acc += must(quot(a, b)).as_fixnum() + must(rem(a, b)).as_fixnum() + must(mod(a, b)).as_fixnum();
    acc += must(negate(a)).as_fixnum();
    acc += compare_numbers(a, b) + compare_numbers(a, f) + (numbers_equivalent(a, f).value() ? 1 : 0);
    acc += static_cast<int64_t>(hash_number(a) & 1) + static_cast<int64_t>(hash_number(f) & 1);
    facc += must(add(a, f)).as_double() + must(multiply(f, f)).as_double() + must(divide(f, a)).as_double();
    facc += must(subtract(f, b)).as_double() + must(quot(f, b)).as_double() + must(mod(f, b)).as_double();
    facc += must(rem(a, f)).as_double() + must(negate(f)).as_double() + to_double(a, "t").value();
    acc += to_int64(a, "t").value();
  }
  AllocationStats after = allocation_stats();
  EXPECT_EQ(after.allocations, before.allocations);
  EXPECT_NE(acc, 0);
  EXPECT_NE(facc, 0);
}

TEST(Number, BigAndRatioMemoryIsReturned) {
  uint64_t live = allocation_stats().bytes_live;
  {
    Value x = N("1" + std::string(300, '7'));  // limbs beyond cpp_int's inline storage
    Value r = Q(x, N("3" + std::string(200, '1')));
    for (int i = 0; i < 50; ++i) {
      x = must(multiply(x, I(kFixMax)));
      r = must(add(r, must(divide(I(1), x))));
    }
    mark_shared(r);  // walks the ratio's children
    Value copy = r;
    EXPECT_TRUE(equals(copy, r));
    EXPECT_GT(allocation_stats().bytes_live, live);
  }
  EXPECT_EQ(allocation_stats().bytes_live, live);
}

}  // namespace
}  // namespace batuta
