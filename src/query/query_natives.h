// query_natives.h: the query layer's natives (query_natives.def) and their
// installation.
//
// install_query_natives() interns one var per entry in namespace
// batuta.query and refers the user-facing ones into `user`. The CLI calls
// it before boot(); it is idempotent.
#pragma once

#include <span>

#include "core/status.h"
#include "core/value.h"
#include "vm/fiber.h"

namespace batuta {

namespace query {
#define BATUTA_QUERY_NATIVE(name, fn, min, max, variadic, referred, doc, arglists) \
  Result<Value> fn(VmContext& ctx, std::span<const Value> args);
#include "query/query_natives.def"
#undef BATUTA_QUERY_NATIVE
}  // namespace query

void install_query_natives();

}  // namespace batuta
