// Tests of persistent vectors (vector.h): every operation at the trie's
// boundaries, errors, persistence, in-place update when unique, equality,
// hashing, order and printing.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/equality.h"
#include "core/list.h"
#include "core/object.h"
#include "core/printer.h"
#include "core/seq.h"
#include "core/string.h"
#include "core/vector.h"
#include "vector_test_util.h"

namespace batuta {
namespace {

using vector_testing::check_shape;

Value fx(int64_t i) { return Value::fixnum(i); }

std::vector<Value> fixnums(size_t n, int64_t offset = 0) {
  std::vector<Value> out;
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) out.push_back(fx(static_cast<int64_t>(i) + offset));
  return out;
}

Value build_by_conj(size_t n, int64_t offset = 0) {
  Value v = empty_vector();
  for (size_t i = 0; i < n; ++i) v = vector_conj(std::move(v), fx(static_cast<int64_t>(i) + offset));
  return v;
}

// v holds offset, offset+1, ... offset+n-1: checked by nth, vector_at and the cursor.
::testing::AssertionResult holds_sequence(const Value& v, size_t n, int64_t offset = 0) {
  if (vector_count(v) != n) return ::testing::AssertionFailure() << "count " << vector_count(v) << " != " << n;
  if (auto shape = check_shape(v); !shape) return shape;
  for (size_t i = 0; i < n; ++i) {
    if (vector_at(v, i).as_fixnum() != static_cast<int64_t>(i) + offset) {
      return ::testing::AssertionFailure() << "element " << i << " is " << pr_str(vector_at(v, i));
    }
  }
  VectorCursor cursor(v);
  for (size_t i = 0; i < n; ++i) {
    if (cursor.remaining() != n - i) return ::testing::AssertionFailure() << "remaining at " << i;
    const Value* e = cursor();
    if (e == nullptr || e->as_fixnum() != static_cast<int64_t>(i) + offset) {
      return ::testing::AssertionFailure() << "cursor element " << i;
    }
  }
  if (cursor() != nullptr) return ::testing::AssertionFailure() << "cursor runs past the end";
  if (n > 0 && vector_peek(v).as_fixnum() != static_cast<int64_t>(n - 1) + offset) {
    return ::testing::AssertionFailure() << "peek";
  }
  return ::testing::AssertionSuccess();
}

// Sizes on and around every trie boundary up to three levels.
const size_t kBoundarySizes[] = {0,    1,    2,    31,   32,   33,   63,   64,   65,    96,    1024,
                                 1025, 1055, 1056, 1057, 1088, 2080, 32768, 32800, 32801, 32832, 33856};

TEST(Vector, EmptyVectorIsAnImmortalSingleton) {
  Value a = empty_vector(), b = empty_vector();
  EXPECT_TRUE(a.identical(b));
  EXPECT_TRUE(is_vector(a));
  EXPECT_TRUE(a.as_object()->is_immortal());
  EXPECT_EQ(vector_count(a), 0u);
  EXPECT_TRUE(vector_peek(a).is_nil());
  EXPECT_STREQ(type_name(a), "vector");
  EXPECT_EQ(pr_str(a), "[]");
  EXPECT_TRUE(check_shape(a));
  EXPECT_TRUE(vector_from(std::span<const Value>{}).identical(a));
  VectorCursor cursor(a);
  EXPECT_EQ(cursor(), nullptr);
}

TEST(Vector, VectorFromAndConjBuildTheSameVectorAtEveryBoundary) {
  for (size_t n : kBoundarySizes) {
    SCOPED_TRACE("n = " + std::to_string(n));
    auto xs = fixnums(n);
    Value from = vector_from(xs);
    Value built = build_by_conj(n);
    EXPECT_TRUE(holds_sequence(from, n));
    EXPECT_TRUE(holds_sequence(built, n));
    EXPECT_TRUE(equals(from, built));
    EXPECT_EQ(hash(from), hash(built));
    EXPECT_EQ(compare(from, built), 0);
  }
}

TEST(Vector, VectorFromMovedTakesTheElementsWithoutCounting) {
  for (size_t n : kBoundarySizes) {
    SCOPED_TRACE("n = " + std::to_string(n));
    auto xs = fixnums(n);
    Value moved = vector_from_moved(xs);
    EXPECT_TRUE(holds_sequence(moved, n));
    check_shape(moved);
  }
  Value s = make_string_from_utf8("moved");
  std::vector<Value> items(40, s);
  EXPECT_EQ(s.as_object()->rc.load(), 41);
  Value v = vector_from_moved(items);
  EXPECT_EQ(s.as_object()->rc.load(), 41);  // moved in, not counted again
  for (const Value& x : items) EXPECT_TRUE(x.is_nil());
  EXPECT_TRUE(equals(vector_at(v, 39), s));
}

TEST(Vector, NthChecksTheIndex) {
  Value v = vector_from({fx(10), fx(11), fx(12)});
  auto ok = vector_nth(v, 2);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok.value().as_fixnum(), 12);
  auto past = vector_nth(v, 5);
  ASSERT_FALSE(past.ok());
  EXPECT_EQ(past.error().kind, ErrorKind::IndexOutOfBounds);
  EXPECT_EQ(past.error().message, "nth: index 5 out of range for a vector of 3 elements");
  auto at_end = vector_nth(v, 3);
  ASSERT_FALSE(at_end.ok());
  auto negative = vector_nth(v, -1);
  ASSERT_FALSE(negative.ok());
  EXPECT_EQ(negative.error().message, "nth: index -1 out of range for a vector of 3 elements");
  EXPECT_EQ(vector_nth(vector_from({fx(1)}), 1).error().message, "nth: index 1 out of range for a vector of 1 element");
  EXPECT_FALSE(vector_nth(empty_vector(), 0).ok());
  Value big = build_by_conj(2000);
  EXPECT_FALSE(vector_nth(big, 2000).ok());
  EXPECT_FALSE(vector_nth(big, INT64_MIN).ok());
  EXPECT_EQ(vector_nth(big, 1999).value().as_fixnum(), 1999);
}

