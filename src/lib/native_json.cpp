// native_json.cpp: batuta.json, JSON text to Batuta data and back
// (RFC 8259), with clojure.data.json's names and options.
//
// Reading: objects become maps (string keys, or keywords, or whatever a
// :key-fn makes of them), arrays vectors, integers exact integers (big ones
// too, never rounded through a double), numbers with a fraction or an
// exponent floats, true/false/null true/false/nil. The grammar is followed
// strictly (no comments, trailing commas, leading zeros, NaN, single
// quotes), and every error names line:column of the offending character,
// counted in characters from 1:1. Nesting deeper than kMaxDepth is an error
// rather than a C++ stack overflow (wasm stacks are small).
//
// Writing: the inverse, plus what JSON lacks: keywords, symbols and
// characters become strings, sets and sequences arrays, instants RFC 3339
// strings, ratios floats. ##NaN and infinities, functions and other values
// JSON cannot hold are errors naming the value. Output is UTF-8; only `"`,
// `\`, control characters and U+2028/U+2029 (which JavaScript source
// cannot hold raw) are escaped, unless :escape-unicode asks for every
// non-ASCII character as \uXXXX (surrogate pairs above U+FFFF).
//
// No dependency and no platform call beyond strtod: portable to wasm32.
#include <cstdlib>
#include <string>
#include <vector>

#include "core/instant.h"
#include "core/map.h"
#include "core/name.h"
#include "core/number.h"
#include "core/printer.h"
#include "core/string.h"
#include "core/utf8.h"
#include "core/vector.h"
#include "lib/native_util.h"
#include "lib/natives.h"
#include "vm/function.h"

namespace batuta {

namespace {

constexpr int kMaxDepth = 512;

// Errors name the functions as users call them (the natives' own names lack
// the namespace).
constexpr std::string_view kReadOp = "json/read-str";
constexpr std::string_view kWriteOp = "json/write-str";

bool is_keyword_native(const Value& f) {
  return is_native(f) && object_as<const Native>(f)->name == "keyword";
}

// --- options -------------------------------------------------------------------------

// Trailing `:key value` pairs, or one map of them (Clojure 1.11 style).
// Calls on_option(key name, value) for each; unknown keys are the caller's.
template <class F>
Result<bool> each_option(std::string_view op, std::span<const Value> opts, F on_option) {
  std::vector<Value> kv;
  if (opts.size() == 1 && is_map(opts[0])) {
    MapCursor c(opts[0]);
    const Value *k, *v;
    while (c.next(k, v)) {
      kv.push_back(*k);
      kv.push_back(*v);
    }
  } else {
    if (opts.size() % 2 != 0) {
      return make_error(ErrorKind::InvalidArgument,
                        std::string(op) + ": options come in pairs (:option value), got an odd number");
    }
    kv.assign(opts.begin(), opts.end());
  }
  for (size_t i = 0; i < kv.size(); i += 2) {
    if (!kv[i].is_keyword()) return lib::expected(op, "an option keyword", kv[i]);
    auto r = on_option(name_text(kv[i]), kv[i + 1]);
    if (!r) return r;
  }
  return true;
}

Error unknown_option(std::string_view op, std::string_view name, std::string_view known) {
  return make_error(ErrorKind::InvalidArgument, std::string(op) + ": unknown option :" +
                                                    std::string(name) + " (expected " + std::string(known) + ")");
}

// --- reading ---------------------------------------------------------------------------

enum class KeyMode { String, Keyword, Function };

class JsonReader {
 public:
  JsonReader(VmContext& ctx, std::string_view text, KeyMode mode, Value key_fn)
      : ctx_(ctx), s_(text), mode_(mode), key_fn_(std::move(key_fn)) {}

  Result<Value> read_document() {
    skip_space();
    auto v = value(0);
    if (!v) return v;
    skip_space();
    if (i_ < s_.size()) return error("unexpected " + shown_here() + " after the JSON value");
    return v;
  }

