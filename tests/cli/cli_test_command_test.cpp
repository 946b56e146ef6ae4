// cli_test_command_test.cpp: `batuta test`, driven through pipes on the
// suites under tests/cli/fixtures/test_command/ (a passing one, a failing
// one, a panicking one in a subdirectory, and a helper that is not a test).
// The tests run from the source root, so reports name those paths.
#include <gtest/gtest.h>
#include <gmock/gmock.h>

#include <string>

#include "cli_test_support.h"

namespace batuta::cli_test {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kDir = "tests/cli/fixtures/test_command";
const std::string kPassing = kDir + "/passing_test.ba";
const std::string kFailing = kDir + "/failing_test.ba";
const std::string kPanicking = kDir + "/nested/panicking_test.ba";

TEST(CliTestCommand, PassingSuiteExitsZeroWithTheSummaryLast) {
  const Outcome r = run_batuta({"test", kPassing});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_THAT(r.out, HasSubstr("Testing " + kPassing + "\n"));
  EXPECT_THAT(r.out, HasSubstr("Ran 3 tests containing 6 assertions in 1 file.\n"));
  EXPECT_THAT(r.out, EndsWith("\n3 passed, 0 failed\n"));
  EXPECT_THAT(r.out, Not(HasSubstr("FAIL")));
}

TEST(CliTestCommand, EqualityFailureShowsExpressionExpectedActualContextAndPosition) {
  const Outcome r = run_batuta({"test", kFailing});
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.out, HasSubstr("FAIL in failing-test/sums (" + kFailing + ":8)\n"
                               "  addition\n"
                               "  one and one\n"
                               "  expression: (= 3 (+ 1 1))\n"
                               "    expected: 3\n"
                               "      actual: 2\n"));
  EXPECT_THAT(r.out, EndsWith("\n1 passed, 3 failed\n"));
}

TEST(CliTestCommand, CollectionFailureShowsWhereTheValuesDiffer) {
  const Outcome r = run_batuta({"test", kFailing});
  EXPECT_THAT(r.out, HasSubstr("FAIL in failing-test/maps-differ (" + kFailing + ":11)\n"));
  EXPECT_THAT(r.out, HasSubstr("        diff: at [:tags 1]: expected :b, actual :c\n"
                               "              at [:extra]: unexpected true\n"));
}

TEST(CliTestCommand, PredicateAndPanicAssertionsShowWhatHappened) {
  const Outcome r = run_batuta({"test", kFailing});
  // The predicate's argument is shown evaluated.
  EXPECT_THAT(r.out, HasSubstr("FAIL in failing-test/predicates (" + kFailing + ":14)\n"
                               "  expression: (odd? (* 2 3))\n"
                               "      actual: (not (odd? 6))\n"));
  EXPECT_THAT(r.out, HasSubstr("FAIL in failing-test/predicates (" + kFailing + ":15)\n"
                               "  expression: (panics? (+ 1 1))\n"
                               "    expected: a panic\n"
                               "      actual: no panic; the value was 2\n"));
}

TEST(CliTestCommand, PanickingTestIsAnErrorWithItsTraceAndTheNextTestRuns) {
  const Outcome r = run_batuta({"test", kPanicking});
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.out, HasSubstr("ERROR in panicking-test/crashes (" + kPanicking + ":9)\n"
                               "  panic: /: division by zero\n"));
  EXPECT_THAT(r.out, HasSubstr("at average (" + kPanicking + ":7:3)"));
  EXPECT_THAT(r.out, HasSubstr("Ran 2 tests containing 1 assertion in 1 file.\n"));
  EXPECT_THAT(r.out, EndsWith("\n1 passed, 1 failed\n"));
}

