// regex.h: the Regex value kind, `#"[a-z]+"`.
//
// A Regex is the pattern's source text plus a compiled matcher that a
// native-only library owns (RE2, in lib/native_regex_host.cpp): core only
// keeps an opaque pointer and the function that frees it, so this kind
// builds everywhere while the matching lives in the host build. On
// wasm32-wasi there is no regex engine: no Regex is ever made there and
// the regex natives are absent.
//
// Regexes compare by identity (as Clojure's Patterns do) and print as
// #"source".
#pragma once

#include <string>

#include "core/object.h"

namespace batuta {

struct Regex : Object {
  Regex() : Object(Kind::Regex) {}
  std::string source;
  void* compiled = nullptr;                 // owned; freed by free_compiled
  void (*free_compiled)(void*) = nullptr;
};

inline bool is_regex(const Value& v) { return is_kind(v, Kind::Regex); }
inline const Regex* as_regex(const Value& v) { return object_as<const Regex>(v); }

// Takes ownership of `compiled`.
Value make_regex(std::string source, void* compiled, void (*free_compiled)(void*));

}  // namespace batuta
