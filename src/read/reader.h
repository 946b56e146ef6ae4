// reader.h: Profile A source text to forms (LANGUAGE.md, docs/reader.md).
//
// The reader turns UTF-8 text into plain data: lists, vectors, maps, sets,
// tuples, symbols, keywords, numbers, strings, characters. Reader macros
// become ordinary lists the compiler knows (`'x` is `(quote x)`, `` `x `` is
// `(syntax-quote x)`, `#"re"` is `(re-pattern "re")`, `#(...)` is a `fn`).
// Positions and `::` annotations go to a SourceMap (source_map.h); the forms
// themselves carry nothing extra.
//
// It never crashes or hangs on any input: the whole text is checked as UTF-8
// first, nesting deeper than kMaxNesting is an error, and every step
// consumes input, so reading is linear in the text (big integer literals
// aside, whose conversion is the numeric tower's).
//
// Errors are ErrorKind::ParseError with the message
// `file:line:column: what went wrong`; last_error() gives the parts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/value.h"
#include "read/source_map.h"

namespace batuta {

// Forms nested deeper than this are an error (`too deeply nested`): the
// reader recurses once per level, and the wasm32 stack is small.
constexpr int kMaxNesting = 1000;

struct ReadError {
  std::string file;
  SourcePos pos;
  std::string what;  // the message without the "file:line:column: " prefix
};

class Reader {
 public:
  // `source` must outlive the reader. `current_ns` resolves `::k` keywords.
  Reader(std::string_view source, std::string file_name, SourceMap& map, std::string_view current_ns = "user");

  // Reads the next top-level form into `out`: true when one was read, false
  // at the end of the input. After an error, every further call returns the
  // same error.
  Result<bool> read(Value& out);
  // Every remaining form.
  Result<std::vector<Value>> read_all();

  // The namespace `::k` keywords resolve in, from the next form on (a file
  // that starts with (ns app.main) reads ::k as :app.main/k after it).
  void set_namespace(std::string_view ns) { ns_ = std::string(ns); }

  // Where the last form read() returned starts (also for immediates and
  // shared empty collections, which the SourceMap cannot key by address).
  SourcePos last_position() const { return last_position_; }
  // The details of the error read() returned; nullptr when there was none.
  const ReadError* last_error() const { return failed_ ? &error_ : nullptr; }

 private:
  friend struct ReaderImpl;
  std::string_view src_;
  std::string file_;
  SourceMap& map_;
  std::string ns_;
  uint32_t file_index_;
  size_t offset_ = 0;
  bool checked_ = false;  // the UTF-8 check and #lang line are done
  bool failed_ = false;
  ReadError error_;
  SourcePos last_position_{1, 1};
  // Position cache: positions are asked for in increasing offset order, so
  // converting an offset to line:column is amortised O(1).
  size_t pos_offset_ = 0;
  SourcePos pos_{1, 1};
  int depth_ = 0;
  // #( ... ) state: inside one, `%` symbols become parameters.
  bool in_fn_literal_ = false;
  int fn_max_param_ = 0;
  bool fn_has_rest_ = false;
  uint64_t fn_id_ = 0;
};

// Reads every form of `source` (convenience for tests and the REPL).
Result<std::vector<Value>> read_all(std::string_view source, std::string file_name, SourceMap& map,
                                    std::string_view current_ns = "user");

}  // namespace batuta
