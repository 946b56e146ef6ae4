// cli_repl_pty_test.cpp: `batuta repl` at a terminal (a pseudo-terminal
// made with forkpty): prompts, line editing, completion, Ctrl-C, Ctrl-D and
// the history file. Keys are sent as a terminal sends them (Enter is \r).
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "cli_test_support.h"

namespace batuta::cli_test {
namespace {

constexpr const char* kPrompt = "user=> ";

// A REPL on a terminal with its history in a temporary file.
class ReplAtTerminal : public ::testing::Test {
 protected:
  void SetUp() override { start(); }

  void start(const Environment& extra_env = {}) {
    Environment env{{"BATUTA_HISTORY", history_file()}};
    env.insert(env.end(), extra_env.begin(), extra_env.end());
    repl_ = std::make_unique<PtySession>(std::vector<std::string>{"repl"}, env);
    ASSERT_TRUE(repl_->started());
    ASSERT_TRUE(at_prompt(kPrompt));
  }

  // Expects `prompt` and then waits for line editing to be ready for keys.
  ::testing::AssertionResult at_prompt(const std::string& prompt) {
    if (!repl_->expect(prompt)) return ::testing::AssertionFailure() << "no prompt:\n" << repl_->transcript();
    if (!repl_->wait_for_line_editing())
      return ::testing::AssertionFailure() << "no line editing:\n" << repl_->transcript();
    return ::testing::AssertionSuccess();
  }

  std::string history_file() const { return dir_.file("history"); }

  // Types `line` and Enter, then expects the line `result` and a new prompt.
  void evaluates(const std::string& line, const std::string& result) {
    repl_->send(line + "\r");
    EXPECT_TRUE(repl_->expect_line(result)) << "after " << line << ":\n" << repl_->transcript();
    EXPECT_TRUE(at_prompt(kPrompt));
  }

