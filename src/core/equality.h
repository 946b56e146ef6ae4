// equality.h: Batuta's `=`, hashing consistent with it, and the total order.
//
// `=` is structural value equality, as in Clojure: (= 1 1.0) is false (an
// integer is not a float), (= [1 2] '(1 2)) is true (sequential collections
// compare element-wise whatever their kind), an array map equals a hash map
// with the same entries, and ##NaN equals nothing, itself included.
// hash(a) == hash(b) whenever (= a b).
//
// compare() is a total order over all values, used by sorted collections
// and `sort`. Within a class it is the natural order; across classes it
// follows a fixed rank, as Erlang's term order does, so sorting a mixed
// collection never fails:
//   nil < booleans < numbers < characters < strings < keywords < symbols
//       < tuples < sequential (lists, vectors) < maps < sets < other kinds
// Numbers compare by numeric value across representations (1 and 1.0
// compare equal, as Clojure's compare does; ##NaN sorts after every number).
#pragma once

#include <cstdint>

#include "core/value.h"

namespace batuta {

bool equals(const Value& a, const Value& b);
uint64_t hash(const Value& v);
int compare(const Value& a, const Value& b);

// The rank classes of compare(), exposed for kinds that need to know
// whether two values are in the same class.
enum class OrderClass : uint8_t { Nil, Boolean, Number, Character, String, Keyword, Symbol, Tuple, Sequential, Map, Set, Other };
OrderClass order_class(const Value& v);

// Hash building blocks shared by the collection kinds so that equal
// collections of different kinds hash equally.
uint64_t mix_hash(uint64_t h);  // a strong 64-bit finaliser
// Ordered collections (lists, vectors, lazy sequences): fold element hashes.
struct OrderedHasher {
  uint64_t h = 0x9E3779B97F4A7C15ull;
  uint64_t n = 0;
  void add(const Value& v);
  uint64_t finish() const;
};
// Unordered collections (maps, sets): order-independent sum of entry hashes.
struct UnorderedHasher {
  uint64_t sum = 0;
  uint64_t n = 0;
  void add_entry(const Value& key, const Value& val);  // maps
  void add(const Value& v);                            // sets
  uint64_t finish(uint64_t seed) const;                // seed distinguishes maps from sets
};
// The seeds every map kind (array, hash, sorted) and every set kind use, so
// that equal maps of different kinds hash equally.
constexpr uint64_t kMapHashSeed = 0x6D61702D68617368ull;  // "map-hash"
constexpr uint64_t kSetHashSeed = 0x7365742D68617368ull;  // "set-hash"


}  // namespace batuta
