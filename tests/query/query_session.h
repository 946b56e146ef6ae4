// query_session.h: the fixture the query tests share: the store's natives
// installed and the core booted once per process, then Batuta source run
// in a session, its last value printed (or "ERROR: " and the report), so a
// test reads as the program a user would write and what it shows.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>
#include <string>
#include <string_view>
#include <utility>

#include "core/printer.h"
#include "lib/eval.h"
#include "query/query_natives.h"
#include "query/store.h"

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

// Runs `body` in a forked child process and returns the text it returned
// (sent back through a pipe); `status` gets waitpid's status when given.
// For what must happen in a fresh process: the store is chosen once per
// process.
inline std::string output_of_child(const std::function<std::string()>& body, int* status = nullptr) {
  int out[2];
  if (pipe(out) != 0) return "ERROR pipe";
  pid_t child = fork();
  if (child == 0) {
    close(out[0]);
    std::string text = body();
    if (write(out[1], text.data(), text.size()) < 0) _exit(5);
    _exit(0);
  }
  close(out[1]);
  std::string text;
  char buf[4096];
  ssize_t n;
  while ((n = read(out[0], buf, sizeof buf)) > 0) text.append(buf, static_cast<size_t>(n));
  close(out[0]);
  int child_status = 0;
  waitpid(child, &child_status, 0);
  if (status != nullptr) *status = child_status;
  return text;
}

// Runs `source` in a child process whose store is the database file
// `path` (a new process opening it): the printed value, or "ERROR " and
// the report.
inline std::string eval_in_process(const std::string& path, const std::string& source) {
  return output_of_child([&] {
    query::set_store_path(path);
    install_query_natives();
    if (!boot().ok()) return std::string("ERROR boot");
    Session s;
    EvalError e;
    auto r = s.eval_source(source, "child.ba", &e);
    return r.ok() ? pr_str(r.value()) : "ERROR " + e.report;
  });
}

}  // namespace batuta