 private:
  // "json/read-str: 3:7: message", the position of offset i_ (or `at`).
  Error error(const std::string& message) { return error_at(i_, message); }
  Error error_at(size_t at, const std::string& message) {
    size_t line = 1, column = 1;
    for (size_t k = 0; k < at && k < s_.size(); ++k) {
      unsigned char c = static_cast<unsigned char>(s_[k]);
      if (c == '\n') {
        ++line;
        column = 1;
      } else if ((c & 0xC0) != 0x80) {  // count characters, not UTF-8 continuation bytes
        ++column;
      }
    }
    return make_error(ErrorKind::InvalidArgument, std::string(kReadOp) + ": " + std::to_string(line) + ":" +
                                                      std::to_string(column) + ": " + message);
  }

  // The character at i_, quoted, or "end of input".
  std::string shown_here() const {
    if (i_ >= s_.size()) return "end of input";
    size_t k = i_;
    char32_t c = utf8::decode(s_, k);
    if (c < 0x20) {
      static const char* hex = "0123456789ABCDEF";
      return std::string("control character U+00") + hex[c >> 4] + hex[c & 15];
    }
    return "'" + std::string(s_.substr(i_, k - i_)) + "'";
  }

  void skip_space() {
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
      ++i_;
    }
  }

  bool literal(std::string_view word) {
    if (s_.substr(i_, word.size()) != word) return false;
    i_ += word.size();
    return true;
  }

  Result<Value> value(int depth) {
    if (i_ >= s_.size()) return error("unexpected end of input, expected a value");
    switch (s_[i_]) {
      case '{':
        return object(depth + 1);
      case '[':
        return array(depth + 1);
      case '"': {
        auto s = string();
        if (!s) return s.take_error();
        return make_string_from_utf8(s.value());
      }
      case 't':
        if (literal("true")) return Value::boolean(true);
        break;
      case 'f':
        if (literal("false")) return Value::boolean(false);
        break;
      case 'n':
        if (literal("null")) return Value();
        break;
      default:
        if (s_[i_] == '-' || (s_[i_] >= '0' && s_[i_] <= '9')) return number();
        break;
    }
    return error("expected a value, got " + shown_here());
  }

  Result<Value> object(int depth) {
    if (depth > kMaxDepth) return error("nesting deeper than " + std::to_string(kMaxDepth) + " levels");
    ++i_;  // {
    Value m = empty_map();
    skip_space();
    if (i_ < s_.size() && s_[i_] == '}') {
      ++i_;
      return m;
    }
    for (;;) {
      skip_space();
      if (i_ >= s_.size() || s_[i_] != '"') return error("expected a string key, got " + shown_here());
      auto key_text = string();
      if (!key_text) return key_text.take_error();
      auto key = make_key(key_text.value());
      if (!key) return key;
      skip_space();
      if (i_ >= s_.size() || s_[i_] != ':') return error("expected ':' after an object key, got " + shown_here());
      ++i_;
      skip_space();
      auto v = value(depth);
      if (!v) return v;
      m = map_assoc(std::move(m), std::move(key.value()), std::move(v.value()));
      skip_space();
      if (i_ < s_.size() && s_[i_] == ',') {
        ++i_;
        continue;
      }
      if (i_ < s_.size() && s_[i_] == '}') {
        ++i_;
        return m;
      }
      return error("expected ',' or '}' in an object, got " + shown_here());
    }
  }

  Result<Value> array(int depth) {
    if (depth > kMaxDepth) return error("nesting deeper than " + std::to_string(kMaxDepth) + " levels");
    ++i_;  // [
    Value v = empty_vector();
    skip_space();
    if (i_ < s_.size() && s_[i_] == ']') {
      ++i_;
      return v;
    }
    for (;;) {
      skip_space();
      auto item = value(depth);
      if (!item) return item;
      v = vector_conj(std::move(v), std::move(item.value()));
      skip_space();
      if (i_ < s_.size() && s_[i_] == ',') {
        ++i_;
        continue;
      }
      if (i_ < s_.size() && s_[i_] == ']') {
        ++i_;
        return v;
      }
      return error("expected ',' or ']' in an array, got " + shown_here());
    }
  }

