// fiber.cpp: fiber lifecycle, run/resume, errors with stack traces, and
// the native-call context. The dispatch loop is in interpreter.cpp.
#include "vm/fiber.h"

#include <algorithm>

#include "vm/interpreter.h"

namespace batuta {

using vm_detail::Frame;
using vm_detail::Interpreter;
using vm_detail::Segment;

namespace {

// A trace longer than kTraceHead + kTraceTail + kTraceSlack frames shows
// only its deepest kTraceHead and outermost kTraceTail frames.
constexpr size_t kTraceHead = 10;
constexpr size_t kTraceTail = 10;
constexpr size_t kTraceSlack = 4;

TraceEntry frame_entry(const Frame& fr) {
  const Proto* p = fr.proto;
  // pc is past the instruction the frame is running (or called from).
  const Instruction* at = fr.pc > p->code.data() ? fr.pc - 1 : fr.pc;
  return TraceEntry{p->name, p->file, p->position_of(at)};
}

}  // namespace

// --- FiberError ------------------------------------------------------------------
std::string FiberError::to_string() const {
  std::string s = error.message;
  for (size_t i = 0; i <= trace.size(); ++i) {
    if (elided > 0 && i == elided_at) s += "\n  ... " + std::to_string(elided) + " frames elided ...";
    if (i == trace.size()) break;
    const TraceEntry& e = trace[i];
    s += "\n  at " + e.function + " (";
    if (e.file.empty()) {
      s += "native";
    } else {
      s += e.file + ":" + std::to_string(e.pos.line) + ":" + std::to_string(e.pos.column);
    }
    s += ")";
  }
  return s;
}

// --- Fiber -------------------------------------------------------------------------
Fiber::Fiber(Value fn, std::span<const Value> args, FiberOptions options)
    : options_(options), initial_argc_(args.size()) {
  frames_.set_limit(std::max<size_t>(options.max_depth, 1));
  size_t size = std::max(options.initial_slots, 2 * (args.size() + 1));
  segments_.push_back(Segment{std::make_unique<Value[]>(size), size});
  Value* slots = segments_[0].begin();
  slots[0] = std::move(fn);
  for (size_t i = 0; i < args.size(); ++i) slots[1 + i] = args[i];
}

Fiber::~Fiber() = default;

const FiberError& Fiber::no_error() {
  static const FiberError empty{};
  return empty;
}

size_t Fiber::depth() const { return frames_.size(); }

std::string Fiber::function_at(size_t from_top) const {
  if (from_top >= frames_.size()) return std::string();
  return frames_[frames_.size() - 1 - from_top].proto->name;
}

size_t Fiber::stack_capacity() const {
  size_t n = 0;
  for (const Segment& s : segments_) n += s.size;
  return n;
}

namespace vm_detail {

Interpreter::Exit Interpreter::raise(Fiber& f, Error error, const Native* native, size_t stop_depth) {
  // An error a native passed on from its nested call already has the deeper trace.
  bool keep = native != nullptr && f.nested_error_valid_ && f.error_ != nullptr &&
              f.error_->error.kind == error.kind && f.error_->error.message == error.message;
  f.nested_error_valid_ = false;
  if (!keep) {
    FiberError fe;
    fe.error = std::move(error);
    // The trace, deepest first: the failing native (if any), then each
    // frame, with the natives that called back into Batuta between the
    // frames they separate.
    struct Item {
      const Frame* frame;
      const Native* native;
    };
    std::vector<Item> items;
    items.reserve(f.frames_.size() + f.callbacks_.size() + 1);
    if (native != nullptr) items.push_back({nullptr, native});
    size_t c = f.callbacks_.size();
    for (size_t k = f.frames_.size(); k-- > 0;) {
      for (; c > 0 && f.callbacks_[c - 1].depth > k; --c) items.push_back({nullptr, f.callbacks_[c - 1].native});
      items.push_back({&f.frames_[k], nullptr});
    }
    for (; c > 0; --c) items.push_back({nullptr, f.callbacks_[c - 1].native});
    auto entry = [](const Item& it) {
      return it.frame != nullptr ? frame_entry(*it.frame) : TraceEntry{it.native->name, "", {}};
    };
    size_t total = items.size();
    if (total > kTraceHead + kTraceTail + kTraceSlack) {
      for (size_t i = 0; i < kTraceHead; ++i) fe.trace.push_back(entry(items[i]));
      for (size_t i = total - kTraceTail; i < total; ++i) fe.trace.push_back(entry(items[i]));
      fe.elided = total - kTraceHead - kTraceTail;
      fe.elided_at = kTraceHead;
    } else {
      for (const Item& it : items) fe.trace.push_back(entry(it));
    }
    if (f.error_ == nullptr) {
      f.error_ = std::make_unique<FiberError>(std::move(fe));
    } else {
      *f.error_ = std::move(fe);
    }
  }
  // Unwind: clear each abandoned frame's slots so what they held is freed now.
  while (f.frames_.size() > stop_depth) {
    Frame& top = f.frames_.back();
    Value* base = top.base;
    size_t n = top.proto->num_registers;
    f.frames_.pop_back();
    for (size_t i = 0; i < n; ++i) base[i] = Value();
    base[-1] = Value();
  }
  // If this was a nested call, the native that made it sees the error next.
  f.nested_error_valid_ = true;
  return Exit::Error;
}

}  // namespace vm_detail

namespace {

FiberStatus finish(Fiber& f, Interpreter::Exit exit, FiberStatus& status) {
  switch (exit) {
    case Interpreter::Exit::Returned:
      status = FiberStatus::Done;
      break;
    case Interpreter::Exit::Error:
      status = FiberStatus::Error;
      break;
    case Interpreter::Exit::Suspended:
      status = FiberStatus::Suspended;
      break;
  }
  (void)f;
  return status;
}

}  // namespace

FiberStatus run(Fiber& f) {
  if (f.status_ != FiberStatus::Ready) return f.status_;
  Value* callee = f.segments_[0].begin();
  size_t argc = f.initial_argc_;
  if (is_closure(*callee)) {
    Error error;
    if (!Interpreter::push_frame(f, callee, argc, f.segments_[0].end(), &f.result_, error)) {
      return finish(f, Interpreter::raise(f, std::move(error), nullptr, 0), f.status_);
    }
    return finish(f, Interpreter::execute(f, 0), f.status_);
  }
  if (is_native(*callee)) {
    const auto* native = object_as<const Native>(*callee);
    if (!native->arity.accepts(argc)) {
      return finish(f, Interpreter::raise(f, arity_error(native->name, argc, native->arity), nullptr, 0), f.status_);
    }
    Result<Value> r = [&] {
      VmContext ctx(f, *native);
      return native->fn(ctx, std::span<const Value>(callee + 1, argc));
    }();
    if (!r) {
      f.suspend_requested_ = false;
      return finish(f, Interpreter::raise(f, r.take_error(), native, 0), f.status_);
    }
    if (f.suspend_requested_) {
      f.suspend_requested_ = false;
      f.resume_slot_ = &f.result_;
      f.return_on_resume_ = false;
      f.status_ = FiberStatus::Suspended;
      return f.status_;
    }
    f.result_ = std::move(r.value());
    f.status_ = FiberStatus::Done;
    return f.status_;
  }
  return finish(f, Interpreter::raise(f, Interpreter::not_callable(*callee), nullptr, 0), f.status_);
}

FiberStatus resume(Fiber& f, Value value) {
  if (f.status_ != FiberStatus::Suspended) return f.status_;
  Value* slot = f.resume_slot_;
  f.resume_slot_ = nullptr;
  if (f.return_on_resume_) {
    f.return_on_resume_ = false;
    Interpreter::return_from_frame(f, std::move(value));
  } else {
    *slot = std::move(value);
  }
  if (f.frames_.empty()) {
    f.status_ = FiberStatus::Done;
    return f.status_;
  }
  return finish(f, Interpreter::execute(f, 0), f.status_);
}

// --- VmContext -----------------------------------------------------------------------
Result<Value> VmContext::call(const Value& fn, std::span<const Value> args) {
  Fiber& f = fiber_;
  if (is_native(fn)) {
    const auto* native = object_as<const Native>(fn);
    if (!native->arity.accepts(args.size())) return arity_error(native->name, args.size(), native->arity);
    f.callbacks_.push_back({&native_, f.frames_.size()});
    Result<Value> r = [&] {
      VmContext ctx(f, *native);
      return native->fn(ctx, args);
    }();
    f.callbacks_.pop_back();
    return r;
  }
  if (!is_closure(fn)) return Interpreter::not_callable(fn);

  Value* segment_end;
  Value* window = Interpreter::call_window(f, 1 + args.size(), segment_end);
  window[0] = fn;
  for (size_t i = 0; i < args.size(); ++i) window[1 + i] = args[i];
  Value result;
  size_t stop_depth = f.frames_.size();
  Error error;
  if (!Interpreter::push_frame(f, window, args.size(), segment_end, &result, error)) {
    Interpreter::raise(f, error, &native_, stop_depth);
    return error;
  }
  f.callbacks_.push_back({&native_, stop_depth});
  Interpreter::Exit exit = Interpreter::execute(f, stop_depth);
  f.callbacks_.pop_back();
  if (exit == Interpreter::Exit::Error) return f.error_->error;  // raise() set it
  // Suspended cannot happen: suspend() refuses while callbacks_ is non-empty.
  return result;
}

std::atomic<bool> g_interrupt_requested{false};
DriveSuspendedFiber g_drive_suspended_fiber = nullptr;

Result<Value> VmContext::tail_call(Value fn, std::vector<Value> args) {
  fiber_.tail_call_requested_ = true;
  fiber_.tail_fn_ = std::move(fn);
  fiber_.tail_args_ = std::move(args);
  return Value();
}

Result<Value> VmContext::suspend() {
  Fiber& f = fiber_;
  if (!f.callbacks_.empty()) {
    return make_error(ErrorKind::IllegalState, native_.name +
                                                      ": can't suspend inside a callback from the native function " +
                                                      f.callbacks_.back().native->name);
  }
  f.suspend_requested_ = true;
  return Value();
}

}  // namespace batuta
