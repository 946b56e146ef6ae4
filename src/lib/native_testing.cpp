// native_testing.cpp: call-in-fiber, what batuta.test (ba/test.ba) stands on.
//
// Batuta has no exceptions: a panic ends the fiber that runs it. A test
// runner must survive a test that panics, and `(is (panics? expr))` must
// observe a panic without dying of it. So the thunk runs in a fiber of its
// own (as core's lazy-sequence realiser does, natives.cpp): its panic ends
// that fiber only, and comes back here as data with its Batuta trace.
//
// The fresh fiber has nowhere to suspend to: a thunk that tries (receive,
// call...) is reported as a panic saying so, never a hang.
//
// A panic inside with-out-str leaves its output capture open (the body
// never reached pop-output-capture); the captures the thunk opened are
// closed here, so the caller's report is printed, not swallowed. The
// same for with-in-str's input strings (input.h).
#include <string>

#include "core/map.h"
#include "core/name.h"
#include "core/string.h"
#include "lib/input.h"
#include "lib/native_util.h"
#include "lib/natives.h"
#include "lib/output.h"
#include "vm/fiber.h"

namespace batuta {

namespace {

Value text(const std::string& s) {
  auto v = make_string(s);
  return v ? v.value() : make_string_from_utf8("(the message is not valid UTF-8)");
}

// The reason is the value given to panic; a runtime fault (a wrong type,
// an arity...) has none, and its message stands in for it.
Value panic_result(const std::string& message, const Value& reason, const std::string& trace) {
  Value kv[] = {keyword("panic"), text(message), keyword("reason"), reason.is_nil() ? text(message) : reason,
                keyword("trace"), text(trace)};
  return map_from(kv);
}

}  // namespace

Result<Value> n_call_in_fiber(VmContext& ctx, std::span<const Value> args) {
  if (!is_function(args[0])) return lib::expected(lib::op_name(ctx), "a function of no arguments", args[0]);
  const size_t captures = output_capture_depth();
  const size_t inputs = input_redirect_depth();
  Fiber fiber(args[0], {});
  FiberStatus status = run(fiber);
  std::string abandoned;
  while (output_capture_depth() > captures && pop_output_capture(abandoned)) {
  }
  while (input_redirect_depth() > inputs && pop_input_string()) {
  }
  switch (status) {
    case FiberStatus::Done: {
      Value kv[] = {keyword("ok"), fiber.result()};
      return map_from(kv);
    }
    case FiberStatus::Error:
      return panic_result(fiber.error().error.message, fiber.error().error.reason, fiber.error().to_string());
    case FiberStatus::Suspended:
    case FiberStatus::Ready:
      break;
  }
  std::string message = "call-in-fiber: the function suspended (receive, call, sleep...) where nothing can resume it";
  return panic_result(message, Value(), message);
}

}  // namespace batuta
