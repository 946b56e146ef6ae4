// literal.cpp: see literal.h.
#include "read/literal.h"

#include <cstdlib>
#include <string>

#include "core/instant.h"
#include "core/number.h"
#include "core/utf8.h"

namespace batuta::read_detail {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 99;
}

// Copies the digits of `text` without `_` separators. A separator must sit
// between two digits of the radix (`1_000`, not `_1`, `1_` or `1__0`).
bool strip_separators(std::string_view text, int radix, std::string& out) {
  out.clear();
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '_') {
      bool between = i > 0 && i + 1 < text.size() && digit_value(text[i - 1]) < radix && digit_value(text[i + 1]) < radix;
      if (!between) return false;
      continue;
    }
    if (digit_value(c) >= radix) return false;
    out.push_back(c);
  }
  return !out.empty();
}

bool parse_digits(std::string_view text, int radix, bool negative, Value& out) {
  std::string digits;
  if (!strip_separators(text, radix, digits)) return false;
  if (negative) digits.insert(digits.begin(), '-');
  Result<Value> r = parse_integer(digits, radix);
  if (!r.ok()) return false;
  out = std::move(r).value();
  return true;
}

// digits [. digits*] [(e|E) [sign] digits], separators allowed between digits.
bool parse_float(std::string_view text, bool negative, Value& out) {
  std::string clean = negative ? "-" : "";
  size_t i = 0;
  auto take_digits = [&](bool required) {
    size_t start = i;
    while (i < text.size() && (is_digit(text[i]) || text[i] == '_')) ++i;
    std::string part;
    if (i == start) return !required;
    if (!strip_separators(text.substr(start, i - start), 10, part)) return false;
    clean += part;
    return true;
  };
  if (!take_digits(true)) return false;
  bool is_float = false;
  if (i < text.size() && text[i] == '.') {
    ++i;
    clean += '.';
    is_float = true;
    if (!take_digits(false)) return false;
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    clean += 'e';
    is_float = true;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) clean += text[i++];
    if (!take_digits(true)) return false;
  }
  if (i != text.size() || !is_float) return false;
  // strtod on a NUL-terminated copy: the reader runs in the "C" locale (the
  // runtime never calls setlocale), so '.' is the decimal point.
  out = Value::from_double(std::strtod(clean.c_str(), nullptr));
  return true;
}

}  // namespace

bool parse_number(std::string_view token, Value& out) {
  bool negative = false;
  std::string_view body = token;
  if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
    negative = body[0] == '-';
    body.remove_prefix(1);
  }
  if (body.empty() || !is_digit(body[0])) return false;
  if (size_t slash = body.find('/'); slash != std::string_view::npos) {
    Value num, den;
    if (!parse_digits(body.substr(0, slash), 10, negative, num)) return false;
    if (!parse_digits(body.substr(slash + 1), 10, false, den)) return false;
    if (den.is_fixnum() && den.as_fixnum() == 0) return false;
    Result<Value> r = make_ratio(num, den);
    if (!r.ok()) return false;
    out = std::move(r).value();
    return true;
  }
  if (body.back() == 'N') return parse_digits(body.substr(0, body.size() - 1), 10, negative, out);
  if (body.find_first_of(".eE") != std::string_view::npos) return parse_float(body, negative, out);
  return parse_digits(body, 10, negative, out);
}

bool parse_radix_number(std::string_view body, Value& out) {
  if (body.empty()) return false;
  int radix = 0;
  size_t start = 1;
  switch (body[0]) {
    case 'x': radix = 16; break;
    case 'b': radix = 2; break;
    case 'o': radix = 8; break;
    default: {
      // NNr: a decimal radix 2..36 then 'r'.
      size_t i = 0;
      while (i < body.size() && i < 3 && is_digit(body[i])) radix = radix * 10 + (body[i++] - '0');
      if (i == 0 || i >= body.size() || (body[i] != 'r' && body[i] != 'R')) return false;
      if (radix < 2 || radix > 36) return false;
      start = i + 1;
    }
  }
  std::string_view digits = body.substr(start);
  bool negative = false;
  if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) {
    negative = digits[0] == '-';
    digits.remove_prefix(1);
  }
  return parse_digits(digits, radix, negative, out);
}

bool parse_code_point(std::string_view hex, char32_t& out) {
  if (hex.empty() || hex.size() > 6) return false;
  char32_t c = 0;
  for (char h : hex) {
    int d = digit_value(h);
    if (d >= 16) return false;
    c = c * 16 + static_cast<char32_t>(d);
  }
  if (!utf8::is_scalar_value(c)) return false;
  out = c;
  return true;
}

bool parse_character(std::string_view text, char32_t& out) {
  if (text.empty()) return false;
  size_t i = 0;
  char32_t first = utf8::decode(text, i);  // the source is validated UTF-8
  if (i == text.size()) {
    out = first;
    return true;
  }
  struct Named {
    std::string_view name;
    char32_t c;
  };
  static constexpr Named kNames[] = {{"newline", '\n'}, {"space", ' '},     {"tab", '\t'}, {"return", '\r'},
                                     {"backspace", '\b'}, {"formfeed", '\f'}, {"nul", 0}};
  for (const Named& n : kNames) {
    if (text == n.name) {
      out = n.c;
      return true;
    }
  }
  if (text[0] == 'u') {
    std::string_view hex = text.substr(1);
    if (hex.size() >= 2 && hex.front() == '{' && hex.back() == '}') return parse_code_point(hex.substr(1, hex.size() - 2), out);
    if (hex.size() == 4) return parse_code_point(hex, out);
  }
  return false;
}

bool parse_instant_literal(std::string_view text, Value& out) {
  int64_t micros;
  if (!parse_instant(text, micros)) return false;
  out = make_instant(micros);
  return true;
}

}  // namespace batuta::read_detail
