// shapes.cpp: see shapes.h. A forward data-flow pass over the proto's
// instructions: facts flow along the edges native code takes, merge by
// agreement at joins, and die when their register is written.
#include "aot/shapes.h"

namespace batuta::aot {

namespace {

// The instructions that leave R[A] as it was (all others may write it;
// native instructions write no other register).
bool keeps_register_a(Op op) {
  switch (op) {
    case Op::SetVar: case Op::Jmp: case Op::JmpIf: case Op::JmpIfNot:
    case Op::TestTuple: case Op::TestMap: case Op::TestKeyK: case Op::TestEqK: case Op::TestEq:
      return true;
    default:
      return false;
  }
}

using Facts = std::vector<Shape>;

struct Flow {
  const Proto& proto;
  const std::vector<bool>& native;
  std::vector<Facts> in;
  std::vector<bool> reached;
  std::vector<size_t> work;

  // Facts arriving at instruction `to`: the first arrival sets them, later
  // ones keep only what they agree on.
  void arrive(int64_t to, const Facts& facts) {
    if (to < 0 || to >= static_cast<int64_t>(proto.code.size())) return;
    size_t t = static_cast<size_t>(to);
    if (!reached[t]) {
      reached[t] = true;
      in[t] = facts;
      work.push_back(t);
      return;
    }
    bool changed = false;
    for (size_t r = 0; r < facts.size(); ++r) {
      if (in[t][r].kind != Shape::Unknown && !(in[t][r] == facts[r])) {
        in[t][r] = Shape{};
        changed = true;
      }
    }
    if (changed) work.push_back(t);
  }

  void step(size_t i) {
    Instruction ins = proto.code[i];
    Op op = op_of(ins);
    if (!native[i]) return;  // handed back: no native successor
    Facts out = in[i];
    if (!keeps_register_a(op) && arg_a(ins) < out.size()) out[arg_a(ins)] = Shape{};
    int64_t next = static_cast<int64_t>(i) + 1;
    if (op == Op::Jmp) return arrive(next + arg_sbx(ins), out);
    if (op == Op::JmpIf || op == Op::JmpIfNot) {
      arrive(next + arg_sbx(ins), out);
      return arrive(next, out);
    }
    if (is_test_branch(op)) {
      // Taken: the Jmp after it (its own instruction, reached with these facts).
      arrive(next, out);
      Facts passed = out;
      uint32_t b = arg_b(ins);
      if (b < passed.size()) {
        if (op == Op::TestTuple) passed[b] = Shape{Shape::Tuple, static_cast<uint8_t>(arg_c(ins))};
        if (op == Op::TestMap || op == Op::TestKeyK || (op == Op::TestGetK && b != arg_a(ins))) passed[b] = Shape{Shape::Map, 0};
      }
      return arrive(next + 1, passed);
    }
    arrive(next, out);
  }
};

}  // namespace

bool is_test_branch(Op op) {
  switch (op) {
    case Op::TestLtK: case Op::TestLeK: case Op::TestGtK: case Op::TestGeK:
    case Op::TestLt: case Op::TestLe: case Op::TestEq:
    case Op::TestTuple: case Op::TestMap: case Op::TestKeyK: case Op::TestEqK: case Op::TestGetK:
      return true;
    default:
      return false;
  }
}

std::vector<std::vector<Shape>> register_shapes(const Proto& proto, const std::vector<bool>& entries,
                                                const std::vector<bool>& native) {
  size_t n = proto.code.size();
  Facts unknown(proto.num_registers);
  Flow flow{proto, native, std::vector<Facts>(n, unknown), std::vector<bool>(n, false), {}};
  // Entered from the interpreter: nothing known, and it stays that way
  // (the facts of other arrivals are merged into none).
  for (size_t i = 0; i < n; ++i) {
    if (entries[i]) {
      flow.reached[i] = true;
      flow.work.push_back(i);
    }
  }
  while (!flow.work.empty()) {
    size_t i = flow.work.back();
    flow.work.pop_back();
    flow.step(i);
  }
  return flow.in;
}

}  // namespace batuta::aot
