// codegen.cpp: bytecode to C++ (see codegen.h, vm/native_code.h and
// docs/internals/aot.md).
//
// One C++ function per distinct bytecode (and fixnum constants, below).
// Every instruction becomes a label `iN:` followed by its code; control
// flow between instructions is plain gotos, so g++ sees the whole function
// as one graph. Operands that the instruction word holds (registers,
// element indexes, arities, jump targets) are immediates; so are the
// fixnum constants the code reads (a loop's bound and step, a clause's
// result), whose words are the same in every process, and which the table
// entry lists (NativeConstant), so that a proto with the same bytecode and
// other numbers gets code of its own. Other constants and captured values
// are read from the frame, as the interpreter reads them. What an
// instruction computes comes from vm/instructions_inline.h, the
// interpreter's own helpers.
//
// An instruction the generator leaves to the interpreter ("hands back")
// becomes `frame.pc = code + N; return;`: calls, returns, failures (the
// interpreter runs the instruction again and raises the error at the same
// place), a backward jump when the budget or an interrupt would act, and
// every opcode without a generator below (the template's default), so
// opcodes added later are safe before anyone teaches the generator them.
#include "aot/codegen.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <string_view>
#include <unordered_set>

#include "aot/liveness.h"
#include "aot/shapes.h"
#include "vm/native_code.h"

namespace batuta::aot {

namespace {

std::string hex64(uint64_t h) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

// Text safe inside a // comment: printable ASCII only, and no backslash
// (one at the end of the line would continue the comment onto the code).
std::string comment_text(std::string_view s) {
  std::string out;
  for (char ch : s) out.push_back(ch >= 0x20 && ch < 0x7F && ch != '\\' ? ch : '?');
  return out;
}

std::string num(int64_t v) { return std::to_string(v); }

// A generated function's key: its bytecode hash, then _N for the Nth
// function of the same bytecode (the same body with other fixnum
// constants). Its name and its companions' (code words, constants) are
// the key behind a prefix.
std::string function_key(uint64_t hash, size_t ordinal) {
  return hex64(hash) + (ordinal == 0 ? "" : "_" + num(static_cast<int64_t>(ordinal)));
}
std::string function_name(const std::string& key) { return "batuta_native_" + key; }
std::string code_words_name(const std::string& key) { return "batuta_bytecode_" + key; }
std::string constants_name(const std::string& key) { return "batuta_constants_" + key; }

// What write_function knows about a proto before writing any instruction.
struct FunctionFacts {
  std::vector<RegisterSet> live_in, live_out;  // liveness.h, per instruction
  std::set<uint32_t> written;                   // the registers native code may write
  // The exits hand-backs share, one per set of registers to commit
  // (`leaveN:` at the function's end): many hand-backs commit the same.
  std::map<std::vector<uint32_t>, size_t> exits;
  // The constants the code relies on (NativeConstant): index to the word
  // written into the code, or 0 for one compared by its word.
  std::map<uint16_t, uint64_t> constants;
};

// Writes the code of one instruction (index `at`, word `ins`) of `proto`.
class InstructionWriter {
 public:
  InstructionWriter(const Proto& proto, size_t at, const std::vector<Shape>& shapes, FunctionFacts& facts,
                    std::set<uint32_t>& registers, std::string& out)
      : proto_(proto), at_(at), ins_(proto.code[at]), shapes_(shapes), facts_(facts), registers_(registers), out_(out) {}

  uint32_t a() const { return arg_a(ins_); }
  uint32_t b() const { return arg_b(ins_); }
  uint32_t c() const { return arg_c(ins_); }
  uint32_t bx() const { return arg_bx(ins_); }
  int32_t sbx() const { return arg_sbx(ins_); }

  // Registers are read from locals `rN` (see write_function), through a
  // view of the local.
  std::string local(uint32_t r) {
    registers_.insert(r);
    return "r" + num(r);
  }
  std::string reg(uint32_t r) { return "RegisterView(" + local(r) + ").value()"; }
  static std::string constant(uint32_t k) { return "K[" + num(k) + "]"; }
  std::string ra() { return reg(a()); }
  std::string rb() { return reg(b()); }
  std::string rc() { return reg(c()); }

  // A deferred write of register r (write_function): the local takes
  // `word`, an immediate or a word something else keeps alive until the
  // next commit; the frame is not touched.
  std::string set(uint32_t r, const std::string& word) { return local(r) + " = " + word + ";"; }
  void set_line(const std::string& word) { line(set(a(), word)); }

