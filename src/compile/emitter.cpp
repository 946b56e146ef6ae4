// emitter.cpp: see emitter.h.
#include "compile/emitter.h"

#include <unordered_map>
#include <unordered_set>

#include "compile/compiler.h"
#include "core/name.h"
#include "vm/assembler.h"
#include "vm/var.h"

namespace batuta {

namespace {

constexpr uint32_t kMaxRegisters = 250;  // leaves room for a call window's callee

// Emits one arity of one function.
class FnEmitter {
 public:
  FnEmitter(FnEmitter* parent, ir::Fn* fn, ir::FnArity* arity, const std::string& file)
      : parent_(parent),
        fn_(fn),
        arity_(arity),
        as_(fn->name, file, static_cast<uint8_t>(arity->params.size()), arity->rest != nullptr),
        file_(file) {
    uint32_t r = 0;
    for (ir::Local* p : arity->params) regs_[p] = static_cast<uint8_t>(r++);
    if (arity->rest != nullptr) regs_[arity->rest] = static_cast<uint8_t>(r++);
    top_ = r;
    group_slots_ = fn->group != nullptr ? static_cast<uint32_t>(fn->group->fns.size()) : 0;
  }

  // The arity's Proto, with its capture list described relative to the
  // parent's frame (given by the caller through add_capture_sources).
  Result<Value> emit_body(const std::vector<uint8_t>* group_proto_regs) {
    as_.at(arity_->pos);
    // Capture sources: what the parent's CLOSURE copies into this closure.
    if (parent_ != nullptr) {
      if (group_proto_regs != nullptr) {
        for (uint8_t r : *group_proto_regs) as_.capture_register(r);
      }
      for (ir::Local* l : *fn_->captures) {
        auto it = parent_->regs_.find(l);
        if (it != parent_->regs_.end()) {
          as_.capture_register(it->second);
          continue;
        }
        int k = parent_->capture_index(l);
        if (k < 0) return fail("internal error: captured local " + std::string(name_text_of(l)) + " not found");
        as_.capture_upvalue(static_cast<uint8_t>(k));
      }
    }
    // Prologue: the function itself and its letfn siblings, when used.
    for (ir::Local* l : fn_->prologue) {
      if (!l->used) continue;
      uint8_t r = alloc();
      regs_[l] = r;
      if (l->origin == ir::Local::Origin::Self) {
        as_.load_self(r);
      } else {
        uint32_t slot = 0;
        for (; slot < fn_->group->fns.size() && fn_->group->fns[slot] != l->sibling; ++slot) {
        }
        as_.closure_shared(r, static_cast<uint16_t>(slot));
      }
    }
    body_start_ = as_.new_label();
    as_.bind(body_start_);
    emit_tail(arity_->body);
    if (failed_) return error_;
    if (top_high_ > kMaxRegisters) return fail_error("function " + fn_->name + " is too complex: it needs more than " +
                                                     std::to_string(kMaxRegisters) + " registers");
    auto proto = as_.finish();
    if (!proto) return fail_error(fn_->name + ": " + proto.error().message);
    return proto;
  }

 private:
  static std::string_view name_text_of(ir::Local* l) {
    return l->name.is_symbol() ? l->name.as_name()->full() : std::string_view("?");
  }

  Error fail_error(std::string message) {
    return make_error(ErrorKind::CompileError, file_ + ":" + std::to_string(fn_->pos.line) + ":" +
                                                   std::to_string(fn_->pos.column) + ": " + message);
  }
  Error fail(std::string message) {
    if (!failed_) {
      failed_ = true;
      error_ = fail_error(std::move(message));
    }
    return error_;
  }

  int capture_index(ir::Local* l) const {
    const std::vector<ir::Local*>& list = *fn_->captures;
    for (size_t i = 0; i < list.size(); ++i)
      if (list[i] == l) return static_cast<int>(group_slots_ + i);
    return -1;
  }

