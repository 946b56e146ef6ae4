// profile_b.cpp: see profile_b.h. Recursive descent with precedence
// climbing for the binary operators. Every parse_* function returns false
// after recording the first error (fail()); the failure propagates up
// unchanged.
#include "read/profile_b.h"

#include <string>

#include "core/list.h"
#include "core/name.h"
#include "core/vector.h"
#include "read/profile_b_cursor.h"

namespace batuta::surface {

InfixParser::InfixParser(const LexedSource& source, SourceMap& map, std::string file, std::string ns)
    : src_(source), map_(map), file_(std::move(file)), ns_(std::move(ns)) {
  file_index_ = map_.add_file(file_);
}

bool InfixParser::fail(SourcePos pos, std::string what, bool incomplete) {
  if (!failed_) {
    failed_ = true;
    error_ = SyntaxError{pos, std::move(what), incomplete};
  }
  return false;
}

bool InfixParser::enter(SourcePos pos) {
  if (depth_ >= kMaxSurfaceNesting) {
    return fail(pos, "too deeply nested (more than " + std::to_string(kMaxSurfaceNesting) + " levels)");
  }
  ++depth_;
  return true;
}

// --- cursor helpers -------------------------------------------------------------

SourcePos InfixParser::here(const Cursor& c) const {
  if (c.i < c.pieces.size()) return src_.tokens[c.pieces[c.i].token].pos;
  return c.end->pos;
}

std::string InfixParser::describe(const Cursor& c) const {
  if (c.i >= c.pieces.size()) return c.end->description;
  if (c.pieces[c.i].block >= 0) return "an indented block";
  return shown_token(src_.token_text(c.pieces[c.i].token));
}

bool InfixParser::expected(const Cursor& c, const std::string& what) {
  bool incomplete = c.i >= c.pieces.size() && c.end->at_end_of_input;
  return fail(here(c), "expected " + what + ", got " + describe(c), incomplete);
}

bool InfixParser::starts_primary(const Cursor& c, Ctx ctx) const {
  if (c.at_end()) return false;
  if (c.pieces[c.i].block >= 0) return ctx == Ctx::Expression;
  const Token& t = src_.tokens[c.pieces[c.i].token];
  switch (t.kind) {
    case Tok::Atom:
      return true;
    case Tok::Symbol:
      if (ctx == Ctx::Element) return true;
      if (is_reserved(t.word)) return false;
      if (is_operator(t.word)) {
        // An operator right before a closing bracket is an operand: (count *).
        const Token* next = token_at(src_, c.pieces, c.i + 1, c.pieces.size());
        return next != nullptr && next->is_closer();
      }
      return true;
    case Tok::Close: case Tok::CloseVector: case Tok::CloseBrace: case Tok::Annotation: case Tok::Discard:
      return false;
    default:
      return true;  // openers and prefixes
  }
}

bool InfixParser::starts_argument(const Cursor& c) const {
  if (starts_primary(c, Ctx::Expression)) return true;
  const Token* t = token_at(src_, c.pieces, c.i, c.limit);
  return t != nullptr && t->kind == Tok::Annotation;
}

bool InfixParser::starts_expression(const Cursor& c) const {
  if (starts_primary(c, Ctx::Expression)) return true;
  Word w = word_at(src_, c.pieces, c.i, c.limit);
  return w == Word::Minus || w == Word::Not;
}

size_t InfixParser::skip_primary(const Cursor& c, size_t i) const {
  while (i < c.limit) {
    if (c.pieces[i].block >= 0) return i + 1;
    const Token& t = src_.tokens[c.pieces[i].token];
    if (t.is_prefix()) {
      ++i;
      continue;
    }
    if (t.is_opener()) return close_of(src_, c.pieces, i) + 1;
    return i + 1;
  }
  return i;
}

// A group that starts with `-` or `not` is a prefix call, `(- n 1)`,
// unless another operator follows in it: `(- 3 + 1)` is `(+ (- 3) 1)`,
// `(not not x)` is `(not (not x))`.
bool InfixParser::unary_expression_at(const Cursor& c) const {
  const Token& first = src_.tokens[c.pieces[c.i].token];
  if (first.word != Word::Minus && first.word != Word::Not) return false;
  for (size_t j = c.i + 1; j < c.limit; ++j) {
    const Token& t = src_.tokens[c.pieces[j].token];
    if (t.level != first.level || t.kind != Tok::Symbol || !is_operator(t.word)) continue;
    const Token* next = token_at(src_, c.pieces, j + 1, c.pieces.size());
    if (next == nullptr || !next->is_closer()) return true;
  }
  return false;
}

bool InfixParser::is_let(const Cursor& c) const {
  if (word_at(src_, c.pieces, c.i, c.limit) != Word::Let) return false;
  const Token* p = token_at(src_, c.pieces, c.i + 1, c.limit);
  if (p == nullptr || p->is_closer() || p->kind == Tok::Annotation) return false;
  if (p->kind == Tok::Symbol && (is_operator(p->word) || is_reserved(p->word))) return false;
  return word_at(src_, c.pieces, skip_primary(c, c.i + 1), c.limit) == Word::Eq;
}

bool InfixParser::define_at(const Cursor& c) const {
  if (word_at(src_, c.pieces, c.i, c.limit) != Word::Define) return false;
  const Token* name = token_at(src_, c.pieces, c.i + 1, c.limit);
  if (name == nullptr || name->kind != Tok::Symbol || name->word != Word::None) return false;
  size_t j = c.i + 2;
  while (j < c.limit) {
    if (c.pieces[j].block >= 0) return true;
    const Token& t = src_.tokens[c.pieces[j].token];
    if (t.kind == Tok::Symbol && t.word == Word::Eq) return true;
    if (t.kind == Tok::Annotation) {
      ++j;
      if (j >= c.limit) return false;
    } else if (t.is_closer() || (t.kind == Tok::Symbol && (is_operator(t.word) || is_reserved(t.word)))) {
      return false;
    }
    j = skip_primary(c, j);
  }
  return false;
}

bool InfixParser::is_define(std::span<const Piece> pieces) {
  SpanEnd end;
  Cursor c(src_, pieces, end);
  return define_at(c);
}

// --- nodes -----------------------------------------------------------------------

Value InfixParser::seal(Node& node) {
  if (!node.pending) return node.value;
  node.value = list_from(node.items);
  map_.record(node.value, file_index_, node.pos, node.positions);
  for (auto& [index, type] : node.annotations) map_.annotate(node.value, index, std::move(type));
  node.pending = false;
  node.items.clear();
  node.positions.clear();
  node.annotations.clear();
  return node.value;
}

Node InfixParser::make_list(SourcePos pos, Shape shape, std::vector<Node>& children) {
  Node out;
  out.pos = pos;
  out.shape = shape;
  out.pending = true;
  for (Node& child : children) {
    out.items.push_back(seal(child));
    out.positions.push_back(child.pos);
  }
  return out;
}

// --- expressions --------------------------------------------------------------------

bool InfixParser::parse_whole(std::span<const Piece> pieces, const SpanEnd& end, Node& out) {
  Cursor c(src_, pieces, end);
  if (!starts_expression(c)) return expected(c, "an expression");
  if (!parse_expr(c, out)) return false;
  if (!c.at_end()) return expected(c, "an operator or the end of the expression");
  return true;
}

bool InfixParser::parse_expr(Cursor& c, Node& out, const char* after) {
  Nest nest(depth_, enter(here(c)));
  if (!nest.ok) return false;
  if (!starts_expression(c)) return expected(c, after != nullptr ? std::string("an expression after ") + after : "an expression");
  if (define_at(c)) return parse_define(c, out);
  return parse_binary(c, 1, out);
}

bool InfixParser::parse_binary(Cursor& c, int min_precedence, Node& out) {
  Node left;
  if (!parse_unary(c, left)) return false;
  for (;;) {
    const Token* t = token_at(src_, c.pieces, c.i, c.limit);
    if (t == nullptr || t->kind != Tok::Symbol) break;
    int precedence = binary_precedence(t->word);
    if (precedence == 0 || precedence < min_precedence) break;
    SourcePos op_pos = t->pos;
    std::string op(src_.token_text(c.pieces[c.i].token));
    Word w = t->word;
    ++c.i;
    if (!starts_expression(c)) return expected(c, "an expression after " + op);
    Node right;
    if (!parse_binary(c, precedence + 1, right)) return false;
    Node combined;
    if (w == Word::Pipe) {
      if (!thread(left, right, combined)) return false;
    } else {
      std::vector<Node> children;
      children.push_back(symbol_at(op, op_pos));
      children.push_back(std::move(left));
      children.push_back(std::move(right));
      combined = make_list(op_pos, Shape::Operator, children);
      combined.what = "an infix expression";
    }
    left = std::move(combined);
  }
  out = std::move(left);
  return true;
}

// `value |> stage`: a call gets the value as its last argument; a function
// (symbol, keyword, fn literal...) is called with it.
bool InfixParser::thread(Node& value, Node& stage, Node& out) {
  if (stage.shape == Shape::Call && stage.pending) {
    stage.items.push_back(seal(value));
    stage.positions.push_back(value.pos);
    out = std::move(stage);
    out.bare = false;
    return true;
  }
  if (stage.shape == Shape::Primary) {
    std::vector<Node> children;
    SourcePos pos = stage.pos;
    children.push_back(std::move(stage));
    children.push_back(std::move(value));
    out = make_list(pos, Shape::Call, children);
    return true;
  }
  return fail(stage.pos, std::string("expected a function or a call after |>, got ") + stage.what);
}

bool InfixParser::parse_unary(Cursor& c, Node& out) {
  Word w = word_at(src_, c.pieces, c.i, c.limit);
  if (w == Word::Minus || w == Word::Not) {
    const Token* next = token_at(src_, c.pieces, c.i + 1, c.pieces.size());
    if (next == nullptr || !next->is_closer()) {
      SourcePos pos = here(c);
      Nest nest(depth_, enter(pos));
      if (!nest.ok) return false;
      std::string op(src_.token_text(c.pieces[c.i].token));
      ++c.i;
      if (!starts_expression(c)) return expected(c, "an expression after " + op);
      Node operand;
      if (!parse_unary(c, operand)) return false;
      std::vector<Node> children;
      children.push_back(symbol_at(op, pos));
      children.push_back(std::move(operand));
      out = make_list(pos, Shape::Operator, children);
      out.what = "an operator expression";
      return true;
    }
  }
  if (w == Word::If && c.then_ahead[c.i]) return parse_if(c, out);
  if (w == Word::Let && is_let(c)) return parse_let(c, out);
  return parse_application(c, out);
}

bool InfixParser::parse_application(Cursor& c, Node& out) {
  Node head;
  if (!parse_primary(c, head, Ctx::Expression)) return false;
  if (!starts_argument(c)) {
    out = std::move(head);
    out.bare = true;
    return true;
  }
  std::vector<Node> children;
  children.push_back(std::move(head));
  std::vector<std::pair<size_t, Value>> annotations;
  while (starts_argument(c)) {
    const Piece& p = c.pieces[c.i];
    if (p.block >= 0) {
      if (blocks_ == nullptr) return fail(here(c), "an indented block needs Profile C");
      ++c.i;
      if (!blocks_->expand_arguments(p.block, children[0].value, children)) return false;
    } else if (src_.tokens[p.token].kind == Tok::Annotation) {
      if (!parse_annotation(c, children, annotations, Ctx::Expression)) return false;
    } else {
      Node arg;
      if (!parse_primary(c, arg, Ctx::Expression)) return false;
      children.push_back(std::move(arg));
    }
  }
  SourcePos pos = children[0].pos;
  out = make_list(pos, Shape::Call, children);
  out.annotations = std::move(annotations);
  return true;
}

bool InfixParser::parse_primary(Cursor& c, Node& out, Ctx ctx) {
  if (!starts_primary(c, ctx)) return expected(c, ctx == Ctx::Element ? "a form" : "an expression");
  const Piece& p = c.pieces[c.i];
  if (p.block >= 0) {
    ++c.i;
    return block_expression(p.block, out);
  }
  const Token& t = src_.tokens[p.token];
  switch (t.kind) {
    case Tok::Atom: ++c.i; return read_atom(p.token, out);
    case Tok::Symbol: ++c.i; return symbol_node(p.token, out);
    case Tok::Open: return parse_group(c, out);
    case Tok::OpenVector: case Tok::OpenBrace: case Tok::OpenSet: return parse_collection(c, out);
    case Tok::OpenFn: return parse_fn_literal(c, out);
    default: return parse_prefixed(c, out);
  }
}

bool InfixParser::parse_group(Cursor& c, Node& out) {
  SourcePos pos = here(c);
  Nest nest(depth_, enter(pos));
  if (!nest.ok) return false;
  size_t close = close_of(src_, c.pieces, c.i);
  size_t saved = c.limit;
  c.limit = close;
  ++c.i;
  if (!parse_group_content(c, pos, out)) return false;
  c.limit = saved;
  c.i = close + 1;
  return true;
}

// The inside of ( ) or #( ): empty, a lone operator, a prefix call, or an
// expression.
bool InfixParser::parse_group_content(Cursor& c, SourcePos open, Node& out) {
  if (c.at_end()) {
    out = Node{};
    out.value = empty_list();
    out.pos = open;
    return true;
  }
  const Token* t = token_at(src_, c.pieces, c.i, c.limit);
  if (t != nullptr && t->kind == Tok::Symbol && is_operator(t->word) && !unary_expression_at(c)) {
    if (c.i + 1 == c.limit) {  // (+): the operator itself
      ++c.i;
      return symbol_node(c.pieces[c.i - 1].token, out);
    }
    std::vector<Node> children;
    std::vector<std::pair<size_t, Value>> annotations;
    Node op;
    symbol_node(c.pieces[c.i].token, op);
    ++c.i;
    children.push_back(std::move(op));
    while (!c.at_end()) {
      const Token* k = token_at(src_, c.pieces, c.i, c.limit);
      if (k != nullptr && k->kind == Tok::Annotation) {
        if (!parse_annotation(c, children, annotations, Ctx::Element)) return false;
        continue;
      }
      Node element;
      if (!parse_primary(c, element, Ctx::Element)) return false;
      children.push_back(std::move(element));
    }
    out = make_list(open, Shape::Call, children);
    out.annotations = std::move(annotations);
    return true;
  }
  Node inner;
  if (!parse_expr(c, inner)) return false;
  if (!c.at_end()) return expected(c, "an operator or )");
  if (inner.bare) {  // (f) calls f, as in Profile A
    std::vector<Node> children;
    children.push_back(std::move(inner));
    out = make_list(open, Shape::Call, children);
  } else {
    out = std::move(inner);
    if (out.shape == Shape::Call) out.pos = open;
  }
  out.bare = false;
  return true;
}

// if c then a [else b] => (if c a b)
bool InfixParser::parse_if(Cursor& c, Node& out) {
  SourcePos pos = here(c);
  ++c.i;
  Node test, yes, no;
  if (!parse_expr(c, test, "if")) return false;
  if (word_at(src_, c.pieces, c.i, c.limit) != Word::Then) return expected(c, "then after the condition of if");
  ++c.i;
  if (!parse_expr(c, yes, "then")) return false;
  std::vector<Node> children;
  children.push_back(symbol_at("if", pos));
  children.push_back(std::move(test));
  children.push_back(std::move(yes));
  if (word_at(src_, c.pieces, c.i, c.limit) == Word::Else) {
    ++c.i;
    if (!parse_expr(c, no, "else")) return false;
    children.push_back(std::move(no));
  }
  out = make_list(pos, Shape::Special, children);
  out.what = "an if expression";
  return true;
}

// let p = e in body => (let [p e] body)
bool InfixParser::parse_let(Cursor& c, Node& out) {
  SourcePos pos = here(c);
  ++c.i;
  Node pattern, value, body;
  if (!parse_primary(c, pattern, Ctx::Element)) return false;
  ++c.i;  // the `=` is_let() saw
  if (!parse_expr(c, value, "=")) return false;
  if (word_at(src_, c.pieces, c.i, c.limit) != Word::In) return expected(c, "in after the value of let");
  ++c.i;
  if (!parse_expr(c, body, "in")) return false;
  Node bindings;
  bindings.pos = pattern.pos;
  Value items[] = {seal(pattern), seal(value)};
  SourcePos positions[] = {pattern.pos, value.pos};
  bindings.value = vector_from(items);
  map_.record(bindings.value, file_index_, bindings.pos, positions);
  std::vector<Node> children;
  children.push_back(symbol_at("let", pos));
  children.push_back(std::move(bindings));
  children.push_back(std::move(body));
  out = make_list(pos, Shape::Special, children);
  out.what = "a let expression";
  return true;
}

// define f x y = e => (defn f [x y] e); define v = e => (def v e);
// define f x <block> (Profile C) => (defn f [x] statements...).
bool InfixParser::parse_define(Cursor& c, Node& out) {
  SourcePos pos = here(c);
  ++c.i;
  Node name;
  symbol_node(c.pieces[c.i].token, name);
  ++c.i;
  std::vector<Node> params;
  std::vector<std::pair<size_t, Value>> annotations;
  for (;;) {
    if (c.at_end()) return expected(c, "= or an indented body after the parameters of define");
    if (c.pieces[c.i].block >= 0 || word_at(src_, c.pieces, c.i, c.limit) == Word::Eq) break;
    if (src_.tokens[c.pieces[c.i].token].kind == Tok::Annotation) {
      if (!parse_annotation(c, params, annotations, Ctx::Element)) return false;
      continue;
    }
    Node param;
    if (!parse_primary(c, param, Ctx::Element)) return false;
    params.push_back(std::move(param));
  }
  bool has_equals = c.pieces[c.i].block < 0;
  std::vector<Node> body;
  if (has_equals) {
    ++c.i;
    Node e;
    if (!parse_expr(c, e, "=")) return false;
    body.push_back(std::move(e));
  } else {
    int block = c.pieces[c.i].block;
    ++c.i;
    if (!blocks_->expand_body(block, body)) return false;
  }
  std::vector<Node> children;
  if (params.empty() && has_equals) {
    children.push_back(symbol_at("def", pos));
    children.push_back(std::move(name));
  } else {
    Node param_vector;
    param_vector.pos = params.empty() ? pos : params[0].pos;
    std::vector<Value> items;
    std::vector<SourcePos> positions;
    for (Node& p : params) {
      items.push_back(seal(p));
      positions.push_back(p.pos);
    }
    param_vector.value = vector_from(items);
    map_.record(param_vector.value, file_index_, param_vector.pos, positions);
    for (auto& [index, type] : annotations) map_.annotate(param_vector.value, index, std::move(type));
    children.push_back(symbol_at("defn", pos));
    children.push_back(std::move(name));
    children.push_back(std::move(param_vector));
  }
  for (Node& b : body) children.push_back(std::move(b));
  out = make_list(pos, Shape::Special, children);
  out.what = "a define";
  return true;
}

bool InfixParser::block_expression(int block, Node& out) {
  if (blocks_ == nullptr) return fail(SourcePos{}, "an indented block needs Profile C");
  std::vector<Node> statements;
  if (!blocks_->expand_body(block, statements)) return false;
  if (statements.size() == 1) {
    out = std::move(statements[0]);
    return true;
  }
  SourcePos pos = statements[0].pos;
  statements.insert(statements.begin(), symbol_at("do", pos));
  out = make_list(pos, Shape::Special, statements);
  out.what = "a block";
  return true;
}

}  // namespace batuta::surface
