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
#include "query/store.h"

namespace batuta {
namespace {

// Boots once per process; each test then runs Batuta source in a session.
class QueryTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    install_query_natives();
    ASSERT_TRUE(boot().ok());
  }
  // The printed value of the last form, or "ERROR: report".
  std::string eval(std::string_view source) {
    EvalError error;
    auto r = session_.eval_source(source, "test.ba", &error);
    return r.ok() ? pr_str(r.value()) : "ERROR: " + error.report;
  }
  Session session_;
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
            "(\\\"p\\\".\\\"name\\\" = $2)) LIMIT $3\"");
  EXPECT_EQ(eval("(:params (explain (from :p (where (and (> :age 18) (= :name \"x\"))) (select [:name]) (limit 5))))"),
            "[18 \"x\" 5]");
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

  int back[2];
  ASSERT_EQ(pipe(back), 0);
  pid_t reader = fork();
  ASSERT_GE(reader, 0);
  if (reader == 0) {
    close(back[0]);
    query::set_store_path(path);
    install_query_natives();
    if (!boot().ok()) _exit(3);
    Session s;
    EvalError e;
    auto ids = s.eval_source("(mapv :id (from :log (where (= (length :payload) 200))))", "r.ba", &e);
    std::string out = ids.ok() ? pr_str(ids.value()) : "ERROR " + e.report;
    if (write(back[1], out.data(), out.size()) < 0) _exit(5);
    _exit(0);
  }
  close(back[1]);
  std::string text;
  char buf[4096];
  ssize_t n;
  while ((n = read(back[0], buf, sizeof buf)) > 0) text.append(buf, static_cast<size_t>(n));
  close(back[0]);
  waitpid(reader, &status, 0);
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

}  // namespace
}  // namespace batuta
