// cli_run_test.cpp: `batuta run`, `batuta -e`, the help and the exit
// statuses, through pipes.
#include <gtest/gtest.h>
#include <gmock/gmock.h>

#include <string>

#include "cli_test_support.h"

namespace batuta::cli_test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

TEST(CliRun, PrintsWhatTheProgramPrints) {
  TempDir dir;
  const std::string file = dir.write("hello.ba",
                                     "(println \"hello\" 42)\n"
                                     "(prn [1 \"two\" :three])\n"
                                     "(defn square [x] (* x x))\n"
                                     "(println (square 12))\n");
  const Outcome r = run_batuta({"run", file});
  EXPECT_EQ(r.out, "hello 42\n[1 \"two\" :three]\n144\n");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.status, 0);
}

TEST(CliRun, OutputWithoutFinalNewlineIsFlushed) {
  TempDir dir;
  const Outcome r = run_batuta({"run", dir.write("p.ba", "(print \"no newline\")")});
  EXPECT_EQ(r.out, "no newline");
  EXPECT_EQ(r.status, 0);
}

TEST(CliRun, PanicExitsOneWithTheTraceOnStderr) {
  TempDir dir;
  const std::string file = dir.write("crash.ba",
                                     "(println \"before\")\n"
                                     "(defn add-a [x]\n"
                                     "  (+ x \"a\"))\n"
                                     "(add-a 1)\n"
                                     "(println \"never\")\n");
  const Outcome r = run_batuta({"run", file});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "before\n");
  EXPECT_THAT(r.err, StartsWith("panic: "));
  EXPECT_THAT(r.err, HasSubstr("\"a\""));
  EXPECT_THAT(r.err, HasSubstr("add-a"));            // the stack trace names the function
  EXPECT_THAT(r.err, HasSubstr("crash.ba:3:"));      // and where in it
}

TEST(CliRun, ReadErrorExitsOneWithItsPosition) {
  TempDir dir;
  const std::string file = dir.write("broken.ba", "(println 1)\n(println [2 3)\n");
  const Outcome r = run_batuta({"run", file});
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.err, HasSubstr(file + ":2:14: unexpected ): expected ] to close the [ opened at 2:10"));
}

TEST(CliRun, MissingFileIsAUsageError) {
  TempDir dir;
  const std::string missing = dir.file("nope.ba");
  const Outcome r = run_batuta({"run", missing});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "batuta: cannot read " + missing + ": No such file or directory\n");
  EXPECT_EQ(r.out, "");
}

TEST(CliRun, DirectoryIsNotAProgram) {
  TempDir dir;
  const Outcome r = run_batuta({"run", dir.path()});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "batuta: cannot read " + dir.path() + ": Is a directory\n");
}

TEST(CliRun, CommandLineArgsArePassedVerbatim) {
  TempDir dir;
  const std::string file = dir.write("args.ba", "(prn *command-line-args*)\n");
  Outcome r = run_batuta({"run", file, "a", "--verbose", "two words", "-e"});
  EXPECT_EQ(r.out, "(\"a\" \"--verbose\" \"two words\" \"-e\")\n");
  EXPECT_EQ(r.status, 0);
  r = run_batuta({"run", file});
  EXPECT_EQ(r.out, "nil\n");
}

TEST(CliRun, UsageErrorsExitTwo) {
  Outcome r = run_batuta({"run"});
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("FILE is required"));
  r = run_batuta({"frobnicate"});
  EXPECT_EQ(r.status, 2);
  r = run_batuta({"--no-such-option"});
  EXPECT_EQ(r.status, 2);
  r = run_batuta({"-e"});
  EXPECT_EQ(r.status, 2);
  r = run_batuta({"-e", "1", "repl"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "batuta: -e cannot be combined with a subcommand\n");
}

TEST(CliEval, PrintsTheLastValueReadably) {
  Outcome r = run_batuta({"-e", "(+ 1 2)"});
  EXPECT_EQ(r.out, "3\n");
  EXPECT_EQ(r.status, 0);
  r = run_batuta({"--eval", "(def x 20) [\"s\" (* x 2) :k]"});
  EXPECT_EQ(r.out, "[\"s\" 40 :k]\n");
  EXPECT_EQ(r.status, 0);
}

TEST(CliEval, NilIsNotPrinted) {
  const Outcome r = run_batuta({"-e", "(println \"side effect\")"});
  EXPECT_EQ(r.out, "side effect\n");
  EXPECT_EQ(r.status, 0);
}

// The value's lazy seqs are realised before it is printed: a panic there
// fails the expression with its trace, rather than printing a partial
// sequence (issue 5).
TEST(CliEval, ALazySeqThatPanicsWhenPrintedFails) {
  Outcome r = run_batuta({"-e", "(map (fn [x] (/ 1 x)) [1 0])"});
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err.rfind("panic: /: division by zero\n", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("at fn (<eval>:1:14)"), std::string::npos) << r.err;
  EXPECT_EQ(r.status, 1);
}

TEST(CliEval, ErrorsExitOne) {
  Outcome r = run_batuta({"-e", "(+ 1"});
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.err, HasSubstr("1:1: unclosed ( opened at 1:1"));
  r = run_batuta({"-e", "(+ 1 \"a\")"});
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.err, StartsWith("panic: "));
  EXPECT_EQ(r.out, "");
}

TEST(CliHelp, ListsTheSubcommands) {
  const Outcome r = run_batuta({"--help"});
  EXPECT_EQ(r.status, 0);
  EXPECT_THAT(r.out, HasSubstr("run"));
  EXPECT_THAT(r.out, HasSubstr("read"));
  EXPECT_THAT(r.out, HasSubstr("repl"));
  EXPECT_THAT(r.out, HasSubstr("-e,--eval"));
  EXPECT_THAT(r.out, HasSubstr("prompts and no banner"));  // the piped REPL's behaviour is documented
}

TEST(CliHelp, VersionFlag) {
  const Outcome r = run_batuta({"--version"});
  EXPECT_EQ(r.out, "batuta 0.1.0\n");
  EXPECT_EQ(r.status, 0);
}

TEST(CliHelp, NoArgumentsWithoutTerminalPrintsHelp) {
  const Outcome r = run_batuta({});
  EXPECT_EQ(r.status, 0);
  EXPECT_THAT(r.out, HasSubstr("Usage:"));
  EXPECT_THAT(r.out, Not(HasSubstr("user=>")));
}

}  // namespace
}  // namespace batuta::cli_test
