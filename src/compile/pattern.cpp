// pattern.cpp: the pattern compiler (pattern.h).
//
// Each pattern is compiled twice over the same access expressions: once
// into a test (a boolean expression, `false` at the first check that does
// not fit) and once into let* bindings. The tests take the value apart
// only as far as they need; the bindings are made only in the clause that
// matched. Every check is total (a map test on a number is false, never an
// error), so the order of the checks inside one pattern is free: shape
// first, then the cheapest element checks.
#include "compile/pattern.h"

#include <algorithm>
#include <string>
#include <unordered_set>

#include "core/list.h"
#include "core/map.h"
#include "core/name.h"
#include "core/number.h"
#include "core/string.h"
#include "core/tuple.h"
#include "core/vector.h"

namespace batuta {

using namespace macros;

namespace {

enum class Shape { Wildcard, Bind, Literal, Seq, Map, Tuple };

// The words of clause syntax (`->`, `when`) and the wildcard `_`, also
// when a syntax-quote qualified them (`batuta.core/->`, `user/_`): a macro
// writing match clauses with ` gets them that way.
bool is_word(const Value& v, std::string_view word) {
  return v.is_symbol() && v.as_name()->name() == word;
}

bool is_quote_form(const Value& p) { return is_cons(p) && is_symbol_named(list_first(p), "quote") && list_count(p) == 2; }

bool is_literal(const Value& p) {
  return p.is_nil() || p.is_bool() || p.is_char() || p.is_keyword() || is_number(p) || is_string(p) ||
         is_quote_form(p) || is_empty_list(p);
}

Result<Shape> shape_of(const Value& p, const Value& where, ExpandContext& cx) {
  if (p.is_symbol()) {
    if (is_word(p, "_")) return Shape::Wildcard;
    if (is_symbol_named(p, "&")) return cx.error_at(where, "& may appear only inside a vector pattern: [a & rest]");
    if (p.as_name()->has_namespace())
      return cx.error_at(where, "a pattern can't bind the qualified symbol " + show(p) +
                                    "; to compare with a value, bind a plain symbol and use a guard");
    return Shape::Bind;
  }
  if (is_literal(p)) return Shape::Literal;
  if (is_vector(p)) return Shape::Seq;
  if (is_map(p)) return Shape::Map;
  if (is_tuple(p)) return Shape::Tuple;
  if (is_cons(p))
    return cx.error_at(where, "unsupported pattern " + show(p) +
                                  ": a list is not a pattern (write [a b] for a sequence, '(a b) for a literal list)");
  return cx.error_at(where, "unsupported pattern " + show(p));
}

// A literal's value as an expression: quoted forms and () stay as they
// are (they evaluate to the literal), everything else evaluates to itself.
Value literal_expr(const Value& p) { return p; }

// [p1 p2 & rest]: the fixed patterns and the rest pattern (nil when none).
struct SeqParts {
  Forms fixed;
  Value rest;
  bool has_rest = false;
};

Result<SeqParts> seq_parts(const Value& pattern, const Value& where, ExpandContext& cx) {
  SeqParts parts;
  Forms items = elements(pattern);
  for (size_t i = 0; i < items.size(); ++i) {
    if (is_symbol_named(items[i], "&")) {
      if (i + 2 != items.size())
        return cx.error_at(where, "& must be followed by exactly one pattern, at the end of " + show(pattern));
      parts.rest = items[i + 1];
      parts.has_rest = true;
      break;
    }
    parts.fixed.push_back(items[i]);
  }
  return parts;
}

// The keys of a map pattern must be literals: they are looked up, not bound.
Result<bool> check_map_key(const Value& key, const Value& pattern, const Value& where, ExpandContext& cx) {
  if (is_literal(key)) return true;
  return cx.error_at(where, "map pattern keys must be literals (:k, \"k\", 1, 'sym), got " + show(key) + " in " +
                                show(pattern) + "; the value goes after the key: {:k " + show(key) + "}");
}

// Walks a pattern: checks every part and collects the bound symbols.
Result<bool> check_into(const Value& p, const Value& where, ExpandContext& cx, std::unordered_set<const void*>& seen) {
  BATUTA_MACRO_TRY(Shape, shape, shape_of(p, where, cx));
  switch (shape) {
    case Shape::Wildcard:
    case Shape::Literal:
      return true;
    case Shape::Bind:
      if (!seen.insert(p.as_name()).second)
        return cx.error_at(where, "the symbol " + show(p) +
                                      " is bound twice in one pattern; to require equal values, bind two names and "
                                      "compare them in a guard");
      return true;
    case Shape::Seq: {
      BATUTA_MACRO_TRY(SeqParts, parts, seq_parts(p, where, cx));
      for (const Value& item : parts.fixed) {
        BATUTA_MACRO_TRY(bool, ok, check_into(item, where, cx, seen));
        (void)ok;
      }
      if (parts.has_rest) return check_into(parts.rest, where, cx, seen);
      return true;
    }
    case Shape::Map: {
      MapCursor entries(p);
      const Value* key;
      const Value* val;
      while (entries.next(key, val)) {
        BATUTA_MACRO_TRY(bool, ok, check_map_key(*key, p, where, cx));
        BATUTA_MACRO_TRY(bool, ok2, check_into(*val, where, cx, seen));
        (void)ok;
        (void)ok2;
      }
      return true;
    }
    case Shape::Tuple:
      for (const Value& item : elements(p)) {
        BATUTA_MACRO_TRY(bool, ok, check_into(item, where, cx, seen));
        (void)ok;
      }
      return true;
  }
  return true;
}

// (if t1 (if t2 t3 false) false): true when every test is; nil for none.
Value all_of(const Forms& tests) {
  if (tests.empty()) return Value();
  Value acc = tests.back();
  for (size_t i = tests.size() - 1; i-- > 0;) acc = make_list({sym("if"), tests[i], acc, Value::boolean(false)});
  return acc;
}

Value nth_of(const Value& coll, size_t i) {
  return make_list({core_sym("nth"), coll, Value::fixnum(static_cast<int64_t>(i))});
}

// Element i of a value already known to be a tuple (one instruction, ElemK).
Value elem_of(const Value& tuple, size_t i) {
  return make_list({core_sym("match-elem"), tuple, Value::fixnum(static_cast<int64_t>(i))});
}

// Whether testing p needs its value more than once (so the access is bound
// to a name first) or not at all.
bool needs_name(const Value& p) { return is_vector(p) || is_map(p) || is_tuple(p); }

// Whether `test` holds for one of the symbols in p's binding positions
// (inside vectors, tuples and map values; `_` and `&` included, for the
// test to decide).
template <class Test>
bool some_pattern_symbol(const Value& p, const Test& test) {
  if (p.is_symbol()) return test(p);
  if (is_vector(p) || is_tuple(p)) {
    for (const Value& item : elements(p))
      if (some_pattern_symbol(item, test)) return true;
    return false;
  }
  if (is_map(p)) {
    MapCursor entries(p);
    const Value* key;
    const Value* val;
    while (entries.next(key, val))
      if (some_pattern_symbol(*val, test)) return true;
  }
  return false;
}

bool binds_anything(const Value& p) {
  return some_pattern_symbol(p, [](const Value& s) { return !is_word(s, "_") && !is_symbol_named(s, "&"); });
}

// What a clause of a decision-tree branch already knows about the subject
// (build_match): its kind has been tested (so a tuple pattern need not
// test the size again), and element 0 of a tuple may already be in a
// local, read once for all the clauses of the branch. Only the top level
// of a pattern has one; nested parts are tested from scratch.
struct Known {
  bool kind_tested = false;
  Value elem0;  // a symbol bound to (match-elem subject 0), or nil
};

Value elem_access(const Value& tuple, size_t i, const Known& known) {
  return i == 0 && !known.elem0.is_nil() ? known.elem0 : elem_of(tuple, i);
}

// The test that `access` (an expression, evaluated at most once here) fits
// p; nil when p fits anything. p has been checked.
Value test_of(const Value& p, const Value& access, ExpandContext& cx, const Known& known = {});

// Tests of a composite pattern's parts against the named value g.
Forms composite_tests(const Value& p, const Value& g, ExpandContext& cx, const Known& known) {
  Forms tests;
  auto add_part = [&](const Value& part, Value part_access) {
    Value t = test_of(part, part_access, cx);
    if (!t.is_nil()) tests.push_back(std::move(t));
  };
  if (is_tuple(p)) {
    Forms items = elements(p);
    if (!known.kind_tested)
      tests.push_back(make_list({core_sym("match-tuple?"), g, Value::fixnum(static_cast<int64_t>(items.size()))}));
    for (size_t i = 0; i < items.size(); ++i) add_part(items[i], elem_access(g, i, known));
  } else if (is_vector(p)) {
    Forms items = elements(p);
    SeqParts parts;
    for (size_t i = 0; i < items.size(); ++i) {
      if (is_symbol_named(items[i], "&")) {
        parts.rest = items[i + 1];
        parts.has_rest = true;
        break;
      }
      parts.fixed.push_back(items[i]);
    }
    auto n = Value::fixnum(static_cast<int64_t>(parts.fixed.size()));
    tests.push_back(make_list({core_sym(parts.has_rest ? "match-seq-min?" : "match-seq?"), g, n}));
    for (size_t i = 0; i < parts.fixed.size(); ++i) add_part(parts.fixed[i], nth_of(g, i));
    if (parts.has_rest) add_part(parts.rest, make_list({core_sym("nthrest"), g, n}));
  } else {
    if (map_count(p) == 0) tests.push_back(make_list({core_sym("map?"), g}));
    MapCursor entries(p);
    const Value* key;
    const Value* val;
    while (entries.next(key, val)) {
      tests.push_back(make_list({core_sym("match-key?"), g, literal_expr(*key)}));
      add_part(*val, make_list({core_sym("get"), g, literal_expr(*key)}));
    }
  }
  return tests;
}

Value test_of(const Value& p, const Value& access, ExpandContext& cx, const Known& known) {
  if (p.is_symbol()) return Value();  // _ or a binding
  if (is_literal(p)) return make_list({core_sym("="), access, literal_expr(p)});
  if (access.is_symbol()) return all_of(composite_tests(p, access, cx, known));
  Value g = cx.gensym("p");
  Value inner = all_of(composite_tests(p, g, cx, known));
  return make_list({sym("let*"), make_vector(Forms{g, access}), inner});
}

void bindings_into(const Value& p, const Value& access, ExpandContext& cx, Forms& out, const Known& known = {}) {
  if (p.is_symbol()) {
    if (!is_word(p, "_")) {
      out.push_back(p);
      out.push_back(access);
    }
    return;
  }
  if (!needs_name(p) || !binds_anything(p)) return;
  Value g = access;
  if (!access.is_symbol()) {
    g = cx.gensym("p");
    out.push_back(g);
    out.push_back(access);
  }
  if (is_tuple(p)) {
    Forms items = elements(p);
    for (size_t i = 0; i < items.size(); ++i) bindings_into(items[i], elem_access(g, i, known), cx, out);
  } else if (is_vector(p)) {
    Forms items = elements(p);
    size_t fixed = 0;
    for (size_t i = 0; i < items.size(); ++i) {
      if (is_symbol_named(items[i], "&")) {
        auto n = Value::fixnum(static_cast<int64_t>(fixed));
        bindings_into(items[i + 1], make_list({core_sym("nthrest"), g, n}), cx, out);
        break;
      }
      bindings_into(items[i], nth_of(g, fixed), cx, out);
      ++fixed;
    }
  } else {
    MapCursor entries(p);
    const Value* key;
    const Value* val;
    while (entries.next(key, val)) bindings_into(*val, make_list({core_sym("get"), g, literal_expr(*key)}), cx, out);
  }
}

Value let_form(const Forms& bindings, Value body) {
  if (bindings.empty()) return body;
  return make_list({sym("let*"), make_vector(bindings), std::move(body)});
}

// A clause's test (its guard included; nil when it always matches) and
// its body under its bindings, given what is known of the subject.
Value guarded_test(const MatchClause& c, const Value& subject, ExpandContext& cx, const Known& known) {
  Value test = test_of(c.pattern, subject, cx, known);
  if (!c.has_guard) return test;
  Forms bindings;
  bindings_into(c.pattern, subject, cx, bindings, known);
  Value guarded = let_form(bindings, c.guard);
  if (test.is_nil()) return guarded;
  return make_list({sym("if"), test, guarded, Value::boolean(false)});
}

// Tries clause c, then `otherwise` when it does not match.
Value clause_then(const MatchClause& c, const Value& subject, Value otherwise, ExpandContext& cx,
                  const Known& known = {}) {
  Value test = guarded_test(c, subject, cx, known);
  Forms bindings;
  bindings_into(c.pattern, subject, cx, bindings, known);
  Value body = let_form(bindings, c.body);
  if (test.is_nil()) return body;  // always matches: what follows is unreachable
  return make_list({sym("if"), std::move(test), std::move(body), std::move(otherwise)});
}

// --- the decision tree ------------------------------------------------------------
//
// The kind of value a pattern can match, when it is one kind only: a
// tuple of n elements or a (non-empty) map pattern. A value is never of
// two kinds, so clauses of different kinds never match the same value, and
// within a run of such clauses only the order of the clauses of one kind
// matters. The run is tried kind by kind: one test of the subject's kind,
// then only the clauses of that kind, without testing the kind again.
// Other patterns (literals, sequences, bindings, `{}`, which also matches
// sorted maps) end a run and are tried in order.
struct ClauseKind {
  enum Tag { None, Tuple, Map } tag = None;
  size_t arity = 0;
  bool operator==(const ClauseKind&) const = default;
};

ClauseKind clause_kind(const Value& p) {
  if (is_tuple(p)) return {ClauseKind::Tuple, elements(p).size()};
  if (is_map(p) && map_count(p) > 0) return {ClauseKind::Map, 0};
  return {};
}

Value kind_test(const ClauseKind& k, const Value& subject) {
  if (k.tag == ClauseKind::Tuple)
    return make_list({core_sym("match-tuple?"), subject, Value::fixnum(static_cast<int64_t>(k.arity))});
  return make_list({core_sym("%match-map?"), subject});
}

// The code after a run is copied into each kind's branch (where none of
// its clauses matched) and after the kind tests: done only when it is
// small (the no-match panic, a final `_ -> x`), so code never grows more
// than linearly. Larger code after a run keeps the run in plain order.
constexpr size_t kMaxCopiedForms = 24;

size_t form_size(const Value& f, size_t limit) {
  if (is_cons(f) || is_vector(f)) {
    size_t n = 1;
    for (const Value& x : elements(f)) {
      n += form_size(x, limit - std::min(n, limit));
      if (n > limit) break;
    }
    return n;
  }
  return 1;
}

// Whether a tuple pattern tests element 0 against a literal (a tag such as
// :compute): a branch with several of them reads element 0 once.
bool tests_tag(const Value& p) {
  if (!is_tuple(p)) return false;
  Forms items = elements(p);
  return !items.empty() && is_literal(items[0]);
}

// One kind's branch: its clauses in order, then `rest`.
Value kind_branch(const ClauseKind& kind, std::span<const MatchClause* const> members, const Value& subject,
                  const Value& rest, ExpandContext& cx) {
  Known known;
  known.kind_tested = true;
  size_t tagged = 0;
  for (const MatchClause* c : members) tagged += tests_tag(c->pattern) ? 1 : 0;
  if (kind.tag == ClauseKind::Tuple && kind.arity > 0 && tagged >= 2) known.elem0 = cx.gensym("tag");
  Value acc = rest;
  for (size_t i = members.size(); i-- > 0;) acc = clause_then(*members[i], subject, std::move(acc), cx, known);
  if (known.elem0.is_nil()) return acc;
  return make_list({sym("let*"), make_vector(Forms{known.elem0, elem_of(subject, 0)}), acc});
}

// The run of kinded clauses [begin, end), then `rest`.
Value run_then(std::span<const MatchClause> run, const Value& subject, Value rest, ExpandContext& cx) {
  std::vector<ClauseKind> kinds;
  std::vector<std::vector<const MatchClause*>> members;
  for (const MatchClause& c : run) {
    ClauseKind k = clause_kind(c.pattern);
    size_t i = 0;
    while (i < kinds.size() && !(kinds[i] == k)) ++i;
    if (i == kinds.size()) {
      kinds.push_back(k);
      members.emplace_back();
    }
    members[i].push_back(&c);
  }
  bool worth_it = run.size() >= 2 && form_size(rest, kMaxCopiedForms + 1) <= kMaxCopiedForms;
  if (!worth_it) {
    for (size_t i = run.size(); i-- > 0;) rest = clause_then(run[i], subject, std::move(rest), cx);
    return rest;
  }
  Value acc = rest;
  for (size_t i = kinds.size(); i-- > 0;)
    acc = make_list({sym("if"), kind_test(kinds[i], subject), kind_branch(kinds[i], members[i], subject, rest, cx),
                     std::move(acc)});
  return acc;
}

}  // namespace

bool pattern_binds(const Value& p, const Value& name) {
  return some_pattern_symbol(p, [&](const Value& s) { return s.identical(name); });
}

std::string position_text(const Value& form, ExpandContext& cx) {
  // error_at is the one place that knows how positions are spelled
  // ("file:line:column: message"); take its prefix.
  std::string text = cx.error_at(form, "").message;
  if (text.size() >= 2 && text.compare(text.size() - 2, 2, ": ") == 0) text.resize(text.size() - 2);
  return text;
}

Result<std::vector<MatchClause>> parse_match_clauses(std::span<const Value> forms, std::string_view what,
                                                     const Value& where, ExpandContext& cx) {
  std::vector<MatchClause> clauses;
  std::string name(what);
  size_t i = 0;
  while (i < forms.size()) {
    MatchClause c;
    c.pattern = forms[i];
    size_t at = i + 1;
    if (at < forms.size() && is_word(forms[at], "when")) {
      if (at + 1 >= forms.size() || is_word(forms[at + 1], "->"))
        return cx.error_at(where, name + ": `when` after the pattern " + show(c.pattern) + " needs a guard expression");
      c.guard = forms[at + 1];
      c.has_guard = true;
      at += 2;
    }
    if (at >= forms.size() || !is_word(forms[at], "->"))
      return cx.error_at(where, name + ": expected clauses of the form `pattern -> expr` or `pattern when guard -> "
                                       "expr`; after the pattern " + show(c.pattern) +
                                       (at < forms.size() ? " came " + show(forms[at]) : " the form ended"));
    if (at + 1 >= forms.size() || is_word(forms[at + 1], "->"))
      return cx.error_at(where, name + ": the clause for " + show(c.pattern) + " has no expression after ->");
    c.body = forms[at + 1];
    BATUTA_MACRO_TRY(bool, ok, check_pattern(c.pattern, where, cx));
    (void)ok;
    clauses.push_back(std::move(c));
    i = at + 2;
  }
  return clauses;
}

Result<bool> check_pattern(const Value& pattern, const Value& where, ExpandContext& cx) {
  std::unordered_set<const void*> seen;
  return check_into(pattern, where, cx, seen);
}

Result<Value> clause_test(const MatchClause& clause, const Value& subject, const Value& where, ExpandContext& cx) {
  BATUTA_MACRO_TRY(bool, ok, check_pattern(clause.pattern, where, cx));
  (void)ok;
  return guarded_test(clause, subject, cx, {});
}

Result<Forms> pattern_bindings(const Value& pattern, const Value& subject, ExpandContext& cx) {
  Forms out;
  bindings_into(pattern, subject, cx, out);
  return out;
}

Result<Value> build_match(const Value& subject, std::span<const MatchClause> clauses, const Value& no_match,
                          const Value& where, ExpandContext& cx) {
  if (!is_bindable_symbol(subject))
    return cx.error_at(where, "internal error: build_match needs the subject bound to a symbol, got " + show(subject));
  for (const MatchClause& c : clauses) {
    BATUTA_MACRO_TRY(bool, ok, check_pattern(c.pattern, where, cx));
    (void)ok;
  }
  // From the last clause back: each clause's failure continues with the
  // code built so far. A run of clauses of single kinds (clause_kind) becomes
  // a decision on the subject's kind (run_then); other clauses are tried
  // one after another.
  Value acc = no_match;
  size_t end = clauses.size();
  while (end > 0) {
    if (clause_kind(clauses[end - 1].pattern).tag == ClauseKind::None) {
      acc = clause_then(clauses[end - 1], subject, std::move(acc), cx);
      --end;
      continue;
    }
    size_t begin = end - 1;
    while (begin > 0 && clause_kind(clauses[begin - 1].pattern).tag != ClauseKind::None) --begin;
    acc = run_then(clauses.subspan(begin, end - begin), subject, std::move(acc), cx);
    end = begin;
  }
  return acc;
}

}  // namespace batuta
