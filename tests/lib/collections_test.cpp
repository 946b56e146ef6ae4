// Constructors, predicates, equality and the collection functions.
#include "core/map.h"
#include "lib_test_util.h"

namespace batuta {
namespace {

using namespace lib_test;

Value M(std::initializer_list<Value> kvs) { return map_from(std::span<const Value>(kvs.begin(), kvs.size())); }

TEST(LibCollections, Constructors) {
  EXPECT_EQ(pr("list", {I(1), I(2)}), "(1 2)");
  EXPECT_EQ(pr("vector", {}), "[]");
  EXPECT_EQ(pr("hash-map", {K("a"), I(1), K("b"), I(2)}), "{:a 1 :b 2}");
  EXPECT_EQ(pr("hash-map", {K("a")}), "ERROR: hash-map: no value supplied for key: :a");
  EXPECT_EQ(pr("sorted-map", {I(3), K("c"), I(1), K("a")}), "{1 :a 3 :c}");
  EXPECT_EQ(pr("sorted-set", {I(3), I(1), I(2)}), "#{1 2 3}");
  EXPECT_EQ(pr("vec", {S("ab")}), "[\\a \\b]");
  EXPECT_EQ(pr("set", {V({I(1), I(1)})}), "#{1}");
  EXPECT_EQ(pr("tuple", {K("compute"), I(1), I(2)}), "{:compute 1 2}");
  EXPECT_EQ(pr("keyword", {S("a")}), ":a");
  EXPECT_EQ(pr("keyword", {S("ns"), S("a")}), ":ns/a");
  EXPECT_EQ(pr("symbol", {S("x")}), "x");
  EXPECT_EQ(pr("name", {K("ns/a")}), "\"a\"");
  EXPECT_EQ(pr("namespace", {K("ns/a")}), "\"ns\"");
  EXPECT_EQ(pr("namespace", {K("a")}), "nil");
  EXPECT_EQ(pr("char", {I(955)}), "\\λ");
  EXPECT_EQ(pr("char", {I(0xD800)}), "ERROR: char: 55296 is not a Unicode scalar value");
}

TEST(LibCollections, EqualityAndPredicates) {
  EXPECT_EQ(pr("=", {V({I(1), I(2)}), L({I(1), I(2)})}), "true");
  EXPECT_EQ(pr("=", {I(1), I(1), I(2)}), "false");
  EXPECT_EQ(pr("not=", {I(1), I(2)}), "true");
  EXPECT_EQ(pr("compare", {I(1), I(2)}), "-1");
  EXPECT_EQ(pr("compare", {S("b"), S("a")}), "1");
  EXPECT_EQ(pr("hash", {V({I(1)})}), pr("hash", {L({I(1)})}));
  EXPECT_EQ(pr("nil?", {Value()}), "true");
  EXPECT_EQ(pr("some?", {Value::boolean(false)}), "true");
  EXPECT_EQ(pr("not", {Value()}), "true");
  EXPECT_EQ(pr("map?", {M({K("a"), I(1)})}), "true");
  EXPECT_EQ(pr("vector?", {L({})}), "false");
  EXPECT_EQ(pr("seq?", {L({I(1)})}), "true");
  EXPECT_EQ(pr("coll?", {S("a")}), "false");
  EXPECT_EQ(pr("fn?", {native("inc")}), "true");
  EXPECT_EQ(pr("ifn?", {K("a")}), "true");
  EXPECT_EQ(pr("sequential?", {V({})}), "true");
  EXPECT_EQ(pr("associative?", {V({})}), "true");
  EXPECT_EQ(pr("empty?", {S("")}), "true");
  EXPECT_EQ(pr("empty?", {Value()}), "true");
  EXPECT_EQ(pr("empty?", {I(1)}), "ERROR: empty?: expected a collection or a string, got 1 (an integer)");
  EXPECT_EQ(pr("sorted?", {call("sorted-set", {}).value}), "true");
}

TEST(LibCollections, ConjAssocGet) {
  EXPECT_EQ(pr("conj", {V({I(1)}), I(2), I(3)}), "[1 2 3]");
  EXPECT_EQ(pr("conj", {L({I(1)}), I(2), I(3)}), "(3 2 1)");
  EXPECT_EQ(pr("conj", {Value(), I(1)}), "(1)");
  EXPECT_EQ(pr("conj", {}), "[]");
  EXPECT_EQ(pr("conj", {I(1), I(2)}), "ERROR: conj: can't conj onto 1 (an integer)");
  EXPECT_EQ(pr("assoc", {Value(), K("a"), I(1), K("b"), I(2)}), "{:a 1 :b 2}");
  EXPECT_EQ(pr("assoc", {V({I(1)}), I(5), I(2)}), "ERROR: assoc: index 5 out of range for a vector of 1 element");
  EXPECT_EQ(pr("dissoc", {M({K("a"), I(1), K("b"), I(2)}), K("a")}), "{:b 2}");
  EXPECT_EQ(pr("disj", {call("hash-set", {I(1), I(2)}).value, I(1)}), "#{2}");
  EXPECT_EQ(pr("get", {M({K("a"), I(1)}), K("a")}), "1");
  EXPECT_EQ(pr("get", {M({K("a"), I(1)}), K("z"), I(0)}), "0");
  Value nested = M({K("a"), M({K("b"), I(7)})});
  EXPECT_EQ(pr("get-in", {nested, V({K("a"), K("b")})}), "7");
  EXPECT_EQ(pr("get-in", {nested, V({K("a"), K("x")}), K("none")}), ":none");
  EXPECT_EQ(pr("assoc-in", {nested, V({K("a"), K("c"), K("d")}), I(1)}), "{:a {:b 7 :c {:d 1}}}");
  EXPECT_EQ(pr("contains?", {V({I(5)}), I(0)}), "true");
  EXPECT_EQ(pr("find", {M({K("a"), I(1)}), K("a")}), "[:a 1]");
  EXPECT_EQ(pr("keys", {M({K("a"), I(1), K("b"), I(2)})}), "(:a :b)");
  EXPECT_EQ(pr("vals", {M({K("a"), I(1), K("b"), I(2)})}), "(1 2)");
  EXPECT_EQ(pr("keys", {M({})}), "nil");
}

TEST(LibCollections, NthPeekPopSubvec) {
  EXPECT_EQ(pr("nth", {V({I(1), I(2)}), I(1)}), "2");
  EXPECT_EQ(pr("nth", {V({I(1), I(2)}), I(5)}), "ERROR: nth: index 5 out of range for a vector of 2 elements");
  EXPECT_EQ(pr("nth", {V({I(1), I(2)}), I(5), K("d")}), ":d");
  EXPECT_EQ(pr("nth", {S("héllo"), I(1)}), "\\é");
  EXPECT_EQ(pr("peek", {V({I(1), I(2)})}), "2");
  EXPECT_EQ(pr("pop", {V({I(1), I(2)})}), "[1]");
  EXPECT_EQ(pr("pop", {V({})}), "ERROR: pop: can't pop an empty vector");
  EXPECT_EQ(pr("subvec", {V({I(1), I(2), I(3)}), I(1)}), "[2 3]");
  EXPECT_EQ(pr("subvec", {V({I(1), I(2), I(3)}), I(1), I(5)}),
            "ERROR: subvec: range [1, 5) out of bounds for a vector of 3 elements");
}

TEST(LibCollections, MapFunctions) {
  EXPECT_EQ(pr("merge", {M({K("a"), I(1)}), Value(), M({K("a"), I(2), K("b"), I(3)})}), "{:a 2 :b 3}");
  EXPECT_EQ(pr("merge", {}), "nil");
  EXPECT_EQ(pr("select-keys", {M({K("a"), I(1), K("b"), I(2)}), V({K("b"), K("z")})}), "{:b 2}");
  EXPECT_EQ(pr("zipmap", {V({K("a"), K("b")}), L({I(1), I(2), I(3)})}), "{:a 1 :b 2}");
  EXPECT_EQ(pr("into", {V({}), L({I(1), I(2)})}), "[1 2]");
  EXPECT_EQ(pr("into", {M({}), V({V({K("a"), I(1)})})}), "{:a 1}");
  EXPECT_EQ(pr("into", {L({}), V({I(1), I(2)})}), "(2 1)");
  EXPECT_EQ(pr("frequencies", {V({K("a"), K("b"), K("a")})}), "{:a 2 :b 1}");
  EXPECT_EQ(pr("empty", {V({I(1)})}), "[]");
  EXPECT_EQ(pr("not-empty", {V({})}), "nil");
  EXPECT_EQ(pr("count", {M({K("a"), I(1)})}), "1");
  EXPECT_EQ(pr("count", {S("héllo")}), "5");
  EXPECT_EQ(pr("count", {I(3)}), "ERROR: count: not supported on 3 (an integer)");
}

TEST(LibCollections, SeqFunctionsOnEveryCollection) {
  EXPECT_EQ(pr("first", {V({I(1), I(2)})}), "1");
  EXPECT_EQ(pr("first", {M({K("a"), I(1)})}), "[:a 1]");
  EXPECT_EQ(pr("first", {S("héllo")}), "\\h");
  EXPECT_EQ(pr("first", {Value()}), "nil");
  EXPECT_EQ(pr("first", {I(1)}), "ERROR: first: can't make a sequence of 1 (an integer)");
  EXPECT_EQ(pr("rest", {V({I(1), I(2)})}), "(2)");
  EXPECT_EQ(pr("rest", {Value()}), "()");
  EXPECT_EQ(pr("next", {V({I(1)})}), "nil");
  EXPECT_EQ(pr("second", {L({I(1), I(2)})}), "2");
  EXPECT_EQ(pr("last", {V({I(1), I(2), I(3)})}), "3");
  EXPECT_EQ(pr("nnext", {V({I(1), I(2), I(3)})}), "(3)");
  EXPECT_EQ(pr("nthnext", {V({I(1), I(2), I(3)}), I(2)}), "(3)");
  EXPECT_EQ(pr("nthrest", {V({I(1), I(2), I(3)}), I(5)}), "()");
  EXPECT_EQ(pr("butlast", {V({I(1), I(2), I(3)})}), "(1 2)");
  EXPECT_EQ(pr("seq", {V({})}), "nil");
  EXPECT_EQ(pr("seq", {call("tuple", {K("x"), I(1)}).value}), "(:x 1)");
  EXPECT_EQ(pr("cons", {I(0), V({I(1)})}), "(0 1)");
  EXPECT_EQ(pr("reverse", {V({I(1), I(2), I(3)})}), "(3 2 1)");
  EXPECT_EQ(pr("sort-natural", {V({I(3), D(1.5), I(2)})}), "(1.5 2 3)");
  EXPECT_EQ(pr("take", {I(2), V({I(1), I(2), I(3)})}), "(1 2)");
  EXPECT_EQ(pr("drop", {I(2), V({I(1), I(2), I(3)})}), "(3)");
}

TEST(LibCollections, NativesHaveDocMeta) {
  Var* v = find_var(find_namespace(symbol("batuta.core")), symbol("inc"));
  ASSERT_NE(v, nullptr);
  std::string meta = pr_str(var_meta(v));
  EXPECT_NE(meta.find(":doc \"Returns a number one greater than num.\""), std::string::npos) << meta;
  EXPECT_NE(meta.find(":arglists \"([x])\""), std::string::npos) << meta;
  EXPECT_NE(meta.find(":native true"), std::string::npos) << meta;
}

}  // namespace
}  // namespace batuta