TEST(Vector, PopAcrossEveryNodeBoundaryBackToEmpty) {
  for (size_t n : {size_t{1}, size_t{33}, size_t{1057}, size_t{33856}}) {
    SCOPED_TRACE("n = " + std::to_string(n));
    Value v = build_by_conj(n);
    for (size_t size = n; size > 0; --size) {
      auto popped = vector_pop(std::move(v));
      ASSERT_TRUE(popped.ok());
      v = std::move(popped).value();
      ASSERT_EQ(vector_count(v), size - 1);
      ASSERT_TRUE(check_shape(v)) << "after popping to " << size - 1;
      if (size > 1) {
        ASSERT_EQ(vector_peek(v).as_fixnum(), static_cast<int64_t>(size - 2));
      }
      // Full check near leaf boundaries only (it is O(n)), and for big
      // vectors only near the boundaries of the level above.
      size_t now = size - 1, low = now & kVectorMask, leaf = (now >> kVectorBits) & kVectorMask;
      bool near_leaf_boundary = low == 0 || low == 1 || low == 31;
      if (now < 40 || (near_leaf_boundary && (now < 2200 || leaf == 0 || leaf == 31))) {
        ASSERT_TRUE(holds_sequence(v, now));
      }
    }
    EXPECT_TRUE(v.identical(empty_vector()));
  }
}

TEST(Vector, PopOfTheEmptyVectorIsAnError) {
  auto r = vector_pop(empty_vector());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::IllegalState);
  EXPECT_EQ(r.error().message, "pop: can't pop an empty vector");
}

TEST(Vector, AssocAtEveryLevel) {
  // 33856 elements: a four-level trie (shift 15) plus a tail.
  const size_t n = 33856;
  Value original = build_by_conj(n);
  ASSERT_EQ(as_vector(original)->shift(), 15);
  std::vector<size_t> indices = {0, 1, 31, 32, 33, 1023, 1024, 1025, 32767, 32768, 32769, n - 33, n - 32, n - 1};
  for (size_t i : indices) {
    SCOPED_TRACE("index " + std::to_string(i));
    auto r = vector_assoc(original, static_cast<int64_t>(i), fx(-1));  // persistent: original is kept
    ASSERT_TRUE(r.ok());
    const Value& changed = r.value();
    ASSERT_TRUE(check_shape(changed));
    ASSERT_EQ(vector_count(changed), n);
    for (size_t j = 0; j < n; ++j) ASSERT_EQ(vector_at(changed, j).as_fixnum(), j == i ? -1 : static_cast<int64_t>(j));
  }
  EXPECT_TRUE(holds_sequence(original, n));
}