  // An owning write of register r: `body` writes `out`, the frame's
  // register, with the ordinary ownership rules (a new object, a var's
  // value), and the local reads the new word back. The release of the
  // register's old value could free what a deferred local borrows, so the
  // locals still to be read are committed first.
  std::string store(uint32_t r, const std::string& body) {
    return "{" + commit(committed_before_store(r)) + " Value& out = R[" + num(r) + "]; " + body + " " + local(r) +
           " = out.bits(); }";
  }
  // The same for a `call` that may fail (returning false with `out`
  // untouched).
  std::string store_checked(uint32_t r, const std::string& call, const std::string& on_fail) {
    return "{" + commit(committed_before_store(r)) + " Value& out = R[" + num(r) + "]; bool ok = " + call + "; " +
           local(r) + " = out.bits(); if (!ok) " + on_fail + " }";
  }
  // The locals read by the instruction or after it, but r's own (which the
  // store replaces) unless the instruction reads it.
  RegisterSet committed_before_store(uint32_t r) const {
    RegisterSet after = facts_.live_out[at_];
    after.reset(r);
    return facts_.live_in[at_] | after;
  }
  void store_line(const std::string& body) { line(store(a(), body)); }
  std::string kc() const { return constant(c()); }
  // What the pattern tests passed on the way here say about R[r].
  Shape shape(uint32_t r) const { return r < shapes_.size() ? shapes_[r] : Shape{}; }
  // The next instruction but one (a test's way on when it holds), and the
  // target of the Jmp after a test (its way when it fails); has_branch().
  std::string go_on() const { return go(static_cast<int64_t>(at_) + 2); }
  std::string go_taken() const { return go(target(at_ + 1, arg_sbx(proto_.code[at_ + 1]))); }

  void line(const std::string& text) { out_ += "  " + text + "\n"; }

  // Leaves this instruction to the interpreter, with the frame's
  // registers as it will read them.
  std::string hand_back() {
    std::vector<uint32_t> stored;
    for (uint32_t r : facts_.written)
      if (facts_.live_in[at_].test(r)) stored.push_back(r);
    std::string pc = "{ frame.pc = code + " + num(static_cast<int64_t>(at_)) + "; ";
    if (stored.empty()) return pc + "return; }";
    size_t exit = facts_.exits.emplace(stored, facts_.exits.size()).first->second;
    return pc + "goto leave" + num(static_cast<int64_t>(exit)) + "; }";
  }
  // Stores the deferred writes among `live` to the frame: every register
  // native code writes whose local differs from the frame's word. Two
  // rounds: the new words are all retained before any old word is
  // released, since a new word may be borrowed from an old one.
  std::string commit(const RegisterSet& live) {
    std::string changed, retain, replace;
    for (uint32_t r : facts_.written) {
      if (!live.test(r)) continue;
      std::string c = "c" + num(r), l = local(r), slot = "R[" + num(r) + "]";
      changed += (changed.empty() ? " const bool " : ", ") + c + " = " + l + " != " + slot + ".bits()";
      retain += " if (" + c + ") retain_word(" + l + ");";
      replace += " if (" + c + ") replace_with_retained(" + slot + ", " + l + ");";
    }
    if (changed.empty()) return "";
    return " {" + changed + ";" + retain + replace + " }";
  }
  void hand_back_line() { line(hand_back()); }

  // The index a jump at `from` with offset `offset` lands on, or -1 when it
  // leaves the code (the generator then hands the jump back).
  int64_t target(size_t from, int32_t offset) const {
    int64_t t = static_cast<int64_t>(from) + 1 + offset;
    return t >= 0 && t < static_cast<int64_t>(proto_.code.size()) ? t : -1;
  }
  static std::string go(int64_t index) { return "goto i" + num(index) + ";"; }

  // A compare-and-branch (TestLt...): `holds` decides between skipping the
  // Jmp that follows and taking it. False when no Jmp follows.
  bool has_branch() const {
    return at_ + 1 < proto_.code.size() && op_of(proto_.code[at_ + 1]) == Op::Jmp &&
           target(at_ + 1, arg_sbx(proto_.code[at_ + 1])) >= 0 && at_ + 2 < proto_.code.size();
  }
  // `if (holds) goto <after the Jmp>; goto <the Jmp's target>;` As in the
  // interpreter, the taken Jmp is not dispatched: no budget, even backward.
  std::string branch(const std::string& holds) const { return "if (" + holds + ") " + go_on() + " " + go_taken(); }
  // A fused test whose whole work is `holds`.
  void test_branch(const std::string& holds) {
    if (!has_branch()) return hand_back_line();
    line(branch(holds));
  }

