// expansion_semantics_test.cpp: what the expansions do when run (by the
// small evaluator of expansion_eval.h): destructuring picks the right
// values, branches choose right, and `for` is lazy with a constant
// evaluation depth per element.
#include <gtest/gtest.h>

#include "expansion_eval.h"
#include "macro_test_util.h"

namespace batuta::test {
namespace {

class ExpansionSemantics : public MacroTest {
 protected:
  // Runs src; a sequence result is realised into a vector.
  std::string run(std::string_view src) {
    Value form = read(src);
    try {
      Value v = eval_.eval_top(form);
      if (is_tuple(v) || is_list(v)) v = eval_.realise(v);
      return pr_str(v);
    } catch (const EvalFailure& e) {
      return std::string("failure: ") + e.what();
    }
  }
  ExpansionEval eval_{cx_};
};

TEST_F(ExpansionSemantics, Destructuring) {
  EXPECT_EQ(run("(let [[a b & r :as all] [1 2 3 4]] [a b r all])"), "[1 2 (3 4) [1 2 3 4]]");
  EXPECT_EQ(run("(let [[a [b c]] [1 [2 3]]] [a b c])"), "[1 2 3]");
  EXPECT_EQ(run("(let [[a b c] [1]] [a b c])"), "[1 nil nil]");
  EXPECT_EQ(run("(let [{:keys [a b] :or {b 9} :as m} {:a 1}] [a b m])"), "[1 9 {:a 1}]");
  EXPECT_EQ(run("(let [{x :x [p q] :pair} {:x 1 :pair [2 3]}] [x p q])"), "[1 2 3]");
  EXPECT_EQ(run("(let [{:strs [s] :syms [y]} {\"s\" 1 'y 2}] [s y])"), "[1 2]");
  EXPECT_EQ(run("(let [[a & {:keys [k]}] [1 :k 2]] [a k])"), "[1 2]");
}

TEST_F(ExpansionSemantics, FnAndLoopDestructuring) {
  EXPECT_EQ(run("((fn [[a b] {:keys [c]}] [a b c]) [1 2] {:c 3})"), "[1 2 3]");
  EXPECT_EQ(run("((fn [& {:keys [a b]}] [a b]) :b 2 :a 1)"), "[1 2]");
  EXPECT_EQ(run("(loop [[x & more] [1 2 3] acc 0] (if x (recur more (+ acc x)) acc))"), "6");
  EXPECT_EQ(run("((fn f ([x] (f x 10)) ([x y] (+ x y))) 1)"), "11");
}

TEST_F(ExpansionSemantics, Branching) {
  EXPECT_EQ(run("(let [n 5] (cond (= n 0) -> :zero (< n 0) -> :neg :else -> :pos))"), ":pos");
  EXPECT_EQ(run("(cond false 1)"), "nil");
  EXPECT_EQ(run("(case 3 1 :one (2 3) :few :many)"), ":few");
  EXPECT_EQ(run("(case 'b a :a b :b)"), ":b");
  EXPECT_EQ(run("(case [1 2] [1 2] :pair :other)"), ":pair");
  EXPECT_EQ(run("(case 7 1 :one)"), "failure: no matching clause for value: 7");
  EXPECT_EQ(run("(condp = 2 1 :a 2 :b)"), ":b");
  EXPECT_EQ(run("(and 1 nil 2)"), "nil");
  EXPECT_EQ(run("(or nil false 3)"), "3");
  EXPECT_EQ(run("(if-let [[a] [5]] a :none)"), "5");
  EXPECT_EQ(run("(if-some [x false] [x] :none)"), "[false]");
  EXPECT_EQ(run("(when-first [x []] :never)"), "nil");
}

TEST_F(ExpansionSemantics, Threading) {
  EXPECT_EQ(run("(-> 1 inc (* 10))"), "20");
  EXPECT_EQ(run("(->> 1 inc (- 10))"), "8");
  EXPECT_EQ(run("(some-> {:a nil} :a inc)"), "nil");
  EXPECT_EQ(run("(cond-> 1 true inc false (* 100))"), "2");
  EXPECT_EQ(run("(as-> 2 x (* x x) (+ x 1))"), "5");
}

TEST_F(ExpansionSemantics, ForModifiersAndNesting) {
  EXPECT_EQ(run("(for [x (range 10) :when (odd? x)] x)"), "[1 3 5 7 9]");
  EXPECT_EQ(run("(for [x (range 10) :while (< x 3)] x)"), "[0 1 2]");
  EXPECT_EQ(run("(for [x (range 3) :let [y (* x x)]] y)"), "[0 1 4]");
}

TEST_F(ExpansionSemantics, ForNested) {
  EXPECT_EQ(run("(for [x (range 3) y (range x)] [x y])"), "[[1 0] [2 0] [2 1]]");
  EXPECT_EQ(run("(for [x (range 4) y (range 4) :while (< y x)] [x y])"),
            "[[1 0] [2 0] [2 1] [3 0] [3 1] [3 2]]");
}

TEST_F(ExpansionSemantics, ForDestructuresAndHandlesEmptyInput) {
  EXPECT_EQ(run("(for [[a b] [[1 2] [3 4]]] (+ a b))"), "[3 7]");
  EXPECT_EQ(run("(for [x []] x)"), "[]");
}

TEST_F(ExpansionSemantics, ForIsLazyOnAnInfiniteRange) {
  EXPECT_EQ(run("(take 3 (for [x (range)] (* x x)))"), "[0 1 4]");
  EXPECT_EQ(run("(take 2 (for [x (range) :when (odd? x) y (range x)] [x y]))"), "[[1 0] [3 0]]");
}

// Realising a `for` element by element needs the same evaluation depth for
// 10 elements as for 20,000, including long runs skipped by :when and many
// empty inner sequences in a row: no step recurses over the input.
TEST_F(ExpansionSemantics, ForNeedsConstantDepthPerElement) {
  auto depth_of = [&](std::string_view src, std::string_view expected) {
    ExpansionEval fresh(cx_);
    Value v = fresh.eval_top(read(src));
    EXPECT_EQ(pr_str(fresh.realise(v)).substr(0, expected.size()), expected) << src;
    return fresh.max_depth();
  };
  EXPECT_EQ(depth_of("(for [x (range 10)] x)", "[0 1"), depth_of("(for [x (range 20000)] x)", "[0 1"));
  EXPECT_EQ(depth_of("(for [x (range 10) :when (= x 9)] x)", "[9]"),
            depth_of("(for [x (range 20000) :when (= x 19999)] x)", "[19999]"));
  EXPECT_EQ(depth_of("(for [x (range 10) y (range (- x 8))] y)", "[0]"),
            depth_of("(for [x (range 20000) y (range (- x 19998))] y)", "[0]"));
}

TEST_F(ExpansionSemantics, DoseqAndDotimesRunEagerly) {
  // No side effects in the evaluator: check the loops finish and return nil.
  EXPECT_EQ(run("(doseq [x (range 5) :when (odd? x) y [x]] y)"), "nil");
  EXPECT_EQ(run("(dotimes [i 5] i)"), "nil");
  EXPECT_EQ(run("(while false 1)"), "nil");
}

}  // namespace
}  // namespace batuta::test
