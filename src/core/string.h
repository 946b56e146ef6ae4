// string.h: immutable UTF-8 strings.
//
// A String holds its bytes inline after the header, always valid UTF-8
// (checked where bytes enter: make_string), its length in code points
// (computed during validation, so `count` is O(1)) and a lazily cached hash.
#pragma once

#include <atomic>
#include <cstdint>
#include <string_view>

#include "core/object.h"
#include "core/status.h"

namespace batuta {

struct String : Object {
  uint32_t byte_length;
  uint32_t char_count;
  // 0 means "not computed yet". Racing threads compute the same number, so
  // relaxed atomics suffice.
  mutable std::atomic<uint64_t> cached_hash;
  char bytes[1];  // byte_length bytes follow, then a NUL for C interop

  std::string_view view() const { return {bytes, byte_length}; }
  uint64_t hash() const;
};

// Makes a string from arbitrary bytes; fails with InvalidUtf8 naming the
// offset of the first bad byte.
Result<Value> make_string(std::string_view bytes);
// Makes a string from bytes the caller knows are valid UTF-8.
Value make_string_from_utf8(std::string_view valid_utf8);

inline bool is_string(const Value& v) { return is_kind(v, Kind::String); }
inline const String* as_string(const Value& v) { return object_as<const String>(v); }
inline std::string_view string_view_of(const Value& v) { return as_string(v)->view(); }

// A string being written: room for `size` bytes at `bytes`, which its
// maker fills before publishing it with finish_string (join and slurp know
// the size first, and so write the bytes once, into the string itself,
// rather than into a std::string to copy). Until then the value is not a
// valid string and must not be used; dropping it frees it.
struct StringDraft {
  Value value;
  char* bytes;
  size_t size;
};
// A draft of `byte_length` bytes (at most 4 GiB: the caller checks).
StringDraft draft_string(size_t byte_length);
// Publishes a draft holding valid UTF-8 of `char_count` characters.
Value finish_string(StringDraft draft, size_t char_count);
// Publishes a draft after checking its bytes, as make_string does (a
// rejected draft is freed).
Result<Value> finish_checked_string(StringDraft draft);

// Concatenation of two strings (both valid, so the result is too).
Value string_concat(const Value& a, const Value& b);

}  // namespace batuta
