// plan.h: the relational query IR and its translation to SQL.
//
// A query value (relation.h) holds its clauses as Batuta data, one map per
// step, in pipeline order, as the batuta.query natives built them:
//   {:op :scan :table "users" :pos "f.ba:3:5"}
//   {:op :where :expr <template> :params [...] :pos ...}
//   {:op :select :items [[key <template>]...] :params [...] :pos ...}
//   {:op :join :table "orders" :kind :left :expr <template> :params :pos}
//   {:op :group-by :exprs [<template>...] :params :pos}
//   {:op :aggregate :items [[key <template>]...] :params :pos}
//   {:op :having ...} (as :where, over an aggregate)
//   {:op :order-by :keys [[<template> :asc|:desc]...] :params :pos}
//   {:op :limit :n 10}  {:op :offset :n 5}  {:op :distinct}
//   {:op :as-of :time inst}  {:op :history :start inst :end inst}
//   {:op :parallel :n 4}
//   {:op :map :fn f :pos}  {:op :flat-map :fn f :pos}  {:op :filter :fn f :pos}
//     (map/flat-map/filter/transform over a query: f is a Batuta function,
//     run inside DuckDB (udf.h), or a keyword naming a column)
// A <template> is the clause's expression as data: keywords are columns,
// `(batuta.query/param i)` is the step's i-th evaluated Batuta value,
// `(batuta.query/row-fn i :col...)` a function of rows reading only those
// columns (is_row_fn_form), other
// literals are values, lists are operators and functions (`(> :age 18)`,
// `(count *)`). build_plan() checks the steps against the catalog (unknown
// tables and columns are errors naming the clause's position, with the
// closest name as a hint) and produces one SQL statement in which every
// value is a bound parameter and every identifier is quoted.
//
// SQL shape: steps merge into one SELECT block while they come in SQL's
// own order (FROM/JOIN, WHERE, GROUP BY, SELECT, DISTINCT, ORDER BY,
// LIMIT/OFFSET); a step that comes "too late" (a where after an aggregate,
// a join after a where) wraps the block so far as a subquery. DuckDB's
// optimizer flattens these and pushes predicates down.
//
// Result columns: each is named by its column's own name (`name` for
// `users.name`); where two share a name, both keep the qualified name
// (`users.id`, `orders.id`).
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "core/value.h"
#include "query/duck.h"

namespace batuta::query {

class Store;

struct OutputColumn {
  std::string key;  // the result key's text (keyword without the colon)
  ColType type;     // Unknown for computed values (DuckDB's type decides)
  bool printed = false;  // holds printed Batuta values (udf.h): read them back
};

struct UdfInfo;

struct Plan {
  std::string sql;
  std::vector<Value> params;  // $1, $2...
  std::vector<OutputColumn> columns;
  int threads = 0;                     // `parallel n`, 0 when not given
  std::vector<std::string> tables;     // the tables scanned
  // After map/flat-map/transform the rows are values, not maps: the one
  // column "value" is each row.
  bool bare_rows = false;
  // The Batuta functions the SQL calls (owned by DuckDB, udf.h): after a
  // failed run, the first one that failed gives the error.
  std::vector<UdfInfo*> udfs;
};

// Steps (a vector of step maps) to SQL. Errors are positioned at the
// offending clause.
Result<Plan> build_plan(Store& store, const Value& steps);

// The template symbol that marks a parameter: batuta.query/param.
bool is_param_form(const Value& v, size_t& index);
// `(batuta.query/row-fn i :col...)`: the step's i-th value is a function
// of the row that reads only those columns (the where macro found it uses
// its row only as (:col row)), so its row map holds just them.
bool is_row_fn_form(const Value& v, size_t& index, std::vector<Value>& reads);

}  // namespace batuta::query
