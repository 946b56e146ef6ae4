// core_macros_test.cpp: the expansions of the control-flow, threading and
// definition macros, and their error messages.
#include <gtest/gtest.h>

#include "compile/core_macros.h"
#include "macro_test_util.h"

namespace batuta::test {
namespace {

using ControlMacros = MacroTest;
using ThreadingMacros = MacroTest;
using DefinitionMacros = MacroTest;
using MacroTable = MacroTest;

TEST_F(MacroTable, FindsEveryMacroByPlainAndQualifiedName) {
  EXPECT_NE(find_core_macro("when"), nullptr);
  EXPECT_EQ(find_core_macro("batuta.core/when"), find_core_macro("when"));
  EXPECT_EQ(find_core_macro("syntax-quote"), &expand_syntax_quote);
  EXPECT_EQ(find_core_macro("whenever"), nullptr);
  EXPECT_EQ(find_core_macro("other.ns/when"), nullptr);
  EXPECT_EQ(find_core_macro("batuta.core/"), nullptr);
  EXPECT_TRUE(is_core_macro_name("->>"));
  EXPECT_FALSE(is_core_macro_name("if"));  // a special form, not a macro
  auto names = core_macro_names();
  ASSERT_GE(names.size(), 40u);
  for (std::string_view n : names) EXPECT_NE(find_core_macro(n), nullptr) << n;
}

TEST_F(ControlMacros, When) {
  EXPECT_EQ(expand("(when c a)"), "(if c a)");
  EXPECT_EQ(expand("(when c a b)"), "(if c (do a b))");
  EXPECT_EQ(expand("(when c)"), "(if c nil)");
  EXPECT_EQ(expand("(when)"), "error: test.ba:1:1: when requires a test");
  EXPECT_EQ(expand("(when-not c a b)"), "(if c nil (do a b))");
}

TEST_F(ControlMacros, ExpansionKeepsTheUsersPosition) {
  expand("\n  (when c a)");
  const SourcePos* p = cx_.position_of(last_expansion_);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->line, 2u);
  EXPECT_EQ(p->column, 3u);
}

TEST_F(ControlMacros, IfNot) {
  EXPECT_EQ(expand("(if-not c a)"), "(if c nil a)");
  EXPECT_EQ(expand("(if-not c a b)"), "(if c b a)");
  EXPECT_EQ(expand("(if-not c)"),
            "error: test.ba:1:1: if-not requires a test, a then form and an optional else form");
}

TEST_F(ControlMacros, AndEvaluatesEachFormOnce) {
  EXPECT_EQ(expand("(and)"), "true");
  EXPECT_EQ(expand("(and x)"), "x");
  EXPECT_EQ(expand("(and (f) (g))"), "(let* [and__1__auto__ (f)] (if and__1__auto__ (g) and__1__auto__))");
  EXPECT_EQ(expand("(and a b c)"),
            "(let* [and__2__auto__ a] (if and__2__auto__ (let* [and__1__auto__ b] (if and__1__auto__ c "
            "and__1__auto__)) and__2__auto__))");
}

TEST_F(ControlMacros, OrEvaluatesEachFormOnce) {
  EXPECT_EQ(expand("(or)"), "nil");
  EXPECT_EQ(expand("(or x)"), "x");
  EXPECT_EQ(expand("(or (f) b)"), "(let* [or__1__auto__ (f)] (if or__1__auto__ or__1__auto__ b))");
}

TEST_F(ControlMacros, CondWithClojurePairs) {
  EXPECT_EQ(expand("(cond (= n 0) 1 (> n 0) 2 :else 3)"), "(if (= n 0) 1 (if (> n 0) 2 3))");
  EXPECT_EQ(expand("(cond a 1)"), "(if a 1)");  // no match gives nil
  EXPECT_EQ(expand("(cond)"), "nil");
  EXPECT_EQ(expand("(cond :else 1 a 2)"), "1");
  EXPECT_EQ(expand("(cond a)"), "error: test.ba:1:1: cond requires an even number of forms");
}

TEST_F(ControlMacros, CondWithArrowClauses) {
  EXPECT_EQ(expand("(cond (= n 0) -> 1 (> n 0) -> 2 :else -> 3)"), "(if (= n 0) 1 (if (> n 0) 2 3))");
  EXPECT_EQ(expand("(cond (= n 0) -> 1 else -> 3)"), "(if (= n 0) 1 3)");
  EXPECT_EQ(expand("(cond a -> 1)"), "(if a 1)");
  EXPECT_EQ(expand("(cond a -> 1 b)"),
            "error: test.ba:1:1: cond: expected clauses of the form test -> expr, got b");
  EXPECT_EQ(expand("(cond a 1 b -> 2)"),
            "error: test.ba:1:1: cond: expected clauses of the form test -> expr, got a 1");
  EXPECT_EQ(expand("(cond x when (> x 1) -> 2)"),
            "error: test.ba:1:1: cond: `when` guards belong to match clauses; write the test as (and x guard) -> "
            "expr");
}

TEST_F(ControlMacros, Condp) {
  EXPECT_EQ(expand("(condp = x 1 :a 2 :b :c)"),
            "(let* [pred__1__auto__ = expr__2__auto__ x] (if (pred__1__auto__ 1 expr__2__auto__) :a "
            "(if (pred__1__auto__ 2 expr__2__auto__) :b :c)))");
  EXPECT_EQ(expand("(condp = x 1 :a)"),
            "(let* [pred__1__auto__ = expr__2__auto__ x] (if (pred__1__auto__ 1 expr__2__auto__) :a "
            "(batuta.core/%case-fallthrough expr__2__auto__)))");
  EXPECT_EQ(expand("(condp some xs #{1} :>> inc)"),
            "(let* [pred__1__auto__ some expr__2__auto__ xs] (let* [p__3__auto__ (pred__1__auto__ #{1} "
            "expr__2__auto__)] (if p__3__auto__ (inc p__3__auto__) (batuta.core/%case-fallthrough "
            "expr__2__auto__))))");
  EXPECT_EQ(expand("(condp =)"), "error: test.ba:1:1: condp requires a predicate and an expression");
}

TEST_F(ControlMacros, CaseComparesUnevaluatedConstants) {
  EXPECT_EQ(expand("(case x 1 :one \"s\" :str a :sym nil :nil [1 y] :vec :other)"),
            "(let* [case__1__auto__ x] (if (batuta.core/= case__1__auto__ 1) :one "
            "(if (batuta.core/= case__1__auto__ \"s\") :str "
            "(if (batuta.core/= case__1__auto__ (quote a)) :sym "
            "(if (batuta.core/= case__1__auto__ nil) :nil "
            "(if (batuta.core/= case__1__auto__ (quote [1 y])) :vec :other))))))");
}

TEST_F(ControlMacros, CaseGroupsAlternativesInAList) {
  EXPECT_TRUE(expands_equal("(case x (1 2 3) :small (4) :four)",
            "(let* [case__1__auto__ x] (if (batuta.core/contains? (quote #{1 2 3}) case__1__auto__) :small "
            "(if (batuta.core/= case__1__auto__ 4) :four (batuta.core/%case-fallthrough case__1__auto__))))"));
}

TEST_F(ControlMacros, CaseWithoutDefaultFallsThroughToARuntimeError) {
  EXPECT_EQ(expand("(case x 1 :one)"),
            "(let* [case__1__auto__ x] (if (batuta.core/= case__1__auto__ 1) :one "
            "(batuta.core/%case-fallthrough case__1__auto__)))");
  EXPECT_EQ(expand("(case x :only-default)"), "(let* [case__1__auto__ x] :only-default)");
}

TEST_F(ControlMacros, CaseErrors) {
  EXPECT_EQ(expand("(case)"), "error: test.ba:1:1: case requires an expression to test");
  EXPECT_EQ(expand("(case x 1 :a (2 1) :b)"), "error: test.ba:1:1: Duplicate case test constant: 1");
  EXPECT_EQ(expand("(case x () :a)"), "error: test.ba:1:1: case: an empty list of alternatives matches nothing");
}

TEST_F(ControlMacros, CommentWhileDotoTime) {
  EXPECT_EQ(expand("(comment (launch missiles) 1 2)"), "nil");
  EXPECT_EQ(expand("(while (p) (f) (g))"), "(loop* [] (if (p) (do (f) (g) (recur)) nil))");
  EXPECT_EQ(expand("(doto (m) (f 1) g)"),
            "(let* [doto__1__auto__ (m)] (f doto__1__auto__ 1) (g doto__1__auto__) doto__1__auto__)");
  EXPECT_EQ(expand("(time (f))"),
            "(let* [start__1__auto__ (batuta.core/nano-time) ret__2__auto__ (f)] (batuta.core/println "
            "(batuta.core/str \"Elapsed time: \" (batuta.core// (batuta.core/- (batuta.core/nano-time) "
            "start__1__auto__) 1000000.0) \" msecs\")) ret__2__auto__)");
  EXPECT_EQ(expand("(time)"), "error: test.ba:1:1: time requires exactly one expression");
}

TEST_F(ThreadingMacros, ThreadFirstAndLast) {
  EXPECT_EQ(expand("(-> x (f a) g)"), "(g (f x a))");
  EXPECT_EQ(expand("(->> x (f a) g)"), "(g (f a x))");
  EXPECT_EQ(expand("(-> x)"), "x");
  EXPECT_EQ(expand("(->> xs (map inc) (filter odd?) (reduce +))"), "(reduce + (filter odd? (map inc xs)))");
  EXPECT_EQ(expand("(->)"), "error: test.ba:1:1: -> requires an initial value");
}

TEST_F(ThreadingMacros, ThreadedStepKeepsTheStagePosition) {
  expand("(-> x\n    (f a))");
  const SourcePos* p = cx_.position_of(last_expansion_);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->line, 2u);
  EXPECT_EQ(p->column, 5u);
}

