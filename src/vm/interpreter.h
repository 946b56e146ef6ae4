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
  const Instruction* pc;    // next instruction (saved while not running)
  Value* base;              // register 0
  Value* result_slot;       // where RETURN stores the value
  uint32_t segment;         // index of the segment holding base
};

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

  // Room for `slots` values above the top frame (or above the fiber's
  // initial arguments); sets `segment`.
  static Value* call_window(Fiber& f, size_t slots, uint32_t& segment);

  // Records `error` with the trace of the current frames (plus `native` on
  // top when the error came out of one), unwinds to stop_depth.
  static Exit raise(Fiber& f, Error error, const Native* native, size_t stop_depth);

  enum class NativeOutcome { Done, Failed, Suspend };
  static NativeOutcome call_native(Fiber& f, Value* callee, size_t argc, bool tail, Error& error,
                                   const Native*& failing_native);

  static Error not_callable(const Value& v);
  static Error stack_overflow();
};

}  // namespace batuta::vm_detail
