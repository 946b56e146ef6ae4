// commands.h: the subcommands of `batuta`, one entry point each. main.cpp
// parses the arguments and calls one of these; each returns the process's
// exit status (cli_common.h) after flushing its output.
#pragma once

#include <string>
#include <vector>

namespace batuta::cli {

// `batuta run FILE [ARGS...]` (cli_run.cpp).
int run_file(const std::string& path, const std::vector<std::string>& program_args);

// `batuta -e EXPR` (cli_run.cpp): prints the last value readably unless nil.
int eval_expression(const std::string& source);

// `batuta read [--desugar] FILE` (cli_read.cpp): each form, canonically, on
// its own line (for Profiles B and C: the Profile A forms); --desugar puts
// a `; FILE:LINE:COL` comment before each.
int read_file_forms(const std::string& path, bool desugar = false);

// `batuta test [PATHS...]` (cli_test.cpp): runs the batuta.test tests of
// the given files, or of the *_test.ba files under the given directories
// (default test/); prints each failure and a summary whose last line is
// `N passed, M failed`. 0 when all pass, 1 on a failure, 2 for a bad path.
int run_tests(const std::vector<std::string>& paths);

// `batuta compile FILE [-o OUT] [--emit-cpp PATH] [--keep]`
// (cli_compile.cpp): a native binary that runs FILE as `batuta run FILE`
// does (docs/compile.md). 0 when built, 1 for an error in the program or a
// failing (or missing) C++ compiler, 2 for a file that cannot be read.
struct CompileOptions {
  std::string path;
  std::string output;    // -o; empty: FILE without .ba (or none with only --emit-cpp)
  std::string emit_cpp;  // --emit-cpp: a directory for the two units, or one file
  bool keep = false;     // --keep: leave the temporary build directory
  bool native = false;   // --native: native code tuned for this machine's CPU
};
int compile_file(const CompileOptions& options);

// `batuta repl` (repl.cpp): interactive with line editing when stdin is a
// terminal, quiet (no prompts) when it is not.
int run_repl();

}  // namespace batuta::cli