  // The value of K[C] in R[B] when R[B] is a map holding it, or nullptr
  // (TestKeyK, TestGetK, HasKeyK); the map test is left out when known.
  std::string key_lookup() {
    if (word_constant(c())) {
      std::string lookup = "find_word_key(" + rb() + ", " + constant_word(c()) + ")";
      return shape(b()).kind == Shape::Map ? lookup : "(is_map_object(" + rb() + ") ? " + lookup + " : nullptr)";
    }
    if (shape(b()).kind == Shape::Map) return "find_key_constant(" + rb() + ", " + kc() + ")";
    return "map_value_of_key(" + rb() + ", " + kc() + ")";
  }
  // (= R[B] K[C]): one compare of the words when K[C] is a word constant.
  std::string equals_kc() {
    if (word_constant(c())) return rb() + ".bits() == " + constant_word(c());
    return "equals_constant(" + rb() + ", " + kc() + ")";
  }
  // Whether constant k can be compared by its word: then the code relies on
  // it, and says so in its table entry, which a proto whose constant k is
  // something else does not get.
  bool word_constant(uint32_t k) {
    if (k >= proto_.constants.size() || !is_word_constant(proto_.constants[k])) return false;
    facts_.constants.emplace(static_cast<uint16_t>(k), 0);  // a literal's entry, when there is one, stays
    return true;
  }
  // The word of constant k as C++: a fixnum's written in as a literal (and
  // listed: the code is only for protos whose constant k is that word),
  // anything else read from the frame's constants.
  std::string constant_word(uint32_t k) {
    if (k >= proto_.constants.size() || !proto_.constants[k].is_fixnum()) return constant(k) + ".bits()";
    uint64_t word = proto_.constants[k].bits();
    facts_.constants[static_cast<uint16_t>(k)] = word;
    return "0x" + hex64(word) + "ull";
  }
  // K[C] of AddK, SubK, MulK and the compares with a constant, a fixnum
  // (Assembler::finish guarantees it): its literal word, for the fast path.
  std::string fixnum_kc() { return "FixnumWord{" + constant_word(c()) + "}"; }

  // Add/Sub/Mul and AddK/SubK: `fast(lhs, fast_rhs, word)` on fixnums,
  // else the numeric tower's `general` on `rhs`, whose result (a double, a
  // big integer) is kept in the local when it is an immediate and owned by
  // the frame when it is an object; a failure is handed back.
  void arith(const std::string& fast, const std::string& lhs, const std::string& fast_rhs, const std::string& rhs,
             const std::string& general) {
    line("{ uint64_t word; if (" + fast + "(" + lhs + ", " + fast_rhs + ", word)) [[likely]] " + set(a(), "word"));
    line("  else { Value result; if (!arith_slow_or_fail(" + general + ", " + lhs + ", " + rhs + ", result)) " +
         hand_back());
    line("    if (!result.is_object()) " + set(a(), "result.bits()"));
    line("    else " + store(a(), "out = std::move(result);") + " } }");
  }

  // The numeric comparisons, as the interpreter's COMPARE: both fixnums
  // (for a constant, known) compared directly, else compare_slow giving a
  // boolean. `test`: the fused form deciding the next Jmp (the
  // interpreter's scratch write of R[A] is not needed); otherwise the
  // result goes to R[A].
  void compare(bool constant_rhs, const char* op, bool swapped, bool or_equal, const char* name, bool test) {
    std::string lhs = rb();
    std::string rhs = constant_rhs ? kc() : rc();
    std::string fixnums = constant_rhs ? lhs + ".is_fixnum()" : lhs + ".both_fixnum(" + rhs + ")";
    std::string holds = lhs + ".scaled_fixnum() " + op + " " + (constant_rhs ? fixnum_kc() : rhs) + ".scaled_fixnum()";
    std::string slow = "Value result; if (!compare_slow_or_fail(" + (swapped ? rhs + ", " + lhs : lhs + ", " + rhs) +
                       ", " + (or_equal ? "true" : "false") + ", \"" + name + "\", result)) " + hand_back();
    if (test) {
      if (!has_branch()) return hand_back_line();
      line("if (" + fixnums + ") [[likely]] { " + branch(holds) + " }");
      line("{ " + slow + " " + branch("result.truthy()") + " }");
    } else {
      line("if (" + fixnums + ") [[likely]] " + set(a(), "Value::boolean(" + holds + ").bits()"));
      line("else { " + slow + " " + set(a(), "result.bits()") + " }");
    }
  }

  // Jmp, JmpIf, JmpIfNot.
  void jump(const std::string& condition) {
    int64_t t = target(at_, sbx());
    if (t < 0) return hand_back_line();
    if (condition.empty()) {
      if (sbx() < 0) line("if (!Interpreter::native_backward_jump(fiber)) " + hand_back());
      line(go(t));
    } else {
      line("if (" + condition + ") " + go(t));
    }
  }

