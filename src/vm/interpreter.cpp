// interpreter.cpp: the dispatch loop (see interpreter.h for the frame
// layout). Dispatch is by computed goto on GCC and Clang (clang lowers it
// for wasm32 too), with a switch for other compilers.
#include "vm/interpreter.h"

#include <algorithm>

#include "core/collection.h"
#include "core/equality.h"
#include "core/instant.h"
#include "core/list.h"
#include "core/map.h"
#include "core/number.h"
#include "core/printer.h"
#include "core/tuple.h"
#include "core/vector.h"
#include "vm/callable_data.h"
#include "vm/var.h"

// Define BATUTA_VM_COMPUTED_GOTO=0 to build the switch version.
#ifndef BATUTA_VM_COMPUTED_GOTO
#if defined(__GNUC__) || defined(__clang__)
#define BATUTA_VM_COMPUTED_GOTO 1
#else
#define BATUTA_VM_COMPUTED_GOTO 0
#endif
#endif

#if defined(__GNUC__) || defined(__clang__)
#define BATUTA_VM_HOT __attribute__((always_inline)) inline
#else
#define BATUTA_VM_HOT inline
#endif

namespace batuta::vm_detail {

namespace {

// Segments grow gradually: each new one holds at least twice the slots of
// the one before (and at least kMinSegmentSlots), so a fiber that starts
// small (an actor's, about 24 slots) and calls a little deeper does not jump
// to a large segment, while a deep recursion still needs only a logarithmic
// number of segments.
constexpr size_t kMinSegmentSlots = 64;

BATUTA_VM_HOT void clear_slots(Value* p, size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (p[i].is_object()) p[i] = Value();
}

// The segment after `segment`, with room for `needed` slots. Segments above
// the top frame's are free, so an existing one too small is replaced.
Value* next_segment(Fiber& f, std::vector<Segment>& segments, uint32_t& segment, size_t needed) {
  (void)f;
  uint32_t next = segment + 1;
  size_t size = std::max({kMinSegmentSlots, needed, segments[segment].size * 2});
  if (next < segments.size()) {
    if (segments[next].size < needed) segments[next] = Segment{std::make_unique<Value[]>(size), size};
  } else {
    segments.push_back(Segment{std::make_unique<Value[]>(size), size});
  }
  segment = next;
  return segments[next].begin();
}

// `<`, `<=`: numbers only; NaN compares false with everything.
Result<bool> numeric_less(const Value& a, const Value& b, bool or_equal, const char* op) {
  // Instants order chronologically (lib/native_time.cpp); this is the slow
  // path, after the fixnum and double cases failed.
  if (is_instant(a)) {
    if (!is_instant(b)) return make_error(ErrorKind::TypeError, std::string(op) + ": expected an instant, got " + describe_value(b));
    return or_equal ? instant_micros(a) <= instant_micros(b) : instant_micros(a) < instant_micros(b);
  }
  if (!is_number(a)) return make_error(ErrorKind::TypeError, std::string(op) + ": expected a number, got " + describe_value(a));
  if (!is_number(b)) return make_error(ErrorKind::TypeError, std::string(op) + ": expected a number, got " + describe_value(b));
  if ((a.is_double() && a.as_double() != a.as_double()) || (b.is_double() && b.as_double() != b.as_double())) return false;
  int c = compare_numbers(a, b);
  return or_equal ? c <= 0 : c < 0;
}


// The general path of ADD/SUB/MUL: out = op(b, c), or false with `error`.
bool arith_slow(Result<Value> (*op)(const Value&, const Value&), const Value& b, const Value& c, Value& out,
                Error& error) {
  Result<Value> r = op(b, c);
  if (!r) {
    error = r.take_error();
    return false;
  }
  out = std::move(r.value());
  return true;
}

bool compare_slow(const Value& b, const Value& c, bool or_equal, const char* name, Value& out, Error& error) {
  Result<bool> r = numeric_less(b, c, or_equal, name);
  if (!r) {
    error = r.take_error();
    return false;
  }
  out = Value::boolean(r.value());
  return true;
}

void make_closure_in(const Value& proto_value, const Value* R, const Value* U, Value& out) {
  const Proto* proto = object_as<const Proto>(proto_value);
  uint32_t n = static_cast<uint32_t>(proto->captures.size());
  Closure* closure = new_closure(proto_value, n);
  for (uint32_t i = 0; i < n; ++i) {
    CaptureSource src = proto->captures[i];
    closure->captures[i] = src.from_capture ? U[src.index] : R[src.index];
  }
  out = Value::adopt(closure);
}

// A letfn sibling: the same captured values as the running closure (the
// group shares one capture list, so siblings need no cycle of references).
void make_shared_closure(const Value& proto_value, const Closure* running, Value& out) {
  const Proto* proto = object_as<const Proto>(proto_value);
  uint32_t n = static_cast<uint32_t>(proto->captures.size());
  Closure* closure = new_closure(proto_value, n);
  for (uint32_t i = 0; i < n && i < running->num_captures; ++i) closure->captures[i] = running->captures[i];
  out = Value::adopt(closure);
}

// ElemK and GetK: the element is copied before `out` is written, as out
// may be the register holding the collection.
void element_k(const Value& coll, uint32_t i, Value& out) {
  Value x;
  if (is_tuple(coll)) {
    const Tuple* t = as_tuple(coll);
    if (i < t->size) x = t->items[i];
  } else if (is_vector(coll) && i < vector_count(coll)) {
    x = vector_at(coll, i);
  }
  out = std::move(x);
}

// is_map (core/map.h) inlined for the pattern tests.
BATUTA_ALWAYS_INLINE bool is_map_object(const Value& v) {
  return v.is_object() && (v.as_object()->kind == Kind::ArrayMap || v.as_object()->kind == Kind::HashMap);
}

// (= v k) against a constant: a constant held in the word itself (nil, a
// boolean, a keyword, a character, a fixnum) equals only the same word,
// so most pattern literals need no call.
BATUTA_ALWAYS_INLINE bool equals_constant(const Value& v, const Value& k) {
  if (v.identical(k)) return true;
  if (!k.is_object() && !k.is_double()) return false;
  return equals(v, k);
}

void get_k(const Value& coll, const Value& key, Value& out) {
  Value x = is_map(coll) ? map_get(coll, key) : get(coll, key);
  out = std::move(x);
}

}  // namespace

// Calls the native in callee[0] with callee[1..argc] from the running
// frame. Done: the result is in callee[0] (CALL) or has been returned from
// the frame (TAILCALL). Suspend: the fiber is ready to wait for resume().
Interpreter::NativeOutcome Interpreter::call_native(Fiber& f, Value* callee, size_t argc, bool tail, Error& error,
                                                    const Native*& failing_native) {
  const auto* native = object_as<const Native>(*callee);
  if (!native->arity.accepts(argc)) [[unlikely]] {
    error = arity_error(native->name, argc, native->arity);
    return NativeOutcome::Failed;
  }
  Result<Value> r = [&] {
    VmContext ctx(f, *native);
    return native->fn(ctx, std::span<const Value>(callee + 1, argc));
  }();
  if (!r) [[unlikely]] {
    f.suspend_requested_ = false;
    failing_native = native;
    error = r.take_error();
    return NativeOutcome::Failed;
  }
  f.nested_error_valid_ = false;
  if (f.tail_call_requested_) [[unlikely]] {
    f.tail_call_requested_ = false;
    clear_slots(callee + 1, argc);
    return NativeOutcome::Redirect;
  }
  if (f.suspend_requested_) {
    f.suspend_requested_ = false;
    *callee = Value();  // releases the native
    f.resume_slot_ = callee;
    f.return_on_resume_ = tail;
    return NativeOutcome::Suspend;
  }
  if (tail) {
    return_from_frame(f, std::move(r.value()));
  } else {
    *callee = std::move(r.value());  // releases the native
  }
  return NativeOutcome::Done;
}

void Interpreter::deliver(Fiber& f, Value* callee, bool tail, Value result) {
  if (tail) {
    return_from_frame(f, std::move(result));
  } else {
    *callee = std::move(result);
  }
}

Interpreter::NativeOutcome Interpreter::call_other(Fiber& f, Value* callee, size_t argc, bool tail, Error& error,
                                                   const Native*& failing_native) {
  if (is_native(*callee)) {
    NativeOutcome out = call_native(f, callee, argc, tail, error, failing_native);
    if (out != NativeOutcome::Redirect) return out;
    Value fn = std::move(f.tail_fn_);
    std::vector<Value> args = std::move(f.tail_args_);
    f.tail_args_.clear();
    return redirect_call(f, callee, tail, std::move(fn), std::move(args), error, failing_native);
  }
  // A var or callable data: rare enough to copy the window out.
  Value fn = std::move(*callee);
  std::vector<Value> args(callee + 1, callee + 1 + argc);
  clear_slots(callee + 1, argc);
  return redirect_call(f, callee, tail, std::move(fn), std::move(args), error, failing_native);
}

Interpreter::NativeOutcome Interpreter::redirect_call(Fiber& f, Value* callee, bool tail, Value fn,
                                                      std::vector<Value> args, Error& error,
                                                      const Native*& failing_native) {
  for (;;) {
    if (is_closure(fn)) {
      // Place the call where CALL or TAILCALL would have: over the window,
      // or over the running frame; the next segment when it does not fit.
      Frame& fr = f.frames_.back();
      uint32_t segment = fr.segment;
      Value* target = callee;
      Value* result_slot = callee;
      if (tail) {
        target = fr.base - 1;
        result_slot = fr.result_slot;
        size_t n = fr.proto->num_registers;
        Value* base = fr.base;
        f.frames_.pop_back();
        clear_slots(base, n);
        base[-1] = Value();
      }
      if (target + 1 + args.size() > f.segments_[segment].end()) {
        target = next_segment(f, f.segments_, segment, 1 + args.size());
      }
      target[0] = std::move(fn);
      for (size_t i = 0; i < args.size(); ++i) target[1 + i] = std::move(args[i]);
      if (!push_frame(f, target, args.size(), segment, result_slot, error)) return NativeOutcome::Failed;
      return NativeOutcome::Pushed;
    }
    if (is_var(fn)) {
      const Var* var = object_as<const Var>(fn);
      Value value;
      if (!var_get(var, value)) {
        error = unbound_var_error(var);
        return NativeOutcome::Failed;
      }
      fn = std::move(value);
      continue;
    }
    if (is_native(fn)) {
      const auto* native = object_as<const Native>(fn);
      if (!native->arity.accepts(args.size())) {
        error = arity_error(native->name, args.size(), native->arity);
        return NativeOutcome::Failed;
      }
      Result<Value> r = [&] {
        VmContext ctx(f, *native);
        return native->fn(ctx, std::span<const Value>(args.data(), args.size()));
      }();
      if (!r) {
        f.suspend_requested_ = false;
        f.tail_call_requested_ = false;
        failing_native = native;
        error = r.take_error();
        return NativeOutcome::Failed;
      }
      f.nested_error_valid_ = false;
      if (f.tail_call_requested_) {
        f.tail_call_requested_ = false;
        fn = std::move(f.tail_fn_);
        args = std::move(f.tail_args_);
        f.tail_args_.clear();
        continue;
      }
      if (f.suspend_requested_) {
        f.suspend_requested_ = false;
        *callee = Value();
        f.resume_slot_ = callee;
        f.return_on_resume_ = tail;
        return NativeOutcome::Suspend;
      }
      deliver(f, callee, tail, std::move(r.value()));
      return NativeOutcome::Done;
    }
    if (is_callable_data(fn)) {
      Result<Value> r = invoke_data(fn, std::span<const Value>(args.data(), args.size()));
      if (!r) {
        error = r.take_error();
        return NativeOutcome::Failed;
      }
      deliver(f, callee, tail, std::move(r.value()));
      return NativeOutcome::Done;
    }
    error = not_callable(fn);
    return NativeOutcome::Failed;
  }
}

// push_frame and return_from_frame are the cost of every call; they are
// inlined into the dispatch loop (their rare paths stay out of line).
bool Interpreter::push_frame(Fiber& f, Value* callee, size_t argc, uint32_t segment, Value* result_slot, Error& error) {
  return push_frame_hot(f, callee, argc, segment, result_slot, error);
}

void Interpreter::return_from_frame(Fiber& f, Value result) { return_from_frame_hot(f, std::move(result)); }

BATUTA_VM_HOT bool Interpreter::push_frame_hot(Fiber& f, Value* callee, size_t argc, uint32_t segment,
                                               Value* result_slot, Error& error) {
  const auto* closure = object_as<const Closure>(*callee);
  const Proto* proto = closure->proto();
  if (!proto->arity().accepts(argc)) [[unlikely]] {
    proto = proto->select(argc);
    if (proto == nullptr) {
      error = arity_error(closure->proto()->name, argc, closure->proto()->describe_arities());
      clear_slots(callee, 1 + argc);
      return false;
    }
  }
  if (g_interrupt_requested.load(std::memory_order_relaxed)) [[unlikely]] {
    g_interrupt_requested.store(false, std::memory_order_relaxed);
    error = make_error(ErrorKind::Interrupted, "interrupted");
    clear_slots(callee, 1 + argc);
    return false;
  }
  if (f.frames_.size() >= f.options_.max_depth) [[unlikely]] {
    error = stack_overflow();
    clear_slots(callee, 1 + argc);
    return false;
  }
  size_t needed = 1 + std::max<size_t>(proto->num_registers, argc);
  if (callee + needed > f.segments_[segment].end()) [[unlikely]] {
    Value* dest = next_segment(f, f.segments_, segment, needed);
    for (size_t i = 0; i <= argc; ++i) dest[i] = std::move(callee[i]);
    callee = dest;
  }
  Value* base = callee + 1;
  if (proto->variadic) {
    size_t fixed = proto->num_params;
    if (argc > fixed) {
      Value rest = list_from(std::span<const Value>(base + fixed, argc - fixed));
      clear_slots(base + fixed, argc - fixed);
      base[fixed] = std::move(rest);
    } else {
      base[fixed] = Value();
    }
  }
  f.frames_.push_back(Frame{closure, proto, proto->code.data(), base, result_slot, segment});
  return true;
}

BATUTA_VM_HOT void Interpreter::return_from_frame_hot(Fiber& f, Value result) {
  Frame& top = f.frames_.back();
  Value* base = top.base;
  Value* result_slot = top.result_slot;
  size_t n = top.proto->num_registers;
  f.frames_.pop_back();
  clear_slots(base, n);
  base[-1] = Value();  // may free the closure and its proto: read nothing of them after
  *result_slot = std::move(result);
}

Value* Interpreter::call_window(Fiber& f, size_t slots, uint32_t& segment) {
  Value* top;
  if (f.frames_.empty()) {
    segment = 0;
    top = f.segments_[0].begin() + 1 + f.initial_argc_;
  } else {
    const Frame& fr = f.frames_.back();
    segment = fr.segment;
    top = fr.base + fr.proto->num_registers;
  }
  if (top + slots > f.segments_[segment].end()) top = next_segment(f, f.segments_, segment, slots);
  return top;
}

Error Interpreter::not_callable(const Value& v) {
  return make_error(ErrorKind::TypeError, "can't call " + describe_value(v) + ": it is not a function");
}

Error Interpreter::stack_overflow() { return make_error(ErrorKind::StackOverflow, "stack overflow"); }

Interpreter::Exit Interpreter::execute(Fiber& f, size_t stop_depth) {
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
  const Value* K;
  const Value* U;
  Instruction ins;
  Error error;
  const Native* failing_native = nullptr;

#define LOAD_FRAME()                                  \
  do {                                                \
    frame = &f.frames_.back();                        \
    pc = frame->pc;                                   \
    R = frame->base;                                  \
    K = frame->proto->constants.data();               \
    U = frame->closure->captures;                     \
  } while (0)
#define SAVE_PC() (frame->pc = pc)
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
    R[arg_a(ins)] = U[arg_b(ins)];
    VM_NEXT();
  }

