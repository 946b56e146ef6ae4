// macros_query.cpp: the query forms (LANGUAGE.md "Queries"): from, where,
// select, join, group-by, aggregate, having, order-by, limit, offset,
// distinct, as-of, history, parallel, create-table!, defquery, and the
// stored code forms defproc and deftrigger (query/procs.h).
//
// Each clause becomes a call of a batuta.query native (query_natives.def)
// whose first argument is the query it extends, e.g.
//   (where (> :age min-age) q)
//   => (batuta.query/where* q '(> :age (batuta.query/param 0)) [min-age] "f.ba:3:5")
// The clause's expression is passed as quoted data (a template, query/plan.h):
// keywords are columns; a bare symbol that names nothing (no local, no var)
// is a column too (`age` = `:age`); an operator head the store understands
// (kSqlHeads, in step with query/expr.cpp) stays an operator; everything
// else (locals, vars, other calls, fn literals) is evaluated by Batuta and
// becomes a bound parameter, (batuta.query/param i) in the template and
// the i-th element of the vector after it. The string is the clause's
// source position, for errors. A fn literal in where/having whose body SQL
// can say the same way becomes a template itself (Templater::
// predicate_lambda); one that reads its row only as (:col row) is passed
// as (batuta.query/row-fn 0 :col...) so the engine hands it just those
// columns.
//
// The query a clause extends is its last argument: `from` appends it to
// each nested clause, and ->> / |> thread it there. Whether the last
// argument is that query or one of the clause's own is decided by the
// clause's shape (where takes one predicate or an infix triple; order-by
// keys are columns, :asc/:desc or operator expressions; ...).
#include <algorithm>
#include <string>
#include <unordered_set>

#include "compile/core_macros.h"
#include "compile/macros_util.h"
#include "core/hash_set.h"
#include "core/list.h"
#include "core/map.h"
#include "core/name.h"
#include "core/printer.h"
#include "core/string.h"
#include "core/vector.h"
#include "vm/var.h"

namespace batuta {

using namespace macros;

namespace {

// Operator heads kept in templates; query/expr.cpp translates each.
const std::unordered_set<std::string_view>& sql_heads() {
  static const std::unordered_set<std::string_view> heads = {
      "=",      "==",    "not=",   "!=",      "<",          ">",          "<=",             ">=",
      "and",    "or",    "+",      "-",       "*",          "/",          "mod",            "not",
      "nil?",   "some?", "in",     "between", "like",       "ilike",      "str",            "lower-case",
      "upper-case", "str/lower-case", "str/upper-case", "abs", "round",   "coalesce",       "length",
      "count",  "count-distinct", "sum", "avg", "min",      "max"};
  return heads;
}
const std::unordered_set<std::string_view>& infix_ops() {
  static const std::unordered_set<std::string_view> ops = {"=", "==", "not=", "!=", "<", ">", "<=", ">=", "like", "ilike", "in"};
  return ops;
}

Value qsym(std::string_view name) { return symbol("batuta.query", name); }

bool is_sql_call(const Value& v) {
  return is_cons(v) && list_first(v).is_symbol() && sql_heads().count(name_text(list_first(v))) > 0;
}

// Builds one clause's template and its parameter forms.
class Templater {
 public:
  explicit Templater(ExpandContext& cx) : cx_(cx) {}

  Value value(const Value& form) {
    if (form.is_keyword()) return form;
    if (form.is_symbol()) {
      if (name_text(form) == "*") return form;
      if (cx_.is_bound(form)) return param(form);
      return keyword(name_text(form));  // a column
    }
    if (is_sql_call(form)) {
      Forms items = elements(form);
      Forms out{items[0]};
      bool in_form = name_text(items[0]) == "in";
      for (size_t i = 1; i < items.size(); ++i) {
        if (in_form && i == 2 && is_vector(items[i])) {
          Forms members;
          for (const Value& m : elements(items[i])) members.push_back(value(m));
          out.push_back(make_vector(members));
        } else {
          out.push_back(value(items[i]));
        }
      }
      return make_list(out);
    }
    if (is_cons(form) || is_vector(form) || is_map(form) || is_set(form)) return param(form);
    return form;  // a literal: the planner binds it
  }