  uint8_t alloc() {
    uint32_t r = top_++;
    if (top_ > top_high_) top_high_ = top_;
    if (r >= kMaxRegisters) {
      fail("function " + fn_->name + " is too complex: it needs more than " + std::to_string(kMaxRegisters) +
           " registers");
      return 0;
    }
    as_.touch_register(r);
    return static_cast<uint8_t>(r);
  }

  void at(const ir::Node* n) { as_.at(n->pos); }

  // A register holding the node's value: a local's own register, or a new
  // temporary (freed when the caller resets top_).
  uint8_t to_reg(ir::Node* n) {
    if (n->kind == ir::NodeKind::LocalRef) {
      auto it = regs_.find(static_cast<ir::LocalRef*>(n)->local);
      if (it != regs_.end()) return it->second;
    }
    uint8_t r = alloc();
    emit(n, r);
    return r;
  }

  void emit_const(const Value& v, uint8_t dest) {
    if (v.is_nil()) {
      as_.load_nil(dest);
    } else if (v.is_bool()) {
      as_.load_bool(dest, v.truthy());
    } else {
      as_.load_k(dest, v);
    }
  }

  void emit(ir::Node* n, uint8_t dest) {
    if (failed_) return;
    at(n);
    switch (n->kind) {
      case ir::NodeKind::Const:
        emit_const(static_cast<ir::Const*>(n)->value, dest);
        return;
      case ir::NodeKind::LocalRef: {
        ir::Local* l = static_cast<ir::LocalRef*>(n)->local;
        auto it = regs_.find(l);
        if (it != regs_.end()) {
          if (it->second != dest) as_.move(dest, it->second);
          return;
        }
        int k = capture_index(l);
        if (k < 0) {
          fail("internal error: local " + std::string(name_text_of(l)) + " has no register");
          return;
        }
        as_.get_upval(dest, static_cast<uint8_t>(k));
        return;
      }
      case ir::NodeKind::VarRef:
        as_.get_var(dest, static_cast<ir::VarRef*>(n)->var);
        return;
      case ir::NodeKind::If: {
        auto* node = static_cast<ir::If*>(n);
        auto otherwise = as_.new_label();
        auto end = as_.new_label();
        jump_unless(node->test, otherwise);
        emit(node->then, dest);
        as_.jmp(end);
        as_.bind(otherwise);
        emit(node->otherwise, dest);
        as_.bind(end);
        return;
      }
      case ir::NodeKind::Do: {
        auto* node = static_cast<ir::Do*>(n);
        if (node->body.empty()) {
          as_.load_nil(dest);
          return;
        }
        for (size_t i = 0; i + 1 < node->body.size(); ++i) discard(node->body[i]);
        emit(node->body.back(), dest);
        return;
      }
      case ir::NodeKind::Let: {
        auto* node = static_cast<ir::Let*>(n);
        uint32_t saved = top_;
        bind_let(node);
        emit(node->body, dest);
        top_ = saved;
        return;
      }
      case ir::NodeKind::Recur:
        emit_recur(static_cast<ir::Recur*>(n));
        return;
      case ir::NodeKind::Fn:
        emit_closure(static_cast<ir::Fn*>(n), dest, nullptr);
        return;
      case ir::NodeKind::LetFn: {
        auto* node = static_cast<ir::LetFn*>(n);
        uint32_t saved = top_;
        bind_letfn(node);
        emit(node->body, dest);
        top_ = saved;
        return;
      }
      case ir::NodeKind::Call: {
        auto* node = static_cast<ir::Call*>(n);
        uint32_t saved = top_;
        // The window starts at dest when dest is the newest register (it is
        // dead until the call writes it), which saves a MOVE.
        uint8_t base = (dest + 1u == top_) ? dest : alloc();
        emit_call(node, base, /*tail=*/false);
        if (base != dest) as_.move(dest, base);
        top_ = saved;
        return;
      }
      case ir::NodeKind::Intrinsic: {
        auto* node = static_cast<ir::Intrinsic*>(n);
        if (emit_pattern_intrinsic(node, dest)) return;
        if (emit_intrinsic_k(node, dest)) return;
        uint32_t saved = top_;
        uint8_t ra = to_reg(node->a);
        uint8_t rb = to_reg(node->b);
        if (node->swapped) std::swap(ra, rb);
        at(n);
        switch (node->op) {
          case Op::Add:
            as_.add(dest, ra, rb);
            break;
          case Op::Sub:
            as_.sub(dest, ra, rb);
            break;
          case Op::Mul:
            as_.mul(dest, ra, rb);
            break;
          case Op::Lt:
            as_.lt(dest, ra, rb);
            break;
          case Op::Le:
            as_.le(dest, ra, rb);
            break;
          case Op::Eq:
            as_.eq(dest, ra, rb);
            break;
          default:
            fail("internal error: unknown intrinsic");
        }
        top_ = saved;
        return;
      }
      case ir::NodeKind::Return: {
        // Leaves the function here; dest is never written (nothing after
        // this point in the same path runs).
        uint32_t saved = top_;
        uint8_t r = to_reg(static_cast<ir::Return*>(n)->value);
        at(n);
        as_.ret(r);
        top_ = saved;
        return;
      }
      case ir::NodeKind::Def: {
        auto* node = static_cast<ir::Def*>(n);
        if (node->init != nullptr) {
          uint32_t saved = top_;
          uint8_t r = to_reg(node->init);
          at(n);
          as_.set_var(r, node->var);
          top_ = saved;
        }
        as_.load_k(dest, var_value_ref(node->var));
        return;
      }
    }
  }

