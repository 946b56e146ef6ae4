// Arithmetic, comparison and numeric predicates.
#include <cmath>

#include "lib_test_util.h"

namespace batuta {
namespace {

using namespace lib_test;

TEST(LibNumbers, VariadicArithmetic) {
  EXPECT_EQ(pr("+", {}), "0");
  EXPECT_EQ(pr("+", {I(1), I(2), I(3)}), "6");
  EXPECT_EQ(pr("*", {}), "1");
  EXPECT_EQ(pr("-", {I(5)}), "-5");
  EXPECT_EQ(pr("-", {I(10), I(1), I(2)}), "7");
  EXPECT_EQ(pr("/", {I(2)}), "1/2");
  EXPECT_EQ(pr("/", {I(6), I(4)}), "3/2");
  EXPECT_EQ(pr("+", {I(1), D(0.5)}), "1.5");
  EXPECT_EQ(pr("*", {I(1) , I(int64_t{1} << 40), I(int64_t{1} << 40)}), "1208925819614629174706176");
}

TEST(LibNumbers, ErrorsNameTheOperationAndTheValue) {
  EXPECT_EQ(pr("+", {I(1), S("a")}), "ERROR: +: expected a number, got \"a\" (a string)");
  EXPECT_EQ(pr("+", {S("a")}), "ERROR: +: expected a number, got \"a\" (a string)");
  EXPECT_EQ(pr("inc", {Value()}), "ERROR: inc: expected a number, got nil");
  EXPECT_EQ(pr("/", {I(1), I(0)}), "ERROR: /: division by zero");
  EXPECT_EQ(pr("<", {I(1), K("a")}), "ERROR: <: expected a number, got :a (a keyword)");
  EXPECT_EQ(pr("even?", {D(2.0)}), "ERROR: even?: expected an integer, got 2.0 (a float)");
  EXPECT_EQ(pr("inc", {}), "ERROR: wrong number of arguments (0) passed to inc; it takes 1");
}

TEST(LibNumbers, IntegerDivision) {
  EXPECT_EQ(pr("quot", {I(-7), I(2)}), "-3");
  EXPECT_EQ(pr("rem", {I(-7), I(2)}), "-1");
  EXPECT_EQ(pr("mod", {I(-7), I(2)}), "1");
  EXPECT_EQ(pr("mod", {I(1), I(0)}), "ERROR: mod: division by zero");
}

TEST(LibNumbers, Comparisons) {
  EXPECT_EQ(pr("<", {I(1), I(2), I(3)}), "true");
  EXPECT_EQ(pr("<", {I(1), I(3), I(2)}), "false");
  EXPECT_EQ(pr(">=", {I(3), I(3), D(1.0)}), "true");
  EXPECT_EQ(pr("==", {I(1), D(1.0)}), "true");
  EXPECT_EQ(pr("=", {I(1), D(1.0)}), "false");
  EXPECT_EQ(pr("<", {D(std::nan("")), I(1)}), "false");
  EXPECT_EQ(pr("max", {I(1), I(7), D(2.5)}), "7");
  EXPECT_EQ(pr("min", {I(4), D(2.5)}), "2.5");
}

TEST(LibNumbers, Predicates) {
  EXPECT_EQ(pr("zero?", {D(0.0)}), "true");
  EXPECT_EQ(pr("pos?", {I(-1)}), "false");
  EXPECT_EQ(pr("neg?", {I(-1)}), "true");
  EXPECT_EQ(pr("odd?", {I(3)}), "true");
  EXPECT_EQ(pr("integer?", {D(1.0)}), "false");
  EXPECT_EQ(pr("float?", {D(1.0)}), "true");
  EXPECT_EQ(pr("ratio?", {call("/", {I(1), I(3)}).value}), "true");
  EXPECT_EQ(pr("number?", {S("1")}), "false");
}

TEST(LibNumbers, Conversions) {
  EXPECT_EQ(pr("int", {D(-3.9)}), "-3");
  EXPECT_EQ(pr("int", {Value::character(U'A')}), "65");
  EXPECT_EQ(pr("int", {call("/", {I(7), I(2)}).value}), "3");
  EXPECT_EQ(pr("double", {I(2)}), "2.0");
  EXPECT_EQ(pr("numerator", {call("/", {I(6), I(4)}).value}), "3");
  EXPECT_EQ(pr("denominator", {call("/", {I(6), I(4)}).value}), "2");
  EXPECT_EQ(pr("abs", {I(-5)}), "5");
  EXPECT_EQ(pr("abs", {D(-2.5)}), "2.5");
}

TEST(LibNumbers, Bits) {
  EXPECT_EQ(pr("bit-and", {I(12), I(10)}), "8");
  EXPECT_EQ(pr("bit-or", {I(12), I(10), I(1)}), "15");
  EXPECT_EQ(pr("bit-xor", {I(12), I(10)}), "6");
  EXPECT_EQ(pr("bit-not", {I(0)}), "-1");
  EXPECT_EQ(pr("bit-shift-left", {I(1), I(70)}), "1180591620717411303424");
  EXPECT_EQ(pr("bit-shift-right", {I(-16), I(2)}), "-4");
}

TEST(LibNumbers, Random) {
  for (int i = 0; i < 100; ++i) {
    Outcome r = call("rand-int", {I(10)});
    ASSERT_TRUE(r.ok);
    EXPECT_GE(r.value.as_fixnum(), 0);
    EXPECT_LT(r.value.as_fixnum(), 10);
    Outcome f = call("rand", {});
    ASSERT_TRUE(f.value.is_double());
    EXPECT_LT(f.value.as_double(), 1.0);
  }
  EXPECT_EQ(pr("rand-int", {I(0)}), "ERROR: rand-int: expected a positive bound, got 0");
}

}  // namespace
}  // namespace batuta
