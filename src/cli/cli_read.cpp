// cli_read.cpp: `batuta read FILE`, the reader alone: every top-level form
// printed canonically (the readable printer) on its own line. It shows what
// the reader made of a file (reader macros expanded to their lists, `#()`
// to a fn, commas and comments gone) without compiling or running anything.
// A file in Profile B or C (`#lang batuta/b`, `#lang batuta/c`) prints the
// Profile A forms it desugars to; `--desugar` also puts a `; FILE:LINE:COL`
// comment before each form naming where it came from, so the output is a
// Profile A program that shows which line became which form.
#include <cstdio>
#include <string>
#include <vector>

#include "cli/cli_common.h"
#include "cli/commands.h"
#include "core/printer.h"
#include "read/profile.h"
#include "read/source_map.h"

namespace batuta::cli {

int read_file_forms(const std::string& path, bool desugar) {
  std::string text, error_text;
  if (!read_file_text(path, text, error_text)) {
    print_cli_error(error_text);
    return finish(kExitUsage);
  }
  SourceMap map;
  ProgramReader reader(text, path, map);
  std::string output;  // printed only when the whole file reads
  for (;;) {
    Value form;
    Result<bool> more = reader.read(form);
    if (!more.ok()) {
      // The reader's message is already "file:line:column: what went wrong".
      std::fprintf(stderr, "%s\n", more.error().message.c_str());
      return finish(kExitFailure);
    }
    if (!more.value()) break;
    if (desugar) {
      const SourcePos p = reader.last_position();
      output += "; " + path + ":" + std::to_string(p.line) + ":" + std::to_string(p.column) + "\n";
    }
    output += pr_str(form);
    output.push_back('\n');
  }
  std::fputs(output.c_str(), stdout);
  return finish(kExitOk);
}

}  // namespace batuta::cli
