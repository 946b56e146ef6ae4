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

// Runs SQL text with bound values, rows as maps (the sql escape hatch).
Result<std::vector<Value>> run_sql(Store& store, const std::string& sql, const std::vector<Value>& params);

// A vector of the rows.
Value rows_vector(const std::vector<Value>& rows);

}  // namespace batuta::query
