// program_main.cpp: see program_main.h.
#include "aot/program_main.h"

#include <cstdio>

namespace batuta::aot {

std::string cpp_string_literal(std::string_view text) {
  std::string out = "\"";
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      // A new literal per line keeps the generated file readable; adjacent
      // literals concatenate.
      out += "\\n\"";
      if (i + 1 < text.size()) out += "\n    \"";
      else return out;
    } else if (c >= 0x20 && c < 0x7f && c != '?') {
      out += static_cast<char>(c);  // '?' is escaped too: no trigraph can form
    } else {
      char escaped[5];
      std::snprintf(escaped, sizeof escaped, "\\%03o", c);  // always 3 digits: no digit after it can join
      out += escaped;
    }
  }
  out += '"';
  return out;
}

std::string generate_program_main(std::string_view source, std::string_view path,
                                  std::span<const std::string> preload_namespaces) {
  std::string out;
  out += "// The main unit of a program built by `batuta compile` from ";
  for (char c : path) out += (c == '\n' || c == '\r') ? ' ' : c;
  out +=
      ".\n"
      "// Generated: edit the .ba source instead.\n"
      "#include <iterator>\n"
      "#include <span>\n"
      "#include <string_view>\n"
      "\n"
      "#include \"cli/run_source.h\"\n"
      "\n"
      "extern \"C\" const batuta::NativeCodeEntry batuta_native_code[];\n"
      "extern \"C\" const size_t batuta_native_code_count;\n"
      "\n"
      "namespace {\n"
      "\n"
      "const char kPath[] = ";
  out += cpp_string_literal(path);
  out +=
      ";\n"
      "\n"
      "const char* const kPreloadNamespaces[] = {";
  for (const std::string& ns : preload_namespaces) out += cpp_string_literal(ns) + ", ";
  out +=
      "nullptr};\n"
      "\n"
      "const char kSource[] =\n    ";
  out += cpp_string_literal(source);
  out +=
      ";\n"
      "\n"
      "}  // namespace\n"
      "\n"
      "int main(int argc, char** argv) {\n"
      "  const batuta::cli::CompiledProgram program{\n"
      "      std::string_view(kSource, sizeof kSource - 1), kPath,\n"
      "      std::span<const char* const>(kPreloadNamespaces, std::size(kPreloadNamespaces) - 1),\n"
      "      std::span<const batuta::NativeCodeEntry>(batuta_native_code, batuta_native_code_count)};\n"
      "  return batuta::cli::run_compiled_program(program, argc, argv);\n"
      "}\n";
  return out;
}

}  // namespace batuta::aot
