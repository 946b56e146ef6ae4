// profile_lexer.cpp: see profile_lexer.h. Token boundaries follow the
// Profile A reader exactly (reader.cpp): the same whitespace, the same
// terminating characters, the same shapes of strings, characters, regexes
// and dispatch forms, and the same texts for the errors they share.
#include "read/profile_lexer.h"

#include <algorithm>

#include "core/utf8.h"
#include "read/token_chars.h"

namespace batuta::surface {

namespace {

using read_detail::is_terminating;
using read_detail::is_whitespace;

struct WordEntry {
  std::string_view text;
  Word word;
  int precedence;  // binary operators only
};

// The surface grammar's words, declared once. Precedence: 1 |>, 2 or,
// 3 and, 4 comparisons, 5 + -, 6 * / mod (LANGUAGE.md).
constexpr WordEntry kWords[] = {
    {"|>", Word::Pipe, 1},   {"or", Word::Or, 2},      {"and", Word::And, 3},   {"=", Word::Eq, 4},
    {"not=", Word::NotEq, 4}, {"<", Word::Lt, 4},       {"<=", Word::Le, 4},     {">", Word::Gt, 4},
    {">=", Word::Ge, 4},     {"+", Word::Plus, 5},     {"-", Word::Minus, 5},   {"*", Word::Times, 6},
    {"/", Word::Divide, 6},  {"mod", Word::Mod, 6},    {"not", Word::Not, 0},   {"if", Word::If, 0},
    {"then", Word::Then, 0}, {"else", Word::Else, 0},  {"let", Word::Let, 0},   {"in", Word::In, 0},
    {"define", Word::Define, 0}, {"when", Word::When, 0}, {"->", Word::Arrow, 0},
};

Word word_of(std::string_view text) {
  for (const WordEntry& e : kWords)
    if (e.text == text) return e.word;
  return Word::None;
}

std::string pos_text(SourcePos p) { return std::to_string(p.line) + ":" + std::to_string(p.column); }

class Lexer {
 public:
  Lexer(std::string_view s, LexedSource& out, SyntaxError& error) : s_(s), out_(out), error_(error) {}

  bool run(size_t start) {
    out_.text = s_;
    out_.tokens.clear();
    out_.line_starts.assign(1, 0);
    for (size_t i = 0; i < s_.size(); ++i)
      if (s_[i] == '\n') out_.line_starts.push_back(static_cast<uint32_t>(i + 1));
    size_t bad = 0;
    if (!utf8::validate(s_, &bad)) return fail(bad, "invalid UTF-8");
    i_ = start;
    while (i_ < s_.size()) {
      if (!step()) return false;
    }
    if (!open_.empty()) {
      const Token& t = out_.tokens[open_.back()];
      std::string opener(out_.token_text(open_.back()));
      return fail_at(t.pos, "unclosed " + opener + " opened at " + pos_text(t.pos) + ": expected " +
                                closer_for(t.kind) + " before the end of input at " + pos_text(out_.end_of_input()),
                     true);
    }
    return remove_discards() && link();
  }

 private:
  std::string_view s_;
  LexedSource& out_;
  SyntaxError& error_;
  size_t i_ = 0;
  std::vector<size_t> open_;  // indices of unclosed openers
  // Incremental position of offset pos_offset_ (tokens come in order).
  size_t pos_offset_ = 0;
  SourcePos pos_{1, 1};

  SourcePos pos_at(size_t off) {
    if (off < pos_offset_) return out_.position_of(off);
    while (pos_offset_ < off) {
      unsigned char c = static_cast<unsigned char>(s_[pos_offset_++]);
      if (c == '\n') {
        ++pos_.line;
        pos_.column = 1;
      } else if ((c & 0xC0) != 0x80) {
        ++pos_.column;
      }
    }
    return pos_;
  }

  bool fail_at(SourcePos p, std::string what, bool incomplete = false) {
    error_ = SyntaxError{p, std::move(what), incomplete};
    return false;
  }
  bool fail(size_t off, std::string what, bool incomplete = false) {
    return fail_at(out_.position_of(off), std::move(what), incomplete);
  }

  static const char* closer_for(Tok k) {
    switch (k) {
      case Tok::OpenVector: return "]";
      case Tok::OpenBrace: case Tok::OpenSet: return "}";
      default: return ")";
    }
  }

  size_t token_end(size_t from) const {
    size_t e = from;
    while (e < s_.size() && !is_terminating(s_[e])) ++e;
    return e;
  }

  void push(Tok kind, size_t begin, size_t end, Word word = Word::None) {
    Token t;
    t.kind = kind;
    t.word = word;
    t.begin = static_cast<uint32_t>(begin);
    t.end = static_cast<uint32_t>(end);
    t.pos = pos_at(begin);
    t.last_line = t.pos.line;
    for (size_t k = begin; k < end; ++k)
      if (s_[k] == '\n') ++t.last_line;
    out_.tokens.push_back(t);
    i_ = end;
  }