TEST(Vector, AssocAtCountAppendsAndBeyondIsAnError) {
  Value v = vector_from({fx(0), fx(1), fx(2)});
  auto appended = vector_assoc(v, 3, fx(3));
  ASSERT_TRUE(appended.ok());
  EXPECT_TRUE(holds_sequence(appended.value(), 4));
  auto past = vector_assoc(v, 5, fx(5));
  ASSERT_FALSE(past.ok());
  EXPECT_EQ(past.error().kind, ErrorKind::IndexOutOfBounds);
  EXPECT_EQ(past.error().message, "assoc: index 5 out of range for a vector of 3 elements");
  auto negative = vector_assoc(v, -1, fx(5));
  ASSERT_FALSE(negative.ok());
  EXPECT_EQ(negative.error().message, "assoc: index -1 out of range for a vector of 3 elements");
  auto onto_empty = vector_assoc(empty_vector(), 0, fx(7));
  ASSERT_TRUE(onto_empty.ok());
  EXPECT_EQ(pr_str(onto_empty.value()), "[7]");
  EXPECT_TRUE(holds_sequence(v, 3));
}

TEST(Vector, DerivedVersionsLeaveTheOriginalUnchanged) {
  for (size_t n : kBoundarySizes) {
    SCOPED_TRACE("n = " + std::to_string(n));
    Value v = build_by_conj(n);
    Value conjed = vector_conj(v, fx(-1));
    EXPECT_EQ(vector_count(conjed), n + 1);
    EXPECT_TRUE(check_shape(conjed));
    EXPECT_EQ(vector_peek(conjed).as_fixnum(), -1);
    if (n > 0) {
      Value popped = vector_pop(v).value();
      EXPECT_TRUE(holds_sequence(popped, n - 1));
      Value assoced = vector_assoc(v, static_cast<int64_t>(n / 2), fx(-1)).value();
      EXPECT_EQ(vector_at(assoced, n / 2).as_fixnum(), -1);
      EXPECT_TRUE(check_shape(assoced));
    }
    EXPECT_TRUE(holds_sequence(v, n));
  }
}

TEST(Vector, ConjIntoAUniqueVectorWithRoomAllocatesNothing) {
  Value v = vector_from({fx(0), fx(1)});
  v = vector_conj(std::move(v), fx(2));  // grows the exact-size tail once
  ASSERT_GT(as_vector(v)->tail_capacity(), 3u);
  Object* object = v.as_object();
  uint64_t allocations = allocation_stats().allocations;
  v = vector_conj(std::move(v), fx(3));
  EXPECT_EQ(v.as_object(), object);
  EXPECT_EQ(allocation_stats().allocations, allocations);
  EXPECT_TRUE(holds_sequence(v, 4));

  // A big vector built by conj: 31 of every 32 conjs allocate nothing, and
  // the object never moves once its tail has 32 slots.
  Value big = build_by_conj(1000);
  object = big.as_object();
  allocations = allocation_stats().allocations;
  for (int64_t i = 1000; i < 1024; ++i) big = vector_conj(std::move(big), fx(i));  // fills the tail to 32
  EXPECT_EQ(allocation_stats().allocations, allocations);
  EXPECT_EQ(big.as_object(), object);
  big = vector_conj(std::move(big), fx(1024));  // the tail becomes a leaf: one allocation
  EXPECT_EQ(big.as_object(), object);
  EXPECT_TRUE(holds_sequence(big, 1025));
}

TEST(Vector, AssocAndPopOnAUniqueVectorUpdateInPlace) {
  Value v = build_by_conj(5000);
  Object* object = v.as_object();
  uint64_t allocations = allocation_stats().allocations;
  for (int64_t i : {0, 31, 32, 1024, 4000, 4999}) {
    v = vector_assoc(std::move(v), i, fx(i)).value();  // same value: still checks the path
    EXPECT_EQ(v.as_object(), object);
  }
  // Pop through the tail and across a leaf boundary (the last leaf moves into
  // the tail): no allocation either.
  for (int i = 0; i < 40; ++i) v = vector_pop(std::move(v)).value();
  EXPECT_EQ(v.as_object(), object);
  EXPECT_EQ(allocation_stats().allocations, allocations);
  EXPECT_TRUE(holds_sequence(v, 4960));
}

TEST(Vector, OperationsOnASharedVectorCopy) {
  Value v = build_by_conj(100);
  Value other = v;
  Value conjed = vector_conj(v, fx(100));
  EXPECT_NE(conjed.as_object(), v.as_object());
  Value assoced = vector_assoc(v, 0, fx(-1)).value();
  EXPECT_NE(assoced.as_object(), v.as_object());
  EXPECT_TRUE(holds_sequence(other, 100));
}

TEST(Vector, SharedAcrossThreadsIsNeverUpdatedInPlace) {
  Value v = build_by_conj(100);
  Value kept = v;
  mark_shared(kept);
  // Even as the only holder of a reference from this thread's point of view,
  // a shared object must be copied.
  Value conjed = vector_conj(std::move(v), fx(100));
  EXPECT_NE(conjed.as_object(), kept.as_object());
  Value popped = vector_pop(conjed).value();
  Value popped_again = vector_pop(std::move(popped)).value();
  EXPECT_TRUE(holds_sequence(kept, 100));
  EXPECT_TRUE(holds_sequence(popped_again, 99));
}

