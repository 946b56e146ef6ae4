// print_result.cpp: see print_result.h.
#include "lib/print_result.h"

#include "core/lazy_seq.h"
#include "core/printer.h"
#include "vm/fiber.h"

namespace batuta {

namespace {

// Runs a thunk in a fresh fiber, as the realiser hook does (natives.cpp),
// but keeps the fiber's trace in the error's message.
Result<Value> run_with_trace(void*, const Value& thunk) {
  Fiber fiber(thunk, {});
  switch (run(fiber)) {
    case FiberStatus::Done:
      return fiber.result();
    case FiberStatus::Error:
      return make_error(fiber.error().error.kind, "panic: " + fiber.error().to_string());
    default:
      return make_error(ErrorKind::IllegalState,
                        "panic: lazy-seq: the body of a lazy sequence suspended while its value was being printed");
  }
}

}  // namespace

Result<std::string> pr_str_realized(const Value& v) {
  Result<bool> realized = lazy_seq_realize_deep(v, ThunkRunner{&run_with_trace, nullptr});
  if (!realized) return realized.take_error();
  return pr_str(v);
}

}  // namespace batuta
