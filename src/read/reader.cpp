// reader.cpp: see reader.h. A recursive-descent reader over validated UTF-8.
//
// Shape: read() checks the whole text once (UTF-8, the optional #lang line),
// then each top-level form is skip_ignorable() + read_form(). read_form()
// dispatches on the first character; collections loop over
// skip_ignorable() + read_form() until their closer. Every error goes
// through fail(), which records a ReadError; the functions return false and
// the failure propagates up unchanged (the first error wins).
#include "read/reader.h"

#include <atomic>
#include <string>

#include "core/hash_set.h"
#include "core/list.h"
#include "core/map.h"
#include "core/name.h"
#include "core/printer.h"
#include "core/string.h"
#include "core/tuple.h"
#include "core/utf8.h"
#include "read/token_chars.h"
#include "core/vector.h"
#include "read/literal.h"

namespace batuta {

namespace {

// Numbers the parameters of #() literals: `%1__42`. Process-wide (and
// atomic, since readers may run on several threads) so that fn literals read
// by different readers never share parameter names.
std::atomic<uint64_t> g_fn_literal_counter{0};

using read_detail::is_terminating;
using read_detail::is_whitespace;

bool is_closer(char c) { return c == ')' || c == ']' || c == '}'; }

std::string pos_text(SourcePos p) { return std::to_string(p.line) + ":" + std::to_string(p.column); }

// A token as error messages show it: cut at 40 bytes on a code point
// boundary, so a huge token cannot make a huge message.
std::string show(std::string_view token) {
  if (token.size() <= 40) return std::string(token);
  size_t cut = 40;
  while (cut > 0 && (static_cast<unsigned char>(token[cut]) & 0xC0) == 0x80) --cut;
  return std::string(token.substr(0, cut)) + "...";
}

bool is_capability(const Value& v) {
  if (!v.is_symbol()) return false;
  std::string_view t = name_text(v);
  return t == "iso" || t == "trn" || t == "ref" || t == "val" || t == "box" || t == "tag";
}

}  // namespace

struct ReaderImpl {
  Reader& r;
  std::string_view s;

  explicit ReaderImpl(Reader& reader) : r(reader), s(reader.src_) {}

  // --- input ------------------------------------------------------------------
  bool at_end() const { return r.offset_ >= s.size(); }
  char peek(size_t k = 0) const { return r.offset_ + k < s.size() ? s[r.offset_ + k] : '\0'; }
  bool lone_double_colon() const {
    return peek() == ':' && peek(1) == ':' && (r.offset_ + 2 >= s.size() || is_terminating(peek(2)));
  }
  // True when no form starts here: the end, a closer, or a lone `::`.
  bool no_form_here() const { return at_end() || is_closer(peek()) || lone_double_colon(); }
  std::string_view token_at(size_t start) const {
    size_t end = start;
    while (end < s.size() && !is_terminating(s[end])) ++end;
    return s.substr(start, end - start);
  }

  SourcePos pos_at(size_t off) {
    if (off < r.pos_offset_) {  // only error paths go backwards
      r.pos_offset_ = 0;
      r.pos_ = {1, 1};
    }
    while (r.pos_offset_ < off) {
      unsigned char c = static_cast<unsigned char>(s[r.pos_offset_++]);
      if (c == '\n') {
        ++r.pos_.line;
        r.pos_.column = 1;
      } else if ((c & 0xC0) != 0x80) {
        ++r.pos_.column;  // a lead or ASCII byte starts a character
      }
    }
    return r.pos_;
  }
  SourcePos here() { return pos_at(r.offset_); }

  bool fail_at(SourcePos p, std::string what) {
    if (!r.failed_) {
      r.failed_ = true;
      r.error_ = ReadError{r.file_, p, std::move(what)};
    }
    return false;
  }
  bool fail(size_t off, std::string what) { return fail_at(pos_at(off), std::move(what)); }

  void record(const Value& form, SourcePos p, std::span<const SourcePos> elements = {}) {
    r.map_.record(form, r.file_index_, p, elements);
  }