  bool opener(Tok kind, size_t length) {
    open_.push_back(out_.tokens.size());
    push(kind, i_, i_ + length);
    return true;
  }

  bool closer(Tok kind) {
    char c = s_[i_];
    if (open_.empty()) return fail(i_, std::string("unexpected ") + c);
    const Token& o = out_.tokens[open_.back()];
    const char* want = closer_for(o.kind);
    if (c != want[0]) {
      return fail(i_, std::string("unexpected ") + c + ": expected " + want + " to close the " +
                          std::string(out_.token_text(open_.back())) + " opened at " + pos_text(o.pos));
    }
    out_.tokens[open_.back()].close = static_cast<uint32_t>(out_.tokens.size());
    open_.pop_back();
    push(kind, i_, i_ + 1);
    return true;
  }

  // A string or regex body from `from` (after the opening quote) to its
  // closing quote; false at the end of input.
  bool quoted_end(size_t from, size_t& end) const {
    size_t j = from;
    while (j < s_.size() && s_[j] != '"') j += s_[j] == '\\' && j + 1 < s_.size() ? 2 : 1;
    if (j >= s_.size()) return false;
    end = j + 1;
    return true;
  }

  bool block_comment() {
    size_t open = i_;
    size_t j = i_ + 2;
    int nesting = 1;
    while (j < s_.size()) {
      if (s_[j] == '#' && j + 1 < s_.size() && s_[j + 1] == '|') {
        ++nesting;
        j += 2;
      } else if (s_[j] == '|' && j + 1 < s_.size() && s_[j + 1] == '#') {
        j += 2;
        if (--nesting == 0) {
          i_ = j;
          return true;
        }
      } else {
        ++j;
      }
    }
    SourcePos p = out_.position_of(open);
    return fail_at(p, "unclosed #| comment opened at " + pos_text(p) + ": expected |# before the end of input", true);
  }

  bool character() {
    size_t start = i_ + 1;
    if (start >= s_.size() || is_whitespace(s_[start])) return fail(i_, "a character literal needs a character after \\");
    size_t k = start;
    utf8::decode(s_, k);  // the character itself may be a delimiter: \( is a character
    while (k < s_.size() && !is_terminating(s_[k])) ++k;
    if (k == start + 1 && s_[start] == 'u' && k < s_.size() && s_[k] == '{') {
      size_t close = s_.substr(0, k + 10).find('}', k);
      if (close != std::string_view::npos) k = close + 1;
    }
    push(Tok::Atom, i_, k);
    return true;
  }

  bool dispatch() {
    if (i_ + 1 >= s_.size()) return fail(i_, "# needs a dispatch character after it");
    char c = s_[i_ + 1];
    size_t end;
    switch (c) {
      case '{': return opener(Tok::OpenSet, 2);
      case '(': return opener(Tok::OpenFn, 2);
      case '_': push(Tok::Discard, i_, i_ + 2); return true;
      case '|': return block_comment();
      case '"':
        if (!quoted_end(i_ + 2, end)) {
          return fail(i_, "unterminated regex: expected \" before the end of input at " + pos_text(out_.end_of_input()), true);
        }
        push(Tok::Atom, i_, end);
        return true;
      case '#': push(Tok::Atom, i_, token_end(i_ + 2)); return true;
      default: break;
    }
    size_t e = token_end(i_ + 1);
    if (e == i_ + 1) return fail(i_, std::string("unknown dispatch #") + c);
    if (s_.substr(i_, e - i_) == "#inst") {  // #inst "2026-11-23T10:00:00Z": one literal
      size_t k = e;
      while (k < s_.size() && is_whitespace(s_[k])) ++k;
      if (k < s_.size() && s_[k] == '"' && quoted_end(k + 1, end)) e = end;
    }
    push(Tok::Atom, i_, e);
    return true;
  }

