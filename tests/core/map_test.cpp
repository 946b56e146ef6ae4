// Tests of persistent hash maps: the API of map.h over both kinds (ArrayMap,
// HashMap), the CHAMP trie underneath (champ.h) and its collision nodes.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "core/array_map.h"
#include "core/list.h"
#include "core/printer.h"
#include "core/sorted_map.h"
#include "map_test_util.h"

namespace batuta {
namespace {

using map_testing::ForcedHash;
using map_testing::mixed_key;
using map_testing::trie_of;
using map_testing::trie_ok;

Value kw(const char* s) { return keyword(s); }
Value fx(int64_t i) { return Value::fixnum(i); }
Value str(const std::string& s) { return make_string_from_utf8(s); }
const double kNaN = std::numeric_limits<double>::quiet_NaN();

// A map of fixnum keys 0..n-1 to values 100+k, built by assoc in order.
Value int_map(int64_t n) {
  Value m = empty_map();
  for (int64_t k = 0; k < n; ++k) m = map_assoc(std::move(m), fx(k), fx(100 + k));
  return m;
}

TEST(Map, EmptyMapIsAnImmortalSingleton) {
  Value a = empty_map(), b = empty_map();
  EXPECT_TRUE(a.identical(b));
  EXPECT_TRUE(a.as_object()->is_immortal());
  EXPECT_TRUE(is_map(a));
  EXPECT_EQ(map_count(a), 0u);
  EXPECT_EQ(map_find(a, kw("a")), nullptr);
  EXPECT_EQ(pr_str(a), "{}");
  EXPECT_FALSE(is_map(fx(1)));
  EXPECT_FALSE(is_map(empty_set()));
  EXPECT_FALSE(is_map(empty_vector()));
}

TEST(Map, ArrayMapKeepsInsertionOrderAndPositionOnReassoc) {
  Value m = map_from(std::vector<Value>{kw("c"), fx(1), kw("a"), fx(2), kw("b"), fx(3)});
  EXPECT_TRUE(is_array_map(m));
  EXPECT_EQ(pr_str(m), "{:c 1 :a 2 :b 3}");
  m = map_assoc(std::move(m), kw("a"), fx(20));
  EXPECT_EQ(pr_str(m), "{:c 1 :a 20 :b 3}");
  m = map_dissoc(std::move(m), kw("c"));
  EXPECT_EQ(pr_str(m), "{:a 20 :b 3}");
  m = map_assoc(std::move(m), kw("c"), fx(1));
  EXPECT_EQ(pr_str(m), "{:a 20 :b 3 :c 1}");
  // map_from: a repeated key keeps its first position and its last value.
  Value r = map_from(std::vector<Value>{kw("x"), fx(1), kw("y"), fx(2), kw("x"), fx(3)});
  EXPECT_EQ(pr_str(r), "{:x 3 :y 2}");
}

TEST(Map, ArrayMapBecomesAHashMapAtTheNinthKey) {
  for (int64_t n = 0; n <= 12; ++n) {
    Value m = int_map(n);
    EXPECT_EQ(map_count(m), static_cast<size_t>(n));
    EXPECT_EQ(is_array_map(m), n <= 8) << n;
    EXPECT_EQ(is_hash_map(m), n > 8) << n;
    EXPECT_TRUE(trie_ok(m));
    for (int64_t k = 0; k < n + 2; ++k) {
      const Value* v = map_find(m, fx(k));
      if (k < n) {
        ASSERT_NE(v, nullptr) << n << " " << k;
        EXPECT_EQ(v->as_fixnum(), 100 + k);
      } else {
        EXPECT_EQ(v, nullptr);
      }
    }
  }
  // Assoc of an existing key into a full array map keeps it an array map.
  Value eight = int_map(8);
  Value still = map_assoc(eight, fx(3), fx(0));
  EXPECT_TRUE(is_array_map(still));
  EXPECT_EQ(pr_str(still), "{0 100 1 101 2 102 3 0 4 104 5 105 6 106 7 107}");
  // Dissoc below 9 keeps a hash map (as Clojure does), which still equals the
  // array map of the same entries.
  Value nine = int_map(9);
  Value back = map_dissoc(nine, fx(8));
  EXPECT_TRUE(is_hash_map(back));
  EXPECT_EQ(map_count(back), 8u);
  EXPECT_TRUE(equals(back, eight));
  EXPECT_TRUE(equals(eight, back));
  EXPECT_EQ(hash(back), hash(eight));
  EXPECT_EQ(compare(back, eight), 0);
  // Down to empty: still a hash map, equal to {} and printed as it.
  for (int64_t k = 0; k < 8; ++k) back = map_dissoc(std::move(back), fx(k));
  EXPECT_TRUE(is_hash_map(back));
  EXPECT_EQ(map_count(back), 0u);
  EXPECT_TRUE(equals(back, empty_map()));
  EXPECT_EQ(hash(back), hash(empty_map()));
  EXPECT_EQ(pr_str(back), "{}");
  EXPECT_TRUE(trie_ok(back));
}

TEST(Map, DissocOfAnAbsentKeyReturnsTheSameMap) {
  for (int64_t n : {0, 1, 5, 8, 9, 100}) {
    Value m = int_map(n);
    Value keep = m;  // shared
    Value r = map_dissoc(m, fx(1000));
    EXPECT_TRUE(r.identical(keep)) << n;
    Object* before = m.as_object();
    Value u = map_dissoc(std::move(m), fx(-1));  // unique (keep is another reference)
    EXPECT_EQ(u.as_object(), before);
  }
  // Removing the last entry of an array map gives the empty singleton.
  Value one = map_assoc(empty_map(), kw("a"), fx(1));
  EXPECT_TRUE(map_dissoc(one, kw("a")).identical(empty_map()));
}

TEST(Map, NilAndFalseAreOrdinaryKeysAndValues) {
  for (int64_t extra : {0, 20}) {  // as an array map, then as a hash map
    Value m = int_map(extra);
    m = map_assoc(std::move(m), Value::nil(), Value::boolean(false));
    m = map_assoc(std::move(m), Value::boolean(false), Value::nil());
    m = map_assoc(std::move(m), Value::boolean(true), Value::nil());
    EXPECT_EQ(map_count(m), static_cast<size_t>(extra + 3));
    const Value* v = map_find(m, Value::nil());
    ASSERT_NE(v, nullptr);
    EXPECT_TRUE(v->is_false());
    v = map_find(m, Value::boolean(false));
    ASSERT_NE(v, nullptr);  // present, with the value nil
    EXPECT_TRUE(v->is_nil());
    EXPECT_TRUE(map_contains(m, Value::boolean(true)));
    EXPECT_FALSE(map_contains(m, fx(-5)));
    EXPECT_TRUE(map_get(m, fx(-5), kw("none")).identical(kw("none")));
    EXPECT_TRUE(map_get(m, Value::boolean(false), kw("none")).is_nil());
    m = map_dissoc(std::move(m), Value::nil());
    EXPECT_FALSE(map_contains(m, Value::nil()));
    EXPECT_TRUE(map_contains(m, Value::boolean(false)));
  }
  EXPECT_EQ(pr_str(map_from(std::vector<Value>{Value::nil(), Value::boolean(false)})), "{nil false}");
}

TEST(Map, KeysOfEveryKindFollowEquality) {
  for (int64_t extra : {0, 40}) {
    Value m = int_map(extra);
    std::vector<Value> keys = {
        fx(-1),
        Value::from_double(-1.0),  // not = to -1
        Value::from_double(0.0),
        Value::character(U'x'),
        kw("a"),
        symbol("a"),  // not = to :a
        keyword("ns", "a"),
        str("a"),
        str(""),
        make_tuple({kw("t"), fx(1)}),
        vector_from({fx(1), fx(2)}),
        empty_vector(),
        map_from(std::vector<Value>{kw("inner"), fx(1)}),
        set_from(std::vector<Value>{fx(7)}),
        make_integer(int64_t{1} << 60),  // a big integer
    };
    for (size_t i = 0; i < keys.size(); ++i) m = map_assoc(std::move(m), keys[i], fx(static_cast<int64_t>(i)));
    ASSERT_EQ(map_count(m), extra + keys.size());
    EXPECT_TRUE(trie_ok(m));
    // Lookups with equal but distinct values find the same entries.
    std::vector<std::pair<Value, size_t>> probes = {
        {str("a"), 7},
        {Value::from_double(-0.0), 2},  // -0.0 = 0.0
        {make_tuple({kw("t"), fx(1)}), 9},
        {list_from({fx(1), fx(2)}), 10},  // (1 2) = [1 2]
        {list_from({}), 11},              // () = []
        {map_from(std::vector<Value>{kw("inner"), fx(1)}), 12},
        {set_from(std::vector<Value>{fx(7)}), 13},
        {make_integer(int64_t{1} << 60), 14},
        {keyword("ns/a"), 6},
    };
    for (auto& [probe, index] : probes) {
      const Value* v = map_find(m, probe);
      ASSERT_NE(v, nullptr) << pr_str(probe);
      EXPECT_EQ(v->as_fixnum(), static_cast<int64_t>(index)) << pr_str(probe);
    }
    EXPECT_EQ(map_find(m, str("b")), nullptr);
    EXPECT_EQ(map_find(m, Value::from_double(2.0)), nullptr);
    // Replacing through an equal key keeps the count.
    m = map_assoc(std::move(m), list_from({fx(1), fx(2)}), kw("replaced"));
    EXPECT_EQ(map_count(m), extra + keys.size());
    EXPECT_TRUE(map_get(m, keys[10]).identical(kw("replaced")));
    for (auto& k : keys) m = map_dissoc(std::move(m), k);
    EXPECT_EQ(map_count(m), static_cast<size_t>(extra));
    EXPECT_TRUE(trie_ok(m));
  }
}

TEST(Map, NaNKeysAreNeverFoundAndAlwaysAdded) {
  Value nan = Value::from_double(kNaN);
  Value m = empty_map();
  for (int i = 1; i <= 40; ++i) {  // through the array map into a collision node
    m = map_assoc(std::move(m), nan, fx(i));
    EXPECT_EQ(map_count(m), static_cast<size_t>(i));
    EXPECT_FALSE(map_contains(m, nan));
    EXPECT_TRUE(trie_ok(m));
  }
  EXPECT_TRUE(map_dissoc(m, nan).identical(m));
  Value other = m;
  EXPECT_TRUE(equals(m, other));  // the same object
  // Two maps holding ##NaN are not =, as in Clojure: (= {:a ##NaN} {:a ##NaN}).
  EXPECT_FALSE(equals(map_assoc(empty_map(), kw("a"), nan), map_assoc(empty_map(), kw("a"), nan)));
  EXPECT_EQ(pr_str(map_assoc(empty_map(), nan, nan)), "{##NaN ##NaN}");
}

// --- collisions ---------------------------------------------------------------

// A trie built with ForcedHash: keys 0..n-1 whose hashes the test chooses.
Value forced_trie(const std::vector<int64_t>& keys, champ::Insertion* last = nullptr) {
  Value root = champ::empty_root(2);
  for (int64_t k : keys) {
    Value v = fx(k * 10);
    champ::Insertion what;
    root = champ::insert<2>(std::move(root), fx(k), &v, ForcedHash::of(fx(k)), what, &ForcedHash::of);
    if (last) *last = what;
  }
  return root;
}

int64_t entries_of(const Value& root) {
  int64_t n = 0;
  champ::Cursor c(root);
  while (c.next()) ++n;
  return n;
}

TEST(Champ, FullHashCollisionsGoToACollisionNodeAndCollapseBack) {
  // Keys 0..5 share one full 64-bit hash; 6 and 7 share all but the top bit.
  ForcedHash::table.clear();
  const uint64_t h = 0x0123456789ABCDEFull;
  for (int64_t k = 0; k < 6; ++k) ForcedHash::table[k] = h;
  ForcedHash::table[6] = h ^ (uint64_t{1} << 63);
  ForcedHash::table[7] = (h ^ (uint64_t{1} << 63)) ^ (uint64_t{1} << 62);
  ForcedHash::table[8] = 0xFFFF;  // elsewhere

  std::vector<int64_t> keys = {0, 1, 2, 3, 4, 5, 6, 7, 8};
  Value root = forced_trie(keys);
  ASSERT_EQ(champ::check_invariants(root, &ForcedHash::of), "");
  EXPECT_NE(champ::shape(root).find("(collision 0 1 2 3 4 5)"), std::string::npos) << champ::shape(root);
  for (int64_t k : keys) {
    const Value* e = champ::find<2>(root, fx(k), ForcedHash::of(fx(k)));
    ASSERT_NE(e, nullptr) << k;
    EXPECT_EQ(e[1].as_fixnum(), k * 10);
  }
  EXPECT_EQ(champ::find<2>(root, fx(9), h), nullptr);  // same hash, absent key

  // Replace a value inside the collision node, shared and unique.
  Value shared = root;
  Value v = fx(-1);
  champ::Insertion what;
  Value replaced = champ::insert<2>(root, fx(3), &v, h, what, &ForcedHash::of);
  EXPECT_EQ(what, champ::Insertion::Replaced);
  EXPECT_EQ(champ::find<2>(shared, fx(3), h)[1].as_fixnum(), 30);  // old version intact
  EXPECT_EQ(champ::find<2>(replaced, fx(3), h)[1].as_fixnum(), -1);

  // Remove the colliding keys one by one: at one left, the collision node
  // disappears and the entry is inlined; the shape is canonical throughout.
  std::vector<int64_t> left = keys;
  for (int64_t k : {2, 0, 5, 4, 3}) {
    bool removed = false;
    root = champ::remove<2>(std::move(root), fx(k), h, removed);
    EXPECT_TRUE(removed);
    left.erase(std::find(left.begin(), left.end(), k));
    ASSERT_EQ(champ::check_invariants(root, &ForcedHash::of), "") << k;
    EXPECT_EQ(entries_of(root), static_cast<int64_t>(left.size()));
    EXPECT_EQ(champ::shape(root), champ::shape(forced_trie(left))) << k;
  }
  EXPECT_EQ(champ::shape(root).find("collision"), std::string::npos);
  bool removed = true;
  Value same = champ::remove<2>(root, fx(42), h, removed);
  EXPECT_FALSE(removed);
  EXPECT_TRUE(same.identical(root));
}

TEST(Champ, CollisionNodesOfASharedTrieAreCopiedNotChanged) {
  ForcedHash::table.clear();
  for (int64_t k = 0; k < 5; ++k) ForcedHash::table[k] = 77;
  Value root = forced_trie({0, 1, 2, 3});
  Value old = root;
  const std::string old_shape = champ::shape(old);
  bool removed = false;
  root = champ::remove<2>(std::move(root), fx(1), 77, removed);
  Value v = fx(5);
  champ::Insertion what;
  root = champ::insert<2>(std::move(root), fx(4), &v, 77, what, &ForcedHash::of);
  EXPECT_EQ(champ::shape(old), old_shape);
  EXPECT_EQ(entries_of(old), 4);
  EXPECT_EQ(entries_of(root), 4);
  EXPECT_NE(champ::find<2>(old, fx(1), 77), nullptr);
  EXPECT_EQ(champ::find<2>(old, fx(4), 77), nullptr);
}

// How deeply the parentheses of a champ::shape nest (keys here have none).
int nesting(const std::string& shape) {
  int depth = 0, deepest = 0;
  for (char c : shape) {
    depth += c == '(' ? 1 : c == ')' ? -1 : 0;
    deepest = std::max(deepest, depth);
  }
  return deepest;
}

TEST(Champ, RealStringsCollidingOnLowBitsNestDeepAndUnnest) {
  auto [a, b] = map_testing::strings_colliding_on_low_bits(32);
  ASSERT_FALSE(equals(a, b));
  ASSERT_EQ(hash(a) & 0xFFFFFFFFu, hash(b) & 0xFFFFFFFFu);
  Value m = int_map(20);
  Value base = m;
  m = map_assoc(std::move(m), a, fx(1));
  m = map_assoc(std::move(m), b, fx(2));
  EXPECT_TRUE(trie_ok(m));
  EXPECT_EQ(map_get(m, a).as_fixnum(), 1);
  EXPECT_EQ(map_get(m, b).as_fixnum(), 2);
  // b sits at least 7 levels deep (32 shared bits: shifts 0 to 25 agree): the shape shows the chain.
  EXPECT_GE(nesting(champ::shape(trie_of(m))), 7) << champ::shape(trie_of(m));
  m = map_dissoc(std::move(m), a);
  EXPECT_TRUE(trie_ok(m));
  EXPECT_EQ(map_get(m, b).as_fixnum(), 2);
  m = map_dissoc(std::move(m), b);
  EXPECT_EQ(champ::shape(trie_of(m)), champ::shape(trie_of(base)));
}

TEST(Champ, EqualKeySetsHaveEqualShapesWhateverTheHistory) {
  std::mt19937_64 rng(7);
  std::vector<int64_t> keys(3000);
  for (size_t i = 0; i < keys.size(); ++i) keys[i] = static_cast<int64_t>(i);
  Value in_order = int_map(3000);
  std::shuffle(keys.begin(), keys.end(), rng);
  Value shuffled = empty_map();
  for (int64_t k : keys) shuffled = map_assoc(std::move(shuffled), fx(k), fx(100 + k));
  // With 2000 extra keys added and removed again, in another order.
  Value churned = int_map(5000);
  std::vector<int64_t> extra;
  for (int64_t k = 3000; k < 5000; ++k) extra.push_back(k);
  std::shuffle(extra.begin(), extra.end(), rng);
  for (int64_t k : extra) churned = map_dissoc(std::move(churned), fx(k));
  const std::string s = champ::shape(trie_of(in_order));
  EXPECT_EQ(champ::shape(trie_of(shuffled)), s);
  EXPECT_EQ(champ::shape(trie_of(churned)), s);
  EXPECT_TRUE(trie_ok(churned));
  EXPECT_TRUE(equals(in_order, churned));
}

// --- equality, hash, order, printing -------------------------------------------

TEST(Map, EqualityAndHashIgnoreKindAndOrder) {
  Value a = map_from(std::vector<Value>{kw("a"), fx(1), kw("b"), fx(2)});
  Value b = map_from(std::vector<Value>{kw("b"), fx(2), kw("a"), fx(1)});
  EXPECT_TRUE(equals(a, b));
  EXPECT_EQ(hash(a), hash(b));
  EXPECT_FALSE(equals(a, map_assoc(b, kw("b"), fx(3))));
  EXPECT_FALSE(equals(a, map_assoc(b, kw("c"), fx(2))));
  EXPECT_FALSE(equals(a, map_dissoc(b, kw("a"))));
  EXPECT_FALSE(equals(a, vector_from({kw("a"), fx(1)})));
  EXPECT_FALSE(equals(a, fx(1)));
  EXPECT_FALSE(equals(empty_map(), empty_set()));
  EXPECT_NE(hash(empty_map()), hash(empty_set()));
  // Values compare with = too: 1 is not 1.0.
  EXPECT_FALSE(equals(map_from(std::vector<Value>{kw("a"), fx(1)}),
                      map_from(std::vector<Value>{kw("a"), Value::from_double(1.0)})));

  // A hash map and an array map with the same entries.
  Value big = int_map(12);
  for (int64_t k = 8; k < 12; ++k) big = map_dissoc(std::move(big), fx(k));
  Value small = int_map(8);
  ASSERT_TRUE(is_hash_map(big));
  ASSERT_TRUE(is_array_map(small));
  EXPECT_TRUE(equals(big, small));
  EXPECT_TRUE(equals(small, big));
  EXPECT_EQ(hash(big), hash(small));
  // The hash map's cached hash is reset by in-place updates.
  const uint64_t h8 = hash(big);
  big = map_assoc(std::move(big), fx(0), fx(-1));
  EXPECT_NE(hash(big), h8);
  big = map_assoc(std::move(big), fx(0), fx(100));
  EXPECT_EQ(hash(big), h8);

  // Sorted maps with the same entries are = both ways and hash alike.
  Result<Value> sorted = sorted_map_from(std::vector<Value>{kw("b"), fx(2), kw("a"), fx(1)});
  ASSERT_TRUE(sorted.ok());
  EXPECT_TRUE(equals(a, sorted.value()));
  EXPECT_TRUE(equals(sorted.value(), a));
  EXPECT_EQ(hash(a), hash(sorted.value()));
  EXPECT_EQ(compare(a, sorted.value()), 0);
  EXPECT_EQ(compare(sorted.value(), a), 0);
}

TEST(Map, CompareIsErlangsMapOrder) {
  auto m = [](std::vector<Value> kvs) { return map_from(kvs); };
  // By size first.
  EXPECT_LT(compare(m({kw("z"), fx(9)}), m({kw("a"), fx(1), kw("b"), fx(1)})), 0);
  // Then by the sorted keys.
  EXPECT_LT(compare(m({kw("a"), fx(9), kw("b"), fx(9)}), m({kw("c"), fx(1), kw("a"), fx(1)})), 0);
  // Then by the values in key order.
  EXPECT_LT(compare(m({kw("b"), fx(1), kw("a"), fx(2)}), m({kw("a"), fx(2), kw("b"), fx(3)})), 0);
  EXPECT_GT(compare(m({kw("a"), fx(3), kw("b"), fx(0)}), m({kw("b"), fx(9), kw("a"), fx(2)})), 0);
  // Maps sort after vectors and before sets.
  EXPECT_GT(compare(empty_map(), empty_vector()), 0);
  EXPECT_LT(compare(empty_map(), empty_set()), 0);
  // Across kinds, antisymmetric.
  Value big = int_map(20), other = map_assoc(int_map(20), fx(19), fx(0));
  EXPECT_GT(compare(big, other), 0);
  EXPECT_LT(compare(other, big), 0);
  EXPECT_EQ(compare(big, int_map(20)), 0);
}

TEST(Map, PrintsLikeClojure) {
  EXPECT_EQ(pr_str(map_from(std::vector<Value>{kw("a"), fx(1), kw("b"), fx(2)})), "{:a 1 :b 2}");
  EXPECT_EQ(pr_str(map_from(std::vector<Value>{str("k"), str("v\n")})), "{\"k\" \"v\\n\"}");
  EXPECT_EQ(print_str(map_from(std::vector<Value>{str("k"), str("v")})), "{k v}");
  Value nested = map_from(std::vector<Value>{kw("m"), map_from(std::vector<Value>{kw("x"), empty_map()})});
  EXPECT_EQ(pr_str(nested), "{:m {:x {}}}");
  // A hash map prints every entry once, in trie order.
  Value m = int_map(30);
  std::string printed = pr_str(m);
  for (int64_t k = 0; k < 30; ++k) {
    std::string entry = std::to_string(k) + " " + std::to_string(100 + k);
    EXPECT_NE(printed.find(entry), std::string::npos) << entry;
  }
  EXPECT_EQ(printed.front(), '{');
  EXPECT_EQ(printed.back(), '}');
  EXPECT_EQ(std::count(printed.begin(), printed.end(), ' '), 59);
}

TEST(Map, CursorVisitsEveryEntryOnce) {
  for (int64_t n : {0, 3, 8, 9, 1000}) {
    Value m = int_map(n);
    std::vector<int64_t> seen;
    MapCursor c(m);
    const Value *k, *v;
    while (c.next(k, v)) {
      EXPECT_EQ(v->as_fixnum(), k->as_fixnum() + 100);
      seen.push_back(k->as_fixnum());
    }
    std::sort(seen.begin(), seen.end());
    ASSERT_EQ(seen.size(), static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) EXPECT_EQ(seen[i], i);
  }
}

// --- in place, sharing, freeing -------------------------------------------------

TEST(Map, UniqueMapsAreUpdatedInPlace) {
  for (int64_t n : {5, 1000}) {
    Value m = int_map(n);
    Object* before = m.as_object();
    uint64_t allocations = allocation_stats().allocations;
    for (int64_t k = 0; k < n; ++k) m = map_assoc(std::move(m), fx(k), fx(-k));  // replace every value
    EXPECT_EQ(allocation_stats().allocations, allocations) << n;
    EXPECT_EQ(m.as_object(), before);
    EXPECT_EQ(map_get(m, fx(n - 1)).as_fixnum(), -(n - 1));
  }
  // Removing an entry from a unique array map shrinks it in place, and
  // adding one back reuses the room: no allocation either way.
  Value small = int_map(5);
  Object* small_before = small.as_object();
  uint64_t allocations = allocation_stats().allocations;
  small = map_dissoc(std::move(small), fx(0));
  small = map_assoc(std::move(small), fx(0), fx(0));
  EXPECT_EQ(allocation_stats().allocations, allocations);
  EXPECT_EQ(small.as_object(), small_before);
  EXPECT_EQ(pr_str(small), "{1 101 2 102 3 103 4 104 0 0}");
  // A hash map keeps its address while growing.
  Value big = int_map(9);
  Object* before = big.as_object();
  for (int64_t k = 9; k < 5000; ++k) big = map_assoc(std::move(big), fx(k), fx(k));
  EXPECT_EQ(big.as_object(), before);
  for (int64_t k = 0; k < 4000; ++k) big = map_dissoc(std::move(big), fx(k));
  EXPECT_EQ(big.as_object(), before);
  EXPECT_TRUE(trie_ok(big));
}

TEST(Map, SharedMapsAreCopiedAndLeftUnchanged) {
  for (int64_t n : {5, 8, 100}) {
    Value m = int_map(n);
    Value old = m;
    const std::string printed = pr_str(old);
    Value a = map_assoc(m, fx(0), kw("x"));
    Value b = map_assoc(m, kw("new"), fx(1));
    Value c = map_dissoc(m, fx(1));
    EXPECT_FALSE(a.identical(old));
    EXPECT_EQ(pr_str(old), printed);
    EXPECT_EQ(map_count(old), static_cast<size_t>(n));
    EXPECT_EQ(map_get(old, fx(0)).as_fixnum(), 100);
    EXPECT_TRUE(map_contains(old, fx(1)));
    EXPECT_FALSE(map_contains(old, kw("new")));
    EXPECT_TRUE(map_get(a, fx(0)).identical(kw("x")));
    EXPECT_EQ(map_count(b), static_cast<size_t>(n + 1));
    EXPECT_FALSE(map_contains(c, fx(1)));
    EXPECT_TRUE(trie_ok(a) && trie_ok(b) && trie_ok(c) && trie_ok(old));
  }
  // Assoc of an identical value into a shared map returns the same map.
  Value m = int_map(50), keep = m;
  EXPECT_TRUE(map_assoc(m, fx(3), fx(103)).identical(keep));
  // A map shared across threads is never updated in place, even with a
  // count of one. (The copy is made before the original is released, so the
  // addresses differ.)
  Value s = int_map(50);
  mark_shared(s);
  Object* before = s.as_object();
  Value t = map_assoc(std::move(s), fx(3), fx(0));
  EXPECT_NE(t.as_object(), before);
  EXPECT_EQ(map_get(t, fx(3)).as_fixnum(), 0);
}

TEST(Map, EverythingIsFreed) {
  // Interned names and the immortal empty collections stay: create them first.
  for (int64_t k = 0; k < 202; ++k) mixed_key(k);
  kw("m");
  champ::empty_root(2);
  empty_set();
  empty_map();
  const uint64_t live = allocation_stats().bytes_live;
  {
    Value m = int_map(2000);
    Value shared = m;
    for (int64_t k = 0; k < 2000; k += 3) m = map_dissoc(std::move(m), fx(k));
    for (int64_t k = 0; k < 200; ++k) m = map_assoc(std::move(m), mixed_key(k), mixed_key(k + 1));
    Value nan = Value::from_double(kNaN);
    for (int i = 0; i < 5; ++i) m = map_assoc(std::move(m), nan, str("nan"));
    Value small = map_from(std::vector<Value>{str("a"), str("b"), kw("m"), m});
  }
  EXPECT_EQ(allocation_stats().bytes_live, live);
}

}  // namespace
}  // namespace batuta
