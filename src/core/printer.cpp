// printer.cpp: printing immediates and dispatching heap objects to their kind.
#include "core/printer.h"

#include <cstdio>

#include "core/name.h"
#include "core/number.h"
#include "core/object.h"
#include "core/utf8.h"

namespace batuta {

namespace {

// Clojure's names for characters that do not print as themselves.
const char* named_character(char32_t c) {
  switch (c) {
    case '\n': return "newline";
    case ' ': return "space";
    case '\t': return "tab";
    case '\r': return "return";
    case '\b': return "backspace";
    case '\f': return "formfeed";
    case 0: return "nul";
    default: return nullptr;
  }
}

void print_character(char32_t c, Printer& p) {
  std::string s;
  if (!p.readably()) {
    utf8::encode(c, s);
    p.write(s);
    return;
  }
  p.write('\\');
  if (const char* name = named_character(c)) {
    p.write(name);
  } else if (c < 0x20 || c == 0x7F) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "u%04X", static_cast<unsigned>(c));
    p.write(buf);
  } else {
    utf8::encode(c, s);
    p.write(s);
  }
}

}  // namespace

void print_string_literal(std::string_view s, Printer& p) {
  p.write('"');
  for (char ch : s) {
    switch (ch) {
      case '"': p.write("\\\""); break;
      case '\\': p.write("\\\\"); break;
      case '\n': p.write("\\n"); break;
      case '\t': p.write("\\t"); break;
      case '\r': p.write("\\r"); break;
      default:
        if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7F) {
          char buf[12];
          std::snprintf(buf, sizeof buf, "\\u{%x}", static_cast<unsigned>(static_cast<unsigned char>(ch)));
          p.write(buf);
        } else {
          p.write(ch);
        }
    }
  }
  p.write('"');
}

void Printer::print(const Value& v) {
  if (v.is_fixnum() || v.is_double()) {
    print_number(v, *this);
  } else if (v.is_object()) {
    ops_of(v.as_object()).print(v.as_object(), *this);
  } else if (v.is_nil()) {
    write("nil");
  } else if (v.is_bool()) {
    write(v.is_true() ? "true" : "false");
  } else if (v.is_char()) {
    print_character(v.as_char(), *this);
  } else if (v.is_keyword()) {
    write(':');
    write(v.as_name()->full());
  } else {
    write(v.as_name()->full());
  }
}

std::string pr_str(const Value& v) {
  Printer p(true);
  p.print(v);
  return p.take();
}

std::string pr_str_abbreviated(const Value& v, size_t max_bytes) {
  std::string s = pr_str(v);
  if (s.size() > max_bytes) {
    size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
    s.resize(cut);
    s += "...";
  }
  return s;
}

std::string describe_value(const Value& v) {
  if (v.is_nil()) return "nil";
  return pr_str_abbreviated(v) + " (" + describe_type(v) + ")";
}

std::string print_str(const Value& v) {
  Printer p(false);
  p.print(v);
  return p.take();
}

}  // namespace batuta
