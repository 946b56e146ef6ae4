// raw_sql.cc: the query benchmarks as SQL sent straight to DuckDB through
// its C API, on the database file bench/query/query.ba filled (run.sh runs
// both). Named .cc, not .cpp: it is a standalone tool built by run.sh, not
// one of the Google Benchmark executables CMake makes of bench/*/*.cpp.
//
//   raw_sql DB_FILE ROWS RUNS AS_OF_MS
//
// Prints `RESULT <workload> <metric> <value>` lines like query.ba: medians
// of RUNS timings after one warm-up, each reading every result row.
#include <duckdb.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

duckdb_connection con;

void check(duckdb_state st, duckdb_result* r, const char* what) {
  if (st == DuckDBSuccess) return;
  std::fprintf(stderr, "raw_sql: %s: %s\n", what, r != nullptr ? duckdb_result_error(r) : "failed");
  std::exit(1);
}

// Runs sql and reads every chunk (the work a client does to see the rows).
void run(const std::string& sql) {
  duckdb_result r;
  check(duckdb_query(con, sql.c_str(), &r), &r, sql.c_str());
  uint64_t cells = 0;
  while (duckdb_data_chunk chunk = duckdb_fetch_chunk(r)) {
    cells += duckdb_data_chunk_get_size(chunk) * duckdb_data_chunk_get_column_count(chunk);
    duckdb_destroy_data_chunk(&chunk);
  }
  duckdb_destroy_result(&r);
  if (cells == 0) std::fprintf(stderr, "raw_sql: no rows from %s\n", sql.c_str());
}

double now_ms() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double median_ms(int runs, const std::string& sql) {
  run(sql);
  std::vector<double> t;
  for (int i = 0; i < runs; ++i) {
    double t0 = now_ms();
    run(sql);
    t.push_back(now_ms() - t0);
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

void result(const char* workload, const char* metric, double v) { std::printf("RESULT %s %s %f\n", workload, metric, v); }

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: raw_sql DB_FILE ROWS RUNS AS_OF_MS\n");
    return 2;
  }
  long rows = std::atol(argv[2]);
  int runs = std::atoi(argv[3]);
  long long as_of_us = std::atoll(argv[4]) * 1000;
  duckdb_database db;
  if (duckdb_open(argv[1], &db) != DuckDBSuccess || duckdb_connect(db, &con) != DuckDBSuccess) {
    std::fprintf(stderr, "raw_sql: cannot open %s\n", argv[1]);
    return 1;
  }

  // bulk insert through the appender, one transaction, into a fresh table
  // of the same columns as query.ba's orders; the median of three tables,
  // as query.ba does.
  const char* statuses[] = {"paid", "pending", "refunded", "paid"};
  long users = rows / 10;
  std::vector<double> insert_ms;
  for (int k = 0; k < 3; ++k) {
    std::string table = "raw_orders_" + std::to_string(k);
    duckdb_result r;
    check(duckdb_query(con, ("DROP TABLE IF EXISTS " + table).c_str(), &r), &r, "drop");
    duckdb_destroy_result(&r);
    check(duckdb_query(con, ("CREATE TABLE " + table + " (id BIGINT, \"user-id\" BIGINT, amount BIGINT, status VARCHAR)").c_str(), &r),
          &r, "create");
    duckdb_destroy_result(&r);
    double t0 = now_ms();
    duckdb_appender app;
    if (duckdb_appender_create(con, nullptr, table.c_str(), &app) != DuckDBSuccess) return 1;
    for (long i = 0; i < rows; ++i) {
      duckdb_append_int64(app, i);
      duckdb_append_int64(app, (i * 7919) % users);
      duckdb_append_int64(app, (i * 31) % 1000);
      duckdb_append_varchar(app, statuses[i % 4]);
      duckdb_appender_end_row(app);
    }
    duckdb_appender_destroy(&app);  // flushes
    insert_ms.push_back(now_ms() - t0);
  }
  std::sort(insert_ms.begin(), insert_ms.end());
  result("insert", "rows_per_s", rows / (insert_ms[1] / 1000.0));

  result("aggregate", "ms",
         median_ms(runs,
                   "SELECT \"user-id\", count(*) AS n, sum(amount) AS total FROM orders "
                   "WHERE status = 'paid' AND amount > 100 GROUP BY \"user-id\" ORDER BY total DESC LIMIT 10"));
  result("join", "ms",
         median_ms(runs,
                   "SELECT u.id, count(o.id) AS \"order-count\", sum(o.amount) AS \"total-spent\" "
                   "FROM users u JOIN orders o ON u.id = o.\"user-id\" GROUP BY u.id ORDER BY \"total-spent\" DESC LIMIT 100"));
  result("sql_where", "ms", median_ms(runs, "SELECT count(*) AS n FROM orders WHERE amount > 500"));
  result("current", "ms", median_ms(runs, "SELECT count(*) AS n, sum(v) AS s FROM versions"));
  std::string ts = "make_timestamp(" + std::to_string(as_of_us) + ")";
  // the store's layout (query/store.h): current versions in the table,
  // replaced ones in its history
  result("as_of", "ms",
         median_ms(runs, "SELECT count(*) AS n, sum(v) AS s FROM (SELECT v FROM versions WHERE \"batuta$from\" <= " + ts +
                             " UNION ALL SELECT v FROM \"versions$history\" WHERE \"batuta$from\" <= " + ts +
                             " AND \"batuta$to\" > " + ts + ")"));
  duckdb_disconnect(&con);
  duckdb_close(&db);
  return 0;
}
