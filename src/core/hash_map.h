// hash_map.h: the large-map kind, HashMap (see map.h for the semantics).
//
// A HashMap is a small header over a CHAMP trie of (key, value) entries
// (champ.h). The header holds the count (the trie does not know it) and a
// lazily cached hash, reset whenever the map is updated in place (which only
// happens while it is unique, so no other thread can be reading it).
#pragma once

#include <atomic>
#include <cstdint>

#include "core/object.h"

namespace batuta {

struct HashMap : Object {
  uint64_t count;
  Value root;  // a champ::ChampNode of width 2
  mutable std::atomic<uint64_t> cached_hash;  // 0: not computed

  HashMap(Value r, uint64_t n) : Object(Kind::HashMap), count(n), root(std::move(r)), cached_hash(0) {}
};

inline bool is_hash_map(const Value& v) { return is_kind(v, Kind::HashMap); }

// Wraps a trie holding `count` entries.
Value make_hash_map(Value root, uint64_t count);
// The stored value of key, or nullptr.
const Value* hash_map_find(const HashMap* m, const Value& key);
// Consume m.
Value hash_map_assoc(Value m, Value key, Value val);
Value hash_map_dissoc(Value m, const Value& key);  // m itself when key is absent

}  // namespace batuta
