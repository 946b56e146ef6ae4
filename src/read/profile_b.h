// profile_b.h: Profile B expressions (infix, application by juxtaposition)
// to Profile A forms. The grammar and the desugaring rules are in
// docs/grammar.md; in short, loosest first:
//
//   |>  or  and  (= not= < <= > >=)  (+ -)  (* / mod)  unary - not  application
//
// binary operators group to the left, `f a b` is `(f a b)`, `x |> f a` is
// `(f a x)`, `define f x = e` is `(defn f [x] e)`, `if c then a else b` is
// `(if c a b)`, `let p = e in body` is `(let [p e] body)`. Inside
// parentheses an expression is grouped, except that a group holding one
// primary is a call (`(now)`), a group starting with an operator is a
// prefix call (`(+ 1 2)`, `(- n 1)`; but `(- 3 + 1)`, where another
// operator follows the unary one, is grouped), and a lone operator is the
// operator itself (`(+)`, to pass it as a function). Vectors, maps and sets hold primaries,
// in which operators are plain symbols.
//
// The parser works on "pieces": tokens of a LexedSource, plus, in Profile
// C, indented blocks that stand for whole lines (profile_c.h). A block in
// operand position is one expression; after a call it supplies the call's
// last arguments; after `define NAME PARAMS` it is the body. What a block
// holds is the BlockExpander's business.
//
// Every form built is recorded in the SourceMap: a call at its head (or
// its opening parenthesis), an operator form at its operator, if/let/
// define at their keyword; every element at its own start.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/value.h"
#include "read/profile_lexer.h"
#include "read/source_map.h"

namespace batuta::surface {

// Nesting deeper than this (brackets, prefixes, unary operators, if/let
// bodies, blocks) is an error: the parser recurses once per level.
constexpr int kMaxSurfaceNesting = 500;

// A token, or (block >= 0) an indented block; `token` is then the block's
// first token.
struct Piece {
  uint32_t token;
  int32_t block = -1;
};

// What follows a span of pieces, for "got ..." in error messages.
struct SpanEnd {
  SourcePos pos;            // where the span ends
  std::string description;  // "the end of input", "the end of the line", "->"
  bool at_end_of_input = false;
};

// What produced a node; decides how `|>`, a group and a block treat it.
enum class Shape : uint8_t {
  Primary,   // atom, symbol, collection, quote, fn literal
  Call,      // juxtaposition, a prefix group, a parenthesised call
  Operator,  // an infix or unary operator form
  Special,   // if, let, define, cond (from Profile C)
};

// A form under construction. A list stays "pending" (items, positions and
// annotations, not yet a Value) until seal() builds and records it, so `|>`
// can still append to a call and a group can move its position to the `(`.
struct Node {
  Value value;
  SourcePos pos;
  Shape shape = Shape::Primary;
  bool bare = false;  // the expression was exactly one primary
  bool pending = false;
  std::vector<Value> items;
  std::vector<SourcePos> positions;
  std::vector<std::pair<size_t, Value>> annotations;
  const char* what = "";  // for errors: "an if expression", "an infix expression"
};

class InfixParser;

// Profile C's side of blocks (profile_c.h).
class BlockExpander {
 public:
  virtual ~BlockExpander() = default;
  // Appends block `block`'s forms as the last arguments of a call whose
  // head is `head` (`cond` turns clauses into test/value pairs).
  virtual bool expand_arguments(int block, const Value& head, std::vector<Node>& out) = 0;
  // The block's statements, as a body (every one must be an expression).
  virtual bool expand_body(int block, std::vector<Node>& out) = 0;
};

class InfixParser {
 public:
  InfixParser(const LexedSource& source, SourceMap& map, std::string file, std::string ns);

  void set_block_expander(BlockExpander* blocks) { blocks_ = blocks; }
  void set_namespace(std::string ns) { ns_ = std::move(ns); }

  // Parses `pieces` as exactly one expression.
  bool parse_whole(std::span<const Piece> pieces, const SpanEnd& end, Node& out);
  // True when `pieces` start like a `define NAME PARAMS... =` (or block).
  bool is_define(std::span<const Piece> pieces);

  // Builds a pending list, records it and returns the form.
  Value seal(Node& node);
  // A pending list node from sealed children.
  Node make_list(SourcePos pos, Shape shape, std::vector<Node>& children);
  // The block as one expression: its statement, or (do ...) of several.
  bool block_expression(int block, Node& out);

  bool fail(SourcePos pos, std::string what, bool incomplete = false);
  const SyntaxError& error() const { return error_; }
  bool failed() const { return failed_; }

  const LexedSource& source() const { return src_; }
  SourceMap& map() { return map_; }
  uint32_t file_index() const { return file_index_; }

 private:
  struct Cursor;
  enum class Ctx { Expression, Element };

  bool enter(SourcePos pos);
  void leave() { --depth_; }

  bool parse_expr(Cursor& c, Node& out, const char* after = nullptr);
  bool parse_binary(Cursor& c, int min_precedence, Node& out);
  bool parse_unary(Cursor& c, Node& out);
  bool parse_application(Cursor& c, Node& out);
  bool parse_primary(Cursor& c, Node& out, Ctx ctx);
  bool parse_group(Cursor& c, Node& out);
  bool parse_group_content(Cursor& c, SourcePos open, Node& out);
  bool parse_collection(Cursor& c, Node& out);
  bool parse_fn_literal(Cursor& c, Node& out);
  bool parse_prefixed(Cursor& c, Node& out);
  bool parse_if(Cursor& c, Node& out);
  bool parse_let(Cursor& c, Node& out);
  bool parse_define(Cursor& c, Node& out);
  bool parse_annotation(Cursor& c, std::vector<Node>& items, std::vector<std::pair<size_t, Value>>& out, Ctx ctx);
  bool thread(Node& value, Node& stage, Node& out);
  bool read_atom(uint32_t token, Node& out);
  bool symbol_node(uint32_t token, Node& out);

  bool starts_argument(const Cursor& c) const;
  bool starts_expression(const Cursor& c) const;
  bool starts_primary(const Cursor& c, Ctx ctx) const;
  bool is_let(const Cursor& c) const;
  bool unary_expression_at(const Cursor& c) const;
  bool define_at(const Cursor& c) const;
  size_t skip_primary(const Cursor& c, size_t i) const;
  std::string describe(const Cursor& c) const;
  SourcePos here(const Cursor& c) const;
  bool expected(const Cursor& c, const std::string& what);

  const LexedSource& src_;
  SourceMap& map_;
  std::string file_;
  std::string ns_;
  uint32_t file_index_;
  BlockExpander* blocks_ = nullptr;
  SyntaxError error_;
  bool failed_ = false;
  int depth_ = 0;
  // #( ... ) state: inside one, % symbols become parameters.
  bool in_fn_literal_ = false;
  int fn_max_param_ = 0;
  bool fn_has_rest_ = false;
  uint64_t fn_id_ = 0;
};

}  // namespace batuta::surface
