// lib_test_util.h: calling the natives of natives.def from tests, the way
// compiled code does: the var's value run on a Fiber.
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "core/list.h"
#include "core/name.h"
#include "core/number.h"
#include "core/printer.h"
#include "core/string.h"
#include "core/vector.h"
#include "lib/natives.h"
#include "vm/fiber.h"
#include "vm/var.h"

namespace batuta::lib_test {

// The value of batuta.core/<name> (or batuta.string/<name>).
inline Value native(std::string_view name, std::string_view ns = "batuta.core") {
  Namespace* n = find_namespace(symbol(ns));
  EXPECT_NE(n, nullptr) << ns;
  if (n == nullptr) return Value();
  Var* v = find_var(n, symbol(name));
  EXPECT_NE(v, nullptr) << name;
  Value out;
  if (v == nullptr || !var_get(v, out)) return Value();
  return out;
}

struct Outcome {
  bool ok;
  Value value;
  std::string error;  // the message, when !ok
};

inline Outcome call_fn(const Value& fn, std::vector<Value> args) {
  Fiber f(fn, args);
  FiberStatus s = run(f);
  if (s == FiberStatus::Done) return {true, f.result(), ""};
  if (s == FiberStatus::Error) return {false, Value(), f.error().error.message};
  return {false, Value(), "SUSPENDED"};
}

inline Outcome call(std::string_view name, std::vector<Value> args) { return call_fn(native(name), std::move(args)); }
inline Outcome call_str(std::string_view name, std::vector<Value> args) {
  return call_fn(native(name, "batuta.string"), std::move(args));
}

// The readable form of the result, or "ERROR: message".
inline std::string show(const Outcome& o) { return o.ok ? pr_str(o.value) : "ERROR: " + o.error; }
inline std::string pr(std::string_view name, std::vector<Value> args) { return show(call(name, std::move(args))); }
inline std::string pr_s(std::string_view name, std::vector<Value> args) { return show(call_str(name, std::move(args))); }

inline Value I(int64_t i) { return make_integer(i); }
inline Value S(std::string_view s) { return make_string_from_utf8(s); }
inline Value K(std::string_view s) { return keyword(s); }
inline Value D(double d) { return Value::from_double(d); }
inline Value V(std::initializer_list<Value> xs) { return vector_from(xs); }
inline Value L(std::initializer_list<Value> xs) { return list_from(xs); }

}  // namespace batuta::lib_test
