// core_macros.cpp: the lookup table of core_macros.def.
#include "compile/core_macros.h"

#include <array>

namespace batuta {

namespace {

struct Entry {
  std::string_view name;
  CoreMacroFn fn;
};

constexpr Entry kEntries[] = {
#define BATUTA_CORE_MACRO(name, fn) {name, &fn},
#include "compile/core_macros.def"
#undef BATUTA_CORE_MACRO
};

constexpr size_t kCount = sizeof(kEntries) / sizeof(kEntries[0]);

constexpr std::array<std::string_view, kCount> make_names() {
  std::array<std::string_view, kCount> names{};
  for (size_t i = 0; i < kCount; ++i) names[i] = kEntries[i].name;
  return names;
}
constexpr std::array<std::string_view, kCount> kNames = make_names();

constexpr std::string_view kCorePrefix = "batuta.core/";

}  // namespace

// A linear scan over ~45 short names: cheaper than hashing for the lengths
// involved, and it needs no start-up work. Most heads are rejected by the
// first-character compare inside ==.
CoreMacroFn find_core_macro(std::string_view name) {
  if (name.size() > kCorePrefix.size() && name.substr(0, kCorePrefix.size()) == kCorePrefix)
    name.remove_prefix(kCorePrefix.size());
  for (const Entry& e : kEntries)
    if (e.name == name) return e.fn;
  return nullptr;
}

bool is_core_macro_name(std::string_view name) { return find_core_macro(name) != nullptr; }

std::span<const std::string_view> core_macro_names() { return kNames; }

}  // namespace batuta
