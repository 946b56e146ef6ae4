// Tests of CallVar and TailCallVar (a call of the function a var holds, the
// way compiled code calls a defn), and of the call fast path's edges: the
// exact arity, overloads, the depth limit, and the constant checks of the
// numeric instructions with a constant operand.
#include <gtest/gtest.h>

#include "core/string.h"
#include "vm_test_util.h"

namespace batuta {
namespace {

using vm_test::fn_of;
using vm_test::I;
using vm_test::proto_of;
using vm_test::run_to_string;
using vm_test::test_var;

// f(x) = x <op> x
Value self_op(const char* name, Op op) {
  Assembler a(name, "test.ba", 1);
  if (op == Op::Mul) a.mul(0, 0, 0);
  if (op == Op::Add) a.add(0, 0, 0);
  a.ret(0);
  return fn_of(a);
}

// caller(a) = (var a) + 1, through CallVar at test.ba:2:9.
Value caller_of(Var* var) {
  Assembler c("caller", "test.ba", 1);
  c.at(2, 9);
  c.move(2, 0);
  c.call_var(1, 1, var);
  c.op_k(Op::AddK, 0, 1, static_cast<uint8_t>(c.constant(I(1))));
  c.ret(0);
  return fn_of(c);
}

TEST(VmCallVar, CallsTheVarsCurrentFunction) {
  Var* v = test_var("call-var-square");
  var_set(v, self_op("square", Op::Mul));
  Value caller = caller_of(v);
  EXPECT_EQ(run_to_string(caller, {I(7)}), "50");
  // Redefining the var changes the callee of the compiled caller at once.
  var_set(v, self_op("double", Op::Add));
  EXPECT_EQ(run_to_string(caller, {I(7)}), "15");
}

TEST(VmCallVar, CallsNativesAndFailsOnValuesThatAreNotFunctions) {
  Var* v = test_var("call-var-other");
  var_set(v, make_native("inc-native", Arity{1, 1, false},
                         [](VmContext&, std::span<const Value> args) -> Result<Value> {
                           return make_integer(args[0].as_fixnum() + 1);
                         }));
  Value caller = caller_of(v);
  EXPECT_EQ(run_to_string(caller, {I(7)}), "9");
  var_set(v, I(42));
  EXPECT_EQ(run_to_string(caller, {I(7)}),
            "ERROR: can't call 42 (an integer): it is not a function\n  at caller (test.ba:2:9)");
}

TEST(VmCallVar, UnboundVarNamesTheVarAndTheCall) {
  Value caller = caller_of(test_var("call-var-never-bound"));
  EXPECT_EQ(run_to_string(caller, {I(7)}),
            "ERROR: unbound var: vm.test/call-var-never-bound\n  at caller (test.ba:2:9)");
}

TEST(VmCallVar, ArityErrorsAndOverloadsThroughTheVar) {
  // f: arities 1 (x * x) and 2 (x + y); the call with 2 leaves the fast path.
  Assembler one("f", "test.ba", 1);
  one.mul(0, 0, 0);
  one.ret(0);
  Assembler two("f", "test.ba", 2);
  two.add(0, 0, 1);
  two.ret(0);
  Value primary = proto_of(one);
  object_as<Proto>(primary)->overloads.push_back(proto_of(two));
  Var* v = test_var("call-var-overloaded");
  var_set(v, make_closure(primary, {}));

  Assembler c("caller", "test.ba", 2);
  c.at(5, 1);
  c.move(3, 0);
  c.move(4, 1);
  c.call_var(2, 2, v);  // f(a, b)
  c.move(4, 0);
  c.call_var(3, 1, v);  // f(a)
  c.add(0, 2, 3);
  c.ret(0);
  EXPECT_EQ(run_to_string(fn_of(c), {I(3), I(4)}), "16");

  Assembler bad("bad", "test.ba", 0);
  bad.at(6, 2);
  bad.call_var(0, 0, v);
  bad.ret(0);
  EXPECT_EQ(run_to_string(fn_of(bad)),
            "ERROR: wrong number of arguments (0) passed to f; it takes 1 or 2\n  at bad (test.ba:6:2)");
}

TEST(VmCallVar, LoadSelfIsTheRunningClosure) {
  // The slot below a CallVar callee's registers holds no closure: LoadSelf
  // must still give the closure itself.
  Var* v = test_var("call-var-self");
  Assembler self("self", "test.ba", 0);
  self.load_self(0);
  self.ret(0);
  Value fn = fn_of(self);
  var_set(v, fn);
  Assembler c("caller", "test.ba", 0);
  c.call_var(0, 0, v);
  c.ret(0);
  Fiber fiber(fn_of(c), {});
  ASSERT_EQ(run(fiber), FiberStatus::Done);
  EXPECT_TRUE(fiber.result().identical(fn));
}

// even?(n) = n == 0 ? true : odd?(n - 1), through TailCallVar.
TEST(VmCallVar, TailCallVarRunsInConstantMemory) {
  Var* even = test_var("tcv-even?");
  Var* odd = test_var("tcv-odd?");
  for (int which = 0; which < 2; ++which) {
    Assembler a(which == 0 ? "even?" : "odd?", "test.ba", 1);
    auto recurse = a.new_label();
    a.load_k(1, I(0));
    a.eq(2, 0, 1);
    a.jmp_if_not(2, recurse);
    a.load_bool(1, which == 0);
    a.ret(1);
    a.bind(recurse);
    a.op_k(Op::SubK, 2, 0, static_cast<uint8_t>(a.constant(I(1))));
    a.tail_call_var(1, 1, which == 0 ? odd : even);
    var_set(which == 0 ? even : odd, fn_of(a));
  }
  Value even_fn;
  ASSERT_TRUE(var_get(even, even_fn));
  Fiber fiber(even_fn, std::vector<Value>{I(1'000'001)}, FiberOptions{.max_depth = 4});
  ASSERT_EQ(run(fiber), FiberStatus::Done) << fiber.error().to_string();
  EXPECT_EQ(pr_str(fiber.result()), "false");
  EXPECT_EQ(fiber.stack_capacity(), 256u);
}

// down(n) = n == 0 ? 0 : down(n - 1) + 1 needs n + 1 frames.
TEST(VmCallVar, DepthLimitIsExact) {
  Var* v = test_var("call-var-down");
  Assembler a("down", "test.ba", 1);
  auto done = a.new_label();
  a.op_k(Op::TestGtK, 1, 0, static_cast<uint8_t>(a.constant(I(0))));
  a.jmp(done);
  a.op_k(Op::SubK, 2, 0, static_cast<uint8_t>(a.constant(I(1))));
  a.call_var(1, 1, v);
  a.op_k(Op::AddK, 0, 1, static_cast<uint8_t>(a.constant(I(1))));
  a.bind(done);
  a.ret(0);
  Value down = fn_of(a);
  var_set(v, down);
  for (size_t limit : {1, 2, 3, 10, 100}) {
    EXPECT_EQ(run_to_string(down, {I(static_cast<int64_t>(limit) - 1)}, FiberOptions{.max_depth = limit}),
              std::to_string(limit - 1));
    std::string overflow =
        run_to_string(down, {I(static_cast<int64_t>(limit))}, FiberOptions{.max_depth = limit});
    EXPECT_EQ(overflow.substr(0, overflow.find('\n')), "ERROR: stack overflow") << limit;
  }
}

TEST(VmCallVar, NumericConstantOperandsMustBeIntegers) {
  for (Op op : {Op::AddK, Op::SubK, Op::LtK, Op::TestGeK}) {
    Assembler a("f", "test.ba", 1);
    auto next = a.new_label();
    a.op_k(op, 0, 0, static_cast<uint8_t>(a.constant(Value::from_double(1.5))));
    if (op == Op::TestGeK) a.jmp(next);
    a.bind(next);
    a.ret(0);
    Result<Value> r = a.finish();
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, std::string("assembler: ") + op_name(op) + " in f needs an integer constant");
  }
  // Other operands of these instructions still take the general path.
  Assembler a("f", "test.ba", 1);
  a.op_k(Op::AddK, 0, 0, static_cast<uint8_t>(a.constant(I(1))));
  a.ret(0);
  Value f = fn_of(a);
  EXPECT_EQ(run_to_string(f, {Value::from_double(0.5)}), "1.5");
  EXPECT_EQ(run_to_string(f, {I(Value::kFixnumMax)}), "562949953421312");
  EXPECT_EQ(run_to_string(f, {make_string_from_utf8("a")}).substr(0, 31), "ERROR: +: expected a number, go");
}

}  // namespace
}  // namespace batuta
