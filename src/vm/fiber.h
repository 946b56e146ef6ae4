// fiber.h: fibers, the unit of Batuta execution, and the native-call context.
//
// A Fiber is plain data (Janet's model): a register stack on the heap and a
// stack of frames, no Batuta frame on the C++ stack. run() executes until
// the fiber's function returns, fails or suspends; a suspended fiber is
// resumed later with resume(), on any thread (the caller marks shared what
// crosses threads, object.h). Only one thread runs a fiber at a time.
//
// Register stack: a list of segments that never move once allocated, so a
// native function's argument span (which points into the caller's
// registers) stays valid while the native calls back into Batuta and the
// stack grows. A frame's registers are contiguous within one segment;
// a call that does not fit moves the callee and its arguments to the next
// segment.
//
// Depth: non-tail calls are limited to FiberOptions::max_depth frames; the
// next call fails with `stack overflow` and the Batuta stack trace. Tail
// calls reuse their frame and never count.
//
// Errors: a failing instruction ends the fiber with a FiberError: the
// message (core's Error) plus the trace, deepest frame first, each frame at
// file:line:column of the instruction it was running; the middle of a very
// deep trace is elided.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/value.h"
#include "vm/function.h"

namespace batuta {

struct FiberOptions {
  size_t max_depth = 100000;  // frames of non-tail calls
  size_t initial_slots = 256;  // register slots allocated at start (actors use fewer)
};

enum class FiberStatus : uint8_t {
  Ready,      // made, not run yet
  Suspended,  // waiting for resume()
  Done,       // result() holds the value
  Error,      // error() holds the failure
};

struct TraceEntry {
  std::string function;
  std::string file;  // empty for a native function
  SourcePos pos;
};

struct FiberError {
  Error error;
  // Deepest first. When elided > 0, the elided frames sit between
  // trace[elided_at - 1] and trace[elided_at].
  std::vector<TraceEntry> trace;
  size_t elided = 0;
  size_t elided_at = 0;

  // The message, then one line per frame:
  //   +: expected a number, got "a" (a string)
  //     at f (test.ba:3:5)
  //     ... 99980 frames elided ...
  //     at main (test.ba:9:1)
  std::string to_string() const;
};

namespace vm_detail {
struct Frame;
struct Segment;
class Interpreter;

// The frames of a fiber: a growable array whose push and pop are a few
// inline instructions (std::vector's push_back was not inlined into the
// dispatch loop and cost a sixth of every call). Frame is plain data.
template <class T>
class FrameStack {
 public:
  FrameStack() = default;
  FrameStack(const FrameStack&) = delete;
  FrameStack& operator=(const FrameStack&) = delete;
  ~FrameStack() { std::free(data_); }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T& back() { return data_[size_ - 1]; }
  const T& back() const { return data_[size_ - 1]; }
  T& operator[](size_t i) { return data_[i]; }
  const T& operator[](size_t i) const { return data_[i]; }
  void pop_back() { --size_; }
  // The capacity never grows past the limit (the fiber's max_depth), so a
  // call's one test `full()` covers both a needed growth and the depth
  // limit; the slow path tells them apart.
  void set_limit(size_t limit) { limit_ = limit; }
  bool full() const { return size_ == capacity_; }
  // Precondition: size() < the limit.
  T& push_back(const T& x) {
    if (size_ == capacity_) [[unlikely]] grow();
    return push_unchecked(x);
  }
  // Precondition: !full().
  T& push_unchecked(const T& x) {
    T& slot = data_[size_++];
    slot = x;
    return slot;
  }

 private:
  void grow() {
    // Small at first: an idle actor's fiber holds one frame (a function
    // waiting in receive) or two (a defactor's loop); 56 bytes each.
    size_t cap = std::min(capacity_ == 0 ? 1 : capacity_ * 2, limit_);
    void* p = std::realloc(data_, cap * sizeof(T));
    if (p == nullptr) std::abort();  // out of memory: nothing sensible to do
    data_ = static_cast<T*>(p);
    capacity_ = cap;
  }
  T* data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
  size_t limit_ = SIZE_MAX;
};
}  // namespace vm_detail

class Fiber {
 public:
  // A fiber that will call `fn` with `args`.
  Fiber(Value fn, std::span<const Value> args, FiberOptions options = {});
  ~Fiber();
  Fiber(const Fiber&) = delete;
  Fiber& operator=(const Fiber&) = delete;

  FiberStatus status() const { return status_; }
  const Value& result() const { return result_; }  // when Done
  // When Error (otherwise an empty FiberError).
  const FiberError& error() const { return error_ != nullptr ? *error_ : no_error(); }
  const FiberOptions& options() const { return options_; }
  // Frames currently on the stack (0 once done); for tests.
  size_t depth() const;
  // Register slots allocated across all segments; for tests of constant memory.
  size_t stack_capacity() const;
  // The name of the function running in the frame `from_top` frames below
  // the innermost one (0: the innermost); "" past the outermost. For
  // introspection (the actor layer's inspect), by the thread running the
  // fiber or owning it while it is suspended.
  std::string function_at(size_t from_top) const;

