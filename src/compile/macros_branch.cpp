// macros_branch.cpp: cond (Clojure pairs and LANGUAGE.md's arrow clauses),
// condp and case. Each becomes a chain of `if`s, built from the last clause
// backwards so a long chain costs no C++ recursion here.
#include <string>

#include "compile/core_macros.h"
#include "compile/macros_util.h"
#include "core/equality.h"
#include "core/hash_set.h"
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

// (if test then else), leaving out an else that is nil.
Value make_if(Value test, Value then, Value else_form, const Value& where, ExpandContext& cx) {
  Value out = else_form.is_nil() ? make_list({sym("if"), std::move(test), std::move(then)})
                                 : make_list({sym("if"), std::move(test), std::move(then), std::move(else_form)});
  cx.copy_position(where, out);
  return out;
}

struct Clause {
  Value test;
  Value expr;
};

// A test that always succeeds: a keyword (`:else`), true, and in arrow
// clauses also the bare symbols `else` and `_` (Profile C's `else -> v`,
// and the wildcard as match writes it).
bool is_catch_all(const Value& test, bool arrow) {
  if (test.is_keyword() || test.is_true()) return true;
  return arrow && (is_symbol_named(test, "else") || is_symbol_named(test, "_"));
}

bool has_arrow(const Forms& args) {
  for (const Value& a : args)
    if (is_symbol_named(a, "->")) return true;
  return false;
}

// `test -> expr` clauses.
Result<std::vector<Clause>> arrow_clauses(const Forms& args, const Value& form, ExpandContext& cx) {
  std::vector<Clause> clauses;
  for (size_t i = 0; i < args.size(); i += 3) {
    if (i + 1 < args.size() && is_symbol_named(args[i + 1], "when"))
      return cx.error_at(form, "cond: `when` guards belong to match clauses; write the test as (and " + show(args[i]) +
                                   " guard) -> expr");
    if (i + 2 >= args.size() || !is_symbol_named(args[i + 1], "->") || is_symbol_named(args[i], "->") ||
        is_symbol_named(args[i + 2], "->"))
      return cx.error_at(form, "cond: expected clauses of the form test -> expr, got " + show(args[i]) +
                                   (i + 1 < args.size() ? " " + show(args[i + 1]) : std::string()));
    clauses.push_back({args[i], args[i + 2]});
  }
  return clauses;
}

}  // namespace

// (cond t1 e1 t2 e2 :else e) or (cond t1 -> e1 t2 -> e2 :else -> e):
// (if t1 e1 (if t2 e2 e)); nil when no clause matches.
Result<Value> expand_cond(const Value& form, ExpandContext& cx) {
  Forms args = slice(elements(form), 1);
  bool arrow = has_arrow(args);
  std::vector<Clause> clauses;
  if (arrow) {
    BATUTA_MACRO_TRY(std::vector<Clause>, parsed, arrow_clauses(args, form, cx));
    clauses = std::move(parsed);
  } else {
    if (args.size() % 2 != 0) return cx.error_at(form, "cond requires an even number of forms");
    for (size_t i = 0; i < args.size(); i += 2) clauses.push_back({args[i], args[i + 1]});
  }
  Value acc;
  for (size_t i = clauses.size(); i-- > 0;) {
    if (is_catch_all(clauses[i].test, arrow)) acc = clauses[i].expr;
    else acc = make_if(clauses[i].test, clauses[i].expr, acc, form, cx);
  }
  return acc;
}

