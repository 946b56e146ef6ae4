// Tests of the one-word Value encoding, the object header and reference
// counting (value.h, object.h).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <thread>
#include <vector>

#include "core/equality.h"
#include "core/name.h"
#include "core/object.h"
#include "core/printer.h"
#include "core/string.h"
#include "core/tuple.h"
#include "core/value.h"

namespace batuta {
namespace {

TEST(Value, ImmediatesRoundTrip) {
  for (int64_t i : {int64_t{0}, int64_t{1}, int64_t{-1}, Value::kFixnumMax, Value::kFixnumMin, int64_t{123456789}}) {
    Value v = Value::fixnum(i);
    EXPECT_TRUE(v.is_fixnum());
    EXPECT_FALSE(v.is_double());
    EXPECT_FALSE(v.is_object());
    EXPECT_EQ(v.as_fixnum(), i);
  }
  for (double d : {0.0, -0.0, 1.5, -3.25e300, std::numeric_limits<double>::infinity(),
                   -std::numeric_limits<double>::infinity(), std::numeric_limits<double>::denorm_min()}) {
    Value v = Value::from_double(d);
    EXPECT_TRUE(v.is_double());
    EXPECT_FALSE(v.is_fixnum());
    EXPECT_EQ(std::signbit(v.as_double()), std::signbit(d));
    EXPECT_EQ(v.as_double(), d);
  }
  EXPECT_TRUE(Value::character(U'λ').is_char());
  EXPECT_EQ(Value::character(U'λ').as_char(), U'λ');
  EXPECT_EQ(Value::character(0x10FFFF).as_char(), char32_t{0x10FFFF});
}

TEST(Value, EveryNaNIsCanonicalAndADouble) {
  // A NaN with the sign bit set would collide with the boxed patterns.
  double negative_nan = -std::numeric_limits<double>::quiet_NaN();
  Value v = Value::from_double(negative_nan);
  EXPECT_TRUE(v.is_double());
  EXPECT_TRUE(std::isnan(v.as_double()));
  EXPECT_EQ(v.bits(), Value::kCanonicalNaN);
  double computed = std::numeric_limits<double>::infinity() - std::numeric_limits<double>::infinity();
  EXPECT_TRUE(Value::from_double(computed).is_double());
}

TEST(Value, ConstantsAndTruthiness) {
  EXPECT_TRUE(Value().is_nil());
  EXPECT_TRUE(Value::nil().is_nil());
  EXPECT_FALSE(Value::nil().truthy());
  EXPECT_FALSE(Value::boolean(false).truthy());
  EXPECT_TRUE(Value::boolean(true).truthy());
  EXPECT_TRUE(Value::fixnum(0).truthy());  // 0 is truthy, as in Clojure
  EXPECT_TRUE(Value::from_double(0.0).truthy());
  EXPECT_TRUE(make_string_from_utf8("").truthy());
  EXPECT_TRUE(Value::boolean(true).is_bool());
  EXPECT_FALSE(Value::nil().is_bool());
}

TEST(Value, KeywordsAndSymbolsAreInternedImmediates) {
  Value a = keyword("name"), b = keyword("name"), s = symbol("name");
  EXPECT_TRUE(a.is_keyword());
  EXPECT_TRUE(s.is_symbol());
  EXPECT_TRUE(a.identical(b));
  EXPECT_FALSE(a.identical(s));
  EXPECT_FALSE(equals(a, s));
  EXPECT_NE(hash(a), hash(s));
  Value q = keyword("user/email");
  EXPECT_EQ(q.as_name()->ns(), "user");
  EXPECT_EQ(q.as_name()->name(), "email");
  EXPECT_TRUE(q.identical(keyword("user", "email")));
  EXPECT_FALSE(symbol("/").as_name()->has_namespace());
  EXPECT_EQ(symbol("/").as_name()->name(), "/");
  EXPECT_EQ(pr_str(q), ":user/email");
  EXPECT_EQ(pr_str(symbol("clojure.core/map")), "clojure.core/map");
}

TEST(Value, InterningIsThreadSafe) {
  std::vector<std::thread> threads;
  std::vector<uint64_t> seen(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &seen] {
      uint64_t acc = 0;
      for (int i = 0; i < 2000; ++i) acc ^= keyword("k" + std::to_string(i)).bits();
      seen[t] = acc;
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 1; t < 4; ++t) EXPECT_EQ(seen[t], seen[0]);
}

TEST(Object, CopyRetainsAndDestroyReleases) {
  AllocationStats before = allocation_stats();
  {
    Value s = make_string_from_utf8("hello");
    Object* o = s.as_object();
    EXPECT_TRUE(o->is_unique());
    {
      Value t = s;
      EXPECT_EQ(o->rc.load(), 2);
      EXPECT_FALSE(o->is_unique());
    }
    EXPECT_TRUE(o->is_unique());
    Value moved = std::move(s);
    EXPECT_TRUE(s.is_nil());  // NOLINT: a moved-from Value is nil
    EXPECT_TRUE(o->is_unique());
  }
  AllocationStats after = allocation_stats();
  EXPECT_EQ(after.allocations - before.allocations, 1u);
  EXPECT_EQ(after.frees - before.frees, 1u);
  EXPECT_EQ(after.bytes_live, before.bytes_live);
}

TEST(Object, MarkSharedMakesCountsAtomicAndReachesChildren) {
  Value inner = make_string_from_utf8("inner");
  Value t = make_tuple({inner, Value::fixnum(1)});
  mark_shared(t);
  EXPECT_TRUE(t.as_object()->is_shared());
  EXPECT_TRUE(inner.as_object()->is_shared());
  EXPECT_EQ(inner.as_object()->rc.load(), -2);  // two owners, negated
  // Copies and releases from several threads keep the count exact.
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([t] {
      for (int k = 0; k < 10000; ++k) {
        Value c = t;
        (void)c;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(t.as_object()->rc.load(), -1);
  mark_shared(t);  // idempotent
  EXPECT_EQ(t.as_object()->rc.load(), -1);
}

TEST(Object, SharedValueFreedByLastThread) {
  AllocationStats before = allocation_stats();
  Value t = make_tuple({make_string_from_utf8("a"), make_string_from_utf8("b")});
  mark_shared(t);
  std::thread other([v = std::move(t)]() mutable { Value gone = std::move(v); });
  other.join();
  // The other thread freed all three objects; this thread's counters saw
  // only the allocations.
  EXPECT_EQ(allocation_stats().allocations - before.allocations, 3u);
}

TEST(Object, ImmortalIsNeverFreed) {
  Value s = make_string_from_utf8("forever");
  make_immortal(s);
  EXPECT_TRUE(s.as_object()->is_immortal());
  Value copy = s;
  EXPECT_EQ(s.as_object()->rc.load(), 0);
}

TEST(Object, DeepStructureFreesWithoutRecursion) {
  // A chain of 1,000,000 nested one-element tuples: freeing it recursively
  // would overflow the C++ stack.
  AllocationStats before = allocation_stats();
  {
    Value chain = Value::nil();
    for (int i = 0; i < 1000000; ++i) chain = make_tuple({std::move(chain)});
  }
  EXPECT_EQ(allocation_stats().bytes_live, before.bytes_live);
}

TEST(Object, TypeNames) {
  EXPECT_STREQ(type_name(Value::fixnum(1)), "integer");
  EXPECT_STREQ(type_name(Value::from_double(1.0)), "float");
  EXPECT_STREQ(type_name(Value::nil()), "nil");
  EXPECT_STREQ(type_name(Value::boolean(true)), "boolean");
  EXPECT_STREQ(type_name(Value::character('a')), "character");
  EXPECT_STREQ(type_name(keyword("a")), "keyword");
  EXPECT_STREQ(type_name(symbol("a")), "symbol");
  EXPECT_STREQ(type_name(make_string_from_utf8("a")), "string");
  EXPECT_STREQ(type_name(make_tuple({Value::nil()})), "tuple");
}

}  // namespace
}  // namespace batuta
