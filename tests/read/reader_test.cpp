// reader_test.cpp: every literal kind, reader macros, round trips.
#include <gtest/gtest.h>

#include <cmath>

#include "core/hash_set.h"
#include "core/list.h"
#include "core/map.h"
#include "core/name.h"
#include "core/number.h"
#include "core/string.h"
#include "core/tuple.h"
#include "core/vector.h"
#include "reader_test_util.h"

namespace batuta {
namespace {

using test::read_error;
using test::read_one;
using test::read_pr;

TEST(Reader, Integers) {
  EXPECT_EQ(read_one("42").as_fixnum(), 42);
  EXPECT_EQ(read_one("-7").as_fixnum(), -7);
  EXPECT_EQ(read_one("+5").as_fixnum(), 5);
  EXPECT_EQ(read_one("0").as_fixnum(), 0);
  EXPECT_EQ(read_one("1_000_000").as_fixnum(), 1000000);
  EXPECT_EQ(read_one("12N").as_fixnum(), 12);  // N: big only when needed
  EXPECT_EQ(read_pr("18446744073709551616"), "18446744073709551616");
  EXPECT_EQ(read_pr("-99999999999999999999999N"), "-99999999999999999999999");
  EXPECT_TRUE(is_integer(read_one("18446744073709551616")));
}

TEST(Reader, RadixIntegers) {
  EXPECT_EQ(read_one("#x1A").as_fixnum(), 26);
  EXPECT_EQ(read_one("#xff").as_fixnum(), 255);
  EXPECT_EQ(read_one("#b1010").as_fixnum(), 10);
  EXPECT_EQ(read_one("#o17").as_fixnum(), 15);
  EXPECT_EQ(read_one("#36rZZ").as_fixnum(), 36 * 36 - 1);
  EXPECT_EQ(read_one("#2r11").as_fixnum(), 3);
  EXPECT_EQ(read_one("#x-10").as_fixnum(), -16);
  EXPECT_EQ(read_one("#xFF_FF").as_fixnum(), 65535);
  EXPECT_EQ(read_pr("#xFFFFFFFFFFFFFFFFFF"), "4722366482869645213695");
}

TEST(Reader, Ratios) {
  EXPECT_EQ(read_pr("1/3"), "1/3");
  EXPECT_EQ(read_pr("-2/6"), "-1/3");
  EXPECT_TRUE(read_one("4/2").is_fixnum());
  EXPECT_EQ(read_one("4/2").as_fixnum(), 2);
  EXPECT_TRUE(is_ratio(read_one("1/3")));
}

TEST(Reader, Floats) {
  EXPECT_DOUBLE_EQ(read_one("3.14").as_double(), 3.14);
  EXPECT_DOUBLE_EQ(read_one("1e-9").as_double(), 1e-9);
  EXPECT_DOUBLE_EQ(read_one("-2.5E3").as_double(), -2500.0);
  EXPECT_DOUBLE_EQ(read_one("1.").as_double(), 1.0);
  EXPECT_DOUBLE_EQ(read_one("+1.5e+2").as_double(), 150.0);
  EXPECT_DOUBLE_EQ(read_one("1_000.5").as_double(), 1000.5);
  EXPECT_TRUE(std::isinf(read_one("##Inf").as_double()));
  EXPECT_GT(read_one("##Inf").as_double(), 0);
  EXPECT_LT(read_one("##-Inf").as_double(), 0);
  EXPECT_TRUE(std::isnan(read_one("##NaN").as_double()));
}

TEST(Reader, Strings) {
  EXPECT_EQ(string_view_of(read_one(R"("hello")")), "hello");
  EXPECT_EQ(string_view_of(read_one(R"("a\nb\tc\rd\"e\\f")")), "a\nb\tc\rd\"e\\f");
  EXPECT_EQ(string_view_of(read_one(R"("\u{1F600}")")), "\U0001F600");
  EXPECT_EQ(string_view_of(read_one(R"("\u0041\u00e9")")), "A\u00e9");
  EXPECT_EQ(string_view_of(read_one("\"multi\nline\"")), "multi\nline");
  EXPECT_EQ(string_view_of(read_one("\"h\u00e9llo \u4e16\u754c\"")), "h\u00e9llo \u4e16\u754c");
  EXPECT_EQ(string_view_of(read_one(R"("")")), "");
}

TEST(Reader, Characters) {
  EXPECT_EQ(read_one(R"(\a)").as_char(), U'a');
  EXPECT_EQ(read_one(R"(\newline)").as_char(), U'\n');
  EXPECT_EQ(read_one(R"(\space)").as_char(), U' ');
  EXPECT_EQ(read_one(R"(\tab)").as_char(), U'\t');
  EXPECT_EQ(read_one(R"(\return)").as_char(), U'\r');
  EXPECT_EQ(read_one(R"(\backspace)").as_char(), U'\b');
  EXPECT_EQ(read_one(R"(\formfeed)").as_char(), U'\f');
  EXPECT_EQ(read_one(R"(\nul)").as_char(), U'\0');
  EXPECT_EQ(read_one(R"(\u0041)").as_char(), U'A');
  EXPECT_EQ(read_one(R"(\u{1F600})").as_char(), U'\U0001F600');
  EXPECT_EQ(read_one("\\\u00e9").as_char(), U'\u00e9');
  EXPECT_EQ(read_one(R"(\()").as_char(), U'(');
  EXPECT_EQ(read_one(R"(\\)").as_char(), U'\\');
  EXPECT_EQ(read_one(R"(\u)").as_char(), U'u');
  EXPECT_EQ(read_one(R"(\n)").as_char(), U'n');
  // A character ends at a delimiter.
  EXPECT_EQ(read_pr(R"([\a\b])"), R"([\a \b])");
  EXPECT_EQ(read_pr(R"((\)))"), R"((\)))");
}

TEST(Reader, KeywordsAndSymbols) {
  EXPECT_TRUE(read_one(":a").identical(keyword("a")));
  EXPECT_TRUE(read_one(":ns/a").identical(keyword("ns", "a")));
  SourceMap m;
  auto r = read_all("::local", "t.ba", m, "my.app");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.value()[0].identical(keyword("my.app", "local")));
  EXPECT_TRUE(read_one("::k").identical(keyword("user", "k")));
  for (const char* s : {"foo", "/", "ns/name", "a.b.c/d", "+", "-", "->", "|>", "...", "a?", "set!", "<=", "%", "λ",
                        "a'b", "*earmuffs*", "-foo", "+a", ".method", "a#"}) {
    Value v = read_one(s);
    EXPECT_TRUE(v.is_symbol()) << s;
    EXPECT_EQ(name_text(v), s);
  }
  EXPECT_EQ(name_text(read_one("a.b.c/d")), "a.b.c/d");
  EXPECT_EQ(read_one("a.b.c/d").as_name()->ns(), "a.b.c");
  EXPECT_TRUE(read_one("nil").is_nil());
  EXPECT_TRUE(read_one("true").is_true());
  EXPECT_TRUE(read_one("false").is_false());
}

TEST(Reader, Collections) {
  EXPECT_TRUE(is_empty_list(read_one("()")));
  EXPECT_EQ(read_pr("(1 2 3)"), "(1 2 3)");
  EXPECT_EQ(read_pr("[1 [2] ()]"), "[1 [2] ()]");
  EXPECT_TRUE(is_map(read_one("{}")));
  EXPECT_EQ(read_pr("{:a 1, :b 2}"), "{:a 1 :b 2}");
  Value t = read_one("{:compute 1 2}");
  ASSERT_TRUE(is_tuple(t));
  EXPECT_EQ(as_tuple(t)->size, 3u);
  EXPECT_TRUE(is_tuple(read_one("{:shutdown}")));
  EXPECT_EQ(read_pr("{:exit pid reason}"), "{:exit pid reason}");
  Value s = read_one("#{1 2 3}");
  ASSERT_TRUE(is_set(s));
  EXPECT_EQ(set_count(s), 3u);
  EXPECT_TRUE(is_set(read_one("#{}")));
  // Commas are whitespace.
  EXPECT_EQ(read_pr("[1,2,,3]"), "[1 2 3]");
  // A map of more than 8 entries.
  Value big = read_one("{1 1 2 2 3 3 4 4 5 5 6 6 7 7 8 8 9 9 10 10}");
  EXPECT_EQ(map_count(big), 10u);
}

TEST(Reader, ReaderMacros) {
  EXPECT_EQ(read_pr("'x"), "(quote x)");
  EXPECT_EQ(read_pr("`(a ~b ~@c)"), "(syntax-quote (a (unquote b) (unquote-splicing c)))");
  EXPECT_EQ(read_pr("@a"), "(deref a)");
  EXPECT_EQ(read_pr("#'inc"), "(var inc)");
  EXPECT_EQ(read_pr("#'str/join"), "(var str/join)");
  EXPECT_EQ(read_pr("' x"), "(quote x)");
  EXPECT_EQ(read_pr("''x"), "(quote (quote x))");
  EXPECT_EQ(read_pr(R"(#"\d+\.\"x")"), R"((re-pattern "\\d+\\.\\\"x"))");
  Value re = read_one(R"(#"a\d")");
  EXPECT_EQ(string_view_of(list_first(list_rest(re))), "a\\d");
}

TEST(Reader, Discard) {
  EXPECT_EQ(read_pr("[1 #_2 3]"), "[1 3]");
  EXPECT_EQ(read_pr("[1 #_ #_ 2 3 4]"), "[1 4]");
  EXPECT_EQ(read_pr("[#_(a b [c]) 1]"), "[1]");
  SourceMap m;
  auto r = read_all("#_x", "t.ba", m);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.value().empty());
}

TEST(Reader, Comments) {
  EXPECT_EQ(read_pr("; comment\n[1 ; two\n 3]"), "[1 3]");
  EXPECT_EQ(read_pr("#| block |# [1 #| nested #| deeper |# still |# 2]"), "[1 2]");
  EXPECT_EQ(read_pr("[1 #|\nmulti\nline|# 2]"), "[1 2]");
}

TEST(Reader, FnLiteral) {
  Value f = read_one("#(+ % %2 %&)");
  std::string printed = pr_str(f);
  // (fn [%1__N %2__N & %&__N] (+ %1__N %2__N %&__N))
  ASSERT_TRUE(is_cons(f));
  EXPECT_EQ(name_text(list_first(f)), "fn");
  const Value& params = list_first(list_rest(f));
  ASSERT_TRUE(is_vector(params));
  ASSERT_EQ(vector_count(params), 4u);
  EXPECT_EQ(name_text(vector_at(params, 2)), "&");
  const Value& body = list_first(list_rest(list_rest(f)));
  EXPECT_TRUE(vector_at(params, 0).identical(list_first(list_rest(body))));
  EXPECT_TRUE(vector_at(params, 1).identical(list_first(list_rest(list_rest(body)))));
  EXPECT_TRUE(vector_at(params, 3).identical(list_first(list_rest(list_rest(list_rest(body))))));
  EXPECT_EQ(name_text(vector_at(params, 0)).substr(0, 4), "%1__");
  // % and %1 are the same parameter; %3 alone implies %1 and %2.
  Value g = read_one("#(list % %1 %3)");
  EXPECT_EQ(vector_count(list_first(list_rest(g))), 3u);
  // Two fn literals get different parameter names.
  Value a = read_one("#(%)"), b = read_one("#(%)");
  EXPECT_FALSE(vector_at(list_first(list_rest(a)), 0).identical(vector_at(list_first(list_rest(b)), 0)));
  // %foo is an ordinary symbol, and % outside #() is a plain symbol.
  EXPECT_NE(pr_str(read_one("#(f %foo)")).find("%foo)"), std::string::npos);
  EXPECT_EQ(read_pr("(f %)"), "(f %)");
  EXPECT_EQ(read_pr("#()"), "(fn [] ())");
}

TEST(Reader, Lang) {
  EXPECT_EQ(read_pr("#lang batuta/a\n(+ 1 2)"), "(+ 1 2)");
  EXPECT_EQ(read_error("#lang batuta/b\nx"), "main.ba:1:1: Profile B is not supported by this reader yet");
  EXPECT_EQ(read_error("#lang batuta/c\nx"), "main.ba:1:1: Profile C is not supported by this reader yet");
  EXPECT_EQ(read_error("#lang python\nx"), "main.ba:1:1: unknown #lang python (expected batuta/a, batuta/b or batuta/c)");
  EXPECT_EQ(read_error("x\n#lang batuta/a"), "main.ba:2:1: #lang must be the first line of the file");
}

TEST(Reader, ReadOneAtATime) {
  SourceMap m;
  Reader r("1 (a) :k", "t.ba", m);
  Value v;
  auto step = [&] { return r.read(v); };
  auto a = step();
  ASSERT_TRUE(a.ok() && a.value());
  EXPECT_EQ(v.as_fixnum(), 1);
  EXPECT_EQ(r.last_position(), (SourcePos{1, 1}));
  auto b = step();
  ASSERT_TRUE(b.ok() && b.value());
  EXPECT_EQ(r.last_position(), (SourcePos{1, 3}));
  auto c = step();
  ASSERT_TRUE(c.ok() && c.value());
  EXPECT_EQ(r.last_position(), (SourcePos{1, 7}));
  auto d = step();
  ASSERT_TRUE(d.ok());
  EXPECT_FALSE(d.value());
  auto e = step();  // stays at the end
  ASSERT_TRUE(e.ok());
  EXPECT_FALSE(e.value());
}

// read -> pr_str -> read gives an equal value, and the printed form is the
// canonical one.
TEST(Reader, RoundTrip) {
  struct Case {
    const char* source;
    const char* printed;
  };
  const Case cases[] = {
      {"42", "42"},
      {"-7", "-7"},
      {"+5", "5"},
      {"1_000", "1000"},
      {"12N", "12"},
      {"123456789012345678901234567890", "123456789012345678901234567890"},
      {"#x1A", "26"},
      {"#36rZZ", "1295"},
      {"1/3", "1/3"},
      {"4/2", "2"},
      {"3.14", "3.14"},
      {"1e-9", "1.0E-9"},
      {"-2.5E3", "-2500.0"},
      {"##Inf", "##Inf"},
      {"##-Inf", "##-Inf"},
      {R"("a\"b\\c\nd")", R"("a\"b\\c\nd")"},
      {R"("\u{1F600}")", "\"\U0001F600\""},
      {R"(\a)", R"(\a)"},
      {R"(\newline)", R"(\newline)"},
      {R"(\space)", R"(\space)"},
      {R"(\u0041)", R"(\A)"},
      {R"(\u0001)", R"(\u0001)"},
      {":a", ":a"},
      {":ns/a", ":ns/a"},
      {"::local", ":user/local"},
      {"sym", "sym"},
      {"a.b/c", "a.b/c"},
      {"nil", "nil"},
      {"true", "true"},
      {"false", "false"},
      {"()", "()"},
      {"(1 (2 3) [4])", "(1 (2 3) [4])"},
      {"[]", "[]"},
      {"{}", "{}"},
      {"{:a 1}", "{:a 1}"},
      {"{:compute 1 2}", "{:compute 1 2}"},
      {"#{}", "#{}"},
      {"#{:x}", "#{:x}"},
      {"'x", "(quote x)"},
      {"`x", "(syntax-quote x)"},
      {"~x", "(unquote x)"},
      {"~@x", "(unquote-splicing x)"},
      {"@x", "(deref x)"},
      {"#'x", "(var x)"},
      {R"(#"a\d")", R"((re-pattern "a\\d"))"},
  };
  for (const Case& c : cases) {
    Value v = read_one(c.source);
    std::string printed = pr_str(v);
    EXPECT_EQ(printed, c.printed) << c.source;
    Value again = read_one(printed);
    EXPECT_TRUE(equals(v, again)) << c.source << " -> " << printed << " -> " << pr_str(again);
  }
  // ##NaN is not = to itself; it round-trips as NaN.
  EXPECT_EQ(read_pr("##NaN"), "##NaN");
  EXPECT_TRUE(std::isnan(read_one(read_pr("##NaN")).as_double()));
}

}  // namespace
}  // namespace batuta