  Value param(const Value& form) {
    params_.push_back(form);
    return make_list({qsym("param"), Value::fixnum(static_cast<int64_t>(params_.size() - 1))});
  }

  Value params_form() const { return make_vector(params_); }

  // `(fn [row] body)` as a predicate template, when its body says only
  // what SQL says the same way: it reads the row only as `(:col row)` or
  // `(get row :col)`, and every call is a comparison, and/or/not, nil?/
  // some?, + - * or a string function of the store's list, with boolean
  // operands where SQL needs them. The engine then runs it as SQL (as
  // Clojure programmers expect of a filter lambda) instead of calling the
  // function per row. Locals and vars it closes over become parameters,
  // evaluated once; keyword literals are values, not columns. False (and
  // nothing to use) otherwise: the function then runs per row.
  bool predicate_lambda(const Value& form, Value& out) {
    Forms body;
    if (!row_lambda(form, body) || body.size() != 1) return false;
    return boolean(body[0]) && lambda_value(body[0], out);
  }

  // The columns `(fn [row] body...)` reads, when it uses its row only as
  // `(:col row)` or `(get row :col)`: then the engine builds each row's map
  // of just those columns. False when it uses the row otherwise.
  bool row_fields(const Value& form, Forms& fields) {
    Forms body;
    if (!row_lambda(form, body)) return false;
    for (const Value& f : body) {
      if (!collect_fields(f, fields)) return false;
    }
    return !fields.empty();
  }

 private:
  // (fn [row] body...): sets row_ and the body forms.
  bool row_lambda(const Value& form, Forms& body) {
    if (!is_cons(form)) return false;
    Forms items = elements(form);
    if (items.size() < 3 || !items[0].is_symbol()) return false;
    std::string_view head = name_text(items[0]);
    if (head != "fn" && head != "fn*" && head != "batuta.core/fn") return false;
    if (!is_vector(items[1]) || vector_count(items[1]) != 1) return false;
    row_ = vector_at(items[1], 0);
    if (!row_.is_symbol() || name_text(row_) == "&") return false;
    body.assign(items.begin() + 2, items.end());
    return true;
  }
  // Adds the fields `form` reads to `fields`; false when it names the row
  // any other way (passed on, rebound, or read with a default).
  bool collect_fields(const Value& form, Forms& fields) {
    Value col;
    if (field(form, col)) {
      if (std::none_of(fields.begin(), fields.end(), [&](const Value& f) { return f.identical(col); })) fields.push_back(col);
      return true;
    }
    if (form.is_symbol()) return !form.identical(row_);
    if (is_map(form)) {
      MapCursor entries(form);
      const Value *k, *v;
      while (entries.next(k, v)) {
        if (!collect_fields(*k, fields) || !collect_fields(*v, fields)) return false;
      }
      return true;
    }
    if (is_cons(form) || is_vector(form) || is_set(form)) {
      for (const Value& e : elements(form)) {
        if (!collect_fields(e, fields)) return false;
      }
    }
    return true;
  }
  static bool boolean_head(std::string_view h) {
    static const std::unordered_set<std::string_view> heads = {"=",   "==", "not=", "<",    ">",    "<=",
                                                               ">=",  "and", "or",  "not", "nil?", "some?"};
    return heads.count(h) > 0;
  }
  static bool value_head(std::string_view h) {
    static const std::unordered_set<std::string_view> heads = {
        "+", "-", "*", "str", "lower-case", "upper-case", "str/lower-case", "str/upper-case"};
    return heads.count(h) > 0;
  }
  // A call whose SQL is a boolean (what WHERE, AND, OR and NOT take).
  static bool boolean(const Value& form) {
    return is_cons(form) && list_first(form).is_symbol() && boolean_head(name_text(list_first(form)));
  }
  // (:col row) or (get row :col): the column's keyword.
  bool field(const Value& form, Value& col) const {
    if (!is_cons(form)) return false;
    Forms items = elements(form);
    if (items.size() == 2 && items[0].is_keyword() && items[1].is_symbol() && items[1].identical(row_)) {
      col = items[0];
      return true;
    }
    if (items.size() == 3 && items[0].is_symbol() && name_text(items[0]) == "get" && items[1].identical(row_) &&
        items[2].is_keyword()) {
      col = items[2];
      return true;
    }
    return false;
  }
  bool lambda_value(const Value& form, Value& out) {
    if (field(form, out)) return true;
    if (form.is_symbol()) {
      if (form.identical(row_) || !cx_.is_bound(form)) return false;  // the whole row; or an unknown name
      out = param(form);
      return true;
    }
    if (form.is_keyword()) {
      out = param(form);
      return true;
    }
    if (form.is_nil()) return false;  // (= x nil) is never true in SQL
    if (is_cons(form)) {
      Forms items = elements(form);
      if (!items[0].is_symbol()) return false;
      std::string_view h = name_text(items[0]);
      bool logical = h == "and" || h == "or" || h == "not";
      if (!boolean_head(h) && !value_head(h)) return false;
      if ((h == "nil?" || h == "some?" || h == "not") && items.size() != 2) return false;
      if (items.size() < 2) return false;
      Forms call{items[0]};
      for (size_t i = 1; i < items.size(); ++i) {
        if (logical && !boolean(items[i])) return false;
        Value v;
        if (!lambda_value(items[i], v)) return false;
        call.push_back(v);
      }
      out = make_list(call);
      return true;
    }
    if (is_vector(form) || is_map(form) || is_set(form)) return false;
    out = form;  // a literal number, string, boolean...: bound by the planner
    return true;
  }

