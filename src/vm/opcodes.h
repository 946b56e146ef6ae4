// opcodes.h: the instruction word and the opcode tables (from opcodes.def).
//
// An instruction is one 32-bit word, Lua-style:
//
//    31      24 23      16 15       8 7        0
//   +----------+----------+----------+----------+
//   |    C     |    B     |    A     |  opcode  |   ABC
//   |         Bx / sBx    |    A     |  opcode  |   ABx, AsBx, sBx
//   +----------+----------+----------+----------+
//
// Registers are 8-bit (a frame has at most 256), constants and captures are
// 16-bit indices, jumps are signed 16-bit offsets from the next instruction.
#pragma once

#include <cstdint>
#include <string>

namespace batuta {

struct Proto;

using Instruction = uint32_t;

enum class Op : uint8_t {
#define BATUTA_OPCODE(name, format) name,
#include "vm/opcodes.def"
#undef BATUTA_OPCODE
  Count_
};
constexpr size_t kOpCount = static_cast<size_t>(Op::Count_);

enum class OperandFormat : uint8_t { A, AB, ABC, ABx, AsBx, sBx };

extern const char* const kOpNames[kOpCount];
extern const OperandFormat kOpFormats[kOpCount];

inline const char* op_name(Op op) { return kOpNames[static_cast<size_t>(op)]; }
inline OperandFormat op_format(Op op) { return kOpFormats[static_cast<size_t>(op)]; }

// The instructions whose C operand indexes a constant that must be a
// fixnum (AddK, SubK and the comparisons with a constant): their fast path
// tests only the register. Assembler::finish checks the constants.
inline bool takes_fixnum_k(Op op) {
  switch (op) {
    case Op::AddK: case Op::SubK: case Op::MulK:
    case Op::LtK: case Op::LeK: case Op::GtK: case Op::GeK:
    case Op::TestLtK: case Op::TestLeK: case Op::TestGtK: case Op::TestGeK:
      return true;
    default:
      return false;
  }
}

// --- encoding ----------------------------------------------------------------
inline Instruction encode_abc(Op op, uint8_t a, uint8_t b, uint8_t c) {
  return static_cast<uint32_t>(op) | (uint32_t{a} << 8) | (uint32_t{b} << 16) | (uint32_t{c} << 24);
}
inline Instruction encode_abx(Op op, uint8_t a, uint16_t bx) {
  return static_cast<uint32_t>(op) | (uint32_t{a} << 8) | (uint32_t{bx} << 16);
}
inline Instruction encode_asbx(Op op, uint8_t a, int16_t sbx) {
  return encode_abx(op, a, static_cast<uint16_t>(sbx));
}

// --- decoding ----------------------------------------------------------------
inline Op op_of(Instruction i) { return static_cast<Op>(i & 0xFF); }
inline uint32_t arg_a(Instruction i) { return (i >> 8) & 0xFF; }
inline uint32_t arg_b(Instruction i) { return (i >> 16) & 0xFF; }
inline uint32_t arg_c(Instruction i) { return i >> 24; }
inline uint32_t arg_bx(Instruction i) { return i >> 16; }
inline int32_t arg_sbx(Instruction i) { return static_cast<int16_t>(static_cast<uint16_t>(i >> 16)); }

// One line per instruction: index, source position, opcode, operands, and
// for constants and vars what they hold. Nested protos follow their parent.
std::string disassemble(const Proto& proto);

}  // namespace batuta