  Result<Value> make_key(const std::string& text) {
    switch (mode_) {
      case KeyMode::String:
        return make_string_from_utf8(text);
      case KeyMode::Keyword:
        return keyword(text);
      case KeyMode::Function: {
        Value arg = make_string_from_utf8(text);
        return ctx_.call(key_fn_, std::span<const Value>(&arg, 1));
      }
    }
    return make_string_from_utf8(text);
  }

  bool digit_here() const { return i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9'; }

  // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  Result<Value> number() {
    size_t start = i_;
    if (s_[i_] == '-') ++i_;
    if (!digit_here()) return error("expected a digit after '-', got " + shown_here());
    if (s_[i_] == '0') {
      ++i_;
      if (digit_here()) return error_at(start, "a number may not start with 0 (leading zeros are not JSON)");
    } else {
      while (digit_here()) ++i_;
    }
    bool is_float = false;
    if (i_ < s_.size() && s_[i_] == '.') {
      is_float = true;
      ++i_;
      if (!digit_here()) return error("expected a digit after '.', got " + shown_here());
      while (digit_here()) ++i_;
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      is_float = true;
      ++i_;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      if (!digit_here()) return error("expected a digit in the exponent, got " + shown_here());
      while (digit_here()) ++i_;
    }
    std::string token(s_.substr(start, i_ - start));
    if (!is_float) return parse_integer(token, 10);
    // strtod on a NUL-terminated copy, in the "C" locale the runtime keeps.
    double d = std::strtod(token.c_str(), nullptr);
    if (d - d != 0) return error_at(start, "number out of the range of a float: " + token);
    return Value::from_double(d);
  }

  static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  // Four hex digits at i_ (after "\u"); -1 when they are not there.
  int hex4() {
    if (i_ + 4 > s_.size()) return -1;
    int v = 0;
    for (int k = 0; k < 4; ++k) {
      int h = hex_value(s_[i_ + k]);
      if (h < 0) return -1;
      v = v * 16 + h;
    }
    i_ += 4;
    return v;
  }

  // A string literal at i_ (on its opening quote), decoded.
  Result<std::string> string() {
    size_t open = i_;
    ++i_;
    std::string out;
    for (;;) {
      size_t run = i_;
      while (i_ < s_.size() && s_[i_] != '"' && s_[i_] != '\\' && static_cast<unsigned char>(s_[i_]) >= 0x20) ++i_;
      out.append(s_.substr(run, i_ - run));
      if (i_ >= s_.size()) return error_at(open, "unterminated string (no closing '\"')");
      char c = s_[i_];
      if (c == '"') {
        ++i_;
        return out;
      }
      if (c != '\\') return error(shown_here() + " in a string must be escaped");
      size_t escape_at = i_;
      ++i_;
      if (i_ >= s_.size()) return error_at(open, "unterminated string (no closing '\"')");
      char e = s_[i_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          int u = hex4();
          if (u < 0) return error_at(escape_at, "\\u must be followed by four hexadecimal digits");
          char32_t cp = static_cast<char32_t>(u);
          if (u >= 0xD800 && u <= 0xDBFF) {
            // A high surrogate: the low half must follow as another \u escape.
            int low = -1;
            if (s_.substr(i_, 2) == "\\u") {
              i_ += 2;
              low = hex4();
            }
            if (low < 0xDC00 || low > 0xDFFF) {
              return error_at(escape_at, "unpaired surrogate \\u" + std::string(s_.substr(escape_at + 2, 4)) +
                                             " (a high surrogate must be followed by a low one)");
            }
            cp = 0x10000 + ((static_cast<char32_t>(u) - 0xD800) << 10) + (static_cast<char32_t>(low) - 0xDC00);
          } else if (u >= 0xDC00 && u <= 0xDFFF) {
            return error_at(escape_at, "unpaired surrogate \\u" + std::string(s_.substr(escape_at + 2, 4)) +
                                           " (a low surrogate with no high one before it)");
          }
          utf8::encode(cp, out);
          break;
        }
        default:
          i_ = escape_at;
          return error("invalid escape \\" + std::string(1, e) + " in a string");
      }
    }
  }

