// unicode_case.h: per-character Unicode case mapping and whitespace, for
// batuta.string.
//
// Case mapping is the simple (one character to one character) mapping of
// the Unicode database: on native builds utf8proc's (unicode_case_host.cpp),
// on wasm32-wasi the C library's towupper/towlower, which wasi-libc
// implements for all of Unicode independently of the locale
// (unicode_case.cpp). Mappings that change the length (German sharp s to
// "SS") are not applied, as Java's per-character mapping does not either.
#pragma once

namespace batuta::lib {

char32_t unicode_upper(char32_t c);
char32_t unicode_lower(char32_t c);
// Java's Character.isWhitespace, which Clojure's trim and blank? use:
// ASCII whitespace and the Unicode space separators except no-break spaces.
bool unicode_is_whitespace(char32_t c);

}  // namespace batuta::lib