  // --- start of input ------------------------------------------------------------
  bool check_source() {
    size_t bad = 0;
    if (!utf8::validate(s, &bad)) return fail(bad, "invalid UTF-8");
    if (s.substr(0, 5) == "#lang" && (s.size() == 5 || is_whitespace(s[5]))) {
      size_t eol = s.find('\n');
      std::string_view line = s.substr(5, eol == std::string_view::npos ? std::string_view::npos : eol - 5);
      while (!line.empty() && is_whitespace(line.front())) line.remove_prefix(1);
      while (!line.empty() && is_whitespace(line.back())) line.remove_suffix(1);
      if (line == "batuta/b") return fail(0, "Profile B is not supported by this reader yet");
      if (line == "batuta/c") return fail(0, "Profile C is not supported by this reader yet");
      if (line != "batuta/a") {
        return fail(0, "unknown #lang " + show(line) + " (expected batuta/a, batuta/b or batuta/c)");
      }
      r.offset_ = eol == std::string_view::npos ? s.size() : eol;
    }
    return true;
  }

  // --- whitespace, comments, #_ ------------------------------------------------
  bool skip_block_comment() {
    size_t open = r.offset_;
    r.offset_ += 2;
    int nesting = 1;
    while (r.offset_ < s.size()) {
      if (peek() == '#' && peek(1) == '|') {
        ++nesting;
        r.offset_ += 2;
      } else if (peek() == '|' && peek(1) == '#') {
        r.offset_ += 2;
        if (--nesting == 0) return true;
      } else {
        ++r.offset_;
      }
    }
    SourcePos p = pos_at(open);
    return fail_at(p, "unclosed #| comment opened at " + pos_text(p) + ": expected |# before the end of input");
  }

  bool skip_ignorable() {
    while (!at_end()) {
      char c = peek();
      if (is_whitespace(c)) {
        ++r.offset_;
      } else if (c == ';') {
        while (!at_end() && peek() != '\n') ++r.offset_;
      } else if (c == '#' && peek(1) == '|') {
        if (!skip_block_comment()) return false;
      } else if (c == '#' && peek(1) == '_') {
        if (!discard_form()) return false;
      } else {
        break;
      }
    }
    return true;
  }

  bool discard_form() {
    SourcePos p = here();
    r.offset_ += 2;
    if (++r.depth_ > kMaxNesting) return fail_at(p, "too deeply nested (more than " + std::to_string(kMaxNesting) + " levels)");
    bool ok = skip_ignorable();
    if (ok && no_form_here()) ok = fail_at(p, "#_ needs a form to discard");
    Value dropped;
    if (ok) ok = read_form(dropped);
    --r.depth_;
    return ok;
  }

  // --- forms ------------------------------------------------------------------
  bool read_form(Value& out) {
    SourcePos p = here();
    if (++r.depth_ > kMaxNesting) return fail_at(p, "too deeply nested (more than " + std::to_string(kMaxNesting) + " levels)");
    bool ok = read_form_at_depth(out, p);
    --r.depth_;
    return ok;
  }

  bool read_form_at_depth(Value& out, SourcePos p) {
    char c = peek();
    switch (c) {
      case '(': return read_list(out, p);
      case '[': return read_vector(out, p);
      case '{': return read_braces(out, p);
      case '"': return read_string(out, p);
      case '\'': return read_wrapped("quote", 1, out, p);
      case '`': return read_wrapped("syntax-quote", 1, out, p);
      case '~':
        if (peek(1) == '@') return read_wrapped("unquote-splicing", 2, out, p);
        return read_wrapped("unquote", 1, out, p);
      case '@': return read_wrapped("deref", 1, out, p);
      case '\\': return read_character(out, p);
      case '#': return read_dispatch(out, p);
      case ':': return read_keyword(out, p);
      default:
        if (is_closer(c)) return fail_at(p, std::string("unexpected ") + c);
        return read_symbol_or_number(out, p);
    }
  }

  // 'x `x ~x ~@x @x: (name x).
  bool read_wrapped(const char* name, size_t prefix_length, Value& out, SourcePos p) {
    std::string_view prefix = s.substr(r.offset_, prefix_length);
    r.offset_ += prefix_length;
    if (!skip_ignorable()) return false;
    if (no_form_here()) return fail_at(p, std::string(prefix) + " needs a form after it");
    SourcePos inner_pos = here();
    Value inner;
    if (!read_form(inner)) return false;
    out = list_from({symbol(name), std::move(inner)});
    SourcePos elements[] = {p, inner_pos};
    record(out, p, elements);
    return true;
  }

