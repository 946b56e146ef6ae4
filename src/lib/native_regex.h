// native_regex.h: what batuta.string's split and replace ask of the regex
// engine (native_regex_host.cpp, RE2). Absent on wasm32-wasi, where no
// Regex value can exist (re-pattern is absent), so callers guard their use
// with `#if !defined(__wasi__)`.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/status.h"
#include "core/value.h"
#include "vm/fiber.h"

namespace batuta::lib {

// (split s re limit): the parts as a vector, with Java's limit rules
// (limit <= 0 keeps all parts; 0 also drops trailing empty parts).
Result<Value> regex_split(const Value& re, std::string_view s, int64_t limit);
// Every match of re in s replaced by `replacement`, where $1..$9 name
// groups and \$ is a literal dollar sign.
Result<Value> regex_replace(const Value& re, std::string_view s, std::string_view replacement);
// Every match of re in s replaced by (f match), match as re-find gives it;
// f must return a string.
Result<Value> regex_replace_with(VmContext& ctx, const Value& re, std::string_view s, const Value& f);

}  // namespace batuta::lib