  // The call window at `base`: the callee, the arguments above it, then
  // the call. A var callee (a defn'd function) is read by the call itself
  // (CallVar), not loaded into the window first.
  void emit_call(ir::Call* node, uint8_t base, bool tail) {
    Var* var = node->fn->kind == ir::NodeKind::VarRef ? static_cast<ir::VarRef*>(node->fn)->var : nullptr;
    if (var == nullptr) emit(node->fn, base);
    for (ir::Node* a : node->args) emit(a, alloc());
    at(node);
    auto nargs = static_cast<uint8_t>(node->args.size());
    if (var != nullptr) {
      tail ? as_.tail_call_var(base, nargs, var) : as_.call_var(base, nargs, var);
    } else {
      tail ? as_.tail_call(base, nargs) : as_.call(base, nargs);
    }
  }

  // The pattern tests and accessors (IsTuple, ElemK, HasKeyK, GetK): the
  // second operand is a literal read from the instruction (a count) or
  // the constant pool (a key). A key whose constant index does not fit
  // the C operand is looked up by calling the core function instead.
  bool emit_pattern_intrinsic(ir::Intrinsic* node, uint8_t dest) {
    bool keyed = node->op == Op::HasKeyK || node->op == Op::GetK;
    if (!keyed && node->op != Op::IsTuple && node->op != Op::ElemK && node->op != Op::IsMap && node->op != Op::IsEven)
      return false;
    const Value& operand = static_cast<ir::Const*>(node->b)->value;
    uint32_t c = keyed ? as_.constant(operand) : static_cast<uint32_t>(operand.as_fixnum());
    uint32_t saved = top_;
    if (c <= 255) {
      uint8_t r = to_reg(node->a);
      at(node);
      as_.op_k(node->op, dest, r, static_cast<uint8_t>(c));
    } else {
      uint8_t base = alloc();
      // (IsTuple, ElemK, IsMap and IsEven always fit: their operand is a small count.)
      as_.get_var(base, intern_var(core_namespace(), symbol(node->op == Op::GetK ? "get" : "match-key?")));
      emit(node->a, alloc());
      emit(node->b, alloc());
      at(node);
      as_.call(base, 2);
      as_.move(dest, base);
    }
    top_ = saved;
    return true;
  }

