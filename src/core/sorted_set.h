// sorted_set.h: persistent sorted sets, Clojure's sorted-set.
//
// A SortedSet is a SortedCollection header over a persistent AVL tree of
// element-only nodes (tree.h: set nodes carry no value slot). Elements are
// ordered by compare() of equality.h (or a KeyComparator from a later
// layer), so elements that compare equal are one element and the first one
// added stays: (sorted-set 1 1.0) is #{1}.
//
// Ownership is as for sorted maps (sorted_map.h): operations consume the
// set, update it in place when the caller moved in the only reference, copy
// the path otherwise, and return the set itself when nothing changes.
//
// A sorted set equals any set with the same elements, hash sets included,
// and hashes like them. Sets order by size, then element by element in
// ascending order.
#pragma once

#include <cstddef>
#include <span>

#include "core/tree.h"

namespace batuta {

struct SortedSet : SortedCollection {};

inline bool is_sorted_set(const Value& v) { return is_kind(v, Kind::SortedSet); }

// The empty sorted set ordered by compare() (one immortal object), or a new
// empty set ordered by `order`.
Value empty_sorted_set(const KeyComparator* order = nullptr);
Value sorted_set_from(std::span<const Value> elements, const KeyComparator* order = nullptr);

// Preconditions below: s is a sorted set.
inline size_t sorted_set_count(const Value& s) { return sorted_collection(s)->count; }
inline const KeyComparator* sorted_set_comparator(const Value& s) { return sorted_collection(s)->order; }

Value sorted_set_conj(Value s, Value x);
Value sorted_set_disj(Value s, const Value& x);
bool sorted_set_contains(const Value& s, const Value& x);
// The stored element that compares equal to x (as Clojure's (get s x)), or
// nullptr. Lives as long as the set is neither changed nor freed.
const Value* sorted_set_find(const Value& s, const Value& x);
const Value* sorted_set_first(const Value& s);  // smallest; nullptr when empty
const Value* sorted_set_last(const Value& s);   // largest; nullptr when empty

// Walks the elements in order, borrowing the set (keep it alive and
// unchanged meanwhile). Allocates nothing. Also usable as the cursor of
// Printer::print_sequence (operator()).
class SortedSetCursor {
 public:
  // Every element, ascending (seq) or descending (rseq).
  explicit SortedSetCursor(const Value& s, TreeDirection dir = TreeDirection::Ascending);
  // From a bound: ascending from the first element >= x (Inclusive) or > x
  // (Exclusive); descending from the last element <= x or < x.
  SortedSetCursor(const Value& s, TreeDirection dir, const Value& x, TreeBound bound);

  bool next(const Value*& elem);
  const Value* operator()() {
    const TreeNode* n = cursor_.next();
    return n == nullptr ? nullptr : &n->key;
  }

 private:
  TreeCursor cursor_;
};

}  // namespace batuta