 private:
  const Proto& proto_;
  size_t at_;
  Instruction ins_;
  const std::vector<Shape>& shapes_;
  FunctionFacts& facts_;
  std::set<uint32_t>& registers_;  // the registers the function's code names
  std::string& out_;
};

// The code of one opcode. The default, for every opcode not specialised
// below (calls, returns, and any opcode added to opcodes.def later), is
// none: the interpreter runs it.
using OpWriter = void (*)(InstructionWriter&);
template <Op op>
constexpr OpWriter kWriter = nullptr;

// Deferred writes (write_function) of immediates and of words the proto,
// the closure or another register keeps alive.
template <> constexpr OpWriter kWriter<Op::LoadK> = [](InstructionWriter& w) {
  w.set_line(w.constant_word(w.bx()));
};
template <> constexpr OpWriter kWriter<Op::LoadNil> = [](InstructionWriter& w) { w.set_line("kNilWord"); };
template <> constexpr OpWriter kWriter<Op::LoadTrue> = [](InstructionWriter& w) { w.set_line("Value::boolean(true).bits()"); };
template <> constexpr OpWriter kWriter<Op::LoadFalse> = [](InstructionWriter& w) { w.set_line("Value::boolean(false).bits()"); };
template <> constexpr OpWriter kWriter<Op::Move> = [](InstructionWriter& w) {
  if (w.a() != w.b()) w.set_line(w.local(w.b()));
};
template <> constexpr OpWriter kWriter<Op::GetVar> = [](InstructionWriter& w) {
  // Unbound: the interpreter raises.
  w.line(w.store_checked(w.a(), "var_get(object_as<const Var>(" + w.constant(w.bx()) + "), out)", w.hand_back()));
};
template <> constexpr OpWriter kWriter<Op::SetVar> = [](InstructionWriter& w) {
  w.line("var_set(object_as<Var>(" + w.constant(w.bx()) + "), " + w.ra() + ");");
};
// The running closure's captured values are fixed for as long as it runs.
template <> constexpr OpWriter kWriter<Op::GetUpval> = [](InstructionWriter& w) {
  w.set_line("frame.closure->captures[" + num(w.b()) + "].bits()");
};
template <> constexpr OpWriter kWriter<Op::Add> = [](InstructionWriter& w) {
  w.arith("fixnum_arith_word<FixnumOp::Add>", w.rb(), w.rc(), w.rc(), "batuta::add");
};
template <> constexpr OpWriter kWriter<Op::Sub> = [](InstructionWriter& w) {
  w.arith("fixnum_arith_word<FixnumOp::Subtract>", w.rb(), w.rc(), w.rc(), "batuta::subtract");
};
template <> constexpr OpWriter kWriter<Op::Mul> = [](InstructionWriter& w) {
  w.arith("fixnum_arith_word<FixnumOp::Multiply>", w.rb(), w.rc(), w.rc(), "batuta::multiply");
};
template <> constexpr OpWriter kWriter<Op::AddK> = [](InstructionWriter& w) {
  w.arith("fixnum_arith_word<FixnumOp::Add>", w.rb(), w.fixnum_kc(), "FixnumK{" + w.kc() + "}", "batuta::add");
};
template <> constexpr OpWriter kWriter<Op::SubK> = [](InstructionWriter& w) {
  w.arith("fixnum_arith_word<FixnumOp::Subtract>", w.rb(), w.fixnum_kc(), "FixnumK{" + w.kc() + "}", "batuta::subtract");
};
template <> constexpr OpWriter kWriter<Op::MulK> = [](InstructionWriter& w) {
  w.arith("fixnum_arith_word<FixnumOp::Multiply>", w.rb(), w.fixnum_kc(), "FixnumK{" + w.kc() + "}", "batuta::multiply");
};
// even? and odd? on a fixnum; anything else (a big integer, an error) is
// the interpreter's.
template <> constexpr OpWriter kWriter<Op::IsEven> = [](InstructionWriter& w) {
  w.line("if (!" + w.rb() + ".is_fixnum()) " + w.hand_back());
  w.set_line("Value::boolean((" + w.rb() + ".as_fixnum() & 1) == " + num(w.c()) + ").bits()");
};
template <> constexpr OpWriter kWriter<Op::TestEven> = [](InstructionWriter& w) {
  if (!w.has_branch()) return w.hand_back_line();
  w.line("if (!" + w.rb() + ".is_fixnum()) " + w.hand_back());
  w.test_branch("(" + w.rb() + ".as_fixnum() & 1) == " + num(w.c()));
};
// GtK and GeK compare `R[B] > K[C]` as `K[C] < R[B]` on the slow path, as
// the interpreter does (the swapped flag).
template <> constexpr OpWriter kWriter<Op::LtK> = [](InstructionWriter& w) { w.compare(true, "<", false, false, "<", false); };
template <> constexpr OpWriter kWriter<Op::LeK> = [](InstructionWriter& w) { w.compare(true, "<=", false, true, "<=", false); };
template <> constexpr OpWriter kWriter<Op::GtK> = [](InstructionWriter& w) { w.compare(true, ">", true, false, "<", false); };
template <> constexpr OpWriter kWriter<Op::GeK> = [](InstructionWriter& w) { w.compare(true, ">=", true, true, "<=", false); };
template <> constexpr OpWriter kWriter<Op::Lt> = [](InstructionWriter& w) { w.compare(false, "<", false, false, "<", false); };
template <> constexpr OpWriter kWriter<Op::Le> = [](InstructionWriter& w) { w.compare(false, "<=", false, true, "<=", false); };
template <> constexpr OpWriter kWriter<Op::TestLtK> = [](InstructionWriter& w) { w.compare(true, "<", false, false, "<", true); };
template <> constexpr OpWriter kWriter<Op::TestLeK> = [](InstructionWriter& w) { w.compare(true, "<=", false, true, "<=", true); };
template <> constexpr OpWriter kWriter<Op::TestGtK> = [](InstructionWriter& w) { w.compare(true, ">", true, false, "<", true); };
template <> constexpr OpWriter kWriter<Op::TestGeK> = [](InstructionWriter& w) { w.compare(true, ">=", true, true, "<=", true); };
template <> constexpr OpWriter kWriter<Op::TestLt> = [](InstructionWriter& w) { w.compare(false, "<", false, false, "<", true); };
template <> constexpr OpWriter kWriter<Op::TestLe> = [](InstructionWriter& w) { w.compare(false, "<=", false, true, "<=", true); };
template <> constexpr OpWriter kWriter<Op::Eq> = [](InstructionWriter& w) {
  w.set_line("Value::boolean(" + w.rb() + ".identical(" + w.rc() + ") || equals(" + w.rb() + ", " + w.rc() +
             ")).bits()");
};
template <> constexpr OpWriter kWriter<Op::TestEq> = [](InstructionWriter& w) {
  w.test_branch(w.rb() + ".identical(" + w.rc() + ") || equals(" + w.rb() + ", " + w.rc() + ")");
};
template <> constexpr OpWriter kWriter<Op::Jmp> = [](InstructionWriter& w) { w.jump(""); };
template <> constexpr OpWriter kWriter<Op::JmpIf> = [](InstructionWriter& w) { w.jump(w.ra() + ".truthy()"); };
template <> constexpr OpWriter kWriter<Op::JmpIfNot> = [](InstructionWriter& w) { w.jump("!" + w.ra() + ".truthy()"); };
template <> constexpr OpWriter kWriter<Op::Closure> = [](InstructionWriter& w) {
  // It captures from the frame's registers: Closure reads every register
  // (liveness.cpp), so store() commits them all first.
  w.store_line("make_closure_in(" + w.constant(w.bx()) + ", R, frame.closure->captures, out);");
};
template <> constexpr OpWriter kWriter<Op::ClosureShared> = [](InstructionWriter& w) {
  w.store_line("make_shared_closure(frame.closure->captures[" + num(w.bx()) + "], frame.closure, out);");
};
// The running closure lives while it runs.
template <> constexpr OpWriter kWriter<Op::LoadSelf> = [](InstructionWriter& w) { w.set_line("object_word(frame.closure)"); };
template <> constexpr OpWriter kWriter<Op::IsTuple> = [](InstructionWriter& w) {
  w.set_line("Value::boolean(is_tuple_of(" + w.rb() + ", " + num(w.c()) + ")).bits()");
};
// An element is kept alive by its collection, in R[B] or borrowed from
// what keeps R[B]'s word alive.
template <> constexpr OpWriter kWriter<Op::ElemK> = [](InstructionWriter& w) {
  Shape known = w.shape(w.b());
  if (known.kind == Shape::Tuple && w.c() < known.size) {
    return w.line(w.set(w.a(), "as_tuple(" + w.rb() + ")->items[" + num(w.c()) + "].bits()") + "  // known tuple");
  }
  w.set_line("element_word(" + w.rb() + ", " + num(w.c()) + ")");
};
template <> constexpr OpWriter kWriter<Op::HasKeyK> = [](InstructionWriter& w) {
  w.set_line("Value::boolean(" + w.key_lookup() + " != nullptr).bits()");
};
// A map's value is borrowed from the map; `get` on anything else (a
// record, a vector, a set) makes its result, which the frame owns.
template <> constexpr OpWriter kWriter<Op::GetK> = [](InstructionWriter& w) {
  w.line("if (is_map_object(" + w.rb() + ")) { const Value* found = find_key_constant(" + w.rb() + ", " + w.kc() +
         "); " + w.set(w.a(), "found != nullptr ? found->bits() : kNilWord") + " }");
  w.line("else " + w.store(w.a(), "get_k(" + w.rb() + ", " + w.kc() + ", out);"));
};
template <> constexpr OpWriter kWriter<Op::IsMap> = [](InstructionWriter& w) {
  w.set_line("Value::boolean(is_map_object(" + w.rb() + ")).bits()");
};
template <> constexpr OpWriter kWriter<Op::EqK> = [](InstructionWriter& w) {
  w.set_line("Value::boolean(" + w.equals_kc() + ").bits()");
};
// The shape tests are decided here when an earlier test already knows
// the register's shape.
template <> constexpr OpWriter kWriter<Op::TestTuple> = [](InstructionWriter& w) {
  Shape known = w.shape(w.b());
  if (known.kind != Shape::Unknown && w.has_branch()) {
    return w.line((known.is_tuple_of(w.c()) ? w.go_on() : w.go_taken()) + "  // known " +
                  (known.kind == Shape::Map ? std::string("map") : "tuple of " + num(known.size)));
  }
  w.test_branch("is_tuple_of(" + w.rb() + ", " + num(w.c()) + ")");
};
template <> constexpr OpWriter kWriter<Op::TestMap> = [](InstructionWriter& w) {
  Shape known = w.shape(w.b());
  if (known.kind != Shape::Unknown && w.has_branch()) {
    return w.line((known.kind == Shape::Map ? w.go_on() : w.go_taken()) + "  // known shape");
  }
  w.test_branch("is_map_object(" + w.rb() + ")");
};
template <> constexpr OpWriter kWriter<Op::TestKeyK> = [](InstructionWriter& w) {
  w.test_branch(w.key_lookup() + " != nullptr");
};
template <> constexpr OpWriter kWriter<Op::TestEqK> = [](InstructionWriter& w) {
  w.test_branch(w.equals_kc());
};
template <> constexpr OpWriter kWriter<Op::TestGetK> = [](InstructionWriter& w) {
  if (!w.has_branch()) return w.hand_back_line();
  w.line("{");
  w.line("  const Value* found = " + w.key_lookup() + ";");
  w.line("  if (found != nullptr) " + w.set(w.a(), "found->bits()"));
  w.line("  " + w.branch("found != nullptr"));
  w.line("}");
};

constexpr OpWriter kOpWriters[] = {
#define BATUTA_OPCODE(name, format) kWriter<Op::name>,
#include "vm/opcodes.def"
#undef BATUTA_OPCODE
};
static_assert(sizeof kOpWriters / sizeof kOpWriters[0] == kOpCount);

// The instructions native code can be entered at: where the interpreter
// calls it (vm/interpreter.cpp): a frame's start, the instruction after a
// call (a return into the frame, a native function's result, a resumed
// suspension), a backward jump's target, and a backward jump itself (a
// fiber resumed after yielding there). Any other pc finds no case and
// returns at once, running nothing, which is always correct; keeping the
// entries few keeps g++'s view of the control flow close to the source's.
std::vector<bool> entry_points(const Proto& proto) {
  size_t n = proto.code.size();
  std::vector<bool> entry(n, false);
  entry[0] = true;
  for (size_t i = 0; i < n; ++i) {
    Op op = op_of(proto.code[i]);
    if ((op == Op::Call || op == Op::CallVar) && i + 1 < n) entry[i + 1] = true;
    if (op == Op::Jmp && arg_sbx(proto.code[i]) < 0) {
      entry[i] = true;
      int64_t t = static_cast<int64_t>(i) + 1 + arg_sbx(proto.code[i]);
      if (t >= 0) entry[static_cast<size_t>(t)] = true;
    }
  }
  return entry;
}

// Which instructions native code runs (and goes on from), and where it is
// entered: what both the worth test and the writer need.
struct ProtoPlan {
  std::vector<bool> entry;
  std::vector<bool> native;
};

ProtoPlan plan(const Proto& proto) {
  ProtoPlan p{entry_points(proto), std::vector<bool>(proto.code.size())};
  for (size_t i = 0; i < proto.code.size(); ++i) {
    size_t op = static_cast<size_t>(op_of(proto.code[i]));
    p.native[i] = op < kOpCount && kOpWriters[op] != nullptr;
  }
  return p;
}

// Entering native code costs a C++ call and the entry switch, about what
// interpreting a few instructions costs (fib's native code, which runs two
// or three instructions between calls, made it 10% slower than the
// interpreter alone). So a proto gets native code only when it has a loop
// (a backward Jmp, which native code runs round after round) or an entry
// from which native code can run at least kMinNativeRun instructions
// before handing one back; the others stay interpreted, at no cost.
constexpr size_t kMinNativeRun = 6;

bool worth_native_code(const Proto& proto, const ProtoPlan& p) {
  size_t n = proto.code.size();
  for (size_t i = 0; i < n; ++i)
    if (p.native[i] && op_of(proto.code[i]) == Op::Jmp && arg_sbx(proto.code[i]) < 0) return true;
  // Without backward jumps every edge goes forward: the longest native run
  // from each instruction, computed from the end.
  std::vector<size_t> run(n + 1, 0);
  for (size_t i = n; i-- > 0;) {
    if (!p.native[i]) continue;
    Instruction ins = proto.code[i];
    auto reach = [&](int64_t to) {
      if (to > static_cast<int64_t>(i) && to <= static_cast<int64_t>(n)) run[i] = std::max(run[i], 1 + run[to]);
    };
    int64_t next = static_cast<int64_t>(i) + 1;
    Op op = op_of(ins);
    if (op == Op::Jmp) {
      reach(next + arg_sbx(ins));
    } else {
      reach(next);  // for a compare-and-branch, its Jmp: one more than it runs when taken
      if (op == Op::JmpIf || op == Op::JmpIfNot) reach(next + arg_sbx(ins));
      if (is_test_branch(op)) reach(next + 1);
    }
  }
  for (size_t i = 0; i < n; ++i)
    if (p.entry[i] && run[i] >= kMinNativeRun) return true;
  return false;
}

// Deferred register writes. The registers the function's code names are
// read from locals `uint64_t rN` (see RegisterView in
// vm/instructions_inline.h), loaded from the frame on entry. A write of an
// immediate (a fixnum, a keyword, a boolean) or of a word something else
// keeps alive (a constant, a captured value, an element of a collection
// another register holds) goes to the local only: no store, no count. The
// frame keeps its old words, and with them everything a local may borrow,
// until a commit stores the locals that differ from it (`commit`): at each
// hand-back, of the registers the interpreter may read from there (live,
// liveness.h), and before each owning write (a new closure, a var's value,
// a big integer), whose release of the old value could free what a local
// borrows. A local is never a reference of its own, so a dead one is
// simply dropped: the frame's old word stays until the register is
// written again or the frame ends, as a dead register's does in the
// interpreter.
// Returns the constants the code relies on (NativeConstant).
std::map<uint16_t, uint64_t> write_function(const Proto& proto, const std::string& key, std::string& out) {
  size_t n = proto.code.size();
  ProtoPlan p = plan(proto);
  const std::vector<bool>& entry = p.entry;
  const std::vector<bool>& native = p.native;
  std::vector<std::vector<Shape>> shapes = register_shapes(proto, entry, native);
  Liveness live = register_liveness(proto);
  FunctionFacts facts{std::move(live.in), std::move(live.out), {}, {}, {}};
  for (size_t i = 0; i < n; ++i) {
    if (!native[i]) continue;
    RegisterEffects e = register_effects(proto, i);
    if (e.writes >= 0) facts.written.insert(static_cast<uint32_t>(e.writes));
    if (e.may_write >= 0) facts.written.insert(static_cast<uint32_t>(e.may_write));
  }
  std::set<uint32_t> registers;
  std::string body;
  for (size_t i = 0; i < n; ++i) {
    Instruction ins = proto.code[i];
    Op op = op_of(ins);
    body += "i" + num(static_cast<int64_t>(i)) + ":  // " + (static_cast<size_t>(op) < kOpCount ? op_name(op) : "?") +
            " " + num(arg_a(ins)) + " " + num(arg_b(ins)) + " " + num(arg_c(ins)) + "\n";
    InstructionWriter w(proto, i, shapes[i], facts, registers, body);
    if (native[i]) {
      kOpWriters[static_cast<size_t>(op)](w);
    } else {
      w.hand_back_line();
    }
  }
  // Falling off the end is the interpreter's to handle as it would.
  body += "  frame.pc = code + " + num(static_cast<int64_t>(n)) + ";\n  return;\n";
  for (const auto& [stored, exit] : facts.exits) {
    RegisterSet set;
    for (uint32_t r : stored) set.set(r);
    InstructionWriter w(proto, 0, shapes[0], facts, registers, body);
    body += "leave" + num(static_cast<int64_t>(exit)) + ":" + w.commit(set) + "\n  return;\n";
  }

  out += "// " + comment_text(proto.name) + " (" + comment_text(proto.file) + "), " + num(static_cast<int64_t>(n)) +
         " instructions, " + num(proto.num_registers) + " registers\n";
  out += "void " + function_name(key) + "(Fiber& fiber, Frame& frame) {\n";
  out += "  (void)fiber;\n";
  out += "  Value* const R = frame.base;\n";
  out += "  const Value* const K = frame.constants;\n";
  out += "  const Instruction* const code = frame.proto->code.data();\n";
  out += "  (void)R;\n  (void)K;\n";
  for (uint32_t r : registers) out += "  uint64_t r" + num(r) + " = R[" + num(r) + "].bits();\n";
  out += "  switch (frame.pc - code) {\n";
  for (size_t i = 0; i < n; ++i)
    if (entry[i]) out += "    case " + num(static_cast<int64_t>(i)) + ": goto i" + num(static_cast<int64_t>(i)) + ";\n";
  out += "    default: return;\n  }\n";
  out += body;
  out += "}\n\n";
  return facts.constants;
}

// The instruction words a function was generated from, which
// install_native_code compares with a proto's before giving it the code.
void write_code_words(const Proto& proto, const std::string& key, std::string& out) {
  out += "const batuta::Instruction " + code_words_name(key) + "[] = {";
  for (size_t i = 0; i < proto.code.size(); ++i) {
    out += (i % 8 == 0 ? "\n    " : " ") + std::string("0x") + hex64(proto.code[i]).substr(8) + "u,";
  }
  out += "\n};\n\n";
}

// Every proto reachable from `proto` (itself, the protos of the closures
// it makes, its other arities) that is worth native code, by bytecode
// hash, in the order met.
using ProtosByHash = std::map<uint64_t, std::vector<const Proto*>>;
void collect(const Proto* proto, ProtosByHash& by_hash, std::unordered_set<const Proto*>& seen) {
  if (!seen.insert(proto).second) return;
  if (!proto->code.empty() && worth_native_code(*proto, plan(*proto))) by_hash[bytecode_hash(*proto)].push_back(proto);
  for (const Value& k : proto->constants)
    if (is_proto(k)) collect(object_as<const Proto>(k), by_hash, seen);
  for (const Value& o : proto->overloads)
    if (is_proto(o)) collect(object_as<const Proto>(o), by_hash, seen);
}

}  // namespace

std::string generate_native_code(std::span<const Proto* const> protos) {
  ProtosByHash by_hash;  // ordered: the same program gives the same text
  std::unordered_set<const Proto*> seen;
  for (const Proto* p : protos) collect(p, by_hash, seen);

  // One function per bytecode and set of constants it relies on: the
  // protos of one bytecode whose code lists the same constants share it.
  // Which constants a proto's code relies on is known once its code is
  // written, so each proto's is, and a shared one's is dropped.
  struct Function {
    uint64_t hash;
    std::string key;
    const Proto* proto;
    std::map<uint16_t, uint64_t> constants;
  };
  std::vector<Function> functions;
  std::string code;
  for (const auto& [hash, group] : by_hash) {
    size_t first = functions.size();
    for (const Proto* proto : group) {
      std::string key = function_key(hash, functions.size() - first), text;
      std::map<uint16_t, uint64_t> constants = write_function(*proto, key, text);
      bool shared = std::any_of(functions.begin() + static_cast<std::ptrdiff_t>(first), functions.end(),
                                [&](const Function& f) { return f.constants == constants && f.proto->code == proto->code; });
      if (shared) continue;
      code += text;
      write_code_words(*proto, key, code);
      if (!constants.empty()) {
        code += "const batuta::NativeConstant " + constants_name(key) + "[] = {";
        for (const auto& [index, word] : constants) code += "{" + num(index) + ", 0x" + hex64(word) + "ull},";
        code += "};\n\n";
      }
      functions.push_back(Function{hash, key, proto, std::move(constants)});
    }
  }

  std::string out;
  out += "// Native code for " + num(static_cast<int64_t>(functions.size())) +
         " functions, generated by batuta's aot code generator (src/aot/codegen.cpp).\n";
  out += "// Each function runs a frame from frame.pc and returns with frame.pc at the\n";
  out += "// first instruction it leaves to the interpreter (vm/native_code.h).\n";
  out += "#include \"vm/instructions_inline.h\"\n";
  out += "#include \"vm/native_code.h\"\n";
  out += "#include \"vm/var.h\"\n\n";
  // Not every label is jumped to, and a register only written has a local
  // that is set and never read.
  out += "#pragma GCC diagnostic ignored \"-Wunused-label\"\n";
  out += "#pragma GCC diagnostic ignored \"-Wunused-but-set-variable\"\n\n";
  out += "namespace {\n\nusing namespace batuta;\nusing namespace batuta::vm_detail;\n\n";
  out += code;
  out += "}  // namespace\n\n";
  // A table of no entries still needs one element to be an array.
  out += "extern \"C\" const batuta::NativeCodeEntry batuta_native_code[] = {\n";
  for (const Function& f : functions) {
    out += "    {0x" + hex64(f.hash) + "ull, &" + function_name(f.key) + ", " + code_words_name(f.key) +
           ", " + num(static_cast<int64_t>(f.proto->code.size())) + ", " + num(f.proto->num_registers) + ", " +
           num(static_cast<int64_t>(f.constants.size())) + ", " +
           (f.constants.empty() ? "nullptr" : constants_name(f.key)) + "},\n";
  }
  if (functions.empty()) out += "    {0, nullptr, nullptr, 0, 0, 0, nullptr},\n";
  out += "};\n";
  out += "extern \"C\" const size_t batuta_native_code_count = " + num(static_cast<int64_t>(functions.size())) + ";\n";
  return out;
}

}  // namespace batuta::aot
