// native_strings.cpp: str, subs, format, char (batuta.core) and the
// batuta.string namespace. Strings are UTF-8; every index a Batuta program
// sees counts characters (code points), never bytes.
#include <charconv>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "core/number.h"
#include "core/printer.h"
#include "core/regex.h"
#include "core/string.h"
#include "core/utf8.h"
#include "core/vector.h"
#include "lib/native_regex.h"
#include "lib/native_util.h"
#include "lib/natives.h"
#include "lib/unicode_case.h"
#include "vm/function.h"

namespace batuta {

using lib::expected;
using lib::op_name;

namespace {

// Byte offset of character index `index` (precondition: index <= count).
size_t byte_offset(std::string_view s, int64_t index) {
  size_t pos = 0;
  for (int64_t k = 0; k < index && pos < s.size(); ++k) utf8::decode(s, pos);
  return pos;
}

int64_t char_index(std::string_view s, size_t byte_pos) {
  size_t count = 0;
  utf8::validate(s.substr(0, byte_pos), nullptr, &count);
  return static_cast<int64_t>(count);
}

// The text of a string, or of a character, for arguments that take either.
bool text_of(const Value& v, std::string& out) {
  if (is_string(v)) {
    out = std::string(string_view_of(v));
    return true;
  }
  if (v.is_char()) {
    out.clear();
    utf8::encode(v.as_char(), out);
    return true;
  }
  return false;
}

std::string map_chars_to_string(std::string_view s, char32_t (*f)(char32_t)) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) utf8::encode(f(utf8::decode(s, i)), out);
  return out;
}

Value map_chars(std::string_view s, char32_t (*f)(char32_t)) { return make_string_from_utf8(map_chars_to_string(s, f)); }

size_t trim_left(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    size_t next = i;
    if (!lib::unicode_is_whitespace(utf8::decode(s, next))) break;
    i = next;
  }
  return i;
}

size_t trim_right(std::string_view s) {
  size_t end = s.size();
  while (end > 0) {
    size_t start = end - 1;
    while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
    size_t p = start;
    if (!lib::unicode_is_whitespace(utf8::decode(s, p))) break;
    end = start;
  }
  return end;
}

// str's form of one value, as Clojure's toString: nil is "", strings and
// characters are their text, everything else (collections included, so
// (str ["x"]) is "[\"x\"]") the readable form.
void append_str(std::string& out, const Value& v) {
  if (v.is_nil()) return;
  if (is_string(v)) {
    out.append(string_view_of(v));
    return;
  }
  if (v.is_char()) {
    utf8::encode(v.as_char(), out);
    return;
  }
  if (v.is_fixnum()) {  // the common (str "w" i): no printer, no temporary string
    char digits[24];
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, v.as_fixnum());
    out.append(digits, end);
    return;
  }
  // A namespace's string is its name, as in Clojure ((str *ns*)).
  if (is_kind(v, Kind::Namespace)) {
    out.append(print_str(v));
    return;
  }
  out.append(pr_str(v));
}

Value parts_vector(std::vector<std::string_view>& parts, bool drop_trailing_empty) {
  if (drop_trailing_empty)
    while (parts.size() > 1 && parts.back().empty()) parts.pop_back();
  std::vector<Value> items;
  items.reserve(parts.size());
  for (std::string_view p : parts) items.push_back(make_string_from_utf8(p));
  return vector_from_moved(items);
}

}  // namespace

