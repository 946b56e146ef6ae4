// interpreter.h: the dispatch loop and the frame machinery behind fiber.h.
// Internal to the vm layer.
//
// Frame layout (Lua's): a frame's closure sits in the slot just below its
// register 0 (base[-1]), which keeps it alive while it runs (after a
// CALLVAR that slot is nil: the var keeps the closure alive); arguments
// arrive in registers 0..argc-1. CALL A B puts the callee in the caller's
// R[A] and the arguments in R[A+1..A+B], so the callee's base is the
// caller's R[A+1] and no copying happens, unless the callee's registers do
// not fit in the segment: then callee and arguments move to the next
// segment. RETURN writes the result to the frame's result_slot (the caller's
// R[A]) and clears the frame's slots, so nothing stays alive above the top.
//
// Register convention the emitter keeps: at a CALL A B, registers above
// A+B are dead (the callee's frame overlaps them).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <type_traits>
#include <vector>

#include "vm/fiber.h"

#if defined(__GNUC__) || defined(__clang__)
#define BATUTA_VM_HOT __attribute__((always_inline)) inline
#else
#define BATUTA_VM_HOT inline
#endif

namespace batuta::vm_detail {

// Releases an object a slot holds (out of line: rare on the hot paths).
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noinline))
#endif
void release_slot(Value& slot);

// Sets every slot holding an object to nil; slots holding immediates need
// nothing, and most frames return holding only immediates. (A test of all
// slots first with SSE2 was slower: its 16-byte loads span the 8-byte
// stores of the registers just written and stall store forwarding.)
BATUTA_VM_HOT void clear_slots(Value* p, size_t n) {
  size_t i = 0;
  for (; i + 2 <= n; i += 2) {  // two slots a step: half the loop's branches
    if (static_cast<int>(p[i].is_object()) | static_cast<int>(p[i + 1].is_object())) [[unlikely]] {
      if (p[i].is_object()) release_slot(p[i]);
      if (p[i + 1].is_object()) release_slot(p[i + 1]);
    }
  }
  if (i < n && p[i].is_object()) [[unlikely]] release_slot(p[i]);
}

struct Segment {
  std::unique_ptr<Value[]> slots;
  size_t size = 0;

  Value* begin() const { return slots.get(); }
  Value* end() const { return slots.get() + size; }
};

struct Frame {
  const Closure* closure;   // kept alive by base[-1], or by its var (CallVar)
  const Proto* proto;       // the arity running: closure's proto or one of its overloads
  const Value* constants;   // proto->constants.data(), read by every K operand
  const Instruction* pc;    // next instruction (saved while not running)
  Value* base;              // register 0
  Value* result_slot;       // where RETURN stores the value
  Value* segment_end;       // end of the segment holding base: a call's registers must fit below
};

static_assert(std::is_trivially_copyable_v<Frame>, "FrameStack copies frames as bytes");

class Interpreter {
 public:
  enum class Exit { Returned, Error, Suspended };

  // Runs frames until the frame count is back to stop_depth (after a
  // RETURN), an error (fiber.error_ set, frames above stop_depth unwound)
  // or a suspension.
  static Exit execute(Fiber& f, size_t stop_depth);
  // The dispatch loop, in two builds: with the entries into native code
  // (vm/native_code.h), taken once a table is installed, and without them,
  // so that `batuta run` pays nothing for them.
  template <bool kNativeCode>
  static Exit dispatch(Fiber& f, size_t stop_depth);

  // Pushes a frame for the closure in callee[0] with argc arguments in
  // callee[1..argc] of segment `segment`. Checks arity and depth; on
  // failure clears the window and fills `error`.
  static bool push_frame(Fiber& f, Value* callee, size_t argc, Value* segment_end, Value* result_slot, Error& error);

  // Pops the top frame, clearing its slots, and stores `result`.
  static void return_from_frame(Fiber& f, Value result);
  // The same two, inlined into the dispatch loop; push_frame_hot returns
  // the new top frame (nullptr on failure), return_from_frame_hot is given
  // the top frame.
  // `closure` is the one callee[0] keeps alive: callee[0] holds it, or
  // the var it is the root of (CallVar). `proto` is closure's primary
  // proto (closure->proto()), passed so that a recursive call can take it
  // from the running frame instead of loading it through the closure.
  static Frame* push_frame_hot(Fiber& f, const Closure* closure, const Proto* proto, Value* callee, size_t argc,
                               Value* segment_end, Value* result_slot, Error& error);
  // Every case push_frame_hot does not take at once: overloads, rest
  // lists, a move to the next segment, and the failures.
  // True, with `error` set, when no arity of closure takes argc arguments.
  static bool arity_fails(const Closure* closure, size_t argc, Error& error);
  static Frame* push_frame_general(Fiber& f, const Closure* closure, Value* callee, size_t argc, Value* segment_end,
                                   Value* result_slot, Error& error);
  static void return_from_frame_hot(Fiber& f, const Frame& top, Value result);

  // Room for `slots` values above the top frame (or above the fiber's
  // initial arguments); sets `segment_end` to the end of its segment.
  static Value* call_window(Fiber& f, size_t slots, Value*& segment_end);

  // Records `error` with the trace of the current frames (plus `native` on
  // top when the error came out of one), unwinds to stop_depth.
  static Exit raise(Fiber& f, Error error, const Native* native, size_t stop_depth);

  // Done: the result is in *callee (CALL) or was returned from the frame
  // (TAILCALL). Pushed: a closure's frame was pushed (only from
  // call_other). Redirect: the native asked for a tail call
  // (VmContext::tail_call); call_other makes it.
  enum class NativeOutcome { Done, Failed, Suspend, Pushed, Redirect };
  // Calls `native` with callee[1..argc] (callee[0] may hold it, or be nil
  // when a var keeps it alive), and makes the tail call it may ask for:
  // never Redirect.
  static NativeOutcome call_native(Fiber& f, const Native* native, Value* callee, size_t argc, bool tail,
                                   Error& error, const Native*& failing_native);
  static NativeOutcome call_native_once(Fiber& f, const Native* native, Value* callee, size_t argc, bool tail,
                                        Error& error, const Native*& failing_native);
  // Every callee that is not a closure: natives (and the tail calls they
  // ask for), vars (dereferenced), callable data (callable_data.h).
  static NativeOutcome call_other(Fiber& f, Value* callee, size_t argc, bool tail, Error& error,
                                  const Native*& failing_native);
  // Calls fn with args for the call whose window starts at callee.
  static NativeOutcome redirect_call(Fiber& f, Value* callee, bool tail, Value fn, std::vector<Value> args,
                                     Error& error, const Native*& failing_native);
  // Stores a call's result: into *callee, or returned from the frame.
  static void deliver(Fiber& f, Value* callee, bool tail, Value result);

  // A backward Jmp in native code (vm/native_code.h): spends one unit of
  // the fiber's budget and returns true, unless the interpreter's Jmp
  // would act here (the budget runs out, an interrupt is pending): then it
  // spends nothing and returns false, native code hands the Jmp to the
  // interpreter, and the interpreter acts.
  static bool native_backward_jump(Fiber& f) {
    if (f.budget_ <= 1 || g_interrupt_requested.load(std::memory_order_relaxed)) [[unlikely]] return false;
    --f.budget_;
    return true;
  }

  static Error not_callable(const Value& v);
  static Error stack_overflow();
};

}  // namespace batuta::vm_detail
