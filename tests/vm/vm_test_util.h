// vm_test_util.h: helpers shared by the vm tests: building functions with
// the Assembler, running them on a fiber, and test vars.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/name.h"
#include "core/number.h"
#include "core/printer.h"
#include "vm/assembler.h"
#include "vm/fiber.h"
#include "vm/function.h"
#include "vm/var.h"

namespace batuta::vm_test {

// The Proto an assembler built (the test fails if it did not build).
inline Value proto_of(Assembler& a) {
  Result<Value> r = a.finish();
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? std::move(r.value()) : Value();
}

// A closure without captures of the assembled proto.
inline Value fn_of(Assembler& a) { return make_closure(proto_of(a), {}); }

// A var of the test namespace, fresh per name.
inline Var* test_var(std::string_view name) {
  return intern_var(find_or_create_namespace(symbol("vm.test")), symbol(name));
}

// Runs fn(args) to completion; the printed result, or "ERROR: " and the
// error with its trace.
inline std::string run_to_string(const Value& fn, std::vector<Value> args = {}, FiberOptions options = {}) {
  Fiber fiber(fn, args, options);
  FiberStatus s = run(fiber);
  if (s == FiberStatus::Done) return pr_str(fiber.result());
  if (s == FiberStatus::Error) return "ERROR: " + fiber.error().to_string();
  return "SUSPENDED";
}

inline Value I(int64_t i) { return make_integer(i); }

}  // namespace batuta::vm_test
