// cli_repl_pipe_test.cpp: `batuta repl` with input from a pipe: no prompts,
// the values on stdout, the errors on stderr.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "cli_test_support.h"

namespace batuta::cli_test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(CliReplPiped, PrintsEachValueWithoutPrompts) {
  const Outcome r = run_batuta({"repl"},
                               "(+ 1 2)\n"
                               "\n"
                               "; only a comment\n"
                               "(str \"a\" \"b\")\n"
                               "(+ 1\n"
                               "   2\n"
                               "   3)\n"
                               "nil\n"
                               ":done\n");
  EXPECT_EQ(r.out, "3\n\"ab\"\n6\nnil\n:done\n");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.status, 0);
}

TEST(CliReplPiped, StarVariablesFollowTheResults) {
  const Outcome r = run_batuta({"repl"}, "(* 6 7)\n(+ *1 1)\n[*1 *2]\n");
  EXPECT_EQ(r.out, "42\n43\n[43 42]\n");
}

TEST(CliReplPiped, ErrorsGoToStderrAndTheLoopGoesOn) {
  const Outcome r = run_batuta({"repl"}, "(+ 1 \"a\")\n(+ 2 2)\n(string? *e)\n");
  EXPECT_EQ(r.out, "4\ntrue\n");
  EXPECT_THAT(r.err, HasSubstr("panic: "));
  EXPECT_EQ(r.status, 0);
}

// A value whose lazy seq panics while it is printed fails that form, with
// the position of the code that panicked; the next form is unaffected
// (before, the seq printed as a partial list and the error came back at
// the next form that printed anything).
TEST(CliReplPiped, ALazySeqThatPanicsWhenPrintedFailsItsForm) {
  const Outcome r = run_batuta({"repl"}, "(def xs (map (fn [x] (/ 1 x)) [1 0]))\nxs\n(println :next)\n");
  EXPECT_EQ(r.out, "#'user/xs\n:next\nnil\n");
  EXPECT_EQ(r.err.rfind("panic: /: division by zero\n", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("at fn (<repl>:1:22)"), std::string::npos) << r.err;
}

TEST(CliReplPiped, DefinitionsPersistAcrossInputs) {
  const Outcome r = run_batuta({"repl"}, "(defn twice [x]\n  (* 2 x))\n(twice 21)\n");
  EXPECT_THAT(r.out, HasSubstr("42\n"));
  EXPECT_EQ(r.err, "");
}

TEST(CliReplPiped, FormsBeforeAnIncompleteOneRunOnce) {
  // The first line holds a complete form and the start of another: the
  // println runs at once (its nil is printed) and must not run again when
  // the second line completes the input.
  const Outcome r = run_batuta({"repl"}, "(println \"once\") (+ 1\n 2)\n");
  EXPECT_EQ(r.out, "once\nnil\n3\n");
}

TEST(CliReplPiped, InputEndingInsideAFormIsReported) {
  const Outcome r = run_batuta({"repl"}, "(+ 1 2)\n(println \"x\"\n");
  EXPECT_EQ(r.out, "3\n");
  EXPECT_THAT(r.err, HasSubstr("unclosed ( opened at 1:1"));
  EXPECT_THAT(r.out, Not(HasSubstr("=>")));
}

}  // namespace
}  // namespace batuta::cli_test
