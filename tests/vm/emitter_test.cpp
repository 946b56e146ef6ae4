// Tests of the bytecode the emitter makes for calls and loops, through
// the whole compiler: what it emits (disassembled) and that it runs right.
#include <gtest/gtest.h>

#include "core/printer.h"
#include "lib/eval.h"
#include "vm_test_util.h"

namespace batuta {
namespace {

// The value of the last form of src, printed, or "ERROR: " and the report.
std::string eval(Session& session, const std::string& src) {
  EvalError error;
  auto r = session.eval_source(src, "t.ba", &error);
  return r.ok() ? pr_str(r.value()) : "ERROR: " + error.report;
}

// The disassembly of the function the var `name` of the session holds.
std::string code_of(Session& session, const char* name) {
  Var* var = find_var(session.current_namespace(), symbol(name));
  Value fn;
  if (var == nullptr || !var_get(var, fn) || !is_closure(fn)) return "no function " + std::string(name);
  return disassemble(*object_as<const Closure>(fn)->proto());
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(VmEmitter, CallsOfDefnsUseCallVar) {
  ASSERT_TRUE(boot().ok());
  Session session;
  EvalError error;
  auto r = session.eval_source(
      "(defn call-var-fib [n] (if (< n 2) n (+ (call-var-fib (- n 1)) (call-var-fib (- n 2)))))\n"
      "(defn call-var-loop [n] (if (= n 0) :done (call-var-loop (- n 1))))\n"
      "[(call-var-fib 20) (call-var-loop 100000)]",
      "t.ba", &error);
  ASSERT_TRUE(r.ok()) << error.report;
  EXPECT_EQ(pr_str(r.value()), "[6765 :done]");
  Var* fib = find_var(session.current_namespace(), symbol("call-var-fib"));
  Var* loop = find_var(session.current_namespace(), symbol("call-var-loop"));
  ASSERT_NE(fib, nullptr);
  ASSERT_NE(loop, nullptr);
  Value fib_fn, loop_fn;
  ASSERT_TRUE(var_get(fib, fib_fn));
  ASSERT_TRUE(var_get(loop, loop_fn));
  std::string fib_code = disassemble(*object_as<const Closure>(fib_fn)->proto());
  std::string loop_code = disassemble(*object_as<const Closure>(loop_fn)->proto());
  EXPECT_NE(fib_code.find("CallVar   2 1 2      ; #'user/call-var-fib"), std::string::npos) << fib_code;
  EXPECT_EQ(fib_code.find("GetVar"), std::string::npos) << fib_code;
  EXPECT_NE(loop_code.find("TailCallVar"), std::string::npos) << loop_code;
}

TEST(VmEmitter, RecurComputesInPlaceWhatNothingLaterReads) {
  ASSERT_TRUE(boot().ok());
  Session session;
  // acc' = i - acc is computed into acc's register (nothing after reads
  // acc); i' = i + 1 needs a temporary (acc' reads i).
  EXPECT_EQ(eval(session, "(defn alt [n] (loop [i 0 acc 0] (if (< i n) (recur (inc i) (- i acc)) acc)))\n"
                          "(alt 1001)"),
            "500");
  std::string alt = code_of(session, "alt");
  EXPECT_EQ(count(alt, "Move"), 1u) << alt;
  EXPECT_NE(alt.find("Sub       2 1 2"), std::string::npos) << alt;
}

TEST(VmEmitter, RecurKeepsTemporariesWhereTheOldValuesAreRead) {
  ASSERT_TRUE(boot().ok());
  Session session;
  // Each argument below reads a binding a later one (or itself, through a
  // call window) also needs: the results show the old values were used.
  EXPECT_EQ(eval(session, "(loop [a 1 b 2 n 3] (if (pos? n) (recur b a (dec n)) [a b]))"), "[2 1]");
  EXPECT_EQ(eval(session, "(loop [a 0 b 1 n 10] (if (pos? n) (recur b (+ a b) (dec n)) a))"), "55");
  EXPECT_EQ(eval(session, "(defn twice [x] (* 2 x))\n"
                          "(loop [x 1 n 5] (if (pos? n) (recur (twice x) (dec n)) x))"),
            "32");
  EXPECT_EQ(eval(session, "(loop [x 1 y 10 n 3] (if (pos? n) (recur (+ x y) (- (twice x) y) (dec n)) [x y]))"),
            "[33 -24]");
  EXPECT_EQ(eval(session, "(loop [v [] n 3] (if (pos? n) (recur (conj v (count v)) (dec n)) v))"), "[0 1 2]");
  EXPECT_EQ(eval(session, "(defn sum-to [n acc] (if (zero? n) acc (recur (dec n) (+ acc n))))\n(sum-to 100 0)"),
            "5050");
}

}  // namespace
}  // namespace batuta
