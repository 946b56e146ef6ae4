// writes_append.h: the bulk path of insert!, append! and upsert!'s new
// rows: row maps straight into DuckDB data chunks, one column vector per
// column, appended a chunk (duckdb_vector_size() rows) at a time.
//
// Why chunks: DuckDB's per-value appender calls cost a type dispatch and a
// bounds check per cell; a chunk is filled with plain stores into its
// vectors and handed over once per 2048 rows. Rows are read straight from
// the Batuta maps (keys matched to columns by keyword identity: keywords
// are interned), with no intermediate copy of names or cells.
//
// An inserted row is written once, to the current table, stamped with its
// valid-from (store.h): its history is implicit until an update or delete
// moves it to the history table.
//
// Checking happens while appending: a cell that does not fit its column,
// or a row without its key, fails the call; the caller's transaction then
// rolls back what was appended, so the write stays all or nothing.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/value.h"
#include "query/duck.h"

namespace batuta::query {

class Store;
struct TableInfo;

// `op: table t, row n: column :c is Int and can't hold "x" (a string); nothing was written`.
Error misfit(std::string_view op, const std::string& table, size_t row_index, const std::string& column, ColType type,
             const Value& v);

// `op: table t, row n: the key :id is missing; nothing was written`.
Error missing_key(std::string_view op, const TableInfo& info, size_t row_index);

// The rows of a write, each a map, without copying them: pointers into
// the caller's vector (which outlives the write), or into `owned` for the
// elements of a list, lazy sequence or set realised here. Copying a
// million rows would touch every row's reference count twice.
struct RowMaps {
  std::vector<const Value*> rows;
  std::vector<Value> owned;
  size_t size() const { return rows.size(); }
  const Value& operator[](size_t i) const { return *rows[i]; }
};

// Appends `rows` (maps with keyword keys naming columns of `info`, which
// ensure_columns made sure of) to the table's current state with
// valid-from `t`. A log's "offset" column is numbered from `first_offset`
// and its "timestamp" is `t`.
Result<bool> append_row_maps(Store& s, std::string_view op, const TableInfo& info, const RowMaps& rows, int64_t t,
                             int64_t first_offset);

}  // namespace batuta::query
