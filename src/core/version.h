// version.h: the one place the version is declared.
#pragma once

namespace batuta {
inline constexpr const char* kVersion = "0.1.0";
}  // namespace batuta
