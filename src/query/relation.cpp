// relation.cpp: see relation.h.
#include "query/relation.h"

#include "core/lazy_seq.h"
#include "core/map.h"
#include "core/name.h"
#include "core/vector.h"
#include "query/store.h"
#include "query/udf.h"
#include "core/string.h"
#include "vm/assembler.h"
#include "vm/function.h"

namespace batuta::query {

namespace {

Value g_thunk_proto;  // immortal once made

// Reads every row of a result into maps keyed by `keys` (or bare values).
Result<std::vector<Value>> read_rows(QueryResult& r, const RowShape& shape) {
  RowStream stream(r.r, shape);
  std::vector<Value> rows;
  Value row;
  for (;;) {
    auto more = stream.next(row);
    if (!more) return more.take_error();
    if (!more.value()) break;
    rows.push_back(std::move(row));
  }
  return rows;
}

// The error of a failed run: a Batuta function's own, when one failed.
Error run_error(const Plan& plan, Error e) {
  for (const UdfInfo* u : plan.udfs) {
    if (u->failed.load()) return store_error(u->error);
  }
  return e;
}

}  // namespace

RowShape shape_of(const Plan& plan) {
  RowShape shape;
  shape.bare = plan.bare_rows;
  for (const OutputColumn& c : plan.columns) {
    shape.keys.push_back(keyword(c.key));
    shape.keyword.push_back(c.type == ColType::Keyword);
    shape.printed.push_back(c.printed);
  }
  return shape;
}

RowStream::RowStream(duckdb_result& r, const RowShape& shape) : reader_(r), shape_(shape) {
  for (size_t i = 0; i < shape_.keyword.size() && i < reader_.column_count(); ++i) {
    if (shape_.keyword[i]) reader_.set_keyword_column(i);
  }
  kv_.resize(shape_.keys.size() * 2);
}

Result<bool> RowStream::next(Value& row) {
  if (!reader_.next(cells_)) return false;
  for (size_t i = 0; i < cells_.size(); ++i) {
    if (i < shape_.printed.size() && shape_.printed[i] && is_string(cells_[i])) {
      auto v = read_printed(string_view_of(cells_[i]));
      if (!v) return v.take_error();
      cells_[i] = std::move(v.value());
    }
  }
  if (shape_.bare) {
    row = cells_.empty() ? Value() : std::move(cells_[0]);
    return true;
  }
  size_t n = shape_.keys.size() < cells_.size() ? shape_.keys.size() : cells_.size();
  for (size_t i = 0; i < n; ++i) {
    kv_[2 * i] = shape_.keys[i];
    kv_[2 * i + 1] = std::move(cells_[i]);
  }
  row = map_from(std::span<const Value>(kv_.data(), 2 * n));
  return true;
}

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
  EngineThreads threads(store);  // declared before the result: restored after it is gone
  if (plan.threads > 0) {
    auto set = threads.set(plan.threads);
    if (!set) return set.take_error();
  }
  QueryResult r;
  auto ok = store.query(plan.sql, plan.params, r);
  Result<std::vector<Value>> rows = std::vector<Value>{};
  if (ok) rows = read_rows(r, shape_of(plan));
  if (!ok) return run_error(plan, ok.take_error());
  return rows;
}

Result<uint64_t> stream_plan(Store& store, const Plan& plan, RowSink sink, void* sink_data) {
  std::lock_guard<std::recursive_mutex> guard(store.lock());
  EngineThreads threads(store);  // declared before the result: restored after it is gone
  if (plan.threads > 0) {
    auto set = threads.set(plan.threads);
    if (!set) return set.take_error();
  }
  QueryResult r;
  auto ok = store.query(plan.sql, plan.params, r, /*streaming=*/true);
  Result<uint64_t> out = uint64_t{0};
  if (!ok) {
    out = run_error(plan, ok.take_error());
  } else {
    RowStream stream(r.r, shape_of(plan));
    Value row;
    uint64_t n = 0;
    for (;;) {
      auto more = stream.next(row);
      if (!more) {
        out = run_error(plan, more.take_error());
        break;
      }
      if (!more.value()) {
        // A stream that stopped early (its query failed midway) says so here.
        if (const char* e = duck().duckdb_result_error(&r.r)) out = run_error(plan, store_error(e));
        else out = n;
        break;
      }
      ++n;
      uint64_t before = store.statements();
      auto k = sink(sink_data, std::move(row));
      if (!k) {
        out = k.take_error();
        break;
      }
      if (store.statements() != before) {
        // DuckDB ends a streaming result when its connection runs another
        // statement: going on would silently drop the remaining rows.
        out = store_error("for-each: the function used the store while rows were streaming to it; "
                          "collect the rows first (execute) or write after the for-each");
        break;
      }
    }
  }
  return out;
}

Result<std::vector<Value>> run_sql(Store& store, const std::string& sql, const std::vector<Value>& params) {
  std::lock_guard<std::recursive_mutex> guard(store.lock());
  QueryResult r;
  auto ok = store.query(sql, params, r);
  if (!ok) return ok.take_error();
  std::vector<Value> keys;
  idx_t n = duck().duckdb_column_count(&r.r);
  RowShape shape;
  for (idx_t i = 0; i < n; ++i) shape.keys.push_back(keyword(duck().duckdb_column_name(&r.r, i)));
  return read_rows(r, shape);
}

}  // namespace batuta::query