  // An intrinsic with one numeric constant operand, as one instruction
  // reading the constant directly (AddK, LtK...). False when it does not
  // apply; the general form is emitted then.
  bool emit_intrinsic_k(ir::Intrinsic* node, uint8_t dest) {
    auto numeric_const = [](ir::Node* x) {
      return x->kind == ir::NodeKind::Const && static_cast<ir::Const*>(x)->value.is_fixnum();
    };
    // In source order the operands are (x, y) = swapped ? (b, a) : (a, b),
    // and the instruction computes x op y.
    ir::Node* x = node->swapped ? node->b : node->a;
    ir::Node* y = node->swapped ? node->a : node->b;
    Op op;
    ir::Node* reg_side;
    ir::Node* k_side;
    auto is_const = [](ir::Node* n) { return n->kind == ir::NodeKind::Const; };
    if (node->op == Op::Eq && is_const(x) != is_const(y)) {
      // = against any constant (a pattern's literal): EqK. = is symmetric.
      op = Op::EqK;
      reg_side = is_const(x) ? y : x;
      k_side = is_const(x) ? x : y;
    } else if (numeric_const(y) && !numeric_const(x)) {
      reg_side = x;
      k_side = y;
      switch (node->op) {
        case Op::Add: op = Op::AddK; break;
        case Op::Sub: op = Op::SubK; break;
        case Op::Mul: op = Op::MulK; break;
        case Op::Lt: op = Op::LtK; break;
        case Op::Le: op = Op::LeK; break;
        default: return false;
      }
    } else if (numeric_const(x) && !numeric_const(y)) {
      // k op r: addition and multiplication commute; k < r is r > k.
      reg_side = y;
      k_side = x;
      switch (node->op) {
        case Op::Add: op = Op::AddK; break;
        case Op::Mul: op = Op::MulK; break;
        case Op::Lt: op = Op::GtK; break;
        case Op::Le: op = Op::GeK; break;
        default: return false;
      }
    } else {
      return false;
    }
    uint16_t k = as_.constant(static_cast<ir::Const*>(k_side)->value);
    if (k > 255) return false;
    uint32_t saved = top_;
    uint8_t r = to_reg(reg_side);
    at(node);
    as_.op_k(op, dest, r, static_cast<uint8_t>(k));
    top_ = saved;
    return true;
  }

  // Jumps to `target` when the test's value is falsey. A test that is
  // itself `(if a b false)` (what `and` and the pattern tests of
  // compile/pattern.h expand to) becomes two such jumps, with no boolean
  // made in between.
  void jump_unless(ir::Node* test, Assembler::Label target) {
    if (test->kind == ir::NodeKind::If) {
      auto* inner = static_cast<ir::If*>(test);
      if (inner->otherwise->kind == ir::NodeKind::Const &&
          !static_cast<ir::Const*>(inner->otherwise)->value.truthy()) {
        jump_unless(inner->test, target);
        jump_unless(inner->then, target);
        return;
      }
    }
    uint32_t saved = top_;
    uint8_t t = to_reg(test);
    top_ = saved;
    at(test);
    // A comparison's result register is a temporary here: the two
    // instructions can fuse into one compare-and-branch.
    if (test->kind == ir::NodeKind::Intrinsic) {
      as_.jmp_unless_temp(t, target);
    } else {
      as_.jmp_if_not(t, target);
    }
  }

  // Evaluates a node for its effects only.
  void discard(ir::Node* n) {
    if (n->kind == ir::NodeKind::Const || n->kind == ir::NodeKind::LocalRef) return;
    uint32_t saved = top_;
    emit(n, alloc());
    top_ = saved;
  }

