// array_map.h: the small-map kind, ArrayMap (see map.h for the semantics).
//
// Up to kArrayMapMaxEntries entries stored as [k0 v0 k1 v1 ...] in insertion
// order right after the header, searched linearly: for so few keys a scan
// beats hashing, and the order is what Clojure users expect to see printed.
// A new array map is sized exactly; a unique one shrinks in place on dissoc
// and keeps the room, so a dissoc/assoc cycle does not allocate.
#pragma once

#include <cstdint>

#include "core/object.h"

namespace batuta {

constexpr uint32_t kArrayMapMaxEntries = 8;

// aux: the number of entries. flags: the capacity, in entries.
struct ArrayMap : Object {
  // 2 * capacity() slots follow the header; the first 2 * count() hold Values.
  explicit ArrayMap(uint32_t capacity) : Object(Kind::ArrayMap) { flags = static_cast<uint8_t>(capacity); }
  uint32_t count() const { return aux; }
  uint32_t capacity() const { return flags; }
  Value* slots() { return reinterpret_cast<Value*>(this + 1); }
  const Value* slots() const { return reinterpret_cast<const Value*>(this + 1); }
};
static_assert(sizeof(ArrayMap) == 8);

inline bool is_array_map(const Value& v) { return is_kind(v, Kind::ArrayMap); }

Value empty_array_map();  // immortal
// The stored value of key, or nullptr.
const Value* array_map_find(const ArrayMap* m, const Value& key);
// Consumes m. Returns a HashMap when a 9th distinct key arrives.
Value array_map_assoc(Value m, Value key, Value val);
// Consumes m; returns it unchanged when key is absent.
Value array_map_dissoc(Value m, const Value& key);

}  // namespace batuta
