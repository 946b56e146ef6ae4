// stdlib.h: the standard library written in Batuta, embedded in the binary.
//
// The .ba files of src/lib/ba/ are turned into C++ string constants at
// build time (CMakeLists.txt, batuta_embed_stdlib), so `batuta` never reads
// its library from an install path. boot() (eval.h) loads them in order.
#pragma once

#include <span>
#include <string_view>

namespace batuta {

struct EmbeddedSource {
  std::string_view ns;    // the namespace the file defines, e.g. batuta.core
  std::string_view path;  // e.g. core.ba (traces say batuta/core.ba)
  std::string_view text;
};

// In load order.
std::span<const EmbeddedSource> embedded_stdlib();

}  // namespace batuta
