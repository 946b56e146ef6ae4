// query_natives.cpp: installing the query layer's natives
// (query_natives.def), running queries (execute, explain, profile, sql,
// schema, tables) and the clause natives the query macros call. Time
// (now, days-ago...) is batuta.core's (lib/native_time.cpp).
#include "query/query_natives.h"

#include <algorithm>
#include <chrono>

#include "core/instant.h"
#include "core/map.h"
#include "core/name.h"
#include "core/number.h"
#include "core/printer.h"
#include "core/string.h"
#include "core/vector.h"
#include "query/args.h"
#include "query/plan.h"
#include "query/relation.h"
#include "query/store.h"
#include "vm/function.h"
#include "vm/var.h"

namespace batuta {

namespace query {

namespace {

Value kw(std::string_view s) { return keyword(s); }
Value map_of(std::initializer_list<Value> kv) { return map_from(std::span<const Value>(kv.begin(), kv.size())); }
Value str(std::string_view s) { return make_string_from_utf8(s); }

Result<Store*> store() { return Store::get(); }

// The steps of `q`, or the error every clause gives for a non-query.
Result<Value> steps_of(std::string_view op, const Value& q) {
  Value steps;
  if (relation_steps(q, steps)) return steps;
  return type_error(op, "a query (from ...)", q);
}

// A query of q's steps plus one.
Result<Value> extend(std::string_view op, const Value& q, std::initializer_list<Value> kv) {
  auto steps = steps_of(op, q);
  if (!steps) return steps;
  return make_relation(vector_conj(std::move(steps.value()), map_of(kv)));
}

// Calls batuta.core/<name> with args (the collection forms of the clause
// names that are also core functions: distinct, group-by).
Result<Value> call_core(VmContext& ctx, std::string_view name, std::span<const Value> args) {
  Namespace* core = find_namespace(symbol("batuta.core"));
  Var* v = core != nullptr ? find_var(core, symbol(name)) : nullptr;
  Value fn;
  if (v == nullptr || !var_get(v, fn)) return op_error(name, "batuta.core/" + std::string(name) + " is not loaded");
  return ctx.call(fn, args);
}

// A query value from a query or a defquery function called with args.
Result<Value> query_arg(VmContext& ctx, std::string_view op, std::span<const Value> args) {
  Value q = args[0];
  if (is_function(q)) {
    auto r = ctx.call(q, args.subspan(1));
    if (!r) return r;
    q = std::move(r.value());
  } else if (args.size() > 1) {
    return op_error(op, "arguments are given to a defquery function, not to a query value");
  }
  Value steps;
  if (!relation_steps(q, steps)) return type_error(op, "a query (from ...) or a defquery function", q);
  return steps;
}

Result<Plan> plan_of(Store& s, const Value& steps) {
  std::lock_guard<std::recursive_mutex> guard(s.lock());
  return build_plan(s, steps);
}

Result<int64_t> count_arg(std::string_view op, const Value& n) {
  if (!n.is_fixnum() || n.as_fixnum() < 0) return type_error(op, "a non-negative integer", n);
  return n.as_fixnum();
}

Result<Value> instant_arg(std::string_view op, const Value& t) {
  if (is_instant(t)) return t;
  return type_error(op, "an instant", t);
}

}  // namespace

// --- running ---------------------------------------------------------------------------

Result<Value> n_run_steps(VmContext&, std::span<const Value> args) {
  auto s = store();
  if (!s) return s.take_error();
  auto plan = plan_of(*s.value(), args[0]);
  if (!plan) return plan.take_error();
  auto rows = run_plan(*s.value(), plan.value());
  if (!rows) return rows.take_error();
  return rows_vector(rows.value());
}

Result<Value> n_execute(VmContext& ctx, std::span<const Value> args) {
  auto steps = query_arg(ctx, "execute", args);
  if (!steps) return steps;
  return n_run_steps(ctx, std::span<const Value>(&steps.value(), 1));
}

Result<Value> n_explain(VmContext& ctx, std::span<const Value> args) {
  auto steps = query_arg(ctx, "explain", args);
  if (!steps) return steps;
  auto s = store();
  if (!s) return s.take_error();
  auto plan = plan_of(*s.value(), steps.value());
  if (!plan) return plan.take_error();
  auto rows = run_sql(*s.value(), "EXPLAIN " + plan.value().sql, plan.value().params);
  if (!rows) return rows.take_error();
  std::string physical;
  for (const Value& row : rows.value()) {
    Value text = map_get(row, kw("explain_value"));
    if (is_string(text)) physical += std::string(string_view_of(text));
  }
  return map_of({kw("sql"), str(plan.value().sql), kw("params"), vector_from(plan.value().params), kw("plan"),
                   str(physical)});
}

Result<Value> n_profile(VmContext& ctx, std::span<const Value> args) {
  auto steps = query_arg(ctx, "profile", args);
  if (!steps) return steps;
  auto s = store();
  if (!s) return s.take_error();
  Store& st = *s.value();
  auto plan = plan_of(st, steps.value());
  if (!plan) return plan.take_error();
  std::lock_guard<std::recursive_mutex> guard(st.lock());
  auto on = st.exec("SET enable_profiling = 'no_output'");
  if (!on) return on.take_error();
  (void)st.exec("SET custom_profiling_settings = '{\"CUMULATIVE_ROWS_SCANNED\": \"true\", \"OPERATOR_CARDINALITY\": \"true\"}'");
  auto t0 = std::chrono::steady_clock::now();
  auto rows = run_plan(st, plan.value());
  auto t1 = std::chrono::steady_clock::now();
  int64_t scanned = 0;
  if (duckdb_profiling_info info = duck().duckdb_get_profiling_info(st.connection())) {
    duckdb_value v = duck().duckdb_profiling_info_get_value(info, "CUMULATIVE_ROWS_SCANNED");
    if (v != nullptr) {
      char* text = duck().duckdb_get_varchar(v);
      scanned = std::atoll(text);
      duck().duckdb_free(text);
      duck().duckdb_destroy_value(&v);
    }
  }
  (void)st.exec("RESET enable_profiling");
  if (!rows) return rows.take_error();
  double ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
  return map_of({kw("execution-time-ms"), Value::from_double(ms), kw("rows-scanned"), make_integer(scanned),
                   kw("rows-returned"), make_integer(static_cast<int64_t>(rows.value().size())), kw("sql"),
                   str(plan.value().sql)});
}

Result<Value> n_sql(VmContext&, std::span<const Value> args) {
  if (!is_string(args[0])) return type_error("sql", "SQL text (a string)", args[0]);
  auto s = store();
  if (!s) return s.take_error();
  std::vector<Value> params(args.begin() + 1, args.end());
  std::lock_guard<std::recursive_mutex> guard(s.value()->lock());
  auto rows = run_sql(*s.value(), std::string(string_view_of(args[0])), params);
  s.value()->forget_time_bounds();  // the SQL may have changed valid-from behind the store's back
  if (!rows) return op_error("sql", rows.error().message);
  return rows_vector(rows.value());
}

Result<Value> n_schema(VmContext&, std::span<const Value> args) {
  auto name = name_arg("schema", "table", args[0]);
  if (!name) return name.take_error();
  auto s = store();
  if (!s) return s.take_error();
  std::lock_guard<std::recursive_mutex> guard(s.value()->lock());
  const TableInfo* info = s.value()->find_table(name.value());
  if (info == nullptr) return op_error("schema", "no table " + name.value() + did_you_mean(name.value(), s.value()->table_names(), true));
  std::vector<Value> cols;
  for (const ColumnInfo& c : info->columns) {
    cols.push_back(kw(c.name));
    cols.push_back(symbol(col_type_name(c.type)));
  }
  return map_of({kw("table"), kw(info->name), kw("kind"), kw(info->is_log ? "log" : "table"), kw("key"),
                   info->key.empty() ? Value() : kw(info->key), kw("columns"), map_from(cols)});
}

Result<Value> n_tables(VmContext&, std::span<const Value>) {
  auto s = store();
  if (!s) return s.take_error();
  std::lock_guard<std::recursive_mutex> guard(s.value()->lock());
  std::vector<Value> names;
  for (const std::string& n : s.value()->table_names()) names.push_back(kw(n));
  return vector_from(names);
}

Result<Value> n_query_p(VmContext&, std::span<const Value> args) {
  Value steps;
  return Value::boolean(relation_steps(args[0], steps));
}

// --- clauses -----------------------------------------------------------------------------

Result<Value> n_scan(VmContext&, std::span<const Value> args) {
  Value steps;
  if (relation_steps(args[0], steps)) return args[0];  // (from q ...) continues a query
  auto table = name_arg("from", "table", args[0]);
  if (!table) return table.take_error();
  Value step = map_of({kw("op"), kw("scan"), kw("table"), str(table.value()), kw("pos"), args[1]});
  return make_relation(vector_from({step}));
}

Result<Value> n_where(VmContext&, std::span<const Value> args) {
  return extend("where", args[0], {kw("op"), kw("where"), kw("expr"), args[1], kw("params"), args[2], kw("pos"), args[3]});
}

Result<Value> n_having(VmContext&, std::span<const Value> args) {
  return extend("having", args[0], {kw("op"), kw("having"), kw("expr"), args[1], kw("params"), args[2], kw("pos"), args[3]});
}

// select items: a vector of columns (keywords) and [:alias expr] pairs, or
// a map {:alias expr}; normalised to [[alias-or-nil expr]...].
Result<Value> n_select(VmContext&, std::span<const Value> args) {
  const Value& items = args[1];
  std::vector<Value> out;
  if (is_vector(items)) {
    for (size_t i = 0; i < vector_count(items); ++i) {
      const Value& it = vector_at(items, i);
      if (is_vector(it) && vector_count(it) == 2 && vector_at(it, 0).is_keyword()) {
        out.push_back(it);
      } else {
        out.push_back(vector_from({Value(), it}));
      }
    }
  } else if (is_map(items)) {
    MapCursor c(items);
    const Value *k, *v;
    while (c.next(k, v)) {
      if (!k->is_keyword()) return op_error("select", "the names of selected columns are keywords, got " + pr_str_abbreviated(*k));
      out.push_back(vector_from({*k, *v}));
    }
  } else if (items.is_keyword()) {
    out.push_back(vector_from({Value(), items}));
  } else {
    return type_error("select", "a vector of columns or a map {:name expr}", items);
  }
  return extend("select", args[0], {kw("op"), kw("select"), kw("items"), vector_from(out), kw("params"), args[2], kw("pos"), args[3]});
}

Result<Value> n_join(VmContext&, std::span<const Value> args) {
  auto table = name_arg("join", "table", args[1]);
  if (!table) return table.take_error();
  const Value& on = args[4];
  Value on_pair;
  if (on.is_keyword()) {
    on_pair = vector_from({on, on});
  } else if (is_vector(on) && vector_count(on) == 2) {
    on_pair = on;
  } else if (!on.is_nil()) {
    return op_error("join", ":on takes a column (:user-id) or two ([:id :user-id]), got " + pr_str_abbreviated(on));
  }
  if (on_pair.is_nil() && args[3].is_nil()) {
    return op_error("join", "say how rows match: a predicate (= :users.id :orders.user-id) or :on [:id :user-id]");
  }
  return extend("join", args[0], {kw("op"), kw("join"), kw("table"), str(table.value()), kw("kind"), args[2], kw("expr"),
                                  args[3], kw("on"), on_pair, kw("params"), args[5], kw("pos"), args[6]});
}

Result<Value> n_group_by(VmContext& ctx, std::span<const Value> args) {
  Value steps;
  if (!relation_steps(args[0], steps) && is_vector(args[1]) && vector_count(args[1]) == 1) {
    // (group-by f coll) on a collection: Clojure's group-by, f being the
    // keyword itself or the evaluated function.
    const Value& key = vector_at(args[1], 0);
    size_t index;
    Value f = key;
    if (is_param_form(key, index) && is_vector(args[2]) && index < vector_count(args[2])) f = vector_at(args[2], index);
    if (f.is_keyword() || is_function(f)) {
      Value call_args[] = {f, args[0]};
      return call_core(ctx, "group-by", call_args);
    }
  }
  return extend("group-by", args[0], {kw("op"), kw("group-by"), kw("exprs"), args[1], kw("params"), args[2], kw("pos"), args[3]});
}

Result<Value> n_aggregate(VmContext&, std::span<const Value> args) {
  return extend("aggregate", args[0], {kw("op"), kw("aggregate"), kw("items"), args[1], kw("params"), args[2], kw("pos"), args[3]});
}

Result<Value> n_order_by(VmContext&, std::span<const Value> args) {
  return extend("order-by", args[0], {kw("op"), kw("order-by"), kw("keys"), args[1], kw("params"), args[2], kw("pos"), args[3]});
}

Result<Value> n_limit(VmContext&, std::span<const Value> args) {
  auto n = count_arg("limit", args[1]);
  if (!n) return n.take_error();
  return extend("limit", args[0], {kw("op"), kw("limit"), kw("n"), args[1], kw("pos"), args[2]});
}

Result<Value> n_offset(VmContext&, std::span<const Value> args) {
  auto n = count_arg("offset", args[1]);
  if (!n) return n.take_error();
  return extend("offset", args[0], {kw("op"), kw("offset"), kw("n"), args[1], kw("pos"), args[2]});
}

Result<Value> n_distinct(VmContext& ctx, std::span<const Value> args) {
  Value steps;
  if (!relation_steps(args[0], steps)) return call_core(ctx, "distinct", args.subspan(0, 1));
  return extend("distinct", args[0], {kw("op"), kw("distinct"), kw("pos"), args[1]});
}

Result<Value> n_as_of(VmContext&, std::span<const Value> args) {
  auto t = instant_arg("as-of", args[1]);
  if (!t) return t;
  return extend("as-of", args[0], {kw("op"), kw("as-of"), kw("time"), args[1], kw("pos"), args[2]});
}

Result<Value> n_history(VmContext&, std::span<const Value> args) {
  for (int i : {1, 2}) {
    if (!args[i].is_nil() && !is_instant(args[i])) return type_error("history", "an instant (or nil for no bound)", args[i]);
  }
  return extend("history", args[0], {kw("op"), kw("history"), kw("start"), args[1], kw("end"), args[2], kw("pos"), args[3]});
}

Result<Value> n_parallel(VmContext&, std::span<const Value> args) {
  auto n = count_arg("parallel", args[1]);
  if (!n) return n.take_error();
  if (n.value() < 1 || n.value() > 1024) return op_error("parallel", "takes 1 to 1024 threads, got " + pr_str(args[1]));
  return extend("parallel", args[0], {kw("op"), kw("parallel"), kw("n"), args[1], kw("pos"), args[2]});
}

}  // namespace query

void install_query_natives() {
  struct Entry {
    const char* name;
    NativeFn fn;
    Arity arity;
    bool referred;
    const char* doc;
    const char* arglists;
  };
  static const Entry kEntries[] = {
#define BATUTA_QUERY_NATIVE(name, fn, min, max, variadic, referred, doc, arglists) \
  {name, &query::fn, Arity{min, max, variadic}, referred, doc, arglists},
#include "query/query_natives.def"
#undef BATUTA_QUERY_NATIVE
  };
  Namespace* ns = find_or_create_namespace(symbol("batuta.query"));
  // Referred by batuta.core, so every namespace sees them without a
  // require, as the seed's programs use them (compiler.h resolve_var).
  Namespace* core = find_or_create_namespace(symbol("batuta.core"));
  for (const Entry& e : kEntries) {
    Var* var = define_native(ns, e.name, e.arity, e.fn, e.doc, e.arglists);
    if (e.referred) add_refer(core, symbol(e.name), var);
  }
  Value run_steps;
  var_get(find_var(ns, symbol("run-steps")), run_steps);
  query::init_relations(run_steps);
}

}  // namespace batuta
