// duckdb_link_test.cpp: the pinned DuckDB header and shared library work
// together through the C API, as the query layer will use them.
//
// scripts/setup.sh installs duckdb.h and libduckdb.so from two npm packages
// that must be the same DuckDB release; these tests catch a mismatch (or a
// missing rpath) at once instead of deep inside the query layer. Results are
// read with the data-chunk API (DUCKDB_API_NO_DEPRECATED hides the old
// per-value accessors), which is what the query layer will use too.
#include <duckdb.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace {

// Owns a database and one connection to it; both are closed even when an
// assertion returns early.
class DuckDbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(duckdb_open(nullptr, &db_), DuckDBSuccess);  // nullptr: in memory
    ASSERT_EQ(duckdb_connect(db_, &con_), DuckDBSuccess);
  }
  void TearDown() override {
    duckdb_disconnect(&con_);  // both accept an already-null handle
    duckdb_close(&db_);
  }

  // Runs a statement that must succeed.
  void Exec(const char* sql) {
    duckdb_result r;
    duckdb_state st = duckdb_query(con_, sql, &r);
    EXPECT_EQ(st, DuckDBSuccess) << sql << ": " << (duckdb_result_error(&r) ? duckdb_result_error(&r) : "");
    duckdb_destroy_result(&r);
  }

  duckdb_database db_ = nullptr;
  duckdb_connection con_ = nullptr;
};

// A query result that is always destroyed.
struct Result {
  duckdb_result r{};
  ~Result() { duckdb_destroy_result(&r); }
};

// A fetched data chunk that is always destroyed.
struct Chunk {
  duckdb_data_chunk c = nullptr;
  ~Chunk() {
    if (c != nullptr) duckdb_destroy_data_chunk(&c);
  }
};

std::string_view StringAt(duckdb_vector v, idx_t row) {
  auto* strings = static_cast<duckdb_string_t*>(duckdb_vector_get_data(v));
  return {duckdb_string_t_data(&strings[row]), duckdb_string_t_length(strings[row])};
}

bool ValidAt(duckdb_vector v, idx_t row) {
  uint64_t* validity = duckdb_vector_get_validity(v);
  return validity == nullptr || duckdb_validity_row_is_valid(validity, row);  // null mask: all valid
}

TEST(DuckDbLink, LibraryIsThePinnedRelease) {
  // Must match the versions pinned in scripts/setup.sh.
  EXPECT_EQ(std::string_view(duckdb_library_version()).substr(0, 6), "v1.4.4");
}

TEST_F(DuckDbTest, SelectsConstants) {
  Result res;
  ASSERT_EQ(duckdb_query(con_, "SELECT 42 AS answer, 'batuta' AS name", &res.r), DuckDBSuccess)
      << duckdb_result_error(&res.r);
  ASSERT_EQ(duckdb_column_count(&res.r), 2u);
  EXPECT_STREQ(duckdb_column_name(&res.r, 0), "answer");
  EXPECT_STREQ(duckdb_column_name(&res.r, 1), "name");
  EXPECT_EQ(duckdb_column_type(&res.r, 0), DUCKDB_TYPE_INTEGER);
  EXPECT_EQ(duckdb_column_type(&res.r, 1), DUCKDB_TYPE_VARCHAR);

  Chunk chunk{duckdb_fetch_chunk(res.r)};
  ASSERT_NE(chunk.c, nullptr);
  ASSERT_EQ(duckdb_data_chunk_get_size(chunk.c), 1u);
  duckdb_vector answer = duckdb_data_chunk_get_vector(chunk.c, 0);
  duckdb_vector name = duckdb_data_chunk_get_vector(chunk.c, 1);
  ASSERT_TRUE(ValidAt(answer, 0));
  EXPECT_EQ(static_cast<int32_t*>(duckdb_vector_get_data(answer))[0], 42);
  EXPECT_EQ(StringAt(name, 0), "batuta");

  Chunk end{duckdb_fetch_chunk(res.r)};
  EXPECT_EQ(end.c, nullptr);  // one row only
}

TEST_F(DuckDbTest, CreatesInsertsAndAggregates) {
  Exec("CREATE TABLE events (kind VARCHAR, amount BIGINT)");
  Exec("INSERT INTO events VALUES ('a', 1), ('b', 10), ('a', 2), ('b', 20), ('c', NULL)");

  // Values go in as bound parameters, as the query layer will pass them.
  duckdb_prepared_statement insert = nullptr;
  ASSERT_EQ(duckdb_prepare(con_, "INSERT INTO events VALUES ($1, $2)", &insert), DuckDBSuccess)
      << duckdb_prepare_error(insert);
  EXPECT_EQ(duckdb_bind_varchar(insert, 1, "a's \"quoted\" kind"), DuckDBSuccess);
  EXPECT_EQ(duckdb_bind_int64(insert, 2, INT64_C(1) << 40), DuckDBSuccess);
  {
    Result res;
    EXPECT_EQ(duckdb_execute_prepared(insert, &res.r), DuckDBSuccess) << duckdb_result_error(&res.r);
    EXPECT_EQ(duckdb_rows_changed(&res.r), 1u);
  }
  duckdb_destroy_prepare(&insert);

  Result res;
  ASSERT_EQ(duckdb_query(con_,
                         "SELECT kind, sum(amount)::BIGINT AS total, count(*) AS n "
                         "FROM events GROUP BY kind ORDER BY kind",
                         &res.r),
            DuckDBSuccess)
      << duckdb_result_error(&res.r);
  ASSERT_EQ(duckdb_column_count(&res.r), 3u);
  EXPECT_EQ(duckdb_column_type(&res.r, 1), DUCKDB_TYPE_BIGINT);
  EXPECT_EQ(duckdb_column_type(&res.r, 2), DUCKDB_TYPE_BIGINT);

  struct Row {
    bool has_total;
    int64_t total;
    int64_t n;
  };
  std::map<std::string, Row> rows;
  for (;;) {
    Chunk chunk{duckdb_fetch_chunk(res.r)};
    if (chunk.c == nullptr) break;
    duckdb_vector kind = duckdb_data_chunk_get_vector(chunk.c, 0);
    duckdb_vector total = duckdb_data_chunk_get_vector(chunk.c, 1);
    duckdb_vector n = duckdb_data_chunk_get_vector(chunk.c, 2);
    for (idx_t i = 0; i < duckdb_data_chunk_get_size(chunk.c); ++i) {
      rows[std::string(StringAt(kind, i))] = {
          ValidAt(total, i), static_cast<int64_t*>(duckdb_vector_get_data(total))[i],
          static_cast<int64_t*>(duckdb_vector_get_data(n))[i]};
    }
  }
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows["a"].total, 3);
  EXPECT_EQ(rows["a"].n, 2);
  EXPECT_EQ(rows["b"].total, 30);
  EXPECT_EQ(rows["b"].n, 2);
  EXPECT_FALSE(rows["c"].has_total);  // sum of only NULLs is NULL
  EXPECT_EQ(rows["c"].n, 1);
  EXPECT_EQ(rows["a's \"quoted\" kind"].total, INT64_C(1) << 40);
}

TEST_F(DuckDbTest, ReportsErrorsAsValues) {
  Result res;
  EXPECT_EQ(duckdb_query(con_, "SELECT * FROM no_such_table", &res.r), DuckDBError);
  const char* message = duckdb_result_error(&res.r);
  ASSERT_NE(message, nullptr);
  EXPECT_NE(std::string_view(message).find("no_such_table"), std::string_view::npos) << message;
}

}  // namespace