  // --- collections ----------------------------------------------------------
  struct Elements {
    std::vector<Value> items;
    std::vector<SourcePos> positions;
    std::vector<std::pair<size_t, Value>> annotations;
  };

  // Reads elements up to `closer`, the opener (1 or 2 bytes) already at
  // r.offset_.
  bool read_elements(std::string_view opener, char closer, SourcePos open_pos, Elements& e) {
    r.offset_ += opener.size();
    for (;;) {
      if (!skip_ignorable()) return false;
      if (at_end()) {
        return fail_at(open_pos, "unclosed " + std::string(opener) + " opened at " + pos_text(open_pos) +
                                     ": expected " + closer + " before the end of input at " + pos_text(here()));
      }
      char c = peek();
      if (c == closer) {
        ++r.offset_;
        return true;
      }
      if (is_closer(c)) {
        return fail(r.offset_, std::string("unexpected ") + c + ": expected " + closer + " to close the " +
                                   std::string(opener) + " opened at " + pos_text(open_pos));
      }
      if (lone_double_colon()) {
        if (!read_annotation(e)) return false;
        continue;
      }
      e.positions.push_back(here());
      Value v;
      if (!read_form(v)) return false;
      e.items.push_back(std::move(v));
    }
  }

  // `:: type` after an element. A capability (iso trn ref val box tag)
  // followed by another form inside the same collection makes the type
  // `(iso T)`: `[data :: iso Data]`; alone it is the type: `(reply v :: val)`.
  bool read_annotation(Elements& e) {
    SourcePos p = here();
    if (e.items.empty()) return fail_at(p, ":: needs a form before it to annotate");
    r.offset_ += 2;
    if (!skip_ignorable()) return false;
    if (no_form_here()) return fail_at(p, ":: needs a type after it");
    SourcePos type_pos = here();
    Value type;
    if (!read_form(type)) return false;
    if (is_capability(type)) {
      if (!skip_ignorable()) return false;
      if (!no_form_here()) {
        SourcePos inner_pos = here();
        Value inner;
        if (!read_form(inner)) return false;
        type = list_from({std::move(type), std::move(inner)});
        SourcePos elements[] = {type_pos, inner_pos};
        record(type, type_pos, elements);
      }
    }
    e.annotations.emplace_back(e.items.size() - 1, std::move(type));
    return true;
  }

  void finish(const Value& form, SourcePos p, Elements& e) {
    record(form, p, e.positions);
    for (auto& [index, type] : e.annotations) r.map_.annotate(form, index, std::move(type));
  }

  bool read_list(Value& out, SourcePos p) {
    Elements e;
    if (!read_elements("(", ')', p, e)) return false;
    out = list_from(e.items);
    finish(out, p, e);
    return true;
  }

  bool read_vector(Value& out, SourcePos p) {
    Elements e;
    if (!read_elements("[", ']', p, e)) return false;
    out = vector_from(e.items);
    finish(out, p, e);
    return true;
  }

  // {...}: an even number of forms is a map, an odd number a tuple.
  bool read_braces(Value& out, SourcePos p) {
    Elements e;
    if (!read_elements("{", '}', p, e)) return false;
    if (e.items.size() % 2 == 1) {
      out = batuta::make_tuple(e.items);
    } else {
      out = map_from(e.items);
      if (map_count(out) * 2 != e.items.size()) {
        Value seen = empty_map();
        for (size_t i = 0; i < e.items.size(); i += 2) {
          if (map_contains(seen, e.items[i])) {
            return fail_at(e.positions[i], "duplicate key " + pr_str_abbreviated(e.items[i]) + " in map literal");
          }
          seen = map_assoc(std::move(seen), e.items[i], Value());
        }
      }
    }
    finish(out, p, e);
    return true;
  }

  bool read_set(Value& out, SourcePos p) {
    Elements e;
    if (!read_elements("#{", '}', p, e)) return false;
    out = set_from(e.items);
    if (set_count(out) != e.items.size()) {
      Value seen = empty_set();
      for (size_t i = 0; i < e.items.size(); ++i) {
        if (set_contains(seen, e.items[i])) {
          return fail_at(e.positions[i], "duplicate element " + pr_str_abbreviated(e.items[i]) + " in set literal");
        }
        seen = set_conj(std::move(seen), e.items[i]);
      }
    }
    finish(out, p, e);
    return true;
  }

