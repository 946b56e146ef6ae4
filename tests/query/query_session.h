// query_session.h: the fixture the query tests share: the store's natives
// installed and the core booted once per process, then Batuta source run
// in a session, its last value printed (or "ERROR: " and the report), so a
// test reads as the program a user would write and what it shows.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <utility>

#include "core/printer.h"
#include "lib/eval.h"
#include "query/query_natives.h"

namespace batuta {

class QuerySessionTest : public ::testing::Test {
 protected:
  // `file` is the name error positions carry (file:line:column).
  explicit QuerySessionTest(std::string file) : file_(std::move(file)) {}
  static void SetUpTestSuite() {
    install_query_natives();
    ASSERT_TRUE(boot().ok());
  }
  std::string eval(std::string_view source) {
    EvalError error;
    auto r = session_.eval_source(source, file_, &error);
    return r.ok() ? pr_str(r.value()) : "ERROR: " + error.report;
  }
  Session session_;
  std::string file_;
};

}  // namespace batuta