// (condp pred expr test1 result1 test2 :>> f default?):
// (let* [p pred e expr] (if (p test1 e) result1 (let* [t (p test2 e)] (if t (f t) default))))
// With no default, no match is a runtime error naming the value.
Result<Value> expand_condp(const Value& form, ExpandContext& cx) {
  Forms call = elements(form);
  if (call.size() < 3) return cx.error_at(form, "condp requires a predicate and an expression");
  Value pred = cx.gensym("pred");
  Value expr = cx.gensym("expr");
  struct Step {
    Value test, result;
    bool arrow;
  };
  std::vector<Step> steps;
  Value acc = make_list({core_sym("%case-fallthrough"), expr});
  size_t i = 3;
  while (i < call.size()) {
    size_t left = call.size() - i;
    if (left >= 3 && call[i + 1].is_keyword() && name_text(call[i + 1]) == ">>") {
      steps.push_back({call[i], call[i + 2], true});
      i += 3;
    } else if (left >= 2) {
      steps.push_back({call[i], call[i + 1], false});
      i += 2;
    } else {
      acc = call[i];  // the default
      ++i;
    }
  }
  for (size_t k = steps.size(); k-- > 0;) {
    Value test = make_list({pred, steps[k].test, expr});
    if (steps[k].arrow) {
      Value t = cx.gensym("p");
      Value branch = make_if(t, make_list({steps[k].result, t}), acc, form, cx);
      acc = make_list({sym("let*"), make_vector(Forms{t, test}), branch});
    } else {
      acc = make_if(test, steps[k].result, acc, form, cx);
    }
  }
  Value out = make_list({sym("let*"), make_vector(Forms{pred, call[1], expr, call[2]}), acc});
  cx.copy_position(form, out);
  return out;
}

namespace {

// A case constant as an expression: self-evaluating literals stay, symbols
// and collections are quoted (constants are never evaluated).
Value constant_form(const Value& c) {
  if (c.is_symbol() || is_list(c) || is_vector(c) || is_map(c) || is_set(c) || is_tuple(c)) return quoted(c);
  return c;
}

bool is_case_constant(const Value& c) {
  return c.is_nil() || c.is_bool() || c.is_char() || c.is_keyword() || c.is_symbol() || is_number(c) ||
         is_string(c) || is_vector(c) || is_map(c) || is_set(c) || is_tuple(c);
}

}  // namespace

// (case e 1 :one (2 3) :few "x" :str default?): constants are compared with
// batuta.core/= (a group with batuta.core/contains? on a quoted set); no
// default and no match calls batuta.core/case-fallthrough, which panics
// "no matching clause for value: ...".
Result<Value> expand_case(const Value& form, ExpandContext& cx) {
  Forms call = elements(form);
  if (call.size() < 2) return cx.error_at(form, "case requires an expression to test");
  Value v = cx.gensym("case");
  Forms clauses = slice(call, 2);
  Value acc = make_list({core_sym("%case-fallthrough"), v});
  if (clauses.size() % 2 != 0) {
    acc = clauses.back();
    clauses.pop_back();
  }
  // Check every constant first (duplicates in source order), then build.
  Value seen = empty_set();
  for (size_t i = 0; i < clauses.size(); i += 2) {
    const Value& test = clauses[i];
    Forms group = is_list(test) ? elements(test) : Forms{test};
    if (is_list(test) && group.empty())
      return cx.error_at(form, "case: an empty list of alternatives matches nothing");
    for (const Value& c : group) {
      if (!is_case_constant(c) && !is_list(c))
        return cx.error_at(form, "case: test constants must be literals, got " + show(c));
      if (set_contains(seen, c)) return cx.error_at(form, "Duplicate case test constant: " + show(c));
      seen = set_conj(std::move(seen), c);
    }
  }
  for (size_t i = clauses.size(); i >= 2; i -= 2) {
    const Value& test = clauses[i - 2];
    Value check;
    if (is_list(test) && list_count(test) > 1) {
      check = make_list({core_sym("contains?"), quoted(set_from(elements(test))), v});
    } else {
      const Value& c = is_list(test) ? list_first(test) : test;
      check = make_list({core_sym("="), v, constant_form(c)});
    }
    acc = make_if(check, clauses[i - 1], acc, form, cx);
  }
  Value out = make_list({sym("let*"), make_vector(Forms{v, call[1]}), acc});
  cx.copy_position(form, out);
  return out;
}

}  // namespace batuta
