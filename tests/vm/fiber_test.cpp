// Tests of fibers: proper tail calls, the depth limit and its trace,
// natives (arity, callbacks into Batuta), and suspension with resumption
// on another thread.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "core/string.h"
#include "vm_test_util.h"

namespace batuta {
namespace {

using vm_test::fn_of;
using vm_test::I;
using vm_test::run_to_string;
using vm_test::test_var;

// even?(n) = n == 0 ? true : odd?(n - 1), both in tail position.
void define_even_odd(Var* even, Var* odd) {
  for (int which = 0; which < 2; ++which) {
    Assembler a(which == 0 ? "even?" : "odd?", "test.ba", 1);
    auto recurse = a.new_label();
    a.at(which == 0 ? 1 : 2, 3);
    a.load_k(1, I(0));
    a.eq(2, 0, 1);
    a.jmp_if_not(2, recurse);
    a.load_bool(1, which == 0);
    a.ret(1);
    a.bind(recurse);
    a.get_var(1, which == 0 ? odd : even);
    a.load_k(2, I(1));
    a.sub(2, 0, 2);
    a.tail_call(1, 1);
    var_set(which == 0 ? even : odd, fn_of(a));
  }
}

TEST(VmFiber, MutualTailRecursionOfDepth10MillionRunsInConstantMemory) {
  Var* even = test_var("even?");
  Var* odd = test_var("odd?");
  define_even_odd(even, odd);
  Value even_fn;
  ASSERT_TRUE(var_get(even, even_fn));
  // A depth limit far below the recursion depth proves no frame is kept.
  Fiber fiber(even_fn, std::vector<Value>{I(10'000'000)}, FiberOptions{.max_depth = 16});
  ASSERT_EQ(run(fiber), FiberStatus::Done) << fiber.error().to_string();
  EXPECT_EQ(pr_str(fiber.result()), "true");
  EXPECT_EQ(fiber.depth(), 0u);
  EXPECT_EQ(fiber.stack_capacity(), 256u);  // the initial segment only
  EXPECT_EQ(run_to_string(even_fn, {I(7)}), "false");
}

// down(n) = n == 0 ? 0 : down(n - 1) + 1: not a tail call.
Value make_down(Var* self) {
  Assembler a("down", "test.ba", 1);
  auto recurse = a.new_label();
  a.at(3, 1);
  a.load_k(1, I(0));
  a.eq(2, 0, 1);
  a.jmp_if_not(2, recurse);
  a.ret(1);
  a.bind(recurse);
  a.at(4, 7);
  a.get_var(1, self);
  a.load_k(2, I(1));
  a.sub(2, 0, 2);
  a.call(1, 1);
  a.at(4, 3);
  a.load_k(2, I(1));
  a.add(0, 1, 2);
  a.ret(0);
  return fn_of(a);
}

TEST(VmFiber, DeepNonTailRecursionGrowsTheHeapStack) {
  Var* down = test_var("down");
  var_set(down, make_down(down));
  Value f;
  ASSERT_TRUE(var_get(down, f));
  Fiber fiber(f, std::vector<Value>{I(50'000)});
  ASSERT_EQ(run(fiber), FiberStatus::Done) << fiber.error().to_string();
  EXPECT_EQ(pr_str(fiber.result()), "50000");
  EXPECT_GT(fiber.stack_capacity(), 50'000u);
}

TEST(VmFiber, StackOverflowIsACleanErrorWithAnElidedTrace) {
  Var* down = test_var("down-overflow");
  var_set(down, make_down(down));
  Value f;
  ASSERT_TRUE(var_get(down, f));
  Fiber fiber(f, std::vector<Value>{I(5000)}, FiberOptions{.max_depth = 1000});
  ASSERT_EQ(run(fiber), FiberStatus::Error);
  const FiberError& e = fiber.error();
  EXPECT_EQ(e.error.message, "stack overflow");
  EXPECT_EQ(e.trace.size(), 20u);
  EXPECT_EQ(e.elided, 980u);
  std::string text = e.to_string();
  std::string frame = "\n  at down (test.ba:4:7)";
  std::string expected = "stack overflow";
  for (int i = 0; i < 10; ++i) expected += frame;
  expected += "\n  ... 980 frames elided ...";
  for (int i = 0; i < 10; ++i) expected += frame;
  EXPECT_EQ(text, expected);
  EXPECT_EQ(fiber.depth(), 0u);  // unwound

  // The default limit holds too, far from the C++ stack's limit.
  Fiber deep(f, std::vector<Value>{I(1'000'000)});
  ASSERT_EQ(run(deep), FiberStatus::Error);
  EXPECT_EQ(deep.error().error.message, "stack overflow");
  EXPECT_EQ(deep.error().elided, FiberOptions{}.max_depth - 20);
}

// --- natives ------------------------------------------------------------------------
Result<Value> native_inc(VmContext&, std::span<const Value> args) { return add(args[0], Value::fixnum(1)); }

Result<Value> native_apply_twice(VmContext& ctx, std::span<const Value> args) {
  Result<Value> once = ctx.call(args[0], args.subspan(1, 1));
  if (!once) return once;
  Value x = std::move(once.value());
  return ctx.call(args[0], std::span<const Value>(&x, 1));
}

Result<Value> native_sum(VmContext&, std::span<const Value> args) {
  Value acc = Value::fixnum(0);
  for (const Value& v : args) {
    Result<Value> r = add(acc, v);
    if (!r) return r;
    acc = std::move(r.value());
  }
  return acc;
}

TEST(VmFiber, NativeArityErrorsNameTheFunctionAndItsArities) {
  Value inc = make_native("inc", Arity{1, 1, false}, native_inc);
  EXPECT_EQ(run_to_string(inc, {I(1), I(2), I(3)}), "ERROR: wrong number of arguments (3) passed to inc; it takes 1");
  EXPECT_EQ(run_to_string(inc, {I(41)}), "42");
  Value range = make_native("range", Arity{0, 3, false}, native_sum);
  EXPECT_EQ(run_to_string(range, {I(1), I(2), I(3), I(4)}),
            "ERROR: wrong number of arguments (4) passed to range; it takes 0 to 3");
  Value two = make_native("two", Arity{1, 2, false}, native_sum);
  EXPECT_EQ(run_to_string(two, {}), "ERROR: wrong number of arguments (0) passed to two; it takes 1 or 2");
  Value sum = make_native("sum", Arity{2, 0, true}, native_sum);
  EXPECT_EQ(run_to_string(sum, {I(1)}), "ERROR: wrong number of arguments (1) passed to sum; it takes 2 or more");
  EXPECT_EQ(run_to_string(sum, {I(1), I(2), I(3)}), "6");

  // Called from Batuta, the trace names the call site.
  Assembler a("caller", "test.ba", 1);
  a.at(9, 4);
  a.move(1, 0);
  a.call(1, 0);
  a.ret(1);
  EXPECT_EQ(run_to_string(fn_of(a), {inc}),
            "ERROR: wrong number of arguments (0) passed to inc; it takes 1\n  at caller (test.ba:9:4)");
}

TEST(VmFiber, NativeErrorsShowTheNativeInTheTrace) {
  Value inc = make_native("inc", Arity{1, 1, false}, native_inc);
  Assembler a("caller", "test.ba", 1);
  a.at(2, 2);
  a.load_k(1, inc);
  a.move(2, 0);
  a.call(1, 1);
  a.ret(1);
  EXPECT_EQ(run_to_string(fn_of(a), {make_string_from_utf8("a")}),
            "ERROR: +: expected a number, got \"a\" (a string)\n  at inc (native)\n  at caller (test.ba:2:2)");
}

TEST(VmFiber, NativesCallBackIntoClosures) {
  Value apply_twice = make_native("apply-twice", Arity{2, 2, false}, native_apply_twice);
  Assembler d("double", "test.ba", 1);
  d.at(5, 5);
  d.add(0, 0, 0);
  d.ret(0);
  Value dbl = fn_of(d);
  // Directly as the fiber's function, and from Batuta code.
  EXPECT_EQ(run_to_string(apply_twice, {dbl, I(5)}), "20");
  Assembler a("main", "test.ba", 1);
  a.at(1, 1);
  a.load_k(1, apply_twice);
  a.load_k(2, dbl);
  a.move(3, 0);
  a.call(1, 2);
  a.load_k(2, I(1));
  a.add(1, 1, 2);
  a.ret(1);
  Value main = fn_of(a);
  EXPECT_EQ(run_to_string(main, {I(5)}), "21");
  // A native calling a native.
  Value inc = make_native("inc", Arity{1, 1, false}, native_inc);
  EXPECT_EQ(run_to_string(apply_twice, {inc, I(5)}), "7");
  // An error inside the callback keeps the deep trace, through the native.
  EXPECT_EQ(run_to_string(main, {make_string_from_utf8("s")}),
            "ERROR: +: expected a number, got \"s\" (a string)\n"
            "  at double (test.ba:5:5)\n"
            "  at apply-twice (native)\n"
            "  at main (test.ba:1:1)");
  // The same from a native at the bottom of the fiber.
  EXPECT_EQ(run_to_string(apply_twice, {dbl, make_string_from_utf8("s")}),
            "ERROR: +: expected a number, got \"s\" (a string)\n"
            "  at double (test.ba:5:5)\n"
            "  at apply-twice (native)");
}

TEST(VmFiber, TailCallToANative) {
  Value inc = make_native("inc", Arity{1, 1, false}, native_inc);
  Assembler a("f", "test.ba", 1);
  a.load_k(1, inc);
  a.move(2, 0);
  a.tail_call(1, 1);
  EXPECT_EQ(run_to_string(fn_of(a), {I(1)}), "2");
}

// --- suspension ----------------------------------------------------------------------
Result<Value> native_yield(VmContext& ctx, std::span<const Value>) { return ctx.suspend(); }

// f(a) = a + yield() + yield()
Value make_yielding_fn(const Value& yield) {
  Assembler a("yielder", "test.ba", 1);
  a.load_k(1, yield);
  a.call(1, 0);
  a.add(0, 0, 1);
  a.load_k(1, yield);
  a.call(1, 0);
  a.add(0, 0, 1);
  a.ret(0);
  return fn_of(a);
}

TEST(VmFiber, SuspendsMidFunctionAndResumesOnOtherThreads) {
  Value yield = make_native("yield", Arity{0, 0, false}, native_yield);
  Value f = make_yielding_fn(yield);
  Fiber fiber(f, std::vector<Value>{I(1)});
  ASSERT_EQ(run(fiber), FiberStatus::Suspended);
  EXPECT_EQ(fiber.depth(), 1u);

  // The resumed values are big integers (heap objects) made on this thread:
  // marked shared before they cross.
  Value big = make_integer(int64_t{1} << 60);
  mark_shared(big);
  FiberStatus status = FiberStatus::Ready;
  std::thread t1([&] { status = resume(fiber, big); });
  t1.join();
  ASSERT_EQ(status, FiberStatus::Suspended);
  std::thread t2([&] { status = resume(fiber, I(10)); });
  t2.join();
  ASSERT_EQ(status, FiberStatus::Done) << fiber.error().to_string();
  EXPECT_EQ(pr_str(fiber.result()), "1152921504606846987");  // 1 + 2^60 + 10
  EXPECT_EQ(resume(fiber, I(0)), FiberStatus::Done);  // resuming a finished fiber does nothing
}

TEST(VmFiber, SuspendAsTheFibersOwnFunctionAndInTailPosition) {
  Value yield = make_native("yield", Arity{0, 0, false}, native_yield);
  Fiber direct(yield, {});
  ASSERT_EQ(run(direct), FiberStatus::Suspended);
  ASSERT_EQ(resume(direct, I(5)), FiberStatus::Done);
  EXPECT_EQ(pr_str(direct.result()), "5");

  // g() = 100 + f(); f() tail-calls yield, so the resumed value is f's result.
  Assembler f("f", "test.ba", 0);
  f.load_k(0, yield);
  f.tail_call(0, 0);
  Assembler g("g", "test.ba", 0);
  g.load_k(0, fn_of(f));
  g.call(0, 0);
  g.load_k(1, I(100));
  g.add(0, 0, 1);
  g.ret(0);
  Fiber fiber(fn_of(g), {});
  ASSERT_EQ(run(fiber), FiberStatus::Suspended);
  std::thread t([&] { resume(fiber, I(7)); });
  t.join();
  ASSERT_EQ(fiber.status(), FiberStatus::Done);
  EXPECT_EQ(pr_str(fiber.result()), "107");
}

TEST(VmFiber, SuspendingInsideANativeCallbackIsAClearError) {
  Value yield = make_native("yield", Arity{0, 0, false}, native_yield);
  Value apply_twice = make_native("apply-twice", Arity{2, 2, false}, native_apply_twice);
  Assembler cb("callback", "test.ba", 1);
  cb.at(6, 2);
  cb.load_k(1, yield);
  cb.call(1, 0);
  cb.ret(1);
  EXPECT_EQ(run_to_string(apply_twice, {fn_of(cb), I(1)}),
            "ERROR: yield: can't suspend inside a callback from the native function apply-twice\n"
            "  at yield (native)\n"
            "  at callback (test.ba:6:2)\n"
            "  at apply-twice (native)");
}

}  // namespace
}  // namespace batuta
