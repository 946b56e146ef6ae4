// sorted_map.h: persistent sorted maps, Clojure's sorted-map.
//
// A SortedMap is a SortedCollection header (count, comparator, cached hash)
// over a persistent AVL tree of key/value nodes (tree.h). Keys are ordered
// by compare() of equality.h, a total order over all values, so keys of
// mixed types coexist (nil < false < numbers < characters < strings <
// keywords < ...) and keys that compare equal are one key: (sorted-map 1 :a
// 1.0 :b) has the single entry {1 :b}. A later layer may supply another
// ordering (KeyComparator, tree.h); nullptr means compare().
//
// Persistent operations consume the map (take it by value). When the caller
// moved in the only reference, the map and the unique nodes along the path
// are updated in place; replacing the value of an existing key then
// allocates nothing. Otherwise the path to the change is copied. Operations
// that change nothing (dissoc of an absent key, assoc of an identical value)
// return the map they were given.
//
// As in Clojure, a sorted map equals any map with the same entries, array
// and hash maps included, and hashes like them. Maps order by size, then by
// their keys in ascending order, then by their values in key order
// (Erlang's term order for maps).
#pragma once

#include <cstddef>
#include <span>

#include "core/status.h"
#include "core/tree.h"

namespace batuta {

struct SortedMap : SortedCollection {};

inline bool is_sorted_map(const Value& v) { return is_kind(v, Kind::SortedMap); }

// The empty sorted map ordered by compare() (one immortal object), or a new
// empty map ordered by `order`.
Value empty_sorted_map(const KeyComparator* order = nullptr);
// A sorted map of alternating keys and values; later entries win. Fails
// with InvalidArgument when a key has no value (odd length).
Result<Value> sorted_map_from(std::span<const Value> keys_and_values, const KeyComparator* order = nullptr);

// Preconditions below: m is a sorted map.
inline size_t sorted_map_count(const Value& m) { return sorted_collection(m)->count; }
inline const KeyComparator* sorted_map_comparator(const Value& m) { return sorted_collection(m)->order; }

Value sorted_map_assoc(Value m, Value key, Value val);
Value sorted_map_dissoc(Value m, const Value& key);

// The value stored under key, or nullptr. The pointer lives as long as the
// map is neither changed nor freed.
const Value* sorted_map_find(const Value& m, const Value& key);
Value sorted_map_get(const Value& m, const Value& key, const Value& not_found = Value());
bool sorted_map_contains(const Value& m, const Value& key);

// A borrowed view of one entry; both null when there is none.
struct SortedMapEntry {
  const Value* key = nullptr;
  const Value* value = nullptr;
  explicit operator bool() const { return key != nullptr; }
};
// The stored entry whose key compares equal to key (its key may differ
// from the one asked for: 1 for 1.0), as Clojure's `find`.
SortedMapEntry sorted_map_find_entry(const Value& m, const Value& key);
SortedMapEntry sorted_map_first(const Value& m);  // smallest key
SortedMapEntry sorted_map_last(const Value& m);   // largest key

// Walks the entries in key order, borrowing the map (keep it alive and
// unchanged meanwhile). Allocates nothing.
//   SortedMapCursor c(m);  const Value *k, *v;  while (c.next(k, v)) ...
class SortedMapCursor {
 public:
  // Every entry, ascending (seq) or descending (rseq).
  explicit SortedMapCursor(const Value& m, TreeDirection dir = TreeDirection::Ascending);
  // From a bound: ascending from the first key >= key (Inclusive) or > key
  // (Exclusive), as (subseq m >= key) and (subseq m > key); descending
  // from the last key <= key or < key, as (rsubseq m <= key), (rsubseq m < key).
  SortedMapCursor(const Value& m, TreeDirection dir, const Value& key, TreeBound bound);

  bool next(const Value*& key, const Value*& val);

 private:
  TreeCursor cursor_;
};

}  // namespace batuta
