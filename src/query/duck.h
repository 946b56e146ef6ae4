// duck.h: the thin layer over DuckDB's C API the rest of the query layer
// uses: owning handles, statements with bound parameters, and conversion of
// result chunks to Batuta values.
//
// Every Batuta value reaches DuckDB as a bound parameter (bind_value) or
// through the appender, never as SQL text; identifiers are quoted with
// quote_ident. Results are read chunk by chunk with the data-chunk API.
//
// Type mapping, both ways (ColType is the column's Batuta type, kept in the
// store's catalog because DuckDB alone cannot tell a keyword from a string):
//   Int      BIGINT      fixnums and 64-bit big integers
//   BigInt   HUGEINT     integers up to 128 bits
//   Float    DOUBLE
//   String   VARCHAR
//   Keyword  VARCHAR     the keyword's text without the colon
//   Bool     BOOLEAN
//   Instant  TIMESTAMP   microseconds, UTC (core/instant.h)
// Reading any other result type: small and unsigned integers give integers,
// DECIMAL gives an integer (scale 0) or an exact ratio, DATE and the other
// TIMESTAMP kinds give instants, LIST gives a vector, STRUCT and MAP give
// maps with keyword keys.
#pragma once

#include "query/duckdb_api.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/value.h"

namespace batuta::query {

enum class ColType : uint8_t { Int, BigInt, Float, String, Keyword, Bool, Instant, Unknown };

const char* col_type_name(ColType t);     // "Int", "String"... (the names users write)
const char* col_type_sql(ColType t);      // "BIGINT", "VARCHAR"...
bool col_type_from_name(std::string_view name, ColType& out);  // case-insensitive, several spellings
// The type a value needs (Unknown for nil); false when no column can hold it.
bool col_type_of_value(const Value& v, ColType& out);
// Whether a column of type t can hold v (nil always fits; an integer fits a Float column).
bool value_fits(ColType t, const Value& v);

// An integer (fixnum or big) as a 128-bit value (HUGEINT); false when it
// does not fit.
bool integer_to_int128(const Value& v, __int128& out);

// "name" with embedded quotes doubled.
std::string quote_ident(std::string_view name);

// An error of the store: kind InvalidArgument, the message as given.
Error store_error(std::string message);

// Owns a prepared statement.
class Statement {
 public:
  Statement() = default;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { duck().duckdb_destroy_prepare(&stmt_); }
  // Prepares `sql` on `con`; the error carries DuckDB's message.
  Result<bool> prepare(duckdb_connection con, const std::string& sql);
  // Binds params[i] to $i+1 (Batuta values, converted by bind_value).
  Result<bool> bind_all(const std::vector<Value>& params);
  duckdb_prepared_statement get() { return stmt_; }

 private:
  duckdb_prepared_statement stmt_ = nullptr;
};

// Owns a result.
struct QueryResult {
  duckdb_result r{};
  bool valid = false;
  QueryResult() = default;
  QueryResult(const QueryResult&) = delete;
  QueryResult& operator=(const QueryResult&) = delete;
  ~QueryResult() {
    if (valid) duck().duckdb_destroy_result(&r);
  }
};

// A DuckDB value for a Batuta value (nil, booleans, integers, floats,
// strings, keywords, instants); an error naming the value otherwise.
Result<duckdb_value> to_duck_value(const Value& v);

// Reads a result's rows: one Batuta value per cell. `keyword_columns[i]`
// true turns column i's strings into keywords.
class RowReader {
 public:
  explicit RowReader(duckdb_result& r);
  size_t column_count() const { return names_.size(); }
  const std::string& column_name(size_t i) const { return names_[i]; }
  void set_keyword_column(size_t i) { keyword_[i] = true; }
  // The next row's cells into `out` (resized); false at the end.
  bool next(std::vector<Value>& out);
  // Rows of several chunks: the number read so far.
  uint64_t rows_read() const { return rows_read_; }

 private:
  bool load_chunk();
  duckdb_result& r_;
  std::vector<std::string> names_;
  std::vector<bool> keyword_;
  std::vector<duckdb_logical_type> types_;  // owned, one per column
  std::vector<duckdb_vector> vecs_;         // of the current chunk
  duckdb_data_chunk chunk_ = nullptr;
  idx_t chunk_size_ = 0;
  idx_t row_ = 0;
  uint64_t rows_read_ = 0;

 public:
  ~RowReader();
  RowReader(const RowReader&) = delete;
  RowReader& operator=(const RowReader&) = delete;
};

// One cell of a vector as a Batuta value (exposed for the UDF bridge).
Value cell_value(duckdb_vector vec, duckdb_logical_type type, idx_t row);

}  // namespace batuta::query