  // #(...) is (fn [%1__N ... & %&__N] (...)).
  bool read_fn_literal(Value& out, SourcePos p) {
    if (r.in_fn_literal_) return fail_at(p, "nested #() is not allowed: use (fn [...] ...) for the inner function");
    r.in_fn_literal_ = true;
    r.fn_max_param_ = 0;
    r.fn_has_rest_ = false;
    r.fn_id_ = g_fn_literal_counter.fetch_add(1, std::memory_order_relaxed) + 1;
    ++r.offset_;  // the '#'; read_list reads the '('
    SourcePos body_pos = here();
    Value body;
    bool ok = read_list(body, body_pos);
    r.in_fn_literal_ = false;
    if (!ok) return false;
    std::vector<Value> params;
    for (int i = 1; i <= r.fn_max_param_; ++i) params.push_back(fn_param(std::to_string(i)));
    if (r.fn_has_rest_) {
      params.push_back(symbol("&"));
      params.push_back(fn_param("&"));
    }
    Value param_vector = vector_from(params);
    std::vector<SourcePos> param_positions(params.size(), p);
    record(param_vector, p, param_positions);
    out = list_from({symbol("fn"), std::move(param_vector), std::move(body)});
    SourcePos elements[] = {p, p, body_pos};
    record(out, p, elements);
    return true;
  }

  Value fn_param(const std::string& which) {
    return symbol("%" + which + "__" + std::to_string(r.fn_id_));
  }

  // --- dispatch: # ------------------------------------------------------------
  bool read_dispatch(Value& out, SourcePos p) {
    char c = peek(1);
    switch (c) {
      case '{': ++r.offset_; return read_set_from_hash(out, p);
      case '(': return read_fn_literal(out, p);
      case '"': return read_regex(out, p);
      case '#': return read_symbolic_value(out, p);
      case '_': return discard_then_fail(p);
      case '\'': return read_wrapped("var", 2, out, p);  // #'x is (var x)
      default: break;
    }
    if (r.offset_ + 1 >= s.size()) return fail_at(p, "# needs a dispatch character after it");
    std::string_view body = token_at(r.offset_ + 1);
    if (body == "lang") return fail_at(p, "#lang must be the first line of the file");
    if (body == "inst") return read_instant(out, p);
    if (c == 'x' || c == 'b' || c == 'o' || (c >= '0' && c <= '9')) {
      r.offset_ += 1 + body.size();
      if (!read_detail::parse_radix_number(body, out)) return fail_at(p, "invalid number #" + show(body));
      record(out, p);
      return true;
    }
    if (body.empty()) return fail_at(p, std::string("unknown dispatch #") + c);
    return fail_at(p, "unknown dispatch #" + show(body));
  }

  // #inst "2026-11-23T10:00:00Z": an instant (core/instant.h).
  bool read_instant(Value& out, SourcePos p) {
    r.offset_ += 5;  // "#inst"
    if (!skip_ignorable()) return false;
    SourcePos text_pos = here();
    if (at_end() || peek() != '"') return fail_at(p, "#inst needs a string after it, as in #inst \"2026-11-23T10:00:00Z\"");
    Value text;
    if (!read_string(text, text_pos)) return false;
    if (!read_detail::parse_instant_literal(string_view_of(text), out)) {
      return fail_at(p, "invalid instant #inst " + pr_str(text) + " (expected RFC 3339, as in \"2026-11-23T10:00:00.000000Z\")");
    }
    record(out, p);
    return true;
  }

  bool read_set_from_hash(Value& out, SourcePos p) {
    --r.offset_;  // read_elements consumes the whole "#{"
    return read_set(out, p);
  }

  // Only reached when #_ starts a form position that skip_ignorable did not
  // see (it always runs first), kept so read_form is total.
  bool discard_then_fail(SourcePos p) { return fail_at(p, "#_ needs a form to discard"); }

