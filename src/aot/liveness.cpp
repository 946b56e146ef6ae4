// liveness.cpp: see liveness.h. The effects follow the comments of
// vm/opcodes.def; liveness is the textbook backward data-flow pass over
// the bytecode's control flow, iterated to a fixed point.
#include "aot/liveness.h"

#include "aot/shapes.h"

namespace batuta::aot {

namespace {

RegisterSet all_registers(const Proto& proto) {
  RegisterSet all;
  for (uint32_t r = 0; r < proto.num_registers && r < all.size(); ++r) all.set(r);
  return all;
}

void read_range(RegisterSet& reads, uint32_t from, uint32_t count) {
  for (uint32_t r = from; r < from + count && r < reads.size(); ++r) reads.set(r);
}

// The instructions control reaches after i: the next one, a jump's target,
// a compare-and-branch's two ways on. Returns and tail calls have none.
std::vector<size_t> successors(const Proto& proto, size_t i) {
  size_t n = proto.code.size();
  Instruction ins = proto.code[i];
  Op op = op_of(ins);
  std::vector<size_t> to;
  auto add = [&](int64_t t) {
    if (t >= 0 && t < static_cast<int64_t>(n)) to.push_back(static_cast<size_t>(t));
  };
  int64_t next = static_cast<int64_t>(i) + 1;
  switch (op) {
    case Op::Return: case Op::TailCall: case Op::TailCallVar:
      break;
    case Op::Jmp:
      add(next + arg_sbx(ins));
      break;
    case Op::JmpIf: case Op::JmpIfNot:
      add(next);
      add(next + arg_sbx(ins));
      break;
    default:
      add(next);
      if (is_test_branch(op)) add(next + 1);
  }
  return to;
}

}  // namespace

RegisterEffects register_effects(const Proto& proto, size_t i) {
  Instruction ins = proto.code[i];
  uint32_t a = arg_a(ins), b = arg_b(ins), c = arg_c(ins);
  RegisterEffects e;
  switch (op_of(ins)) {
    case Op::LoadK: case Op::LoadNil: case Op::LoadTrue: case Op::LoadFalse:
    case Op::GetVar: case Op::GetUpval: case Op::ClosureShared: case Op::LoadSelf:
      e.writes = static_cast<int>(a);
      break;
    case Op::Move:
    case Op::IsTuple: case Op::ElemK: case Op::HasKeyK: case Op::GetK: case Op::IsMap: case Op::EqK: case Op::IsEven:
    case Op::AddK: case Op::SubK: case Op::MulK:
    case Op::LtK: case Op::LeK: case Op::GtK: case Op::GeK:
      e.reads.set(b);
      e.writes = static_cast<int>(a);
      break;
    case Op::Add: case Op::Sub: case Op::Mul: case Op::Lt: case Op::Le: case Op::Eq:
      e.reads.set(b);
      e.reads.set(c);
      e.writes = static_cast<int>(a);
      break;
    case Op::SetVar: case Op::JmpIf: case Op::JmpIfNot: case Op::Return:
      e.reads.set(a);
      break;
    case Op::Jmp:
      break;
    // R[A] is the slow path's scratch (TestGetK's: the value found).
    case Op::TestLtK: case Op::TestLeK: case Op::TestGtK: case Op::TestGeK:
    case Op::TestTuple: case Op::TestMap: case Op::TestKeyK: case Op::TestEqK: case Op::TestEven: case Op::TestGetK:
      e.reads.set(b);
      e.may_write = static_cast<int>(a);
      break;
    case Op::TestLt: case Op::TestLe: case Op::TestEq:
      e.reads.set(b);
      e.reads.set(c);
      e.may_write = static_cast<int>(a);
      break;
    case Op::Call:
      read_range(e.reads, a, b + 1);
      e.writes = static_cast<int>(a);
      break;
    case Op::TailCall:
      read_range(e.reads, a, b + 1);
      break;
    case Op::CallVar:
      read_range(e.reads, a + 1, b);
      e.writes = static_cast<int>(a);
      break;
    case Op::TailCallVar:
      read_range(e.reads, a + 1, b);
      break;
    // Closure captures registers the proto K[Bx] names, which the bytecode
    // does not say; and an opcode added later is unknown here.
    case Op::Closure:
      e.reads = all_registers(proto);
      e.writes = static_cast<int>(a);
      break;
    default:
      e.reads = all_registers(proto);
      break;
  }
  return e;
}

Liveness register_liveness(const Proto& proto) {
  size_t n = proto.code.size();
  std::vector<RegisterEffects> effects;
  std::vector<std::vector<size_t>> next(n);
  effects.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    effects.push_back(register_effects(proto, i));
    next[i] = successors(proto, i);
  }
  Liveness live{std::vector<RegisterSet>(n), std::vector<RegisterSet>(n)};
  // Backward order converges fastest; loops need more rounds.
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t i = n; i-- > 0;) {
      RegisterSet out, in;
      for (size_t s : next[i]) {
        out |= live.in[s];
        RegisterSet through = live.in[s];
        // TestGetK writes R[A] on the way that skips its Jmp: there it kills.
        if (op_of(proto.code[i]) == Op::TestGetK && s == i + 2) through.reset(arg_a(proto.code[i]));
        in |= through;
      }
      if (effects[i].writes >= 0) in.reset(static_cast<size_t>(effects[i].writes));
      in |= effects[i].reads;
      if (out != live.out[i] || in != live.in[i]) {
        live.out[i] = out;
        live.in[i] = in;
        changed = true;
      }
    }
  }
  return live;
}

}  // namespace batuta::aot
