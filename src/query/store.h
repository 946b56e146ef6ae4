// store.h: the embedded store: one DuckDB database per process, its
// catalog, the transaction clock and transactions.
//
// The database is in memory unless a file was chosen (set_store_path, from
// `batuta run --db FILE`, or the BATUTA_DB environment variable); it is
// opened on first use.
//
// Temporal model (system-versioned tables, as SQL:2011, XTDB, Datomic):
// every user table `t` is two DuckDB tables,
//   "t"           the current state: the user's columns (the key, if any,
//                 is its PRIMARY KEY) and "batuta$from", the transaction
//                 time its version was written; plain queries scan it;
//   "t$history"   every earlier version: the user's columns plus
//                 "batuta$from" and "batuta$to" (TIMESTAMPs, the
//                 transaction times between which the version was
//                 current).
// A row's current version lives only in "t" (an insert writes once); an
// update or delete copies the versions it replaces to "t$history",
// stamped with its time as "batuta$to", so the history table is append
// only and ordered by "batuta$to": DuckDB's per-row-group min/max of both
// times prune an as-of scan to the row groups that can hold versions
// current at that time (plan.cpp). A version written and replaced in the
// same transaction leaves no history.
// Each write is stamped with one transaction time from a strictly
// increasing clock (microseconds, never repeating even when the wall clock
// stands still or steps back), and changes both tables in one DuckDB
// transaction. A log (append!) is a table whose rows are never updated or
// deleted, with two extra columns: "offset" (0, 1, 2... in append order)
// and "timestamp" (the transaction time of the append).
//
// The catalog (tables, their kind, key and columns with Batuta types) is
// kept in two tables of the database itself ("batuta$tables",
// "batuta$columns"), so a database file reopens with its types, and is
// mirrored in memory.
//
// Threads: the store has one connection; every operation takes the store's
// lock, and transact! holds it for the whole transaction.
#pragma once

#include "query/duckdb_api.h"

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/value.h"
#include "query/duck.h"

namespace batuta::query {

struct ColumnInfo {
  std::string name;
  ColType type;
};

struct TableInfo {
  std::string name;
  bool is_log = false;
  std::string key;  // the key column, or empty
  std::vector<ColumnInfo> columns;

  const ColumnInfo* column(std::string_view n) const;
};

// Chooses the database file before the store opens ("" or ":memory:" for
// memory). The CLI calls it for --db.
void set_store_path(const std::string& path);

class Store {
 public:
  // The process's store, opened on first use (an error when it cannot be).
  static Result<Store*> get();
  // Whether get() has opened the store in this process (a path chosen
  // afterwards no longer applies).
  static bool is_open();
  // Closes the process's store (a no-op when it is not open): DuckDB then
  // drops the functions registered for queries and their Batuta closures.
  // For process exit only, once nothing runs queries (the CLI's finish,
  // the tests' exit), so that LeakSanitizer sees a clean heap; a later
  // get() would open a new store.
  static void close();
  ~Store();

  std::recursive_mutex& lock() { return lock_; }
  duckdb_connection connection() { return con_; }
  const std::string& path() const { return path_; }

  // Statements with bound parameters ($1, $2... are params[0], params[1]...).
  Result<uint64_t> exec(const std::string& sql, const std::vector<Value>& params = {});
  // With `streaming`, `out` yields its chunks as DuckDB produces them
  // (nothing is materialised); no other statement may run on the
  // connection until `out` is destroyed.
  Result<bool> query(const std::string& sql, const std::vector<Value>& params, QueryResult& out, bool streaming = false);

  // Transactions nest: only the outermost begin/commit reach DuckDB; a
  // rollback at any depth rolls the whole transaction back (and reloads the
  // catalog, which may have changed inside it).
  // How many statements have run (every write begins with one): a
  // streaming reader checks it did not change under it.
  uint64_t statements() const { return statements_; }

  Result<bool> begin();
  Result<bool> commit();
  void rollback();
  bool in_transaction() const { return depth_ > 0; }

  // The transaction time of the current write: one per outermost
  // transaction, strictly increasing across transactions.
  int64_t transaction_time();

  const TableInfo* find_table(std::string_view name) const;
  std::vector<std::string> table_names() const;
  // "users" for "usres": the closest known table name, or "".
  std::string closest_table(std::string_view name) const;

  // True when no current row of `table` was written at or before `t`, so
  // an as-of t query needs only the history table. The store keeps, per
  // table, a lower bound of its current rows' valid-from: an append at
  // time w lowers it to w at most; updates and deletes only raise the true
  // minimum, so the bound stays valid but may become loose, and is then
  // recomputed (one scan of the column) when it can't answer. Rollbacks and
  // SQL sent with (sql ...) forget every bound. Only answers true for t
  // before the latest transaction time: writes still to come are later.
  Result<bool> no_current_rows_by(const std::string& table, int64_t t);
  void note_append(const std::string& table, int64_t t);
  void note_replace(const std::string& table);
  void forget_time_bounds() { from_bounds_.clear(); }

  // Creates a table (and its history table) and records it in the catalog.
  Result<bool> create_table(const TableInfo& info);
  // Adds columns to a table (and its history table); with alter false
  // they exist in DuckDB already and are only recorded in the catalog.
  Result<bool> add_columns(const std::string& table, const std::vector<ColumnInfo>& cols, bool alter = true);

 private:
  Store() = default;
  Result<bool> open(const std::string& path);
  Result<bool> load_catalog();
  // Refuses a file whose tables predate the current layout (a table
  // without batuta$from), rather than failing at its first write.
  Result<bool> check_layout();

  std::recursive_mutex lock_;
  std::string path_;
  duckdb_database db_ = nullptr;
  duckdb_connection con_ = nullptr;
  std::map<std::string, TableInfo, std::less<>> tables_;
  int depth_ = 0;
  uint64_t statements_ = 0;
  int64_t last_time_ = 0;
  int64_t current_time_ = 0;  // of the open transaction, 0 when none
  struct FromBound {
    int64_t low;  // every current row's valid-from is >= low (INT64_MAX: no rows)
    bool exact;   // low is the minimum itself
  };
  std::map<std::string, FromBound, std::less<>> from_bounds_;  // tables without one: unknown
};

// Sets DuckDB's worker threads (a database-wide setting) for a scope and
// puts the previous number back when the scope ends. For `parallel n`
// queries, and for bulk appends, which run fastest on one thread: with
// more, each of the appender's flushes pays for handing its work between
// threads (on 2 cores, 1M rows appended in 1.5x the time).
// The caller holds the store's lock for the whole scope.
class EngineThreads {
 public:
  explicit EngineThreads(Store& s) : s_(s) {}
  ~EngineThreads();
  EngineThreads(const EngineThreads&) = delete;
  EngineThreads& operator=(const EngineThreads&) = delete;
  Result<bool> set(int threads);

 private:
  Store& s_;
  std::string saved_;  // the previous setting, "" when unchanged
};

// The closest candidate to `name` by edit distance (at most a third of its
// length, at least 2), or "".
std::string closest_name(std::string_view name, const std::vector<std::string>& candidates);

// `; did you mean :age?` or "".
std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates, bool as_keyword);

// The history table of a table.
std::string history_table(std::string_view table);
constexpr const char* kValidFrom = "batuta$from";
constexpr const char* kValidTo = "batuta$to";

}  // namespace batuta::query
