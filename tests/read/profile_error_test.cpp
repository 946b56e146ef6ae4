// profile_error_test.cpp: syntax errors of Profiles B and C. Each names
// file:line:column and says what was expected and what came instead; the
// REPL relies on `incomplete` to ask for more lines.
#include <gtest/gtest.h>

#include "profile_test_util.h"

namespace batuta::test {
namespace {

TEST(ProfileErrors, ExpectedAndGot) {
  EXPECT_EQ(b_error("x +"), "t.ba:1:4: expected an expression after +, got the end of input");
  EXPECT_EQ(b_error("x + * y"), "t.ba:1:5: expected an expression after +, got *");
  // Without `then`, `if` is Profile A's if (a call), so `else` is out of place.
  EXPECT_EQ(b_error("if a b else c"), "t.ba:1:8: expected an operator or the end of the expression, got else");
  EXPECT_EQ(b_error("if a else b then c"), "t.ba:1:6: expected then after the condition of if, got else");
  EXPECT_EQ(b_error("if x then"), "t.ba:1:10: expected an expression after then, got the end of input");
  EXPECT_EQ(b_error("if x then 1 else"), "t.ba:1:17: expected an expression after else, got the end of input");
  EXPECT_EQ(b_error("let x = 1 x"), "t.ba:1:12: expected in after the value of let, got the end of input");
  EXPECT_EQ(b_error("let x = 1 in"), "t.ba:1:13: expected an expression after in, got the end of input");
  EXPECT_EQ(b_error("define f x ="), "t.ba:1:13: expected an expression after =, got the end of input");
  EXPECT_EQ(b_error("f x then y"), "t.ba:1:5: expected an operator or the end of the expression, got then");
  EXPECT_EQ(b_error("(a b then)"), "t.ba:1:6: expected an operator or ), got then");
  EXPECT_EQ(b_error("else"), "t.ba:1:1: expected an expression, got else");
  EXPECT_EQ(b_error("- )"), "t.ba:1:3: unexpected )");
  EXPECT_EQ(b_error("[1 :: ]"), "t.ba:1:7: expected a type after ::, got ]");
  EXPECT_EQ(b_error(":: Int"), "t.ba:1:1: expected an expression, got ::");
  EXPECT_EQ(b_error("'"), "t.ba:1:2: expected a form after ', got the end of input");
}

TEST(ProfileErrors, NextTopLevelFormIsNamed) {
  EXPECT_EQ(b_error("x = 1 +\nfoo\n"),
            "t.ba:1:8: expected an expression after +, got a new top-level form at 2:1 (a line in column 1 starts a "
            "new form; indent it to continue this one)");
  EXPECT_EQ(b_error("define f n =\n  if n then 1\nelse 2\n"), "t.ba:3:1: expected an expression, got else");
}

TEST(ProfileErrors, LexicalErrorsMatchProfileA) {
  EXPECT_EQ(b_error("f (a\n  (b"), "t.ba:2:3: unclosed ( opened at 2:3: expected ) before the end of input at 2:5");
  EXPECT_EQ(b_error("f [a)"), "t.ba:1:5: unexpected ): expected ] to close the [ opened at 1:3");
  EXPECT_EQ(b_error("x )"), "t.ba:1:3: unexpected )");
  EXPECT_EQ(b_error("\"abc"), "t.ba:1:1: unterminated string: expected \" before the end of input at 1:5");
  EXPECT_EQ(b_error("f \"a\\qb\""), "t.ba:1:5: unknown escape \\q in string");
  EXPECT_EQ(b_error("f\n  12ab"), "t.ba:2:3: invalid number 12ab");
  EXPECT_EQ(b_error("#| open"), "t.ba:1:1: unclosed #| comment opened at 1:1: expected |# before the end of input");
  EXPECT_EQ(b_error("f #_"), "t.ba:1:3: #_ needs a form to discard");
  EXPECT_EQ(b_error("x\n#lang batuta/b"), "t.ba:2:1: #lang must be the first line of the file");
  EXPECT_EQ(b_error("caf\xe9"), "t.ba:1:4: invalid UTF-8");
  EXPECT_EQ(b_error("{:a 1 :a 2}"), "t.ba:1:7: duplicate key :a in map literal");
  EXPECT_EQ(b_error("#(f #(g))"), "t.ba:1:5: nested #() is not allowed: use (fn [...] ...) for the inner function");
  EXPECT_EQ(b_error("#(f %21)"), "t.ba:1:5: invalid fn literal parameter %21 (expected %, %1 to %20 or %&)");
}

TEST(ProfileErrors, PipeNeedsAFunctionOrCall) {
  EXPECT_EQ(b_error("x |> let a = 1 in a"), "t.ba:1:6: expected a function or a call after |>, got a let expression");
  EXPECT_EQ(b_error("x |> - f"), "t.ba:1:6: expected a function or a call after |>, got an operator expression");
}

TEST(ProfileErrors, Incomplete) {
  EXPECT_TRUE(profile_error("x +", Profile::B).incomplete);
  EXPECT_TRUE(profile_error("f (a", Profile::B).incomplete);
  EXPECT_TRUE(profile_error("\"abc", Profile::B).incomplete);
  EXPECT_TRUE(profile_error("define f x =", Profile::B).incomplete);
  EXPECT_TRUE(profile_error("if a then", Profile::B).incomplete);
  EXPECT_FALSE(profile_error("x + * y", Profile::B).incomplete);
  EXPECT_FALSE(profile_error("x = 1 +\nfoo", Profile::B).incomplete);
  EXPECT_FALSE(profile_error("f [a)", Profile::B).incomplete);
  EXPECT_TRUE(profile_error("define f x", Profile::C).incomplete);
  EXPECT_TRUE(profile_error("match x", Profile::C).incomplete);
  EXPECT_TRUE(profile_error("define f x =", Profile::C).incomplete);
  EXPECT_TRUE(profile_error("if a ->", Profile::C).incomplete);
  EXPECT_FALSE(profile_error("define f x\ny", Profile::C).incomplete);
}

TEST(ProfileErrors, ProfileC) {
  EXPECT_EQ(c_error("define f x\ny"),
            "t.ba:1:11: expected = or an indented body after the parameters of define, got the end of the line");
  EXPECT_EQ(c_error("define f x\n  a -> 1"),
            "t.ba:2:5: expected an expression, got a clause with -> (clauses belong in the block of match, receive or "
            "cond, or after `if c -> v`)");
  EXPECT_EQ(c_error("define"), "t.ba:1:7: expected a name after define, got the end of input");
  EXPECT_EQ(c_error("define 1 = 2"), "t.ba:1:8: expected a name after define, got 1");
  EXPECT_EQ(c_error("if -> 1"), "t.ba:1:4: expected a condition after if, got ->");
  EXPECT_EQ(c_error("if a ->\nb"), "t.ba:1:8: expected a value after ->, got the end of the line");
  EXPECT_EQ(c_error("if a + -> 1"), "t.ba:1:8: expected an expression after +, got ->");
  EXPECT_EQ(c_error("define f x\n    a\n  b\n"), "t.ba:3:3: expected the indentation of a block above, column 5 or column 1, got column 3");
  EXPECT_EQ(c_error("  a\nb\n"), "t.ba:2:1: expected a top-level line in column 3 (as the first line), got column 1");
  EXPECT_EQ(c_error("cond\n  a when b -> 1\n"), "t.ba:2:5: expected ->, got when (cond clauses take no guard)");
}

TEST(ProfileErrors, MixedTabsAndSpaces) {
  EXPECT_EQ(c_error("define f x\n \tx\n"), "t.ba:2:2: mixed tabs and spaces in indentation");
  EXPECT_EQ(c_error("define f x\n  a\n\tb\n"),
            "t.ba:3:1: indentation with a tab, but line 2 indents with spaces (mixed tabs and spaces)");
  EXPECT_EQ(c_error("define f x\n\ta\ndefine g y\n  b\n"),
            "t.ba:4:1: indentation with a space, but line 2 indents with tabs (mixed tabs and spaces)");
  // Inside brackets indentation does not count, and Profile B ignores it.
  EXPECT_EQ(c_error("f (a\n\t b)\n"), "");
  EXPECT_EQ(b_error("f\n  a\n\tb\n"), "");
}

TEST(ProfileErrors, DeepNestingIsAnErrorNotACrash) {
  std::string deep(100000, '(');
  EXPECT_EQ(b_error(deep), "t.ba:1:100000: unclosed ( opened at 1:100000: expected ) before the end of input at 1:100001");
  std::string groups = std::string(600, '(') + "x" + std::string(600, ')');
  EXPECT_NE(b_error(groups).find("too deeply nested"), std::string::npos);
  std::string vectors = std::string(600, '[') + std::string(600, ']');
  EXPECT_NE(b_error(vectors).find("too deeply nested"), std::string::npos);
  std::string negations;
  for (int i = 0; i < 100000; ++i) negations += "- ";
  EXPECT_NE(b_error(negations + "x").find("too deeply nested"), std::string::npos);
  std::string quotes(100000, '\'');
  EXPECT_NE(b_error(quotes + "x").find("too deeply nested"), std::string::npos);
  std::string ifs;
  for (int i = 0; i < 10000; ++i) ifs += "if a then ";
  EXPECT_NE(b_error(ifs + "b").find("too deeply nested"), std::string::npos);
  std::string lets;
  for (int i = 0; i < 10000; ++i) lets += "let x = 1 in ";
  EXPECT_NE(b_error(lets + "x").find("too deeply nested"), std::string::npos);
  std::string staircase;
  for (int i = 0; i < 5000; ++i) staircase += std::string(i, ' ') + "f\n";
  EXPECT_NE(c_error(staircase).find("too deeply nested"), std::string::npos);
  // Within the limit, deep nesting reads.
  std::string ok = std::string(200, '(') + "f" + std::string(200, ')');
  EXPECT_EQ(b_error(ok), "");
}

}  // namespace
}  // namespace batuta::test