  bool step() {
    char c = s_[i_];
    if (is_whitespace(c)) {
      ++i_;
      return true;
    }
    size_t end;
    switch (c) {
      case ';':
        while (i_ < s_.size() && s_[i_] != '\n') ++i_;
        return true;
      case '(': return opener(Tok::Open, 1);
      case '[': return opener(Tok::OpenVector, 1);
      case '{': return opener(Tok::OpenBrace, 1);
      case ')': return closer(Tok::Close);
      case ']': return closer(Tok::CloseVector);
      case '}': return closer(Tok::CloseBrace);
      case '"':
        if (!quoted_end(i_ + 1, end)) {
          return fail(i_, "unterminated string: expected \" before the end of input at " + pos_text(out_.end_of_input()), true);
        }
        push(Tok::Atom, i_, end);
        return true;
      case '\'': push(Tok::Quote, i_, i_ + 1); return true;
      case '`': push(Tok::SyntaxQuote, i_, i_ + 1); return true;
      case '~':
        if (i_ + 1 < s_.size() && s_[i_ + 1] == '@') push(Tok::UnquoteSplicing, i_, i_ + 2);
        else push(Tok::Unquote, i_, i_ + 1);
        return true;
      case '@': push(Tok::Deref, i_, i_ + 1); return true;
      case '\\': return character();
      case '#': return dispatch();
      case ':':
        if (i_ + 1 < s_.size() && s_[i_ + 1] == ':' && (i_ + 2 >= s_.size() || is_terminating(s_[i_ + 2]))) {
          push(Tok::Annotation, i_, i_ + 2);
          return true;
        }
        push(Tok::Atom, i_, token_end(i_));
        return true;
      default:
        break;
    }
    end = token_end(i_);
    std::string_view text = s_.substr(i_, end - i_);
    bool numeric = (c >= '0' && c <= '9') ||
                   ((c == '+' || c == '-') && text.size() > 1 && text[1] >= '0' && text[1] <= '9');
    if (numeric) push(Tok::Atom, i_, end);
    else push(Tok::Symbol, i_, end, word_of(text));
    return true;
  }

  // Drops every `#_` and the form it discards. A discarded form is one
  // token, a bracketed form, or a prefix and its form; a `#_` inside it
  // discards one more (as Profile A reads `#_ #_ a b c` as `c`). Iterative,
  // so no input can exhaust the stack.
  bool remove_discards() {
    std::vector<Token>& t = out_.tokens;
    bool any = false;
    for (const Token& k : t) any = any || k.kind == Tok::Discard;
    if (!any) return true;
    std::vector<Token> kept;
    kept.reserve(t.size());
    size_t i = 0;
    while (i < t.size()) {
      if (t[i].kind != Tok::Discard) {
        kept.push_back(t[i++]);
        continue;
      }
      SourcePos at = t[i].pos;
      size_t j = i + 1;
      size_t need = 1;
      while (need > 0) {
        if (j >= t.size() || t[j].is_closer() || t[j].kind == Tok::Annotation) {
          return fail_at(at, "#_ needs a form to discard");
        }
        if (t[j].kind == Tok::Discard) {
          ++need;
          ++j;
        } else if (t[j].is_prefix()) {
          ++j;
        } else if (t[j].is_opener()) {
          j = t[j].close + 1;
          --need;
        } else {
          ++j;
          --need;
        }
      }
      i = j;
    }
    t = std::move(kept);
    return true;
  }

  // Levels, matching closers and line starts of the final tokens.
  bool link() {
    std::vector<Token>& t = out_.tokens;
    std::vector<size_t> stack;
    uint32_t prev_last_line = 0;
    for (size_t i = 0; i < t.size(); ++i) {
      t[i].line_start = t[i].pos.line > prev_last_line;
      prev_last_line = t[i].last_line;
      if (t[i].is_closer()) {
        t[stack.back()].close = static_cast<uint32_t>(i);
        stack.pop_back();
      }
      t[i].level = static_cast<uint32_t>(stack.size());
      if (t[i].is_opener()) stack.push_back(i);
    }
    return true;
  }
};

}  // namespace

int binary_precedence(Word w) {
  for (const WordEntry& e : kWords)
    if (e.word == w) return e.precedence;
  return 0;
}

bool is_operator(Word w) { return w == Word::Not || binary_precedence(w) > 0; }

SourcePos LexedSource::position_of(size_t offset) const {
  if (offset > text.size()) offset = text.size();
  auto it = std::upper_bound(line_starts.begin(), line_starts.end(), static_cast<uint32_t>(offset));
  size_t line = static_cast<size_t>(it - line_starts.begin());  // 1-based: the line holding offset
  uint32_t column = 1;
  for (size_t k = line_starts[line - 1]; k < offset; ++k)
    if ((static_cast<unsigned char>(text[k]) & 0xC0) != 0x80) ++column;
  return SourcePos{static_cast<uint32_t>(line), column};
}

std::string_view LexedSource::indentation_of(size_t i) const {
  size_t start = line_starts[tokens[i].pos.line - 1];
  size_t e = start;
  while (e < tokens[i].begin && (text[e] == ' ' || text[e] == '\t')) ++e;
  return text.substr(start, e - start);
}

bool lex(std::string_view text, size_t start, LexedSource& out, SyntaxError& error) {
  Lexer lexer(text, out, error);
  return lexer.run(start);
}

std::string shown_token(std::string_view token) {
  if (token.size() <= 40) return std::string(token);
  size_t cut = 40;
  while (cut > 0 && (static_cast<unsigned char>(token[cut]) & 0xC0) == 0x80) --cut;
  return std::string(token.substr(0, cut)) + "...";
}

}  // namespace batuta::surface
