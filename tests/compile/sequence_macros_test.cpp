// sequence_macros_test.cpp: for, doseq, dotimes, lazy-seq, with-out-str and
// syntax-quote.
#include <gtest/gtest.h>

#include "macro_test_util.h"

namespace batuta::test {
namespace {

using SequenceMacros = MacroTest;
using SyntaxQuote = MacroTest;

TEST_F(SequenceMacros, LazySeqAndWithOutStr) {
  EXPECT_EQ(expand("(lazy-seq (cons 1 nil))"), "(batuta.core/make-lazy-seq (fn* [] (cons 1 nil)))");
  EXPECT_EQ(expand("(with-out-str (println 1) (println 2))"),
            "(do (batuta.core/push-output-capture) (println 1) (println 2) (batuta.core/pop-output-capture))");
}

TEST_F(SequenceMacros, Dotimes) {
  EXPECT_EQ(expand("(dotimes [i 3] (f i))"),
            "(let* [n__1__auto__ 3] (loop* [i 0] (if (batuta.core/< i n__1__auto__) (do (f i) (recur "
            "(batuta.core/inc i))) nil)))");
  EXPECT_EQ(expand("(dotimes [[i] 3] i)"), "error: test.ba:1:10: dotimes requires a symbol to bind, got [i]");
  EXPECT_EQ(expand("(dotimes [i] i)"),
            "error: test.ba:1:10: dotimes requires exactly 2 forms in the binding vector");
}

TEST_F(SequenceMacros, DoseqLoopsOverSeqFirstNext) {
  EXPECT_EQ(expand("(doseq [x xs] (f x) (g x))"),
            "(loop* [s__1__auto__ (batuta.core/seq xs)] (if s__1__auto__ (let* [x (batuta.core/first "
            "s__1__auto__)] (do (f x) (g x) (recur (batuta.core/next s__1__auto__)))) nil))");
}

TEST_F(SequenceMacros, DoseqModifiers) {
  EXPECT_EQ(expand("(doseq [x xs :when (odd? x)] (f x))"),
            "(loop* [s__1__auto__ (batuta.core/seq xs)] (if s__1__auto__ (let* [x (batuta.core/first "
            "s__1__auto__)] (if (odd? x) (do (f x) (recur (batuta.core/next s__1__auto__))) (recur "
            "(batuta.core/next s__1__auto__)))) nil))");
  EXPECT_EQ(expand("(doseq [x xs :let [y (* 2 x)] :while (< y 10)] (f y))"),
            "(loop* [s__1__auto__ (batuta.core/seq xs)] (if s__1__auto__ (let* [x (batuta.core/first "
            "s__1__auto__)] (let* [y (* 2 x)] (if (< y 10) (do (f y) (recur (batuta.core/next s__1__auto__))) "
            "nil))) nil))");
}

TEST_F(SequenceMacros, DoseqNestsOneLoopPerBinding) {
  EXPECT_EQ(expand("(doseq [x xs [a b] x] (f a))"),
            "(loop* [s__1__auto__ (batuta.core/seq xs)] (if s__1__auto__ (let* [x (batuta.core/first "
            "s__1__auto__)] (do (loop* [s__2__auto__ (batuta.core/seq x)] (if s__2__auto__ (let* [vec__3__auto__ "
            "(batuta.core/first s__2__auto__) a (batuta.core/nth vec__3__auto__ 0 nil) b (batuta.core/nth "
            "vec__3__auto__ 1 nil)] (do (f a) (recur (batuta.core/next s__2__auto__)))) nil)) (recur "
            "(batuta.core/next s__1__auto__)))) nil))");
}

TEST_F(SequenceMacros, ForBuildsOneLazyStepPerElement) {
  EXPECT_EQ(expand("(for [x xs] (* x x))"),
            "((fn* iter__1__auto__ [s__2__auto__] (batuta.core/make-lazy-seq (fn* [] (loop* [s__2__auto__ "
            "s__2__auto__] (let* [s__2__auto__ (batuta.core/seq s__2__auto__)] (if s__2__auto__ (let* [x "
            "(batuta.core/first s__2__auto__)] (batuta.core/cons (* x x) (iter__1__auto__ (batuta.core/rest "
            "s__2__auto__)))) nil)))))) xs)");
}

TEST_F(SequenceMacros, ForWhenSkipsWithRecurAndWhileEnds) {
  EXPECT_EQ(expand("(for [x xs :when (odd? x) :while (< x 9)] x)"),
            "((fn* iter__1__auto__ [s__2__auto__] (batuta.core/make-lazy-seq (fn* [] (loop* [s__2__auto__ "
            "s__2__auto__] (let* [s__2__auto__ (batuta.core/seq s__2__auto__)] (if s__2__auto__ (let* [x "
            "(batuta.core/first s__2__auto__)] (if (odd? x) (if (< x 9) (batuta.core/cons x (iter__1__auto__ "
            "(batuta.core/rest s__2__auto__))) nil) (recur (batuta.core/rest s__2__auto__)))) nil)))))) xs)");
}

TEST_F(SequenceMacros, ForInnerLevelContinuesTheOuterOneWhenItEnds) {
  EXPECT_EQ(expand("(for [x xs y (f x) :while (< y x)] [x y])"),
            "((fn* iter__1__auto__ [s__2__auto__] (batuta.core/make-lazy-seq (fn* [] (loop* [s__2__auto__ "
            "s__2__auto__] (let* [s__2__auto__ (batuta.core/seq s__2__auto__)] (if s__2__auto__ (let* [x "
            "(batuta.core/first s__2__auto__)] ((fn* iter__3__auto__ [s__4__auto__] (batuta.core/make-lazy-seq "
            "(fn* [] (loop* [s__4__auto__ s__4__auto__] (let* [s__4__auto__ (batuta.core/seq s__4__auto__)] (if "
            "s__4__auto__ (let* [y (batuta.core/first s__4__auto__)] (if (< y x) (batuta.core/cons [x y] "
            "(iter__3__auto__ (batuta.core/rest s__4__auto__))) (iter__1__auto__ (batuta.core/rest "
            "s__2__auto__)))) (iter__1__auto__ (batuta.core/rest s__2__auto__)))))))) (f x))) nil)))))) xs)");
}

TEST_F(SequenceMacros, ForAndDoseqErrors) {
  EXPECT_EQ(expand("(for [x xs] a b)"),
            "error: test.ba:1:1: for requires a binding vector and exactly one body expression");
  EXPECT_EQ(expand("(for (x xs) x)"), "error: test.ba:1:1: for requires a vector for its binding");
  EXPECT_EQ(expand("(for [x] x)"), "error: test.ba:1:6: for requires an even number of forms in the binding vector");
  EXPECT_EQ(expand("(for [:when x] x)"),
            "error: test.ba:1:6: for: the binding vector must start with a binding, got :when");
  EXPECT_EQ(expand("(doseq [x xs :until y] x)"), "error: test.ba:1:8: Invalid 'doseq' keyword :until");
  EXPECT_EQ(expand("(doseq [x xs :let y] x)"),
            "error: test.ba:1:8: doseq: :let requires a vector with an even number of forms");
  EXPECT_EQ(expand("(for [] 1)"), "error: test.ba:1:1: for requires at least one binding");
}

TEST_F(SequenceMacros, ExpansionsUseOnlySpecialFormsAndCalls) {
  for (const char* src : {"(for [[a b] xs :let [{:keys [c]} a] :when c y ys] [b y])",
                          "(doseq [[a b] xs :let [{:keys [c]} a] :when c y ys] (f b y))", "(dotimes [i 3] i)"}) {
    expand(src);
    EXPECT_EQ(first_unexpanded_macro(last_expansion_), "") << src;
  }
}

TEST_F(SyntaxQuote, SymbolsAreQualified) {
  EXPECT_EQ(expand("`(f x)"), "(batuta.core/list (quote user/f) (quote user/x))");
  EXPECT_EQ(expand("`(map inc ~xs)"), "(batuta.core/list (quote batuta.core/map) (quote batuta.core/inc) xs)");
  EXPECT_EQ(expand("`a/b"), "(quote a/b)");
  EXPECT_EQ(expand("`[& r]"), "(batuta.core/vector (quote &) (quote user/r))");
}

TEST_F(SyntaxQuote, SpecialFormsStayBare) {
  EXPECT_EQ(expand("`(if ~c (do ~@body))"),
            "(batuta.core/list (quote if) c (batuta.core/seq (batuta.core/concat (batuta.core/list (quote do)) "
            "body)))");
}

TEST_F(SyntaxQuote, UnquoteAndSplice) {
  EXPECT_EQ(expand("`(a ~b ~@c)"),
            "(batuta.core/seq (batuta.core/concat (batuta.core/list (quote user/a)) (batuta.core/list b) c))");
  EXPECT_EQ(expand("`[~@xs]"), "(batuta.core/vec (batuta.core/concat xs))");
  EXPECT_EQ(expand("`~x"), "x");
  EXPECT_EQ(expand("`{:a ~@b}"),
            "(batuta.core/apply batuta.core/hash-map (batuta.core/concat (batuta.core/list :a) b))");
  EXPECT_EQ(expand("`#{~@xs}"), "(batuta.core/apply batuta.core/hash-set (batuta.core/concat xs))");
}

TEST_F(SyntaxQuote, AutoGensymsAreConsistentWithinOneSyntaxQuote) {
  EXPECT_EQ(expand("`(let [a# ~x] [a# b#])"),
            "(batuta.core/list (quote user/let) (batuta.core/vector (quote a__1__auto__) x) (batuta.core/vector "
            "(quote a__1__auto__) (quote b__2__auto__)))");
}

TEST_F(SyntaxQuote, CollectionsAndLiterals) {
  EXPECT_EQ(expand("`{:k ~v}"), "(batuta.core/hash-map :k v)");
  EXPECT_EQ(expand("`#{~x}"), "(batuta.core/hash-set x)");
  EXPECT_EQ(expand("`{:msg ~a ~b}"), "(batuta.core/tuple :msg a b)");
  EXPECT_EQ(expand("`()"), "(batuta.core/list)");
  EXPECT_EQ(expand("`[]"), "(batuta.core/vector)");
  EXPECT_EQ(expand("`5"), "5");
  EXPECT_EQ(expand("`:k"), ":k");
  EXPECT_EQ(expand("`\"s\""), "\"s\"");
  EXPECT_EQ(expand("`nil"), "nil");
}

TEST_F(SyntaxQuote, Errors) {
  EXPECT_EQ(expand("`~@x"), "error: test.ba:1:2: unquote-splicing (~@) used outside a list, vector, map or set");
  EXPECT_EQ(expand("`(a `b)"), "error: test.ba:1:5: nested syntax-quote is not supported");
  EXPECT_EQ(expand("(syntax-quote a b)"), "error: test.ba:1:1: syntax-quote takes exactly one form");
}

}  // namespace
}  // namespace batuta::test
