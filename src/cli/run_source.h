// run_source.h: the run path that `batuta run` and the binaries `batuta
// compile` builds share. It lives in the small library batuta_cli_run
// (with cli_common.cpp), which a compiled program links instead of the
// CLI's main, so that the binary behaves exactly as `batuta run FILE`:
// same output, same error reports (the original file:line:column), same
// exit statuses, actors run to quiescence.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "vm/native_code.h"

namespace batuta::cli {

// Boots the runtime, runs `text` as the program file `path` with
// `*command-line-args*` = program_args, waits for the actors to quiesce and
// returns the exit status (after finish()). `after_boot`, when given, runs
// once the runtime is loaded and before the program is compiled; when it
// returns false (having reported why), the run ends with status 1.
int run_source(std::string_view text, const std::string& path, const std::vector<std::string>& program_args,
               bool (*after_boot)() = nullptr);

// What a compiled program embeds (the main TU `batuta compile` generates).
struct CompiledProgram {
  std::string_view source;  // the program's text, as read at compile time
  const char* path;         // the file name as given to `batuta compile`
  // Embedded library namespaces loaded before the native code is
  // installed (aot/program_protos.h).
  std::span<const char* const> preload_namespaces;
  std::span<const NativeCodeEntry> native_code;
};

// The main() of a compiled program: once the runtime has booted, loads the
// preloaded namespaces, then installs its native code (so the library's own
// protos stay interpreted and the report counts the program's), runs the source with argv[1..] as the
// program's arguments, and with BATUTA_NATIVE_REPORT=1 in the environment
// prints `native code: N of M protos` to stderr at exit.
int run_compiled_program(const CompiledProgram& program, int argc, char** argv);

}  // namespace batuta::cli
