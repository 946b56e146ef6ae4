// Tests of persistent lists (list.h) and the sequential behaviour they share
// with vectors (seq.h): equality, hashing, order, printing, freeing.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "core/equality.h"
#include "core/list.h"
#include "core/object.h"
#include "core/printer.h"
#include "core/seq.h"
#include "core/string.h"
#include "core/vector.h"

namespace batuta {
namespace {

Value fx(int64_t i) { return Value::fixnum(i); }

std::vector<Value> fixnums(int64_t n) {
  std::vector<Value> out;
  for (int64_t i = 0; i < n; ++i) out.push_back(fx(i));
  return out;
}

TEST(List, EmptyListIsAnImmortalSingleton) {
  Value a = empty_list(), b = empty_list();
  EXPECT_TRUE(a.identical(b));
  EXPECT_TRUE(is_empty_list(a));
  EXPECT_TRUE(is_list(a));
  EXPECT_FALSE(is_cons(a));
  EXPECT_TRUE(a.as_object()->is_immortal());
  EXPECT_EQ(list_count(a), 0u);
  EXPECT_TRUE(list_first(a).is_nil());
  EXPECT_TRUE(list_peek(a).is_nil());
  EXPECT_TRUE(list_rest(a).identical(a));
  EXPECT_STREQ(type_name(a), "list");
  EXPECT_EQ(pr_str(a), "()");
}

TEST(List, ConsFirstRestCount) {
  Value l = cons(fx(1), cons(fx(2), cons(fx(3), empty_list())));
  EXPECT_TRUE(is_cons(l));
  EXPECT_STREQ(type_name(l), "list");
  EXPECT_EQ(list_count(l), 3u);
  EXPECT_TRUE(list_first(l).identical(fx(1)));
  EXPECT_TRUE(list_peek(l).identical(fx(1)));
  const Value& r = list_rest(l);
  EXPECT_EQ(list_count(r), 2u);
  EXPECT_TRUE(list_first(r).identical(fx(2)));
  EXPECT_TRUE(is_empty_list(list_rest(list_rest(r))));
  EXPECT_EQ(pr_str(l), "(1 2 3)");
}

TEST(List, ListFromKeepsOrder) {
  EXPECT_TRUE(list_from(std::span<const Value>{}).identical(empty_list()));
  auto xs = fixnums(100);
  Value l = list_from(xs);
  EXPECT_EQ(list_count(l), 100u);
  ListCursor cursor(l);
  int64_t expected = 0;
  while (const Value* e = cursor()) EXPECT_EQ(e->as_fixnum(), expected++);
  EXPECT_EQ(expected, 100);
}

TEST(List, ConjAddsAtTheFront) {
  Value l = list_conj(list_from({fx(2), fx(3)}), fx(1));
  EXPECT_EQ(pr_str(l), "(1 2 3)");
  EXPECT_EQ(pr_str(list_conj(empty_list(), fx(9))), "(9)");
}

TEST(List, PopRemovesTheFirstElement) {
  Value l = list_from({fx(1), fx(2)});
  Value kept = l;
  auto popped = list_pop(std::move(l));
  ASSERT_TRUE(popped.ok());
  EXPECT_EQ(pr_str(popped.value()), "(2)");
  EXPECT_EQ(pr_str(kept), "(1 2)");  // persistence: the shared list is intact
  auto again = list_pop(std::move(popped).value());
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again.value().identical(empty_list()));
}

TEST(List, PopOfTheEmptyListIsAnError) {
  auto r = list_pop(empty_list());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::IllegalState);
  EXPECT_EQ(r.error().message, "pop: can't pop an empty list");
}

TEST(List, PopOfAUniqueCellTakesTheRestWithoutCopying) {
  Value tail = list_from({fx(2), fx(3)});
  Object* tail_object = tail.as_object();
  Value l = cons(fx(1), std::move(tail));
  EXPECT_TRUE(tail_object->is_unique());
  uint64_t allocations = allocation_stats().allocations;
  auto r = list_pop(std::move(l));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().as_object(), tail_object);
  EXPECT_TRUE(tail_object->is_unique());  // the popped cell was freed, not left holding it
  EXPECT_EQ(allocation_stats().allocations, allocations);
}

TEST(List, SharingTheTailIsStructural) {
  Value tail = list_from({fx(2), fx(3)});
  Value a = cons(fx(1), tail);
  Value b = cons(fx(0), tail);
  EXPECT_EQ(list_rest(a).as_object(), list_rest(b).as_object());
  EXPECT_EQ(pr_str(a), "(1 2 3)");
  EXPECT_EQ(pr_str(b), "(0 2 3)");
}

TEST(List, EqualityHashAndOrderAcrossListsAndVectors) {
  Value l = list_from({fx(1), fx(2)});
  Value v = vector_from({fx(1), fx(2)});
  EXPECT_TRUE(equals(l, v));
  EXPECT_TRUE(equals(v, l));
  EXPECT_EQ(hash(l), hash(v));
  EXPECT_EQ(compare(l, v), 0);
  EXPECT_TRUE(equals(empty_list(), empty_vector()));
  EXPECT_TRUE(equals(empty_vector(), empty_list()));
  EXPECT_EQ(hash(empty_list()), hash(empty_vector()));
  EXPECT_EQ(compare(empty_list(), empty_vector()), 0);

  EXPECT_FALSE(equals(l, list_from({fx(1), fx(2), fx(3)})));
  EXPECT_FALSE(equals(l, list_from({fx(2), fx(1)})));
  EXPECT_FALSE(equals(l, vector_from({fx(1), Value::from_double(2.0)})));  // 2 is not = 2.0
  EXPECT_FALSE(equals(empty_list(), Value::nil()));
  EXPECT_FALSE(equals(l, make_string_from_utf8("(1 2)")));
  EXPECT_NE(hash(l), hash(list_from({fx(2), fx(1)})));

  // Order: shorter first, then element by element.
  EXPECT_LT(compare(list_from({fx(9)}), vector_from({fx(1), fx(2)})), 0);
  EXPECT_LT(compare(list_from({fx(1), fx(2)}), vector_from({fx(1), fx(3)})), 0);
  EXPECT_GT(compare(vector_from({fx(1), fx(3)}), list_from({fx(1), fx(2)})), 0);
  EXPECT_LT(compare(empty_list(), list_from({fx(0)})), 0);
  // Sequential values sort after tuples and strings, before maps.
  EXPECT_EQ(order_class(l), OrderClass::Sequential);
  EXPECT_GT(compare(empty_list(), make_string_from_utf8("z")), 0);
}

