// Tests of sorted sets (sorted_set.h): every operation and its edge cases,
// bounded cursors, ownership, equality, hashing, order and printing.
#include <gtest/gtest.h>

#include <string>

#include "core/equality.h"
#include "core/hash_set.h"
#include "core/name.h"
#include "core/printer.h"
#include "core/sorted_map.h"
#include "core/sorted_set.h"
#include "core/string.h"

namespace batuta {
namespace {

Value fx(int64_t i) { return Value::fixnum(i); }
Value fl(double d) { return Value::from_double(d); }
Value str(const char* s) { return make_string_from_utf8(s); }
Value kw(const char* s) { return keyword(s); }

Value set_of(std::initializer_list<Value> xs) { return sorted_set_from(std::span<const Value>(xs.begin(), xs.size())); }

std::string walk(SortedSetCursor c) {
  std::string out;
  const Value* e;
  while (c.next(e)) out += (out.empty() ? "" : " ") + pr_str(*e);
  return out;
}

void expect_valid(const Value& s) {
  const SortedCollection* c = sorted_collection(s);
  EXPECT_EQ(tree_check(c->root, c->order, false, c->count), "");
}

TEST(SortedSet, Empty) {
  Value s = empty_sorted_set();
  EXPECT_TRUE(is_sorted_set(s));
  EXPECT_FALSE(is_sorted_map(s));
  EXPECT_EQ(sorted_set_count(s), 0u);
  EXPECT_FALSE(sorted_set_contains(s, fx(1)));
  EXPECT_EQ(sorted_set_find(s, fx(1)), nullptr);
  EXPECT_EQ(sorted_set_first(s), nullptr);
  EXPECT_EQ(sorted_set_last(s), nullptr);
  EXPECT_EQ(walk(SortedSetCursor(s)), "");
  EXPECT_EQ(pr_str(s), "#{}");
  EXPECT_TRUE(empty_sorted_set().identical(s));
  EXPECT_TRUE(sorted_set_disj(s, fx(1)).identical(s));
  EXPECT_STREQ(type_name(s), "sorted set");
  EXPECT_FALSE(equals(s, empty_sorted_map()));  // a set never equals a map
  EXPECT_GT(compare(s, empty_sorted_map()), 0);  // sets sort after maps
}

TEST(SortedSet, OneAndMany) {
  Value s = sorted_set_conj(empty_sorted_set(), kw("only"));
  EXPECT_EQ(sorted_set_count(s), 1u);
  EXPECT_EQ(sorted_set_first(s), sorted_set_last(s));
  EXPECT_EQ(pr_str(s), "#{:only}");
  s = sorted_set_disj(std::move(s), kw("only"));
  EXPECT_EQ(sorted_set_count(s), 0u);
  expect_valid(s);

  for (int i = 0; i < 2000; ++i) s = sorted_set_conj(std::move(s), fx((i * 13) % 2000));
  EXPECT_EQ(sorted_set_count(s), 2000u);
  expect_valid(s);
  EXPECT_EQ(sorted_set_first(s)->as_fixnum(), 0);
  EXPECT_EQ(sorted_set_last(s)->as_fixnum(), 1999);
  SortedSetCursor c(s);
  const Value* e;
  int64_t expect = 0;
  while (c.next(e)) EXPECT_EQ(e->as_fixnum(), expect++);
  EXPECT_EQ(expect, 2000);
  for (int i = 0; i < 2000; i += 2) s = sorted_set_disj(std::move(s), fx(i));
  EXPECT_EQ(sorted_set_count(s), 1000u);
  expect_valid(s);
  EXPECT_EQ(sorted_set_first(s)->as_fixnum(), 1);
  EXPECT_FALSE(sorted_set_contains(s, fx(10)));
  EXPECT_TRUE(sorted_set_contains(s, fx(11)));
}

TEST(SortedSet, EqualElementsAreOneAndTheFirstStays) {
  Value s = set_of({fx(1), fl(1.0), fx(2)});
  EXPECT_EQ(sorted_set_count(s), 2u);
  EXPECT_EQ(pr_str(s), "#{1 2}");
  ASSERT_NE(sorted_set_find(s, fl(1.0)), nullptr);
  EXPECT_TRUE(sorted_set_find(s, fl(1.0))->identical(fx(1)));
  // conj of a present element returns the set itself, even when shared.
  Value keep = s;
  uint64_t allocs = allocation_stats().allocations;
  Value t = sorted_set_conj(s, fl(2.0));
  EXPECT_TRUE(t.identical(keep));
  EXPECT_EQ(allocation_stats().allocations, allocs);
  EXPECT_TRUE(sorted_set_disj(t, str("absent")).identical(keep));
}

TEST(SortedSet, BoundedCursorsAndMixedElements) {
  Value s = set_of({fx(3), str("b"), kw("k"), Value(), fl(1.5), Value::character('z'), str("a"), Value::boolean(false)});
  EXPECT_EQ(pr_str(s), "#{nil false 1.5 3 \\z \"a\" \"b\" :k}");
  expect_valid(s);
  constexpr TreeBound in = TreeBound::Inclusive, ex = TreeBound::Exclusive;
  constexpr TreeDirection up = TreeDirection::Ascending, down = TreeDirection::Descending;
  EXPECT_EQ(walk(SortedSetCursor(s, up, fx(3), in)), "3 \\z \"a\" \"b\" :k");
  EXPECT_EQ(walk(SortedSetCursor(s, up, fx(3), ex)), "\\z \"a\" \"b\" :k");
  EXPECT_EQ(walk(SortedSetCursor(s, up, fx(2), ex)), "3 \\z \"a\" \"b\" :k");
  EXPECT_EQ(walk(SortedSetCursor(s, down, str("a"), in)), "\"a\" \\z 3 1.5 false nil");
  EXPECT_EQ(walk(SortedSetCursor(s, down, str("a"), ex)), "\\z 3 1.5 false nil");
  EXPECT_EQ(walk(SortedSetCursor(s, down, Value(), ex)), "");
  EXPECT_EQ(walk(SortedSetCursor(s, down, Value(), in)), "nil");
  EXPECT_EQ(walk(SortedSetCursor(s, up, kw("k"), ex)), "");
  EXPECT_EQ(walk(SortedSetCursor(s, up, symbol("after-keywords"), in)), "");
  EXPECT_EQ(walk(SortedSetCursor(s, down)), ":k \"b\" \"a\" \\z 3 1.5 false nil");
  // The cursor also serves Printer::print_sequence.
  SortedSetCursor c(s, up, str("a"), in);
  Printer p(false);
  p.print_sequence("(", c, ")");
  EXPECT_EQ(p.take(), "(a b :k)");
  EXPECT_EQ(print_str(s), "#{nil false 1.5 3 z a b :k}");
}

TEST(SortedSet, PersistenceAndInPlace) {
  Value s = empty_sorted_set();
  for (int i = 0; i < 300; ++i) s = sorted_set_conj(std::move(s), fx(i));
  Value old = s;
  Value t = sorted_set_disj(s, fx(150));
  t = sorted_set_conj(std::move(t), fx(1000));
  EXPECT_EQ(sorted_set_count(old), 300u);
  EXPECT_TRUE(sorted_set_contains(old, fx(150)));
  EXPECT_FALSE(sorted_set_contains(old, fx(1000)));
  EXPECT_FALSE(sorted_set_contains(t, fx(150)));
  expect_valid(old);
  expect_valid(t);
  old = Value();
  s = Value();  // t's nodes are unique again once the other versions are gone

  Object* header = t.as_object();
  AllocationStats before = allocation_stats();
  t = sorted_set_conj(std::move(t), fx(2000));
  EXPECT_EQ(t.as_object(), header);
  EXPECT_EQ(allocation_stats().allocations, before.allocations + 1);  // the new node only
  t = sorted_set_disj(std::move(t), fx(7));
  t = sorted_set_disj(std::move(t), fx(2000));
  EXPECT_EQ(t.as_object(), header);
  EXPECT_EQ(allocation_stats().allocations, before.allocations + 1);
  EXPECT_EQ(allocation_stats().frees, before.frees + 2);
  expect_valid(t);
}

TEST(SortedSet, SetNodesHaveNoValueSlot) {
  // A set node is three Values after the header; a map node four.
  uint64_t live = allocation_stats().bytes_live;
  Value s = sorted_set_conj(empty_sorted_set(), fx(1));
  size_t set_bytes = allocation_stats().bytes_live - live;
  live = allocation_stats().bytes_live;
  Value m = sorted_map_assoc(empty_sorted_map(), fx(1), fx(1));
  size_t map_bytes = allocation_stats().bytes_live - live;
  EXPECT_EQ(map_bytes - set_bytes, sizeof(Value));
  EXPECT_FALSE(tree_node(sorted_collection(s)->root)->has_value());
}

TEST(SortedSet, EqualityHashCompare) {
  Value a = set_of({fx(1), fx(2), fx(3)});
  Value b = set_of({fx(3), fx(1), fx(2)});
  EXPECT_TRUE(equals(a, b));
  EXPECT_EQ(hash(a), hash(b));
  EXPECT_FALSE(equals(a, set_of({fx(1), fx(2)})));
  EXPECT_FALSE(equals(a, set_of({fx(1), fx(2), fl(3.0)})));
  EXPECT_FALSE(equals(a, fx(1)));
  EXPECT_NE(hash(set_of({fx(1), fx(2)})), hash(a));
  // A set and a map with the "same" contents differ in hash too.
  Value m = sorted_map_assoc(empty_sorted_map(), fx(1), fx(1));
  EXPECT_NE(hash(set_of({fx(1)})), hash(m));

  EXPECT_LT(compare(set_of({fx(9)}), a), 0);  // size first
  EXPECT_LT(compare(a, set_of({fx(1), fx(2), fx(4)})), 0);
  EXPECT_GT(compare(set_of({fx(1), fx(5), fx(0)}), set_of({fx(0), fx(1), fx(4)})), 0);
  EXPECT_EQ(compare(a, set_of({fl(1.0), fl(2.0), fl(3.0)})), 0);
}

Value hash_set_of(std::initializer_list<Value> xs) { return set_from(std::span<const Value>(xs.begin(), xs.size())); }

TEST(SortedSet, EqualsAnySetWithTheSameElements) {
  Value sorted = empty_sorted_set(), plain = empty_set();
  for (int i = 0; i < 100; ++i) {
    sorted = sorted_set_conj(std::move(sorted), str(std::to_string(i).c_str()));
    plain = set_conj(std::move(plain), str(std::to_string(99 - i).c_str()));
  }
  EXPECT_TRUE(equals(sorted, plain));
  EXPECT_TRUE(equals(plain, sorted));
  EXPECT_EQ(hash(sorted), hash(plain));
  EXPECT_EQ(compare(sorted, plain), 0);
  EXPECT_EQ(compare(plain, sorted), 0);
  Value other = set_conj(set_disj(plain, str("5")), str("x"));
  EXPECT_FALSE(equals(sorted, other));
  EXPECT_FALSE(equals(other, sorted));
  EXPECT_EQ(compare(sorted, other), -compare(other, sorted));
  EXPECT_LT(compare(sorted, other), 0);  // "5" < "x" is the first difference in order
  EXPECT_FALSE(equals(sorted, set_disj(plain, str("5"))));
  EXPECT_GT(compare(sorted, set_disj(plain, str("5"))), 0);
  // 1 and 1.0: one sorted element, two = -distinct elements.
  EXPECT_FALSE(equals(set_of({fx(1)}), hash_set_of({fl(1.0)})));
  EXPECT_FALSE(equals(hash_set_of({fl(1.0)}), set_of({fx(1)})));
  EXPECT_EQ(compare(set_of({fx(1)}), hash_set_of({fl(1.0)})), 0);
  EXPECT_TRUE(equals(empty_sorted_set(), empty_set()));
  EXPECT_EQ(hash(empty_sorted_set()), hash(empty_set()));
  EXPECT_FALSE(equals(empty_sorted_set(), empty_sorted_map()));
}

int reverse_order(const KeyComparator*, const Value& a, const Value& b) { return compare(b, a); }
const KeyComparator kReverse{reverse_order};

TEST(SortedSet, CustomComparator) {
  Value xs[] = {fx(1), fx(5), fx(3)};
  Value s = sorted_set_from(xs, &kReverse);
  EXPECT_EQ(pr_str(s), "#{5 3 1}");
  EXPECT_EQ(sorted_set_comparator(s), &kReverse);
  expect_valid(s);
  Value t = sorted_set_from(xs);
  EXPECT_TRUE(equals(s, t));
  EXPECT_TRUE(equals(t, s));
  EXPECT_EQ(hash(s), hash(t));
  EXPECT_EQ(compare(s, t), 0);
  EXPECT_LT(compare(s, set_of({fx(1), fx(5), fx(4)})), 0);
  EXPECT_EQ(walk(SortedSetCursor(s, TreeDirection::Ascending, fx(4), TreeBound::Inclusive)), "3 1");
  Value e = empty_sorted_set(&kReverse);
  EXPECT_EQ(sorted_set_count(e), 0u);
  EXPECT_FALSE(e.identical(empty_sorted_set()));
  EXPECT_TRUE(equals(e, empty_sorted_set()));
}

}  // namespace
}  // namespace batuta
