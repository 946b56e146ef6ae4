// duckdb_api.h: DuckDB's C API, loaded when the store is first used.
//
// libduckdb is large: linking it into `batuta` made the dynamic loader
// resolve its symbols at every start, about two thirds of a hello-world's
// 14 ms. A program that never touches the store should not pay for it, so
// the query layer calls DuckDB through a table of function pointers that
// load_duckdb() fills with dlopen/dlsym on first use (Store::open).
//
// Every call goes through duck().duckdb_xxx(...): the same names and types
// as duckdb.h (which is still included for its types), with the list of
// functions declared once in duckdb_functions.def.
//
// Where the library is looked for, first match wins:
//   $BATUTA_DUCKDB_LIBRARY                 an explicit path
//   the build's third_party/duckdb/lib     (BATUTA_DUCKDB_LIBRARY_PATH)
//   libduckdb.so on the loader's path      (an installed DuckDB)
#pragma once

#include <duckdb.h>

#include "core/status.h"

// Streaming results: this C API marks its only streaming entry point
// deprecated (hidden under DUCKDB_API_NO_DEPRECATED, which the build sets so
// nothing else deprecated creeps in), but the library still exports it and
// duckdb_fetch_chunk reads such a result chunk by chunk. for-each needs it
// (query/relation.h stream_plan), so it is declared here.
#ifdef DUCKDB_API_NO_DEPRECATED
extern "C" duckdb_state duckdb_pending_prepared_streaming(duckdb_prepared_statement prepared_statement,
                                                         duckdb_pending_result* out_result);
#endif

namespace batuta::query {

struct DuckDbApi {
#define BATUTA_DUCKDB_FUNCTION(name) decltype(&::name) name = nullptr;
#include "query/duckdb_functions.def"
#undef BATUTA_DUCKDB_FUNCTION
};

// Loads the library and every function once per process (thread-safe);
// later calls return the first outcome. The error names the paths tried.
Result<bool> load_duckdb();
// True once load_duckdb() has succeeded.
bool duckdb_loaded();

// The loaded functions (precondition: load_duckdb() succeeded).
extern DuckDbApi g_duckdb_api;
inline const DuckDbApi& duck() { return g_duckdb_api; }

}  // namespace batuta::query
