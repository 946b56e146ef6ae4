// batuta.string and str, subs, format.
#include "lib_test_util.h"

namespace batuta {
namespace {

using namespace lib_test;

TEST(LibStrings, Str) {
  EXPECT_EQ(pr("str", {}), "\"\"");
  EXPECT_EQ(pr("str", {S("a"), Value(), I(1), K("k"), Value::character(U'c'), V({S("x")})}), "\"a1:kc[\\\"x\\\"]\"");
  EXPECT_EQ(pr("subs", {S("héllo"), I(1), I(3)}), "\"él\"");
  EXPECT_EQ(pr("subs", {S("abc"), I(2), I(9)}), "ERROR: subs: range [2, 9) out of bounds for a string of 3 characters");
}

TEST(LibStrings, Format) {
  EXPECT_EQ(pr("format", {S("%s has %d items, %.2f%% done, %x"), S("cart"), I(3), D(41.5), I(255)}),
            "\"cart has 3 items, 41.50% done, ff\"");
  EXPECT_EQ(pr("format", {S("[%5d|%-4s|%05d]"), I(42), S("ab"), I(-7)}), "\"[   42|ab  |-0007]\"");
  EXPECT_EQ(pr("format", {S("%f"), I(1)}), "\"1.000000\"");
  EXPECT_EQ(pr("format", {S("%d")}), "ERROR: format: not enough arguments for %d");
  EXPECT_EQ(pr("format", {S("%d"), S("x")}), "ERROR: format: %d expects an integer, got \"x\" (a string)");
  EXPECT_EQ(pr("format", {S("%q"), I(1)}),
            "ERROR: format: unknown directive %q (supported: %s %S %d %f %.Nf %e %E %g %x %X %o %c %b %n %%)");
}

TEST(LibStrings, CaseIsUnicode) {
  EXPECT_EQ(pr_s("upper-case", {S("héllo")}), "\"HÉLLO\"");
  EXPECT_EQ(pr_s("lower-case", {S("ÀÉÎ ΣΑ Ж")}), "\"àéî σα ж\"");
  EXPECT_EQ(pr_s("capitalize", {S("éCOLE")}), "\"École\"");
  EXPECT_EQ(pr_s("upper-case", {I(1)}), "ERROR: upper-case: expected a string, got 1 (an integer)");
}

TEST(LibStrings, Trim) {
  EXPECT_EQ(pr_s("trim", {S(" \t a b \n")}), "\"a b\"");
  EXPECT_EQ(pr_s("triml", {S("  a ")}), "\"a \"");
  EXPECT_EQ(pr_s("trimr", {S("  a \u3000")}), "\"  a\"");
  EXPECT_EQ(pr_s("blank?", {S(" \n")}), "true");
  EXPECT_EQ(pr_s("blank?", {Value()}), "true");
  EXPECT_EQ(pr_s("blank?", {S(" x")}), "false");
}

TEST(LibStrings, SplitAndJoin) {
  EXPECT_EQ(pr_s("split", {S("a,b,,c,,"), S(",")}), "[\"a\" \"b\" \"\" \"c\"]");
  EXPECT_EQ(pr_s("split", {S("a,b,c"), Value::character(U','), I(2)}), "[\"a\" \"b,c\"]");
  EXPECT_EQ(pr_s("split", {S("a,b,,"), S(","), I(-1)}), "[\"a\" \"b\" \"\" \"\"]");
  EXPECT_EQ(pr_s("split", {S("ab"), S("")}), "[\"a\" \"b\"]");
  EXPECT_EQ(pr_s("split-lines", {S("a\r\nb\n\n")}), "[\"a\" \"b\"]");
  EXPECT_EQ(pr_s("join", {V({I(1), Value(), S("x")})}), "\"1x\"");
  EXPECT_EQ(pr_s("join", {S(", "), L({I(1), I(2)})}), "\"1, 2\"");
}

TEST(LibStrings, SearchAndReplace) {
  EXPECT_EQ(pr_s("replace", {S("a.b.c"), S("."), S("::")}), "\"a::b::c\"");
  EXPECT_EQ(pr_s("replace", {S("aXbX"), Value::character(U'X'), Value::character(U'é')}), "\"aébé\"");
  EXPECT_EQ(pr_s("includes?", {S("héllo"), S("ll")}), "true");
  EXPECT_EQ(pr_s("starts-with?", {S("héllo"), S("hé")}), "true");
  EXPECT_EQ(pr_s("ends-with?", {S("héllo"), S("x")}), "false");
  EXPECT_EQ(pr_s("index-of", {S("héllo"), S("l")}), "2");
  EXPECT_EQ(pr_s("index-of", {S("héllo"), S("l"), I(3)}), "3");
  EXPECT_EQ(pr_s("index-of", {S("héllo"), S("z")}), "nil");
  EXPECT_EQ(pr_s("last-index-of", {S("héllo"), Value::character(U'l')}), "3");
  EXPECT_EQ(pr_s("last-index-of", {S("héllo"), S("l"), I(2)}), "2");
  EXPECT_EQ(pr_s("reverse", {S("héllo")}), "\"olléh\"");
}

TEST(LibStrings, Regex) {
  Value re = call("re-pattern", {S("(\\w+)@(\\w+)")}).value;
  EXPECT_EQ(pr_str(re), "#\"(\\w+)@(\\w+)\"");
  EXPECT_EQ(pr("re-find", {re, S("mail bob@example now")}), "[\"bob@example\" \"bob\" \"example\"]");
  EXPECT_EQ(pr("re-find", {call("re-pattern", {S("\\d+")}).value, S("ab 12 34")}), "\"12\"");
  EXPECT_EQ(pr("re-matches", {call("re-pattern", {S("\\d+")}).value, S("12x")}), "nil");
  EXPECT_EQ(pr("re-matches", {call("re-pattern", {S("\\d+")}).value, S("12")}), "\"12\"");
  EXPECT_EQ(pr("re-seq", {call("re-pattern", {S("\\d")}).value, S("a1b2c3")}), "(\"1\" \"2\" \"3\")");
  EXPECT_EQ(pr("re-pattern", {S("(a")}).substr(0, 40), "ERROR: re-pattern: invalid regex #\"(a\": ");
  EXPECT_EQ(pr_s("split", {S("a1b22c"), call("re-pattern", {S("\\d+")}).value}), "[\"a\" \"b\" \"c\"]");
  EXPECT_EQ(pr_s("replace", {S("john smith"), call("re-pattern", {S("(\\w+) (\\w+)")}).value, S("$2, $1")}),
            "\"smith, john\"");
  EXPECT_EQ(pr("type", {re}), ":regex");
}

}  // namespace
}  // namespace batuta