TEST_F(ThreadingMacros, AsSomeCond) {
  EXPECT_EQ(expand("(as-> 1 v (inc v) (* v 2))"), "(let* [v 1 v (inc v) v (* v 2)] v)");
  EXPECT_EQ(expand("(some-> m :a inc)"),
            "(let* [some__1__auto__ m some__1__auto__ (if (batuta.core/nil? some__1__auto__) nil (:a "
            "some__1__auto__)) some__1__auto__ (if (batuta.core/nil? some__1__auto__) nil (inc some__1__auto__))] "
            "some__1__auto__)");
  EXPECT_EQ(expand("(some->> xs (map f))"),
            "(let* [some__1__auto__ xs some__1__auto__ (if (batuta.core/nil? some__1__auto__) nil (map f "
            "some__1__auto__))] some__1__auto__)");
  EXPECT_EQ(expand("(cond-> 1 true inc (odd? 2) (* 3))"),
            "(let* [cond__1__auto__ 1 cond__1__auto__ (if true (inc cond__1__auto__) cond__1__auto__) "
            "cond__1__auto__ (if (odd? 2) (* cond__1__auto__ 3) cond__1__auto__)] cond__1__auto__)");
  EXPECT_EQ(expand("(cond->> 1 (odd? 2) (* 3))"),
            "(let* [cond__1__auto__ 1 cond__1__auto__ (if (odd? 2) (* 3 cond__1__auto__) cond__1__auto__)] "
            "cond__1__auto__)");
  EXPECT_EQ(expand("(cond-> 1 true)"),
            "error: test.ba:1:1: cond-> requires an even number of forms after the value");
}