  Value row_;  // the lambda's parameter
  ExpandContext& cx_;
  Forms params_;
};

// "file:line:col" of the clause, from the context's positioned error.
Value position_of(const Value& form, ExpandContext& cx) {
  std::string text = cx.error_at(form, "").message;
  if (text.size() >= 2 && text.compare(text.size() - 2, 2, ": ") == 0) text.resize(text.size() - 2);
  return make_string_literal(text);
}

// The clause's own arguments and the query it extends (nil form when none).
struct Split {
  Forms own;
  Value input;
  bool has_input = false;
};

Split split_last(const Forms& args, bool last_is_input) {
  Split s;
  s.own = args;
  if (last_is_input && !s.own.empty()) {
    s.input = s.own.back();
    s.own.pop_back();
    s.has_input = true;
  }
  return s;
}

// Whether a form in last position is a query expression rather than a
// column, a direction or an operator expression.
bool looks_like_input(const Value& form, ExpandContext& cx) {
  if (form.is_symbol()) return cx.is_bound(form);
  if (is_cons(form)) return !is_sql_call(form);
  return is_vector(form) || is_list(form) || is_set(form);
}

// `(map f X)`, `(filter f X)`, `(flat-map f X)`, `(mapcat f X)` feeding a
// clause become (batuta.query/seq-step* :map map f X pos), recursively
// through X: a query X gets a step run inside the engine, anything else
// goes to the function the head names (query/pipeline_natives.cpp).
Value rewrite_seq_steps(const Value& form, ExpandContext& cx) {
  if (!is_cons(form)) return form;
  Forms items = elements(form);
  if (items.size() != 3 || !items[0].is_symbol()) return form;
  std::string_view name = name_text(items[0]);
  name = name.substr(name.rfind('/') + 1);
  if (name != "map" && name != "filter" && name != "flat-map" && name != "mapcat") return form;
  Value out = make_list({qsym("seq-step*"), keyword(name), items[0], items[1], rewrite_seq_steps(items[2], cx), position_of(form, cx)});
  cx.copy_position(form, out);
  return out;
}

Result<Value> need_input(const Value& form, const Forms& call, const Split& s, ExpandContext& cx) {
  if (s.has_input) return rewrite_seq_steps(s.input, cx);
  return cx.error_at(form, head_name(call) + " needs a query: use it inside (from ...) or thread one in with ->>");
}

Value quoted_or_evaluated(const Value& tmpl) { return quoted(tmpl); }

Result<Value> filter_clause(const Value& form, const Forms& call, ExpandContext& cx, std::string_view native) {
  Forms args = slice(call, 1);
  bool infix = args.size() >= 3 && args[1].is_symbol() && infix_ops().count(name_text(args[1])) > 0;
  Split s;
  if (infix) {
    if (args.size() > 4) return cx.error_at(form, head_name(call) + ": an infix condition is `column op value`, as in (where age > 18)");
    s = split_last(args, args.size() == 4);
    s.own = {make_list({s.own[1], s.own[0], s.own[2]})};
  } else {
    if (args.empty() || args.size() > 2) return cx.error_at(form, head_name(call) + " takes one condition, as in (where (> :age 18))");
    s = split_last(args, args.size() == 2);
  }
  BATUTA_MACRO_TRY(Value, input, need_input(form, call, s, cx));
  Templater lambda(cx);
  Value tmpl;
  if (lambda.predicate_lambda(s.own[0], tmpl)) {
    return make_list({qsym(native), input, quoted_or_evaluated(tmpl), lambda.params_form(), position_of(form, cx)});
  }
  Forms fields;
  if (lambda.row_fields(s.own[0], fields)) {
    // (batuta.query/row-fn 0 :col...): the function, and the columns it reads
    Forms reads{qsym("row-fn"), Value::fixnum(0)};
    reads.insert(reads.end(), fields.begin(), fields.end());
    return make_list({qsym(native), input, quoted(make_list(reads)), make_vector(Forms{s.own[0]}), position_of(form, cx)});
  }
  Templater t(cx);
  tmpl = t.value(s.own[0]);
  return make_list({qsym(native), input, quoted_or_evaluated(tmpl), t.params_form(), position_of(form, cx)});
}



Result<Value> select_clause(const Value& form, const Forms& call, ExpandContext& cx) {
  Forms args = slice(call, 1);
  if (args.empty() || args.size() > 2) return cx.error_at(form, "select takes the columns, as in (select [:id :name])");
  Split s = split_last(args, args.size() == 2);
  BATUTA_MACRO_TRY(Value, input, need_input(form, call, s, cx));
  Templater t(cx);
  const Value& cols = s.own[0];
  Value items;
  if (is_vector(cols)) {
    Forms out;
    for (const Value& c : elements(cols)) {
      if (is_vector(c) && vector_count(c) == 2) {
        out.push_back(make_vector(Forms{vector_at(c, 0), t.value(vector_at(c, 1))}));
      } else if (c.is_symbol() && !cx.is_bound(c)) {
        out.push_back(keyword(name_text(c)));
      } else {
        out.push_back(t.value(c));
      }
    }
    items = quoted(make_vector(out));
  } else if (is_map(cols)) {
    Forms kv;
    MapCursor m(cols);
    const Value *k, *v;
    while (m.next(k, v)) {
      kv.push_back(*k);
      kv.push_back(t.value(*v));
    }
    items = quoted(map_from(kv));
  } else if (cols.is_keyword()) {
    items = cols;
  } else {
    items = cols;  // evaluated: a vector of keywords held in a local
  }
  return make_list({qsym("select*"), input, items, t.params_form(), position_of(form, cx)});
}

Result<Value> join_clause(const Value& form, const Forms& call, ExpandContext& cx) {
  Forms args = slice(call, 1);
  if (args.size() < 2) return cx.error_at(form, "join takes a table and how rows match, as in (join :orders (= :users.id :orders.user-id))");
  Value table = args[0];
  Value kind = keyword("inner"), pred, on;
  Split s;
  size_t i = 1;
  Forms rest;
  for (; i < args.size(); ++i) {
    const Value& a = args[i];
    if (a.is_keyword() && (name_text(a) == "left" || name_text(a) == "inner" || name_text(a) == "right" || name_text(a) == "full")) {
      kind = a;
    } else if (a.is_keyword() && name_text(a) == "on" && i + 1 < args.size()) {
      on = args[++i];
    } else if (pred.is_nil() && is_sql_call(a)) {
      pred = a;
    } else {
      rest.push_back(a);
    }
  }
  if (rest.size() > 1) return cx.error_at(form, "join: unexpected " + show(rest[0]));
  if (rest.size() == 1) {
    s.input = rest[0];
    s.has_input = true;
  }
  BATUTA_MACRO_TRY(Value, input, need_input(form, call, s, cx));
  Templater t(cx);
  Value tmpl = pred.is_nil() ? Value() : quoted(t.value(pred));
  Value on_form = on.is_nil() ? Value() : quoted(on);
  return make_list({qsym("join*"), input, table, kind, tmpl, on_form, t.params_form(), position_of(form, cx)});
}

Result<Value> group_by_clause(const Value& form, const Forms& call, ExpandContext& cx) {
  Forms args = slice(call, 1);
  if (args.empty()) return cx.error_at(form, "group-by takes columns, as in (group-by :user-id)");
  Split s = split_last(args, args.size() >= 2 && looks_like_input(args.back(), cx));
  BATUTA_MACRO_TRY(Value, input, need_input(form, call, s, cx));
  if (find_namespace(symbol("batuta.query")) == nullptr && s.own.size() == 1) {
    // No store in this runtime: Clojure's group-by.
    Value f = cx.gensym("group_by");
    return make_list({sym("let*"), make_vector(Forms{f, core_sym("group-by")}), make_list({f, s.own[0], input})});
  }
  Templater t(cx);
  Forms keys;
  for (const Value& k : s.own) keys.push_back(t.value(k));
  return make_list({qsym("group-by*"), input, quoted(make_vector(keys)), t.params_form(), position_of(form, cx)});
}

Result<Value> aggregate_clause(const Value& form, const Forms& call, ExpandContext& cx) {
  Forms args = slice(call, 1);
  Forms pairs;
  Split s;
  if (!args.empty() && is_map(args[0]) && args.size() <= 2) {
    s = split_last(args, args.size() == 2);
    MapCursor m(args[0]);
    const Value *k, *v;
    while (m.next(k, v)) {
      pairs.push_back(*k);
      pairs.push_back(*v);
    }
  } else {
    s = split_last(args, args.size() % 2 == 1);
    pairs = s.own;
  }
  BATUTA_MACRO_TRY(Value, input, need_input(form, call, s, cx));
  if (pairs.empty()) return cx.error_at(form, "aggregate takes :name expression pairs, as in (aggregate :n (count *))");
  Templater t(cx);
  Forms items;
  for (size_t i = 0; i + 1 < pairs.size(); i += 2) {
    if (!pairs[i].is_keyword()) return cx.error_at(form, "aggregate: each result is named by a keyword, got " + show(pairs[i]));
    items.push_back(make_vector(Forms{pairs[i], t.value(pairs[i + 1])}));
  }
  return make_list({qsym("aggregate*"), input, quoted(make_vector(items)), t.params_form(), position_of(form, cx)});
}

Result<Value> order_by_clause(const Value& form, const Forms& call, ExpandContext& cx) {
  Forms args = slice(call, 1);
  if (args.empty()) return cx.error_at(form, "order-by takes columns, as in (order-by :name :desc)");
  bool direction = args.back().is_keyword() && (name_text(args.back()) == "asc" || name_text(args.back()) == "desc");
  Split s = split_last(args, args.size() >= 2 && !direction && looks_like_input(args.back(), cx));
  BATUTA_MACRO_TRY(Value, input, need_input(form, call, s, cx));
  Templater t(cx);
  Forms keys;
  for (size_t i = 0; i < s.own.size(); ++i) {
    Value dir = keyword("asc");
    if (i + 1 < s.own.size() && s.own[i + 1].is_keyword() &&
        (name_text(s.own[i + 1]) == "asc" || name_text(s.own[i + 1]) == "desc")) {
      dir = s.own[i + 1];
      keys.push_back(make_vector(Forms{t.value(s.own[i]), dir}));
      ++i;
      continue;
    }
    keys.push_back(make_vector(Forms{t.value(s.own[i]), dir}));
  }
  return make_list({qsym("order-by*"), input, quoted(make_vector(keys)), t.params_form(), position_of(form, cx)});
}

// (clause n) / (clause n q): limit, offset, parallel, as-of.
Result<Value> one_value_clause(const Value& form, const Forms& call, ExpandContext& cx, std::string_view native, size_t own) {
  Forms args = slice(call, 1);
  if (args.size() != own && args.size() != own + 1) {
    return cx.error_at(form, head_name(call) + " takes " + std::to_string(own) + " argument" + (own == 1 ? "" : "s") +
                                 (own == 0 ? "" : " (and the query when threaded)"));
  }
  Split s = split_last(args, args.size() == own + 1);
  BATUTA_MACRO_TRY(Value, input, need_input(form, call, s, cx));
  Forms out{qsym(native), input};
  for (const Value& a : s.own) out.push_back(a);
  out.push_back(position_of(form, cx));
  return make_list(out);
}


Result<Value> distinct_clause(const Value& form, const Forms& call, ExpandContext& cx) {
  if (call.size() == 2 && find_namespace(symbol("batuta.query")) == nullptr) {
    Value f = cx.gensym("distinct");  // no store in this runtime: Clojure's distinct
    return make_list({sym("let*"), make_vector(Forms{f, core_sym("distinct")}), make_list({f, call[1]})});
  }
  return one_value_clause(form, call, cx, "distinct*", 0);
}

using ClauseFn = Result<Value> (*)(const Value& form, const Forms& call, ExpandContext& cx);

// The clause expanders by name; `from` expands its nested clauses through
// this table directly, so each keeps its own source position.
ClauseFn find_clause(std::string_view name) {
  struct Entry {
    std::string_view name;
    ClauseFn fn;
  };
  static const Entry kClauses[] = {
      {"where", [](const Value& f, const Forms& c, ExpandContext& cx) { return filter_clause(f, c, cx, "where*"); }},
      {"having", [](const Value& f, const Forms& c, ExpandContext& cx) { return filter_clause(f, c, cx, "having*"); }},
      {"select", &select_clause},
      {"join", &join_clause},
      {"group-by", &group_by_clause},
      {"aggregate", &aggregate_clause},
      {"order-by", &order_by_clause},
      {"distinct", &distinct_clause},
      {"limit", [](const Value& f, const Forms& c, ExpandContext& cx) { return one_value_clause(f, c, cx, "limit*", 1); }},
      {"offset", [](const Value& f, const Forms& c, ExpandContext& cx) { return one_value_clause(f, c, cx, "offset*", 1); }},
      {"parallel", [](const Value& f, const Forms& c, ExpandContext& cx) { return one_value_clause(f, c, cx, "parallel*", 1); }},
      {"as-of", [](const Value& f, const Forms& c, ExpandContext& cx) { return one_value_clause(f, c, cx, "as-of*", 1); }},
      {"history", [](const Value& f, const Forms& c, ExpandContext& cx) { return one_value_clause(f, c, cx, "history*", 2); }},
  };
  for (const Entry& e : kClauses) {
    if (e.name == name) return e.fn;
  }
  return nullptr;
}

// Whether `form` builds a query: a clause call (or from, transform,
// distributed, seq-step*) whose head names no local.
bool is_query_form(const Value& form, ExpandContext& cx) {
  if (!is_cons(form) || !list_first(form).is_symbol() || cx.is_bound(list_first(form))) return false;
  std::string_view name = name_text(list_first(form));
  name = name.substr(name.rfind('/') + 1);
  return name == "from" || name == "seq-step*" || name == "transform" || name == "distributed" ||
         find_clause(name) != nullptr;
}

Result<Value> expand_clause(const Value& form, ExpandContext& cx) {
  Forms call = elements(form);
  return find_clause(name_text(call[0]).substr(name_text(call[0]).rfind('/') + 1))(form, call, cx);
}

}  // namespace

Result<Value> expand_query_where(const Value& form, ExpandContext& cx) { return expand_clause(form, cx); }
Result<Value> expand_query_having(const Value& form, ExpandContext& cx) { return expand_clause(form, cx); }
Result<Value> expand_query_select(const Value& form, ExpandContext& cx) { return expand_clause(form, cx); }
Result<Value> expand_query_join(const Value& form, ExpandContext& cx) { return expand_clause(form, cx); }
Result<Value> expand_query_group_by(const Value& form, ExpandContext& cx) { return expand_clause(form, cx); }
Result<Value> expand_query_aggregate(const Value& form, ExpandContext& cx) { return expand_clause(form, cx); }
Result<Value> expand_query_order_by(const Value& form, ExpandContext& cx) { return expand_clause(form, cx); }
Result<Value> expand_query_distinct(const Value& form, ExpandContext& cx) { return expand_clause(form, cx); }
Result<Value> expand_query_limit(const Value& form, ExpandContext& cx) { return expand_clause(form, cx); }
Result<Value> expand_query_offset(const Value& form, ExpandContext& cx) { return expand_clause(form, cx); }
Result<Value> expand_query_parallel(const Value& form, ExpandContext& cx) { return expand_clause(form, cx); }
Result<Value> expand_query_as_of(const Value& form, ExpandContext& cx) { return expand_clause(form, cx); }
Result<Value> expand_query_history(const Value& form, ExpandContext& cx) { return expand_clause(form, cx); }

// (from table clause...): the scan, then each clause with the query so
// far as its last argument. A nested form that is not a clause (`(first)`,
// `(map f)`) is called with the query appended, as ->> would.
Result<Value> expand_query_from(const Value& form, ExpandContext& cx) {
  Forms call = elements(form);
  if (call.size() < 2) return cx.error_at(form, "from needs a table, as in (from :users)");
  Value acc = make_list({qsym("scan"), call[1], position_of(form, cx)});
  for (size_t i = 2; i < call.size(); ++i) {
    Forms stage = is_cons(call[i]) ? elements(call[i]) : Forms{call[i]};
    stage.push_back(acc);
    ClauseFn clause = nullptr;
    if (stage[0].is_symbol() && !cx.is_bound(stage[0])) clause = find_clause(name_text(stage[0]));
    if (stage[0].is_symbol() && (name_text(stage[0]) == "distinct" || name_text(stage[0]) == "group-by")) {
      clause = find_clause(name_text(stage[0]));  // core functions too; the clause decides
    }
    if (clause != nullptr) {
      BATUTA_MACRO_TRY(Value, expanded, clause(call[i], stage, cx));
      acc = expanded;
    } else {
      acc = make_list(stage);
      cx.copy_position(call[i], acc);
      acc = rewrite_seq_steps(acc, cx);
    }
  }
  return acc;
}

// (create-table! :t {:id Int :name String} :key :id): type names are
// symbols naming nothing, so the schema's bare symbols are quoted.
Result<Value> expand_create_table(const Value& form, ExpandContext& cx) {
  Forms call = elements(form);
  if (call.size() < 3) return cx.error_at(form, "create-table! takes a table and a schema, as in (create-table! :users {:id Int} :key :id)");
  Forms out{qsym("create-table"), call[1]};
  if (is_map(call[2])) {
    Forms kv;
    MapCursor m(call[2]);
    const Value *k, *v;
    while (m.next(k, v)) {
      kv.push_back(*k);
      kv.push_back(v->is_symbol() && !cx.is_bound(*v) ? quoted(*v) : *v);
    }
    out.push_back(map_from(kv));
  } else {
    out.push_back(call[2]);
  }
  for (size_t i = 3; i < call.size(); ++i) out.push_back(call[i]);
  return make_list(out);
}

// (defquery name [params] body...): a function returning the query.
Result<Value> expand_defquery(const Value& form, ExpandContext& cx) {
  Forms call = elements(form);
  if (call.size() < 4 || !call[1].is_symbol()) {
    return cx.error_at(form, "defquery takes a name, parameters and a body, as in (defquery adults [] (from :users))");
  }
  Forms out{core_sym("defn")};
  for (size_t i = 1; i < call.size(); ++i) out.push_back(call[i]);
  return make_list(out);
}

// (map f X) threaded by ->> or |> after a query form X: the step runs in
// the engine, so a pipeline's trailing map/filter/flat-map keeps it a
// query that execute, explain and for-each accept.
Value query_pipeline_step(const Value& form, ExpandContext& cx) {
  if (!is_cons(form)) return form;
  Forms items = elements(form);
  if (items.size() != 3 || !is_query_form(items[2], cx)) return form;
  return rewrite_seq_steps(form, cx);
}

// (defproc name [params] doc? body...) and (deftrigger name table events
// [change] body...): the function, compiled here as usual, and its printed
// source, which the store keeps (query/procs.h) to compile it again in a
// later process.
namespace {
struct StoredFnForm {
  Value fn;      // (fn name [params] body...)
  Value source;  // its printed text
  Value doc;     // the docstring, or nil
};

Result<StoredFnForm> stored_fn_form(const Value& form, const Forms& call, size_t params_at, ExpandContext& cx,
                                    std::string_view usage) {
  if (call.size() < params_at + 1 || !call[1].is_symbol() || !is_vector(call[params_at])) {
    return cx.error_at(form, std::string(usage));
  }
  StoredFnForm out;
  Forms fn{sym("fn"), call[1], call[params_at]};
  size_t body = params_at + 1;
  if (body + 1 < call.size() && is_string(call[body])) out.doc = call[body++];
  for (size_t i = body; i < call.size(); ++i) fn.push_back(call[i]);
  out.fn = make_list(fn);
  out.source = make_string_literal(pr_str(out.fn));
  return out;
}
}  // namespace

Result<Value> expand_defproc(const Value& form, ExpandContext& cx) {
  Forms call = elements(form);
  BATUTA_MACRO_TRY(StoredFnForm, f, stored_fn_form(form, call, 2, cx,
      "defproc takes a name, parameters and a body, as in (defproc reorder [warehouse-id] ...)"));
  return make_list({qsym("define-proc*"), keyword(name_text(call[1])), f.doc, f.source, f.fn});
}

Result<Value> expand_deftrigger(const Value& form, ExpandContext& cx) {
  Forms call = elements(form);
  BATUTA_MACRO_TRY(StoredFnForm, f, stored_fn_form(form, call, 4, cx,
      "deftrigger takes a name, a table, events and a function body, as in "
      "(deftrigger audit :orders [:insert :update] [change] ...)"));
  return make_list({qsym("define-trigger*"), keyword(name_text(call[1])), call[2], call[3], f.source, f.fn});
}

}  // namespace batuta
