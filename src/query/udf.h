// udf.h: Batuta functions run inside DuckDB as scalar functions.
//
// `(where #(> (:age %) 18))`, `(filter f)`, `(map f)`, `(flat-map f)`,
// `(transform f)` and `(group-by f)` with a Batuta function compile to a
// call of a scalar function registered on the store's connection for that
// query (`batuta_fn_N(col1, col2, ...)`). DuckDB calls it from its worker
// threads, a chunk of rows at a time; each row's call runs the function on
// a fresh vm Fiber on that thread. So the function and everything it
// reaches are marked shared (core/object.h) before the query runs.
//
// What the function receives: the row as a map with keyword keys (the
// columns visible at that point of the plan, or only those a where lambda
// reads when it uses its row only as (:col row): plan.h row-fn), or the
// value itself when the relation's rows are values (after map/flat-map).
//
// What it returns, by kind:
//   Predicate  BOOLEAN: the result's truthiness
//   Map        VARCHAR: the result's readable printed form (pr_str), read
//              back by the row reader ("printed" columns, expr.h Col)
//   FlatMap    VARCHAR[]: each element of the returned collection printed;
//              the plan unnests the list
// Printing keeps every readable Batuta value exact (maps, vectors, big
// numbers, instants) at the cost of comparing printed text in SQL: such a
// column groups and tests equality correctly, but orders as text.
//
// Failure: the first panic (or error) of any call fails the query; the
// Batuta message, with its trace (file:line:column of the function), is
// kept in the UdfInfo and replaces DuckDB's text in the query's error.
// Other threads' calls after the first failure return without running.
//
// Lifetime: DuckDB owns each UdfInfo (extra info with a destroy callback);
// C API functions cannot be dropped, so each query that uses a function
// leaves one catalog entry (and its function value) until the store closes.
#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/value.h"
#include "query/duck.h"

namespace batuta::query {

enum class UdfKind : uint8_t { Predicate, Map, FlatMap };

struct UdfInfo {
  Value fn;                   // shared
  UdfKind kind;
  std::vector<Value> keys;    // the row map's keys (shared keywords); empty: one bare value
  std::vector<bool> printed;  // per argument: a printed Batuta value to read back
  std::string op;             // the clause, for errors ("where")
  std::string pos;            // the clause's position
  std::atomic<bool> failed{false};
  std::string error;          // written once, by the call that set `failed`
};

struct UdfArg {
  std::string key;   // the key the row map gives it ("" for a bare value)
  std::string sql;   // how SQL refers to it
  bool printed = false;
};

// Registers `fn` (marking it shared) and returns the SQL call of it over
// `args`, e.g. batuta_fn_3("users"."id", "users"."age"). `info_out` is the
// registered info, to ask after the query whether the function failed.
Result<std::string> register_udf(duckdb_connection con, const Value& fn, UdfKind kind, const std::vector<UdfArg>& args,
                                 std::string_view op, std::string_view pos, UdfInfo*& info_out);

// True on a DuckDB thread while it runs a Batuta function of a query
// (Store::get refuses the store there).
bool in_query_function();

// The printed form a Map function's value takes in SQL, and back.
std::string print_for_sql(const Value& v);
Result<Value> read_printed(std::string_view text);

}  // namespace batuta::query
