// assembler.h: builds Protos instruction by instruction.
//
// The backend of the bytecode emitter, and what the vm tests write their
// programs with. Registers are explicit; labels resolve forward and
// backward jumps; the register count is the highest register any
// instruction names (call windows included) plus one.
//
//   Assembler a("inc", "test.ba", 1);
//   a.at(1, 1);
//   a.load_k(1, Value::fixnum(1));
//   a.add(0, 0, 1);
//   a.ret(0);
//   Value proto = a.finish().value();
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "vm/function.h"

namespace batuta {

struct Var;

class Assembler {
 public:
  struct Label {
    uint32_t id;
  };

  Assembler(std::string name, std::string file, uint8_t num_params, bool variadic = false);

  // Source position of the instructions emitted from now on.
  void at(uint32_t line, uint32_t column) { pos_ = SourcePos{line, column}; }

  // Index of a constant (identical words share one slot).
  uint16_t constant(const Value& v);

  void load_k(uint8_t a, const Value& v) { emit_abx(Op::LoadK, a, constant(v)); }
  void load_nil(uint8_t a) { emit_abc(Op::LoadNil, a, 0, 0); }
  void load_bool(uint8_t a, bool b) { emit_abc(b ? Op::LoadTrue : Op::LoadFalse, a, 0, 0); }
  void move(uint8_t a, uint8_t b) { emit_abc(Op::Move, a, b, 0); }
  void get_var(uint8_t a, Var* var);
  void set_var(uint8_t a, Var* var);
  void get_upval(uint8_t a, uint8_t index) { emit_abc(Op::GetUpval, a, index, 0, a); }
  void add(uint8_t a, uint8_t b, uint8_t c) { emit_abc(Op::Add, a, b, c); }
  void sub(uint8_t a, uint8_t b, uint8_t c) { emit_abc(Op::Sub, a, b, c); }
  void mul(uint8_t a, uint8_t b, uint8_t c) { emit_abc(Op::Mul, a, b, c); }
  void lt(uint8_t a, uint8_t b, uint8_t c) { emit_abc(Op::Lt, a, b, c); }
  // R[a] = R[b] op K[k]: the constant's index must be below 256 (see
  // constant_fits_c); for the numeric ops (takes_fixnum_k) the constant
  // must be a fixnum, or finish() fails. A GetK right after the TestKeyK
  // of the same key becomes one TestGetK.
  void op_k(Op op, uint8_t a, uint8_t b, uint8_t k) {
    if (op == Op::GetK && fuse_key_test_and_get(a, b, k)) return;
    emit_abc(op, a, b, k, std::max<uint32_t>(a, b));
  }
  void le(uint8_t a, uint8_t b, uint8_t c) { emit_abc(Op::Le, a, b, c); }
  void eq(uint8_t a, uint8_t b, uint8_t c) { emit_abc(Op::Eq, a, b, c); }
  // R[a] = R[a](R[a+1] .. R[a+nargs])
  void call(uint8_t a, uint8_t nargs) { emit_abc(Op::Call, a, nargs, 0, a + nargs); }
  void tail_call(uint8_t a, uint8_t nargs) { emit_abc(Op::TailCall, a, nargs, 0, a + nargs); }
  // R[a] = (var)(R[a+1] .. R[a+nargs]): one CallVar, or GetVar + Call when
  // the var's constant index does not fit the C operand.
  void call_var(uint8_t a, uint8_t nargs, Var* var);
  void tail_call_var(uint8_t a, uint8_t nargs, Var* var);
  void ret(uint8_t a) { emit_abc(Op::Return, a, 0, 0); }
  // R[a] = a closure of `proto`, whose capture list says what it captures
  // from this frame (see capture_register / capture_upvalue on ITS assembler).
  void closure(uint8_t a, const Value& proto) { emit_abx(Op::Closure, a, constant(proto)); }
  // R[a] = a closure of the proto in captured value `slot`, sharing the
  // running closure's captured values (letfn siblings).
  void closure_shared(uint8_t a, uint16_t slot) { emit_abx(Op::ClosureShared, a, slot); }
  void load_self(uint8_t a) { emit_abc(Op::LoadSelf, a, 0, 0); }
  // The instructions emitted so far (a jump's target for loops).
  size_t size() const;
  // Position of the instructions emitted from now on.
  void at(SourcePos pos) { pos_ = pos; }
  SourcePos position() const { return pos_; }
  // Marks register r used (a local that no instruction writes yet).
  void touch_register(uint32_t r) { if (r > max_register_) max_register_ = r; }

  // This proto's captured values, in order: what CLOSURE copies from the
  // enclosing frame when a closure of this proto is made.
  uint8_t capture_register(uint8_t enclosing_register);
  uint8_t capture_upvalue(uint8_t enclosing_capture);

  Label new_label();
  void bind(Label l);  // the label is the next instruction
  void jmp(Label l) { emit_jump(Op::Jmp, 0, l); }
  void jmp_if(uint8_t a, Label l) { emit_jump(Op::JmpIf, a, l); }
  void jmp_if_not(uint8_t a, Label l) { emit_jump(Op::JmpIfNot, a, l); }
  // Jumps to l unless R[a] is true, where R[a] is a temporary that nothing
  // reads afterwards: when the instruction just emitted is the comparison
  // that wrote R[a] (and no label points between the two), they become
  // one compare-and-branch (TestLtK + Jmp...) instead.
  void jmp_unless_temp(uint8_t a, Label l);

  // Resolves the labels and publishes the Proto; fails on an unbound label,
  // a jump out of range, too many constants or captures, or an empty body.
  Result<Value> finish();

 private:
  // `highest`: the highest register the instruction touches; by default
  // derived from its format (A, AB and ABC name registers only).
  void emit_abc(Op op, uint8_t a, uint8_t b, uint8_t c, uint32_t highest = kDeriveHighest);
  static constexpr uint32_t kDeriveHighest = UINT32_MAX;
  void emit_abx(Op op, uint8_t a, uint16_t bx);
  void emit_jump(Op op, uint8_t a, Label l);
  void emit(Instruction i, uint32_t highest_register);

  Proto* proto_;  // owned until finish()
  Value proto_owner_;
  SourcePos pos_;
  uint32_t max_register_ = 0;
  std::vector<int64_t> label_targets_;  // -1 while unbound
  // GetK a b k right after the fused TestKeyK _ b k and its Jmp (a map
  // pattern's key test, then the binding of its value): one TestGetK looks
  // the key up once for both. False when it does not apply.
  bool fuse_key_test_and_get(uint8_t a, uint8_t b, uint8_t k);
  struct Fixup {
    size_t at;
    uint32_t label;
  };
  std::vector<Fixup> fixups_;
  bool constants_overflow_ = false;
};

}  // namespace batuta
