// cli_query_progress_test.cpp: long queries from the command line
// (query/progress.h): at a terminal the REPL shows a progress bar and
// Ctrl-C stops the query and prompts again; with stderr not a terminal no
// bar is written.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

#include "cli_test_support.h"

namespace batuta::cli_test {
namespace {

constexpr const char* kPrompt = "user=> ";
constexpr const char* kMakeTable = "(sql \"create table big as select range as i from range(2000000)\")";

TEST(QueryAtTerminal, ShowsAProgressBarAndCtrlCStopsTheQuery) {
  TempDir dir;
  PtySession repl({"repl"}, {{"BATUTA_HISTORY", dir.file("history")}});
  ASSERT_TRUE(repl.started());
  ASSERT_TRUE(repl.expect(kPrompt)) << repl.transcript();
  ASSERT_TRUE(repl.wait_for_line_editing());
  repl.send(std::string(kMakeTable) + "\r");
  ASSERT_TRUE(repl.expect(kPrompt, 60000)) << repl.transcript();
  ASSERT_TRUE(repl.wait_for_line_editing());
  // endless in practice: 4 * 10^12 pairs
  repl.send("(sql \"select count(*) from big a, big b where a.i + b.i = 7\")\r");
  ASSERT_TRUE(repl.expect("a.i + b.i = 7\")\n")) << repl.transcript();
  ASSERT_TRUE(repl.expect("[", 20000)) << repl.transcript();  // the bar, after its delay
  ASSERT_TRUE(repl.expect("%", 20000)) << repl.transcript();
  repl.send("\x03");
  ASSERT_TRUE(repl.expect("sql: interrupted: Ctrl-C stopped the query; nothing of it was kept", 20000))
      << repl.transcript();
  ASSERT_TRUE(repl.expect(kPrompt)) << repl.transcript();
  ASSERT_TRUE(repl.wait_for_line_editing());
  repl.send("(count (sql \"select * from big limit 3\"))\r");
  EXPECT_TRUE(repl.expect_line("3")) << repl.transcript();
}

TEST(QueryNotAtTerminal, WritesNoProgressBar) {
  TempDir dir;
  // 225 million pairs: about 2 s here, well past the bar's 500 ms delay.
  std::string program = dir.write("slow.ba",
                                  "(def t0 (nano-time))"
                                  "\n(println (:n (first (sql \"select count(*) as n from range(15000) a, range(15000) b"
                                  " where (a.range * b.range) % 7 = 3\"))))"
                                  "\n(println (quot (- (nano-time) t0) 1000000))\n");
  Outcome o = run_batuta({"run", program}, "", {}, 120000);
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(o.err, "");  // stderr is a pipe here: no bar, no escape sequences
  size_t newline = o.out.find('\n');
  ASSERT_NE(newline, std::string::npos) << o.out;
  EXPECT_EQ(o.out.substr(0, newline), "27550408");
  long ms = std::stol(o.out.substr(newline + 1));
  if (ms < 700) GTEST_SKIP() << "the query took " << ms << " ms: too short for a bar to be due";
}

}  // namespace
}  // namespace batuta::cli_test
