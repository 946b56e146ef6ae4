// Tests of the opcode tables and the disassembler.
#include <gtest/gtest.h>

#include "core/string.h"
#include "vm_test_util.h"

namespace batuta {
namespace {

using vm_test::I;
using vm_test::proto_of;
using vm_test::test_var;

TEST(VmOpcodes, TablesComeFromTheDefFile) {
  EXPECT_STREQ(op_name(Op::LoadK), "LoadK");
  EXPECT_STREQ(op_name(Op::Closure), "Closure");
  EXPECT_EQ(op_format(Op::Add), OperandFormat::ABC);
  EXPECT_EQ(op_format(Op::Jmp), OperandFormat::sBx);
  Instruction i = encode_abc(Op::Add, 1, 2, 255);
  EXPECT_EQ(op_of(i), Op::Add);
  EXPECT_EQ(arg_a(i), 1u);
  EXPECT_EQ(arg_b(i), 2u);
  EXPECT_EQ(arg_c(i), 255u);
  Instruction j = encode_asbx(Op::JmpIf, 7, -300);
  EXPECT_EQ(arg_a(j), 7u);
  EXPECT_EQ(arg_sbx(j), -300);
  EXPECT_EQ(arg_bx(encode_abx(Op::LoadK, 0, 65535)), 65535u);
}

TEST(VmOpcodes, Disassembly) {
  Var* fib = test_var("disasm-fib");
  Assembler inner("inner", "t.ba", 0);
  inner.capture_register(1);
  inner.get_upval(0, 0);
  inner.ret(0);

  Assembler a("fib", "t.ba", 1);
  auto recurse = a.new_label();
  a.at(1, 2);
  a.load_k(1, I(2));
  a.lt(2, 0, 1);
  a.jmp_if_not(2, recurse);
  a.ret(0);
  a.bind(recurse);
  a.at(3, 4);
  a.get_var(1, fib);
  a.load_k(2, make_string_from_utf8("s"));
  a.call(1, 1);
  a.closure(2, proto_of(inner));
  a.jmp(recurse);
  Value p = proto_of(a);
  EXPECT_EQ(disassemble(*object_as<const Proto>(p)),
            "proto fib (t.ba) params=1 registers=3 captures=0\n"
            "   0     1:2    LoadK     1 0        ; 2\n"
            "   1     1:2    Lt        2 0 1\n"
            "   2     1:2    JmpIfNot  2 1        ; to 4\n"
            "   3     1:2    Return    0\n"
            "   4     3:4    GetVar    1 1        ; #'vm.test/disasm-fib\n"
            "   5     3:4    LoadK     2 2        ; \"s\"\n"
            "   6     3:4    Call      1 1\n"
            "   7     3:4    Closure   2 3        ; #proto[inner]\n"
            "   8     3:4    Jmp       -5         ; to 4\n"
            "proto inner (t.ba) params=0 registers=1 captures=1\n"
            "   0     0:0    GetUpval  0 0\n"
            "   1     0:0    Return    0\n");
}

}  // namespace
}  // namespace batuta
