// profile_b_primary.cpp: the primaries of Profile B (profile_b.h):
// literals (read by the Profile A reader, so they mean the same in every
// profile), symbols and #() parameters, vectors, maps, tuples and sets,
// quote-like prefixes, and `::` annotations.
#include <atomic>
#include <string>

#include "core/hash_set.h"
#include "core/list.h"
#include "core/map.h"
#include "core/name.h"
#include "core/printer.h"
#include "core/tuple.h"
#include "core/vector.h"
#include "read/profile_b.h"
#include "read/profile_b_cursor.h"
#include "read/reader.h"

namespace batuta::surface {

namespace {

// Numbers the parameters of #() literals read here (`%1__b7`), as the
// Profile A reader numbers its own.
std::atomic<uint64_t> g_fn_literal_counter{0};

bool is_capability(const Value& v) {
  if (!v.is_symbol()) return false;
  std::string_view t = name_text(v);
  return t == "iso" || t == "trn" || t == "ref" || t == "val" || t == "box" || t == "tag";
}

const char* prefix_symbol(Tok k) {
  switch (k) {
    case Tok::Quote: return "quote";
    case Tok::SyntaxQuote: return "syntax-quote";
    case Tok::Unquote: return "unquote";
    case Tok::UnquoteSplicing: return "unquote-splicing";
    default: return "deref";
  }
}

}  // namespace

bool InfixParser::read_atom(uint32_t token, Node& out) {
  const Token& t = src_.tokens[token];
  std::string_view text = src_.token_text(token);
  if (text == "#lang") return fail(t.pos, "#lang must be the first line of the file");
  // The Profile A reader reads the literal, so literals mean the same in
  // every profile; its positions are relative to the token.
  SourceMap scratch;
  Reader reader(text, file_, scratch, ns_);
  Value v;
  Result<bool> r = reader.read(v);
  if (!r.ok() || !r.value()) {
    const ReadError* e = reader.last_error();
    if (e == nullptr) return fail(t.pos, "expected a form, got " + shown_token(text));
    SourcePos p = e->pos.line <= 1 ? right_of(t.pos, e->pos.column - 1)
                                   : SourcePos{t.pos.line + e->pos.line - 1, e->pos.column};
    return fail(p, e->what);
  }
  if (is_cons(v)) {  // #"re" is (re-pattern "re")
    SourcePos elements[] = {t.pos, right_of(t.pos, 1)};
    map_.record(v, file_index_, t.pos, elements);
    map_.record(list_first(list_rest(v)), file_index_, elements[1]);
  } else {
    map_.record(v, file_index_, t.pos);
  }
  out = Node{};
  out.value = std::move(v);
  out.pos = t.pos;
  return true;
}

bool InfixParser::symbol_node(uint32_t token, Node& out) {
  const Token& t = src_.tokens[token];
  std::string_view text = src_.token_text(token);
  out = Node{};
  out.pos = t.pos;
  if (text == "nil") {
    out.value = Value::nil();
  } else if (text == "true" || text == "false") {
    out.value = Value::boolean(text == "true");
  } else if (in_fn_literal_ && text[0] == '%') {
    // % and %1 are the first parameter, %N the Nth (up to 20), %& the rest.
    std::string which = text == "%" ? "1" : std::string(text.substr(1));
    bool digits = !which.empty() && which.size() <= 3;
    for (char d : which) digits = digits && d >= '0' && d <= '9';
    if (which == "&") {
      fn_has_rest_ = true;
    } else if (digits) {
      int n = std::stoi(which);
      if (n < 1 || n > 20) return fail(t.pos, "invalid fn literal parameter " + shown_token(text) + " (expected %, %1 to %20 or %&)");
      if (n > fn_max_param_) fn_max_param_ = n;
      which = std::to_string(n);
    } else {
      out.value = symbol(text);  // %foo is an ordinary symbol
      return true;
    }
    out.value = symbol("%" + which + "__b" + std::to_string(fn_id_));
  } else {
    out.value = symbol(text);
  }
  return true;
}

// `:: type` after an element: a capability followed by another form makes
// the type `(cap T)` (as in Profile A).
bool InfixParser::parse_annotation(Cursor& c, std::vector<Node>& items, std::vector<std::pair<size_t, Value>>& out, Ctx ctx) {
  SourcePos pos = here(c);
  if (items.empty()) return fail(pos, ":: needs a form before it to annotate");
  ++c.i;
  if (!starts_primary(c, Ctx::Element)) return expected(c, "a type after ::");
  Node type;
  if (!parse_primary(c, type, Ctx::Element)) return false;
  Value t = seal(type);
  const Token* next = token_at(src_, c.pieces, c.i, c.limit);
  bool next_is_type = next != nullptr && next->kind != Tok::Annotation &&
                      !(next->kind == Tok::Symbol && next->word == Word::Eq) && starts_primary(c, ctx);
  if (is_capability(t) && next_is_type) {
    Node inner;
    if (!parse_primary(c, inner, Ctx::Element)) return false;
    std::vector<Node> children;
    children.push_back(std::move(type));
    children.push_back(std::move(inner));
    Node pair = make_list(children[0].pos, Shape::Primary, children);
    t = seal(pair);
  }
  out.emplace_back(items.size() - 1, std::move(t));
  return true;
}

bool InfixParser::parse_collection(Cursor& c, Node& out) {
  SourcePos pos = here(c);
  Nest nest(depth_, enter(pos));
  if (!nest.ok) return false;
  Tok kind = src_.tokens[c.pieces[c.i].token].kind;
  size_t close = close_of(src_, c.pieces, c.i);
  size_t saved = c.limit;
  c.limit = close;
  ++c.i;
  std::vector<Node> children;
  std::vector<std::pair<size_t, Value>> annotations;
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
  c.limit = saved;
  c.i = close + 1;
  std::vector<Value> items;
  std::vector<SourcePos> positions;
  for (Node& child : children) {
    items.push_back(seal(child));
    positions.push_back(child.pos);
  }
  Value form;
  if (kind == Tok::OpenVector) {
    form = vector_from(items);
  } else if (kind == Tok::OpenSet) {
    form = set_from(items);
    if (set_count(form) != items.size()) {
      Value seen = empty_set();
      for (size_t k = 0; k < items.size(); ++k) {
        if (set_contains(seen, items[k])) {
          return fail(positions[k], "duplicate element " + pr_str_abbreviated(items[k]) + " in set literal");
        }
        seen = set_conj(std::move(seen), items[k]);
      }
    }
  } else if (items.size() % 2 == 1) {  // {...} with an odd number of forms is a tuple
    form = batuta::make_tuple(items);
  } else {
    form = map_from(items);
    if (map_count(form) * 2 != items.size()) {
      Value seen = empty_map();
      for (size_t k = 0; k < items.size(); k += 2) {
        if (map_contains(seen, items[k])) {
          return fail(positions[k], "duplicate key " + pr_str_abbreviated(items[k]) + " in map literal");
        }
        seen = map_assoc(std::move(seen), items[k], Value());
      }
    }
  }
  map_.record(form, file_index_, pos, positions);
  for (auto& [index, type] : annotations) map_.annotate(form, index, std::move(type));
  out = Node{};
  out.value = std::move(form);
  out.pos = pos;
  return true;
}

// #( body ) is (fn [%1 ... & %&] body); the body is read as a group.
bool InfixParser::parse_fn_literal(Cursor& c, Node& out) {
  SourcePos pos = here(c);
  if (in_fn_literal_) return fail(pos, "nested #() is not allowed: use (fn [...] ...) for the inner function");
  Nest nest(depth_, enter(pos));
  if (!nest.ok) return false;
  SourcePos body_pos = right_of(pos, 1);
  in_fn_literal_ = true;
  fn_max_param_ = 0;
  fn_has_rest_ = false;
  fn_id_ = g_fn_literal_counter.fetch_add(1, std::memory_order_relaxed) + 1;
  size_t close = close_of(src_, c.pieces, c.i);
  size_t saved = c.limit;
  c.limit = close;
  ++c.i;
  Node body;
  bool ok = parse_group_content(c, body_pos, body);
  in_fn_literal_ = false;
  if (!ok) return false;
  c.limit = saved;
  c.i = close + 1;
  std::vector<Value> params;
  for (int k = 1; k <= fn_max_param_; ++k) params.push_back(symbol("%" + std::to_string(k) + "__b" + std::to_string(fn_id_)));
  if (fn_has_rest_) {
    params.push_back(symbol("&"));
    params.push_back(symbol("%&__b" + std::to_string(fn_id_)));
  }
  Node param_vector;
  param_vector.value = vector_from(params);
  param_vector.pos = pos;
  std::vector<SourcePos> param_positions(params.size(), pos);
  map_.record(param_vector.value, file_index_, pos, param_positions);
  std::vector<Node> children;
  children.push_back(symbol_at("fn", pos));
  children.push_back(std::move(param_vector));
  children.push_back(std::move(body));
  out = make_list(pos, Shape::Primary, children);
  return true;
}

// 'x `x ~x ~@x @x: (quote x) and so on.
bool InfixParser::parse_prefixed(Cursor& c, Node& out) {
  SourcePos pos = here(c);
  Nest nest(depth_, enter(pos));
  if (!nest.ok) return false;
  const Token& t = src_.tokens[c.pieces[c.i].token];
  std::string prefix(src_.token_text(c.pieces[c.i].token));
  const char* name = prefix_symbol(t.kind);
  ++c.i;
  if (!starts_primary(c, Ctx::Element)) return expected(c, "a form after " + prefix);
  Node inner;
  if (!parse_primary(c, inner, Ctx::Element)) return false;
  std::vector<Node> children;
  children.push_back(symbol_at(name, pos));
  children.push_back(std::move(inner));
  out = make_list(pos, Shape::Primary, children);
  return true;
}

}  // namespace batuta::surface
