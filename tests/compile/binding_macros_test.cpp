// binding_macros_test.cpp: let, fn, loop, letfn, the if-let family, and
// destructuring (destructure.h).
#include <gtest/gtest.h>

#include "macro_test_util.h"

namespace batuta::test {
namespace {

using BindingMacros = MacroTest;
using Destructuring = MacroTest;

TEST_F(BindingMacros, PlainLet) {
  EXPECT_EQ(expand("(let [a 1 b 2] (+ a b))"), "(let* [a 1 b 2] (+ a b))");
  EXPECT_EQ(expand("(let [] 1)"), "(let* [] 1)");
  EXPECT_EQ(expand("(let [a] a)"), "error: test.ba:1:6: let requires an even number of forms in the binding vector");
  EXPECT_EQ(expand("(let (a 1) a)"), "error: test.ba:1:1: let requires a vector for its binding");
  EXPECT_EQ(expand("(let)"), "error: test.ba:1:1: let requires a vector for its binding");
}

TEST_F(BindingMacros, Fn) {
  EXPECT_EQ(expand("(fn [a b] (+ a b))"), "(fn* [a b] (+ a b))");
  EXPECT_EQ(expand("(fn f [x] x)"), "(fn* f [x] x)");
  EXPECT_EQ(expand("(fn [a & more] more)"), "(fn* [a & more] more)");
  EXPECT_EQ(expand("(fn ([x] x) ([x y] y))"), "(fn* ([x] x) ([x y] y))");
  EXPECT_EQ(expand("(fn [])"), "(fn* [])");
}

TEST_F(BindingMacros, FnLiteralFromTheReader) {
  std::string out = expand("#(+ % %2)");
  EXPECT_EQ(out.rfind("(fn* [", 0), 0u) << out;
}

TEST_F(BindingMacros, FnDestructuresParametersInALetSoRecurTargetsTheFunction) {
  EXPECT_EQ(expand("(fn [[a b] {:keys [c]}] (+ a c))"),
            "(fn* [p__1__auto__ p__2__auto__] (let* [vec__3__auto__ p__1__auto__ a (batuta.core/nth vec__3__auto__ "
            "0 nil) b (batuta.core/nth vec__3__auto__ 1 nil) map__4__auto__ p__2__auto__ c (batuta.core/get "
            "map__4__auto__ :c)] (+ a c)))");
  EXPECT_EQ(expand("(fn ([x] x) ([x [y]] y))"),
            "(fn* ([x] x) ([x p__1__auto__] (let* [vec__2__auto__ p__1__auto__ y (batuta.core/nth vec__2__auto__ 0 "
            "nil)] y)))");
}

TEST_F(BindingMacros, FnKeywordArguments) {
  EXPECT_EQ(expand("(fn [& {:keys [a]}] a)"),
            "(fn* [& p__1__auto__] (let* [map__2__auto__ (batuta.core/apply batuta.core/hash-map p__1__auto__) a "
            "(batuta.core/get map__2__auto__ :a)] a))");
}

TEST_F(BindingMacros, FnErrors) {
  EXPECT_EQ(expand("(fn 5)"), "error: test.ba:1:1: fn: parameter vector expected, got 5");
  EXPECT_EQ(expand("(fn)"), "error: test.ba:1:1: fn: parameter vector expected, got nothing");
  EXPECT_EQ(expand("(fn f)"), "error: test.ba:1:1: fn: parameter vector expected, got nothing");
  EXPECT_EQ(expand("(fn [a 5] a)"), "error: test.ba:1:5: fn: Unsupported binding form: 5");
  EXPECT_EQ(expand("(fn [a/b] 1)"), "error: test.ba:1:5: fn: can't use qualified name as parameter: a/b");
  EXPECT_EQ(expand("(fn [a &] a)"), "error: test.ba:1:5: fn: & must be followed by exactly one parameter in [a &]");
  EXPECT_EQ(expand("(fn [& a b] a)"),
            "error: test.ba:1:5: fn: & must be followed by exactly one parameter in [& a b]");
  EXPECT_EQ(expand("(fn ([x] x) (y))"), "error: test.ba:1:13: fn: parameter vector expected, got y");
  EXPECT_EQ(expand("(fn ([x] x) 5)"), "error: test.ba:1:1: fn: parameter vector expected, got 5");
}

TEST_F(BindingMacros, LoopWithoutDestructuring) {
  EXPECT_EQ(expand("(loop [i 0] (recur (inc i)))"), "(loop* [i 0] (recur (inc i)))");
  EXPECT_EQ(expand("(loop [i] i)"),
            "error: test.ba:1:7: loop requires an even number of forms in the binding vector");
}

TEST_F(BindingMacros, LoopDestructuresInsideSoRecurPassesWholeValues) {
  EXPECT_EQ(expand("(loop [[a & r] xs n 0] (recur r a))"),
            "(let* [loop__1__auto__ xs vec__3__auto__ loop__1__auto__ a (batuta.core/nth vec__3__auto__ 0 nil) r "
            "(batuta.core/nthnext vec__3__auto__ 1) n 0] (loop* [loop__1__auto__ loop__1__auto__ n n] (let* "
            "[vec__2__auto__ loop__1__auto__ a (batuta.core/nth vec__2__auto__ 0 nil) r (batuta.core/nthnext "
            "vec__2__auto__ 1)] (recur r a))))");
}

TEST_F(BindingMacros, Letfn) {
  EXPECT_EQ(expand("(letfn [(f [x] (g x)) (g [y] y)] (f 1))"),
            "(letfn* [f (fn* f [x] (g x)) g (fn* g [y] y)] (f 1))");
  EXPECT_EQ(expand("(letfn [(f ([] 0) ([x] x))] (f))"), "(letfn* [f (fn* f ([] 0) ([x] x))] (f))");
  EXPECT_EQ(expand("(letfn [f] 1)"),
            "error: test.ba:1:1: letfn: function spec (name [params] body...) expected, got f");
  EXPECT_EQ(expand("(letfn [(f x)] 1)"), "error: test.ba:1:9: letfn: parameter vector expected, got x");
}

TEST_F(BindingMacros, IfLetAndWhenLet) {
  EXPECT_EQ(expand("(if-let [x (f)] x :no)"),
            "(let* [temp__1__auto__ (f)] (if temp__1__auto__ (let* [x temp__1__auto__] x) :no))");
  EXPECT_EQ(expand("(if-let [x (f)] x)"),
            "(let* [temp__1__auto__ (f)] (if temp__1__auto__ (let* [x temp__1__auto__] x)))");
  EXPECT_EQ(expand("(when-let [x (f)] (g x) x)"),
            "(let* [temp__1__auto__ (f)] (if temp__1__auto__ (let* [x temp__1__auto__] (g x) x)))");
  EXPECT_EQ(expand("(if-let [[a] (f)] a)"),
            "(let* [temp__1__auto__ (f)] (if temp__1__auto__ (let* [vec__2__auto__ temp__1__auto__ a "
            "(batuta.core/nth vec__2__auto__ 0 nil)] a)))");
}

TEST_F(BindingMacros, IfSomeWhenSomeWhenFirst) {
  EXPECT_EQ(expand("(if-some [x (f)] x 0)"),
            "(let* [temp__1__auto__ (f)] (if (batuta.core/some? temp__1__auto__) (let* [x temp__1__auto__] x) 0))");
  EXPECT_EQ(expand("(when-some [x (f)] x)"),
            "(let* [temp__1__auto__ (f)] (if (batuta.core/some? temp__1__auto__) (let* [x temp__1__auto__] x)))");
  EXPECT_EQ(expand("(when-first [x xs] x)"),
            "(let* [seq__1__auto__ (batuta.core/seq xs)] (if seq__1__auto__ (let* [x (batuta.core/first "
            "seq__1__auto__)] x)))");
}

TEST_F(BindingMacros, ConditionalBindingErrors) {
  EXPECT_EQ(expand("(when-let [x 1 y 2] x)"),
            "error: test.ba:1:11: when-let requires exactly 2 forms in the binding vector");
  EXPECT_EQ(expand("(if-let x 1)"), "error: test.ba:1:1: if-let requires a vector for its binding");
  EXPECT_EQ(expand("(if-let [x 1])"), "error: test.ba:1:1: if-let requires 1 or 2 forms after the binding vector");
  EXPECT_EQ(expand("(if-some [x 1] a b c)"),
            "error: test.ba:1:1: if-some requires 1 or 2 forms after the binding vector");
  EXPECT_EQ(expand("(when-first [x] x)"),
            "error: test.ba:1:13: when-first requires exactly 2 forms in the binding vector");
}

TEST_F(Destructuring, VectorPatterns) {
  EXPECT_EQ(expand("(let [[a b] v] a)"),
            "(let* [vec__1__auto__ v a (batuta.core/nth vec__1__auto__ 0 nil) b (batuta.core/nth vec__1__auto__ 1 "
            "nil)] a)");
  EXPECT_EQ(expand("(let [[a b & rest :as all] v] a)"),
            "(let* [vec__1__auto__ v a (batuta.core/nth vec__1__auto__ 0 nil) b (batuta.core/nth vec__1__auto__ 1 "
            "nil) rest (batuta.core/nthnext vec__1__auto__ 2) all vec__1__auto__] a)");
  EXPECT_EQ(expand("(let [[] v] 1)"), "(let* [vec__1__auto__ v] 1)");
}

TEST_F(Destructuring, KeywordArgumentsAfterAmpersand) {
  EXPECT_EQ(expand("(let [[a & {:keys [k]}] v] k)"),
            "(let* [vec__1__auto__ v a (batuta.core/nth vec__1__auto__ 0 nil) map__2__auto__ (batuta.core/apply "
            "batuta.core/hash-map (batuta.core/nthnext vec__1__auto__ 1)) k (batuta.core/get map__2__auto__ :k)] k)");
}

TEST_F(Destructuring, MapPatternsWithKeysOrAs) {
  EXPECT_EQ(expand("(let [{:keys [a b] :or {b 2} :as m} x] [a b m])"),
            "(let* [map__1__auto__ x m map__1__auto__ a (batuta.core/get map__1__auto__ :a) b (batuta.core/get "
            "map__1__auto__ :b 2)] [a b m])");
  EXPECT_EQ(expand("(let [{:strs [a] :syms [b]} x] a)"),
            "(let* [map__1__auto__ x a (batuta.core/get map__1__auto__ \"a\") b (batuta.core/get map__1__auto__ "
            "(quote b))] a)");
}

TEST_F(Destructuring, NamespacedKeys) {
  EXPECT_EQ(expand("(let [{:keys [a ns/b :c :d/e]} x] a)"),
            "(let* [map__1__auto__ x a (batuta.core/get map__1__auto__ :a) b (batuta.core/get map__1__auto__ :ns/b) "
            "c (batuta.core/get map__1__auto__ :c) e (batuta.core/get map__1__auto__ :d/e)] a)");
  EXPECT_EQ(expand("(let [{:ns/keys [a]} x] a)"),
            "(let* [map__1__auto__ x a (batuta.core/get map__1__auto__ :ns/a)] a)");
  EXPECT_EQ(expand("(let [{:ns/syms [a]} x] a)"),
            "(let* [map__1__auto__ x a (batuta.core/get map__1__auto__ (quote ns/a))] a)");
}

TEST_F(Destructuring, ExplicitKeysAndNesting) {
  EXPECT_EQ(expand("(let [{x :x [p q] :pair} m] x)"),
            "(let* [map__1__auto__ m x (batuta.core/get map__1__auto__ :x) vec__2__auto__ (batuta.core/get "
            "map__1__auto__ :pair) p (batuta.core/nth vec__2__auto__ 0 nil) q (batuta.core/nth vec__2__auto__ 1 "
            "nil)] x)");
  EXPECT_EQ(expand("(let [{y \"y\" :or {y 0}} m] y)"),
            "(let* [map__1__auto__ m y (batuta.core/get map__1__auto__ \"y\" 0)] y)");
  EXPECT_EQ(expand("(let [[{:keys [a]} [b]] v] a)"),
            "(let* [vec__1__auto__ v map__2__auto__ (batuta.core/nth vec__1__auto__ 0 nil) a (batuta.core/get "
            "map__2__auto__ :a) vec__3__auto__ (batuta.core/nth vec__1__auto__ 1 nil) b (batuta.core/nth "
            "vec__3__auto__ 0 nil)] a)");
}

TEST_F(Destructuring, Errors) {
  EXPECT_EQ(expand("(let [[a & b c] v] a)"),
            "error: test.ba:1:7: only :as may follow the & binding form in [a & b c]");
  EXPECT_EQ(expand("(let [[a &] v] a)"), "error: test.ba:1:7: & must be followed by a binding form in [a &]");
  EXPECT_EQ(expand("(let [[a & b & c] v] a)"), "error: test.ba:1:7: only one & is allowed in a binding vector");
  EXPECT_EQ(expand("(let [[a :as] v] a)"), "error: test.ba:1:7: :as must be followed by a symbol, at the end of [a :as]");
  EXPECT_EQ(expand("(let [5 1] 1)"), "error: test.ba:1:1: Unsupported binding form: 5");
  EXPECT_EQ(expand("(let [(a) 1] 1)"), "error: test.ba:1:7: Unsupported binding form: (a)");
  EXPECT_EQ(expand("(let [a/b 1] 1)"), "error: test.ba:1:1: can't bind qualified name: a/b");
  EXPECT_EQ(expand("(let [{:keys a} m] a)"),
            "error: test.ba:1:7: :keys must be followed by a vector of symbols, got a");
  EXPECT_EQ(expand("(let [{:keys [1]} m] 1)"), "error: test.ba:1:7: Unsupported binding form in :keys: 1");
  EXPECT_EQ(expand("(let [{:or 5} m] 1)"), "error: test.ba:1:7: :or must be followed by a map, got 5");
  EXPECT_EQ(expand("(let [{:as 5} m] 1)"), "error: test.ba:1:7: :as must be followed by a symbol, got 5");
  EXPECT_EQ(expand("(let [{5 :a} m] 1)"), "error: test.ba:1:7: Unsupported binding form: 5");
}

TEST_F(Destructuring, ExpansionsUseOnlySpecialFormsAndCalls) {
  for (const char* src : {"(let [{:keys [a] :as m} x [b & c] y] a)", "(fn [[a] {:keys [b]}] a)",
                          "(loop [[a] v] (recur a))", "(if-let [[a] v] a b)", "(when-first [[a] v] a)"}) {
    expand(src);
    EXPECT_EQ(first_unexpanded_macro(last_expansion_), "") << src;
  }
}

}  // namespace
}  // namespace batuta::test
