// profile_b_cursor.h: internals shared by profile_b.cpp (expressions) and
// profile_b_primary.cpp (literals, collections, prefixes): the cursor over
// a span of pieces and small helpers. Not for use outside the parser.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/name.h"
#include "read/profile_b.h"

namespace batuta::surface {

// A span being parsed. `limit` is the end of the current group (the index
// of its closer) or of the whole span.
struct InfixParser::Cursor {
  std::span<const Piece> pieces;
  const SpanEnd* end;
  size_t i = 0;
  size_t limit = 0;
  // then_ahead[i]: a `then` follows piece i in the same group, so an `if`
  // there is Profile B's `if ... then`, not a plain symbol. Computed once
  // per span, so deciding is O(1) for every `if`.
  std::vector<uint8_t> then_ahead;

  Cursor(const LexedSource& src, std::span<const Piece> p, const SpanEnd& e) : pieces(p), end(&e), limit(p.size()) {
    then_ahead.assign(p.size(), 0);
    if (p.empty()) return;
    // Levels relative to the span's first piece; blocks stand at level 0.
    uint32_t base = p[0].block >= 0 ? 0 : src.tokens[p[0].token].level;
    auto level = [&](size_t k) -> uint32_t { return p[k].block >= 0 ? 0 : src.tokens[p[k].token].level - base; };
    std::vector<uint8_t> seen;  // seen[l]: a `then` at level l further right, in the same group
    for (size_t k = p.size(); k-- > 0;) {
      uint32_t l = level(k);
      if (seen.size() < l + 2) seen.resize(l + 2, 0);
      bool token = p[k].block < 0;
      if (token && src.tokens[p[k].token].is_closer()) seen[l + 1] = 0;
      then_ahead[k] = seen[l];
      if (token && src.tokens[p[k].token].kind == Tok::Symbol && src.tokens[p[k].token].word == Word::Then) seen[l] = 1;
    }
  }
  bool at_end() const { return i >= limit; }
};

// Keeps the nesting depth while a parse function runs.
struct Nest {
  int& depth;
  bool ok;
  Nest(int& d, bool entered) : depth(d), ok(entered) {}
  ~Nest() {
    if (ok) --depth;
  }
};

inline const Token* token_at(const LexedSource& src, std::span<const Piece> pieces, size_t i, size_t limit) {
  if (i >= limit || pieces[i].block >= 0) return nullptr;
  return &src.tokens[pieces[i].token];
}

inline Word word_at(const LexedSource& src, std::span<const Piece> pieces, size_t i, size_t limit) {
  const Token* t = token_at(src, pieces, i, limit);
  return t != nullptr && t->kind == Tok::Symbol ? t->word : Word::None;
}

// The index of the piece closing the opener at piece i (brackets never
// span a block, so the pieces between are consecutive tokens).
inline size_t close_of(const LexedSource& src, std::span<const Piece> pieces, size_t i) {
  uint32_t t = pieces[i].token;
  return i + (src.tokens[t].close - t);
}

inline bool is_reserved(Word w) { return w == Word::Then || w == Word::Else || w == Word::In; }

// A position `columns` code points to the right on the same line.
inline SourcePos right_of(SourcePos p, uint32_t columns) { return SourcePos{p.line, p.column + columns}; }

inline Node symbol_at(std::string_view name, SourcePos pos) {
  Node n;
  n.value = symbol(name);
  n.pos = pos;
  return n;
}

}  // namespace batuta::surface
