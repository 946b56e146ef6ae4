// name.h: interned names, the bodies of keywords and symbols.
//
// A keyword or symbol Value points at an immortal Name (value.h), so equal
// names are the same word and compare and hash in O(1). A keyword and a
// symbol with the same text share one Name; the Value's low bit tells them
// apart. The intern table is global and thread-safe; names are never freed
// (as in Erlang's atom table), which is why untrusted input should become
// strings, not keywords.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/object.h"

namespace batuta {

struct Name : Object {
  uint64_t hash;        // of the full text; keyword and symbol hashes derive from it
  uint32_t length;      // bytes of the full text "ns/name" or "name"
  uint32_t ns_length;   // bytes of the namespace part, 0 when there is none
  char text[1];         // the full text, NUL-terminated

  std::string_view full() const { return {text, length}; }
  bool has_namespace() const { return ns_length > 0; }
  std::string_view ns() const { return {text, ns_length}; }
  std::string_view name() const {
    return ns_length > 0 ? std::string_view(text + ns_length + 1, length - ns_length - 1) : full();
  }
};

// The full text "ns/name" or "name". The namespace is the part before the
// first '/', when that '/' is neither the first nor the last byte (so `/`
// and `a/` are plain names).
Value keyword(std::string_view full);
Value symbol(std::string_view full);
Value keyword(std::string_view ns, std::string_view name);
Value symbol(std::string_view ns, std::string_view name);

inline std::string_view name_text(const Value& v) { return v.as_name()->full(); }

}  // namespace batuta
