// cli_test.cpp: `batuta test [PATHS...]`, the runner of batuta.test suites.
//
// PATHS are files (run whatever their name) or directories, searched
// recursively for files named *_test.ba, run in sorted order; the default
// is the directory test/. Each file is loaded in a Session of its own; the
// tests it defines (deftest registers them, lib/ba/test.ba) are then run by
// batuta.test/run-loaded-tests!, which prints each failure as it happens.
// A file that does not load (a read or compile error, a panic at the top
// level) is reported with its error and counts as one failed test.
//
// The last line printed is always `N passed, M failed`. Exit status: 0 when
// nothing failed, 1 otherwise, 2 for a path that does not exist.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <set>
#include <string>
#include <system_error>
#include <vector>

#include "cli/cli_common.h"
#include "cli/commands.h"
#include "core/collection.h"
#include "core/name.h"
#include "lib/eval.h"

namespace batuta::cli {

namespace {

namespace fs = std::filesystem;

constexpr const char* kDefaultTestDir = "test";
constexpr const char* kTestSuffix = "_test.ba";
constexpr const char* kRunnerSource = "<batuta test>";

bool is_test_file_name(const std::string& name) {
  const std::string suffix = kTestSuffix;
  return name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Appends the test files of `path` to `files`; false with `error` set when
// the path does not exist or a directory cannot be listed.
bool collect_test_files(const std::string& path, std::vector<std::string>& files, std::string& error) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    error = "test: no such file or directory: " + path;
    return false;
  }
  if (!fs::is_directory(status)) {
    files.push_back(path);
    return true;
  }
  std::vector<std::string> found;
  fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    std::error_code file_ec;
    if (it->is_regular_file(file_ec) && is_test_file_name(it->path().filename().string())) {
      found.push_back(it->path().generic_string());
    }
  }
  if (ec) {
    error = "test: cannot list " + path + ": " + ec.message();
    return false;
  }
  std::sort(found.begin(), found.end());
  files.insert(files.end(), found.begin(), found.end());
  return true;
}

struct Counts {
  long tests = 0;
  long passed = 0;
  long failed = 0;
  long assertions = 0;
};

long count_of(const Value& counts, const char* key) {
  Value v = get(counts, keyword(key));
  return v.is_fixnum() ? static_cast<long>(v.as_fixnum()) : 0;
}

void print_line(const std::string& line) {
  std::fputs(line.c_str(), stdout);
  std::fputc('\n', stdout);
}

// Loads one file and runs its tests; adds to `total`. False when the file
// did not load.
bool run_test_file(const std::string& path, Counts& total) {
  print_line("Testing " + path);
  Session session;
  EvalError error;
  Result<Value> loaded = session.eval_file(path, &error);
  if (!loaded.ok()) {
    std::fflush(stdout);
    print_line("ERROR loading " + path);
    std::string report = error.report;
    if (!report.empty() && report.back() == '\n') report.pop_back();
    print_line(report);
    EvalError ignored;
    (void)session.eval_source("(batuta.test/%forget-loaded-tests!)", kRunnerSource, &ignored);
    return false;
  }
  Result<Value> counts = session.eval_source("(batuta.test/%run-loaded-tests!)", kRunnerSource, &error);
  if (!counts.ok()) {
    // The runner itself failed (a bug in batuta.test, or a test that broke it).
    print_line("ERROR running the tests of " + path);
    print_line(error.report);
    return false;
  }
  total.tests += count_of(counts.value(), "tests");
  total.passed += count_of(counts.value(), "passed");
  total.failed += count_of(counts.value(), "failed");
  total.assertions += count_of(counts.value(), "assertions");
  return true;
}

std::string plural(long n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

int run_tests(const std::vector<std::string>& paths) {
  std::vector<std::string> roots = paths;
  if (roots.empty()) roots.push_back(kDefaultTestDir);
  std::vector<std::string> files;
  for (const std::string& root : roots) {
    std::string error;
    if (!collect_test_files(root, files, error)) {
      print_cli_error(error);
      return finish(kExitUsage);
    }
  }
  // A file named twice (directly and through its directory) runs once.
  std::vector<std::string> unique;
  std::set<std::string> seen;
  for (const std::string& f : files) {
    if (seen.insert(fs::path(f).lexically_normal().generic_string()).second) unique.push_back(f);
  }

  if (unique.empty()) {
    std::string where;
    for (const std::string& root : roots) where += (where.empty() ? "" : ", ") + root;
    print_cli_error("test: no *_test.ba files in " + where);
  }

  if (!boot_or_report()) return finish(kExitFailure);
  Counts total;
  long broken_files = 0;
  for (const std::string& file : unique) {
    if (!run_test_file(file, total)) ++broken_files;
  }

  print_line("");
  if (broken_files > 0) print_line(plural(broken_files, "file", "files") + " failed to load (each counts as a failed test).");
  print_line("Ran " + plural(total.tests, "test", "tests") + " containing " +
             plural(total.assertions, "assertion", "assertions") + " in " +
             plural(static_cast<long>(unique.size()), "file.", "files."));
  const long failed = total.failed + broken_files;
  print_line(std::to_string(total.passed) + " passed, " + std::to_string(failed) + " failed");
  return finish(failed > 0 ? kExitFailure : kExitOk);
}

}  // namespace batuta::cli
