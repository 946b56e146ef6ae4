// interpreter.cpp: the dispatch loop and the fast paths of calls and
// returns (interpreter_calls.cpp has the rest; see interpreter.h for the frame
// layout). Dispatch is by computed goto on GCC and Clang (clang lowers it
// for wasm32 too), with a switch for other compilers.
#include "vm/interpreter.h"

#include <algorithm>

#include "core/equality.h"
#include "vm/instructions_inline.h"
#include "vm/native_code.h"
#include "vm/var.h"

// Define BATUTA_VM_COMPUTED_GOTO=0 to build the switch version.
#ifndef BATUTA_VM_COMPUTED_GOTO
#if defined(__GNUC__) || defined(__clang__)
#define BATUTA_VM_COMPUTED_GOTO 1
#else
#define BATUTA_VM_COMPUTED_GOTO 0
#endif
#endif

namespace batuta::vm_detail {

namespace {

// The callee of CallVar and TailCallVar. A closure root is neither counted
// nor stored: the var (immortal) keeps every root it ever held alive
// (var.h), so `slot` (the frame's base[-1]) is left nil, which makes the
// return's store over it free, and `closure` is set. Any other value is
// loaded into `slot` as GetVar does and `closure` is null. A native root
// is borrowed the same way (`native` set, `slot` nil): a call of `even?` or
// `reduced?` then changes no (atomic, the root is shared) reference count.
// False when the var is unbound.
BATUTA_VM_HOT bool load_var_callee(Var* var, Value& slot, const Closure*& closure, const Native*& native,
                                   Error& error) {
  uint64_t bits = var->root.load(std::memory_order_acquire);
  if ((bits & Value::kTagMask) == Value::kObjectTag) {
    auto* o = reinterpret_cast<const Object*>(static_cast<uintptr_t>(bits & Value::kPayloadMask));
    if (o->kind == Kind::Closure) [[likely]] {
      closure = static_cast<const Closure*>(o);
      slot = Value();
      return true;
    }
    if (o->kind == Kind::Native) {
      closure = nullptr;
      native = static_cast<const Native*>(o);
      slot = Value();
      return true;
    }
  }
  closure = nullptr;
  native = nullptr;
  if (!var_get(var, slot)) [[unlikely]] {
    error = unbound_var_error(var);
    return false;
  }
  return true;
}

// A CallVar of the function running in `frame` (a recursive defn): the
// var's root is the frame's closure and the frame runs that closure's
// primary proto (not one of its overloads, which a call would not
// necessarily pick). Then the callee's proto is frame->proto, which the
// dispatch loop already holds: the new frame's code and constants do not
// wait for the chain of loads constant -> var -> root -> closure -> proto,
// whose result only confirms the (predicted) branch.
BATUTA_VM_HOT bool calls_running_closure(const Var* var, const Frame* frame) {
  uint64_t self = Value::kObjectTag | static_cast<uint64_t>(reinterpret_cast<uintptr_t>(frame->closure));
  return var->root.load(std::memory_order_acquire) == self && frame->proto == frame->closure->proto();
}

}  // namespace

// push_frame and return_from_frame are the cost of every call; they are
// inlined into the dispatch loop (their rare paths stay out of line).
BATUTA_VM_HOT Frame* Interpreter::push_frame_hot(Fiber& f, const Closure* closure, const Proto* proto, Value* callee,
                                                 size_t argc, Value* segment_end, Value* result_slot, Error& error) {
  // The common call, tested at once: the arguments fit the primary arity
  // exactly (no rest list, no overload), the registers fit the segment, the
  // frame array has room (its capacity stops at the depth limit) and no
  // interrupt is pending.
  if (argc == proto->direct_argc && callee + 1 + proto->num_registers <= segment_end && !f.frames_.full() &&
      !g_interrupt_requested.load(std::memory_order_relaxed)) [[likely]] {
    return &f.frames_.push_unchecked(
        Frame{closure, proto, proto->constants.data(), proto->code.data(), callee + 1, result_slot, segment_end});
  }
  return push_frame_general(f, closure, callee, argc, segment_end, result_slot, error);
}

void Interpreter::return_from_frame(Fiber& f, Value result) {
  return_from_frame_hot(f, f.frames_.back(), std::move(result));
}

BATUTA_VM_HOT void Interpreter::return_from_frame_hot(Fiber& f, const Frame& top, Value result) {
  Value* base = top.base;
  Value* result_slot = top.result_slot;
  size_t n = top.proto->num_registers;
  f.frames_.pop_back();
  clear_slots(base, n);
  // Releasing base[-1] may free the closure and its proto: read nothing of
  // them after. A CALL's result goes to the callee's slot, base[-1] itself.
  if (result_slot == base - 1) [[likely]] {
    base[-1] = std::move(result);
  } else {
    base[-1] = Value();
    *result_slot = std::move(result);
  }
}

Interpreter::Exit Interpreter::execute(Fiber& f, size_t stop_depth) {
  return native_code_installed() ? dispatch<true>(f, stop_depth) : dispatch<false>(f, stop_depth);
}

template <bool kNativeCode>
Interpreter::Exit Interpreter::dispatch(Fiber& f, size_t stop_depth) {
#if BATUTA_VM_COMPUTED_GOTO
  static void* const kLabels[] = {
#define BATUTA_OPCODE(name, format) &&op_##name,
#include "vm/opcodes.def"
#undef BATUTA_OPCODE
  };
#define VM_OP(name) op_##name:
#define VM_NEXT()                  \
  do {                             \
    ins = *pc++;                   \
    goto* kLabels[ins & 0xFF];     \
  } while (0)
#else
#define VM_OP(name) case Op::name:
#define VM_NEXT() goto dispatch
#endif

  Frame* frame;
  const Instruction* pc;
  Value* R;
  Instruction ins;
  Error error;
  const Native* failing_native = nullptr;
  // The call being made (see the call instructions).
  Value* callee = nullptr;
  size_t argc = 0;
  const Closure* closure = nullptr;
  const Native* native = nullptr;  // CallVar's callee when its var holds a native
  NativeOutcome outcome;

// Native code (vm/native_code.h), when the running proto has some (and
// only in the build of this loop made for installed native code): it runs
// from frame->pc and leaves there the first instruction it hands back,
// where dispatch goes on. Entered where a frame starts or resumes running,
// after a call of a native function, and at backward jumps.
#define ENTER_NATIVE_CODE()                                                              \
  do {                                                                                   \
    if constexpr (kNativeCode) {                                                         \
      if (auto native = frame->proto->native_code; native != nullptr) {                  \
        frame->pc = pc;                                                                  \
        native(f, *frame);                                                               \
        pc = frame->pc;                                                                  \
      }                                                                                  \
    }                                                                                    \
  } while (0)
// Starts running `frame` (the top one); LOAD_FRAME finds it first.
#define ENTER_FRAME()                                                                    \
  do {                                                                                   \
    if constexpr (kNativeCode) {                                                         \
      if (auto native = frame->proto->native_code; native != nullptr) native(f, *frame); \
    }                                                                                    \
    pc = frame->pc;                                                                      \
    R = frame->base;                                                                     \
  } while (0)
#define LOAD_FRAME()                                  \
  do {                                                \
    frame = &f.frames_.back();                        \
    ENTER_FRAME();                                    \
  } while (0)
#define SAVE_PC() (frame->pc = pc)
// The running proto's constants (in the frame: one load, no register held).
#define K (frame->constants)
#define RAISE(err)      \
  do {                  \
    error = (err);      \
    goto raise_error;   \
  } while (0)
// Preemption (Fiber::set_budget): a call or backward jump spends one unit;
// at zero, outside any native callback, the fiber yields so that resuming
// it runs this instruction again (pc - 1).
#define SPEND_BUDGET()                                                                  \
  do {                                                                                  \
    if (--f.budget_ <= 0 && stop_depth == 0 && f.callbacks_.empty()) [[unlikely]] {     \
      frame->pc = pc - 1;                                                               \
      f.yielded_ = true;                                                                \
      f.return_on_resume_ = false;                                                      \
      f.resume_slot_ = &f.yield_sink_;                                                  \
      return Exit::Suspended;                                                           \
    }                                                                                   \
  } while (0)

  LOAD_FRAME();
#if BATUTA_VM_COMPUTED_GOTO
  VM_NEXT();
#else
dispatch:
  ins = *pc++;
  switch (op_of(ins)) {
#endif

  VM_OP(LoadK) {
    R[arg_a(ins)] = K[arg_bx(ins)];
    VM_NEXT();
  }
  VM_OP(LoadNil) {
    R[arg_a(ins)] = Value();
    VM_NEXT();
  }
  VM_OP(LoadTrue) {
    R[arg_a(ins)] = Value::boolean(true);
    VM_NEXT();
  }
  VM_OP(LoadFalse) {
    R[arg_a(ins)] = Value::boolean(false);
    VM_NEXT();
  }
  VM_OP(Move) {
    R[arg_a(ins)] = R[arg_b(ins)];
    VM_NEXT();
  }
  VM_OP(GetVar) {
    const Var* var = object_as<const Var>(K[arg_bx(ins)]);
    if (!var_get(var, R[arg_a(ins)])) [[unlikely]] {
      SAVE_PC();
      RAISE(unbound_var_error(var));
    }
    VM_NEXT();
  }
  VM_OP(SetVar) {
    var_set(object_as<Var>(K[arg_bx(ins)]), R[arg_a(ins)]);
    VM_NEXT();
  }
  VM_OP(GetUpval) {
    R[arg_a(ins)] = frame->closure->captures[arg_b(ins)];
    VM_NEXT();
  }

  // Each operation's body holds no local with a destructor: clang rejects
  // (and GCC would skip the destructor of) a computed goto leaving such a
  // scope. The slow paths live in helpers for that reason too.
  //
  // Arithmetic: R[A] = lhs op rhs, by `fast` (both fixnums, no overflow) or
  // else by the numeric tower's `general`.
#define ARITH(lhs, rhs, fast, general)                                          \
  {                                                                             \
    if (fast(lhs, rhs, R[arg_a(ins)])) [[likely]]                               \
      VM_NEXT();                                                                \
    if (!arith_slow(general, lhs, rhs, R[arg_a(ins)], error)) [[unlikely]] {    \
      SAVE_PC();                                                                \
      goto raise_error;                                                         \
    }                                                                           \
    VM_NEXT();                                                                  \
  }
#define RB R[arg_b(ins)]
#define RC R[arg_c(ins)]
#define KC FixnumK{K[arg_c(ins)]}
  VM_OP(Add) ARITH(RB, RC, add_fixnums, add)
  VM_OP(Sub) ARITH(RB, RC, subtract_fixnums, subtract)
  VM_OP(Mul) ARITH(RB, RC, multiply_fixnums, multiply)
  VM_OP(AddK) ARITH(RB, KC, add_fixnum_k, add)
  VM_OP(SubK) ARITH(RB, KC, subtract_fixnum_k, subtract)
  VM_OP(MulK) ARITH(RB, KC, multiply_fixnum_k, multiply)
#undef ARITH

  // Numeric comparisons `lhs op rhs`: compared directly when both are
  // fixnums (for a constant, known: see fixnum_operands), else by numeric_less (which writes the boolean to R[A], the
  // scratch register), comparing `less_lhs < less_rhs` (or <=): the
  // operands swapped for > and >=. `END(holds)` finishes the instruction:
  // STORE_BOOL writes R[A] (Lt...), TEST_BRANCH decides the Jmp that
  // follows (TestLt..., see opcodes.def).
#define COMPARE(lhs, op, rhs, less_lhs, less_rhs, or_equal, name, END)                                     \
  {                                                                                                       \
    if (fixnum_operands(lhs, rhs)) [[likely]]                                                             \
      END(lhs.scaled_fixnum() op rhs.scaled_fixnum())                                                     \
    if (!compare_slow(less_lhs, less_rhs, or_equal, name, R[arg_a(ins)], error)) [[unlikely]] {          \
      SAVE_PC();                                                                                          \
      goto raise_error;                                                                                   \
    }                                                                                                     \
    END(R[arg_a(ins)].truthy())                                                                           \
  }
#define STORE_BOOL(holds)                     \
  {                                           \
    R[arg_a(ins)] = Value::boolean(holds);    \
    VM_NEXT();                                \
  }
#define TEST_BRANCH(holds)              \
  {                                     \
    const Instruction jump = *pc++;     \
    if (!(holds)) pc += arg_sbx(jump);  \
    VM_NEXT();                          \
  }
  // GtK and GeK are the constant-on-the-left forms `(< 2 n)` read as
  // `n > 2`, so operands keep their order.
  VM_OP(LtK) COMPARE(RB, <, KC, RB, KC, false, "<", STORE_BOOL)
  VM_OP(LeK) COMPARE(RB, <=, KC, RB, KC, true, "<=", STORE_BOOL)
  VM_OP(GtK) COMPARE(RB, >, KC, KC, RB, false, "<", STORE_BOOL)
  VM_OP(GeK) COMPARE(RB, >=, KC, KC, RB, true, "<=", STORE_BOOL)
  VM_OP(Lt) COMPARE(RB, <, RC, RB, RC, false, "<", STORE_BOOL)
  VM_OP(Le) COMPARE(RB, <=, RC, RB, RC, true, "<=", STORE_BOOL)
  VM_OP(TestLtK) COMPARE(RB, <, KC, RB, KC, false, "<", TEST_BRANCH)
  VM_OP(TestLeK) COMPARE(RB, <=, KC, RB, KC, true, "<=", TEST_BRANCH)
  VM_OP(TestGtK) COMPARE(RB, >, KC, KC, RB, false, "<", TEST_BRANCH)
  VM_OP(TestGeK) COMPARE(RB, >=, KC, KC, RB, true, "<=", TEST_BRANCH)
  VM_OP(TestLt) COMPARE(RB, <, RC, RB, RC, false, "<", TEST_BRANCH)
  VM_OP(TestLe) COMPARE(RB, <=, RC, RB, RC, true, "<=", TEST_BRANCH)
#undef COMPARE
  // Eq and TestEq: `=`, structural equality (identical words are equal).
  VM_OP(Eq) STORE_BOOL(RB.identical(RC) || equals(RB, RC))
  VM_OP(TestEq) TEST_BRANCH(RB.identical(RC) || equals(RB, RC))
  // The pattern tests (compile/pattern.h) fused with their branch.
  VM_OP(TestEqK) TEST_BRANCH(equals_constant(RB, K[arg_c(ins)]))
  VM_OP(TestTuple) TEST_BRANCH(is_tuple_of(RB, arg_c(ins)))
  VM_OP(TestMap) TEST_BRANCH(is_map_object(RB))
  VM_OP(TestKeyK) TEST_BRANCH(map_value_of_key(RB, K[arg_c(ins)]) != nullptr)
  VM_OP(TestGetK) {
    const Value* found = map_value_of_key(RB, K[arg_c(ins)]);
    if (found != nullptr) store_found(found, R[arg_a(ins)]);
    TEST_BRANCH(found != nullptr)
  }
  // even? (C = 0) and odd? (C = 1); R[A] is scratch for the slow path.
#define PARITY(END)                                                              \
  {                                                                              \
    if (RB.is_fixnum()) [[likely]]                                               \
      END((RB.as_fixnum() & 1) == static_cast<int64_t>(arg_c(ins)))              \
    if (!parity_slow(RB, arg_c(ins), R[arg_a(ins)], error)) [[unlikely]] {       \
      SAVE_PC();                                                                 \
      goto raise_error;                                                          \
    }                                                                            \
    END(R[arg_a(ins)].truthy())                                                  \
  }
  VM_OP(IsEven) PARITY(STORE_BOOL)
  VM_OP(TestEven) PARITY(TEST_BRANCH)
#undef PARITY
#undef STORE_BOOL
#undef TEST_BRANCH
#undef RB
#undef RC
#undef KC
  VM_OP(Jmp) {
    if (arg_sbx(ins) < 0) SPEND_BUDGET();
    pc += arg_sbx(ins);
    // A loop jumps backward: the place to notice an interrupt (calls
    // notice it in push_frame), and to enter native code.
    if (arg_sbx(ins) < 0) {
      if (g_interrupt_requested.load(std::memory_order_relaxed)) [[unlikely]] {
        g_interrupt_requested.store(false, std::memory_order_relaxed);
        SAVE_PC();
        RAISE(make_error(ErrorKind::Interrupted, "interrupted"));
      }
      ENTER_NATIVE_CODE();
    }
    VM_NEXT();
  }
  VM_OP(JmpIf) {
    if (R[arg_a(ins)].truthy()) pc += arg_sbx(ins);
    VM_NEXT();
  }
  VM_OP(JmpIfNot) {
    if (!R[arg_a(ins)].truthy()) pc += arg_sbx(ins);
    VM_NEXT();
  }
  // Calls. Call and CallVar find the callee and meet at call_closure (a
  // closure: push its frame) or call_not_closure (everything else); the
  // tail calls meet likewise. `callee`, `argc` and `closure` carry the call.
  VM_OP(Call) {
    callee = R + arg_a(ins);
    argc = arg_b(ins);
    SAVE_PC();
    if (!is_closure(*callee)) [[unlikely]] goto call_not_closure;
    closure = object_as<const Closure>(*callee);
    goto call_closure;
  }
  VM_OP(CallVar) {
    callee = R + arg_a(ins);
    argc = arg_b(ins);
    SAVE_PC();
    if (calls_running_closure(object_as<Var>(K[arg_c(ins)]), frame)) [[likely]] {
      *callee = Value();  // as load_var_callee leaves it: the var keeps the closure alive
      closure = frame->closure;
      goto call_running_closure;
    }
    if (!load_var_callee(object_as<Var>(K[arg_c(ins)]), *callee, closure, native, error)) [[unlikely]] goto raise_error;
    if (closure == nullptr) [[unlikely]] {
      if (native != nullptr) goto call_var_native;
      goto call_not_closure;
    }
    goto call_closure;
  }
  VM_OP(TailCall) {
    callee = R + arg_a(ins);
    argc = arg_b(ins);
    SAVE_PC();
    if (!is_closure(*callee)) [[unlikely]] goto tail_call_not_closure;
    closure = object_as<const Closure>(*callee);
    goto tail_call_closure;
  }
  VM_OP(TailCallVar) {
    callee = R + arg_a(ins);
    argc = arg_b(ins);
    SAVE_PC();
    if (!load_var_callee(object_as<Var>(K[arg_c(ins)]), *callee, closure, native, error)) [[unlikely]] goto raise_error;
    if (closure == nullptr) [[unlikely]] {
      if (native != nullptr) goto tail_call_var_native;
      goto tail_call_not_closure;
    }
    goto tail_call_closure;
  }
  VM_OP(Return) {
    return_from_frame_hot(f, *frame, std::move(R[arg_a(ins)]));
    if (f.frames_.size() == stop_depth) return Exit::Returned;
    --frame;  // the caller's frame, below in the same array
    ENTER_FRAME();
    VM_NEXT();
  }
  VM_OP(Closure) {
    make_closure_in(K[arg_bx(ins)], R, frame->closure->captures, R[arg_a(ins)]);
    VM_NEXT();
  }
  VM_OP(ClosureShared) {
    make_shared_closure(frame->closure->captures[arg_bx(ins)], frame->closure, R[arg_a(ins)]);
    VM_NEXT();
  }
  VM_OP(LoadSelf) {
    load_self(frame->closure, R[arg_a(ins)]);
    VM_NEXT();
  }
  VM_OP(IsTuple) {
    R[arg_a(ins)] = Value::boolean(is_tuple_of(R[arg_b(ins)], arg_c(ins)));
    VM_NEXT();
  }
  VM_OP(ElemK) {
    element_k(R[arg_b(ins)], arg_c(ins), R[arg_a(ins)]);
    VM_NEXT();
  }
  VM_OP(HasKeyK) {
    R[arg_a(ins)] = Value::boolean(map_value_of_key(R[arg_b(ins)], K[arg_c(ins)]) != nullptr);
    VM_NEXT();
  }
  VM_OP(GetK) {
    get_k(R[arg_b(ins)], K[arg_c(ins)], R[arg_a(ins)]);
    VM_NEXT();
  }
  VM_OP(IsMap) {
    R[arg_a(ins)] = Value::boolean(is_map_object(R[arg_b(ins)]));
    VM_NEXT();
  }
  VM_OP(EqK) {
    R[arg_a(ins)] = Value::boolean(equals_constant(R[arg_b(ins)], K[arg_c(ins)]));
    VM_NEXT();
  }

#if !BATUTA_VM_COMPUTED_GOTO
    default:
      break;
  }
#endif

// A call of `closure` whose primary proto is `proto`: push and enter its
// frame. (Two copies, not one label with the proto in a variable: sharing
// it cost fib 5%.)
#define PUSH_CALL_AND_ENTER(proto)                                                               \
  SPEND_BUDGET();                                                                                \
  frame = push_frame_hot(f, closure, proto, callee, argc, frame->segment_end, callee, error);     \
  if (frame == nullptr) [[unlikely]] goto raise_error;                                           \
  ENTER_FRAME();                                                                                 \
  VM_NEXT();

call_closure:
  PUSH_CALL_AND_ENTER(closure->proto())
call_running_closure:  // closure is frame->closure, and frame runs its primary proto
  PUSH_CALL_AND_ENTER(frame->proto)
#undef PUSH_CALL_AND_ENTER

call_not_closure:
  outcome = call_other(f, callee, argc, /*tail=*/false, error, failing_native);
  goto call_made;
call_var_native:  // *callee is nil: the var keeps the native alive
  outcome = call_native(f, native, callee, argc, /*tail=*/false, error, failing_native);
call_made:
  switch (outcome) {
    case NativeOutcome::Done:
      // A nested call may have pushed frames (all popped again) and grown
      // the frame vector: frame may dangle, the registers did not move.
      frame = &f.frames_.back();
      ENTER_NATIVE_CODE();
      VM_NEXT();
    case NativeOutcome::Pushed:
      LOAD_FRAME();
      VM_NEXT();
    case NativeOutcome::Suspend:
      return Exit::Suspended;
    case NativeOutcome::Failed:
    case NativeOutcome::Redirect:
      break;
  }
  goto raise_error;

tail_call_closure: {
  SPEND_BUDGET();
  // A wrong arity fails here, before this frame is replaced, so the trace
  // shows the call that was wrong (push_frame_hot would find it too, but
  // with the caller's frame gone).
  if (argc != closure->proto()->direct_argc && arity_fails(closure, argc, error)) [[unlikely]] goto raise_error;
  // Move callee and arguments down over this frame and start over in it.
  size_t old_registers = frame->proto->num_registers;
  Value* result_slot = frame->result_slot;
  Value* segment_end = frame->segment_end;
  R[-1] = std::move(*callee);  // may free the running closure: use nothing of it below
  for (size_t i = 0; i < argc; ++i) R[i] = std::move(callee[1 + i]);
  clear_slots(R + argc, old_registers - argc);
  f.frames_.pop_back();
  // A call that fails now (interrupt, stack) replaced this frame: the trace starts at the caller.
  frame = push_frame_hot(f, closure, closure->proto(), R - 1, argc, segment_end, result_slot, error);
  if (frame == nullptr) [[unlikely]] goto raise_error;
  ENTER_FRAME();
  VM_NEXT();
}

tail_call_not_closure:
  outcome = call_other(f, callee, argc, /*tail=*/true, error, failing_native);
  goto tail_call_made;
tail_call_var_native:
  outcome = call_native(f, native, callee, argc, /*tail=*/true, error, failing_native);
tail_call_made:
  switch (outcome) {
    case NativeOutcome::Done:
      // The result was returned from this frame.
      if (f.frames_.size() == stop_depth) return Exit::Returned;
      LOAD_FRAME();
      VM_NEXT();
    case NativeOutcome::Pushed:
      LOAD_FRAME();
      VM_NEXT();
    case NativeOutcome::Suspend:
      return Exit::Suspended;
    case NativeOutcome::Failed:
    case NativeOutcome::Redirect:
      break;
  }
  goto raise_error;

raise_error:
  return raise(f, std::move(error), failing_native, stop_depth);

#undef VM_OP
#undef VM_NEXT
#undef LOAD_FRAME
#undef ENTER_FRAME
#undef ENTER_NATIVE_CODE
#undef SAVE_PC
#undef K
#undef RAISE
#undef SPEND_BUDGET
}

}  // namespace batuta::vm_detail
