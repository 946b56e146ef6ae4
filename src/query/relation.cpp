// relation.cpp: see relation.h.
#include "query/relation.h"

#include "core/lazy_seq.h"
#include "core/map.h"
#include "core/name.h"
#include "core/vector.h"
#include "query/store.h"
#include "vm/assembler.h"
#include "vm/function.h"

namespace batuta::query {

namespace {

Value g_thunk_proto;  // immortal once made

// Reads every row of a result into maps keyed by `keys`.
std::vector<Value> read_rows(QueryResult& r, const std::vector<Value>& keys, const std::vector<bool>& keyword_cols) {
  RowReader reader(r.r);
  for (size_t i = 0; i < keyword_cols.size() && i < reader.column_count(); ++i) {
    if (keyword_cols[i]) reader.set_keyword_column(i);
  }
  std::vector<Value> rows;
  std::vector<Value> cells;
  std::vector<Value> kv(keys.size() * 2);
  while (reader.next(cells)) {
    for (size_t i = 0; i < keys.size(); ++i) {
      kv[2 * i] = keys[i];
      kv[2 * i + 1] = std::move(cells[i]);
    }
    rows.push_back(map_from(kv));
  }
  return rows;
}

}  // namespace

void init_relations(Value run_steps) {
  if (!g_thunk_proto.is_nil()) return;
  // () -> (run-steps steps), steps being captured value 0.
  Assembler a("query", "<query>", 0);
  a.capture_register(0);
  a.load_k(0, run_steps);
  a.get_upval(1, 0);
  a.call(0, 1);
  a.ret(0);
  g_thunk_proto = a.finish().value();
  make_immortal(g_thunk_proto);
}

Value make_relation(Value steps) {
  Value captures[] = {std::move(steps)};
  return make_lazy_seq(make_closure(g_thunk_proto, captures));
}

bool relation_steps(const Value& v, Value& steps) {
  if (!is_lazy_seq(v)) return false;
  const LazySeq* s = as_lazy_seq(v);
  if (s->state() != LazyState::Thunk || !is_closure(s->fn)) return false;
  const Closure* c = object_as<const Closure>(s->fn);
  if (!c->proto_value.identical(g_thunk_proto)) return false;
  steps = c->captures[0];
  return true;
}

Value rows_vector(const std::vector<Value>& rows) { return vector_from(rows); }

Result<std::vector<Value>> run_plan(Store& store, const Plan& plan) {
  std::lock_guard<std::recursive_mutex> guard(store.lock());
  std::vector<Value> keys;
  std::vector<bool> keyword_cols;
  for (const OutputColumn& c : plan.columns) {
    keys.push_back(keyword(c.key));
    keyword_cols.push_back(c.type == ColType::Keyword);
  }
  std::string saved_threads;
  if (plan.threads > 0) {
    QueryResult t;
    auto q = store.query("SELECT current_setting('threads')", {}, t);
    if (q) {
      RowReader rr(t.r);
      std::vector<Value> row;
      if (rr.next(row) && row[0].is_fixnum()) saved_threads = std::to_string(row[0].as_fixnum());
    }
    auto s = store.exec("SET threads = " + std::to_string(plan.threads));
    if (!s) return s.take_error();
  }
  QueryResult r;
  auto ok = store.query(plan.sql, plan.params, r);
  std::vector<Value> rows;
  if (ok) rows = read_rows(r, keys, keyword_cols);
  if (!saved_threads.empty()) (void)store.exec("SET threads = " + saved_threads);
  if (!ok) return ok.take_error();
  return rows;
}

Result<std::vector<Value>> run_sql(Store& store, const std::string& sql, const std::vector<Value>& params) {
  std::lock_guard<std::recursive_mutex> guard(store.lock());
  QueryResult r;
  auto ok = store.query(sql, params, r);
  if (!ok) return ok.take_error();
  std::vector<Value> keys;
  idx_t n = duck().duckdb_column_count(&r.r);
  for (idx_t i = 0; i < n; ++i) keys.push_back(keyword(duck().duckdb_column_name(&r.r, i)));
  return read_rows(r, keys, {});
}

}  // namespace batuta::query
