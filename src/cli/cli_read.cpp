// cli_read.cpp: `batuta read FILE`, the reader alone: every top-level form
// printed canonically (the readable printer) on its own line. It shows what
// the reader made of a file (reader macros expanded to their lists, `#()`
// to a fn, commas and comments gone) without compiling or running anything.
#include <cstdio>
#include <string>
#include <vector>

#include "cli/cli_common.h"
#include "cli/commands.h"
#include "core/printer.h"
#include "read/reader.h"
#include "read/source_map.h"

namespace batuta::cli {

int read_file_forms(const std::string& path) {
  std::string text, error_text;
  if (!read_file_text(path, text, error_text)) {
    print_cli_error(error_text);
    return finish(kExitUsage);
  }
  SourceMap map;
  Result<std::vector<Value>> forms = read_all(text, path, map);
  if (!forms.ok()) {
    // The reader's message is already "file:line:column: what went wrong".
    std::fprintf(stderr, "%s\n", forms.error().message.c_str());
    return finish(kExitFailure);
  }
  for (const Value& form : forms.value()) {
    std::string line = pr_str(form);
    line.push_back('\n');
    std::fputs(line.c_str(), stdout);
  }
  return finish(kExitOk);
}

}  // namespace batuta::cli