  // Preemption (the actor scheduler's reductions). Each call of a Batuta
  // function and each backward jump spends one unit of the budget; when it
  // runs out outside any native callback, the fiber yields: run()/resume()
  // return Suspended with yielded() set, and resume(fiber, nil) continues
  // with the instruction that yielded. The default budget never runs out.
  void set_budget(int64_t units) { budget_ = units; }
  int64_t budget() const { return budget_; }
  // True once after a yield (clears the flag).
  bool take_yield() {
    bool y = yielded_;
    yielded_ = false;
    return y;
  }

 private:
  friend class vm_detail::Interpreter;
  friend class VmContext;
  friend FiberStatus run(Fiber& fiber);
  friend FiberStatus resume(Fiber& fiber, Value value);

  FiberOptions options_;
  FiberStatus status_ = FiberStatus::Ready;
  Value result_;
  // Allocated by the first error only: most fibers never fail, and an idle
  // actor's fiber should stay small (docs/actors.md, memory per actor).
  std::unique_ptr<FiberError> error_;
  static const FiberError& no_error();
  std::vector<vm_detail::Segment> segments_;
  vm_detail::FrameStack<vm_detail::Frame> frames_;
  size_t initial_argc_;
  // Set by VmContext::suspend: the interpreter suspends when the native
  // returns, and resume() stores its value into resume_slot_.
  bool suspend_requested_ = false;
  Value* resume_slot_ = nullptr;
  // The natives currently calling back into Batuta, innermost last, with
  // the frame count when each made its call: a suspension inside them is
  // refused (naming the innermost), and traces show them between frames.
  struct ActiveCallback {
    const Native* native;  // alive: its caller holds it for the call
    size_t depth;
  };
  std::vector<ActiveCallback> callbacks_;
  // Set when error_ holds the trace of an error raised inside a nested
  // call, so the outer loop keeps that deeper trace when the native passes
  // the same error on instead of tracing again from the native's caller.
  bool nested_error_valid_ = false;
  // Set when the suspended native was called by TAILCALL: resume() then
  // returns the resumed value from the frame.
  bool return_on_resume_ = false;
  // Preemption (set_budget): the units left; the slot a yield's resume writes.
  int64_t budget_ = INT64_MAX;
  bool yielded_ = false;
  Value yield_sink_;
  // Set by VmContext::tail_call: the call the native asked for.
  bool tail_call_requested_ = false;
  Value tail_fn_;
  std::vector<Value> tail_args_;
};

// Drives a fiber that suspended outside any scheduler (a top-level form of
// `batuta run` waiting in receive) until it is Done or fails. Installed by
// the actor layer; nullptr when none is installed (the caller then reports
// that nothing can resume the fiber).
using DriveSuspendedFiber = FiberStatus (*)(Fiber& fiber);
extern DriveSuspendedFiber g_drive_suspended_fiber;

// Set by request_interrupt(); the running fiber (whichever it is) fails with
// `interrupted` at its next call or backward jump, and clears the flag.
extern std::atomic<bool> g_interrupt_requested;
// Async-signal-safe: the REPL's SIGINT handler calls it.
inline void request_interrupt() { g_interrupt_requested.store(true, std::memory_order_relaxed); }

// Runs a Ready fiber until it is Done, fails (Error) or is Suspended.
FiberStatus run(Fiber& fiber);
// Resumes a Suspended fiber: `value` becomes the result of the native call
// that suspended it. May be called from another thread than the one that
// ran it last.
FiberStatus resume(Fiber& fiber, Value value);

// What a native function receives besides its arguments.
class VmContext {
 public:
  VmContext(Fiber& fiber, const Native& native) : fiber_(fiber), native_(native) {}
  Fiber& fiber() { return fiber_; }
  const Native& native() const { return native_; }

  // Calls a Batuta function (or another native) from this native: a nested
  // dispatch loop on the same fiber, returning when the callee returns. The
  // callee may not suspend (the native's C++ frame cannot be saved).
  Result<Value> call(const Value& fn, std::span<const Value> args);

  // Asks to suspend the fiber when this native returns; the native should
  // return the value this gives (nil) right away. The value later passed to
  // resume() becomes the result of the native's call. Fails when the fiber
  // is inside a native's callback, naming that native.
  Result<Value> suspend();

  // Asks the VM to call `fn` with `args` in place of this native, as a
  // tail call (`apply` uses it): the native returns the value this gives
  // (nil) right away. Because the call runs in the dispatch loop, not in a
  // nested one, the callee may suspend.
  Result<Value> tail_call(Value fn, std::vector<Value> args);

 private:
  Fiber& fiber_;
  const Native& native_;
};

}  // namespace batuta
