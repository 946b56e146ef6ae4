// program_main.h: the main translation unit of a program `batuta compile`
// builds. It embeds the program's text and file name and hands them, with
// the native code table of the code generator's unit (codegen.h), to
// batuta::cli::run_compiled_program (src/cli/run_source.h), which runs the
// text exactly as `batuta run FILE` would.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace batuta::aot {

// The C++ source of that unit. `path` is the file name errors will name
// (as given to `batuta compile`); the `#lang` line, if any, is part of
// `source`, so the program is read in the same profile.
// `preload_namespaces`: the embedded library namespaces the binary loads
// before it installs its native code (program_protos.h).
std::string generate_program_main(std::string_view source, std::string_view path,
                                  std::span<const std::string> preload_namespaces);

// `text` as a C++ string literal (one piece per source line), with every
// byte that is not printable ASCII, a quote or a backslash escaped.
std::string cpp_string_literal(std::string_view text);

}  // namespace batuta::aot
