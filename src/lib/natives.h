// natives.h: the built-in functions written in C++ (natives.def).
//
// install_natives() makes one var per natives.def entry in batuta.core or
// batuta.string, bound to the Native, with the meta map
// {:doc "..." :arglists "..." :native true}. It is idempotent; boot()
// (eval.h) calls it before loading the standard library written in Batuta.
// It also installs the lazy-sequence realiser hook (core/lazy_seq.h).
#pragma once

#include <span>

#include "core/status.h"
#include "core/value.h"
#include "vm/fiber.h"

namespace batuta {

#define BATUTA_NATIVE(NS, name, fn, min, max, variadic, doc, arglists) \
  Result<Value> fn(VmContext& ctx, std::span<const Value> args);
#include "lib/natives.def"
#undef BATUTA_NATIVE

void install_natives();

}  // namespace batuta