  VmContext& ctx_;
  std::string_view s_;
  size_t i_ = 0;
  KeyMode mode_;
  Value key_fn_;
};

// --- writing ---------------------------------------------------------------------------

class JsonWriter {
 public:
  JsonWriter(VmContext& ctx, bool escape_unicode) : ctx_(ctx), escape_unicode_(escape_unicode) {}

  Result<bool> write(const Value& v, int depth) {
    if (depth > kMaxDepth) return fail("nesting deeper than " + std::to_string(kMaxDepth) + " levels");
    if (v.is_nil()) {
      out_ += "null";
    } else if (v.is_bool()) {
      out_ += v.truthy() ? "true" : "false";
    } else if (is_integer(v)) {
      out_ += number_to_string(v);
    } else if (v.is_double() || is_ratio(v)) {
      auto d = to_double(v, kWriteOp);
      if (!d) return d.take_error();
      if (d.value() - d.value() != 0) return fail("JSON has no " + pr_str(v) + " (NaN and infinities are not JSON numbers)");
      out_ += number_to_string(Value::from_double(d.value()));
    } else if (is_string(v)) {
      quoted(string_view_of(v));
    } else if (v.is_keyword() || v.is_symbol()) {
      quoted(name_text(v));
    } else if (v.is_char()) {
      std::string s;
      utf8::encode(v.as_char(), s);
      quoted(s);
    } else if (is_instant(v)) {
      quoted(format_instant(instant_micros(v)));
    } else if (is_map(v)) {
      return map(v, depth);
    } else if (is_kind(v, Kind::SortedMap)) {
      return entries(v, depth);
    } else if (!lib::is_seqable(v)) {
      return fail("can't write " + describe_value(v) + " as JSON");
    } else {
      return array(v, depth);
    }
    return true;
  }

  std::string take() { return std::move(out_); }

 private:
  Error fail(const std::string& message) {
    return make_error(ErrorKind::InvalidArgument, std::string(kWriteOp) + ": " + message);
  }

  Result<bool> key(const Value& k) {
    if (is_string(k)) {
      quoted(string_view_of(k));
    } else if (k.is_keyword() || k.is_symbol()) {
      quoted(name_text(k));
    } else if (is_integer(k)) {
      quoted(number_to_string(k));
    } else if (k.is_double() || is_ratio(k)) {
      auto d = to_double(k, kWriteOp);
      if (!d) return d.take_error();
      quoted(number_to_string(Value::from_double(d.value())));
    } else {
      return fail("an object key must be a string, keyword, symbol or number, got " + describe_value(k));
    }
    return true;
  }

  Result<bool> member(const Value& k, const Value& v, bool& first, int depth) {
    if (!first) out_ += ',';
    first = false;
    auto kr = key(k);
    if (!kr) return kr;
    out_ += ':';
    return write(v, depth + 1);
  }

  Result<bool> map(const Value& m, int depth) {
    out_ += '{';
    bool first = true;
    MapCursor c(m);
    const Value *k, *v;
    while (c.next(k, v)) {
      auto r = member(*k, *v, first, depth);
      if (!r) return r;
    }
    out_ += '}';
    return true;
  }

  // A sorted map: its entries come as [k v] vectors from the walker.
  Result<bool> entries(const Value& m, int depth) {
    out_ += '{';
    bool first = true;
    lib::Walker walk(ctx_, m);
    Value entry;
    while (walk.next(entry)) {
      auto r = member(vector_at(entry, 0), vector_at(entry, 1), first, depth);
      if (!r) return r;
    }
    if (!walk.ok()) return walk.take_error();
    out_ += '}';
    return true;
  }

