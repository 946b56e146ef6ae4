// utf8.h: UTF-8 validation, decoding and encoding.
//
// Batuta strings are UTF-8 and always valid: bytes from the outside world
// are validated where a string is made from them (string.h), so everything
// downstream may decode without checks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace batuta::utf8 {

// Checks s is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
// On failure, *bad_offset (if given) is the offset of the first bad byte.
// On success, *code_points (if given) is the number of code points.
bool validate(std::string_view s, size_t* bad_offset = nullptr, size_t* code_points = nullptr);

// Decodes the code point at s[i] of valid UTF-8 and advances i.
char32_t decode(std::string_view s, size_t& i);

// Appends the UTF-8 encoding of c (precondition: a valid scalar value).
void encode(char32_t c, std::string& out);

bool is_scalar_value(char32_t c);  // <= U+10FFFF and not a surrogate

}  // namespace batuta::utf8
