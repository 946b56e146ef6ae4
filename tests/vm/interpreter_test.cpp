// Tests of the dispatch loop: loads, arithmetic, comparisons, branches,
// calls, closures, recursion and runtime faults with their positions.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "core/equality.h"
#include "core/string.h"
#include "core/vector.h"
#include "fib_program.h"
#include "vm_test_util.h"

namespace batuta {
namespace {

using vm_test::fn_of;
using vm_test::I;
using vm_test::proto_of;
using vm_test::run_to_string;
using vm_test::test_var;
using vm_test::assemble_fib;

// f(a, b) = a <op> b
Value binary(Op op, const char* name = "f") {
  Assembler a(name, "test.ba", 2);
  a.at(3, 5);
  switch (op) {
    case Op::Add: a.add(0, 0, 1); break;
    case Op::Sub: a.sub(0, 0, 1); break;
    case Op::Mul: a.mul(0, 0, 1); break;
    case Op::Lt: a.lt(0, 0, 1); break;
    case Op::Le: a.le(0, 0, 1); break;
    case Op::Eq: a.eq(0, 0, 1); break;
    default: ADD_FAILURE();
  }
  a.ret(0);
  return fn_of(a);
}

TEST(VmInterpreter, LoadsAndMove) {
  Assembler a("f", "test.ba", 0);
  a.load_k(0, Value::fixnum(7));
  a.load_nil(1);
  a.load_bool(2, true);
  a.load_bool(3, false);
  a.load_k(4, make_string_from_utf8("s"));
  a.move(5, 4);
  a.ret(5);
  EXPECT_EQ(run_to_string(fn_of(a)), "\"s\"");
  Assembler b("g", "test.ba", 0);
  b.load_bool(0, false);
  b.ret(0);
  EXPECT_EQ(run_to_string(fn_of(b)), "false");
}

TEST(VmInterpreter, ArithmeticFastAndGeneralPaths) {
  Value add = binary(Op::Add), sub = binary(Op::Sub), mul = binary(Op::Mul);
  EXPECT_EQ(run_to_string(add, {I(1), I(2)}), "3");
  EXPECT_EQ(run_to_string(sub, {I(1), I(2)}), "-1");
  EXPECT_EQ(run_to_string(mul, {I(6), I(7)}), "42");
  // Leaving the fixnum range promotes to a big integer.
  EXPECT_EQ(run_to_string(add, {I(Value::kFixnumMax), I(1)}), "562949953421312");
  EXPECT_EQ(run_to_string(mul, {I(1) , I(0)}), "0");
  EXPECT_EQ(run_to_string(mul, {I(int64_t{1} << 40), I(int64_t{1} << 40)}), "1208925819614629174706176");
  EXPECT_EQ(run_to_string(sub, {I(Value::kFixnumMin), I(1)}), "-562949953421313");
  // Floats and mixed.
  EXPECT_EQ(run_to_string(add, {Value::from_double(1.5), I(1)}), "2.5");
  EXPECT_EQ(run_to_string(mul, {Value::from_double(0.5), Value::from_double(4.0)}), "2.0");
}

TEST(VmInterpreter, ArithmeticFaultHasPositionAndTrace) {
  Value add = binary(Op::Add);
  EXPECT_EQ(run_to_string(add, {I(1), make_string_from_utf8("a")}),
            "ERROR: +: expected a number, got \"a\" (a string)\n  at f (test.ba:3:5)");
  EXPECT_EQ(run_to_string(binary(Op::Sub), {Value(), I(1)}),
            "ERROR: -: expected a number, got nil\n  at f (test.ba:3:5)");
}

// The VM's fast paths and general paths agree with core's arithmetic on
// random operands, concentrated around the fixnum boundaries.
TEST(VmInterpreter, RandomArithmeticAgreesWithCore) {
  uint64_t seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937_64 rng(seed);
  const Op ops[] = {Op::Add, Op::Sub, Op::Mul, Op::Lt, Op::Le, Op::Eq};
  Value fns[6];
  for (int i = 0; i < 6; ++i) fns[i] = binary(ops[i]);
  auto operand = [&]() -> Value {
    switch (rng() % 6) {
      case 0: return I(static_cast<int64_t>(rng() % 2001) - 1000);
      case 1: return I(Value::kFixnumMax - static_cast<int64_t>(rng() % 4));
      case 2: return I(Value::kFixnumMin + static_cast<int64_t>(rng() % 4));
      case 3: return I(static_cast<int64_t>(rng() >> 20) - (int64_t{1} << 43));
      case 4: return make_integer(static_cast<int64_t>(rng()));  // mostly big integers
      default: return Value::from_double(std::ldexp(static_cast<double>(rng() % 1000) - 500, static_cast<int>(rng() % 80)));
    }
  };
  for (int n = 0; n < 100000; ++n) {
    size_t k = rng() % 6;
    Value a = operand(), b = operand();
    Fiber fiber(fns[k], std::vector<Value>{a, b});
    ASSERT_EQ(run(fiber), FiberStatus::Done) << fiber.error().to_string();
    Value expected;
    switch (ops[k]) {
      case Op::Add: expected = add(a, b).value(); break;
      case Op::Sub: expected = subtract(a, b).value(); break;
      case Op::Mul: expected = multiply(a, b).value(); break;
      case Op::Lt: expected = Value::boolean(compare_numbers(a, b) < 0); break;
      case Op::Le: expected = Value::boolean(compare_numbers(a, b) <= 0); break;
      default: expected = Value::boolean(equals(a, b)); break;
    }
    ASSERT_TRUE(equals(fiber.result(), expected))
        << op_name(ops[k]) << " " << pr_str(a) << " " << pr_str(b) << ": got " << pr_str(fiber.result())
        << ", expected " << pr_str(expected);
  }
}

TEST(VmInterpreter, Comparisons) {
  Value lt = binary(Op::Lt), le = binary(Op::Le), eq = binary(Op::Eq);
  EXPECT_EQ(run_to_string(lt, {I(1), I(2)}), "true");
  EXPECT_EQ(run_to_string(lt, {I(2), I(2)}), "false");
  EXPECT_EQ(run_to_string(le, {I(2), I(2)}), "true");
  EXPECT_EQ(run_to_string(le, {I(3), I(2)}), "false");
  EXPECT_EQ(run_to_string(lt, {I(1), Value::from_double(1.5)}), "true");
  EXPECT_EQ(run_to_string(lt, {make_integer(int64_t{1} << 60), I(1)}), "false");
  Value nan = Value::from_double(0.0 / 0.0);
  EXPECT_EQ(run_to_string(lt, {nan, I(1)}), "false");
  EXPECT_EQ(run_to_string(le, {I(1), nan}), "false");
  EXPECT_EQ(run_to_string(lt, {I(1), keyword("k")}),
            "ERROR: <: expected a number, got :k (a keyword)\n  at f (test.ba:3:5)");
  // = is structural: two distinct strings with the same text are equal; 1 and 1.0 are not.
  EXPECT_EQ(run_to_string(eq, {make_string_from_utf8("ab"), make_string_from_utf8("ab")}), "true");
  EXPECT_EQ(run_to_string(eq, {I(1), Value::from_double(1.0)}), "false");
  EXPECT_EQ(run_to_string(eq, {Value(), Value()}), "true");
}

// max(a, b) with a branch both ways.
TEST(VmInterpreter, Branches) {
  Assembler a("max", "test.ba", 2);
  auto else_ = a.new_label();
  a.lt(2, 0, 1);
  a.jmp_if_not(2, else_);
  a.ret(1);
  a.bind(else_);
  a.ret(0);
  Value max = fn_of(a);
  EXPECT_EQ(run_to_string(max, {I(3), I(9)}), "9");
  EXPECT_EQ(run_to_string(max, {I(9), I(3)}), "9");

  // sum 1..n with a backward jump: nil and false are falsey, 0 is truthy.
  Assembler s("sum", "test.ba", 1);
  auto loop = s.new_label(), done = s.new_label();
  s.load_k(1, I(0));   // acc
  s.load_k(2, I(1));   // one
  s.load_k(4, I(0));   // zero
  s.bind(loop);
  s.le(3, 0, 4);       // n <= 0 ?
  s.jmp_if(3, done);
  s.add(1, 1, 0);
  s.sub(0, 0, 2);
  s.jmp(loop);
  s.bind(done);
  s.ret(1);
  EXPECT_EQ(run_to_string(fn_of(s), {I(100000)}), "5000050000");

  Assembler t("truthy", "test.ba", 1);
  auto yes = t.new_label();
  t.jmp_if(0, yes);
  t.load_k(0, I(0));
  t.ret(0);
  t.bind(yes);
  t.load_k(0, I(1));
  t.ret(0);
  Value truthy = fn_of(t);
  EXPECT_EQ(run_to_string(truthy, {Value()}), "0");
  EXPECT_EQ(run_to_string(truthy, {Value::boolean(false)}), "0");
  EXPECT_EQ(run_to_string(truthy, {I(0)}), "1");
  EXPECT_EQ(run_to_string(truthy, {empty_vector()}), "1");
}

TEST(VmInterpreter, CallsThroughVarsAndRegisters) {
  Assembler sq("square", "test.ba", 1);
  sq.mul(0, 0, 0);
  sq.ret(0);
  Var* square = test_var("square");
  var_set(square, fn_of(sq));

  // sum-of-squares(a, b) = square(a) + square(b)
  Assembler s("sum-of-squares", "test.ba", 2);
  s.get_var(2, square);
  s.move(3, 0);
  s.call(2, 1);
  s.get_var(3, square);
  s.move(4, 1);
  s.call(3, 1);
  s.add(0, 2, 3);
  s.ret(0);
  EXPECT_EQ(run_to_string(fn_of(s), {I(3), I(4)}), "25");
}

TEST(VmInterpreter, Fib25) {
  Var* fib = test_var("fib");
  Result<Value> proto = assemble_fib(fib);
  ASSERT_TRUE(proto.ok());
  var_set(fib, make_closure(proto.value(), {}));
  Value f;
  ASSERT_TRUE(var_get(fib, f));
  EXPECT_EQ(run_to_string(f, {I(25)}), "75025");
  EXPECT_EQ(run_to_string(f, {I(0)}), "0");
  EXPECT_EQ(run_to_string(f, {I(1)}), "1");
}

// make-adder(x) = (fn [y] (+ x y)); and a closure capturing a capture.
TEST(VmInterpreter, ClosuresCaptureValues) {
  Assembler inner("adder", "test.ba", 1);
  uint8_t x = inner.capture_register(0);
  inner.get_upval(1, x);
  inner.add(0, 1, 0);
  inner.ret(0);
  Value inner_proto = proto_of(inner);

  Assembler outer("make-adder", "test.ba", 1);
  outer.closure(1, inner_proto);
  outer.ret(1);
  Value make_adder = fn_of(outer);

  Fiber f1(make_adder, std::vector<Value>{I(10)});
  ASSERT_EQ(run(f1), FiberStatus::Done);
  Value add10 = f1.result();
  EXPECT_TRUE(is_closure(add10));
  EXPECT_EQ(pr_str(add10), "#function[adder]");
  EXPECT_EQ(run_to_string(add10, {I(5)}), "15");
  EXPECT_EQ(run_to_string(add10, {I(-10)}), "0");

  // Two levels: (fn [a] (fn [b] (fn [c] (+ a (+ b c))))).
  Assembler l3("l3", "test.ba", 1);
  uint8_t a_in_l3 = l3.capture_upvalue(0);  // a: capture 0 of l2
  uint8_t b_in_l3 = l3.capture_register(0);  // b: register 0 of l2
  l3.get_upval(1, a_in_l3);
  l3.get_upval(2, b_in_l3);
  l3.add(1, 1, 2);
  l3.add(0, 1, 0);
  l3.ret(0);
  Assembler l2("l2", "test.ba", 1);
  l2.capture_register(0);  // a: register 0 of l1
  l2.closure(1, proto_of(l3));
  l2.ret(1);
  Assembler l1("l1", "test.ba", 1);
  l1.closure(1, proto_of(l2));
  l1.ret(1);
  // l1(100)(20)(3) through a driver function.
  Assembler drive("drive", "test.ba", 1);
  drive.move(1, 0);
  drive.load_k(2, I(100));
  drive.call(1, 1);
  drive.load_k(2, I(20));
  drive.call(1, 1);
  drive.load_k(2, I(3));
  drive.call(1, 1);
  drive.ret(1);
  EXPECT_EQ(run_to_string(fn_of(drive), {fn_of(l1)}), "123");
}

TEST(VmInterpreter, VariadicRestIsAListOrNil) {
  Assembler a("rest", "test.ba", 1, /*variadic=*/true);
  a.ret(1);
  Value rest = fn_of(a);
  EXPECT_EQ(run_to_string(rest, {I(1)}), "nil");
  EXPECT_EQ(run_to_string(rest, {I(1), I(2), I(3)}), "(2 3)");
  EXPECT_EQ(run_to_string(rest, {}), "ERROR: wrong number of arguments (0) passed to rest; it takes 1 or more");
}

TEST(VmInterpreter, CallingANonFunction) {
  Assembler a("caller", "test.ba", 0);
  a.at(7, 3);
  a.load_k(0, I(42));
  a.load_k(1, I(1));
  a.call(0, 1);
  a.ret(0);
  EXPECT_EQ(run_to_string(fn_of(a)), "ERROR: can't call 42 (an integer): it is not a function\n  at caller (test.ba:7:3)");
  EXPECT_EQ(run_to_string(I(42)), "ERROR: can't call 42 (an integer): it is not a function");
}

TEST(VmInterpreter, UnboundVar) {
  Var* v = test_var("never-bound");
  Assembler a("reader", "test.ba", 0);
  a.at(2, 9);
  a.get_var(0, v);
  a.ret(0);
  EXPECT_EQ(run_to_string(fn_of(a)), "ERROR: unbound var: vm.test/never-bound\n  at reader (test.ba:2:9)");
}

TEST(VmInterpreter, ClosureArityError) {
  Assembler inc("inc", "test.ba", 1);
  inc.ret(0);
  Value f = fn_of(inc);
  EXPECT_EQ(run_to_string(f, {I(1), I(2), I(3)}), "ERROR: wrong number of arguments (3) passed to inc; it takes 1");

  Assembler caller("caller", "test.ba", 1);
  caller.at(4, 2);
  caller.move(1, 0);
  caller.call(1, 0);
  caller.ret(1);
  EXPECT_EQ(run_to_string(fn_of(caller), {f}),
            "ERROR: wrong number of arguments (0) passed to inc; it takes 1\n  at caller (test.ba:4:2)");
}

TEST(VmInterpreter, AssemblerErrors) {
  Assembler empty("empty", "test.ba", 0);
  EXPECT_FALSE(empty.finish().ok());
  Assembler unbound("unbound", "test.ba", 0);
  auto l = unbound.new_label();
  unbound.jmp(l);
  Result<Value> r = unbound.finish();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "assembler: unbound label in unbound");
  Assembler far("far", "test.ba", 0);
  auto end = far.new_label();
  far.jmp(end);
  for (int i = 0; i < 40000; ++i) far.load_nil(0);
  far.bind(end);
  far.ret(0);
  Result<Value> f = far.finish();
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().message, "assembler: jump out of range in far");
  Assembler many("many", "test.ba", 0);
  for (int i = 0; i < 257; ++i) many.capture_register(0);
  many.ret(0);
  EXPECT_FALSE(many.finish().ok());
}

TEST(VmInterpreter, RegistersAreReleasedOnReturn) {
  // A function that builds garbage in registers frees it all when it returns.
  uint64_t live_before = allocation_stats().bytes_live;
  {
    Assembler a("garbage", "test.ba", 0);
    a.load_k(0, make_string_from_utf8("a string that is a heap object"));
    a.load_k(1, I(int64_t{1} << 60));
    a.mul(2, 1, 1);  // a big integer made at run time
    a.ret(0);
    Value f = fn_of(a);
    EXPECT_EQ(run_to_string(f), "\"a string that is a heap object\"");
  }
  EXPECT_EQ(allocation_stats().bytes_live, live_before);
}

}  // namespace
}  // namespace batuta
