// unicode_case_host.cpp: case mapping through utf8proc (native builds).
#include <utf8proc.h>

#include "lib/unicode_case.h"

namespace batuta::lib {

char32_t unicode_upper(char32_t c) { return static_cast<char32_t>(utf8proc_toupper(static_cast<utf8proc_int32_t>(c))); }
char32_t unicode_lower(char32_t c) { return static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(c))); }

}  // namespace batuta::lib
