// Helpers shared by the map and set tests: access to the CHAMP trie behind a
// HashMap or HashSet, forced hashes for collision tests, and a key space
// mixing every kind of key.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/champ.h"
#include "core/equality.h"
#include "core/hash_map.h"
#include "core/hash_set.h"
#include "core/map.h"
#include "core/name.h"
#include "core/number.h"
#include "core/string.h"
#include "core/tuple.h"
#include "core/vector.h"

namespace batuta::map_testing {

inline const Value& trie_of(const Value& m) {
  if (is_kind(m, Kind::HashSet)) return object_as<const HashSet>(m)->root;
  return object_as<const HashMap>(m)->root;
}

// Passes when the value is an array map, or a hash/set whose trie keeps every
// CHAMP invariant (champ::check_invariants) and whose count is right.
inline ::testing::AssertionResult trie_ok(const Value& m, champ::HashFn hash_of = &hash) {
  if (is_kind(m, Kind::ArrayMap)) return ::testing::AssertionSuccess();
  std::string error = champ::check_invariants(trie_of(m), hash_of);
  if (!error.empty()) return ::testing::AssertionFailure() << error;
  uint64_t n = 0;
  champ::Cursor cursor(trie_of(m));
  while (cursor.next()) ++n;
  uint64_t count = is_kind(m, Kind::HashSet) ? object_as<const HashSet>(m)->count : object_as<const HashMap>(m)->count;
  if (n != count) return ::testing::AssertionFailure() << "count " << count << " but " << n << " entries";
  return ::testing::AssertionSuccess();
}

// Whether an update of `key` may happen in place: the map object and every
// trie node on the key's path have a count of one (a map whose object is
// unique can still share nodes with an older version).
inline bool path_unique(const Value& m, const Value& key) {
  if (!m.as_object()->is_unique()) return false;
  if (is_kind(m, Kind::ArrayMap)) return true;
  const uint64_t h = hash(key);
  const Object* o = trie_of(m).as_object();
  for (int shift = 0; o->is_unique(); shift += champ::kBitsPerLevel) {
    if (o->kind == Kind::CollisionNode) return true;
    const auto* n = static_cast<const champ::ChampNode*>(o);
    const uint32_t bit = 1u << ((h >> shift) & 31);
    if (!(n->nodemap & bit)) return true;
    const int index = champ::popcount32(n->nodemap & (bit - 1));
    o = n->slots()[n->width() * champ::popcount32(n->datamap) + index].as_object();
  }
  return false;
}

// Key i of a key space that mixes kinds: fixnums, strings, keywords, tuples,
// doubles and vectors, all distinct under `=`.
inline Value mixed_key(int64_t i) {
  switch (i % 6) {
    case 0: return Value::fixnum(i);
    case 1: return make_string_from_utf8("s" + std::to_string(i));
    case 2: return keyword("k" + std::to_string(i));
    case 3: return make_tuple({keyword("t"), Value::fixnum(i)});
    case 4: return Value::from_double(static_cast<double>(i) + 0.5);
    default: return vector_from({Value::fixnum(i), Value::nil()});
  }
}

// A forced hash for fixnum keys: tests set `table` and install hash_of as
// the trie's hash, so ordinary keys can collide on any number of bits.
struct ForcedHash {
  static inline std::unordered_map<int64_t, uint64_t> table;
  static uint64_t of(const Value& key) {
    auto it = table.find(key.as_fixnum());
    return it == table.end() ? hash(key) : it->second;
  }
};

// Two distinct strings whose real hashes agree on their low `bits` bits
// (found by a birthday search over "c0", "c1", ...).
inline std::pair<Value, Value> strings_colliding_on_low_bits(int bits) {
  const uint64_t mask = (uint64_t{1} << bits) - 1;
  std::unordered_map<uint64_t, int64_t> seen;
  for (int64_t i = 0;; ++i) {
    Value s = make_string_from_utf8("c" + std::to_string(i));
    auto [it, fresh] = seen.emplace(hash(s) & mask, i);
    if (!fresh) return {make_string_from_utf8("c" + std::to_string(it->second)), s};
  }
}

}  // namespace batuta::map_testing
