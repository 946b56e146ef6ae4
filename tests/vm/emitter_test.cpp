// Tests of the bytecode the emitter makes for calls and loops, through
// the whole compiler: what it emits (disassembled) and that it runs right.
#include <gtest/gtest.h>

#include <string>
#include <vector>

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

// A recursive CallVar whose var holds the running closure takes the
// callee's proto from the running frame (interpreter.cpp,
// calls_running_closure). These are the cases where that shortcut must not
// apply or must see a change.
TEST(VmEmitter, RecursiveCallsSeeOverloadsOtherClosuresAndRedefinitions) {
  ASSERT_TRUE(boot().ok());
  Session session;
  // Each arity calls the other (and the primary itself): a frame running
  // the 2-arity overload never shortcuts to its own proto for a 1-arg call.
  EXPECT_EQ(eval(session, "(defn mix ([n] (if (< n 1) 0 (+ 1 (mix (- n 1) 0))))\n"
                          "         ([n k] (if (< n 1) k (+ (mix (- n 1)) 10))))\n"
                          "[(mix 0) (mix 2) (mix 100) (mix 101) (mix 3 5)]"),
            "[0 11 550 551 21]");
  // Two closures of one proto: only the one the var holds is "self".
  EXPECT_EQ(eval(session, "(declare counter)\n"
                          "(defn make-counter [step] (fn [n] (if (< n 1) 0 (+ step (counter (- n 1))))))\n"
                          "(def counter (make-counter 1))\n"
                          "(def big (make-counter 100))\n"
                          "[(big 3) (counter 3)]"),
            "[102 3]");
  // Redefined while it recurses: the next recursive call runs the new one.
  EXPECT_EQ(eval(session, "(defn phase [n]\n"
                          "  (if (< n 1) :bottom\n"
                          "      (do (when (= n 3) (def phase (fn [m] [:new m])))\n"
                          "          [n (phase (- n 1))])))\n"
                          "(phase 5)"),
            "[5 [4 [3 [:new 2]]]]");
  // The same in tail position (TailCallVar), where the frame is reused.
  EXPECT_EQ(eval(session, "(defn spin [n]\n"
                          "  (if (< n 1) :bottom\n"
                          "      (do (when (= n 2) (def spin (fn [m] [:new m])))\n"
                          "          (spin (- n 1)))))\n"
                          "(spin 4)"),
            "[:new 1]");
  // A wrong arity on a recursive call, in tail position or not, fails with
  // the arity error at that call.
  EXPECT_EQ(eval(session, "(defn one [n] (if (< n 1) (one) n))\n(one 0)"),
            "ERROR: panic: wrong number of arguments (0) passed to one; it takes 1\n"
            "  at one (t.ba:1:27)");
  EXPECT_EQ(eval(session, "(defn two [n] (if (< n 1) [(two)] n))\n(two 0)"),
            "ERROR: panic: wrong number of arguments (0) passed to two; it takes 1\n"
            "  at two (t.ba:1:28)");
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

// Locals clearing before a tail loop nils the dead registers in register
// order: the bytecode of a source is the same in every process (it once
// followed a hash map of the locals' addresses, and a compiled program's
// function then missed its native code, which is keyed by bytecode).
TEST(VmEmitter, TailLoopClearsDeadRegistersInRegisterOrder) {
  ASSERT_TRUE(boot().ok());
  Session session;
  EXPECT_EQ(eval(session, "(defn clears [a b c d] (let [x (+ a b) y (+ c d) z (* x y)]\n"
                          "  (loop [i 0] (if (< i 3) (recur (inc i)) i))))\n"
                          "(clears 1 2 3 4)"),
            "3");
  std::string code = code_of(session, "clears");
  std::vector<int> cleared;
  for (size_t at = code.find("LoadNil"); at != std::string::npos; at = code.find("LoadNil", at + 1))
    cleared.push_back(std::stoi(code.substr(at + 7)));
  EXPECT_EQ(cleared, (std::vector<int>{0, 1, 2, 3, 4, 5, 6})) << code;
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