  // Each operation's body holds no local with a destructor: clang rejects
  // (and GCC would skip the destructor of) a computed goto leaving such a
  // scope. The slow paths live in helpers for that reason too.
#define ARITH(fast, general)                                           \
  {                                                                    \
    if (fast(R[arg_b(ins)], R[arg_c(ins)], R[arg_a(ins)])) [[likely]] \
      VM_NEXT();                                                       \
    if (!arith_slow(general, R[arg_b(ins)], R[arg_c(ins)], R[arg_a(ins)], error)) [[unlikely]] { \
      SAVE_PC();                                                       \
      goto raise_error;                                                \
    }                                                                  \
    VM_NEXT();                                                         \
  }
  VM_OP(Add) ARITH(add_fixnums, add)
#define ARITH_K(fast, general)                                           \
  {                                                                      \
    if (fast(R[arg_b(ins)], K[arg_c(ins)], R[arg_a(ins)])) [[likely]]    \
      VM_NEXT();                                                         \
    if (!arith_slow(general, R[arg_b(ins)], K[arg_c(ins)], R[arg_a(ins)], error)) [[unlikely]] { \
      SAVE_PC();                                                         \
      goto raise_error;                                                  \
    }                                                                    \
    VM_NEXT();                                                           \
  }
  VM_OP(AddK) ARITH_K(add_fixnums, add)
  VM_OP(SubK) ARITH_K(subtract_fixnums, subtract)
#undef ARITH_K
  // Comparisons with a constant; GtK and GeK are the constant-on-the-left
  // forms `(< 2 n)` read as `n > 2`, so operands keep their order.
#define COMPARE_K(op, swapped, or_equal, name)                                                   \
  {                                                                                              \
    if (R[arg_b(ins)].both_fixnum(K[arg_c(ins)])) [[likely]] {                                   \
      R[arg_a(ins)] = Value::boolean(R[arg_b(ins)].as_fixnum() op K[arg_c(ins)].as_fixnum());    \
      VM_NEXT();                                                                                 \
    }                                                                                            \
    if (!(swapped ? compare_slow(K[arg_c(ins)], R[arg_b(ins)], or_equal, name, R[arg_a(ins)], error) \
                  : compare_slow(R[arg_b(ins)], K[arg_c(ins)], or_equal, name, R[arg_a(ins)], error))) [[unlikely]] { \
      SAVE_PC();                                                                                 \
      goto raise_error;                                                                          \
    }                                                                                            \
    VM_NEXT();                                                                                   \
  }
  VM_OP(LtK) COMPARE_K(<, false, false, "<")
  VM_OP(LeK) COMPARE_K(<=, false, true, "<=")
  VM_OP(GtK) COMPARE_K(>, true, false, "<")
  VM_OP(GeK) COMPARE_K(>=, true, true, "<=")
#undef COMPARE_K
  VM_OP(Sub) ARITH(subtract_fixnums, subtract)
  VM_OP(Mul) ARITH(multiply_fixnums, multiply)
#undef ARITH

#define COMPARE(op, or_equal, name)                                                      \
  {                                                                                      \
    if (R[arg_b(ins)].both_fixnum(R[arg_c(ins)])) [[likely]] {                           \
      R[arg_a(ins)] = Value::boolean(R[arg_b(ins)].as_fixnum() op R[arg_c(ins)].as_fixnum()); \
      VM_NEXT();                                                                         \
    }                                                                                    \
    if (!compare_slow(R[arg_b(ins)], R[arg_c(ins)], or_equal, name, R[arg_a(ins)], error)) [[unlikely]] { \
      SAVE_PC();                                                                         \
      goto raise_error;                                                                  \
    }                                                                                    \
    VM_NEXT();                                                                           \
  }
  VM_OP(Lt) COMPARE(<, false, "<")
  VM_OP(Le) COMPARE(<=, true, "<=")
#undef COMPARE
  VM_OP(Eq) {
    const Value& b = R[arg_b(ins)];
    const Value& c = R[arg_c(ins)];
    R[arg_a(ins)] = Value::boolean(b.identical(c) || equals(b, c));
    VM_NEXT();
  }
  // Compare-and-branch (opcodes.def): `holds` decides whether the Jmp that
  // follows is taken (the comparison is false) or skipped.
#define TEST_BRANCH(holds)              \
  {                                     \
    const Instruction jump = *pc++;     \
    if (!(holds)) pc += arg_sbx(jump);  \
    VM_NEXT();                          \
  }
#define TEST_K(op, swapped, or_equal, name)                                                      \
  {                                                                                              \
    if (R[arg_b(ins)].both_fixnum(K[arg_c(ins)])) [[likely]]                                     \
      TEST_BRANCH(R[arg_b(ins)].as_fixnum() op K[arg_c(ins)].as_fixnum())                        \
    if (!(swapped ? compare_slow(K[arg_c(ins)], R[arg_b(ins)], or_equal, name, R[arg_a(ins)], error) \
                  : compare_slow(R[arg_b(ins)], K[arg_c(ins)], or_equal, name, R[arg_a(ins)], error))) [[unlikely]] { \
      SAVE_PC();                                                                                 \
      goto raise_error;                                                                          \
    }                                                                                            \
    TEST_BRANCH(R[arg_a(ins)].truthy())                                                          \
  }
  VM_OP(TestLtK) TEST_K(<, false, false, "<")
  VM_OP(TestLeK) TEST_K(<=, false, true, "<=")
  VM_OP(TestGtK) TEST_K(>, true, false, "<")
  VM_OP(TestGeK) TEST_K(>=, true, true, "<=")
#undef TEST_K
#define TEST_R(op, or_equal, name)                                                                \
  {                                                                                               \
    if (R[arg_b(ins)].both_fixnum(R[arg_c(ins)])) [[likely]]                                      \
      TEST_BRANCH(R[arg_b(ins)].as_fixnum() op R[arg_c(ins)].as_fixnum())                         \
    if (!compare_slow(R[arg_b(ins)], R[arg_c(ins)], or_equal, name, R[arg_a(ins)], error)) [[unlikely]] { \
      SAVE_PC();                                                                                  \
      goto raise_error;                                                                           \
    }                                                                                             \
    TEST_BRANCH(R[arg_a(ins)].truthy())                                                           \
  }
  VM_OP(TestLt) TEST_R(<, false, "<")
  VM_OP(TestLe) TEST_R(<=, true, "<=")
#undef TEST_R
  VM_OP(TestEq) TEST_BRANCH(R[arg_b(ins)].identical(R[arg_c(ins)]) || equals(R[arg_b(ins)], R[arg_c(ins)]))
  // The pattern tests (compile/pattern.h) fused with their branch.
  VM_OP(TestEqK) TEST_BRANCH(equals_constant(R[arg_b(ins)], K[arg_c(ins)]))
  VM_OP(TestTuple) TEST_BRANCH(is_tuple(R[arg_b(ins)]) && as_tuple(R[arg_b(ins)])->size == arg_c(ins))
  VM_OP(TestMap) TEST_BRANCH(is_map_object(R[arg_b(ins)]))
  VM_OP(TestKeyK) TEST_BRANCH(is_map_object(R[arg_b(ins)]) && map_find(R[arg_b(ins)], K[arg_c(ins)]) != nullptr)
  VM_OP(TestGetK) {
    const Value* found = is_map_object(R[arg_b(ins)]) ? map_find(R[arg_b(ins)], K[arg_c(ins)]) : nullptr;
    if (found != nullptr) {
      Value x = *found;  // copied first: R[A] may be the register holding the map
      R[arg_a(ins)] = std::move(x);
    }
    TEST_BRANCH(found != nullptr)
  }
#undef TEST_BRANCH
  VM_OP(Jmp) {
    if (arg_sbx(ins) < 0) SPEND_BUDGET();
    pc += arg_sbx(ins);
    // A loop jumps backward: the place to notice an interrupt (calls
    // notice it in push_frame).
    if (arg_sbx(ins) < 0 && g_interrupt_requested.load(std::memory_order_relaxed)) [[unlikely]] {
      g_interrupt_requested.store(false, std::memory_order_relaxed);
      SAVE_PC();
      RAISE(make_error(ErrorKind::Interrupted, "interrupted"));
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
  VM_OP(Call) {
    Value* callee = R + arg_a(ins);
    size_t argc = arg_b(ins);
    SAVE_PC();
    if (is_closure(*callee)) [[likely]] {
      SPEND_BUDGET();
      if (!push_frame_hot(f, callee, argc, frame->segment, callee, error)) [[unlikely]] goto raise_error;
      LOAD_FRAME();
      VM_NEXT();
    }
    switch (call_other(f, callee, argc, /*tail=*/false, error, failing_native)) {
      case NativeOutcome::Done:
        // A nested call may have pushed frames (all popped again) and grown
        // the frame vector: frame may dangle, the registers did not move.
        frame = &f.frames_.back();
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
  }
  VM_OP(TailCall) {
    Value* callee = R + arg_a(ins);
    size_t argc = arg_b(ins);
    SAVE_PC();
    if (is_closure(*callee)) [[likely]] {
      SPEND_BUDGET();
      // Move callee and arguments down over this frame and start over in it.
      size_t old_registers = frame->proto->num_registers;
      Value* result_slot = frame->result_slot;
      uint32_t segment = frame->segment;
      R[-1] = std::move(*callee);  // may free the running closure: use nothing of it below
      for (size_t i = 0; i < argc; ++i) R[i] = std::move(callee[1 + i]);
      clear_slots(R + argc, old_registers - argc);
      f.frames_.pop_back();
      if (!push_frame_hot(f, R - 1, argc, segment, result_slot, error)) [[unlikely]] {
        // The failing call replaced this frame, so the trace starts at the caller.
        goto raise_error;
      }
      LOAD_FRAME();
      VM_NEXT();
    }
    switch (call_other(f, callee, argc, /*tail=*/true, error, failing_native)) {
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
  }
  VM_OP(Return) {
    return_from_frame_hot(f, std::move(R[arg_a(ins)]));
    if (f.frames_.size() == stop_depth) return Exit::Returned;
    LOAD_FRAME();
    VM_NEXT();
  }
  VM_OP(Closure) {
    make_closure_in(K[arg_bx(ins)], R, U, R[arg_a(ins)]);
    VM_NEXT();
  }
  VM_OP(ClosureShared) {
    make_shared_closure(U[arg_bx(ins)], frame->closure, R[arg_a(ins)]);
    VM_NEXT();
  }
  VM_OP(LoadSelf) {
    R[arg_a(ins)] = R[-1];
    VM_NEXT();
  }
  VM_OP(IsTuple) {
    const Value& v = R[arg_b(ins)];
    R[arg_a(ins)] = Value::boolean(is_tuple(v) && as_tuple(v)->size == arg_c(ins));
    VM_NEXT();
  }
  VM_OP(ElemK) {
    element_k(R[arg_b(ins)], arg_c(ins), R[arg_a(ins)]);
    VM_NEXT();
  }
  VM_OP(HasKeyK) {
    const Value& m = R[arg_b(ins)];
    R[arg_a(ins)] = Value::boolean(is_map(m) && map_contains(m, K[arg_c(ins)]));
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

raise_error:
  return raise(f, std::move(error), failing_native, stop_depth);

#undef VM_OP
#undef VM_NEXT
#undef LOAD_FRAME
#undef SAVE_PC
#undef RAISE
#undef SPEND_BUDGET
}

}  // namespace batuta::vm_detail