  // Emits the node in tail position: it returns from the function.
  void emit_tail(ir::Node* n) {
    if (failed_) return;
    at(n);
    switch (n->kind) {
      case ir::NodeKind::If: {
        auto* node = static_cast<ir::If*>(n);
        auto otherwise = as_.new_label();
        jump_unless(node->test, otherwise);
        emit_tail(node->then);
        as_.bind(otherwise);
        emit_tail(node->otherwise);
        return;
      }
      case ir::NodeKind::Do: {
        auto* node = static_cast<ir::Do*>(n);
        if (node->body.empty()) break;
        for (size_t i = 0; i + 1 < node->body.size(); ++i) discard(node->body[i]);
        emit_tail(node->body.back());
        return;
      }
      case ir::NodeKind::Let: {
        auto* node = static_cast<ir::Let*>(n);
        uint32_t saved = top_;
        bind_let(node, /*tail=*/true);
        emit_tail(node->body);
        top_ = saved;
        return;
      }
      case ir::NodeKind::LetFn: {
        auto* node = static_cast<ir::LetFn*>(n);
        uint32_t saved = top_;
        bind_letfn(node);
        emit_tail(node->body);
        top_ = saved;
        return;
      }
      case ir::NodeKind::Recur:
        emit_recur(static_cast<ir::Recur*>(n));
        return;
      case ir::NodeKind::Return:
        emit_tail(static_cast<ir::Return*>(n)->value);
        return;
      case ir::NodeKind::Call: {
        auto* node = static_cast<ir::Call*>(n);
        uint32_t saved = top_;
        emit_call(node, alloc(), /*tail=*/true);
        top_ = saved;
        return;
      }
      default:
        break;
    }
    uint32_t saved = top_;
    uint8_t r = to_reg(n);
    at(n);
    as_.ret(r);
    top_ = saved;
  }

  // A loop in tail position never comes back to the code around it, so a
  // local it does not mention is dead from its first iteration on. Clearing
  // such registers is Clojure's "locals clearing": without it a parameter
  // holding the head of a lazy seq, as `coll` in
  // (defn reduce [f val coll] (loop [s (seq coll) ...] ...)), keeps every
  // realised element alive for the whole loop.
  void clear_dead_before_tail_loop(ir::Let* loop) {
    std::unordered_set<ir::Local*> live;
    if (!collect_locals(loop->body, live)) return;
    for (const auto& b : loop->bindings) live.insert(b.local);
    // regs_ still maps locals of scopes that have ended, whose registers
    // may now hold a live local: a register is cleared only when no live
    // local owns it.
    std::vector<bool> keep(top_, false);
    for (ir::Local* l : live) {
      auto it = regs_.find(l);
      if (it != regs_.end() && it->second < top_) keep[it->second] = true;
    }
    // Cleared in register order, not in regs_'s (which follows the locals'
    // addresses): the same source must give the same bytecode in every
    // process, since native code is found by its bytecode (native_code.h).
    std::vector<bool> owned(top_, false);
    for (const auto& [local, reg] : regs_)
      if (reg < top_) owned[reg] = true;
    for (uint32_t reg = 0; reg < top_; ++reg)
      if (owned[reg] && !keep[reg]) as_.load_nil(static_cast<uint8_t>(reg));
  }

  // Adds every local `n` reads (closures made inside read their captures).
  // False when it meets a node it does not know, so the caller clears nothing.
  static bool collect_locals(ir::Node* n, std::unordered_set<ir::Local*>& out) {
    if (n == nullptr) return true;
    switch (n->kind) {
      case ir::NodeKind::Const:
      case ir::NodeKind::VarRef:
        return true;
      case ir::NodeKind::LocalRef:
        out.insert(static_cast<ir::LocalRef*>(n)->local);
        return true;
      case ir::NodeKind::If: {
        auto* x = static_cast<ir::If*>(n);
        return collect_locals(x->test, out) && collect_locals(x->then, out) && collect_locals(x->otherwise, out);
      }
      case ir::NodeKind::Do:
        for (ir::Node* e : static_cast<ir::Do*>(n)->body)
          if (!collect_locals(e, out)) return false;
        return true;
      case ir::NodeKind::Let: {
        auto* x = static_cast<ir::Let*>(n);
        for (const auto& b : x->bindings)
          if (!collect_locals(b.init, out)) return false;
        return collect_locals(x->body, out);
      }
      case ir::NodeKind::Recur:
        for (ir::Node* e : static_cast<ir::Recur*>(n)->args)
          if (!collect_locals(e, out)) return false;
        return true;
      case ir::NodeKind::Fn:
        for (ir::Local* l : *static_cast<ir::Fn*>(n)->captures) out.insert(l);
        return true;
      case ir::NodeKind::LetFn: {
        auto* x = static_cast<ir::LetFn*>(n);
        for (ir::Local* l : x->shared_captures) out.insert(l);
        for (ir::Fn* f : x->fns)
          for (ir::Local* l : *f->captures) out.insert(l);
        return collect_locals(x->body, out);
      }
      case ir::NodeKind::Call: {
        auto* x = static_cast<ir::Call*>(n);
        if (!collect_locals(x->fn, out)) return false;
        for (ir::Node* e : x->args)
          if (!collect_locals(e, out)) return false;
        return true;
      }
      case ir::NodeKind::Intrinsic: {
        auto* x = static_cast<ir::Intrinsic*>(n);
        return collect_locals(x->a, out) && collect_locals(x->b, out);
      }
      case ir::NodeKind::Def:
        return collect_locals(static_cast<ir::Def*>(n)->init, out);
      case ir::NodeKind::Return:
        return collect_locals(static_cast<ir::Return*>(n)->value, out);
      default:
        return false;
    }
  }