  Result<bool> array(const Value& coll, int depth) {
    out_ += '[';
    bool first = true;
    lib::Walker walk(ctx_, coll);
    Value x;
    while (walk.next(x)) {
      if (!first) out_ += ',';
      first = false;
      auto r = write(x, depth + 1);
      if (!r) return r;
    }
    if (!walk.ok()) return walk.take_error();
    out_ += ']';
    return true;
  }

  void hex_escape(char32_t unit) {
    static const char* hex = "0123456789abcdef";
    out_ += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4) out_ += hex[(unit >> shift) & 15];
  }

  void quoted(std::string_view s) {
    out_ += '"';
    size_t i = 0;
    while (i < s.size()) {
      unsigned char c = static_cast<unsigned char>(s[i]);
      if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
        // Runs of plain ASCII, the common case, are copied as they are.
        size_t run = i;
        while (i < s.size()) {
          unsigned char d = static_cast<unsigned char>(s[i]);
          if (d < 0x20 || d == '"' || d == '\\' || d >= 0x80) break;
          ++i;
        }
        out_.append(s.substr(run, i - run));
        continue;
      }
      if (c < 0x80) {
        ++i;
        switch (c) {
          case '"': out_ += "\\\""; break;
          case '\\': out_ += "\\\\"; break;
          case '\n': out_ += "\\n"; break;
          case '\r': out_ += "\\r"; break;
          case '\t': out_ += "\\t"; break;
          case '\b': out_ += "\\b"; break;
          case '\f': out_ += "\\f"; break;
          default: hex_escape(c); break;
        }
        continue;
      }
      size_t start = i;
      char32_t cp = utf8::decode(s, i);
      if (escape_unicode_) {
        if (cp >= 0x10000) {
          char32_t v = cp - 0x10000;
          hex_escape(0xD800 + (v >> 10));
          hex_escape(0xDC00 + (v & 0x3FF));
        } else {
          hex_escape(cp);
        }
      } else if (cp == 0x2028 || cp == 0x2029) {
        hex_escape(cp);
      } else {
        out_.append(s.substr(start, i - start));
      }
    }
    out_ += '"';
  }

  VmContext& ctx_;
  bool escape_unicode_;
  std::string out_;
};

}  // namespace

Result<Value> n_json_read_str(VmContext& ctx, std::span<const Value> args) {
  if (!is_string(args[0])) return lib::expected(kReadOp, "a string", args[0]);
  KeyMode mode = KeyMode::String;
  Value key_fn;
  auto opts = each_option(kReadOp, args.subspan(1), [&](std::string_view name, const Value& v) -> Result<bool> {
    if (name == "key-fn") {
      if (v.is_nil()) {
        mode = KeyMode::String;
      } else if (is_keyword_native(v)) {
        mode = KeyMode::Keyword;  // the common case, without a call per key
      } else {
        mode = KeyMode::Function;
        key_fn = v;
      }
      return true;
    }
    if (name == "keywordize?") {
      mode = v.truthy() ? KeyMode::Keyword : KeyMode::String;
      return true;
    }
    return unknown_option(kReadOp, name, ":key-fn or :keywordize?");
  });
  if (!opts) return opts.take_error();
  JsonReader reader(ctx, string_view_of(args[0]), mode, key_fn);
  return reader.read_document();
}

Result<Value> n_json_write_str(VmContext& ctx, std::span<const Value> args) {
  bool escape_unicode = false;
  auto opts = each_option(kWriteOp, args.subspan(1), [&](std::string_view name, const Value& v) -> Result<bool> {
    if (name == "escape-unicode") {
      escape_unicode = v.truthy();
      return true;
    }
    return unknown_option(kWriteOp, name, ":escape-unicode");
  });
  if (!opts) return opts.take_error();
  JsonWriter writer(ctx, escape_unicode);
  auto r = writer.write(args[0], 0);
  if (!r) return r.take_error();
  return make_string_from_utf8(writer.take());
}

}  // namespace batuta