TEST(List, NestedValuesCompareStructurally) {
  Value a = list_from({vector_from({fx(1)}), list_from({make_string_from_utf8("x")})});
  Value b = vector_from({list_from({fx(1)}), vector_from({make_string_from_utf8("x")})});
  EXPECT_TRUE(equals(a, b));
  EXPECT_EQ(hash(a), hash(b));
  EXPECT_EQ(pr_str(a), "([1] (\"x\"))");
  EXPECT_EQ(print_str(a), "([1] (x))");
}

TEST(List, SeqCursorWalksListsVectorsAndNil) {
  Value l = list_from({fx(1), fx(2)});
  SeqCursor c(l);
  EXPECT_EQ(c()->as_fixnum(), 1);
  EXPECT_EQ(c()->as_fixnum(), 2);
  EXPECT_EQ(c(), nullptr);
  EXPECT_EQ(c(), nullptr);
  SeqCursor n(Value::nil());
  EXPECT_EQ(n(), nullptr);
  EXPECT_EQ(sequential_count(Value::nil()), 0u);
  EXPECT_EQ(sequential_count(l), 2u);
  EXPECT_TRUE(is_sequential(l));
  EXPECT_TRUE(is_sequential(empty_list()));
  EXPECT_FALSE(is_sequential(Value::nil()));
  EXPECT_FALSE(is_sequential(make_string_from_utf8("ab")));
}

TEST(List, FreeingAListReturnsEveryByte) {
  uint64_t live = allocation_stats().bytes_live;
  {
    Value l = empty_list();
    for (int i = 0; i < 1000; ++i) l = cons(make_string_from_utf8(std::to_string(i)), std::move(l));
    Value shared = list_rest(l);
    EXPECT_EQ(list_count(shared), 999u);
  }
  EXPECT_EQ(allocation_stats().bytes_live, live);
}

TEST(List, FreeingTenMillionCellsDoesNotOverflowTheStack) {
  uint64_t live = allocation_stats().bytes_live;
  {
    Value l = empty_list();
    for (int64_t i = 0; i < 10'000'000; ++i) l = cons(fx(i), std::move(l));
    EXPECT_EQ(list_count(l), 10'000'000u);
  }  // freed here through object.cpp's worklist
  EXPECT_EQ(allocation_stats().bytes_live, live);
}

// Random cons/pop/first/count against a std::vector model (front = back of
// the model), keeping old versions alive and checking they never change.
TEST(ListProperty, RandomOperationsMatchAModel) {
  uint64_t seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937_64 rng(seed);
  uint64_t live = allocation_stats().bytes_live;
  {
    Value list = empty_list();
    std::vector<int64_t> model;  // model.back() is the list's first element
    struct Snapshot {
      Value list;
      std::vector<int64_t> model;
    };
    std::vector<Snapshot> snapshots;
    auto check_whole = [](const Value& l, const std::vector<int64_t>& m) {
      ASSERT_EQ(list_count(l), m.size());
      ListCursor cursor(l);
      for (size_t i = m.size(); i-- > 0;) {
        const Value* e = cursor();
        ASSERT_NE(e, nullptr);
        ASSERT_EQ(e->as_fixnum(), m[i]);
      }
      ASSERT_EQ(cursor(), nullptr);
    };
    for (int step = 0; step < 100'000; ++step) {
      uint64_t r = rng() % 100;
      if (r < 55) {
        int64_t x = static_cast<int64_t>(rng() % 1000);
        list = (r < 30) ? cons(fx(x), std::move(list)) : list_conj(std::move(list), fx(x));
        model.push_back(x);
      } else if (r < 95) {
        auto popped = list_pop(std::move(list));
        if (model.empty()) {
          ASSERT_FALSE(popped.ok());
          list = empty_list();
        } else {
          ASSERT_TRUE(popped.ok());
          list = std::move(popped).value();
          model.pop_back();
        }
      } else if (r < 97) {
        if (snapshots.size() < 8) {
          snapshots.push_back({list, model});
        } else {
          size_t i = rng() % snapshots.size();
          check_whole(snapshots[i].list, snapshots[i].model);
          snapshots[i] = {list, model};
        }
      } else if (r == 97) {
        check_whole(list, model);
      }
      ASSERT_EQ(list_count(list), model.size());
      if (model.empty()) {
        ASSERT_TRUE(list_first(list).is_nil());
      } else {
        ASSERT_EQ(list_first(list).as_fixnum(), model.back());
      }
    }
    for (auto& s : snapshots) check_whole(s.list, s.model);
  }
  EXPECT_EQ(allocation_stats().bytes_live, live);
}

}  // namespace
}  // namespace batuta
