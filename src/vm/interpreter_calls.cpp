// interpreter_calls.cpp: what the dispatch loop hands off when a call
// leaves its fast path: natives (and the tail calls they ask for), vars
// and callable data as callees, overloads, rest lists, a move to the next
// register segment, depth and interrupt failures; and the call windows of
// VmContext::call. The dispatch loop and the fast paths are in
// interpreter.cpp.
#include <algorithm>

#include "core/list.h"
#include "core/printer.h"
#include "vm/callable_data.h"
#include "vm/interpreter.h"
#include "vm/var.h"

namespace batuta::vm_detail {

namespace {

// Segments grow gradually: each new one holds at least twice the slots of
// the one before (and at least kMinSegmentSlots), so a fiber that starts
// small (an actor's, about 24 slots) and calls a little deeper does not jump
// to a large segment, while a deep recursion still needs only a logarithmic
// number of segments.
constexpr size_t kMinSegmentSlots = 64;

// The segment after the one ending at `segment_end`, with room for `needed`
// slots; segment_end becomes its end. Segments above the top frame's are
// free, so an existing one too small is replaced. Rare (a call that does not
// fit), so finding the segment by its end is a scan of the few segments.
Value* next_segment(std::vector<Segment>& segments, Value*& segment_end, size_t needed) {
  size_t current = 0;
  while (segments[current].end() != segment_end) ++current;
  size_t next = current + 1;
  size_t size = std::max({kMinSegmentSlots, needed, segments[current].size * 2});
  if (next < segments.size()) {
    if (segments[next].size < needed) segments[next] = Segment{std::make_unique<Value[]>(size), size};
  } else {
    segments.push_back(Segment{std::make_unique<Value[]>(size), size});
  }
  segment_end = segments[next].end();
  return segments[next].begin();
}

}  // namespace

// Releases an object a slot holds (out of line: rare on the hot paths).
void release_slot(Value& slot) { slot = Value(); }

// Calls the native in callee[0] with callee[1..argc] from the running
// frame. Done: the result is in callee[0] (CALL) or has been returned from
// the frame (TAILCALL). Suspend: the fiber is ready to wait for resume().
// Inlined into call_native, its only caller: a call of a native (send,
// self, receive's scan: several per actor message) then costs one C++
// call less.
BATUTA_VM_HOT Interpreter::NativeOutcome Interpreter::call_native_once(Fiber& f, const Native* native, Value* callee,
                                                                      size_t argc, bool tail, Error& error,
                                                                      const Native*& failing_native) {
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

Interpreter::NativeOutcome Interpreter::call_native(Fiber& f, const Native* native, Value* callee, size_t argc,
                                                    bool tail, Error& error, const Native*& failing_native) {
  NativeOutcome out = call_native_once(f, native, callee, argc, tail, error, failing_native);
  if (out != NativeOutcome::Redirect) [[likely]] return out;
  Value fn = std::move(f.tail_fn_);
  std::vector<Value> args = std::move(f.tail_args_);
  f.tail_args_.clear();
  return redirect_call(f, callee, tail, std::move(fn), std::move(args), error, failing_native);
}

Interpreter::NativeOutcome Interpreter::call_other(Fiber& f, Value* callee, size_t argc, bool tail, Error& error,
                                                   const Native*& failing_native) {
  if (is_native(*callee)) return call_native(f, object_as<const Native>(*callee), callee, argc, tail, error, failing_native);
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
      Value* segment_end = fr.segment_end;
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
      if (target + 1 + args.size() > segment_end) {
        target = next_segment(f.segments_, segment_end, 1 + args.size());
      }
      target[0] = std::move(fn);
      for (size_t i = 0; i < args.size(); ++i) target[1 + i] = std::move(args[i]);
      if (!push_frame(f, target, args.size(), segment_end, result_slot, error)) return NativeOutcome::Failed;
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

// push_frame is the entry for callers outside the dispatch loop; the loop
// tries push_frame_hot (interpreter.cpp) first.
bool Interpreter::push_frame(Fiber& f, Value* callee, size_t argc, Value* segment_end, Value* result_slot,
                             Error& error) {
  return push_frame_general(f, object_as<const Closure>(*callee), callee, argc, segment_end, result_slot, error) !=
         nullptr;
}

bool Interpreter::arity_fails(const Closure* closure, size_t argc, Error& error) {
  const Proto* proto = closure->proto();
  if (proto->arity().accepts(argc) || proto->select(argc) != nullptr) return false;
  error = arity_error(proto->name, argc, proto->describe_arities());
  return true;
}

Frame* Interpreter::push_frame_general(Fiber& f, const Closure* closure, Value* callee, size_t argc,
                                       Value* segment_end, Value* result_slot, Error& error) {
  const Proto* proto = closure->proto();
  if (!proto->arity().accepts(argc)) [[unlikely]] {
    if (arity_fails(closure, argc, error)) {
      clear_slots(callee, 1 + argc);
      return nullptr;
    }
    proto = proto->select(argc);
  }
  if (g_interrupt_requested.load(std::memory_order_relaxed)) [[unlikely]] {
    g_interrupt_requested.store(false, std::memory_order_relaxed);
    error = make_error(ErrorKind::Interrupted, "interrupted");
    clear_slots(callee, 1 + argc);
    return nullptr;
  }
  if (f.frames_.size() >= f.options_.max_depth) [[unlikely]] {
    error = stack_overflow();
    clear_slots(callee, 1 + argc);
    return nullptr;
  }
  size_t needed = 1 + std::max<size_t>(proto->num_registers, argc);
  if (callee + needed > segment_end) [[unlikely]] {
    Value* dest = next_segment(f.segments_, segment_end, needed);
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
  return &f.frames_.push_back(
      Frame{closure, proto, proto->constants.data(), proto->code.data(), base, result_slot, segment_end});
}

Value* Interpreter::call_window(Fiber& f, size_t slots, Value*& segment_end) {
  Value* top;
  if (f.frames_.empty()) {
    segment_end = f.segments_[0].end();
    top = f.segments_[0].begin() + 1 + f.initial_argc_;
  } else {
    const Frame& fr = f.frames_.back();
    segment_end = fr.segment_end;
    top = fr.base + fr.proto->num_registers;
  }
  if (top + slots > segment_end) top = next_segment(f.segments_, segment_end, slots);
  return top;
}

Error Interpreter::not_callable(const Value& v) {
  return make_error(ErrorKind::TypeError, "can't call " + describe_value(v) + ": it is not a function");
}

Error Interpreter::stack_overflow() { return make_error(ErrorKind::StackOverflow, "stack overflow"); }

}  // namespace batuta::vm_detail
