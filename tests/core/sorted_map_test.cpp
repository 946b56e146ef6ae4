// Tests of sorted maps (sorted_map.h) and of the AVL tree under them
// (tree.h): every operation and its edge cases, ordering of mixed keys,
// bounded cursors, ownership (in place when unique, path copying when
// shared), equality, hashing, order and printing.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/equality.h"
#include "core/map.h"
#include "core/name.h"
#include "core/printer.h"
#include "core/sorted_map.h"
#include "core/string.h"

namespace batuta {
namespace {

Value fx(int64_t i) { return Value::fixnum(i); }
Value fl(double d) { return Value::from_double(d); }
Value str(const char* s) { return make_string_from_utf8(s); }
Value kw(const char* s) { return keyword(s); }

Value map_of(std::initializer_list<Value> kvs) {
  Result<Value> r = sorted_map_from(std::span<const Value>(kvs.begin(), kvs.size()));
  EXPECT_TRUE(r.ok());
  return r.value();
}

// The keys in cursor order, printed and joined by spaces.
std::string walk(SortedMapCursor c) {
  std::string out;
  const Value *k, *v;
  while (c.next(k, v)) out += (out.empty() ? "" : " ") + pr_str(*k);
  return out;
}

void expect_valid(const Value& m) {
  const SortedCollection* c = sorted_collection(m);
  EXPECT_EQ(tree_check(c->root, c->order, true, c->count), "");
}

TEST(SortedMap, Empty) {
  Value m = empty_sorted_map();
  EXPECT_TRUE(is_sorted_map(m));
  EXPECT_EQ(sorted_map_count(m), 0u);
  EXPECT_EQ(sorted_map_find(m, fx(1)), nullptr);
  EXPECT_TRUE(sorted_map_get(m, fx(1)).is_nil());
  EXPECT_TRUE(sorted_map_get(m, fx(1), kw("none")).identical(kw("none")));
  EXPECT_FALSE(sorted_map_first(m));
  EXPECT_FALSE(sorted_map_last(m));
  EXPECT_EQ(walk(SortedMapCursor(m)), "");
  EXPECT_EQ(walk(SortedMapCursor(m, TreeDirection::Descending, fx(3), TreeBound::Inclusive)), "");
  EXPECT_EQ(pr_str(m), "{}");
  EXPECT_TRUE(empty_sorted_map().identical(m));  // one shared immortal empty map
  EXPECT_TRUE(m.as_object()->is_immortal());
  EXPECT_TRUE(sorted_map_dissoc(m, fx(1)).identical(m));
  EXPECT_EQ(sorted_map_count(sorted_map_from({}).value()), 0u);
  EXPECT_STREQ(type_name(m), "sorted map");
}

TEST(SortedMap, OneEntry) {
  Value m = sorted_map_assoc(empty_sorted_map(), kw("a"), fx(1));
  EXPECT_EQ(sorted_map_count(m), 1u);
  EXPECT_TRUE(sorted_map_contains(m, kw("a")));
  EXPECT_FALSE(sorted_map_contains(m, kw("b")));
  EXPECT_TRUE(equals(sorted_map_get(m, kw("a")), fx(1)));
  EXPECT_TRUE(sorted_map_first(m).key->identical(kw("a")));
  EXPECT_EQ(sorted_map_first(m).key, sorted_map_last(m).key);
  EXPECT_EQ(pr_str(m), "{:a 1}");
  Value e = sorted_map_dissoc(m, kw("a"));
  EXPECT_EQ(sorted_map_count(e), 0u);
  EXPECT_EQ(pr_str(e), "{}");
  expect_valid(e);
}

TEST(SortedMap, ManyEntriesStayOrderedAndBalanced) {
  Value m = empty_sorted_map();
  // A permutation of 0..999: 7 is coprime with 1000.
  for (int i = 0; i < 1000; ++i) {
    m = sorted_map_assoc(std::move(m), fx((i * 7) % 1000), fx(i));
    if (i % 97 == 0) expect_valid(m);
  }
  EXPECT_EQ(sorted_map_count(m), 1000u);
  expect_valid(m);
  EXPECT_LE(tree_node(sorted_collection(m)->root)->height(), 15);  // 1.44 log2(1002) ~ 14.4
  SortedMapCursor c(m);
  const Value *k, *v;
  int64_t expect = 0;
  while (c.next(k, v)) {
    EXPECT_EQ(k->as_fixnum(), expect);
    EXPECT_EQ((v->as_fixnum() * 7) % 1000, expect);
    ++expect;
  }
  EXPECT_EQ(expect, 1000);
  EXPECT_EQ(sorted_map_first(m).key->as_fixnum(), 0);
  EXPECT_EQ(sorted_map_last(m).key->as_fixnum(), 999);
  // Ascending insertion is the worst case for an unbalanced tree.
  Value asc = empty_sorted_map();
  for (int i = 0; i < 4096; ++i) asc = sorted_map_assoc(std::move(asc), fx(i), fx(i));
  expect_valid(asc);
  EXPECT_LE(tree_node(sorted_collection(asc)->root)->height(), 13);
}

TEST(SortedMap, AssocExistingKeyKeepsKeyReplacesValue) {
  Value m = map_of({fx(1), kw("a"), fx(2), kw("b")});
  m = sorted_map_assoc(std::move(m), fl(1.0), kw("c"));
  EXPECT_EQ(sorted_map_count(m), 2u);
  EXPECT_EQ(pr_str(m), "{1 :c 2 :b}");  // the key 1 stays; 1.0 only finds it
  EXPECT_TRUE(sorted_map_first(m).key->is_fixnum());
  // As Clojure's (sorted-map 1 :a 1.0 :b): one entry.
  Value n = map_of({fx(1), kw("a"), fl(1.0), kw("b")});
  EXPECT_EQ(pr_str(n), "{1 :b}");
  EXPECT_TRUE(equals(sorted_map_get(n, fl(1.0)), kw("b")));
  SortedMapEntry e = sorted_map_find_entry(n, fl(1.0));
  ASSERT_TRUE(e);
  EXPECT_TRUE(e.key->identical(fx(1)));
  EXPECT_FALSE(sorted_map_find_entry(n, fx(2)));
}

TEST(SortedMap, FromOddLengthFails) {
  Value kvs[] = {fx(1), fx(2), kw("x")};
  Result<Value> r = sorted_map_from(kvs);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::InvalidArgument);
  EXPECT_EQ(r.error().message, "sorted-map: no value supplied for key :x (odd number of arguments)");
}

TEST(SortedMap, DissocAbsentReturnsSameMap) {
  Value m = map_of({fx(1), fx(10), fx(2), fx(20), fx(3), fx(30)});
  Value shared = m;  // m is shared now: dissoc must not copy anything
  Value absent = str("absent");
  uint64_t allocs = allocation_stats().allocations;
  Value r = sorted_map_dissoc(m, fx(7));
  EXPECT_TRUE(r.identical(shared));
  EXPECT_EQ(allocation_stats().allocations, allocs);
  Value r2 = sorted_map_dissoc(std::move(r), absent);
  EXPECT_TRUE(r2.identical(shared));
  // Assoc of an identical value into a shared map changes nothing either.
  Value r3 = sorted_map_assoc(shared, fx(2), fx(20));
  EXPECT_TRUE(r3.identical(shared));
  EXPECT_EQ(allocation_stats().allocations, allocs);
}

TEST(SortedMap, DissocDownToEmpty) {
  Value m = empty_sorted_map();
  for (int i = 0; i < 200; ++i) m = sorted_map_assoc(std::move(m), fx(i), fx(-i));
  // Remove in an order that hits leaves, inner nodes and the root.
  for (int i = 0; i < 200; ++i) {
    int k = (i * 37) % 200;
    m = sorted_map_dissoc(std::move(m), fx(k));
    EXPECT_FALSE(sorted_map_contains(m, fx(k)));
    EXPECT_EQ(sorted_map_count(m), static_cast<size_t>(199 - i));
    expect_valid(m);
  }
  EXPECT_TRUE(sorted_collection(m)->root.is_nil());
  EXPECT_FALSE(sorted_map_first(m));
  EXPECT_EQ(pr_str(m), "{}");
  EXPECT_TRUE(equals(m, empty_sorted_map()));
}

TEST(SortedMap, FirstAndLast) {
  Value m = map_of({fx(5), kw("five"), fx(-3), kw("minus"), fx(12), kw("twelve"), fx(0), kw("zero")});
  EXPECT_EQ(sorted_map_first(m).key->as_fixnum(), -3);
  EXPECT_TRUE(sorted_map_first(m).value->identical(kw("minus")));
  EXPECT_EQ(sorted_map_last(m).key->as_fixnum(), 12);
  EXPECT_TRUE(sorted_map_last(m).value->identical(kw("twelve")));
}

TEST(SortedMap, BoundedCursors) {
  Value m = map_of({fx(10), kw("a"), fx(20), kw("b"), fx(30), kw("c"), fx(40), kw("d")});
  auto asc = [&](Value k, TreeBound b) { return walk(SortedMapCursor(m, TreeDirection::Ascending, k, b)); };
  auto desc = [&](Value k, TreeBound b) { return walk(SortedMapCursor(m, TreeDirection::Descending, k, b)); };
  constexpr TreeBound in = TreeBound::Inclusive, ex = TreeBound::Exclusive;
  // At a key.
  EXPECT_EQ(asc(fx(20), in), "20 30 40");
  EXPECT_EQ(asc(fx(20), ex), "30 40");
  EXPECT_EQ(desc(fx(20), in), "20 10");
  EXPECT_EQ(desc(fx(20), ex), "10");
  // Between keys.
  EXPECT_EQ(asc(fx(25), in), "30 40");
  EXPECT_EQ(asc(fx(25), ex), "30 40");
  EXPECT_EQ(desc(fx(25), in), "20 10");
  EXPECT_EQ(desc(fx(25), ex), "20 10");
  // Before every key.
  EXPECT_EQ(asc(fx(5), in), "10 20 30 40");
  EXPECT_EQ(desc(fx(5), in), "");
  EXPECT_EQ(desc(fx(10), ex), "");
  EXPECT_EQ(desc(fx(10), in), "10");
  // After every key.
  EXPECT_EQ(asc(fx(45), in), "");
  EXPECT_EQ(asc(fx(40), ex), "");
  EXPECT_EQ(asc(fx(40), in), "40");
  EXPECT_EQ(desc(fx(45), ex), "40 30 20 10");
  // A bound of another numeric type, and of another class entirely.
  EXPECT_EQ(asc(fl(20.0), ex), "30 40");
  EXPECT_EQ(asc(fl(19.5), in), "20 30 40");
  EXPECT_EQ(asc(Value(), in), "10 20 30 40");      // nil sorts before numbers
  EXPECT_EQ(desc(str("s"), in), "40 30 20 10");    // strings sort after numbers
  // Unbounded, both directions.
  EXPECT_EQ(walk(SortedMapCursor(m)), "10 20 30 40");
  EXPECT_EQ(walk(SortedMapCursor(m, TreeDirection::Descending)), "40 30 20 10");
  // The cursor hands out the values too.
  SortedMapCursor c(m, TreeDirection::Ascending, fx(30), in);
  const Value *k, *v;
  ASSERT_TRUE(c.next(k, v));
  EXPECT_TRUE(v->identical(kw("c")));
}

TEST(SortedMap, MixedKeysFollowTheTotalOrder) {
  Value m = map_of({kw("k"), fx(1), str("s"), fx(2), Value::character('c'), fx(3), fl(2.5), fx(4), fx(-7), fx(5),
                    Value::boolean(true), fx(6), Value::boolean(false), fx(7), Value(), fx(8), symbol("sym"), fx(9),
                    kw("a/b"), fx(10)});
  EXPECT_EQ(sorted_map_count(m), 10u);
  EXPECT_EQ(pr_str(m), "{nil 8 false 7 true 6 -7 5 2.5 4 \\c 3 \"s\" 2 :k 1 :a/b 10 sym 9}");
  EXPECT_EQ(print_str(m), "{nil 8 false 7 true 6 -7 5 2.5 4 c 3 s 2 :k 1 :a/b 10 sym 9}");
  expect_valid(m);
  EXPECT_TRUE(sorted_map_first(m).key->is_nil());
  EXPECT_TRUE(sorted_map_last(m).key->is_symbol());
  EXPECT_TRUE(equals(sorted_map_get(m, str("s")), fx(2)));
  EXPECT_TRUE(equals(sorted_map_get(m, Value()), fx(8)));
}

TEST(SortedMap, PersistenceOldVersionUnchanged) {
  Value v1 = empty_sorted_map();
  for (int i = 0; i < 100; ++i) v1 = sorted_map_assoc(std::move(v1), fx(i), fx(i));
  std::string before = pr_str(v1);
  Value v2 = sorted_map_assoc(v1, fx(50), kw("changed"));
  Value v3 = sorted_map_dissoc(v1, fx(0));
  Value v4 = sorted_map_assoc(v1, fx(1000), fx(1));
  Value v5 = sorted_map_dissoc(v2, fx(50));  // removing a node copied once already
  EXPECT_EQ(pr_str(v1), before);
  EXPECT_TRUE(sorted_map_get(v2, fx(50)).identical(kw("changed")));
  EXPECT_EQ(sorted_map_count(v3), 99u);
  EXPECT_EQ(sorted_map_count(v4), 101u);
  EXPECT_EQ(sorted_map_count(v5), 99u);
  EXPECT_EQ(sorted_map_count(v2), 100u);
  for (const Value* m : {&v1, &v2, &v3, &v4, &v5}) expect_valid(*m);
}

TEST(SortedMap, InPlaceWhenUnique) {
  Value m = empty_sorted_map();
  for (int i = 0; i < 100; ++i) m = sorted_map_assoc(std::move(m), fx(i), fx(i));
  Object* header = m.as_object();
  AllocationStats before = allocation_stats();
  // Replacing a value: no allocation at all, same object.
  m = sorted_map_assoc(std::move(m), fx(42), kw("x"));
  EXPECT_EQ(m.as_object(), header);
  EXPECT_EQ(allocation_stats().allocations, before.allocations);
  EXPECT_TRUE(sorted_map_get(m, fx(42)).identical(kw("x")));
  // Adding a key: one node, nothing else.
  m = sorted_map_assoc(std::move(m), fx(500), fx(0));
  EXPECT_EQ(m.as_object(), header);
  EXPECT_EQ(allocation_stats().allocations, before.allocations + 1);
  // Removing a key with two children: frees one node, allocates nothing.
  const TreeNode* root = tree_node(sorted_collection(m)->root);
  Value root_key = root->key;
  m = sorted_map_dissoc(std::move(m), root_key);
  EXPECT_EQ(m.as_object(), header);
  EXPECT_EQ(allocation_stats().allocations, before.allocations + 1);
  EXPECT_EQ(allocation_stats().frees, before.frees + 1);
  expect_valid(m);
}

TEST(SortedMap, SharedMapCopiesOnlyThePath) {
  Value m = empty_sorted_map();
  for (int i = 0; i < 1023; ++i) m = sorted_map_assoc(std::move(m), fx(i), fx(i));
  int height = tree_node(sorted_collection(m)->root)->height();
  Value keep = m;
  uint64_t allocs = allocation_stats().allocations;
  Value m2 = sorted_map_assoc(std::move(m), fx(512), kw("y"));
  // A new header plus at most one node per level.
  uint64_t used = allocation_stats().allocations - allocs;
  EXPECT_GE(used, 2u);
  EXPECT_LE(used, static_cast<uint64_t>(height) + 1);
  EXPECT_FALSE(m2.identical(keep));
  EXPECT_TRUE(sorted_map_get(keep, fx(512)).identical(fx(512)));
  // Now m2's header is unique but its nodes off the path are shared with
  // keep: changing another key copies that path and leaves keep alone.
  m2 = sorted_map_assoc(std::move(m2), fx(3), kw("z"));
  EXPECT_TRUE(sorted_map_get(keep, fx(3)).identical(fx(3)));
  expect_valid(keep);
  expect_valid(m2);
}

TEST(SortedMap, FreesEverything) {
  (void)empty_sorted_map();  // the immortal empty map is allocated once
  (void)kw("v");
  uint64_t live = allocation_stats().bytes_live;
  {
    Value m = empty_sorted_map();
    for (int i = 0; i < 5000; ++i) m = sorted_map_assoc(std::move(m), str(std::to_string(i).c_str()), kw("v"));
    Value copy = sorted_map_dissoc(m, str("17"));
    EXPECT_GT(allocation_stats().bytes_live, live);
  }
  EXPECT_EQ(allocation_stats().bytes_live, live);
}

TEST(SortedMap, EqualityAmongSortedMaps) {
  Value a = map_of({fx(1), kw("a"), fx(2), kw("b")});
  Value b = map_of({fx(2), kw("b"), fx(1), kw("a")});
  EXPECT_TRUE(equals(a, b));
  EXPECT_EQ(hash(a), hash(b));
  EXPECT_FALSE(equals(a, map_of({fx(1), kw("a"), fx(2), kw("c")})));
  EXPECT_FALSE(equals(a, map_of({fx(1), kw("a")})));
  // 1 and 1.0 are the same sorted key but not = keys.
  EXPECT_FALSE(equals(map_of({fx(1), kw("a")}), map_of({fl(1.0), kw("a")})));
  EXPECT_TRUE(equals(map_of({fx(1), fx(2)}), map_of({fx(1), fx(2)})));
  EXPECT_FALSE(equals(map_of({fx(1), fx(2)}), map_of({fx(1), fl(2.0)})));
  EXPECT_FALSE(equals(a, fx(1)));
  EXPECT_FALSE(equals(a, str("{1 :a 2 :b}")));
  EXPECT_TRUE(equals(empty_sorted_map(), map_of({})));
  // The hash is cached and dropped by in-place updates.
  Value c = map_of({fx(1), kw("a"), fx(2), kw("b")});
  uint64_t h = hash(c);
  c = sorted_map_assoc(std::move(c), fx(3), kw("c"));
  EXPECT_NE(hash(c), h);
  c = sorted_map_dissoc(std::move(c), fx(3));
  EXPECT_EQ(hash(c), h);
}

TEST(SortedMap, CompareBySizeThenKeysThenValues) {
  Value small = map_of({fx(100), fx(0)});
  Value a = map_of({fx(1), fx(9), fx(2), fx(9)});
  Value b = map_of({fx(1), fx(0), fx(3), fx(0)});
  Value c = map_of({fx(1), fx(0), fx(2), fx(5)});
  EXPECT_LT(compare(small, a), 0);  // fewer entries first, whatever the keys
  EXPECT_GT(compare(a, small), 0);
  EXPECT_LT(compare(a, b), 0);  // keys (1 2) < (1 3) decide before any value
  EXPECT_GT(compare(b, a), 0);
  EXPECT_GT(compare(a, c), 0);  // same keys: values in key order, 9 > 0
  EXPECT_LT(compare(c, a), 0);
  EXPECT_EQ(compare(a, map_of({fx(2), fx(9), fx(1), fx(9)})), 0);
  EXPECT_EQ(compare(map_of({fx(1), fx(2)}), map_of({fl(1.0), fl(2.0)})), 0);  // compare, unlike =, equates 1 and 1.0
  // Maps sort after vectors' class and before sets' (equality.h's ranks).
  EXPECT_GT(compare(a, str("z")), 0);
}

Value hash_map_of(std::initializer_list<Value> kvs) { return map_from(std::span<const Value>(kvs.begin(), kvs.size())); }

int reverse_for_interop(const KeyComparator*, const Value& a, const Value& b) { return compare(b, a); }
const KeyComparator kReverseForInterop{reverse_for_interop};

int sign(int c) { return c < 0 ? -1 : c > 0 ? 1 : 0; }

TEST(SortedMap, EqualsAnyMapWithTheSameEntries) {
  // Small (array map) and large (hash map) plain maps.
  Value sorted = map_of({fx(1), kw("a"), fx(2), kw("b")});
  Value array = hash_map_of({fx(2), kw("b"), fx(1), kw("a")});
  EXPECT_TRUE(equals(sorted, array));
  EXPECT_TRUE(equals(array, sorted));
  EXPECT_EQ(hash(sorted), hash(array));
  EXPECT_EQ(compare(sorted, array), 0);
  EXPECT_EQ(compare(array, sorted), 0);
  Value big_sorted = empty_sorted_map(), big_hash = empty_map();
  for (int i = 0; i < 100; ++i) {
    big_sorted = sorted_map_assoc(std::move(big_sorted), str(std::to_string(i).c_str()), fx(i));
    big_hash = map_assoc(std::move(big_hash), str(std::to_string(99 - i).c_str()), fx(99 - i));
  }
  EXPECT_TRUE(equals(big_sorted, big_hash));
  EXPECT_TRUE(equals(big_hash, big_sorted));
  EXPECT_EQ(hash(big_sorted), hash(big_hash));
  EXPECT_EQ(compare(big_sorted, big_hash), 0);
  // One value differs.
  Value changed = map_assoc(big_hash, str("42"), fx(-1));
  EXPECT_FALSE(equals(big_sorted, changed));
  EXPECT_FALSE(equals(changed, big_sorted));
  EXPECT_GT(compare(big_sorted, changed), 0);
  EXPECT_LT(compare(changed, big_sorted), 0);
  // Counts differ.
  Value fewer = map_dissoc(big_hash, str("0"));
  EXPECT_FALSE(equals(big_sorted, fewer));
  EXPECT_FALSE(equals(fewer, big_sorted));
  // 1 and 1.0 are one sorted key, but not = keys: the maps are not =.
  EXPECT_FALSE(equals(map_of({fx(1), kw("a")}), hash_map_of({fl(1.0), kw("a")})));
  EXPECT_FALSE(equals(hash_map_of({fl(1.0), kw("a")}), map_of({fx(1), kw("a")})));
  // A sorted map with its own ordering equals a plain map too.
  Value reversed = empty_sorted_map(&kReverseForInterop);
  reversed = sorted_map_assoc(std::move(reversed), fx(1), kw("a"));
  reversed = sorted_map_assoc(std::move(reversed), fx(2), kw("b"));
  EXPECT_TRUE(equals(reversed, array));
  EXPECT_TRUE(equals(array, reversed));
  EXPECT_EQ(hash(reversed), hash(array));
  EXPECT_EQ(compare(reversed, array), 0);
  // A map is never = to a set, nor a sorted map to a non-map.
  EXPECT_FALSE(equals(sorted, make_string_from_utf8("x")));
}

TEST(SortedMap, OrderAgreesWithPlainMaps) {
  // compare(sorted a, plain b) has the sign of compare(plain a, plain b).
  std::initializer_list<Value> cases[] = {
      {fx(1), fx(1), fx(2), fx(2)}, {fx(1), fx(1), fx(3), fx(0)}, {fx(1), fx(2), fx(2), fx(2)},
      {fx(0), fx(0)},               {str("a"), fx(1), fx(5), fx(5)}, {kw("z"), Value(), Value(), kw("z")},
  };
  for (const auto& a : cases) {
    for (const auto& b : cases) {
      Value sa = map_of(a), pa = hash_map_of(a), pb = hash_map_of(b), sb = map_of(b);
      int expected = sign(compare(pa, pb));
      EXPECT_EQ(sign(compare(sa, pb)), expected) << pr_str(sa) << " vs " << pr_str(pb);
      EXPECT_EQ(sign(compare(pb, sa)), -expected);
      EXPECT_EQ(sign(compare(sa, sb)), expected);
      EXPECT_EQ(equals(sa, pb), equals(pa, pb));
    }
  }
}

// A comparator of a later layer: reverse order.
int reverse_order(const KeyComparator*, const Value& a, const Value& b) { return compare(b, a); }
const KeyComparator kReverse{reverse_order};

TEST(SortedMap, CustomComparator) {
  Value m = empty_sorted_map(&kReverse);
  EXPECT_FALSE(m.identical(empty_sorted_map()));
  for (int i = 0; i < 50; ++i) m = sorted_map_assoc(std::move(m), fx(i), fx(i * i));
  EXPECT_EQ(sorted_map_comparator(m), &kReverse);
  expect_valid(m);
  EXPECT_EQ(sorted_map_first(m).key->as_fixnum(), 49);
  EXPECT_EQ(sorted_map_last(m).key->as_fixnum(), 0);
  EXPECT_EQ(walk(SortedMapCursor(m, TreeDirection::Ascending, fx(3), TreeBound::Inclusive)), "3 2 1 0");
  EXPECT_EQ(walk(SortedMapCursor(m, TreeDirection::Descending, fx(46), TreeBound::Exclusive)), "47 48 49");
  EXPECT_TRUE(equals(sorted_map_get(m, fx(7)), fx(49)));
  m = sorted_map_dissoc(std::move(m), fx(7));
  EXPECT_FALSE(sorted_map_contains(m, fx(7)));
  expect_valid(m);
  // Equality ignores the ordering; the order of maps does not depend on it.
  Value n = empty_sorted_map();
  for (int i = 0; i < 50; ++i) n = sorted_map_assoc(std::move(n), fx(i), fx(i * i));
  EXPECT_FALSE(equals(m, n));
  n = sorted_map_dissoc(std::move(n), fx(7));
  EXPECT_TRUE(equals(m, n));
  EXPECT_TRUE(equals(n, m));
  EXPECT_EQ(hash(m), hash(n));
  EXPECT_EQ(compare(m, n), 0);
  n = sorted_map_assoc(std::move(n), fx(0), fx(-1));
  EXPECT_GT(compare(m, n), 0);  // same keys; at key 0, 0 > -1
  EXPECT_LT(compare(n, m), 0);
  Result<Value> from = sorted_map_from(std::initializer_list<Value>{fx(1), fx(1), fx(2), fx(2)}, &kReverse);
  ASSERT_TRUE(from.ok());
  EXPECT_EQ(pr_str(from.value()), "{2 2 1 1}");
}

TEST(SortedMap, NestedPrinting) {
  Value inner = map_of({str("x"), Value::character('y')});
  Value outer = map_of({kw("in"), inner, kw("empty"), empty_sorted_map()});
  EXPECT_EQ(pr_str(outer), "{:empty {} :in {\"x\" \\y}}");
  EXPECT_EQ(print_str(outer), "{:empty {} :in {x y}}");
}

}  // namespace
}  // namespace batuta