  // `tail`: the let is in tail position; a loop there clears the registers
  // it leaves dead once, before its first turn (not on every recur).
  void bind_let(ir::Let* node, bool tail = false) {
    std::vector<uint8_t> loop_regs;
    for (const auto& b : node->bindings) {
      uint8_t r = alloc();
      emit(b.init, r);
      regs_[b.local] = r;
      loop_regs.push_back(r);
    }
    if (node->is_loop) {
      if (tail) clear_dead_before_tail_loop(node);
      auto start = as_.new_label();
      as_.bind(start);
      loops_[node] = LoopTarget{start, std::move(loop_regs)};
    }
  }

  void emit_recur(ir::Recur* node) {
    std::vector<uint8_t> targets;
    Assembler::Label label;
    if (node->loop != nullptr) {
      auto it = loops_.find(node->loop);
      if (it == loops_.end()) {
        fail("internal error: recur to a loop of another function");
        return;
      }
      targets = it->second.regs;
      label = it->second.start;
    } else {
      for (ir::Local* p : arity_->params) targets.push_back(regs_[p]);
      if (arity_->rest != nullptr) targets.push_back(regs_[arity_->rest]);
      label = body_start_;
    }
    // New values go to temporaries first: (recur y x) must not see the
    // half-updated bindings. A value goes straight to its binding's
    // register when nothing evaluated after it reads the old value (see
    // writes_in_place): (recur (inc i) (- i acc)) computes acc in place.
    uint32_t saved = top_;
    std::vector<int> temps(node->args.size(), -1);
    for (size_t i = 0; i < node->args.size(); ++i) {
      ir::Node* a = node->args[i];
      if (a->kind == ir::NodeKind::LocalRef) {
        auto it = regs_.find(static_cast<ir::LocalRef*>(a)->local);
        if (it != regs_.end() && it->second == targets[i]) continue;  // unchanged
      }
      if (writes_in_place(node, i, targets[i])) {
        emit(a, targets[i]);
        continue;
      }
      uint8_t t = alloc();
      emit(a, t);
      temps[i] = t;
    }
    at(node);
    for (size_t i = 0; i < node->args.size(); ++i) {
      if (temps[i] >= 0) as_.move(targets[i], static_cast<uint8_t>(temps[i]));
    }
    as_.jmp(label);
    top_ = saved;
  }

