// interpreter.h: the dispatch loop and the frame machinery behind fiber.h.
// Internal to the vm layer.
//
// Frame layout (Lua's): a frame's closure sits in the slot just below its
// register 0 (base[-1]), which keeps it alive while it runs; arguments
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

namespace batuta::vm_detail {

struct Segment {
  std::unique_ptr<Value[]> slots;
  size_t size = 0;

  Value* begin() const { return slots.get(); }
  Value* end() const { return slots.get() + size; }
};

struct Frame {
  const Closure* closure;   // kept alive by base[-1]
  const Proto* proto;       // the arity running: closure's proto or one of its overloads
  const Instruction* pc;    // next instruction (saved while not running)
  Value* base;              // register 0
  Value* result_slot;       // where RETURN stores the value
  uint32_t segment;         // index of the segment holding base
};

static_assert(std::is_trivially_copyable_v<Frame>, "FrameStack copies frames as bytes");

class Interpreter {
 public:
  enum class Exit { Returned, Error, Suspended };

  // Runs frames until the frame count is back to stop_depth (after a
  // RETURN), an error (fiber.error_ set, frames above stop_depth unwound)
  // or a suspension.
  static Exit execute(Fiber& f, size_t stop_depth);

  // Pushes a frame for the closure in callee[0] with argc arguments in
  // callee[1..argc] of segment `segment`. Checks arity and depth; on
  // failure clears the window and fills `error`.
  static bool push_frame(Fiber& f, Value* callee, size_t argc, uint32_t segment, Value* result_slot, Error& error);

  // Pops the top frame, clearing its slots, and stores `result`.
  static void return_from_frame(Fiber& f, Value result);
  // The same two, inlined into the dispatch loop.
  static bool push_frame_hot(Fiber& f, Value* callee, size_t argc, uint32_t segment, Value* result_slot,
                             Error& error);
  static void return_from_frame_hot(Fiber& f, Value result);

  // Room for `slots` values above the top frame (or above the fiber's
  // initial arguments); sets `segment`.
  static Value* call_window(Fiber& f, size_t slots, uint32_t& segment);

  // Records `error` with the trace of the current frames (plus `native` on
  // top when the error came out of one), unwinds to stop_depth.
  static Exit raise(Fiber& f, Error error, const Native* native, size_t stop_depth);

  // Done: the result is in *callee (CALL) or was returned from the frame
  // (TAILCALL). Pushed: a closure's frame was pushed (only from
  // call_other). Redirect: the native asked for a tail call
  // (VmContext::tail_call); call_other makes it.
  enum class NativeOutcome { Done, Failed, Suspend, Pushed, Redirect };
  static NativeOutcome call_native(Fiber& f, Value* callee, size_t argc, bool tail, Error& error,
                                   const Native*& failing_native);
  // Every callee that is not a closure: natives (and the tail calls they
  // ask for), vars (dereferenced), callable data (callable_data.h).
  static NativeOutcome call_other(Fiber& f, Value* callee, size_t argc, bool tail, Error& error,
                                  const Native*& failing_native);
  // Calls fn with args for the call whose window starts at callee.
  static NativeOutcome redirect_call(Fiber& f, Value* callee, bool tail, Value fn, std::vector<Value> args,
                                     Error& error, const Native*& failing_native);
  // Stores a call's result: into *callee, or returned from the frame.
  static void deliver(Fiber& f, Value* callee, bool tail, Value result);

  static Error not_callable(const Value& v);
  static Error stack_overflow();
};

}  // namespace batuta::vm_detail