TEST(CliTestCommand, DirectoryIsSearchedRecursivelyInSortedOrder) {
  const Outcome r = run_batuta({"test", kDir});
  EXPECT_EQ(r.status, 1);
  const size_t failing = r.out.find("Testing " + kFailing);
  const size_t panicking = r.out.find("Testing " + kPanicking);
  const size_t passing = r.out.find("Testing " + kPassing);
  ASSERT_NE(failing, std::string::npos) << r.out;
  ASSERT_NE(panicking, std::string::npos) << r.out;
  ASSERT_NE(passing, std::string::npos) << r.out;
  EXPECT_LT(failing, panicking);  // "nested/..." sorts between the two files
  EXPECT_LT(panicking, passing);
  EXPECT_THAT(r.out, Not(HasSubstr("helper.ba was loaded")));  // not a *_test.ba file
  EXPECT_THAT(r.out, HasSubstr("Ran 9 tests containing 12 assertions in 3 files.\n"));
  EXPECT_THAT(r.out, EndsWith("\n5 passed, 4 failed\n"));
}

TEST(CliTestCommand, FileNamedTwiceRunsOnce) {
  const Outcome r = run_batuta({"test", kPassing, kDir + "/./passing_test.ba"});
  EXPECT_EQ(r.status, 0);
  EXPECT_THAT(r.out, EndsWith("\n3 passed, 0 failed\n"));
}

TEST(CliTestCommand, MissingPathIsAUsageError) {
  const Outcome r = run_batuta({"test", kPassing, "no/such/dir"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "batuta: test: no such file or directory: no/such/dir\n");
  EXPECT_EQ(r.out, "");  // nothing ran
}

TEST(CliTestCommand, DefaultDirectoryIsTest) {
  // The tests run from the source root, which has tests/ but no test/.
  const Outcome r = run_batuta({"test"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "batuta: test: no such file or directory: test\n");
}

TEST(CliTestCommand, FileThatDoesNotLoadCountsAsAFailure) {
  TempDir dir;
  dir.write("good_test.ba",
            "(ns good-test (:require [batuta.test :refer [deftest is]]))\n"
            "(deftest ok (is true))\n");
  dir.write("broken_test.ba",
            "(ns broken-test (:require [batuta.test :refer [deftest is]]))\n"
            "(deftest never-runs (is true))\n"
            "(+ 1 \"a\")\n");
  const Outcome r = run_batuta({"test", dir.path()});
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.out, HasSubstr("ERROR loading " + dir.file("broken_test.ba") + "\n"
                               "panic: +: expected a number, got \"a\" (a string)\n"));
  EXPECT_THAT(r.out, HasSubstr("1 file failed to load (each counts as a failed test).\n"));
  // The broken file's tests are not run; the good file's are.
  EXPECT_THAT(r.out, HasSubstr("Ran 1 test containing 1 assertion in 2 files.\n"));
  EXPECT_THAT(r.out, EndsWith("\n1 passed, 1 failed\n"));
}

TEST(CliTestCommand, EmptyDirectoryRunsNothingAndSaysSo) {
  TempDir dir;
  dir.write("notes.ba", "(println \"not a test\")\n");
  const Outcome r = run_batuta({"test", dir.path()});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.err, "batuta: test: no *_test.ba files in " + dir.path() + "\n");
  EXPECT_THAT(r.out, EndsWith("\n0 passed, 0 failed\n"));
}

TEST(CliTestCommand, WithOutStrThatPanicsDoesNotSwallowTheReport) {
  TempDir dir;
  const std::string file = dir.write("capture_test.ba",
                                     "(ns capture-test (:require [batuta.test :refer [deftest is]]))\n"
                                     "(deftest captured (with-out-str (println \"hidden\") (/ 1 0)))\n"
                                     "(deftest after (is (= 1 2)))\n");
  const Outcome r = run_batuta({"test", file});
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.out, HasSubstr("ERROR in capture-test/captured (" + file + ":2)\n"));
  EXPECT_THAT(r.out, HasSubstr("FAIL in capture-test/after (" + file + ":3)\n"));
  EXPECT_THAT(r.out, Not(HasSubstr("hidden")));
  EXPECT_THAT(r.out, EndsWith("\n0 passed, 2 failed\n"));
}

}  // namespace
}  // namespace batuta::cli_test
