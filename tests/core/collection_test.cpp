// Tests of the generic collection functions (collection.h): Clojure's
// behaviour across kinds, nil punning, and the text of their errors.
#include <gtest/gtest.h>

#include "core/collection.h"
#include "core/equality.h"
#include "core/hash_set.h"
#include "core/list.h"
#include "core/map.h"
#include "core/name.h"
#include "core/printer.h"
#include "core/sorted_map.h"
#include "core/sorted_set.h"
#include "core/string.h"
#include "core/tuple.h"
#include "core/vector.h"

namespace batuta {
namespace {

Value I(int64_t i) { return Value::fixnum(i); }
Value K(const char* k) { return keyword(k); }
template <class T>
T ok(Result<T> r) {
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? std::move(r).value() : T{};
}
std::string err(const auto& r) { return r.ok() ? std::string("<no error>") : r.error().message; }

TEST(Collection, NilPunning) {
  EXPECT_EQ(pr_str(ok(conj(Value::nil(), I(1)))), "(1)");
  EXPECT_EQ(pr_str(ok(assoc(Value::nil(), K("a"), I(1)))), "{:a 1}");
  EXPECT_TRUE(get(Value::nil(), K("a")).is_nil());
  EXPECT_EQ(ok(count(Value::nil())), 0u);
  EXPECT_FALSE(ok(contains(Value::nil(), K("a"))));
  EXPECT_TRUE(ok(nth(Value::nil(), 3)).is_nil());
  EXPECT_TRUE(ok(dissoc(Value::nil(), K("a"))).is_nil());
  EXPECT_TRUE(ok(peek(Value::nil())).is_nil());
  EXPECT_TRUE(ok(pop(Value::nil())).is_nil());
}

TEST(Collection, ConjPerKind) {
  EXPECT_EQ(pr_str(ok(conj(vector_from({I(1), I(2)}), I(3)))), "[1 2 3]");
  EXPECT_EQ(pr_str(ok(conj(list_from({I(1), I(2)}), I(0)))), "(0 1 2)");
  EXPECT_EQ(pr_str(ok(conj(empty_set(), I(1)))), "#{1}");
  EXPECT_EQ(pr_str(ok(conj(empty_sorted_set(), I(2)))), "#{2}");
  EXPECT_EQ(pr_str(ok(conj(empty_map(), vector_from({K("a"), I(1)})))), "{:a 1}");
  Value merged = ok(conj(map_from(std::initializer_list<Value>{K("a"), I(1)}),
                         map_from(std::initializer_list<Value>{K("b"), I(2)})));
  EXPECT_EQ(pr_str(merged), "{:a 1 :b 2}");
  EXPECT_EQ(err(conj(empty_map(), I(1))), "conj: a map takes [key value] entries, not 1 (an integer)");
  EXPECT_EQ(err(conj(I(42), I(1))), "conj: can't conj onto 42 (an integer)");
  EXPECT_EQ(err(conj(make_string_from_utf8("s"), I(1))), "conj: can't conj onto \"s\" (a string)");
}

TEST(Collection, AssocDissocGet) {
  Value v = vector_from({I(10), I(20), I(30)});
  EXPECT_EQ(pr_str(ok(assoc(v, I(1), I(99)))), "[10 99 30]");
  EXPECT_EQ(pr_str(ok(assoc(v, I(3), I(40)))), "[10 20 30 40]");
  EXPECT_EQ(err(assoc(v, I(5), I(0))), "assoc: index 5 out of range for a vector of 3 elements");
  EXPECT_EQ(err(assoc(v, K("x"), I(0))), "assoc: a vector index must be an integer, not :x (a keyword)");
  EXPECT_TRUE(equals(get(v, I(1)), I(20)));  // (get [10 20 30] 1) => 20, as the seed shows
  EXPECT_TRUE(get(v, I(7)).is_nil());
  EXPECT_TRUE(equals(get(v, I(7), K("none")), K("none")));
  Value m = map_from(std::initializer_list<Value>{K("x"), I(10), K("y"), I(20)});
  EXPECT_TRUE(equals(get(m, K("x")), I(10)));  // (get {:x 10 :y 20} :x) => 10
  EXPECT_EQ(pr_str(ok(dissoc(m, K("x")))), "{:y 20}");
  Value sm = ok(sorted_map_from(std::initializer_list<Value>{I(2), K("b"), I(1), K("a")}));
  EXPECT_EQ(pr_str(ok(assoc(sm, I(0), K("z")))), "{0 :z 1 :a 2 :b}");
  EXPECT_TRUE(equals(get(sm, I(1)), K("a")));
  EXPECT_TRUE(equals(get(set_from(std::initializer_list<Value>{K("a")}), K("a")), K("a")));
  EXPECT_TRUE(equals(get(make_string_from_utf8("héllo"), I(1)), Value::character(U'é')));
  EXPECT_EQ(err(dissoc(v, I(0))), "dissoc: can't dissoc from [10 20 30] (a vector)");
  EXPECT_EQ(err(assoc(list_from({I(1)}), I(0), I(2))), "assoc: can't assoc on (1) (a list)");
}

TEST(Collection, ContainsFollowsClojure) {
  // (contains? #{:a :b :c} :b) => true, as the seed shows
  EXPECT_TRUE(ok(contains(set_from(std::initializer_list<Value>{K("a"), K("b"), K("c")}), K("b"))));
  EXPECT_TRUE(ok(contains(vector_from({I(5), I(6)}), I(1))));   // an index
  EXPECT_FALSE(ok(contains(vector_from({I(5), I(6)}), I(5))));  // not a member test
  EXPECT_EQ(err(contains(list_from({I(1)}), I(1))),
            "contains?: not supported on a list; hint: contains? looks up keys and indices, use some to search a "
            "list for a value");
}

TEST(Collection, NthPeekPopCount) {
  Value l = list_from({I(1), I(2), I(3)});
  EXPECT_TRUE(equals(ok(nth(l, 2)), I(3)));
  EXPECT_EQ(err(nth(l, 3)), "nth: index 3 out of range for a list of 3 elements");
  EXPECT_EQ(err(nth(vector_from({I(1)}), -1)), "nth: index -1 out of range for a vector of 1 element");
  EXPECT_TRUE(equals(ok(nth(make_tuple({K("a"), I(9)}), 1)), I(9)));
  EXPECT_TRUE(equals(ok(nth(make_string_from_utf8("añb"), 1)), Value::character(U'ñ')));
  EXPECT_EQ(err(nth(K("k"), 0)), "nth: not supported on :k (a keyword)");
  EXPECT_TRUE(equals(ok(peek(vector_from({I(1), I(2)}))), I(2)));
  EXPECT_TRUE(equals(ok(peek(l)), I(1)));
  EXPECT_EQ(pr_str(ok(pop(vector_from({I(1), I(2)})))), "[1]");
  EXPECT_EQ(pr_str(ok(pop(l))), "(2 3)");
  EXPECT_FALSE(pop(empty_vector()).ok());
  EXPECT_FALSE(pop(empty_list()).ok());
  EXPECT_EQ(ok(count(make_string_from_utf8("héllo"))), 5u);
  EXPECT_EQ(ok(count(make_tuple({I(1), I(2), I(3)}))), 3u);
  EXPECT_EQ(err(count(I(3))), "count: not supported on 3 (an integer)");
  EXPECT_EQ(err(peek(empty_map())), "peek: not supported on {} (a map)");
}

TEST(Collection, UniqueUpdatesStayInPlace) {
  Value v = vector_from({I(1), I(2), I(3)});
  const Object* before = v.as_object();
  v = ok(assoc(std::move(v), I(0), I(100)));
  EXPECT_EQ(v.as_object(), before);
  Value m = map_from(std::initializer_list<Value>{K("a"), I(1)});
  before = m.as_object();
  m = ok(assoc(std::move(m), K("a"), I(2)));
  EXPECT_EQ(m.as_object(), before);
  EXPECT_EQ(pr_str(m), "{:a 2}");
}

}  // namespace
}  // namespace batuta
