// Tests of persistent hash sets (hash_set.h): the CHAMP trie with bare keys.
#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include "core/list.h"
#include "core/printer.h"
#include "core/sorted_set.h"
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

Value int_set(int64_t n) {
  Value s = empty_set();
  for (int64_t k = 0; k < n; ++k) s = set_conj(std::move(s), fx(k));
  return s;
}

TEST(Set, EmptySetIsAnImmortalSingleton) {
  Value a = empty_set(), b = empty_set();
  EXPECT_TRUE(a.identical(b));
  EXPECT_TRUE(a.as_object()->is_immortal());
  EXPECT_TRUE(is_set(a));
  EXPECT_FALSE(is_set(empty_map()));
  EXPECT_FALSE(is_set(fx(1)));
  EXPECT_EQ(set_count(a), 0u);
  EXPECT_FALSE(set_contains(a, fx(1)));
  EXPECT_EQ(pr_str(a), "#{}");
  EXPECT_TRUE(set_disj(a, fx(1)).identical(a));
}

TEST(Set, ConjDisjContains) {
  for (int64_t n : {1, 2, 8, 9, 33, 1000, 40000}) {
    Value s = int_set(n);
    EXPECT_EQ(set_count(s), static_cast<size_t>(n));
    EXPECT_TRUE(trie_ok(s));
    for (int64_t k = -1; k <= n; ++k) EXPECT_EQ(set_contains(s, fx(k)), k >= 0 && k < n) << n << " " << k;
    // conj of a present element and disj of an absent one return the set itself.
    Value keep = s;
    EXPECT_TRUE(set_conj(s, fx(0)).identical(keep));
    EXPECT_TRUE(set_disj(s, fx(-7)).identical(keep));
    for (int64_t k = 0; k < n; k += 2) s = set_disj(std::move(s), fx(k));
    EXPECT_EQ(set_count(s), static_cast<size_t>(n / 2));
    EXPECT_TRUE(trie_ok(s));
    for (int64_t k = 0; k < n; ++k) ASSERT_EQ(set_contains(s, fx(k)), k % 2 == 1);
  }
}

TEST(Set, ElementsOfEveryKindFollowEquality) {
  Value s = set_from(std::vector<Value>{Value::nil(), Value::boolean(false), fx(1), Value::from_double(1.0),
                                        Value::from_double(0.0), str("a"), kw("a"), symbol("a"),
                                        vector_from({fx(1)}), make_tuple({fx(1)}), empty_map()});
  EXPECT_EQ(set_count(s), 11u);
  EXPECT_TRUE(set_contains(s, Value::nil()));
  EXPECT_TRUE(set_contains(s, Value::boolean(false)));
  EXPECT_FALSE(set_contains(s, Value::boolean(true)));
  EXPECT_TRUE(set_contains(s, Value::from_double(-0.0)));
  EXPECT_TRUE(set_contains(s, str("a")));
  EXPECT_TRUE(set_contains(s, list_from({fx(1)})));  // (1) = [1]
  EXPECT_FALSE(set_contains(s, fx(2)));
  // set_find returns the stored element (Clojure's `get` on a set).
  Value probe = str("a");
  const Value* stored = set_find(s, probe);
  ASSERT_NE(stored, nullptr);
  EXPECT_TRUE(equals(*stored, probe));
  EXPECT_FALSE(stored->identical(probe));
  // An element equal to one present is not added again.
  EXPECT_EQ(set_count(set_conj(s, list_from({fx(1)}))), 11u);
  // Nested sets and maps as elements.
  Value nested = set_from(std::vector<Value>{set_from(std::vector<Value>{fx(1), fx(2)}), int_set(20)});
  EXPECT_TRUE(set_contains(nested, set_from(std::vector<Value>{fx(2), fx(1)})));
  EXPECT_TRUE(set_contains(nested, int_set(20)));
}

TEST(Set, NaNIsAlwaysAddedAndNeverFound) {
  Value nan = Value::from_double(std::numeric_limits<double>::quiet_NaN());
  Value s = empty_set();
  for (int i = 1; i <= 20; ++i) {
    s = set_conj(std::move(s), nan);
    EXPECT_EQ(set_count(s), static_cast<size_t>(i));
    EXPECT_FALSE(set_contains(s, nan));
  }
  EXPECT_TRUE(trie_ok(s));
  EXPECT_TRUE(set_disj(s, nan).identical(s));
  EXPECT_EQ(pr_str(set_conj(empty_set(), nan)), "#{##NaN}");
}

TEST(Set, FullHashCollisionsInABareKeyTrie) {
  ForcedHash::table.clear();
  for (int64_t k = 0; k < 10; ++k) ForcedHash::table[k] = k < 6 ? 5 : 5 | (static_cast<uint64_t>(k) << 60);
  Value root = champ::empty_root(1);
  for (int64_t k = 0; k < 10; ++k) {
    champ::Insertion what;
    root = champ::insert<1>(std::move(root), fx(k), nullptr, ForcedHash::of(fx(k)), what, &ForcedHash::of);
    EXPECT_EQ(what, champ::Insertion::Added);
  }
  ASSERT_EQ(champ::check_invariants(root, &ForcedHash::of), "");
  EXPECT_NE(champ::shape(root).find("(collision 0 1 2 3 4 5)"), std::string::npos) << champ::shape(root);
  Value old = root;
  for (int64_t k = 0; k < 10; ++k) {
    bool removed = false;
    root = champ::remove<1>(std::move(root), fx(k), ForcedHash::of(fx(k)), removed);
    EXPECT_TRUE(removed);
    ASSERT_EQ(champ::check_invariants(root, &ForcedHash::of), "") << k;
  }
  EXPECT_EQ(champ::shape(root), champ::shape(champ::empty_root(1)));
  for (int64_t k = 0; k < 10; ++k) EXPECT_NE(champ::find<1>(old, fx(k), ForcedHash::of(fx(k))), nullptr);
}

