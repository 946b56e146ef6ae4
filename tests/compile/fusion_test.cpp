// Tests of pipeline fusion (compile/fuse_sequences.h) through the whole
// compiler: the code a pipeline under reduce compiles to, and what stays a
// call. What the loops compute is checked by tests/lang/fusion_*.ba.
#include <gtest/gtest.h>

#include <string>

#include "core/name.h"
#include "core/printer.h"
#include "lib/eval.h"
#include "vm/function.h"
#include "vm/opcodes.h"
#include "vm/var.h"

namespace batuta {
namespace {

class Fusion : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(boot().ok()); }

  // Defines `src` (a defn of `name`) and returns its disassembly, with the
  // code of the functions nested in it.
  std::string code_of(const std::string& src, const char* name) {
    EvalError error;
    auto r = session_.eval_source(src, "f.ba", &error);
    if (!r.ok()) return "ERROR: " + error.report;
    Var* var = find_var(session_.current_namespace(), symbol(name));
    Value fn;
    if (var == nullptr || !var_get(var, fn) || !is_closure(fn)) return "no function";
    return disassemble(*object_as<const Closure>(fn)->proto());
  }

  std::string eval(const std::string& src) {
    EvalError error;
    auto r = session_.eval_source(src, "f.ba", &error);
    return r.ok() ? pr_str(r.value()) : "ERROR: " + error.report;
  }

  static size_t count(const std::string& text, const std::string& what) {
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
  }

  Session session_;
};

// The opcodes of a disassembly, in order (no positions, no registers).
std::string ops_of(const std::string& code) {
  std::string out;
  size_t line = code.find('\n');
  while (line != std::string::npos && line + 1 < code.size()) {
    size_t next = code.find('\n', line + 1);
    std::string text = code.substr(line + 1, next - line - 1);
    if (text.size() > 15) out += text.substr(15, text.find(' ', 15) - 15) + " ";
    line = next;
  }
  return out;
}

TEST_F(Fusion, BenchmarkPipelineIsOneLoopWithoutCalls) {
  std::string code = code_of(
      "(defn pipeline-sum [] (reduce + 0 (filter even? (map (fn [x] (* 3 x)) (range 10000000)))))", "pipeline-sum");
  // One loop: the test of the range, (* 3 x), even?, the addition and the
  // counter's step, with no call, no closure and no lazy sequence.
  EXPECT_EQ(count(code, "Call"), 0u) << code;
  EXPECT_EQ(count(code, "Closure"), 0u) << code;
  EXPECT_EQ(count(code, "TestLtK"), 1u) << code;
  EXPECT_EQ(count(code, "MulK"), 1u) << code;
  EXPECT_EQ(count(code, "TestEven"), 1u) << code;
  EXPECT_EQ(count(code, "Add "), 1u) << code;
  EXPECT_EQ(count(code, "Move"), 1u) << code;  // init into the accumulator, before the loop
  EXPECT_EQ(eval("(pipeline-sum)"), "74999985000000");
}

TEST_F(Fusion, ThreadingGivesTheSameLoop) {
  std::string nested = code_of("(defn nested [v] (reduce + 0 (filter odd? (map inc v))))", "nested");
  std::string threaded = code_of("(defn threaded [v] (->> v (map inc) (filter odd?) (reduce + 0)))", "threaded");
  EXPECT_EQ(ops_of(nested), ops_of(threaded));
  EXPECT_EQ(count(nested, "Closure"), 0u) << nested;
  EXPECT_EQ(count(nested, "#'batuta.core/map"), 0u) << nested;
  EXPECT_EQ(count(nested, "#'batuta.core/reduce"), 0u) << nested;
  // One loop per kind of source: a vector by index, a range by range-spec, any other by seq.
  EXPECT_EQ(count(nested, "#'batuta.core/vector?"), 1u) << nested;
  EXPECT_EQ(count(nested, "#'batuta.core/range-spec"), 1u) << nested;
  EXPECT_EQ(count(nested, "#'batuta.core/seq"), 1u) << nested;
  EXPECT_EQ(eval("[(nested [1 2 3 4]) (threaded '(1 2 3 4)) (nested (range 5))]"), "[8 8 9]");
}

TEST_F(Fusion, ReducedIsTestedOnlyWhenTheFunctionMayReturnIt) {
  std::string plus = code_of("(defn plus-sum [n] (reduce + 0 (map inc (range n))))", "plus-sum");
  std::string user = code_of("(defn user-sum [n] (reduce (fn [a x] (if (> a 5) (reduced a) (+ a x))) 0 (map inc (range n))))",
                             "user-sum");
  EXPECT_EQ(count(plus, "TestTuple"), 0u) << plus;
  EXPECT_EQ(count(user, "TestTuple"), 2u) << user;  // once per loop: by range-spec, by seq
  EXPECT_EQ(eval("[(plus-sum 4) (user-sum 100)]"), "[10 6]");
}

TEST_F(Fusion, OnlyCoreFunctionsAreFused) {
  std::string plain = code_of("(defn plain [v] (reduce + 0 v))", "plain");
  EXPECT_NE(plain.find("#'batuta.core/reduce"), std::string::npos) << plain;
  std::string local = code_of("(defn local-map [v] (let [map (fn [f c] c)] (reduce + 0 (map inc v))))", "local-map");
  EXPECT_NE(local.find("#'batuta.core/reduce"), std::string::npos) << local;
  eval("(defn keep [f coll] (batuta.core/filter f coll))");
  std::string user = code_of("(defn user-keep [v] (reduce + 0 (keep odd? v)))", "user-keep");
  EXPECT_NE(user.find("#'user/keep"), std::string::npos) << user;
  EXPECT_NE(user.find("#'batuta.core/reduce"), std::string::npos) << user;
  EXPECT_EQ(eval("[(plain [1 2]) (local-map [1 2]) (user-keep [1 2 3])]"), "[3 3 4]");
}

TEST_F(Fusion, LiteralStagesRunInPlace) {
  // The element and the accumulator are the fns' own parameters: no copy.
  std::string code = code_of("(defn weighted [k n] (reduce (fn [acc x] (+ acc (* x k))) 0 (range n)))", "weighted");
  EXPECT_EQ(count(code, "Call "), 0u) << code;
  EXPECT_EQ(count(code, "Closure"), 0u) << code;
  // The loop over a range made at run time calls only what reads the
  // range's bounds or walks a seq (when range-spec says no).
  std::string known = " range range-spec nth seq first rest ";
  for (size_t at = code.find("#'batuta.core/"); at != std::string::npos; at = code.find("#'batuta.core/", at + 1)) {
    size_t from = at + 14;
    std::string name = code.substr(from, code.find('\n', from) - from);
    EXPECT_NE(known.find(" " + name + " "), std::string::npos) << name;
  }
  EXPECT_EQ(count(code, "Mul "), 2u) << code;  // (* x k), in each loop
  // Its value is core arithmetic, never a reduced value: no test for one.
  EXPECT_EQ(count(code, "TestTuple"), 0u) << code;
  EXPECT_EQ(eval("(weighted 3 10)"), "135");
}

}  // namespace
}  // namespace batuta
