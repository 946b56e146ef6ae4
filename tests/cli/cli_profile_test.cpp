// cli_profile_test.cpp: Profiles B and C through the `batuta` command:
// `read --desugar`, `run`, and the REPL's `:profile`.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "cli_test_support.h"

namespace batuta::cli_test {
namespace {

using ::testing::HasSubstr;

TEST(CliProfiles, ReadDesugarPrintsProfileAFormsWithTheirSource) {
  TempDir dir;
  const std::string file = dir.write("fact.ba",
                                     "#lang batuta/b\n"
                                     "; the seed's factorial\n"
                                     "define factorial n =\n"
                                     "  if n <= 1 then 1\n"
                                     "  else n * factorial (n - 1)\n"
                                     "data |> map f |> filter p\n");
  const Outcome r = run_batuta({"read", "--desugar", file});
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out,
            "; " + file + ":3:1\n"
            "(defn factorial [n] (if (<= n 1) 1 (* n (factorial (- n 1)))))\n"
            "; " + file + ":6:1\n"
            "(filter p (map f data))\n");
  // Without --desugar: the same forms, without the comments.
  const Outcome plain = run_batuta({"read", file});
  EXPECT_EQ(plain.out,
            "(defn factorial [n] (if (<= n 1) 1 (* n (factorial (- n 1)))))\n"
            "(filter p (map f data))\n");
}

TEST(CliProfiles, ReadDesugarProfileC) {
  TempDir dir;
  const std::string file = dir.write("c.ba",
                                     "#lang batuta/c\n"
                                     "define factorial n\n"
                                     "  if n <= 1 -> 1\n"
                                     "  else -> n * factorial (n - 1)\n");
  const Outcome r = run_batuta({"read", "--desugar", file});
  EXPECT_EQ(r.out, "; " + file + ":2:1\n(defn factorial [n] (cond (<= n 1) 1 :else (* n (factorial (- n 1)))))\n");
  EXPECT_EQ(r.status, 0);
}

TEST(CliProfiles, SyntaxErrorsNameLineAndColumn) {
  TempDir dir;
  const std::string file = dir.write("bad.ba", "#lang batuta/b\ndefine f x =\n  if x then 1 else\n");
  const Outcome r = run_batuta({"read", "--desugar", file});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, file + ":3:19: expected an expression after else, got the end of input\n");
  const Outcome run = run_batuta({"run", file});
  EXPECT_EQ(run.status, 1);
  EXPECT_EQ(run.err, file + ":3:19: expected an expression after else, got the end of input\n");
}

TEST(CliProfiles, ReplSwitchesProfile) {
  const Outcome r = run_batuta({"repl"},
                               ":profile b\n"
                               "1 + 2 * 3\n"
                               "define sq x =\n"
                               "  x * x\n"
                               "\n"
                               "sq 7\n"
                               ":profile\n"
                               ":profile c\n"
                               "define sign n\n"
                               "  if n < 0 -> :negative\n"
                               "  else -> :positive\n"
                               "\n"
                               "sign (- 2)\n"
                               ":profile a\n"
                               "(+ 1 2)\n");
  EXPECT_EQ(r.out, "7\n#'user/sq\n49\nprofile b\n#'user/sign\n:negative\n3\n");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.status, 0);
}

TEST(CliProfiles, ReplReportsProfileErrors) {
  const Outcome r = run_batuta({"repl"}, ":profile z\n:profile b\n1 + * 2\n3 - 1\nf (1\n");
  EXPECT_EQ(r.out, "2\n");
  EXPECT_THAT(r.err, HasSubstr(":profile takes a, b or c, got z"));
  EXPECT_THAT(r.err, HasSubstr("<repl>:1:5: expected an expression after +, got *"));
  // Input that ends inside a form is reported at the end.
  EXPECT_THAT(r.err, HasSubstr("unclosed ( opened at 1:3"));
}

}  // namespace
}  // namespace batuta::cli_test
