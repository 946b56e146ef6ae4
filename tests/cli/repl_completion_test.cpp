// repl_completion_test.cpp: the text side of Tab completion.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli/repl_completion.h"

namespace batuta::cli {
namespace {

TEST(ReplCompletion, WordBeforeCursorStopsAtDelimiters) {
  EXPECT_EQ(word_before_cursor("(printl"), "printl");
  EXPECT_EQ(word_before_cursor("(map inc (fil"), "fil");
  EXPECT_EQ(word_before_cursor("#'batuta.core/ma"), "batuta.core/ma");
  EXPECT_EQ(word_before_cursor("[a b"), "b");
  EXPECT_EQ(word_before_cursor("{:k v,x"), "x");
  EXPECT_EQ(word_before_cursor("`(~@xs"), "xs");
  EXPECT_EQ(word_before_cursor("(swap! a update-i"), "update-i");
  EXPECT_EQ(word_before_cursor("(str \"a b"), "b");  // inside strings too; harmless
  EXPECT_EQ(word_before_cursor("(f "), "");
  EXPECT_EQ(word_before_cursor(""), "");
  EXPECT_EQ(word_before_cursor("(d\xc3\xa9j"), "d\xc3\xa9j");
}

TEST(ReplCompletion, CommonPrefix) {
  EXPECT_EQ(common_prefix({"println"}), "println");
  EXPECT_EQ(common_prefix({"print", "println", "print-str"}), "print");
  EXPECT_EQ(common_prefix({"map", "mapv", "max"}), "ma");
  // Never half a UTF-8 character: "é" is C3 A9, "è" is C3 A8.
  EXPECT_EQ(common_prefix({"d\xc3\xa9", "d\xc3\xa8"}), "d");
  EXPECT_EQ(common_prefix({"\xe2\x86\x92x", "\xe2\x86\x92y"}), "\xe2\x86\x92");
}

TEST(ReplCompletion, ColumnsRunDownThenAcross) {
  const std::vector<std::string> names = {"a1", "a2", "a3", "a4", "a5"};
  EXPECT_EQ(format_columns(names, 80), "a1  a2  a3  a4  a5\n");
  EXPECT_EQ(format_columns(names, 12), "a1  a3  a5\na2  a4\n");
  EXPECT_EQ(format_columns(names, 3), "a1\na2\na3\na4\na5\n");
}

}  // namespace
}  // namespace batuta::cli
