// native_io.cpp: files, standard input, and reading data from text.
//
// read-line reads through input.h, so with-in-str can give it a string.
//
// slurp and spit take a path (a string) and use C stdio, which WASI
// provides too, so they work in the wasm32 build (with the preopened root).
// read-string reads one form with the Profile A reader, as Clojure's does;
// parse-long and parse-double accept only the whole text as a number and
// give nil otherwise (Clojure 1.11's contract), never an error.
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>

#include "core/name.h"
#include "core/number.h"
#include "core/printer.h"
#include "core/string.h"
#include "lib/input.h"
#include "lib/native_util.h"
#include "lib/natives.h"
#include "lib/output.h"
#include "lib/runtime.h"
#include "read/reader.h"
#include "read/source_map.h"
#include "vm/var.h"

namespace batuta {

namespace {

Result<std::string> path_arg(std::string_view op, const Value& v) {
  if (!is_string(v)) return lib::expected(op, "a file path (a string)", v);
  return std::string(string_view_of(v));
}

Error io_error(std::string_view op, const std::string& path, int err) {
  return make_error(ErrorKind::InvalidArgument, std::string(op) + ": " + path + ": " + std::strerror(err));
}

}  // namespace

Result<Value> n_slurp(VmContext&, std::span<const Value> args) {
  auto path = path_arg("slurp", args[0]);
  if (!path) return path.take_error();
  std::FILE* f = std::fopen(path.value().c_str(), "rb");
  if (f == nullptr) return io_error("slurp", path.value(), errno);
  const Error not_text = make_error(ErrorKind::InvalidArgument, "slurp: " + path.value() + " is not valid UTF-8 text");
  // A file with a size (not a pipe) is read straight into the string, in
  // one allocation; when the size turns out wrong (the file changed while
  // being read), the general path below reads it again.
  if (std::fseek(f, 0, SEEK_END) == 0) {
    long size = std::ftell(f);
    std::fseek(f, 0, SEEK_SET);
    if (size > 0 && static_cast<unsigned long>(size) <= UINT32_MAX) {
      StringDraft draft = draft_string(static_cast<size_t>(size));
      if (std::fread(draft.bytes, 1, draft.size, f) == draft.size && std::fgetc(f) == EOF && !std::ferror(f)) {
        std::fclose(f);
        Result<Value> s = finish_checked_string(std::move(draft));
        if (!s) return not_text;
        return s;
      }
      std::clearerr(f);
      std::fseek(f, 0, SEEK_SET);
    }
  }
  std::string text;
  char buffer[1 << 16];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) text.append(buffer, n);
  const bool failed = std::ferror(f) != 0;
  const int err = errno;
  std::fclose(f);
  if (failed) return io_error("slurp", path.value(), err);
  Result<Value> s = make_string(text);
  if (!s) return not_text;
  return s;
}

// (spit path content) and (spit path content :append true).
Result<Value> n_spit(VmContext&, std::span<const Value> args) {
  auto path = path_arg("spit", args[0]);
  if (!path) return path.take_error();
  bool append = false;
  if (args.size() == 4) {
    if (!(args[2].is_keyword() && name_text(args[2]) == "append")) {
      return lib::expected("spit", "the option :append", args[2]);
    }
    append = args[3].truthy();
  } else if (args.size() != 2) {
    return make_error(ErrorKind::ArityError, "spit: expected (spit path content) or (spit path content :append true)");
  }
  std::string text = is_string(args[1]) ? std::string(string_view_of(args[1])) : print_str(args[1]);
  std::FILE* f = std::fopen(path.value().c_str(), append ? "ab" : "wb");
  if (f == nullptr) return io_error("spit", path.value(), errno);
  const bool wrote = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  const int err = errno;
  const bool closed = std::fclose(f) == 0;
  if (!wrote || !closed) return io_error("spit", path.value(), wrote ? errno : err);
  return Value();
}

// A line of standard input (or of with-in-str's string) without its line
// ending; nil at the end of the input.
Result<Value> n_read_line(VmContext&, std::span<const Value>) {
  flush_output();  // a prompt printed before reading must show first
  std::optional<std::string> line = read_input_line();
  if (!line) return Value();
  Result<Value> s = make_string(*line);
  if (!s) return make_error(ErrorKind::InvalidArgument, "read-line: the input is not valid UTF-8");
  return s;
}

// with-in-str's two halves (the macro is in core.ba).
Result<Value> n_push_input_string(VmContext&, std::span<const Value> args) {
  if (!is_string(args[0])) return lib::expected("with-in-str", "a string to read from", args[0]);
  push_input_string(string_view_of(args[0]));
  return Value();
}

Result<Value> n_pop_input_string(VmContext& ctx, std::span<const Value>) {
  if (!pop_input_string()) {
    return make_error(ErrorKind::IllegalState, std::string(lib::op_name(ctx)) + ": no input string is pushed");
  }
  return Value();
}

Result<Value> n_read_string(VmContext&, std::span<const Value> args) {
  if (!is_string(args[0])) return lib::expected("read-string", "a string", args[0]);
  SourceMap map;
  Reader reader(string_view_of(args[0]), "<read-string>", map, name_text(current_namespace_of_thread()->name));
  Value form;
  Result<bool> got = reader.read(form);
  if (!got) return got.take_error();
  if (!got.value()) return make_error(ErrorKind::InvalidArgument, "read-string: no form in the string (it is empty or only comments)");
  return form;
}

Result<Value> n_parse_long(VmContext&, std::span<const Value> args) {
  if (!is_string(args[0])) return lib::expected("parse-long", "a string", args[0]);
  std::string text(string_view_of(args[0]));
  size_t i = (!text.empty() && (text[0] == '-' || text[0] == '+')) ? 1 : 0;
  if (i == text.size()) return Value();
  for (size_t j = i; j < text.size(); ++j)
    if (text[j] < '0' || text[j] > '9') return Value();
  errno = 0;
  long long n = std::strtoll(text.c_str(), nullptr, 10);
  if (errno == ERANGE) return Value();  // not a 64-bit integer, as Clojure's Long
  return make_integer(n);
}

Result<Value> n_parse_double(VmContext&, std::span<const Value> args) {
  if (!is_string(args[0])) return lib::expected("parse-double", "a string", args[0]);
  std::string text(string_view_of(args[0]));
  if (text.empty() || std::isspace(static_cast<unsigned char>(text[0]))) return Value();
  char* end = nullptr;
  double d = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size()) return Value();
  // strtod also reads hex floats and "inf"/"nan"; Clojure's parse-double
  // reads "Infinity" and "NaN" only.
  if (text.find_first_of("xX") != std::string::npos) return Value();
  if (std::isinf(d) && text.find("Infinity") == std::string::npos && text.find_first_of("eE") == std::string::npos) return Value();
  if (std::isnan(d) && text.find("NaN") == std::string::npos) return Value();
  return Value::from_double(d);
}

}  // namespace batuta