Result<Value> n_str(VmContext& ctx, std::span<const Value> args) {
  if (args.size() == 1 && is_string(args[0])) return args[0];
  // Strings, integers, characters and nil (the usual (str "w" i)) hold
  // no lazy sequence to realise first and print without one.
  bool plain = true;
  for (const Value& a : args) {
    if (!(is_string(a) || a.is_fixnum() || a.is_char() || a.is_nil())) {
      plain = false;
      break;
    }
  }
  if (plain) {
    std::string out;  // short results stay in its inline buffer
    for (const Value& v : args) append_str(out, v);
    return make_string_from_utf8(out);
  }
  for (const Value& a : args) {  // as print does (native_printing.cpp): failing thunks keep their trace
    Result<bool> realized = lazy_seq_realize_deep(a, lib::runner_of(ctx));
    if (!realized) return realized.take_error();
  }
  std::string out;
  for (const Value& v : args) append_str(out, v);
  Result<bool> pending = lib::check_realize_error();
  if (!pending) return pending.take_error();
  return make_string_from_utf8(out);
}

Result<Value> n_char(VmContext& ctx, std::span<const Value> args) {
  const Value& x = args[0];
  if (x.is_char()) return x;
  if (!x.is_fixnum()) return expected(op_name(ctx), "an integer code point", x);
  int64_t c = x.as_fixnum();
  if (c < 0 || c > 0x10FFFF || !utf8::is_scalar_value(static_cast<char32_t>(c))) {
    return make_error(ErrorKind::InvalidArgument,
                      std::string(op_name(ctx)) + ": " + std::to_string(c) + " is not a Unicode scalar value");
  }
  return Value::character(static_cast<char32_t>(c));
}

Result<Value> n_subs(VmContext& ctx, std::span<const Value> args) {
  Result<std::string_view> s = lib::string_arg(ctx, args[0]);
  if (!s) return s.take_error();
  int64_t n = as_string(args[0])->char_count;
  Result<int64_t> start = lib::int_arg(ctx, args[1]);
  if (!start) return start.take_error();
  int64_t end = n;
  if (args.size() > 2) {
    Result<int64_t> e = lib::int_arg(ctx, args[2]);
    if (!e) return e.take_error();
    end = e.value();
  }
  if (start.value() < 0 || end < start.value() || end > n) {
    return make_error(ErrorKind::IndexOutOfBounds, "subs: range [" + std::to_string(start.value()) + ", " +
                                                       std::to_string(end) + ") out of bounds for a string of " +
                                                       std::to_string(n) + (n == 1 ? " character" : " characters"));
  }
  size_t b = byte_offset(s.value(), start.value());
  size_t e = b + byte_offset(s.value().substr(b), end - start.value());
  return make_string_from_utf8(s.value().substr(b, e - b));
}

