// relation.h: query values (lazy relations) and running them.
//
// A query is a lazy sequence (core/lazy_seq.h) whose thunk is a closure of
// one fixed proto that calls batuta.query/run-steps on the closure's one
// captured value: the query's steps (plan.h), as Batuta data. So a query
// is a value like any other, and it runs when it is used as a sequence
// (printed, counted, first, map...), exactly as LANGUAGE.md asks, with no
// new object kind: core's printer, =, count and every seq function already
// realise lazy sequences. Clause natives recognise a query by its thunk's
// proto and extend its steps, giving a new query; execute, explain and
// profile read the steps without realising the sequence, so they run the
// query afresh each time. Once a query value has been realised it is a
// plain (cached) sequence of rows, as any realised lazy seq.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "core/value.h"
#include "query/plan.h"
#include "vm/fiber.h"

namespace batuta::query {

class Store;

// Makes the proto of query thunks; `run_steps` is the Native that runs a
// step vector. Called once by install_query_natives.
void init_relations(Value run_steps);

// A query of the given steps.
Value make_relation(Value steps);
// True when v is a query not realised yet; then `steps` is its steps.
bool relation_steps(const Value& v, Value& steps);

// Runs a plan: each result row as a map with keyword keys.
Result<std::vector<Value>> run_plan(Store& store, const Plan& plan);

// How a result's rows become values: maps keyed by `keys`, or the one
// column's value when `bare`; `keyword` columns hold keywords, `printed`
// columns printed Batuta values (udf.h).
struct RowShape {
  std::vector<Value> keys;
  std::vector<bool> keyword;
  std::vector<bool> printed;
  bool bare = false;
};
RowShape shape_of(const Plan& plan);

// Reads a result row by row, chunk by chunk.
class RowStream {
 public:
  RowStream(duckdb_result& r, const RowShape& shape);
  // The next row into `row`; false at the end.
  Result<bool> next(Value& row);

 private:
  RowReader reader_;
  RowShape shape_;
  std::vector<Value> cells_;
  std::vector<Value> kv_;
};

// Runs a plan streaming its rows (the result is not materialised): each
// row goes to `sink` as it is read, chunk by chunk; an error from the sink
// stops the query. Returns the number of rows. The store stays locked
// meanwhile, and the sink must not run queries of its own (the one
// connection is busy with this one).
using RowSink = Result<bool> (*)(void* data, Value row);
Result<uint64_t> stream_plan(Store& store, const Plan& plan, RowSink sink, void* sink_data);

// Runs SQL text with bound values, rows as maps (the sql escape hatch).
Result<std::vector<Value>> run_sql(Store& store, const std::string& sql, const std::vector<Value>& params);

// A vector of the rows.
Value rows_vector(const std::vector<Value>& rows);

}  // namespace batuta::query
