// store.cpp: see store.h.
#include "query/store.h"

#include "query/procs.h"
#include "query/progress.h"
#include "query/udf.h"

#include <algorithm>
#include <cstdlib>

#include "core/instant.h"
#include "core/string.h"

namespace batuta::query {

namespace {

std::string g_path_choice;
bool g_path_chosen = false;

constexpr const char* kCatalogDdl =
    "CREATE TABLE IF NOT EXISTS \"batuta$tables\" (name VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, key VARCHAR);"
    "CREATE TABLE IF NOT EXISTS \"batuta$columns\" (tbl VARCHAR NOT NULL, col VARCHAR NOT NULL, type VARCHAR NOT NULL,"
    " pos INTEGER NOT NULL);";

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

const ColumnInfo* TableInfo::column(std::string_view n) const {
  for (const ColumnInfo& c : columns) {
    if (c.name == n) return &c;
  }
  return nullptr;
}

void set_store_path(const std::string& path) {
  g_path_choice = path;
  g_path_chosen = true;
}

std::string history_table(std::string_view table) { return std::string(table) + "$history"; }

std::string closest_name(std::string_view name, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_d = std::max<size_t>(2, name.size() / 3) + 1;
  for (const std::string& c : candidates) {
    size_t d = edit_distance(name, c);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates, bool as_keyword) {
  std::string best = closest_name(name, candidates);
  if (best.empty()) return "";
  return "; did you mean " + std::string(as_keyword ? ":" : "") + best + "?";
}

namespace {
Store* g_store = nullptr;  // for the process's life: DuckDB writes its WAL on each commit
std::mutex g_store_once;
}  // namespace

bool Store::is_open() {
  std::lock_guard<std::mutex> guard(g_store_once);
  return g_store != nullptr;
}

void Store::close() {
  std::lock_guard<std::mutex> guard(g_store_once);
  delete g_store;
  g_store = nullptr;
  forget_stored_code();
}

Result<Store*> Store::get() {
  // A function running inside a query runs on one of DuckDB's threads while
  // the query's caller holds the store: using it there would deadlock.
  if (in_query_function()) {
    return store_error("a function running inside a query can't use the store (it runs on the engine's threads "
                       "while the query holds it): query or write before or after the query");
  }
  std::lock_guard<std::mutex> guard(g_store_once);
  Store*& store = g_store;
  if (store != nullptr) return store;
  std::string path = g_path_choice;
  if (!g_path_chosen) {
    if (const char* env = std::getenv("BATUTA_DB")) path = env;
  }
  auto* s = new Store();
  auto opened = s->open(path);
  if (!opened) {
    delete s;
    return opened.take_error();
  }
  store = s;
  return store;
}

Store::~Store() {
  if (!duckdb_loaded()) return;  // nothing was opened
  duck().duckdb_disconnect(&con_);
  duck().duckdb_close(&db_);
}

Result<bool> Store::open(const std::string& path) {
  Result<bool> loaded = load_duckdb();
  if (!loaded) return loaded.take_error();
  path_ = path.empty() ? ":memory:" : path;
  const char* p = path_ == ":memory:" ? nullptr : path_.c_str();
  char* error = nullptr;
  duckdb_config config = nullptr;
  duck().duckdb_create_config(&config);
  duckdb_state st = duck().duckdb_open_ext(p, &db_, config, &error);
  duck().duckdb_destroy_config(&config);
  if (st != DuckDBSuccess) {
    std::string msg = "cannot open the database " + path_ + ": " + (error != nullptr ? error : "unknown error");
    duck().duckdb_free(error);
    return store_error(msg);
  }
  if (duck().duckdb_connect(db_, &con_) != DuckDBSuccess) return store_error("cannot connect to the database " + path_);
  configure_progress(con_);
  QueryResult r;
  if (duck().duckdb_query(con_, kCatalogDdl, &r.r) != DuckDBSuccess) {
    r.valid = true;
    return store_error(std::string("cannot create the catalog: ") + duck().duckdb_result_error(&r.r));
  }
  r.valid = true;
  auto loaded_catalog = load_catalog();
  if (!loaded_catalog) return loaded_catalog;
  return check_layout();
}

Result<bool> Store::check_layout() {
  QueryResult r;
  auto q = query("SELECT t.name FROM \"batuta$tables\" t WHERE NOT EXISTS (SELECT 1 FROM duckdb_columns() c"
                 " WHERE c.table_name = t.name AND c.column_name = $1) ORDER BY t.name LIMIT 1",
                 {make_string_from_utf8(kValidFrom)}, r);
  if (!q) return q;
  RowReader rows(r.r);
  std::vector<Value> row;
  if (!rows.next(row)) return true;
  return store_error("the database " + path_ + " was written by an earlier version of the store: its table " +
                     std::string(string_view_of(row[0])) + " keeps no " + kValidFrom +
                     " column, so this version can't read its history");
}

Result<bool> Store::load_catalog() {
  tables_.clear();
  QueryResult t;
  auto ok = query("SELECT name, kind, key FROM \"batuta$tables\"", {}, t);
  if (!ok) return ok;
  {
    RowReader rows(t.r);
    std::vector<Value> row;
    while (rows.next(row)) {
      TableInfo info;
      info.name = std::string(string_view_of(row[0]));
      info.is_log = string_view_of(row[1]) == "log";
      if (is_string(row[2])) info.key = std::string(string_view_of(row[2]));
      tables_[info.name] = std::move(info);
    }
  }
  QueryResult c;
  ok = query("SELECT tbl, col, type FROM \"batuta$columns\" ORDER BY tbl, pos", {}, c);
  if (!ok) return ok;
  RowReader rows(c.r);
  std::vector<Value> row;
  while (rows.next(row)) {
    auto it = tables_.find(string_view_of(row[0]));
    if (it == tables_.end()) continue;
    ColType type = ColType::String;
    col_type_from_name(string_view_of(row[2]), type);
    it->second.columns.push_back(ColumnInfo{std::string(string_view_of(row[1])), type});
  }
  return true;
}

Result<uint64_t> Store::exec(const std::string& sql, const std::vector<Value>& params) {
  QueryResult r;
  auto ok = query(sql, params, r);
  if (!ok) return ok.take_error();
  return static_cast<uint64_t>(duck().duckdb_rows_changed(&r.r));
}

Result<bool> Store::query(const std::string& sql, const std::vector<Value>& params, QueryResult& out, bool streaming) {
  ++statements_;
  Statement stmt;
  auto p = stmt.prepare(con_, sql);
  if (!p) return p;
  auto b = stmt.bind_all(params);
  if (!b) return b;
  duckdb_state st;
  if (streaming) {
    duckdb_pending_result pending = nullptr;
    st = duck().duckdb_pending_prepared_streaming(stmt.get(), &pending);
    if (st != DuckDBSuccess) {
      const char* e = pending != nullptr ? duck().duckdb_pending_error(pending) : nullptr;
      std::string message = e != nullptr ? e : "the store failed to run a statement";
      duck().duckdb_destroy_pending(&pending);
      return store_error(message);
    }
    st = duck().duckdb_execute_pending(pending, &out.r);
    duck().duckdb_destroy_pending(&pending);
  } else {
    StatementWatch watch(con_);  // the progress bar and Ctrl-C (progress.h)
    st = duck().duckdb_execute_prepared(stmt.get(), &out.r);
    if (watch.finish(st)) {
      out.valid = true;
      return store_error(kInterruptedMessage);
    }
  }
  out.valid = true;
  if (st != DuckDBSuccess) {
    const char* e = duck().duckdb_result_error(&out.r);
    return store_error(e != nullptr ? e : "the store failed to run a statement");
  }
  return true;
}

Result<bool> Store::begin() {
  if (depth_++ > 0) return true;
  auto r = exec("BEGIN TRANSACTION");
  if (!r) {
    depth_ = 0;
    return r.take_error();
  }
  current_time_ = 0;
  return true;
}

Result<bool> Store::commit() {
  if (depth_ == 0) return true;
  if (--depth_ > 0) return true;
  current_time_ = 0;
  auto r = exec("COMMIT");
  if (!r) {
    (void)exec("ROLLBACK");
    (void)load_catalog();
    return r.take_error();
  }
  return true;
}

void Store::rollback() {
  if (depth_ == 0) return;
  depth_ = 0;
  current_time_ = 0;
  forget_time_bounds();  // rolled-back updates give rows their earlier valid-from back
  (void)exec("ROLLBACK");
  (void)load_catalog();
}

int64_t Store::transaction_time() {
  if (current_time_ != 0) return current_time_;
  int64_t t = now_micros();
  if (t <= last_time_) t = last_time_ + 1;
  last_time_ = t;
  if (depth_ > 0) current_time_ = t;
  return t;
}

Result<bool> Store::no_current_rows_by(const std::string& table, int64_t t) {
  if (t >= last_time_) return false;
  auto it = from_bounds_.find(table);
  if (it == from_bounds_.end() || (!it->second.exact && it->second.low <= t)) {
    QueryResult r;
    auto q = query("SELECT min(" + quote_ident(kValidFrom) + ") FROM " + quote_ident(table), {}, r);
    if (!q) return q;
    RowReader rows(r.r);
    std::vector<Value> row;
    if (!rows.next(row) || !(row[0].is_nil() || is_instant(row[0]))) return false;  // can't tell: keep the scan
    int64_t low = row[0].is_nil() ? INT64_MAX : instant_micros(row[0]);
    it = from_bounds_.insert_or_assign(table, FromBound{low, true}).first;
  }
  return t < it->second.low;
}

void Store::note_append(const std::string& table, int64_t t) {
  auto it = from_bounds_.find(table);
  if (it != from_bounds_.end()) it->second.low = std::min(it->second.low, t);
}

void Store::note_replace(const std::string& table) {
  auto it = from_bounds_.find(table);
  if (it != from_bounds_.end()) it->second.exact = false;
}

Result<bool> EngineThreads::set(int threads) {
  if (saved_.empty()) {
    QueryResult t;
    auto q = s_.query("SELECT current_setting('threads')", {}, t);
    if (!q) return q;
    RowReader rr(t.r);
    std::vector<Value> row;
    if (!rr.next(row) || !row[0].is_fixnum()) return store_error("the store did not say how many threads it runs");
    saved_ = std::to_string(row[0].as_fixnum());
  }
  auto r = s_.exec("SET threads = " + std::to_string(threads));
  if (!r) return r.take_error();
  return true;
}

EngineThreads::~EngineThreads() {
  if (!saved_.empty()) (void)s_.exec("SET threads = " + saved_);
}

const TableInfo* Store::find_table(std::string_view name) const {
  auto it = tables_.find(name);
  return it == tables_.end() ? nullptr : &it->second;
}

std::vector<std::string> Store::table_names() const {
  std::vector<std::string> out;
  for (auto& [name, info] : tables_) out.push_back(name);
  return out;
}

std::string Store::closest_table(std::string_view name) const { return closest_name(name, table_names()); }

Result<bool> Store::create_table(const TableInfo& info) {
  std::string cols, hist_cols;
  for (size_t i = 0; i < info.columns.size(); ++i) {
    const ColumnInfo& c = info.columns[i];
    std::string def = quote_ident(c.name) + " " + col_type_sql(c.type);
    cols += (i ? ", " : "") + def + (c.name == info.key ? " PRIMARY KEY" : "");
    hist_cols += def + ", ";
  }
  std::string name = quote_ident(info.name);
  std::string from = quote_ident(kValidFrom) + " TIMESTAMP NOT NULL";
  auto r = exec("CREATE TABLE " + name + " (" + cols + ", " + from + ")");
  if (!r) return r.take_error();
  r = exec("CREATE TABLE " + quote_ident(history_table(info.name)) + " (" + hist_cols + from + ", " +
           quote_ident(kValidTo) + " TIMESTAMP NOT NULL)");
  if (!r) return r.take_error();
  r = exec("INSERT INTO \"batuta$tables\" VALUES ($1, $2, $3)",
           {make_string_from_utf8(info.name), make_string_from_utf8(info.is_log ? "log" : "table"),
            info.key.empty() ? Value() : make_string_from_utf8(info.key)});
  if (!r) return r.take_error();
  tables_[info.name] = TableInfo{info.name, info.is_log, info.key, {}};
  return add_columns(info.name, info.columns, /*alter=*/false);
}

Result<bool> Store::add_columns(const std::string& table, const std::vector<ColumnInfo>& cols, bool alter) {
  auto it = tables_.find(table);
  if (it == tables_.end()) return store_error("no table " + table);
  TableInfo& info = it->second;
  for (const ColumnInfo& c : cols) {
    if (alter) {
      for (const std::string& t : {table, history_table(table)}) {
        auto r = exec("ALTER TABLE " + quote_ident(t) + " ADD COLUMN " + quote_ident(c.name) + " " + col_type_sql(c.type));
        if (!r) return r.take_error();
      }
    }
    auto r = exec("INSERT INTO \"batuta$columns\" VALUES ($1, $2, $3, $4)",
                  {make_string_from_utf8(table), make_string_from_utf8(c.name),
                   make_string_from_utf8(col_type_name(c.type)), Value::fixnum(static_cast<int64_t>(info.columns.size()))});
    if (!r) return r.take_error();
    info.columns.push_back(c);
  }
  return true;
}

}  // namespace batuta::query