TEST(Set, EqualityHashAndOrder) {
  Value a = set_from(std::vector<Value>{fx(1), fx(2), fx(3)});
  Value b = set_from(std::vector<Value>{fx(3), fx(1), fx(2)});
  EXPECT_TRUE(equals(a, b));
  EXPECT_EQ(hash(a), hash(b));
  EXPECT_EQ(compare(a, b), 0);
  EXPECT_FALSE(equals(a, set_conj(b, fx(4))));
  EXPECT_FALSE(equals(a, set_disj(b, fx(3))));
  EXPECT_FALSE(equals(a, vector_from({fx(1), fx(2), fx(3)})));
  EXPECT_FALSE(equals(empty_set(), empty_map()));
  // A set is not a map with the same keys.
  EXPECT_NE(hash(set_from(std::vector<Value>{fx(1)})), hash(map_from(std::vector<Value>{fx(1), fx(1)})));
  // Built by different histories: equal, same hash, same shape.
  Value big = int_set(3000), other = int_set(4000);
  for (int64_t k = 3000; k < 4000; ++k) other = set_disj(std::move(other), fx(k));
  EXPECT_TRUE(equals(big, other));
  EXPECT_EQ(hash(big), hash(other));
  EXPECT_EQ(champ::shape(trie_of(big)), champ::shape(trie_of(other)));
  // The cached hash follows in-place updates.
  const uint64_t h = hash(other);
  other = set_conj(std::move(other), kw("x"));
  EXPECT_NE(hash(other), h);
  other = set_disj(std::move(other), kw("x"));
  EXPECT_EQ(hash(other), h);
  // Order: by size, then the sorted elements.
  EXPECT_LT(compare(set_from(std::vector<Value>{fx(9)}), set_from(std::vector<Value>{fx(1), fx(2)})), 0);
  EXPECT_GT(compare(set_from(std::vector<Value>{fx(1), fx(3)}), set_from(std::vector<Value>{fx(2), fx(1)})), 0);
  EXPECT_LT(compare(set_from(std::vector<Value>{fx(4), fx(0)}), set_from(std::vector<Value>{fx(1), fx(2)})), 0);
  EXPECT_GT(compare(empty_set(), empty_map()), 0);
  // Sorted sets with the same elements: = both ways, same hash, order 0.
  Value sorted = sorted_set_from(std::vector<Value>{fx(2), fx(3), fx(1)});
  EXPECT_TRUE(equals(a, sorted));
  EXPECT_TRUE(equals(sorted, a));
  EXPECT_EQ(hash(a), hash(sorted));
  EXPECT_EQ(compare(a, sorted), 0);
  EXPECT_EQ(compare(sorted, a), 0);
}

TEST(Set, PrintsLikeClojure) {
  EXPECT_EQ(pr_str(set_from(std::vector<Value>{kw("a")})), "#{:a}");
  EXPECT_EQ(pr_str(set_from(std::vector<Value>{str("x")})), "#{\"x\"}");
  EXPECT_EQ(print_str(set_from(std::vector<Value>{str("x")})), "#{x}");
  std::string two = pr_str(set_from(std::vector<Value>{fx(1), fx(2)}));
  EXPECT_TRUE(two == "#{1 2}" || two == "#{2 1}") << two;
  std::string printed = pr_str(int_set(50));
  EXPECT_EQ(std::count(printed.begin(), printed.end(), ' '), 49);
  EXPECT_EQ(printed.substr(0, 2), "#{");
}

TEST(Set, UniqueSetsAreUpdatedInPlace) {
  Value s = int_set(2000);
  Object* before = s.as_object();
  for (int64_t k = 2000; k < 4000; ++k) s = set_conj(std::move(s), fx(k));
  for (int64_t k = 0; k < 3000; ++k) s = set_disj(std::move(s), fx(k));
  EXPECT_EQ(s.as_object(), before);
  EXPECT_EQ(set_count(s), 1000u);
  EXPECT_TRUE(trie_ok(s));
  // conj of a present element into a unique set allocates nothing.
  const uint64_t allocations = allocation_stats().allocations;
  for (int64_t k = 3000; k < 4000; ++k) s = set_conj(std::move(s), fx(k));
  EXPECT_EQ(allocation_stats().allocations, allocations);
}

TEST(Set, SharedSetsAreCopiedAndLeftUnchanged) {
  Value s = int_set(500);
  Value old = s;
  Value a = set_conj(s, kw("new"));
  Value b = set_disj(s, fx(7));
  EXPECT_EQ(set_count(old), 500u);
  EXPECT_FALSE(set_contains(old, kw("new")));
  EXPECT_TRUE(set_contains(old, fx(7)));
  EXPECT_TRUE(set_contains(a, kw("new")));
  EXPECT_FALSE(set_contains(b, fx(7)));
  EXPECT_TRUE(trie_ok(a) && trie_ok(b) && trie_ok(old));
}

TEST(Set, EverythingIsFreed) {
  for (int64_t k = 0; k < 300; ++k) mixed_key(k);
  empty_set();
  const uint64_t live = allocation_stats().bytes_live;
  {
    Value s = int_set(3000);
    Value keep = s;
    for (int64_t k = 0; k < 300; ++k) s = set_conj(std::move(s), mixed_key(k));
    for (int64_t k = 0; k < 3000; k += 2) s = set_disj(std::move(s), fx(k));
    Value outer = set_from(std::vector<Value>{s, keep, str("x")});
  }
  EXPECT_EQ(allocation_stats().bytes_live, live);
}

}  // namespace
}  // namespace batuta
