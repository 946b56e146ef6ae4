// profile_c.h: Profile C, Profile B with the offside rule (docs/grammar.md).
//
// Layout. A line whose first token is outside any bracket starts a
// statement; lines inside brackets belong to the bracket's line. Lines
// indented deeper than a statement form its block, which the parser sees
// as one piece at the end of the statement's line:
//   - after `define NAME PARAMS` (no `=`) the block is the body;
//   - after an operator, `=`, `then`, `else`, `in` or `->` it is the missing
//     operand (one statement, or `(do ...)` of several);
//   - after a call or a name it gives the call's last arguments, so
//     `match v` with a block of `pattern -> value` lines is
//     `(match v pattern -> value ...)`.
// A line that starts with a binary operator, `then`, `in`, or `else`
// without `->` continues the statement above it (same or deeper indent).
//
// Clauses. A statement with `->` outside brackets is a clause `lhs -> rhs`
// (lhs may be `pattern when guard`). `if c -> v` starts a conditional; the
// clause lines after it at the same indentation (`c -> v`, and a final
// `else -> v`) join it, and the whole chain is one `(cond c v ... :else v)`.
// In the block of `cond`, clauses are test/value pairs (`else` is `:else`).
//
// Indentation uses either spaces or tabs: a line that mixes them, or that
// uses the other one than earlier lines, is an error with its position.
#pragma once

#include <cstddef>
#include <vector>

#include "read/profile_b.h"

namespace batuta::surface {

class Layout : public BlockExpander {
 public:
  Layout(const LexedSource& source, InfixParser& parser) : src_(source), parser_(parser) {}

  // Builds statements and blocks from the tokens; false with the parser's
  // error set.
  bool build();
  // The next top-level form: true with `out` set, false at the end (or on
  // an error: parser.failed()).
  bool next_form(Node& out);
  // Where the next top-level statement starts.
  SourcePos next_position() const;

  bool expand_arguments(int block, const Value& head, std::vector<Node>& out) override;
  bool expand_body(int block, std::vector<Node>& out) override;

 private:
  struct Line {
    size_t first, end;  // token indices
    uint32_t indent;    // column of the first token
    bool continues;     // starts with an operator, then, in, or else without ->
  };
  struct Statement {
    std::vector<Piece> pieces;
    SpanEnd end;
  };
  struct Block {
    std::vector<Statement> statements;
  };
  // One element of a block: an expression, or a clause not in an if chain.
  struct Item {
    bool clause = false;
    Node expr;  // !clause
    Node lhs, guard, rhs;
    bool has_guard = false;
    bool lhs_is_else = false;
    SourcePos arrow, when;
  };

  bool collect_lines(std::vector<Line>& lines);
  bool build_block(const std::vector<Line>& lines, size_t& li, uint32_t indent, uint32_t outer_indent, int block,
                   int depth);
  bool next_item(int block, size_t& k, Item& out);
  bool parse_statement(const Statement& st, Node& out);
  bool parse_if_chain(int block, size_t& k, Node& out);
  bool parse_part(const Statement& st, size_t from, size_t to, const SpanEnd& end, Node& out);
  size_t arrow_of(const Statement& st, size_t from = 0) const;
  size_t word_index(const Statement& st, Word w, size_t from, size_t to) const;
  SpanEnd arrow_end(const Statement& st, size_t arrow) const;

  const LexedSource& src_;
  InfixParser& parser_;
  std::vector<Block> blocks_;  // blocks_[0] is the top level
  size_t next_top_ = 0;
};

}  // namespace batuta::surface
