// repl_completion.cpp: see repl_completion.h.
#include "cli/repl_completion.h"

#include <algorithm>
#include <cstring>

namespace batuta::cli {

bool is_symbol_byte(unsigned char c) {
  if (c >= 0x80) return true;
  if (c <= ' ' || c == 0x7f) return false;
  return std::strchr("()[]{}\"'`~@^;,\\", c) == nullptr;
}

std::string_view word_before_cursor(std::string_view text_before_cursor) {
  size_t start = text_before_cursor.size();
  while (start > 0 && is_symbol_byte(static_cast<unsigned char>(text_before_cursor[start - 1]))) --start;
  return text_before_cursor.substr(start);
}

std::string common_prefix(const std::vector<std::string>& names) {
  std::string prefix = names.front();
  for (const std::string& name : names) {
    size_t n = 0;
    while (n < prefix.size() && n < name.size() && prefix[n] == name[n]) ++n;
    prefix.resize(n);
  }
  // Never stop inside a UTF-8 sequence: find the lead byte of the last
  // character and cut before it when its sequence is incomplete.
  size_t lead = prefix.size();
  while (lead > 0 && (static_cast<unsigned char>(prefix[lead - 1]) & 0xC0) == 0x80) --lead;
  if (lead > 0) {
    const unsigned char b = static_cast<unsigned char>(prefix[lead - 1]);
    const size_t length = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
    if (prefix.size() - (lead - 1) < length) prefix.resize(lead - 1);
  }
  return prefix;
}

std::string format_columns(const std::vector<std::string>& names, int width) {
  size_t widest = 0;
  for (const std::string& name : names) widest = std::max(widest, name.size());
  const size_t column_width = widest + 2;
  const size_t columns = std::max<size_t>(1, static_cast<size_t>(std::max(width, 1)) / column_width);
  const size_t rows = (names.size() + columns - 1) / columns;
  std::string out;
  for (size_t row = 0; row < rows; ++row) {
    for (size_t column = 0; column < columns; ++column) {
      const size_t i = column * rows + row;  // down the columns, as ls does
      if (i >= names.size()) break;
      out += names[i];
      const bool last_in_row = column + 1 == columns || i + rows >= names.size();
      if (!last_in_row) out.append(column_width - names[i].size(), ' ');
    }
    out.push_back('\n');
  }
  return out;
}

}  // namespace batuta::cli
