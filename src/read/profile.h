// profile.h: reading a Batuta program in any of its three profiles.
//
// A source text may start with the pragma line `#lang batuta/a` (the
// default, S-expressions), `#lang batuta/b` (infix) or `#lang batuta/c`
// (infix with the offside rule). Without a pragma the caller's default
// profile applies (the REPL's `:profile` command changes it). Whatever the
// profile, the result is Profile A data with positions in a SourceMap,
// exactly what the Profile A reader (reader.h) gives, so macro expansion,
// the compiler and error messages work the same for every profile. The
// grammar and the desugaring rules are in docs/grammar.md.
//
// Errors are ErrorKind::ParseError with the message
// `file:line:column: what went wrong`; Profiles B and C say what was
// expected and what was found: `t.ba:3:9: expected then after the condition
// of if, got else`.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/value.h"
#include "read/reader.h"
#include "read/source_map.h"

namespace batuta {

enum class Profile { A, B, C };

// "a", "b" or "c" (also "A", "B", "C" and "batuta/a"...); nullopt otherwise.
std::optional<Profile> profile_from_name(std::string_view name);
// "a", "b" or "c".
const char* profile_name(Profile p);

// The profile a text's first line selects, or `fallback` when it has no
// #lang line (an unknown #lang is reported by the reader).
Profile profile_of(std::string_view source, Profile fallback = Profile::A);

namespace surface {
class SurfaceReader;
}

// Reads top-level forms one at a time, like Reader (the namespace used for
// `::k` can change between forms), in whichever profile the text selects.
class ProgramReader {
 public:
  ProgramReader(std::string_view source, std::string file_name, SourceMap& map, std::string_view current_ns = "user",
                Profile fallback = Profile::A);
  ~ProgramReader();
  ProgramReader(const ProgramReader&) = delete;
  ProgramReader& operator=(const ProgramReader&) = delete;

  // The next top-level form: true when one was read, false at the end.
  // After an error every further call returns the same error.
  Result<bool> read(Value& out);
  Result<std::vector<Value>> read_all();

  void set_namespace(std::string_view ns);
  Profile profile() const { return profile_; }
  // Where the last form read() returned starts.
  SourcePos last_position() const;
  // The error read() returned; nullptr when there was none.
  const ReadError* last_error() const;
  // True when the error is only that the input ended too early (an
  // unclosed bracket or string, a trailing operator...): more lines could
  // complete it. The REPL then asks for another line.
  bool incomplete() const;

 private:
  Profile profile_;
  std::optional<Reader> a_;
  std::unique_ptr<surface::SurfaceReader> surface_;
};

// Every form of `source` (tests, `batuta read`).
Result<std::vector<Value>> read_program(std::string_view source, std::string file_name, SourceMap& map,
                                        std::string_view current_ns = "user", Profile fallback = Profile::A);

}  // namespace batuta
