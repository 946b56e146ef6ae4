// assembler.cpp: see assembler.h.
#include "vm/assembler.h"

#include <algorithm>

#include "vm/native_code.h"
#include "vm/var.h"

namespace batuta {

Assembler::Assembler(std::string name, std::string file, uint8_t num_params, bool variadic)
    : proto_(new_proto()), proto_owner_(Value::adopt(proto_)) {
  proto_->name = std::move(name);
  proto_->file = std::move(file);
  proto_->num_params = num_params;
  proto_->variadic = variadic;
  // Parameters (and the rest list) are registers too.
  uint32_t params = uint32_t{num_params} + (variadic ? 1 : 0);
  max_register_ = params == 0 ? 0 : params - 1;
}

uint16_t Assembler::constant(const Value& v) {
  auto& ks = proto_->constants;
  for (size_t i = 0; i < ks.size(); ++i)
    if (ks[i].identical(v)) return static_cast<uint16_t>(i);
  if (ks.size() > UINT16_MAX) {
    constants_overflow_ = true;
    return 0;
  }
  ks.push_back(v);
  return static_cast<uint16_t>(ks.size() - 1);
}

void Assembler::get_var(uint8_t a, Var* var) { emit_abx(Op::GetVar, a, constant(var_value_ref(var))); }
void Assembler::call_var(uint8_t a, uint8_t nargs, Var* var) {
  uint16_t k = constant(var_value_ref(var));
  if (k <= UINT8_MAX) {
    emit_abc(Op::CallVar, a, nargs, static_cast<uint8_t>(k), a + nargs);
  } else {
    emit_abx(Op::GetVar, a, k);
    call(a, nargs);
  }
}
void Assembler::tail_call_var(uint8_t a, uint8_t nargs, Var* var) {
  uint16_t k = constant(var_value_ref(var));
  if (k <= UINT8_MAX) {
    emit_abc(Op::TailCallVar, a, nargs, static_cast<uint8_t>(k), a + nargs);
  } else {
    emit_abx(Op::GetVar, a, k);
    tail_call(a, nargs);
  }
}
void Assembler::set_var(uint8_t a, Var* var) { emit_abx(Op::SetVar, a, constant(var_value_ref(var))); }

uint8_t Assembler::capture_register(uint8_t enclosing_register) {
  proto_->captures.push_back(CaptureSource{false, enclosing_register});
  return static_cast<uint8_t>(proto_->captures.size() - 1);
}

uint8_t Assembler::capture_upvalue(uint8_t enclosing_capture) {
  proto_->captures.push_back(CaptureSource{true, enclosing_capture});
  return static_cast<uint8_t>(proto_->captures.size() - 1);
}

Assembler::Label Assembler::new_label() {
  label_targets_.push_back(-1);
  return Label{static_cast<uint32_t>(label_targets_.size() - 1)};
}

void Assembler::bind(Label l) { label_targets_[l.id] = static_cast<int64_t>(proto_->code.size()); }

void Assembler::emit(Instruction i, uint32_t highest_register) {
  proto_->code.push_back(i);
  proto_->positions.push_back(pos_);
  max_register_ = std::max(max_register_, highest_register);
}

void Assembler::emit_abc(Op op, uint8_t a, uint8_t b, uint8_t c, uint32_t highest) {
  if (highest == kDeriveHighest) {
    switch (op_format(op)) {
      case OperandFormat::ABC:
        highest = std::max({a, b, c});
        break;
      case OperandFormat::AB:
        highest = std::max(a, b);
        break;
      default:
        highest = a;
        break;
    }
  }
  emit(encode_abc(op, a, b, c), highest);
}

void Assembler::emit_abx(Op op, uint8_t a, uint16_t bx) { emit(encode_abx(op, a, bx), a); }

void Assembler::emit_jump(Op op, uint8_t a, Label l) {
  fixups_.push_back(Fixup{proto_->code.size(), l.id});
  emit(encode_asbx(op, a, 0), a);
}

void Assembler::jmp_unless_temp(uint8_t a, Label l) {
  std::vector<Instruction>& code = proto_->code;
  bool fusable = !code.empty() && arg_a(code.back()) == a;
  for (int64_t target : label_targets_) fusable = fusable && target != static_cast<int64_t>(code.size());
  if (fusable) {
    Op test;
    switch (op_of(code.back())) {
      case Op::LtK: test = Op::TestLtK; break;
      case Op::LeK: test = Op::TestLeK; break;
      case Op::GtK: test = Op::TestGtK; break;
      case Op::GeK: test = Op::TestGeK; break;
      case Op::Lt: test = Op::TestLt; break;
      case Op::Le: test = Op::TestLe; break;
      case Op::Eq: test = Op::TestEq; break;
      case Op::EqK: test = Op::TestEqK; break;
      case Op::IsTuple: test = Op::TestTuple; break;
      case Op::IsMap: test = Op::TestMap; break;
      case Op::HasKeyK: test = Op::TestKeyK; break;
      case Op::IsEven: test = Op::TestEven; break;
      default: fusable = false; test = Op::Jmp; break;
    }
    if (fusable) {
      Instruction& cmp = code.back();
      cmp = encode_abc(test, static_cast<uint8_t>(arg_a(cmp)), static_cast<uint8_t>(arg_b(cmp)),
                       static_cast<uint8_t>(arg_c(cmp)));
      jmp(l);
      return;
    }
  }
  jmp_if_not(a, l);
}

bool Assembler::fuse_key_test_and_get(uint8_t a, uint8_t b, uint8_t k) {
  std::vector<Instruction>& code = proto_->code;
  size_t n = code.size();
  if (n < 2 || op_of(code[n - 2]) != Op::TestKeyK || op_of(code[n - 1]) != Op::Jmp) return false;
  if (arg_b(code[n - 2]) != b || arg_c(code[n - 2]) != k) return false;
  // Something else jumping to the GetK would miss its lookup.
  for (int64_t target : label_targets_)
    if (target == static_cast<int64_t>(n)) return false;
  code[n - 2] = encode_abc(Op::TestGetK, a, b, k);
  max_register_ = std::max<uint32_t>(max_register_, std::max(a, b));
  return true;
}

namespace {

// A jump whose target is an unconditional Jmp goes straight to where that
// one leads (the nested ifs of a match end in chains of them). Forward
// targets only: a backward Jmp spends the budget and notices interrupts,
// which a compare-and-branch's jump does not.
void thread_jumps(std::vector<Instruction>& code) {
  for (size_t at = 0; at < code.size(); ++at) {
    if (op_of(code[at]) != Op::Jmp) continue;
    int64_t origin = static_cast<int64_t>(at) + 1;
    int64_t target = origin + arg_sbx(code[at]);
    if (target <= static_cast<int64_t>(at)) continue;
    for (int hops = 0; hops < 16 && target < static_cast<int64_t>(code.size()) && op_of(code[target]) == Op::Jmp;
         ++hops) {
      int64_t next = target + 1 + arg_sbx(code[target]);
      if (next <= target) break;
      target = next;
    }
    int64_t offset = target - origin;
    if (offset <= INT16_MAX) code[at] = encode_asbx(Op::Jmp, static_cast<uint8_t>(arg_a(code[at])), static_cast<int16_t>(offset));
  }
}

}  // namespace

Result<Value> Assembler::finish() {
  if (proto_->code.empty()) return make_error(ErrorKind::InvalidArgument, "assembler: " + proto_->name + " has no code");
  if (constants_overflow_) {
    return make_error(ErrorKind::InvalidArgument, "assembler: " + proto_->name + " has more than 65536 constants");
  }
  if (proto_->captures.size() > 256) {
    return make_error(ErrorKind::InvalidArgument, "assembler: " + proto_->name + " captures more than 256 values");
  }
  for (Instruction i : proto_->code) {
    if (takes_fixnum_k(op_of(i)) && !(arg_c(i) < proto_->constants.size() && proto_->constants[arg_c(i)].is_fixnum())) {
      return make_error(ErrorKind::InvalidArgument,
                        std::string("assembler: ") + op_name(op_of(i)) + " in " + proto_->name + " needs an integer constant");
    }
  }
  for (const Fixup& fx : fixups_) {
    int64_t target = label_targets_[fx.label];
    if (target < 0) return make_error(ErrorKind::InvalidArgument, "assembler: unbound label in " + proto_->name);
    int64_t offset = target - static_cast<int64_t>(fx.at) - 1;  // relative to the next instruction
    if (offset < INT16_MIN || offset > INT16_MAX) {
      return make_error(ErrorKind::InvalidArgument, "assembler: jump out of range in " + proto_->name);
    }
    Instruction& i = proto_->code[fx.at];
    i = encode_asbx(op_of(i), static_cast<uint8_t>(arg_a(i)), static_cast<int16_t>(offset));
  }
  thread_jumps(proto_->code);
  proto_->num_registers = static_cast<uint16_t>(max_register_ + 1);
  proto_->direct_argc = proto_->variadic ? Proto::kNoDirectArgc : proto_->num_params;
  attach_native_code(*proto_);  // the code is final now: its hash is the key
  return std::move(proto_owner_);
}

}  // namespace batuta

namespace batuta {
size_t Assembler::size() const { return proto_->code.size(); }
}  // namespace batuta
