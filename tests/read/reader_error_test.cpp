// reader_error_test.cpp: every error message, with its position.
#include <gtest/gtest.h>

#include <string>

#include "reader_test_util.h"

namespace batuta {
namespace {

using test::read_error;

TEST(ReaderErrors, Delimiters) {
  EXPECT_EQ(read_error("(ok)\n(a\n  (b"), "main.ba:3:3: unclosed ( opened at 3:3: expected ) before the end of input at 3:5");
  EXPECT_EQ(read_error("(a [b"), "main.ba:1:4: unclosed [ opened at 1:4: expected ] before the end of input at 1:6");
  EXPECT_EQ(read_error("{a"), "main.ba:1:1: unclosed { opened at 1:1: expected } before the end of input at 1:3");
  EXPECT_EQ(read_error("#{a"), "main.ba:1:1: unclosed #{ opened at 1:1: expected } before the end of input at 1:4");
  EXPECT_EQ(read_error("a )"), "main.ba:1:3: unexpected )");
  EXPECT_EQ(read_error("]"), "main.ba:1:1: unexpected ]");
  EXPECT_EQ(read_error("(a\n  ]"), "main.ba:2:3: unexpected ]: expected ) to close the ( opened at 1:1");
  EXPECT_EQ(read_error("#(a"), "main.ba:1:2: unclosed ( opened at 1:2: expected ) before the end of input at 1:4");
}

TEST(ReaderErrors, Numbers) {
  EXPECT_EQ(read_error("12ab"), "main.ba:1:1: invalid number 12ab");
  EXPECT_EQ(read_error("[1 2x]"), "main.ba:1:4: invalid number 2x");
  EXPECT_EQ(read_error("1/0"), "main.ba:1:1: invalid number 1/0");
  EXPECT_EQ(read_error("1/-2"), "main.ba:1:1: invalid number 1/-2");
  EXPECT_EQ(read_error("1__0"), "main.ba:1:1: invalid number 1__0");
  EXPECT_EQ(read_error("1_"), "main.ba:1:1: invalid number 1_");
  EXPECT_EQ(read_error("1.5.5"), "main.ba:1:1: invalid number 1.5.5");
  EXPECT_EQ(read_error("1e"), "main.ba:1:1: invalid number 1e");
  EXPECT_EQ(read_error("-1.5N"), "main.ba:1:1: invalid number -1.5N");
  EXPECT_EQ(read_error("#xZZ"), "main.ba:1:1: invalid number #xZZ");
  EXPECT_EQ(read_error("#37r1"), "main.ba:1:1: invalid number #37r1");
  EXPECT_EQ(read_error("#b102"), "main.ba:1:1: invalid number #b102");
  EXPECT_EQ(read_error("##Foo"), "main.ba:1:1: unknown symbolic value ##Foo (expected ##Inf, ##-Inf or ##NaN)");
}

TEST(ReaderErrors, StringsAndCharacters) {
  EXPECT_EQ(read_error("x \"abc\n"), "main.ba:1:3: unterminated string: expected \" before the end of input at 2:1");
  EXPECT_EQ(read_error("\"a\\"), "main.ba:1:1: unterminated string: expected \" before the end of input at 1:4");
  EXPECT_EQ(read_error(R"("a\qb")"), R"(main.ba:1:3: unknown escape \q in string)");
  EXPECT_EQ(read_error("\"a\\\u00e9\""), "main.ba:1:3: unknown escape \\\u00e9 in string");
  EXPECT_EQ(read_error(R"("\u{D800}")"), R"(main.ba:1:2: invalid Unicode escape \uD800 in string (expected the hex digits of a Unicode scalar value))");
  EXPECT_EQ(read_error(R"("\u{110000}")"), R"(main.ba:1:2: invalid Unicode escape \u110000 in string (expected the hex digits of a Unicode scalar value))");
  EXPECT_EQ(read_error(R"("\u12")"), R"(main.ba:1:2: invalid Unicode escape in string: expected \uXXXX or \u{hex digits})");
  EXPECT_EQ(read_error(R"("\u12G4")"), R"(main.ba:1:2: invalid Unicode escape \u12G4 in string (expected the hex digits of a Unicode scalar value))");
  EXPECT_EQ(read_error(R"("\u{12")"), R"(main.ba:1:2: invalid Unicode escape in string: expected \u{hex digits})");
  EXPECT_EQ(read_error(R"(\foo)"), R"(main.ba:1:1: unknown character name \foo)");
  EXPECT_EQ(read_error(R"([\uD800])"), R"(main.ba:1:2: unknown character name \uD800)");
  EXPECT_EQ(read_error("\\"), "main.ba:1:1: a character literal needs a character after \\");
  EXPECT_EQ(read_error("\\ x"), "main.ba:1:1: a character literal needs a character after \\");
  EXPECT_EQ(read_error("#\"abc"), "main.ba:1:1: unterminated regex: expected \" before the end of input at 1:6");
}

TEST(ReaderErrors, InvalidUtf8) {
  EXPECT_EQ(read_error("(a\n b \xFF)"), "main.ba:2:4: invalid UTF-8");
  EXPECT_EQ(read_error("\"\xC3\""), "main.ba:1:2: invalid UTF-8");
  EXPECT_EQ(read_error("\xED\xA0\x80"), "main.ba:1:1: invalid UTF-8");  // a surrogate
  EXPECT_EQ(read_error("\u00e9\u00e9 \xC0\x80"), "main.ba:1:4: invalid UTF-8");  // overlong
}

TEST(ReaderErrors, ReaderMacrosAndDispatch) {
  EXPECT_EQ(read_error("(a #_)"), "main.ba:1:4: #_ needs a form to discard");
  EXPECT_EQ(read_error("#_"), "main.ba:1:1: #_ needs a form to discard");
  EXPECT_EQ(read_error("(')"), "main.ba:1:2: ' needs a form after it");
  EXPECT_EQ(read_error("`"), "main.ba:1:1: ` needs a form after it");
  EXPECT_EQ(read_error("[~@]"), "main.ba:1:2: ~@ needs a form after it");
  EXPECT_EQ(read_error("(#')"), "main.ba:1:2: #' needs a form after it");
  EXPECT_EQ(read_error("@"), "main.ba:1:1: @ needs a form after it");
  EXPECT_EQ(read_error("#(a #(b))"), "main.ba:1:5: nested #() is not allowed: use (fn [...] ...) for the inner function");
  EXPECT_EQ(read_error("#(f %21)"), "main.ba:1:5: invalid fn literal parameter %21 (expected %, %1 to %20 or %&)");
  EXPECT_EQ(read_error("#(f %0)"), "main.ba:1:5: invalid fn literal parameter %0 (expected %, %1 to %20 or %&)");
  EXPECT_EQ(read_error("#foo"), "main.ba:1:1: unknown dispatch #foo");
  EXPECT_EQ(read_error("# x"), "main.ba:1:1: unknown dispatch # ");
  EXPECT_EQ(read_error("#"), "main.ba:1:1: # needs a dispatch character after it");
  EXPECT_EQ(read_error("a #| b #| c |#"), "main.ba:1:3: unclosed #| comment opened at 1:3: expected |# before the end of input");
}

TEST(ReaderErrors, KeywordsAndAnnotations) {
  EXPECT_EQ(read_error(":"), "main.ba:1:1: invalid keyword :");
  EXPECT_EQ(read_error(":::a"), "main.ba:1:1: invalid keyword :::a");
  EXPECT_EQ(read_error("::a/b"), "main.ba:1:1: invalid keyword ::a/b: ::name takes the current namespace, not another one");
  EXPECT_EQ(read_error("[:: Int]"), "main.ba:1:2: :: needs a form before it to annotate");
  EXPECT_EQ(read_error("[x ::]"), "main.ba:1:4: :: needs a type after it");
  EXPECT_EQ(read_error("x :: Int"), "main.ba:1:3: :: annotates a form inside a list, vector or braces");
}

TEST(ReaderErrors, Duplicates) {
  EXPECT_EQ(read_error("{:a 1\n :a 2}"), "main.ba:2:2: duplicate key :a in map literal");
  EXPECT_EQ(read_error("{1 1 2 2 3 3 4 4 5 5 6 6 7 7 8 8 9 9 1 0}"), "main.ba:1:38: duplicate key 1 in map literal");
  EXPECT_EQ(read_error("#{1 2 1}"), "main.ba:1:7: duplicate element 1 in set literal");
  EXPECT_EQ(read_error("#{[1 2] (1 2)}"), "main.ba:1:9: duplicate element (1 2) in set literal");
  // Odd brace forms are tuples, never an error.
  EXPECT_EQ(read_error("{:a 1 :b}"), "");
}

TEST(ReaderErrors, Nesting) {
  std::string deep(10000, '[');
  EXPECT_EQ(read_error(deep), "main.ba:1:1001: too deeply nested (more than 1000 levels)");
  std::string quotes(10000, '\'');
  EXPECT_EQ(read_error(quotes + "x"), "main.ba:1:1001: too deeply nested (more than 1000 levels)");
  std::string discards;
  for (int i = 0; i < 10000; ++i) discards += "#_";
  EXPECT_NE(read_error(discards + "x"), "");
  // 999 levels are fine.
  std::string ok = std::string(999, '(') + std::string(999, ')');
  EXPECT_EQ(read_error(ok), "");
}

TEST(ReaderErrors, ErrorIsStickyAndStructured) {
  SourceMap m;
  Reader r("1 )", "f.ba", m);
  Value v;
  ASSERT_TRUE(r.read(v).ok());
  EXPECT_EQ(r.last_error(), nullptr);
  auto e1 = r.read(v);
  ASSERT_FALSE(e1.ok());
  auto e2 = r.read(v);
  ASSERT_FALSE(e2.ok());
  EXPECT_EQ(e1.error().message, e2.error().message);
  ASSERT_NE(r.last_error(), nullptr);
  EXPECT_EQ(r.last_error()->file, "f.ba");
  EXPECT_EQ(r.last_error()->pos, (SourcePos{1, 3}));
  EXPECT_EQ(r.last_error()->what, "unexpected )");
}

TEST(ReaderErrors, HugeTokensAreCutInMessages) {
  std::string token = "1" + std::string(1000, 'a');
  std::string msg = read_error(token);
  EXPECT_LT(msg.size(), 100u);
  EXPECT_NE(msg.find("..."), std::string::npos);
}

}  // namespace
}  // namespace batuta
