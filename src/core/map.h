// map.h: persistent hash maps, `{:a 1 :b 2}`, with Clojure's semantics.
//
// Two kinds implement them behind this one API:
//   ArrayMap (array_map.h)  at most 8 entries, in insertion order: printing
//                           and iteration follow it, and assoc of a key
//                           already present keeps its position.
//   HashMap  (hash_map.h)   a CHAMP trie (champ.h); the 9th distinct key
//                           turns an array map into one. Removals never turn
//                           it back (as in Clojure).
// Both kinds are "maps" to Batuta code: = compares entries whatever the kind,
// hashes agree, and compare() orders them as Erlang orders maps (by size,
// then by the sorted keys, then by the values in key order).
//
// Keys and values are any Values, nil and false included; keys are compared
// with `=` and hashed with hash() (equality.h). ##NaN is not = to itself, so
// a ##NaN key can never be found again and each assoc of one adds an entry,
// exactly as in Clojure.
//
// Ownership: map_assoc and map_dissoc consume the map (take it by value).
// When the caller moved in its only reference, the map is updated in place:
// replacing a value allocates nothing, and the map object keeps its address
// unless an array map must grow or become a hash map. Otherwise the changed
// path is copied and the rest shared. Either way the old version, if still
// referenced, is unchanged.
//
// Preconditions: every `m` argument satisfies is_map().
#pragma once

#include <cstddef>
#include <span>

#include "core/champ.h"
#include "core/object.h"

namespace batuta {

class Printer;

Value empty_map();  // the immortal empty map
bool is_map(const Value& v);  // ArrayMap or HashMap (sorted maps are another kind)
size_t map_count(const Value& m);
Value map_assoc(Value m, Value key, Value val);
// Returns m itself (the same object) when key is absent.
Value map_dissoc(Value m, const Value& key);
// The stored value of key, or nullptr. Valid while m is alive and unchanged.
const Value* map_find(const Value& m, const Value& key);
Value map_get(const Value& m, const Value& key, const Value& not_found = Value());
bool map_contains(const Value& m, const Value& key);
// A map of alternating keys and values (an even number of them); when a key
// repeats, the later value wins and the first position is kept.
Value map_from(std::span<const Value> keys_and_values);

// Iterates a map's entries in its order (insertion order for array maps,
// trie order for hash maps). Borrows the map: it must outlive the cursor
// and stay unchanged meanwhile.
class MapCursor {
 public:
  explicit MapCursor(const Value& m) : MapCursor(m.as_object()) {}
  explicit MapCursor(const Object* m);
  // Points key and val at the next entry; false at the end.
  bool next(const Value*& key, const Value*& val);

 private:
  const Value* array_next_ = nullptr;  // array maps: the next key slot...
  const Value* array_end_ = nullptr;   // ...and the end of the used slots
  bool is_array_ = true;
  champ::Cursor trie_;  // hash maps
};

namespace detail {
// The KindOps parts shared by ArrayMap and HashMap (map.cpp).
bool map_equals(const Object* a, const Value& b);
uint64_t map_hash_entries(const Object* m);  // not cached
void map_print(const Object* m, Printer& p);
int map_compare(const Object* a, const Object* b);
}  // namespace detail

}  // namespace batuta
