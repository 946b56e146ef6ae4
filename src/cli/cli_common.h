// cli_common.h: what every subcommand of `batuta` shares: exit statuses,
// reading a source file, starting the runtime, reporting failures.
//
// The CLI is the only place that prints on behalf of the runtime and ends the
// process; the library below it returns errors as values (eval.h).
#pragma once

#include <string>

#include "lib/eval.h"

namespace batuta::cli {

// Exit statuses, as the help text documents them.
constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;  // a read or compile error, or a panic
constexpr int kExitUsage = 2;    // bad arguments, or a file that cannot be read

// Reads the whole file into `out`. On failure `error` is
// "cannot read PATH: <strerror>" (no program-name prefix).
bool read_file_text(const std::string& path, std::string& out, std::string& error);

// Prints "batuta: <message>" and a newline to stderr.
void print_cli_error(const std::string& message);

// Prints an evaluation failure (its report: position and message, or the
// panic and its stack trace) to stderr, ending with one newline.
void print_eval_error(const EvalError& error);

// Loads the runtime (eval.h boot()); on failure reports it and returns false.
bool boot_or_report();

// Flushes stdout and stderr; a write error on stdout (a closed pipe, a full
// disk) turns a successful status into kExitFailure, so output that was
// lost is never reported as success.
int finish(int status);

}  // namespace batuta::cli
