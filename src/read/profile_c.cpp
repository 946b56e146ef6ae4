// profile_c.cpp: see profile_c.h.
#include "read/profile_c.h"

#include <string>

#include "core/name.h"

namespace batuta::surface {

namespace {

constexpr size_t kNone = static_cast<size_t>(-1);

std::string column_text(uint32_t c) { return "column " + std::to_string(c); }

Node symbol_node_at(const Value& v, SourcePos pos) {
  Node n;
  n.value = v;
  n.pos = pos;
  return n;
}

bool is_clause_head(std::string_view name) {
  return name == "match" || name == "cond" || name == "receive" || name == "receive-timeout" ||
         name == "receive-with-priority";
}

}  // namespace

// --- layout -------------------------------------------------------------------------

bool Layout::collect_lines(std::vector<Line>& lines) {
  const std::vector<Token>& t = src_.tokens;
  char indent_char = 0;    // ' ' or '\t' once a line has been indented
  uint32_t indent_line = 0;  // the line that fixed it
  for (size_t i = 0; i < t.size(); ++i) {
    if (i != 0 && !(t[i].line_start && t[i].level == 0)) continue;
    if (!lines.empty()) lines.back().end = i;
    std::string_view ws = src_.indentation_of(i);
    for (size_t k = 0; k < ws.size(); ++k) {
      SourcePos at{t[i].pos.line, static_cast<uint32_t>(k + 1)};
      if (ws[k] != ws[0]) return parser_.fail(at, "mixed tabs and spaces in indentation");
      if (indent_char == 0) {
        indent_char = ws[k];
        indent_line = t[i].pos.line;
      } else if (ws[k] != indent_char) {
        return parser_.fail(at, std::string("indentation with ") + (ws[k] == '\t' ? "a tab" : "a space") +
                                    ", but line " + std::to_string(indent_line) + " indents with " +
                                    (indent_char == '\t' ? "tabs" : "spaces") + " (mixed tabs and spaces)");
      }
    }
    Line line{i, t.size(), t[i].pos.column, false};
    Word w = t[i].kind == Tok::Symbol ? t[i].word : Word::None;
    if (binary_precedence(w) > 0 || w == Word::Then || w == Word::In) {
      line.continues = true;
    } else if (w == Word::Else) {
      line.continues = true;
      for (size_t k = i + 1; k < t.size() && !(t[k].line_start && t[k].level == 0); ++k)
        if (t[k].level == 0 && t[k].kind == Tok::Symbol && t[k].word == Word::Arrow) line.continues = false;
    }
    lines.push_back(line);
  }
  return true;
}

bool Layout::build() {
  blocks_.assign(1, Block{});
  next_top_ = 0;
  std::vector<Line> lines;
  if (!collect_lines(lines)) return false;
  if (lines.empty()) return true;
  size_t li = 0;
  if (!build_block(lines, li, lines[0].indent, 0, 0, 0)) return false;
  if (li < lines.size()) {
    const Token& t = src_.tokens[lines[li].first];
    return parser_.fail(t.pos, "expected a top-level line in " + column_text(lines[0].indent) + " (as the first line), got " +
                                   column_text(lines[li].indent));
  }
  return true;
}

bool Layout::build_block(const std::vector<Line>& lines, size_t& li, uint32_t indent, uint32_t outer_indent, int block,
                         int depth) {
  if (depth > kMaxSurfaceNesting) {
    return parser_.fail(src_.tokens[lines[li].first].pos,
                        "too deeply nested (more than " + std::to_string(kMaxSurfaceNesting) + " levels)");
  }
  while (li < lines.size()) {
    const Line& line = lines[li];
    if (line.indent < indent) {
      if (line.indent > outer_indent && depth > 0) {
        return parser_.fail(src_.tokens[line.first].pos,
                            "expected the indentation of a block above, " + column_text(indent) + " or " +
                                column_text(outer_indent) + ", got " + column_text(line.indent));
      }
      return true;
    }
    Statement st;
    size_t last_token = 0;
    auto append = [&](const Line& l) {
      for (size_t k = l.first; k < l.end; ++k) st.pieces.push_back(Piece{static_cast<uint32_t>(k), -1});
      last_token = l.end - 1;
    };
    append(line);
    ++li;
    for (;;) {
      if (li >= lines.size()) break;
      const Line& next = lines[li];
      if (next.indent > indent && !next.continues) {
        int child = static_cast<int>(blocks_.size());
        blocks_.emplace_back();
        uint32_t first = static_cast<uint32_t>(next.first);
        if (!build_block(lines, li, next.indent, indent, child, depth + 1)) return false;
        st.pieces.push_back(Piece{first, child});
      } else if (next.indent >= indent && next.continues) {
        append(next);
        ++li;
      } else {
        break;
      }
    }
    st.end.pos = src_.end_of(last_token);
    st.end.at_end_of_input = last_token + 1 == src_.tokens.size();
    st.end.description = st.end.at_end_of_input ? "the end of input" : "the end of the line";
    blocks_[block].statements.push_back(std::move(st));
  }
  return true;
}

// --- statements -----------------------------------------------------------------------

size_t Layout::word_index(const Statement& st, Word w, size_t from, size_t to) const {
  for (size_t k = from; k < to; ++k) {
    const Piece& p = st.pieces[k];
    if (p.block >= 0) continue;
    const Token& t = src_.tokens[p.token];
    if (t.level == 0 && t.kind == Tok::Symbol && t.word == w) return k;
  }
  return kNone;
}

// The `->` that makes a statement a clause: outside brackets, not first.
size_t Layout::arrow_of(const Statement& st, size_t from) const {
  size_t a = word_index(st, Word::Arrow, from, st.pieces.size());
  return a == 0 ? kNone : a;
}

SpanEnd Layout::arrow_end(const Statement& st, size_t arrow) const {
  return SpanEnd{src_.tokens[st.pieces[arrow].token].pos, "->", false};
}

bool Layout::parse_part(const Statement& st, size_t from, size_t to, const SpanEnd& end, Node& out) {
  std::span<const Piece> all(st.pieces);
  return parser_.parse_whole(all.subspan(from, to - from), end, out);
}

bool Layout::parse_statement(const Statement& st, Node& out) {
  const Token& first = src_.tokens[st.pieces[0].token];
  bool has_block = false;
  for (const Piece& p : st.pieces) has_block = has_block || p.block >= 0;
  if (first.kind == Tok::Symbol && first.word == Word::Define && !parser_.is_define(st.pieces)) {
    const Token* name = st.pieces.size() > 1 && st.pieces[1].block < 0 ? &src_.tokens[st.pieces[1].token] : nullptr;
    if (name == nullptr || name->kind != Tok::Symbol || name->word != Word::None) {
      if (name == nullptr) {
        return parser_.fail(st.end.pos, "expected a name after define, got " + st.end.description, st.end.at_end_of_input);
      }
      return parser_.fail(name->pos, "expected a name after define, got " + shown_token(src_.token_text(st.pieces[1].token)));
    }
    return parser_.fail(st.end.pos,
                        "expected = or an indented body after the parameters of define, got " + st.end.description,
                        st.end.at_end_of_input);
  }
  // At the end of the input (the REPL), a clause head without its block
  // waits for the block.
  if (!has_block && st.end.at_end_of_input && first.kind == Tok::Symbol && is_clause_head(src_.token_text(st.pieces[0].token))) {
    return parser_.fail(st.end.pos, "expected an indented block of clauses after " +
                                        std::string(src_.token_text(st.pieces[0].token)) + ", got the end of input",
                        true);
  }
  return parse_part(st, 0, st.pieces.size(), st.end, out);
}

// if c -> v, then c -> v lines, then else -> v: one (cond c v ... :else v).
bool Layout::parse_if_chain(int block, size_t& k, Node& out) {
  const std::vector<Statement>& sts = blocks_[block].statements;
  const size_t start = k;
  SourcePos if_pos = src_.tokens[sts[start].pieces[0].token].pos;
  std::vector<Node> children;
  children.push_back(symbol_node_at(symbol("cond"), if_pos));
  for (size_t j = start; j < sts.size(); ++j) {
    const Statement& st = sts[j];
    size_t a = arrow_of(st);
    if (j > start && (a == kNone || word_index(st, Word::If, 0, 1) == 0)) break;
    Node test, value;
    bool is_else = false;
    const Token& head = src_.tokens[st.pieces[0].token];
    if (j == start) {
      if (a == 1) return parser_.fail(src_.tokens[st.pieces[1].token].pos, "expected a condition after if, got ->");
      if (!parse_part(st, 1, a, arrow_end(st, a), test)) return false;
    } else if (a == 1 && head.kind == Tok::Symbol && head.word == Word::Else) {
      is_else = true;
      test = symbol_node_at(keyword("else"), head.pos);
    } else if (!parse_part(st, 0, a, arrow_end(st, a), test)) {
      return false;
    }
    if (a + 1 == st.pieces.size()) {
      return parser_.fail(st.end.pos, "expected a value after ->, got " + st.end.description, st.end.at_end_of_input);
    }
    if (!parse_part(st, a + 1, st.pieces.size(), st.end, value)) return false;
    children.push_back(std::move(test));
    children.push_back(std::move(value));
    k = j + 1;
    if (is_else) break;
  }
  out = parser_.make_list(if_pos, Shape::Special, children);
  out.what = "a conditional";
  return true;
}

bool Layout::next_item(int block, size_t& k, Item& out) {
  const Statement& st = blocks_[block].statements[k];
  size_t a = arrow_of(st);
  out = Item{};
  if (a == kNone) {
    ++k;
    return parse_statement(st, out.expr);
  }
  if (word_index(st, Word::If, 0, 1) == 0) return parse_if_chain(block, k, out.expr);
  out.clause = true;
  out.arrow = src_.tokens[st.pieces[a].token].pos;
  const Token& head = src_.tokens[st.pieces[0].token];
  size_t w = word_index(st, Word::When, 1, a);
  if (a == 1 && head.kind == Tok::Symbol && head.word == Word::Else) {
    out.lhs_is_else = true;
    out.lhs = symbol_node_at(symbol("else"), head.pos);
  } else if (!parse_part(st, 0, w == kNone ? a : w, arrow_end(st, a), out.lhs)) {
    return false;
  }
  if (w != kNone) {
    out.has_guard = true;
    out.when = src_.tokens[st.pieces[w].token].pos;
    if (!parse_part(st, w + 1, a, arrow_end(st, a), out.guard)) return false;
  }
  if (a + 1 == st.pieces.size()) {
    return parser_.fail(st.end.pos, "expected a value after ->, got " + st.end.description, st.end.at_end_of_input);
  }
  if (!parse_part(st, a + 1, st.pieces.size(), st.end, out.rhs)) return false;
  ++k;
  return true;
}

namespace {

std::string clause_error() {
  return "expected an expression, got a clause with -> (clauses belong in the block of match, receive or cond, "
         "or after `if c -> v`)";
}

}  // namespace

bool Layout::expand_arguments(int block, const Value& head, std::vector<Node>& out) {
  bool cond = head.is_symbol() && name_text(head) == "cond";
  for (size_t k = 0; k < blocks_[block].statements.size();) {
    Item item;
    if (!next_item(block, k, item)) return false;
    if (!item.clause) {
      out.push_back(std::move(item.expr));
      continue;
    }
    if (cond) {
      if (item.has_guard) return parser_.fail(item.when, "expected ->, got when (cond clauses take no guard)");
      if (item.lhs_is_else) item.lhs = symbol_node_at(keyword("else"), item.lhs.pos);
      out.push_back(std::move(item.lhs));
      out.push_back(std::move(item.rhs));
      continue;
    }
    out.push_back(std::move(item.lhs));
    if (item.has_guard) {
      out.push_back(symbol_node_at(symbol("when"), item.when));
      out.push_back(std::move(item.guard));
    }
    out.push_back(symbol_node_at(symbol("->"), item.arrow));
    out.push_back(std::move(item.rhs));
  }
  return true;
}

bool Layout::expand_body(int block, std::vector<Node>& out) {
  for (size_t k = 0; k < blocks_[block].statements.size();) {
    Item item;
    if (!next_item(block, k, item)) return false;
    if (item.clause) return parser_.fail(item.arrow, clause_error());
    out.push_back(std::move(item.expr));
  }
  return true;
}

bool Layout::next_form(Node& out) {
  if (next_top_ >= blocks_[0].statements.size()) return false;
  Item item;
  if (!next_item(0, next_top_, item)) return false;
  if (item.clause) return parser_.fail(item.arrow, clause_error());
  out = std::move(item.expr);
  return true;
}

SourcePos Layout::next_position() const {
  if (next_top_ >= blocks_[0].statements.size()) return SourcePos{};
  return src_.tokens[blocks_[0].statements[next_top_].pieces[0].token].pos;
}

}  // namespace batuta::surface
