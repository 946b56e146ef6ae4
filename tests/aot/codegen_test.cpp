// Tests of the aot code generator (aot/codegen.h) and of the runtime side of
// native code (vm/native_code.h): the generated text's structure, the
// bytecode key, the installed table, and the interpreter entering native
// code and going on where it hands back. Compiling and running generated
// code end to end is tests/aot's `batuta compile` tests.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "../vm/vm_test_util.h"
#include "aot/codegen.h"
#include "core/name.h"
#include "core/string.h"
#include "core/tuple.h"
#include "vm/instructions_inline.h"
#include "vm/interpreter.h"
#include "vm/native_code.h"

namespace batuta {
namespace {

using vm_test::fn_of;
using vm_test::I;
using vm_test::proto_of;
using vm_test::run_to_string;

// count(_): counts to 10 in a loop.
//   0 LoadK r1 K0         ; i = 0
//   1 TestLtK r2 r1 K1    ; top: if not i < 10 ...
//   2 Jmp -> 5            ;   ... leave
//   3 AddK r1 r1 K2       ; i = i + 1
//   4 Jmp -> 1            ; backward, to the top
//   5 Return r1
// counting_loop(name, bound) counts to `bound` instead: the same bytecode
// with another constant.
Value counting_loop(const char* name = "count", int64_t bound = 10) {
  Assembler a(name, "count.ba", 1);
  a.load_k(1, Value::fixnum(0));
  Assembler::Label top = a.new_label(), done = a.new_label();
  a.bind(top);
  a.op_k(Op::LtK, 2, 1, static_cast<uint8_t>(a.constant(Value::fixnum(bound))));
  a.jmp_unless_temp(2, done);
  a.op_k(Op::AddK, 1, 1, static_cast<uint8_t>(a.constant(Value::fixnum(1))));
  a.jmp(top);
  a.bind(done);
  a.ret(1);
  return proto_of(a);
}

const Proto* as_proto(const Value& v) { return object_as<const Proto>(v); }

// Six instructions native code runs: a proto with no loop needs a run this
// long for the generator to think native code worth entering.
void pad(Assembler& a, uint8_t scratch) {
  for (int i = 0; i < 6; ++i) a.load_nil(scratch);
}

std::string hex(uint64_t h) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

std::string generate(std::initializer_list<const Proto*> protos) {
  std::vector<const Proto*> v(protos);
  return aot::generate_native_code(v);
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(AotCodegen, OneFunctionPerBytecodeWithEntriesLabelsAndTable) {
  Value loop = counting_loop();
  ASSERT_EQ(op_of(as_proto(loop)->code[1]), Op::TestLtK);  // the shape the expectations below assume
  std::string name = "batuta_native_" + hex(bytecode_hash(*as_proto(loop)));
  std::string text = generate({as_proto(loop)});

  EXPECT_TRUE(contains(text, "void " + name + "(Fiber& fiber, Frame& frame) {")) << text;
  // Entered at the start, at the loop's top (the backward jump's target)
  // and at the backward jump itself; nowhere else.
  EXPECT_TRUE(contains(text, "    case 0: goto i0;\n    case 1: goto i1;\n    case 4: goto i4;\n    default: return;"))
      << text;
  for (int i = 0; i < 6; ++i) EXPECT_TRUE(contains(text, "\ni" + std::to_string(i) + ":  // ")) << i;
  // Registers are read from locals loaded on entry (r2, the compare's
  // scratch, is never read natively); a write of an immediate or a
  // borrowed word goes to the local only.
  EXPECT_TRUE(contains(text, "  uint64_t r1 = R[1].bits();\n  switch")) << text;
  // The fixnum constants are literals in the code: 0, 10 and 1.
  EXPECT_TRUE(contains(text, "i0:  // LoadK 1 0 0\n  r1 = 0xfffc000000000000ull;")) << text;
  // The fused compare-and-branch: fixnum fast path, else the general
  // comparison into a temporary, its failure handed back.
  EXPECT_TRUE(contains(text, "if (RegisterView(r1).value().is_fixnum()) [[likely]] { if (RegisterView(r1).value().scaled_fixnum() < "
                             "FixnumWord{0xfffc00000000000aull}.scaled_fixnum()) goto i3; goto i5; }"))
      << text;
  EXPECT_TRUE(contains(text, "{ Value result; if (!compare_slow_or_fail(RegisterView(r1).value(), K[1], false, \"<\", "
                             "result)) { frame.pc = code + 1; goto leave0; } if (result.truthy()) goto i3; goto i5; }"))
      << text;
  // AddK: the word arithmetic, else the numeric tower (an object result is
  // owned by the frame, the locals committed first), else handed back.
  EXPECT_TRUE(contains(text, "{ uint64_t word; if (fixnum_arith_word<FixnumOp::Add>(RegisterView(r1).value(), "
                             "FixnumWord{0xfffc000000000001ull}, "
                             "word)) [[likely]] r1 = word;\n    else { Value result; if (!arith_slow_or_fail(batuta::add, "
                             "RegisterView(r1).value(), FixnumK{K[2]}, result)) { frame.pc = code + 3; goto leave0; }\n"
                             "      if (!result.is_object()) r1 = result.bits();\n"))
      << text;
  EXPECT_TRUE(contains(text, "Value& out = R[1]; out = std::move(result); r1 = out.bits(); } } }")) << text;
  // The backward jump spends the budget like the interpreter's, or hands
  // itself back.
  EXPECT_TRUE(contains(text, "if (!Interpreter::native_backward_jump(fiber)) { frame.pc = code + 4; goto leave0; }\n  goto i1;"))
      << text;
  // Return is the interpreter's.
  EXPECT_TRUE(contains(text, "i5:  // Return 1 0 0\n  { frame.pc = code + 5; goto leave0; }")) << text;
  // Every hand-back here commits r1, the one register native code writes
  // that the interpreter reads: retained, then stored over the old word.
  EXPECT_TRUE(contains(text, "leave0: { const bool c1 = r1 != R[1].bits(); if (c1) retain_word(r1); if (c1) "
                             "replace_with_retained(R[1], r1); }\n  return;\n}"))
      << text;
  // The table entry carries the instruction words it was made from, and
  // the three constants written into the code, with their words.
  std::string key = hex(bytecode_hash(*as_proto(loop)));
  std::string words = "batuta_bytecode_" + key;
  EXPECT_TRUE(contains(text, "{0x" + key + "ull, &" + name + ", " + words + ", " +
                                 std::to_string(as_proto(loop)->code.size()) + ", " +
                                 std::to_string(as_proto(loop)->num_registers) + ", 3, batuta_constants_" + key + "},"))
      << text;
  EXPECT_TRUE(contains(text, "const batuta::NativeConstant batuta_constants_" + key +
                                 "[] = {{0, 0xfffc000000000000ull},{1, 0xfffc00000000000aull},{2, 0xfffc000000000001ull},};"))
      << text;
  EXPECT_TRUE(contains(text, "const batuta::Instruction " + words + "[] = {")) << text;
  EXPECT_TRUE(contains(text, "extern \"C\" const size_t batuta_native_code_count = 1;")) << text;
}

TEST(AotCodegen, SameBytecodeSharesOneFunctionAndNestedProtosAreIncluded) {
  Value a = counting_loop("a"), b = counting_loop("b");
  // An outer function making a closure of another proto: both are generated.
  Assembler outer("outer", "outer.ba", 0);
  outer.closure(0, a);
  pad(outer, 1);
  outer.ret(0);
  Value outer_proto = proto_of(outer);
  std::string text = generate({as_proto(outer_proto), as_proto(b)});
  EXPECT_TRUE(contains(text, "// Native code for 2 functions")) << text;
  EXPECT_TRUE(contains(text, "batuta_native_code_count = 2;")) << text;
  // Closure captures from the frame, so it follows a commit.
  EXPECT_TRUE(contains(text, " Value& out = R[0]; make_closure_in(K[0], R, frame.closure->captures, out); r0 = out.bits(); }"))
      << text;
  // Nothing at all: a table the compiled program can still install.
  std::string empty = aot::generate_native_code({});
  EXPECT_TRUE(contains(empty, "{0, nullptr, nullptr, 0, 0, 0, nullptr},")) << empty;
  EXPECT_TRUE(contains(empty, "batuta_native_code_count = 0;")) << empty;
}

TEST(AotCodegen, CallsAreHandedBackAndEntryFollowsThem) {
  Assembler a("caller", "caller.ba", 1);
  a.move(1, 0);
  a.load_k(2, Value::fixnum(1));
  a.call(1, 1);
  pad(a, 2);
  a.ret(1);
  std::string text = generate({as_proto(proto_of(a))});
  // The call reads r1 and r2, written natively: its exit commits them.
  EXPECT_TRUE(contains(text, "i2:  // Call 1 1 0\n  { frame.pc = code + 2; goto leave0; }")) << text;
  EXPECT_TRUE(contains(text, "leave0: { const bool c1 = r1 != R[1].bits(), c2 = r2 != R[2].bits(); if (c1) retain_word(r1); "
                             "if (c2) retain_word(r2); if (c1) replace_with_retained(R[1], r1); if (c2) "
                             "replace_with_retained(R[2], r2); }"))
      << text;
  EXPECT_TRUE(contains(text, "    case 3: goto i3;")) << text;  // a return into the frame
}

TEST(AotCodegen, ShortRunsBetweenCallsStayInterpreted) {
  // fib's shape: two or three instructions between calls, no loop.
  // Entering native code would cost more than it saves.
  Assembler a("fib", "fib.ba", 1);
  Assembler::Label recurse = a.new_label();
  a.op_k(Op::LtK, 1, 0, static_cast<uint8_t>(a.constant(Value::fixnum(2))));
  a.jmp_unless_temp(1, recurse);
  a.ret(0);
  a.bind(recurse);
  a.op_k(Op::SubK, 2, 0, static_cast<uint8_t>(a.constant(Value::fixnum(1))));
  a.call(1, 1);
  a.ret(1);
  std::string text = generate({as_proto(proto_of(a))});
  EXPECT_TRUE(contains(text, "// Native code for 0 functions")) << text;
}

// m(x): x must be a 2-tuple; its element 1, after a second (redundant)
// test of the same shape. With `call_between`, a call of x's element 0
// comes between the test and the read.
Value pattern_proto(bool call_between) {
  Assembler a("m", "m.ba", 1);
  Assembler::Label fail = a.new_label();
  a.op_k(Op::IsTuple, 1, 0, 2);
  a.jmp_unless_temp(1, fail);
  if (call_between) {
    a.op_k(Op::ElemK, 2, 0, 0);
    a.call(2, 0);
  }
  a.op_k(Op::IsTuple, 1, 0, 2);
  a.jmp_unless_temp(1, fail);
  a.op_k(Op::ElemK, 1, 0, 1);
  pad(a, 2);
  a.ret(1);
  a.bind(fail);
  a.load_nil(1);
  a.ret(1);
  return proto_of(a);
}

TEST(AotCodegen, PassedPatternTestsAreNotMadeAgain) {
  Value p = pattern_proto(false);
  ASSERT_EQ(op_of(as_proto(p)->code[0]), Op::TestTuple);
  std::string text = generate({as_proto(p)});
  // The first test is made; the second is known to hold, the element read
  // needs no test of its own.
  EXPECT_TRUE(contains(text, "i0:  // TestTuple 1 0 2\n  if (is_tuple_of(RegisterView(r0).value(), 2)) goto i2; goto i12;"))
      << text;
  EXPECT_TRUE(contains(text, "i2:  // TestTuple 1 0 2\n  goto i4;  // known tuple of 2")) << text;
  EXPECT_TRUE(contains(text, "r1 = as_tuple(RegisterView(r0).value())->items[1].bits();  // known tuple")) << text;

  // Native code is entered after a call knowing nothing: the test is made
  // again (and the read after it needs none).
  std::string after_call = generate({as_proto(pattern_proto(true))});
  EXPECT_TRUE(contains(after_call, "i4:  // TestTuple 1 0 2\n  if (is_tuple_of(RegisterView(r0).value(), 2)) goto i6; goto i14;"))
      << after_call;
  EXPECT_TRUE(contains(after_call, "i6:  // ElemK 1 0 1\n  r1 = as_tuple(RegisterView(r0).value())->items[1].bits();"))
      << after_call;
}

// Register writes stay in locals; a hand-back stores those the
// interpreter will read (liveness), and no others.
TEST(AotCodegen, AHandBackStoresOnlyTheRegistersTheInterpreterReads) {
  Assembler a("dead", "dead.ba", 1);
  a.load_k(1, Value::fixnum(7));  // r1 is dead after the move
  a.move(2, 1);
  a.load_k(3, Value::fixnum(1));
  a.call(2, 1);  // reads r2 and r3
  pad(a, 4);
  a.ret(2);
  std::string text = generate({as_proto(proto_of(a))});
  EXPECT_TRUE(contains(text, "i1:  // Move 2 1 0\n  r2 = r1;")) << text;
  EXPECT_TRUE(contains(text, "i3:  // Call 2 1 0\n  { frame.pc = code + 3; goto leave0; }")) << text;
  EXPECT_TRUE(contains(text, "leave0: { const bool c2 = r2 != R[2].bits(), c3 = r3 != R[3].bits();")) << text;
  EXPECT_FALSE(contains(text, "c1 = ")) << text;
}

// is-k(x): 1 when x is the constant K[0], else 0 (a pattern literal).
Value equals_constant_proto(const Value& k) {
  Assembler a("is-k", "k.ba", 1);
  Assembler::Label no = a.new_label();
  a.op_k(Op::EqK, 1, 0, static_cast<uint8_t>(a.constant(k)));
  a.jmp_unless_temp(1, no);
  pad(a, 2);
  a.load_k(1, Value::fixnum(1));
  a.ret(1);
  a.bind(no);
  a.load_k(1, Value::fixnum(0));
  a.ret(1);
  return proto_of(a);
}

// A keyword constant is compared by its word, and the table entry says
// the code relies on it; a string constant goes through equals_constant.
TEST(AotCodegen, WordConstantsAreComparedByWordAndListedInTheTable) {
  Value with_keyword = equals_constant_proto(keyword("ok"));
  ASSERT_EQ(op_of(as_proto(with_keyword)->code[0]), Op::TestEqK);
  std::string hash = hex(bytecode_hash(*as_proto(with_keyword)));
  std::string text = generate({as_proto(with_keyword)});
  EXPECT_TRUE(contains(text, "if (RegisterView(r0).value().bits() == K[0].bits()) goto i2;")) << text;
  // Listed as compared by word (0), with the two fixnums the code holds.
  EXPECT_TRUE(contains(text, "const batuta::NativeConstant batuta_constants_" + hash +
                                 "[] = {{0, 0x0000000000000000ull},{1, 0xfffc000000000001ull},{2, 0xfffc000000000000ull},};"))
      << text;
  EXPECT_TRUE(contains(text, ", 3, batuta_constants_" + hash + "},")) << text;

  std::string with_string = generate({as_proto(equals_constant_proto(make_string("ok").value()))});
  EXPECT_TRUE(contains(with_string, "if (equals_constant(RegisterView(r0).value(), K[0])) goto i2;")) << with_string;
  EXPECT_TRUE(contains(with_string, "[] = {{1, 0xfffc000000000001ull},{2, 0xfffc000000000000ull},};")) << with_string;
}

// The word arithmetic of generated code (and of AddK/SubK in the
// interpreter) agrees with the integers at the fixnum range's edges and
// refuses results outside it, leaving `out` untouched.
TEST(AotFixnumArith, WordArithmeticMatchesIntegersAndStopsAtTheRange) {
  using vm_detail::fixnum_arith;
  using vm_detail::FixnumOp;
  const int64_t max = Value::kFixnumMax, min = Value::kFixnumMin;
  struct Case {
    FixnumOp op;
    int64_t a, b;
    bool fits;
    int64_t result;
  };
  const Case cases[] = {
      {FixnumOp::Add, 2, 3, true, 5},           {FixnumOp::Add, -7, 3, true, -4},
      {FixnumOp::Add, max - 1, 1, true, max},   {FixnumOp::Add, max, 1, false, 0},
      {FixnumOp::Add, min, -1, false, 0},       {FixnumOp::Add, min, max, true, -1},
      {FixnumOp::Subtract, 3, 5, true, -2},     {FixnumOp::Subtract, min + 1, 1, true, min},
      {FixnumOp::Subtract, min, 1, false, 0},   {FixnumOp::Subtract, 0, min, false, 0},
      {FixnumOp::Multiply, -6, 7, true, -42},   {FixnumOp::Multiply, max, 1, true, max},
      {FixnumOp::Multiply, max, -1, true, -max}, {FixnumOp::Multiply, min, -1, false, 0},
      {FixnumOp::Multiply, 1 << 25, 1 << 24, false, 0},  // 2^49: just past the range
      {FixnumOp::Multiply, -(1 << 25), 1 << 24, true, min},
  };
  for (const Case& c : cases) {
    Value out = Value::fixnum(99);
    bool ok = c.op == FixnumOp::Add        ? fixnum_arith<FixnumOp::Add>(Value::fixnum(c.a), Value::fixnum(c.b), out)
              : c.op == FixnumOp::Subtract ? fixnum_arith<FixnumOp::Subtract>(Value::fixnum(c.a), Value::fixnum(c.b), out)
                                           : fixnum_arith<FixnumOp::Multiply>(Value::fixnum(c.a), Value::fixnum(c.b), out);
    EXPECT_EQ(ok, c.fits) << c.a << " " << c.b;
    ASSERT_TRUE(out.is_fixnum());
    EXPECT_EQ(out.as_fixnum(), c.fits ? c.result : 99) << c.a << " " << c.b;
  }
  // Not both fixnums: false, out untouched; a constant operand (FixnumK)
  // is not tested.
  Value out = Value::fixnum(99), k = Value::fixnum(1);
  EXPECT_FALSE(fixnum_arith<FixnumOp::Add>(Value::boolean(true), Value::fixnum(1), out));
  EXPECT_FALSE(fixnum_arith<FixnumOp::Add>(Value::boolean(true), vm_detail::FixnumK{k}, out));
  EXPECT_EQ(out.as_fixnum(), 99);
  EXPECT_TRUE(fixnum_arith<FixnumOp::Add>(Value::fixnum(41), vm_detail::FixnumK{k}, out));
  EXPECT_EQ(out.as_fixnum(), 42);
}

// A register read in generated code is a view: it takes no reference,
// and a by-value parameter (var_set's) made from it takes a new one rather
// than moving the frame's (a moved xvalue freed closures.ba's vector).
TEST(AotRegisterView, ReadingTakesNothingAndCopiesRetain) {
  Value object = make_tuple({Value::fixnum(1), Value::fixnum(2)});
  Object* o = object.as_object();
  ASSERT_EQ(o->rc.load(), 1);
  {
    vm_detail::RegisterView view(object.bits());
    EXPECT_TRUE(view.value().identical(object));
    EXPECT_EQ(o->rc.load(), 1);
  }
  EXPECT_EQ(o->rc.load(), 1);
  auto take_by_value = [](Value v) { return v.as_object()->rc.load(); };
  EXPECT_EQ(take_by_value(vm_detail::RegisterView(object.bits()).value()), 2);
  EXPECT_EQ(o->rc.load(), 1);
}

TEST(AotCodegen, CommentsCannotBreakTheGeneratedCode) {
  Assembler a("evil\\\nname", "file\n.ba", 0);
  pad(a, 0);
  a.ret(0);
  std::string text = generate({as_proto(proto_of(a))});
  EXPECT_TRUE(contains(text, "// evil??name (file?.ba), 7 instructions, 1 registers\n")) << text;
}

TEST(AotNativeCode, BytecodeHashIsStableAndDistinguishesCode) {
  Value a = counting_loop("a"), b = counting_loop("b");
  EXPECT_EQ(bytecode_hash(*as_proto(a)), bytecode_hash(*as_proto(b)));  // names and files are not the key

  // Constants are read at run time: another bound, the same code.
  Assembler c("c", "c.ba", 1);
  c.load_k(1, Value::fixnum(5));
  c.ret(1);
  Assembler d("d", "d.ba", 1);
  d.load_k(1, Value::fixnum(6));
  d.ret(1);
  Value cv = proto_of(c), dv = proto_of(d);
  EXPECT_EQ(bytecode_hash(*as_proto(cv)), bytecode_hash(*as_proto(dv)));

  // Another register, another instruction, another register count.
  Assembler e("e", "e.ba", 1);
  e.load_k(2, Value::fixnum(5));
  e.ret(1);
  Assembler f("f", "f.ba", 1);
  f.load_k(1, Value::fixnum(5));
  f.load_nil(3);
  f.ret(1);
  Value ev = proto_of(e), fv = proto_of(f);
  EXPECT_NE(bytecode_hash(*as_proto(cv)), bytecode_hash(*as_proto(ev)));
  EXPECT_NE(bytecode_hash(*as_proto(cv)), bytecode_hash(*as_proto(fv)));
  Proto* wider = new_proto();
  Value wider_owner = Value::adopt(wider);
  wider->code = as_proto(cv)->code;
  wider->num_registers = static_cast<uint16_t>(as_proto(cv)->num_registers + 1);
  EXPECT_NE(bytecode_hash(*as_proto(cv)), bytecode_hash(*wider));
}

// Native code written by hand for `counting_loop`'s first instruction
// only: R[1] = 32 instead of 0, then hands back instruction 1. The
// interpreter must go on from there: count returns 32 (the loop test
// fails at once), which the interpreter alone would never return.
int g_native_runs = 0;
void start_at_32(Fiber&, vm_detail::Frame& frame) {
  ++g_native_runs;
  if (frame.pc == frame.proto->code.data()) {
    frame.base[1] = Value::fixnum(32);
    frame.pc += 1;
  }
}

// The same bytecode with other fixnum constants (a loop to 10, to 20) gets
// a function of its own, each listing the words written into it; with the
// same constants, one function serves both.
TEST(AotCodegen, SameBytecodeWithOtherFixnumConstantsGetsItsOwnFunction) {
  Value ten = counting_loop("ten", 10), twenty = counting_loop("twenty", 20), ten_again = counting_loop("again", 10);
  ASSERT_EQ(as_proto(ten)->code, as_proto(twenty)->code);
  std::string key = hex(bytecode_hash(*as_proto(ten)));
  std::string text = generate({as_proto(ten), as_proto(twenty), as_proto(ten_again)});
  EXPECT_TRUE(contains(text, "batuta_native_code_count = 2;")) << text;
  EXPECT_TRUE(contains(text, "void batuta_native_" + key + "(Fiber& fiber, Frame& frame) {")) << text;
  EXPECT_TRUE(contains(text, "void batuta_native_" + key + "_1(Fiber& fiber, Frame& frame) {")) << text;
  EXPECT_TRUE(contains(text, "batuta_constants_" + key + "[] = {{0, 0xfffc000000000000ull},{1, 0xfffc00000000000aull},"))
      << text;
  EXPECT_TRUE(contains(text, "batuta_constants_" + key + "_1[] = {{0, 0xfffc000000000000ull},{1, 0xfffc000000000014ull},"))
      << text;
}

// A table entry for `proto`'s bytecode, as the generated table has it.
NativeCodeEntry entry_for(const Proto& proto, NativeEntry entry) {
  return NativeCodeEntry{bytecode_hash(proto), entry, proto.code.data(), static_cast<uint32_t>(proto.code.size()),
                         proto.num_registers, 0, nullptr};
}

class AotInstalledTable : public ::testing::Test {
 protected:
  void TearDown() override { install_native_code({}); }  // back to `batuta run`'s state
};

TEST_F(AotInstalledTable, ProtosFindTheirCodeAndTheInterpreterEntersIt) {
  static const Value probe = counting_loop("probe");
  static const NativeCodeEntry table[] = {entry_for(*as_proto(probe), &start_at_32)};
  install_native_code(table);
  EXPECT_TRUE(native_code_installed());
  EXPECT_EQ(native_code_stats().protos_built, 0u);

  Value with = counting_loop("with");
  Assembler other("other", "other.ba", 0);
  other.load_nil(0);
  other.ret(0);
  Value without = proto_of(other);
  EXPECT_EQ(as_proto(with)->native_code, &start_at_32);
  EXPECT_EQ(as_proto(without)->native_code, nullptr);
  NativeCodeStats stats = native_code_stats();
  EXPECT_EQ(stats.protos_built, 2u);
  EXPECT_EQ(stats.protos_native, 1u);

  g_native_runs = 0;
  EXPECT_EQ(run_to_string(make_closure(with, {}), {I(0)}), "32");
  EXPECT_EQ(g_native_runs, 1);  // entered once, at the frame's start

  // An empty table: protos are counted, none has native code, and the
  // interpreter runs its build without native-code entries.
  install_native_code({});
  EXPECT_FALSE(native_code_installed());
  Value after = counting_loop("after");
  EXPECT_EQ(as_proto(after)->native_code, nullptr);
  EXPECT_EQ(native_code_stats().protos_built, 1u);
  EXPECT_EQ(native_code_stats().protos_native, 0u);
  EXPECT_EQ(run_to_string(make_closure(after, {}), {I(0)}), "10");
}

// Hands back at once, counting where it was entered: at the frame's start
// and at the loop's backward jump (instruction 4 jumps to 1), every round.
std::vector<long> g_entries;
void record_entry(Fiber&, vm_detail::Frame& frame) { g_entries.push_back(frame.pc - frame.proto->code.data()); }

TEST_F(AotInstalledTable, EnteredAtFrameStartAndAtBackwardJumps) {
  static const Value probe = counting_loop("probe");
  static const NativeCodeEntry table[] = {entry_for(*as_proto(probe), &record_entry)};
  install_native_code(table);
  Value loop = counting_loop("loop");
  g_entries.clear();
  EXPECT_EQ(run_to_string(make_closure(loop, {}), {I(0)}), "10");
  std::vector<long> expected{0};
  for (int i = 0; i < 10; ++i) expected.push_back(1);
  EXPECT_EQ(g_entries, expected);
}

// A hash that matches with instruction words that do not (what a 64-bit
// collision would look like): the proto stays interpreted.
TEST_F(AotInstalledTable, AMatchingHashWithOtherInstructionsIsRefused) {
  static const Value probe = counting_loop("probe");
  static std::vector<Instruction> other_words = as_proto(probe)->code;
  other_words.back() ^= 1u << 8;
  NativeCodeEntry forged = entry_for(*as_proto(probe), &start_at_32);
  forged.code = other_words.data();
  static const NativeCodeEntry table[] = {forged};
  install_native_code(table);
  Value loop = counting_loop("loop");
  EXPECT_EQ(as_proto(loop)->native_code, nullptr);
  EXPECT_EQ(native_code_stats().protos_native, 0u);
  EXPECT_EQ(run_to_string(make_closure(loop, {}), {I(0)}), "10");
}

// Code that compares K[0] by its word is refused to a proto with the same
// bytecode whose K[0] is a string: it stays interpreted, and right.
TEST_F(AotInstalledTable, CodeRelyingOnAWordConstantIsRefusedAnotherConstant) {
  static const Value probe = equals_constant_proto(keyword("ok"));
  static const NativeConstant constants[] = {{0, 0}};
  NativeCodeEntry entry = entry_for(*as_proto(probe), &start_at_32);
  entry.constant_count = 1;
  entry.constants = constants;
  static const NativeCodeEntry table[] = {entry};
  install_native_code(table);
  Value with_keyword = equals_constant_proto(keyword("error"));
  Value with_string = equals_constant_proto(make_string("ok").value());
  ASSERT_EQ(as_proto(with_string)->code, as_proto(probe)->code);
  EXPECT_EQ(as_proto(with_keyword)->native_code, &start_at_32);
  EXPECT_EQ(as_proto(with_string)->native_code, nullptr);
  EXPECT_EQ(run_to_string(make_closure(with_string, {}), {make_string("ok").value()}), "1");
}

// Code with a fixnum written in runs only protos whose constant is that
// word: two entries for one bytecode, each proto gets the one whose
// constants hold, and a third number finds none and stays interpreted.
TEST_F(AotInstalledTable, EachProtoGetsTheEntryWhoseFixnumConstantsHold) {
  static const Value probe = counting_loop("probe");  // K1 = 10
  const Proto& p = *as_proto(probe);
  ASSERT_EQ(p.constants[1].as_fixnum(), 10);
  static const NativeConstant bound_ten[] = {{1, Value::fixnum(10).bits()}};
  static const NativeConstant bound_eleven[] = {{1, Value::fixnum(11).bits()}};
  NativeCodeEntry ten = entry_for(p, &start_at_32), eleven = entry_for(p, &record_entry);
  ten.constant_count = eleven.constant_count = 1;
  ten.constants = bound_ten;
  eleven.constants = bound_eleven;
  static const NativeCodeEntry table[] = {eleven, ten};
  install_native_code(table);
  EXPECT_EQ(as_proto(counting_loop("with-ten"))->native_code, &start_at_32);

  Value with_eleven = counting_loop("eleven", 11);
  ASSERT_EQ(as_proto(with_eleven)->code, p.code);
  EXPECT_EQ(as_proto(with_eleven)->native_code, &record_entry);

  Value twelve = counting_loop("twelve", 12);
  EXPECT_EQ(as_proto(twelve)->native_code, nullptr);
  EXPECT_EQ(run_to_string(make_closure(twelve, {}), {I(0)}), "12");
}

}  // namespace
}  // namespace batuta