  TempDir dir_;
  std::unique_ptr<PtySession> repl_;
};

TEST_F(ReplAtTerminal, EvaluatesAndPrintsReadably) {
  evaluates("(+ 1 2)", "3");
  evaluates("(str \"a\" \"b\")", "\"ab\"");
}

TEST_F(ReplAtTerminal, NonAsciiInputIsUtf8WhateverTheLocale) {
  start({{"LC_ALL", "C"}});  // a second REPL, in the plain C locale
  evaluates("(count \"h\xc3\xa9llo\")", "5");                   // héllo
  evaluates("(def \xc3\xa9t\xc3\xa9 1)", "#'user/\xc3\xa9t\xc3\xa9");  // été
  repl_->send("(+ \xc3\xa9t\t");  // completes to été
  ASSERT_TRUE(repl_->expect("\xc3\xa9")) << repl_->transcript();
  repl_->send(" 41)\r");
  EXPECT_TRUE(repl_->expect_line("42")) << repl_->transcript();
}

TEST_F(ReplAtTerminal, FormOverSeveralLinesUsesTheContinuationPrompt) {
  repl_->send("(+ 1\r");
  ASSERT_TRUE(at_prompt("  #_=> "));
  repl_->send("   2)\r");
  EXPECT_TRUE(repl_->expect_line("3")) << repl_->transcript();
  EXPECT_TRUE(at_prompt(kPrompt));
}

TEST_F(ReplAtTerminal, StarOneIsTheLastValue) {
  evaluates("(* 6 7)", "42");
  evaluates("(+ *1 1)", "43");
}

// The REPL shows a running system: actors go on while it waits for a
// line, (actors) and (inspect pid) describe them, and an actor's crash is
// logged without disturbing the prompt.
TEST_F(ReplAtTerminal, ActorsRunWhileTheReplWaitsForInput) {
  evaluates("(defactor ticker [n] (receive-timeout 5 :get -> (do (reply n) (recur n)) timeout -> (recur (inc n))))",
            "#'user/ticker");
  evaluates("(def t (spawn ticker 0))", "#'user/t");
  evaluates("(register :ticker t)", ":ok");
  // Nothing is typed for 400 ms: only the worker threads can move the ticker.
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  evaluates("(> (call t :get) 20)", "true");
  evaluates("(some #{:ticker} (map :name (actors)))", ":ticker");
  evaluates("(:status (inspect t))", ":waiting");
  repl_->send("(spawn (fn [] (/ 1 0)))\r");
  EXPECT_TRUE(repl_->expect("crashed")) << repl_->transcript();
  EXPECT_TRUE(repl_->expect("division by zero")) << repl_->transcript();
  evaluates("(+ 2 2)", "4");
}

TEST_F(ReplAtTerminal, ErrorIsPrintedAndTheReplGoesOn) {
  repl_->send("(+ 1 \"a\")\r");
  ASSERT_TRUE(repl_->expect("panic: ")) << repl_->transcript();
  ASSERT_TRUE(at_prompt(kPrompt));
  evaluates("(+ 2 2)", "4");
}

TEST_F(ReplAtTerminal, TabCompletesAUniquePrefix) {
  repl_->send("(printl");
  ASSERT_TRUE(repl_->expect("(printl")) << repl_->transcript();
  repl_->send("\t");
  ASSERT_TRUE(repl_->expect("n")) << repl_->transcript();  // the completed letter
  repl_->send(" \"hi\")\r");
  EXPECT_TRUE(repl_->expect_line("hi")) << repl_->transcript();
  EXPECT_TRUE(repl_->expect_line("nil")) << repl_->transcript();
}

TEST_F(ReplAtTerminal, TabListsSeveralCandidatesAndKeepsTheLine) {
  repl_->send("(str/");
  ASSERT_TRUE(repl_->expect("(str/")) << repl_->transcript();
  repl_->send("\t");
  ASSERT_TRUE(repl_->expect("str/join")) << repl_->transcript();
  ASSERT_TRUE(repl_->expect("str/split")) << repl_->transcript();
  ASSERT_TRUE(at_prompt("user=> (str/"));  // the line typed so far is shown again
  repl_->send("join \",\" [1 2])\r");
  EXPECT_TRUE(repl_->expect_line("\"1,2\"")) << repl_->transcript();
}

TEST_F(ReplAtTerminal, CtrlCInterruptsAnEndlessLoop) {
  repl_->send("(loop [i 0] (recur (inc i)))\r");
  ASSERT_TRUE(repl_->expect("(recur (inc i)))\n")) << repl_->transcript();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // let it start looping
  repl_->send("\x03");
  ASSERT_TRUE(repl_->expect("interrupted")) << repl_->transcript();
  ASSERT_TRUE(at_prompt(kPrompt));
  evaluates("(+ 1 1)", "2");
}

TEST_F(ReplAtTerminal, CtrlCAtThePromptDropsTheInput) {
  repl_->send("(+ 1\r");
  ASSERT_TRUE(at_prompt("#_=> "));
  repl_->send("(+ 10");
  ASSERT_TRUE(repl_->expect("(+ 10")) << repl_->transcript();
  repl_->send("\x03");
  ASSERT_TRUE(at_prompt(kPrompt));  // not the continuation prompt
  evaluates("(+ 3 3)", "6");
}

TEST_F(ReplAtTerminal, CtrlDOnAnEmptyLineExitsZero) {
  repl_->send("\x04");
  EXPECT_EQ(repl_->wait_exit(), 0) << repl_->transcript();
}

TEST_F(ReplAtTerminal, HistoryIsSavedAndRecalledInTheNextSession) {
  evaluates("(+ 40 2)", "42");
  repl_->send("\x04");
  ASSERT_EQ(repl_->wait_exit(), 0) << repl_->transcript();
  EXPECT_NE(slurp(history_file()).find("40"), std::string::npos) << slurp(history_file());

  start();
  repl_->send("\x10\r");  // Ctrl-P: the previous line, then Enter
  EXPECT_TRUE(repl_->expect_line("42")) << repl_->transcript();
}

TEST_F(ReplAtTerminal, PromptNamesTheCurrentNamespace) {
  repl_->send("(in-ns 'demo.space)\r");
  EXPECT_TRUE(at_prompt("demo.space=> "));
  repl_->send("(+ 20 22)\r");
  EXPECT_TRUE(repl_->expect_line("42")) << repl_->transcript();
  EXPECT_TRUE(at_prompt("demo.space=> "));
}

}  // namespace
}  // namespace batuta::cli_test

namespace batuta::cli_test {
namespace {

TEST(CliAtTerminal, NoArgumentsStartsTheRepl) {
  TempDir dir;
  PtySession repl({}, Environment{{"BATUTA_HISTORY", dir.file("history")}});
  ASSERT_TRUE(repl.expect("user=> ")) << repl.transcript();
  ASSERT_TRUE(repl.wait_for_line_editing()) << repl.transcript();
  repl.send("(* 7 6)\r");
  EXPECT_TRUE(repl.expect_line("42")) << repl.transcript();
}

}  // namespace
}  // namespace batuta::cli_test