TEST_F(ThreadingMacros, PipelineThreadsLast) {
  EXPECT_EQ(expand("(x |> f a |> g)"), "(g (f a x))");
  EXPECT_EQ(expand("(data |> (map f) |> count)"), "(count (map f data))");
  EXPECT_EQ(expand("(data |> map f |> filter p)"), "(filter p (map f data))");
  EXPECT_EQ(expand("(f a |> g)"), "(g (f a))");
  EXPECT_EQ(expand("(m |> :name)"), "(:name m)");
}

TEST_F(ThreadingMacros, PipelineErrors) {
  EXPECT_EQ(expand("(|> f)"), "error: test.ba:1:1: |> needs a value before it");
  EXPECT_EQ(expand("  (x |> f |>)"), "error: test.ba:1:3: |> needs a stage after it");
  EXPECT_EQ(expand("(x |> |> f)"), "error: test.ba:1:1: |> needs a stage between two |>");
}

TEST_F(ThreadingMacros, PipelineDetection) {
  EXPECT_TRUE(has_pipeline_operator(read("(x |> f)")));
  EXPECT_FALSE(has_pipeline_operator(read("(x (|> f))")));
  EXPECT_FALSE(has_pipeline_operator(read("[x |> f]")));
  EXPECT_FALSE(has_pipeline_operator(read("(a/|> f)")));
}

