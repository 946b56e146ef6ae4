// source_pos.h: a position in Batuta source text.
//
// Shared by the reader (where forms come from), the compiler (which carries
// positions into the IR) and the VM (one per instruction, for errors and
// stack traces), so it lives in the lowest layer.
#pragma once

#include <cstdint>

namespace batuta {

struct SourcePos {
  uint32_t line = 0;    // 1-based; 0 when unknown
  uint32_t column = 0;  // 1-based, in characters (code points), not bytes; 0 when unknown
  friend bool operator==(const SourcePos&, const SourcePos&) = default;
};

}  // namespace batuta
