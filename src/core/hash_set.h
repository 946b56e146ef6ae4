// hash_set.h: persistent hash sets, `#{1 2}`, with Clojure's semantics.
//
// A HashSet is a small header over a CHAMP trie whose entries are bare keys
// (champ.h with W = 1: no value slots at all). Elements are compared with
// `=` and hashed with hash(); ##NaN is not = to itself, so each conj of it
// adds an element, as in Clojure. Sets of any kind are = when they have the
// same elements; compare() orders sets by size, then by their sorted
// elements. There is no small "array set": Clojure has none either.
//
// Ownership as for maps (map.h): set_conj and set_disj consume the set and
// update it in place when the caller moved in its only reference; the set
// object then keeps its address. Otherwise the changed path is copied.
//
// Preconditions: every `s` argument satisfies is_set().
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/champ.h"
#include "core/object.h"

namespace batuta {

struct HashSet : Object {
  uint64_t count;
  Value root;  // a champ::ChampNode of width 1
  mutable std::atomic<uint64_t> cached_hash;  // 0: not computed; reset by in-place updates

  HashSet(Value r, uint64_t n) : Object(Kind::HashSet), count(n), root(std::move(r)), cached_hash(0) {}
};

Value empty_set();  // the immortal empty set
bool is_set(const Value& v);  // HashSet (sorted sets are another kind)
size_t set_count(const Value& s);
// Returns s itself when x is already an element.
Value set_conj(Value s, Value x);
// Returns s itself when x is not an element.
Value set_disj(Value s, const Value& x);
bool set_contains(const Value& s, const Value& x);
// The stored element equal to x, or nullptr (what Clojure's `get` returns).
const Value* set_find(const Value& s, const Value& x);
Value set_from(std::span<const Value> elements);

// Iterates a set's elements in trie order. Borrows the set: it must outlive
// the cursor and stay unchanged meanwhile. Callable, for
// Printer::print_sequence.
class SetCursor {
 public:
  explicit SetCursor(const Value& s) : SetCursor(s.as_object()) {}
  explicit SetCursor(const Object* s) : trie_(static_cast<const HashSet*>(s)->root) {}
  const Value* next() { return trie_.next(); }  // nullptr at the end
  const Value* operator()() { return next(); }

 private:
  champ::Cursor trie_;
};

}  // namespace batuta