TEST(Vector, PrintsLikeClojure) {
  EXPECT_EQ(pr_str(vector_from({fx(1), fx(2), fx(3)})), "[1 2 3]");
  Value nested = vector_from({empty_vector(), list_from({fx(1)}), make_string_from_utf8("a b"), Value::nil()});
  EXPECT_EQ(pr_str(nested), "[[] (1) \"a b\" nil]");
  EXPECT_EQ(print_str(nested), "[[] (1) a b nil]");
  std::string expected = "[";
  for (int i = 0; i < 100; ++i) expected += (i ? " " : "") + std::to_string(i);
  EXPECT_EQ(pr_str(build_by_conj(100)), expected + "]");
}

TEST(Vector, EqualityHashAndOrder) {
  Value a = build_by_conj(1100);
  Value b = vector_from(fixnums(1100));
  EXPECT_TRUE(equals(a, b));
  EXPECT_EQ(hash(a), hash(b));
  Value as_list = list_from(fixnums(1100));
  EXPECT_TRUE(equals(a, as_list));
  EXPECT_TRUE(equals(as_list, a));
  EXPECT_EQ(hash(a), hash(as_list));

  Value c = vector_assoc(b, 1050, fx(-5)).value();
  EXPECT_FALSE(equals(a, c));
  EXPECT_NE(hash(a), hash(c));
  EXPECT_GT(compare(a, c), 0);  // same length: element 1050 decides
  EXPECT_FALSE(equals(a, vector_pop(a).value()));
  EXPECT_GT(compare(a, vector_pop(a).value()), 0);  // longer sorts later
  EXPECT_LT(compare(vector_from({fx(9), fx(9)}), vector_from({fx(1), fx(1), fx(1)})), 0);
  EXPECT_FALSE(equals(vector_from({fx(1)}), vector_from({Value::from_double(1.0)})));
  EXPECT_EQ(compare(vector_from({fx(1)}), vector_from({Value::from_double(1.0)})), 0);  // compare is numeric
  Value nan = vector_from({Value::from_double(0.0 / 0.0)});
  EXPECT_FALSE(equals(nan, vector_from({Value::from_double(0.0 / 0.0)})));  // ##NaN is not = to ##NaN
  EXPECT_TRUE(equals(nan, nan));  // but a vector is = to itself (identity comes first, as in Clojure)
}

TEST(Vector, CachedHashFollowsInPlaceUpdates) {
  Value v = build_by_conj(40);
  uint64_t before = hash(v);
  Object* object = v.as_object();
  v = vector_conj(std::move(v), fx(40));
  ASSERT_EQ(v.as_object(), object);  // in place, so the cache must have been reset
  EXPECT_NE(hash(v), before);
  EXPECT_EQ(hash(v), hash(vector_from(fixnums(41))));
  v = vector_assoc(std::move(v), 3, fx(-3)).value();
  ASSERT_EQ(v.as_object(), object);
  auto expected = fixnums(41);
  expected[3] = fx(-3);
  EXPECT_EQ(hash(v), hash(vector_from(expected)));
  v = vector_pop(std::move(v)).value();
  expected.pop_back();
  EXPECT_EQ(hash(v), hash(list_from(expected)));
}

TEST(Vector, HeapElementsAreCountedAndFreed) {
  uint64_t live = allocation_stats().bytes_live;
  {
    Value s = make_string_from_utf8("element");
    Value v = empty_vector();
    for (int i = 0; i < 2000; ++i) v = vector_conj(std::move(v), s);
    EXPECT_EQ(s.as_object()->rc.load(), 2001);
    Value copy = v;
    Value changed = vector_assoc(copy, 5, fx(0)).value();
    for (int i = 0; i < 1500; ++i) changed = vector_pop(std::move(changed)).value();
    Value nested = vector_from({v, changed, list_from({v})});
    EXPECT_EQ(vector_count(vector_at(nested, 1)), 500u);
  }
  EXPECT_EQ(allocation_stats().bytes_live, live);
}

TEST(Vector, SeqCursorAndSequentialCount) {
  Value v = build_by_conj(70);
  EXPECT_TRUE(is_sequential(v));
  EXPECT_EQ(sequential_count(v), 70u);
  SeqCursor cursor(v);
  int64_t i = 0;
  while (const Value* e = cursor()) EXPECT_EQ(e->as_fixnum(), i++);
  EXPECT_EQ(i, 70);
}

}  // namespace
}  // namespace batuta