TEST_F(DefinitionMacros, Defn) {
  EXPECT_EQ(expand("(defn f \"doc\" [a b] (+ a b))"),
            "(def* f {:doc \"doc\" :arglists (quote ([a b]))} (fn* f [a b] (+ a b)))");
  EXPECT_EQ(expand("(defn f ([a] a) ([a & r] r))"),
            "(def* f {:arglists (quote ([a] [a & r]))} (fn* f ([a] a) ([a & r] r)))");
  EXPECT_EQ(expand("(defn f {:added \"1.0\"} [x] x)"),
            "(def* f {:arglists (quote ([x])) :added \"1.0\"} (fn* f [x] x))");
  EXPECT_EQ(expand("(defn f \"just a docstring\")"),
            "error: test.ba:1:1: defn: parameter vector expected, got \"just a docstring\"");
}

TEST_F(DefinitionMacros, DefnDestructuresButKeepsTheArglistAsWritten) {
  EXPECT_EQ(expand("(defn f [[a b]] a)"),
            "(def* f {:arglists (quote ([[a b]]))} (fn* f [p__1__auto__] (let* [vec__2__auto__ p__1__auto__ a "
            "(batuta.core/nth vec__2__auto__ 0 nil) b (batuta.core/nth vec__2__auto__ 1 nil)] a)))");
}

TEST_F(DefinitionMacros, DefnPrivateAndDefmacro) {
  EXPECT_EQ(expand("(defn- g [] 1)"), "(def* g {:arglists (quote ([])) :private true} (fn* g [] 1))");
  EXPECT_EQ(expand("(defmacro unless [c & body] (list 'if c nil (cons 'do body)))"),
            "(def* unless {:arglists (quote ([c & body])) :macro true} (fn* unless [c & body] (list (quote if) c "
            "nil (cons (quote do) body))))");
}

TEST_F(DefinitionMacros, DefnErrors) {
  EXPECT_EQ(expand("(defn 5 [x] x)"), "error: test.ba:1:1: defn requires a name (a plain symbol), got 5");
  EXPECT_EQ(expand("(defn)"), "error: test.ba:1:1: defn requires a name (a plain symbol), got nothing");
  EXPECT_EQ(expand("(defn f)"), "error: test.ba:1:1: defn: parameter vector expected, got nothing");
  EXPECT_EQ(expand("(defn f x)"), "error: test.ba:1:1: defn: parameter vector expected, got x");
  EXPECT_EQ(expand("(defmacro m ([a] a) (b))"), "error: test.ba:1:21: defmacro: parameter vector expected, got b");
}

TEST_F(DefinitionMacros, DefonceDeclareDefine) {
  EXPECT_EQ(expand("(defonce x (f))"), "(do (def x) (if (batuta.core/bound? (var x)) nil (def x (f))))");
  EXPECT_EQ(expand("(defonce x)"),
            "error: test.ba:1:1: defonce requires a name (a plain symbol) and an initial value");
  EXPECT_EQ(expand("(declare a b)"), "(do (def a) (def b))");
  EXPECT_EQ(expand("(declare a 1)"), "error: test.ba:1:1: declare expects plain symbols, got 1");
  EXPECT_EQ(expand("(define sq (x) (* x x))"), "(def* sq {:arglists (quote ([x]))} (fn* sq [x] (* x x)))");
  EXPECT_EQ(expand("(define x 1)"), "(def x 1)");
}

}  // namespace
}  // namespace batuta::test