  // Whether recur's argument i may be evaluated straight into its binding's
  // register `target`: no later argument reads that register, and the
  // argument itself does not read it, or is one arithmetic or comparison
  // instruction on locals and constants (which reads its operands before
  // it writes). A node collect_locals does not know makes the answer no.
  bool writes_in_place(ir::Recur* node, size_t i, uint8_t target) {
    std::unordered_set<ir::Local*> later;
    for (size_t j = i + 1; j < node->args.size(); ++j)
      if (!collect_locals(node->args[j], later)) return false;
    if (reads_register(later, target)) return false;
    ir::Node* a = node->args[i];
    if (a->kind == ir::NodeKind::Intrinsic) {
      auto* x = static_cast<ir::Intrinsic*>(a);
      auto operand = [](ir::Node* n) { return n->kind == ir::NodeKind::LocalRef || n->kind == ir::NodeKind::Const; };
      switch (x->op) {
        case Op::Add: case Op::Sub: case Op::Mul: case Op::Lt: case Op::Le: case Op::Eq:
          if (operand(x->a) && operand(x->b)) return true;
          break;
        default:
          break;
      }
    }
    std::unordered_set<ir::Local*> own;
    return collect_locals(a, own) && !reads_register(own, target);
  }

  bool reads_register(const std::unordered_set<ir::Local*>& locals, uint8_t r) const {
    for (ir::Local* l : locals) {
      auto it = regs_.find(l);
      if (it != regs_.end() && it->second == r) return true;
    }
    return false;
  }

  void emit_closure(ir::Fn* fn, uint8_t dest, const std::vector<uint8_t>* group_proto_regs) {
    auto proto = compile_fn(fn, group_proto_regs);
    if (!proto) {
      if (!failed_) {
        failed_ = true;
        error_ = proto.take_error();
      }
      return;
    }
    at(fn);
    as_.closure(dest, proto.value());
  }

 public:
  // Every arity of fn, compiled as a child of this emitter; the first
  // Proto carries the others as overloads.
  Result<Value> compile_fn(ir::Fn* fn, const std::vector<uint8_t>* group_proto_regs) {
    Value primary;
    for (size_t i = 0; i < fn->arities.size(); ++i) {
      FnEmitter child(this, fn, fn->arities[i], file_);
      auto proto = child.emit_body(group_proto_regs);
      if (!proto) return proto.take_error();
      if (i == 0) {
        primary = std::move(proto.value());
      } else {
        object_as<Proto>(primary)->overloads.push_back(std::move(proto.value()));
      }
    }
    return primary;
  }

 private:
  void bind_letfn(ir::LetFn* node) {
    // Each member's proto sits in a register while the members are made:
    // they are the first captured values of every member (ClosureShared
    // makes siblings from them).
    std::vector<uint8_t> proto_regs;
    for (size_t i = 0; i < node->fns.size(); ++i) proto_regs.push_back(alloc());
    std::vector<Value> protos;
    for (ir::Fn* fn : node->fns) {
      auto proto = compile_fn(fn, &proto_regs);
      if (!proto) {
        if (!failed_) {
          failed_ = true;
          error_ = proto.take_error();
        }
        return;
      }
      protos.push_back(std::move(proto.value()));
    }
    for (size_t i = 0; i < protos.size(); ++i) as_.load_k(proto_regs[i], protos[i]);
    for (size_t i = 0; i < node->fns.size(); ++i) {
      uint8_t r = alloc();
      regs_[node->names[i]] = r;
      at(node->fns[i]);
      as_.closure(r, protos[i]);
    }
  }

  struct LoopTarget {
    Assembler::Label start;
    std::vector<uint8_t> regs;
  };

  FnEmitter* parent_;
  ir::Fn* fn_;
  ir::FnArity* arity_;
  Assembler as_;
  std::string file_;
  std::unordered_map<ir::Local*, uint8_t> regs_;
  std::unordered_map<ir::Let*, LoopTarget> loops_;
  Assembler::Label body_start_{0};
  uint32_t top_ = 0;
  uint32_t top_high_ = 0;
  uint32_t group_slots_ = 0;
  bool failed_ = false;
  Error error_;
};

}  // namespace

Result<Value> emit_function(ir::Fn* fn, const std::string& file) {
  if (fn->arities.size() != 1 || !fn->captures->empty()) {
    return make_error(ErrorKind::CompileError, "internal error: a top-level function takes no captures");
  }
  FnEmitter top(nullptr, fn, fn->arities[0], file);
  return top.emit_body(nullptr);
}

}  // namespace batuta
