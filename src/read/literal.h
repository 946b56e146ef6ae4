// literal.h: the reader's atom parsers, pure functions on token text.
//
// Each returns false (and leaves `out` alone) when the text is not a valid
// literal of its kind; the reader turns that into a positioned error.
#pragma once

#include <string_view>

#include "core/value.h"

namespace batuta::read_detail {

// A decimal number token: `42 -7 +5 1_000 12N 1/3 -4/2 3.14 1e-9 -2.5E3 1.`.
// Ratios are normalised (4/2 is the integer 2); N-suffixed integers are
// ordinary integers (big only when they need to be).
bool parse_number(std::string_view token, Value& out);

// The body of a radix literal after `#`: `x1A`, `b1010`, `o17`, `36rZZ`,
// with an optional sign after the radix prefix (`#x-ff`).
bool parse_radix_number(std::string_view body, Value& out);

// A character literal's text after the backslash: one code point, a name
// (newline space tab return backspace formfeed nul), `uXXXX` or `u{X...}`.
bool parse_character(std::string_view text, char32_t& out);

// The string of an `#inst "..."` literal (RFC 3339, core/instant.h) to an
// instant.
bool parse_instant_literal(std::string_view text, Value& out);

// Hex digits to a Unicode scalar value (1..6 digits, not a surrogate).
bool parse_code_point(std::string_view hex, char32_t& out);

}  // namespace batuta::read_detail
