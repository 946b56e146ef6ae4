// cli_run.cpp: `batuta run FILE [ARGS...]` and `batuta -e EXPR`.
#include <cstdio>
#include <string>
#include <vector>

#include "actor/runtime.h"
#include "cli/cli_common.h"
#include "cli/commands.h"
#include "cli/run_source.h"
#include "core/printer.h"
#include "lib/eval.h"
#include "lib/print_result.h"

namespace batuta::cli {

// The file name that positions in -e errors carry.
static constexpr const char* kEvalSourceName = "<eval>";

int run_file(const std::string& path, const std::vector<std::string>& program_args) {
  // A missing or unreadable file is a usage error (status 2), told apart
  // from a program that fails (status 1), so it is checked before booting.
  std::string text, error_text;
  if (!read_file_text(path, text, error_text)) {
    print_cli_error(error_text);
    return finish(kExitUsage);
  }
  return run_source(text, path, program_args);
}

int eval_expression(const std::string& source) {
  if (!boot_or_report()) return finish(kExitFailure);
  Session session;
  EvalError error;
  Result<Value> result = session.eval_source(source, kEvalSourceName, &error);
  if (!result.ok()) {
    print_eval_error(error);
    return finish(kExitFailure);
  }
  actor::run_until_quiescent();
  // As `clj -e`: the value is shown unless it is nil, so
  // `batuta -e '(println "hi")'` prints only "hi".
  if (!result.value().is_nil()) {
    // Realising the value's lazy seqs may fail: the expression fails then.
    Result<std::string> printed = pr_str_realized(result.value());
    if (!printed) {
      print_eval_error(EvalError{EvalError::Phase::Run, printed.error().kind, printed.error().message});
      actor::shutdown_runtime();
      return finish(kExitFailure);
    }
    std::string shown = std::move(printed.value());
    shown.push_back('\n');
    std::fputs(shown.c_str(), stdout);
  }
  actor::shutdown_runtime();
  return finish(kExitOk);
}

}  // namespace batuta::cli
