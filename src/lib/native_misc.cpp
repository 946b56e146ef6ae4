// native_misc.cpp: gensym, type, nano-time.
#include <atomic>
#include <chrono>
#include <string>

#include "core/name.h"
#include "core/number.h"
#include "core/object.h"
#include "core/string.h"
#include "lib/native_util.h"
#include "lib/natives.h"

namespace batuta {

namespace {

std::atomic<uint64_t> g_gensym_counter{0};

}  // namespace

Result<Value> n_gensym(VmContext& ctx, std::span<const Value> args) {
  std::string prefix = "G__";
  if (!args.empty()) {
    if (!is_string(args[0]) && !args[0].is_name()) return lib::expected(lib::op_name(ctx), "a string prefix", args[0]);
    prefix = is_string(args[0]) ? std::string(string_view_of(args[0])) : std::string(name_text(args[0]));
  }
  uint64_t n = g_gensym_counter.fetch_add(1, std::memory_order_relaxed) + 1;
  return symbol(prefix + std::to_string(n));
}

// core's user-facing type name as a keyword, spaces as dashes:
// :integer, :vector, :sorted-map, :lazy-sequence, :function.
Result<Value> n_type(VmContext&, std::span<const Value> args) {
  std::string name = type_name(args[0]);
  for (char& c : name)
    if (c == ' ') c = '-';
  return keyword(name);
}

Result<Value> n_nano_time(VmContext&, std::span<const Value>) {
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch());
  return make_integer(static_cast<int64_t>(ns.count()));
}

}  // namespace batuta