  bool read_symbolic_value(Value& out, SourcePos p) {
    std::string_view name = token_at(r.offset_ + 2);
    r.offset_ += 2 + name.size();
    if (name == "Inf") out = Value::from_double(__builtin_inf());
    else if (name == "-Inf") out = Value::from_double(-__builtin_inf());
    else if (name == "NaN") out = Value::from_double(__builtin_nan(""));
    else return fail_at(p, "unknown symbolic value ##" + show(name) + " (expected ##Inf, ##-Inf or ##NaN)");
    return true;
  }

  // #"..." keeps its body raw (backslashes are the regex's), as
  // (re-pattern "body").
  bool read_regex(Value& out, SourcePos p) {
    r.offset_ += 2;
    size_t start = r.offset_;
    while (!at_end() && peek() != '"') r.offset_ += peek() == '\\' && r.offset_ + 1 < s.size() ? 2 : 1;
    if (at_end()) return fail_at(p, "unterminated regex: expected \" before the end of input at " + pos_text(here()));
    SourcePos string_pos = pos_at(start - 1);
    Value body = make_string_from_utf8(s.substr(start, r.offset_ - start));
    ++r.offset_;
    record(body, string_pos);
    out = list_from({symbol("re-pattern"), std::move(body)});
    SourcePos elements[] = {p, string_pos};
    record(out, p, elements);
    return true;
  }

  // --- atoms -------------------------------------------------------------------
  bool read_string(Value& out, SourcePos p) {
    ++r.offset_;
    std::string text;
    for (;;) {
      if (at_end()) return fail_at(p, "unterminated string: expected \" before the end of input at " + pos_text(here()));
      char c = peek();
      if (c == '"') {
        ++r.offset_;
        break;
      }
      if (c != '\\') {
        text.push_back(c);
        ++r.offset_;
        continue;
      }
      size_t escape_start = r.offset_;
      ++r.offset_;
      if (at_end()) continue;  // reported as unterminated on the next turn
      char e = peek();
      ++r.offset_;
      switch (e) {
        case 'n': text.push_back('\n'); break;
        case 't': text.push_back('\t'); break;
        case 'r': text.push_back('\r'); break;
        case 'b': text.push_back('\b'); break;
        case 'f': text.push_back('\f'); break;
        case '0': text.push_back('\0'); break;
        case '"': text.push_back('"'); break;
        case '\\': text.push_back('\\'); break;
        case 'u': {
          std::string_view hex;
          if (peek() == '{') {
            size_t close = s.substr(0, r.offset_ + 10).find('}', r.offset_);
            if (close == std::string_view::npos) {
              return fail(escape_start, "invalid Unicode escape in string: expected \\u{hex digits}");
            }
            hex = s.substr(r.offset_ + 1, close - r.offset_ - 1);
            r.offset_ = close + 1;
          } else {
            hex = s.substr(r.offset_, 4);
            if (hex.size() < 4) return fail(escape_start, "invalid Unicode escape in string: expected \\uXXXX or \\u{hex digits}");
            r.offset_ += 4;
          }
          char32_t cp;
          if (!read_detail::parse_code_point(hex, cp)) {
            return fail(escape_start, "invalid Unicode escape \\u" + show(hex) + " in string (expected the hex digits of a Unicode scalar value)");
          }
          utf8::encode(cp, text);
          break;
        }
        default: {
          size_t i = r.offset_ - 1;
          utf8::decode(s, i);  // the escaped character may be several bytes
          std::string shown(s.substr(r.offset_ - 1, i - (r.offset_ - 1)));
          return fail(escape_start, "unknown escape \\" + shown + " in string");
        }
      }
    }
    out = make_string_from_utf8(text);  // the source and every escape are valid UTF-8
    record(out, p);
    return true;
  }

  bool read_character(Value& out, SourcePos p) {
    size_t start = ++r.offset_;
    if (at_end() || is_whitespace(peek())) return fail_at(p, "a character literal needs a character after \\");
    size_t i = start;
    utf8::decode(s, i);  // the first character may be a delimiter: \( is a character
    while (i < s.size() && !is_terminating(s[i])) ++i;
    if (i == start + 1 && s[start] == 'u' && i < s.size() && s[i] == '{') {
      size_t close = s.substr(0, i + 10).find('}', i);  // bounded: no rescans of the rest
      if (close != std::string_view::npos) i = close + 1;
    }
    std::string_view text = s.substr(start, i - start);
    r.offset_ = i;
    char32_t c;
    if (!read_detail::parse_character(text, c)) return fail_at(p, "unknown character name \\" + show(text));
    out = Value::character(c);
    return true;
  }