// --- format ----------------------------------------------------------------------
namespace {

Error format_error(std::string message) { return make_error(ErrorKind::InvalidArgument, "format: " + message); }

// "-1234567" -> "-1,234,567" (the , flag of %d).
std::string group_thousands(const std::string& digits) {
  size_t start = !digits.empty() && digits[0] == '-' ? 1 : 0;
  std::string out = digits.substr(0, start);
  for (size_t i = start; i < digits.size(); ++i) {
    if (i > start && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

void pad(std::string& out, const std::string& text, int width, bool left, char fill = ' ') {
  size_t len = 0;
  utf8::validate(text, nullptr, &len);
  if (width < 0 || static_cast<size_t>(width) <= len) {
    out += text;
    return;
  }
  std::string padding(static_cast<size_t>(width) - len, fill);
  if (left) {
    out += text;
    out += std::string(padding.size(), ' ');
  } else if (fill == '0' && !text.empty() && (text[0] == '-' || text[0] == '+')) {
    out += text[0];
    out += padding;
    out += text.substr(1);
  } else {
    out += padding;
    out += text;
  }
}

}  // namespace

Result<Value> n_format(VmContext& ctx, std::span<const Value> args) {
  Result<std::string_view> f = lib::string_arg(ctx, args[0]);
  if (!f) return f.take_error();
  std::string_view fmt = f.value();
  std::string out;
  size_t next_arg = 1;
  for (size_t i = 0; i < fmt.size(); ++i) {
    if (fmt[i] != '%') {
      out += fmt[i];
      continue;
    }
    size_t spec_start = i;
    ++i;
    bool left = false, zero = false, plus = false, group = false;
    for (; i < fmt.size() && (fmt[i] == '-' || fmt[i] == '0' || fmt[i] == '+' || fmt[i] == ','); ++i) {
      left = left || fmt[i] == '-';
      zero = zero || fmt[i] == '0';
      plus = plus || fmt[i] == '+';
      group = group || fmt[i] == ',';
    }
    int width = -1, precision = -1;
    for (; i < fmt.size() && fmt[i] >= '0' && fmt[i] <= '9'; ++i) width = (width < 0 ? 0 : width * 10) + (fmt[i] - '0');
    if (i < fmt.size() && fmt[i] == '.') {
      precision = 0;
      for (++i; i < fmt.size() && fmt[i] >= '0' && fmt[i] <= '9'; ++i) precision = precision * 10 + (fmt[i] - '0');
    }
    if (width > 1000 || precision > 100) return format_error("width or precision too large");
    if (i >= fmt.size()) return format_error("incomplete format directive at the end of \"" + std::string(fmt) + "\"");
    char conv = fmt[i];
    std::string spec(fmt.substr(spec_start, i + 1 - spec_start));
    if (conv == '%') {
      out += '%';
      continue;
    }
    if (conv == 'n') {
      out += '\n';
      continue;
    }
    if (std::string_view("sSdfxXoeEgcb").find(conv) == std::string_view::npos) {
      return format_error("unknown directive " + spec + " (supported: %s %S %d %f %.Nf %e %E %g %x %X %o %c %b %n %%)");
    }
    if (next_arg >= args.size()) return format_error("not enough arguments for " + spec);
    const Value& arg = args[next_arg++];
    std::string text;
    switch (conv) {
      case 's':
      case 'S': {
        append_str(text, arg);
        if (arg.is_nil()) text = "nil";
        if (precision >= 0) text = std::string(text.substr(0, byte_offset(text, precision)));
        if (conv == 'S') text = map_chars_to_string(text, &lib::unicode_upper);
        pad(out, text, width, left);
        continue;
      }
      case 'b':  // Java's %b: false for nil and false, true for anything else
        pad(out, arg.truthy() ? "true" : "false", width, left);
        continue;
      case 'c': {
        if (!arg.is_char()) return format_error(spec + " expects a character, got " + describe_value(arg));
        utf8::encode(arg.as_char(), text);
        pad(out, text, width, left);
        continue;
      }
      case 'd': {
        if (!is_integer(arg)) return format_error(spec + " expects an integer, got " + describe_value(arg));
        text = number_to_string(arg);
        if (group) text = group_thousands(text);
        if (plus && text[0] != '-') text = "+" + text;
        pad(out, text, width, left, zero && !left ? '0' : ' ');
        continue;
      }
      case 'x':
      case 'X':
      case 'o': {
        if (!is_integer(arg)) return format_error(spec + " expects an integer, got " + describe_value(arg));
        Result<int64_t> n = to_int64(arg, "format");
        if (!n) return n.take_error();
        char buf[32];
        std::snprintf(buf, sizeof buf, conv == 'x' ? "%llx" : conv == 'X' ? "%llX" : "%llo",
                      static_cast<unsigned long long>(n.value()));
        pad(out, buf, width, left, zero && !left ? '0' : ' ');
        continue;
      }
      default: {  // f e g
        if (!is_number(arg)) return format_error(spec + " expects a number, got " + describe_value(arg));
        Result<double> d = to_double(arg, "format");
        if (!d) return d.take_error();
        std::string cfmt = "%";
        if (plus) cfmt += '+';
        cfmt += '.';
        cfmt += std::to_string(precision < 0 ? 6 : precision);
        cfmt += conv;
        char buf[512];
        std::snprintf(buf, sizeof buf, cfmt.c_str(), d.value());
        pad(out, buf, width, left, zero && !left ? '0' : ' ');
        continue;
      }
    }
  }
  if (next_arg < args.size()) {
    // Java ignores extra arguments; so does Clojure's format. Keep that.
  }
  return make_string_from_utf8(out);
}

// --- batuta.string ------------------------------------------------------------------
Result<Value> n_upper_case(VmContext& ctx, std::span<const Value> args) {
  Result<std::string_view> s = lib::string_arg(ctx, args[0]);
  if (!s) return s.take_error();
  return map_chars(s.value(), &lib::unicode_upper);
}

Result<Value> n_lower_case(VmContext& ctx, std::span<const Value> args) {
  Result<std::string_view> s = lib::string_arg(ctx, args[0]);
  if (!s) return s.take_error();
  return map_chars(s.value(), &lib::unicode_lower);
}

Result<Value> n_capitalize(VmContext& ctx, std::span<const Value> args) {
  Result<std::string_view> s = lib::string_arg(ctx, args[0]);
  if (!s) return s.take_error();
  std::string_view v = s.value();
  if (v.empty()) return args[0];
  size_t i = 0;
  std::string out;
  utf8::encode(lib::unicode_upper(utf8::decode(v, i)), out);
  while (i < v.size()) utf8::encode(lib::unicode_lower(utf8::decode(v, i)), out);
  return make_string_from_utf8(out);
}

Result<Value> n_trim(VmContext& ctx, std::span<const Value> args) {
  Result<std::string_view> s = lib::string_arg(ctx, args[0]);
  if (!s) return s.take_error();
  size_t b = trim_left(s.value());
  std::string_view rest = s.value().substr(b);
  return make_string_from_utf8(rest.substr(0, trim_right(rest)));
}

Result<Value> n_triml(VmContext& ctx, std::span<const Value> args) {
  Result<std::string_view> s = lib::string_arg(ctx, args[0]);
  if (!s) return s.take_error();
  return make_string_from_utf8(s.value().substr(trim_left(s.value())));
}

Result<Value> n_trimr(VmContext& ctx, std::span<const Value> args) {
  Result<std::string_view> s = lib::string_arg(ctx, args[0]);
  if (!s) return s.take_error();
  return make_string_from_utf8(s.value().substr(0, trim_right(s.value())));
}

Result<Value> n_blank_p(VmContext& ctx, std::span<const Value> args) {
  if (args[0].is_nil()) return Value::boolean(true);
  Result<std::string_view> s = lib::string_arg(ctx, args[0]);
  if (!s) return s.take_error();
  return Value::boolean(trim_left(s.value()) == s.value().size());
}

Result<Value> n_split(VmContext& ctx, std::span<const Value> args) {
  Result<std::string_view> s = lib::string_arg(ctx, args[0]);
  if (!s) return s.take_error();
  int64_t limit = 0;
  if (args.size() > 2) {
    Result<int64_t> l = lib::int_arg(ctx, args[2]);
    if (!l) return l.take_error();
    limit = l.value();
  }
  const Value& sep = args[1];
#if !defined(__wasi__)
  if (is_regex(sep)) return lib::regex_split(sep, s.value(), limit);
#endif
  std::string separator;
  if (!text_of(sep, separator)) return expected(op_name(ctx), "a string, character or regex separator", sep);
  std::string_view text = s.value();
  std::vector<std::string_view> parts;
  if (separator.empty()) {  // every character, as splitting on an empty regex does
    for (size_t i = 0; i < text.size();) {
      size_t start = i;
      utf8::decode(text, i);
      if (limit > 0 && static_cast<int64_t>(parts.size()) == limit - 1) {
        parts.push_back(text.substr(start));
        break;
      }
      parts.push_back(text.substr(start, i - start));
    }
    if (parts.empty()) parts.push_back(text);
  } else {
    size_t pos = 0;
    for (;;) {
      size_t hit = text.find(separator, pos);
      if (hit == std::string_view::npos || (limit > 0 && static_cast<int64_t>(parts.size()) == limit - 1)) {
        parts.push_back(text.substr(pos));
        break;
      }
      parts.push_back(text.substr(pos, hit - pos));
      pos = hit + separator.size();
    }
  }
  return parts_vector(parts, limit == 0);
}

Result<Value> n_split_lines(VmContext& ctx, std::span<const Value> args) {
  Result<std::string_view> s = lib::string_arg(ctx, args[0]);
  if (!s) return s.take_error();
  std::string_view text = s.value();
  std::vector<std::string_view> parts;
  size_t pos = 0;
  for (;;) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) {
      parts.push_back(text.substr(pos));
      break;
    }
    size_t end = nl > pos && text[nl - 1] == '\r' ? nl - 1 : nl;
    parts.push_back(text.substr(pos, end - pos));
    pos = nl + 1;
  }
  return parts_vector(parts, true);
}

namespace {

// join of a vector of strings, the usual case, written straight into the
// result: its size and character count are the sums of the parts'. Nil
// when an element is not a string (the general path then runs).
Value join_string_vector(std::string_view separator, const Value& v) {
  const size_t n = vector_count(v);
  size_t bytes = n == 0 ? 0 : separator.size() * (n - 1), chars = 0;
  for (size_t i = 0; i < n; ++i) {
    const Value& x = vector_at(v, i);
    if (!is_string(x)) return Value();
    bytes += as_string(x)->byte_length;
    chars += as_string(x)->char_count;
  }
  if (bytes > UINT32_MAX) return Value();  // the general path reports it
  size_t separator_chars = 0;
  utf8::validate(separator, nullptr, &separator_chars);
  if (n > 0) chars += separator_chars * (n - 1);
  StringDraft draft = draft_string(bytes);
  char* out = draft.bytes;
  for (size_t i = 0; i < n; ++i) {
    if (i > 0 && !separator.empty()) {
      std::memcpy(out, separator.data(), separator.size());
      out += separator.size();
    }
    std::string_view part = string_view_of(vector_at(v, i));
    std::memcpy(out, part.data(), part.size());
    out += part.size();
  }
  return finish_string(std::move(draft), chars);
}

}  // namespace

Result<Value> n_join(VmContext& ctx, std::span<const Value> args) {
  std::string separator;
  if (args.size() == 2) append_str(separator, args[0]);
  if (is_vector(args.back())) {
    Value joined = join_string_vector(separator, args.back());
    if (!joined.is_nil()) return joined;
  }
  lib::Walker w(ctx, args.back());
  std::string out;
  Value x;
  bool first = true;
  while (w.next(x)) {
    if (!first) out += separator;
    first = false;
    append_str(out, x);
  }
  if (!w.ok()) return w.take_error();
  Result<bool> pending = lib::check_realize_error();
  if (!pending) return pending.take_error();
  return make_string_from_utf8(out);
}

Result<Value> n_replace(VmContext& ctx, std::span<const Value> args) {
  Result<std::string_view> s = lib::string_arg(ctx, args[0]);
  if (!s) return s.take_error();
  const Value& match = args[1];
  const Value& replacement = args[2];
#if !defined(__wasi__)
  if (is_regex(match)) {
    if (is_function(replacement)) return lib::regex_replace_with(ctx, match, s.value(), replacement);
    if (!is_string(replacement)) return expected(op_name(ctx), "a string or function replacement for a regex", replacement);
    return lib::regex_replace(match, s.value(), string_view_of(replacement));
  }
#endif
  std::string from, to;
  if (!text_of(match, from)) return expected(op_name(ctx), "a string, character or regex to match", match);
  if (match.is_char() != replacement.is_char() || !text_of(replacement, to)) {
    return expected(op_name(ctx), match.is_char() ? "a character replacement" : "a string replacement", replacement);
  }
  std::string_view text = s.value();
  if (from.empty()) return args[0];
  std::string out;
  size_t pos = 0;
  for (size_t hit; (hit = text.find(from, pos)) != std::string_view::npos; pos = hit + from.size()) {
    out.append(text.substr(pos, hit - pos));
    out += to;
  }
  out.append(text.substr(pos));
  return make_string_from_utf8(out);
}

namespace {

Result<std::string> needle_arg(VmContext& ctx, const Value& v) {
  std::string t;
  if (!text_of(v, t)) return expected(op_name(ctx), "a string or character", v);
  return t;
}

}  // namespace

Result<Value> n_includes_p(VmContext& ctx, std::span<const Value> args) {
  Result<std::string_view> s = lib::string_arg(ctx, args[0]);
  if (!s) return s.take_error();
  Result<std::string> n = needle_arg(ctx, args[1]);
  if (!n) return n.take_error();
  return Value::boolean(s.value().find(n.value()) != std::string_view::npos);
}

Result<Value> n_starts_with_p(VmContext& ctx, std::span<const Value> args) {
  Result<std::string_view> s = lib::string_arg(ctx, args[0]);
  if (!s) return s.take_error();
  Result<std::string> n = needle_arg(ctx, args[1]);
  if (!n) return n.take_error();
  return Value::boolean(s.value().substr(0, n.value().size()) == n.value());
}

Result<Value> n_ends_with_p(VmContext& ctx, std::span<const Value> args) {
  Result<std::string_view> s = lib::string_arg(ctx, args[0]);
  if (!s) return s.take_error();
  Result<std::string> n = needle_arg(ctx, args[1]);
  if (!n) return n.take_error();
  std::string_view v = s.value();
  return Value::boolean(v.size() >= n.value().size() && v.substr(v.size() - n.value().size()) == n.value());
}

Result<Value> n_index_of(VmContext& ctx, std::span<const Value> args) {
  Result<std::string_view> s = lib::string_arg(ctx, args[0]);
  if (!s) return s.take_error();
  Result<std::string> n = needle_arg(ctx, args[1]);
  if (!n) return n.take_error();
  int64_t from = 0;
  if (args.size() > 2) {
    Result<int64_t> f = lib::int_arg(ctx, args[2]);
    if (!f) return f.take_error();
    from = f.value() < 0 ? 0 : f.value();
  }
  std::string_view v = s.value();
  if (from > static_cast<int64_t>(as_string(args[0])->char_count)) return Value();
  size_t hit = v.find(n.value(), byte_offset(v, from));
  if (hit == std::string_view::npos) return Value();
  return make_integer(char_index(v, hit));
}

Result<Value> n_last_index_of(VmContext& ctx, std::span<const Value> args) {
  Result<std::string_view> s = lib::string_arg(ctx, args[0]);
  if (!s) return s.take_error();
  Result<std::string> n = needle_arg(ctx, args[1]);
  if (!n) return n.take_error();
  std::string_view v = s.value();
  size_t from = std::string_view::npos;
  if (args.size() > 2) {
    Result<int64_t> f = lib::int_arg(ctx, args[2]);
    if (!f) return f.take_error();
    if (f.value() < 0) return Value();
    if (f.value() < static_cast<int64_t>(as_string(args[0])->char_count)) from = byte_offset(v, f.value());
  }
  size_t hit = v.rfind(n.value(), from);
  if (hit == std::string_view::npos) return Value();
  return make_integer(char_index(v, hit));
}

Result<Value> n_string_reverse(VmContext& ctx, std::span<const Value> args) {
  Result<std::string_view> s = lib::string_arg(ctx, args[0]);
  if (!s) return s.take_error();
  std::string_view v = s.value();
  std::vector<char32_t> chars;
  for (size_t i = 0; i < v.size();) chars.push_back(utf8::decode(v, i));
  std::string out;
  out.reserve(v.size());
  for (size_t k = chars.size(); k-- > 0;) utf8::encode(chars[k], out);
  return make_string_from_utf8(out);
}

}  // namespace batuta
