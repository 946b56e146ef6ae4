// main.cpp: the `batuta` command.
//
// Subcommands (run, repl, compile, check, test, fmt, server) arrive with the
// layers that implement them; until then the command reports its version and
// its usage, and says clearly when asked for something it cannot do yet.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>

#include "core/version.h"

int main(int argc, char** argv) {
  CLI::App app{"Batuta: a Lisp for orchestrating data systems", "batuta"};
  app.set_version_flag("-V,--version", std::string("batuta ") + batuta::kVersion);
  app.footer(
      "Batuta is at an early stage: the core value layer is built; the reader,\n"
      "compiler and `batuta run` come next. See docs/ and README.md.");
  app.require_subcommand(0, 1);
  CLI11_PARSE(app, argc, argv);
  if (argc == 1) {
    std::fputs(app.help().c_str(), stdout);
  }
  return 0;
}
