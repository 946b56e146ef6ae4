// main.cpp: the `batuta` command: argument parsing (CLI11) and dispatch to
// the subcommands (commands.h). Subcommands that belong to layers not yet
// written (check, fmt, server) arrive with them.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "actor/runtime.h"
#include "cli/cli_common.h"
#include "cli/commands.h"
#include "core/version.h"
#include "query/store.h"

namespace {

constexpr const char* kFooter =
    "Without a subcommand and with a terminal on stdin, `batuta` starts the REPL;\n"
    "otherwise it prints this help.\n"
    "\n"
    "`batuta repl` reading from a pipe or a file (not a terminal) prints no\n"
    "prompts and no banner: only each input's value (stdout) and errors (stderr).\n"
    "\n"
    "Exit status: 0 success; 1 a read, compile or run-time error (a panic);\n"
    "2 a usage error or a file that cannot be read.";

// `batuta run FILE ARGS...` hands ARGS to the program untouched, even those
// that look like options (`batuta run tool.ba --verbose`). CLI11 would try
// to parse them, so only the arguments up to FILE (the first one after
// `run` that is not an option) are given to it; the rest are the program's.
int split_run_arguments(int argc, char** argv, std::vector<std::string>& program_args) {
  if (argc < 2 || std::string_view(argv[1]) != "run") return argc;
  for (int i = 2; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--db" || arg == "--threads" || arg == "--log-level") {  // take a value: FILE comes after it
      ++i;
      continue;
    }
    if (!arg.empty() && arg[0] != '-') {
      program_args.assign(argv + i + 1, argv + argc);
      return i + 1;
    }
  }
  return argc;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace batuta::cli;
  std::vector<std::string> program_args;
  const int cli_argc = split_run_arguments(argc, argv, program_args);

  CLI::App app{"Batuta: a Lisp for orchestrating data systems", "batuta"};
  app.set_version_flag("-V,--version", std::string("batuta ") + batuta::kVersion);
  app.footer(kFooter);
  std::string expression;
  CLI::Option* eval_option =
      app.add_option("-e,--eval", expression, "Evaluate EXPR and print the value of its last form, unless nil")
          ->type_name("EXPR");

  CLI::App* run = app.add_subcommand("run", "Run a program: batuta run FILE [ARGS...]");
  std::string run_path;
  run->add_option("FILE", run_path, "The .ba file to run")->required();
  std::string run_db;
  run->add_option("--db", run_db, "Keep the embedded store in database FILE (default: in memory, or $BATUTA_DB)")
      ->type_name("FILE");
  int run_threads = -1;
  run->add_option("--threads", run_threads, "Actor worker threads (default: one per core; 0: all on the main thread)")
      ->type_name("N")
      ->check(CLI::Range(0, 1024));
  std::string run_log_level = "error";
  run->add_option("--log-level", run_log_level, "What the actor runtime logs to stderr: none, error, warning, info, debug")
      ->type_name("LEVEL")
      ->check(CLI::IsMember({"none", "error", "warning", "warn", "info", "debug"}));
  run->footer("ARGS after FILE are passed verbatim to the program as *command-line-args*.");

  CLI::App* read = app.add_subcommand("read", "Read FILE without running it; print each form canonically");
  std::string read_path;
  read->add_option("FILE", read_path, "The .ba file to read")->required();
  bool read_desugar = false;
  read->add_flag("--desugar", read_desugar,
                 "Print the Profile A forms a Profile B or C file desugars to, each after a ; FILE:LINE:COL comment");

  CLI::App* compile = app.add_subcommand("compile", "Build a native binary from a program: batuta compile FILE [-o OUT]");
  CompileOptions compile_options;
  compile->add_option("FILE", compile_options.path, "The .ba file to compile")->required();
  compile->add_option("-o,--output", compile_options.output, "The binary to write (default: FILE without .ba)")
      ->type_name("OUT");
  compile->add_option("--emit-cpp", compile_options.emit_cpp,
                      "Write the generated C++ to PATH (a directory: main.cpp and native_code.cpp; else one "
                      "file); without -o, no binary is built")
      ->type_name("PATH");
  compile->add_flag("--keep", compile_options.keep, "Keep the temporary build directory and say where it is");
  compile->add_flag("--native", compile_options.native,
                    "Tune the native code for this machine's CPU (faster; the binary may not run on an older CPU)");
  compile->footer(
      "The binary runs FILE as `batuta run FILE ARGS...` does, with its functions\n"
      "compiled to native code. Needs the C++ compiler Batuta was built with (or\n"
      "$BATUTA_CXX). BATUTA_NATIVE_REPORT=1 makes the binary print, at exit, how\n"
      "many of its functions run natively. See docs/compile.md.");

  CLI::App* test = app.add_subcommand("test", "Run batuta.test tests: batuta test [PATHS...]");
  std::vector<std::string> test_paths;
  test->add_option("PATHS", test_paths, "Test files, or directories searched recursively for *_test.ba (default: test/)");
  test->footer(
      "Prints each failure and a summary whose last line is `N passed, M failed`.\n"
      "Exit status: 0 when every test passes, 1 when one fails (or a file does\n"
      "not load), 2 when a path does not exist.");

  CLI::App* repl = app.add_subcommand("repl", "Start the read-eval-print loop");
  repl->footer(
      "With a terminal: line editing, Tab completion, history in $BATUTA_HISTORY\n"
      "(default ~/.batuta_history); Ctrl-C interrupts an evaluation or drops the\n"
      "line, Ctrl-D on an empty line exits. From a pipe or file: no prompts.");

  app.require_subcommand(0, 1);
  try {
    app.parse(cli_argc, argv);
  } catch (const CLI::ParseError& e) {
    const int status = app.exit(e);  // prints the help, the version or the error
    return status == 0 ? kExitOk : kExitUsage;
  }

  if (eval_option->count() > 0) {
    if (!app.get_subcommands().empty()) {
      print_cli_error("-e cannot be combined with a subcommand");
      return kExitUsage;
    }
    return eval_expression(expression);
  }
  if (run->parsed()) {
    if (!run_db.empty()) batuta::query::set_store_path(run_db);
    batuta::actor::RuntimeOptions actor_options;
    actor_options.threads = run_threads;
    batuta::actor::parse_log_level(run_log_level, actor_options.log_level);
    batuta::actor::configure_runtime(actor_options);
    return run_file(run_path, program_args);
  }
  if (compile->parsed()) return compile_file(compile_options);
  if (read->parsed()) return read_file_forms(read_path, read_desugar);
  if (test->parsed()) return run_tests(test_paths);
  if (repl->parsed()) return run_repl();
  if (isatty(STDIN_FILENO)) return run_repl();
  std::fputs(app.help().c_str(), stdout);
  return finish(kExitOk);
}