  bool read_keyword(Value& out, SourcePos p) {
    std::string_view token = token_at(r.offset_);
    r.offset_ += token.size();
    if (token.size() > 2 && token[1] == ':') {
      std::string_view name = token.substr(2);
      if (name[0] == ':') return fail_at(p, "invalid keyword " + show(token));
      if (name.find('/') != std::string_view::npos) {
        return fail_at(p, "invalid keyword " + show(token) + ": ::name takes the current namespace, not another one");
      }
      out = keyword(r.ns_, name);
      return true;
    }
    if (token.size() < 2 || token[1] == ':') return fail_at(p, "invalid keyword " + show(token));
    out = keyword(token.substr(1));
    return true;
  }

  bool read_symbol_or_number(Value& out, SourcePos p) {
    std::string_view token = token_at(r.offset_);
    r.offset_ += token.size();
    char c0 = token[0];
    bool numeric = (c0 >= '0' && c0 <= '9') ||
                   ((c0 == '+' || c0 == '-') && token.size() > 1 && token[1] >= '0' && token[1] <= '9');
    if (numeric) {
      if (!read_detail::parse_number(token, out)) return fail_at(p, "invalid number " + show(token));
      record(out, p);  // big integers and ratios are heap objects
      return true;
    }
    if (token == "nil") out = Value::nil();
    else if (token == "true") out = Value::boolean(true);
    else if (token == "false") out = Value::boolean(false);
    else if (r.in_fn_literal_ && c0 == '%') out = fn_literal_parameter(token, p);
    else out = symbol(token);
    return !r.failed_;
  }

  // % and %1 are the first parameter, %N the Nth (up to 20), %& the rest.
  Value fn_literal_parameter(std::string_view token, SourcePos p) {
    if (token == "%") token = "%1";
    if (token == "%&") {
      r.fn_has_rest_ = true;
      return fn_param("&");
    }
    std::string_view digits = token.substr(1);
    bool all_digits = !digits.empty() && digits.size() <= 3;
    for (char d : digits) all_digits = all_digits && d >= '0' && d <= '9';
    if (!all_digits) return symbol(token);  // %foo is an ordinary symbol
    int n = 0;
    for (char d : digits) n = n * 10 + (d - '0');
    if (n < 1 || n > 20) {
      fail_at(p, "invalid fn literal parameter " + show(token) + " (expected %, %1 to %20 or %&)");
      return Value();
    }
    if (n > r.fn_max_param_) r.fn_max_param_ = n;
    return fn_param(std::to_string(n));
  }
};

Reader::Reader(std::string_view source, std::string file_name, SourceMap& map, std::string_view current_ns)
    : src_(source), file_(std::move(file_name)), map_(map), ns_(current_ns) {
  file_index_ = map_.add_file(file_);
}

Result<bool> Reader::read(Value& out) {
  ReaderImpl impl(*this);
  auto error = [this]() {
    return make_error(ErrorKind::ParseError, error_.file + ":" + pos_text(error_.pos) + ": " + error_.what);
  };
  if (failed_) return error();
  if (!checked_) {
    checked_ = true;
    if (!impl.check_source()) return error();
  }
  if (!impl.skip_ignorable()) return error();
  if (impl.at_end()) return false;
  char c = impl.peek();
  if (is_closer(c)) {
    impl.fail(offset_, std::string("unexpected ") + c);
    return error();
  }
  if (impl.lone_double_colon()) {
    impl.fail(offset_, ":: annotates a form inside a list, vector or braces");
    return error();
  }
  last_position_ = impl.here();
  Value form;
  if (!impl.read_form(form)) return error();
  out = std::move(form);
  return true;
}

Result<std::vector<Value>> Reader::read_all() {
  std::vector<Value> forms;
  for (;;) {
    Value v;
    Result<bool> r = read(v);
    if (!r.ok()) return r.take_error();
    if (!r.value()) return forms;
    forms.push_back(std::move(v));
  }
}

Result<std::vector<Value>> read_all(std::string_view source, std::string file_name, SourceMap& map,
                                    std::string_view current_ns) {
  Reader reader(source, std::move(file_name), map, current_ns);
  return reader.read_all();
}

}  // namespace batuta
