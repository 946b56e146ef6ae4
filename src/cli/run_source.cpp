// run_source.cpp: see run_source.h.
#include "cli/run_source.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "actor/runtime.h"
#include "cli/cli_common.h"
#include "core/name.h"
#include "lib/eval.h"
#include "lib/stdlib.h"

namespace batuta::cli {

int run_source(std::string_view text, const std::string& path, const std::vector<std::string>& program_args,
               bool (*after_boot)()) {
  if (!boot_or_report()) return finish(kExitFailure);
  if (after_boot != nullptr && !after_boot()) return finish(kExitFailure);
  Session session;
  session.set_command_line_args(program_args);
  EvalError error;
  Result<Value> result = session.eval_program(text, path, &error);
  if (!result.ok()) {
    print_eval_error(error);
    return finish(kExitFailure);
  }
  // The main program returned: the run ends when every actor waits with
  // nothing to match and no timeout pending (a crash of another actor does
  // not change the status).
  actor::run_until_quiescent();
  actor::shutdown_runtime();
  return finish(kExitOk);
}

namespace {

// What run_compiled_program does after boot (run_source takes a plain
// function).
const CompiledProgram* g_program = nullptr;

bool prepare_compiled_program() {
  for (const char* ns : g_program->preload_namespaces) {
    auto loaded = load_embedded_namespace(symbol(ns));
    if (!loaded) {
      print_cli_error("the runtime failed to start: " + loaded.error().message);
      return false;
    }
  }
  install_native_code(g_program->native_code);
  return true;
}

bool native_report_requested() {
  const char* v = std::getenv("BATUTA_NATIVE_REPORT");
  return v != nullptr && std::strcmp(v, "1") == 0;
}

}  // namespace

int run_compiled_program(const CompiledProgram& program, int argc, char** argv) {
  g_program = &program;
  std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
  const int status = run_source(program.source, program.path, args, prepare_compiled_program);
  if (native_report_requested()) {
    const NativeCodeStats stats = native_code_stats();
    std::fprintf(stderr, "native code: %zu of %zu protos\n", stats.protos_native, stats.protos_built);
    std::fflush(stderr);
  }
  return status;
}

}  // namespace batuta::cli
