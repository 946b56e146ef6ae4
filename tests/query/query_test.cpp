// query_test.cpp: the embedded store and the query layer through Batuta
// code (the natives installed as the CLI installs them): instants, bound
// parameters against hostile text, all-or-nothing writes, the SQL a query
// compiles to, and durability of committed inserts under SIGKILL.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <set>
#include <string>

#include "core/instant.h"
#include "core/printer.h"
#include "core/string.h"
#include "lib/eval.h"
#include "query/query_natives.h"
#include "query_session.h"
#include "query/store.h"

namespace batuta {
namespace {

class QueryTest : public QuerySessionTest {
 protected:
  QueryTest() : QuerySessionTest("test.ba") {}
};

TEST(Instant, FormatsAndParsesMicroseconds) {
  int64_t us = 0;
  ASSERT_TRUE(parse_instant("2026-11-23T10:00:00.123456Z", us));
  EXPECT_EQ(format_instant(us), "2026-11-23T10:00:00.123456Z");
  ASSERT_TRUE(parse_instant("1970-01-01", us));
  EXPECT_EQ(us, 0);
  ASSERT_TRUE(parse_instant("1969-12-31T23:59:59.999999Z", us));
  EXPECT_EQ(us, -1);
  EXPECT_EQ(format_instant(-1), "1969-12-31T23:59:59.999999Z");
  ASSERT_TRUE(parse_instant("2024-02-29T12:00:00+02:00", us));
  EXPECT_EQ(format_instant(us), "2024-02-29T10:00:00.000000Z");
  EXPECT_FALSE(parse_instant("2023-02-29", us));  // not a leap year
  EXPECT_FALSE(parse_instant("2026-13-01", us));
  EXPECT_FALSE(parse_instant("2026-11-23T25:00", us));
  EXPECT_FALSE(parse_instant("yesterday", us));
}

TEST_F(QueryTest, InstantsReadPrintAndCompare) {
  EXPECT_EQ(eval("#inst \"2026-11-23T10:00:00Z\""), "#inst \"2026-11-23T10:00:00.000000Z\"");
  EXPECT_EQ(eval("(= #inst \"2026-11-23T10:00:00Z\" #inst \"2026-11-23T11:00:00+01:00\")"), "true");
  EXPECT_EQ(eval("(= (hash #inst \"2026-11-23T10:00:00Z\") (hash (inst \"2026-11-23T10:00:00.000000Z\")))"), "true");
  EXPECT_EQ(eval("(compare #inst \"2026-01-01\" #inst \"2025-01-01\")"), "1");
  EXPECT_EQ(eval("(sort [#inst \"2026-01-01\" #inst \"2025-01-01\"])"),
            "(#inst \"2025-01-01T00:00:00.000000Z\" #inst \"2026-01-01T00:00:00.000000Z\")");
  EXPECT_NE(eval("#inst \"2026-02-30\"").find("invalid instant"), std::string::npos);
}

TEST_F(QueryTest, HostileTextIsDataNeverSql) {
  const char* hostile[] = {"'; DROP TABLE h; --", "\"quoted\"", "a;b", "/* c */", "x' OR '1'='1", "$1", "?"};
  for (const char* h : hostile) {
    std::string lit = pr_str(make_string_from_utf8(h));
    eval("(insert! :h {:id 1 :v " + lit + "})");
    EXPECT_EQ(eval("(:v (first (from :h (where (= :v " + lit + ")))))"), lit) << h;
    EXPECT_EQ(eval("(count (sql \"select * from h where v = ?\" " + lit + "))"), "1") << h;
    eval("(delete! :h {:v " + lit + "})");
  }
  // as names of tables and columns: quoted identifiers, stored and read back
  EXPECT_EQ(eval("(insert! (keyword \"t\\\"; DROP TABLE h; --\") {(keyword \"c\\\" --\") \"v\"})"), "1");
  EXPECT_EQ(eval("(first (from (keyword \"t\\\"; DROP TABLE h; --\")))"), "{:c\" -- \"v\"}");
  EXPECT_EQ(eval("(some #{:h} (tables))"), ":h");  // still there
}

TEST_F(QueryTest, ValuesAreBoundParametersInTheGeneratedSql) {
  eval("(insert! :p {:id 1 :name \"a\" :age 3})");
  EXPECT_EQ(eval("(:sql (explain (from :p (where (and (> :age 18) (= :name \"x\"))) (select [:name]) (limit 5))))"),
            "\"SELECT \\\"p\\\".\\\"name\\\" AS \\\"name\\\" FROM \\\"p\\\" WHERE ((\\\"p\\\".\\\"age\\\" > $1) AND "
            "(\\\"p\\\".\\\"name\\\" = $2)) LIMIT 5\"");
  EXPECT_EQ(eval("(:params (explain (from :p (where (and (> :age 18) (= :name \"x\"))) (select [:name]) (limit 5))))"),
            "[18 \"x\"]");
}

TEST_F(QueryTest, FailedWritesStoreNothing) {
  eval("(create-table! :w {:id Int :name String} :key :id)");
  EXPECT_NE(eval("(insert! :w [{:id 1 :name \"a\"} {:id 2 :name 7}])")
                .find("insert!: table w, row 2: column :name is String and can't hold 7 (an integer); nothing was written"),
            std::string::npos);
  EXPECT_EQ(eval("(count (from :w))"), "0");
  EXPECT_NE(eval("(insert! :w [{:id 1 :name \"a\"} {:id 1 :name \"b\"}])").find("nothing was written"), std::string::npos);
  EXPECT_EQ(eval("(count (from :w))"), "0");
  EXPECT_NE(eval("(transact! (fn [] (insert! :w {:id 5 :name \"e\"}) (update! :w {:id 5} {:name \"f\"}) (panic \"boom\")))")
                .find("boom"),
            std::string::npos);
  EXPECT_EQ(eval("[(count (from :w)) (count (from :w (history nil nil)))]"), "[0 0]");
  EXPECT_EQ(eval("(transact! (fn [] (insert! :w {:id 6 :name \"g\"}) (update! :w {:id 6} {:name \"h\"}) :done))"), ":done");
  EXPECT_EQ(eval("[(mapv :name (from :w)) (count (from :w (history nil nil)))]"), "[[\"h\"] 1]");
}

// insert! fills DuckDB's column chunks (2048 rows) straight from the row
// maps: every type, nils and the chunk boundaries; a bad cell in a later
// chunk still stores nothing.
TEST_F(QueryTest, BulkInsertsKeepEveryTypeAcrossChunks) {
  EXPECT_EQ(eval("(insert! :bulk (mapv (fn [i] {:id i :f (if (even? i) 1.5 2) :s (when (odd? i) (str \"s\" i)) :k :kw"
                 " :b (zero? (mod i 3)) :big (if (= i 4999) 170141183460469231731687303715884105727 i)"
                 " :t #inst \"2026-01-01T00:00:00.000001Z\"}) (range 5000)))"),
            "5000");
  EXPECT_EQ(eval("(execute (from :bulk (where (= :id 4999)) (select [:big :s :k :b :t])))"),
            "[{:big 170141183460469231731687303715884105727 :s \"s4999\" :k :kw :b false "
            ":t #inst \"2026-01-01T00:00:00.000001Z\"}]");
  EXPECT_EQ(eval("(execute (from :bulk (aggregate :n (count *) :s (count :s) :f (sum :f) :b (count-distinct :b))))"),
            "[{:n 5000 :s 2500 :f 8750.0 :b 2}]");
  EXPECT_NE(eval("(insert! :bulk (mapv (fn [i] {:id (+ 10000 i) :f (if (= i 4100) \"x\" 1.0)}) (range 5000)))")
                .find("insert!: table bulk, row 4101: column :f is Float and can't hold \"x\" (a string); nothing was written"),
            std::string::npos);
  EXPECT_EQ(eval("(count (from :bulk))"), "5000");
  eval("(create-table! :bk {:id Int :v Int} :key :id)");
  EXPECT_NE(eval("(insert! :bk [{:id 1 :v 1} {:v 2}])").find("insert!: table bk, row 2: the key :id is missing; nothing was written"),
            std::string::npos);
  EXPECT_EQ(eval("(count (from :bk))"), "0");
  EXPECT_EQ(eval("(append! :blog (mapv (fn [i] {:i i}) (range 3000)))"), "3000");
  EXPECT_EQ(eval("(append! :blog {:i 3000})"), "1");
  EXPECT_EQ(eval("(execute (from :blog (where (>= :i 2999)) (select [:offset :i]) (order-by :i)))"),
            "[{:offset 2999 :i 2999} {:offset 3000 :i 3000}]");
}

// The current state holds each row's current version with its valid-from;
// updates and deletes move the versions they replace to the history table,
// which only grows; as-of reads both with plain comparisons.
TEST_F(QueryTest, HistoryHoldsReplacedVersionsOnly) {
  eval("(create-table! :hv {:id Int :v Int} :key :id)");
  eval("(insert! :hv [{:id 1 :v 10} {:id 2 :v 20}])");
  EXPECT_EQ(eval("(count (sql \"select * from \\\"hv$history\\\"\"))"), "0");  // an insert writes once
  eval("(def t1 (now))");
  eval("(update! :hv {:id 1} {:v 11})");
  eval("(delete! :hv {:id 2})");
  EXPECT_EQ(eval("(mapv (juxt :id :v) (sql \"select id, v from \\\"hv$history\\\" order by id\"))"), "[[1 10] [2 20]]");
  EXPECT_EQ(eval("(mapv :v (from :hv (as-of t1) (order-by :id)))"), "[10 20]");
  EXPECT_EQ(eval("(mapv :v (from :hv))"), "[11]");
  EXPECT_EQ(eval("(mapv (juxt :v #(some? (:valid-to %))) (from :hv (history t1 nil) (order-by :valid-from :v)))"),
            "[[10 true] [20 true] [11 false]]");
  // written and replaced in one transaction: that version leaves no history
  eval("(transact! (fn [] (insert! :hv {:id 3 :v 30}) (update! :hv {:id 3} {:v 31})))");
  EXPECT_EQ(eval("(count (sql \"select * from \\\"hv$history\\\"\"))"), "2");
  std::string sql = eval("(:sql (explain (from :hv (as-of t1))))");
  EXPECT_NE(sql.find("\\\"batuta$from\\\" <= $1 AND \\\"batuta$to\\\" > $1"), std::string::npos) << sql;
}

// When every current row was written after the as-of time, the query
// reads only the history table; rolled-back updates and raw SQL make the
// store look again.
TEST_F(QueryTest, AsOfBeforeEveryCurrentVersionReadsOnlyTheHistory) {
  eval("(insert! :hb [{:id 1 :v 1} {:id 2 :v 1}])");
  eval("(def ta (now))");
  // ta is after every write so far: a later write could still be current at ta
  EXPECT_NE(eval("(:sql (explain (from :hb (as-of ta))))").find("UNION ALL"), std::string::npos);
  eval("(update! :hb {} {:v 2})");
  EXPECT_EQ(eval("(:sql (explain (from :hb (as-of ta))))").find("UNION ALL"), std::string::npos);
  EXPECT_EQ(eval("(mapv :v (from :hb (as-of ta)))"), "[1 1]");
  eval("(def tb (now))");
  EXPECT_NE(eval("(transact! (fn [] (update! :hb {} {:v 3}) (when (= [2 2] (mapv :v (from :hb (as-of tb)))) (panic :undo))))")
                .find(":undo"),
            std::string::npos);
  EXPECT_EQ(eval("(mapv :v (from :hb (as-of tb)))"), "[2 2]");  // the rolled-back update's bound is gone
  eval("(sql \"update hb set \\\"batuta$from\\\" = ? where id = 1\" #inst \"2000-01-01\")");
  EXPECT_EQ(eval("(mapv :v (from :hb (as-of #inst \"2001-01-01\")))"), "[2]");
}

TEST_F(QueryTest, UnknownNamesGiveHints) {
  eval("(insert! :people {:id 1 :first-name \"a\"})");
  EXPECT_NE(eval("(execute (from :people (where (= :frist-name \"a\"))))")
                .find("test.ba:1:24: where: unknown column :frist-name in people; did you mean :first-name?"),
            std::string::npos);
  EXPECT_NE(eval("(update! :peeple {:id 1} {:id 2})").find("update!: no table peeple; did you mean :people?"),
            std::string::npos);
  EXPECT_NE(eval("(execute (from :people (select [:id (count *)])))").find("count is an aggregate"), std::string::npos);
}

// A child process inserts rows one by one into a database file and reports
// each id after insert! returns; it is killed with SIGKILL mid-stream. A
// second child reopens the file: every reported id must be there, whole.
TEST(QueryDurability, CommittedInsertsSurviveSigkill) {
  if (query::Store::is_open()) GTEST_SKIP() << "the store is already open in this process; run this test alone";
  char dir[] = "/tmp/batuta_durabilityXXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  std::string path = std::string(dir) + "/store.db";
  int ack[2];
  ASSERT_EQ(pipe(ack), 0);
  pid_t writer = fork();
  ASSERT_GE(writer, 0);
  if (writer == 0) {
    close(ack[0]);
    query::set_store_path(path);
    install_query_natives();
    if (!boot().ok()) _exit(3);
    Session s;
    for (int i = 0;; ++i) {
      EvalError e;
      std::string src = "(insert! :log {:id " + std::to_string(i) + " :payload (apply str (repeat 200 \"x\"))})";
      if (!s.eval_source(src, "w.ba", &e).ok()) _exit(4);
      if (write(ack[1], &i, sizeof i) != sizeof i) _exit(5);
    }
  }
  close(ack[1]);
  std::set<int> acknowledged;
  int id;
  while (acknowledged.size() < 300 && read(ack[0], &id, sizeof id) == sizeof id) acknowledged.insert(id);
  kill(writer, SIGKILL);
  while (read(ack[0], &id, sizeof id) == sizeof id) acknowledged.insert(id);  // acks written before the kill
  close(ack[0]);
  int status = 0;
  waitpid(writer, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the writer stopped on its own with " << status;
  ASSERT_GE(acknowledged.size(), 300u);

  std::string text = eval_in_process(path, "(mapv :id (from :log (where (= (length :payload) 200))))");
  ASSERT_EQ(text.rfind("ERROR", 0), std::string::npos) << text;
  std::set<int> stored;
  size_t pos = 1;
  while (pos < text.size()) {
    size_t end = text.find_first_of(" ]", pos);
    if (end == pos) break;
    stored.insert(std::stoi(text.substr(pos, end - pos)));
    pos = end + 1;
  }
  for (int a : acknowledged) EXPECT_TRUE(stored.count(a)) << "insert " << a << " returned but is not in the file";
  std::string cleanup = std::string("rm -rf ") + dir;
  EXPECT_EQ(std::system(cleanup.c_str()), 0);
}

// A database file whose tables predate the current layout (no
// batuta$from column, query/store.h) is refused at open, naming the file
// and the table. In a child process: the store is chosen once per process.
TEST(QueryLayout, AFileOfAnEarlierLayoutIsRefused) {
  if (query::Store::is_open()) GTEST_SKIP() << "the store is already open in this process; run this test alone";
  char dir[] = "/tmp/batuta_layoutXXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  std::string path = std::string(dir) + "/old.db";
  int status = 0;
  std::string text = output_of_child([&] {
    if (!query::load_duckdb().ok()) _exit(3);
    const auto& d = query::duck();
    duckdb_database db = nullptr;
    duckdb_connection con = nullptr;
    duckdb_config config = nullptr;
    d.duckdb_create_config(&config);
    char* error = nullptr;
    if (d.duckdb_open_ext(path.c_str(), &db, config, &error) != DuckDBSuccess) _exit(4);
    d.duckdb_destroy_config(&config);
    if (d.duckdb_connect(db, &con) != DuckDBSuccess) _exit(5);
    for (const char* sql : {"CREATE TABLE \"batuta$tables\" (name VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, key VARCHAR)",
                            "INSERT INTO \"batuta$tables\" VALUES ('old', 'table', NULL)",
                            "CREATE TABLE old (id BIGINT)",
                            "CREATE TABLE \"old$history\" (id BIGINT, \"batuta$from\" TIMESTAMP NOT NULL, \"batuta$to\" TIMESTAMP)"}) {
      duckdb_result r;
      if (d.duckdb_query(con, sql, &r) != DuckDBSuccess) _exit(6);
      d.duckdb_destroy_result(&r);
    }
    d.duckdb_disconnect(&con);
    d.duckdb_close(&db);
    query::set_store_path(path);
    auto store = query::Store::get();
    return store.ok() ? std::string("opened") : store.error().message;
  }, &status);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  EXPECT_EQ(text, "the database " + path + " was written by an earlier version of the store: its table old keeps no "
                  "batuta$from column, so this version can't read its history");
  std::string cleanup = std::string("rm -rf ") + dir;
  EXPECT_EQ(std::system(cleanup.c_str()), 0);
}

}  // namespace
}  // namespace batuta
