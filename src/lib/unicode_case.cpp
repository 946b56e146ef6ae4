// unicode_case.cpp: whitespace everywhere, and case mapping on wasm32-wasi
// (native builds take it from utf8proc: unicode_case_host.cpp).
#include "lib/unicode_case.h"

#if defined(__wasi__)
#include <cwctype>
#endif

namespace batuta::lib {

#if defined(__wasi__)
char32_t unicode_upper(char32_t c) { return static_cast<char32_t>(std::towupper(static_cast<wint_t>(c))); }
char32_t unicode_lower(char32_t c) { return static_cast<char32_t>(std::towlower(static_cast<wint_t>(c))); }
#endif

bool unicode_is_whitespace(char32_t c) {
  if (c <= 0x20) return c == 0x20 || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F);
  switch (c) {
    case 0x1680: case 0x2028: case 0x2029: case 0x205F: case 0x3000:
      return true;
    default:
      return (c >= 0x2000 && c <= 0x2006) || (c >= 0x2008 && c <= 0x200A);
  }
}

}  // namespace batuta::lib
