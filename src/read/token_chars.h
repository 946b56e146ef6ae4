// token_chars.h: where a token of Batuta source ends. One definition for
// the Profile A reader and the Profile B/C lexer, so that a symbol,
// number or keyword ends at the same character in every profile.
#pragma once

namespace batuta::read_detail {

// Commas are whitespace, as in Clojure.
inline bool is_whitespace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == ',';
}

// Characters that end a token (symbol, number, keyword, character name).
inline bool is_terminating(char c) {
  if (is_whitespace(c)) return true;
  switch (c) {
    case '(': case ')': case '[': case ']': case '{': case '}':
    case '"': case ';': case '@': case '`': case '~': case '\\':
      return true;
    default:
      return false;
  }
}

}  // namespace batuta::read_detail
