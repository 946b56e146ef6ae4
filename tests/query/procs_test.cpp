// procs_test.cpp: stored procedures and triggers (query/procs.h,
// query/triggers.h), the seed's query-as-data notation, a pipeline's
// trailing map/filter/mapcat staying a query, and watching statements
// (query/progress.h): the progress reported and Ctrl-C (an interrupt
// request) stopping a long query.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>

#include "core/printer.h"
#include "lib/eval.h"
#include "query/progress.h"
#include "query/query_natives.h"
#include "query_session.h"
#include "query/store.h"
#include "vm/fiber.h"

namespace batuta {
namespace {

class ProcsTest : public QuerySessionTest {
 protected:
  ProcsTest() : QuerySessionTest("procs.ba") {}
};

TEST_F(ProcsTest, DefprocStoresAProcedureCallProcRunsItInOneTransaction) {
  eval("(insert! :p1 [{:id 1 :qty 5} {:id 2 :qty 50}])");
  EXPECT_EQ(eval("(defproc restock [min] \"Tops up low rows.\" "
                 "(doseq [r (filter #(< (:qty %) min) (query [:select :* :from :p1]))] "
                 "  (update! :p1 {:id (:id r)} {:qty min})) :done)"),
            ":restock");
  EXPECT_EQ(eval("(call-proc :restock 10)"), ":done");
  EXPECT_EQ(eval("(mapv :qty (from :p1 (order-by :id)))"), "[10 50]");
  EXPECT_NE(eval("(procs)").find(":restock"), std::string::npos);
  // all or nothing: a panic after a write rolls the write back
  eval("(defproc half-done [] (update! :p1 {:id 1} {:qty 0}) (panic :midway))");
  EXPECT_NE(eval("(call-proc :half-done)").find(":midway"), std::string::npos);
  EXPECT_EQ(eval("(mapv :qty (from :p1 (order-by :id)))"), "[10 50]");
  // errors name the procedure
  EXPECT_NE(eval("(call-proc :restok 1)").find("call-proc: no stored procedure :restok; did you mean :restock?"),
            std::string::npos);
  EXPECT_NE(eval("(defproc)").find("defproc takes a name, parameters and a body"), std::string::npos);
  EXPECT_NE(eval("(transact! (fn [] (defproc inner [] 1)))").find("can't be defined or dropped inside a transaction"),
            std::string::npos);
  EXPECT_EQ(eval("[(drop-proc! :half-done) (drop-proc! :half-done)]"), "[true false]");
}

TEST_F(ProcsTest, TriggersRunInsideTheWriteAndAPanicAbortsIt) {
  eval("(create-table! :t1 {:id Int :balance Int} :key :id)");
  eval("(deftrigger t1-positive :t1 [:insert :update] [change] "
       "  (doseq [r (:rows change)] (when (neg? (:balance r)) (panic :negative))))");
  eval("(deftrigger t1-audit :t1 [:update :delete] [change] "
       "  (append! :t1-log {:event (:event change) :ids (pr-str (mapv :id (:rows change))) "
       "                    :old (pr-str (mapv :balance (:old change)))}))");
  EXPECT_EQ(eval("(insert! :t1 [{:id 1 :balance 10} {:id 2 :balance 20}])"), "2");
  EXPECT_EQ(eval("(update! :t1 {:id 1} {:balance 5})"), "1");
  // the panic aborts the update and the audit row its other trigger wrote
  std::string failed = eval("(update! :t1 {} {:balance -1})");
  EXPECT_NE(failed.find("trigger :t1-positive (after update on t1): :negative; nothing of the write was stored"),
            std::string::npos)
      << failed;
  EXPECT_NE(eval("(insert! :t1 {:id 3 :balance -3})").find("(after insert on t1): :negative"), std::string::npos);
  EXPECT_EQ(eval("(mapv :balance (from :t1 (order-by :id)))"), "[5 20]");
  EXPECT_EQ(eval("(delete! :t1 {:id 2})"), "1");
  EXPECT_EQ(eval("(upsert! :t1 {:id 1 :balance 7})"), "1");
  EXPECT_EQ(eval("(mapv (juxt :event :ids :old) (from :t1-log (order-by :offset)))"),
            "[[:update \"[1]\" \"[10]\"] [:delete \"[2]\" \"[]\"] [:update \"[1]\" \"[5]\"]]");
  EXPECT_EQ(eval("(mapv :name (filter #(= (:table %) :t1) (triggers)))"), "[:t1-positive :t1-audit]");
  EXPECT_NE(eval("(deftrigger bad :t1 [:upsert] [c] nil)").find("the events are :insert, :update and :delete"),
            std::string::npos);
  // a trigger that writes to the table it watches is stopped, not endless
  eval("(deftrigger t2-loop :t2 :insert [change] (insert! :t2 {:id 0}))");
  EXPECT_NE(eval("(insert! :t2 {:id 1})").find("triggers nested more than 16 deep"), std::string::npos);
  EXPECT_EQ(eval("(drop-trigger! :t2-loop)"), "true");
}

TEST_F(ProcsTest, QueryDataIsTheSeedsNotation) {
  eval("(insert! :q1 [{:id 1 :w 7 :n \"a\"} {:id 2 :w 7 :n \"b\"} {:id 3 :w 9 :n \"c\"}])");
  EXPECT_EQ(eval("(let [w 7] (mapv :n (query [:select :* :from :q1 :where [:= :w w] :order-by [[:id :desc]]])))"),
            "[\"b\" \"a\"]");
  EXPECT_EQ(eval("(execute (query [:select [:id] :from :q1 :where [:and [:> :id 1] [:in :w [7 8]]]]))"), "[{:id 2}]");
  EXPECT_EQ(eval("(:params (explain (query [:select :n :from :q1 :where [:= :n \"x'; --\"] :limit 2])))"),
            "[\"x'; --\"]");
  EXPECT_NE(eval("(query [:select :* :from :q1 :where [:== :id 1]])").find("query: unknown operator :=="),
            std::string::npos);
  EXPECT_NE(eval("(query [:select :*])").find("say which table"), std::string::npos);
}

TEST_F(ProcsTest, TrailingMapFilterMapcatKeepAPipelineAQuery) {
  eval("(insert! :m1 [{:id 1 :name \"Ann\" :age 30} {:id 2 :name \"Bo\" :age 12} {:id 3 :name \"Cy\" :age 40}])");
  EXPECT_EQ(eval("(execute (->> (from :m1) (where (> :age 18)) (order-by :id) (map :name)))"), "[\"Ann\" \"Cy\"]");
  EXPECT_EQ(eval("(= #{\"Ann!\" \"Cy!\"} (set (execute (->> (from :m1) (where (> :age 18)) (map #(str (:name %) \"!\"))))))"),
            "true");
  EXPECT_EQ(eval("(execute (->> (from :m1) (filter #(even? (:id %)))))"), "[{:id 2 :name \"Bo\" :age 12}]");
  EXPECT_EQ(eval("(sort (execute (->> (from :m1) (mapcat #(vector (:id %) (- (:id %)))))))"), "(-3 -2 -1 1 2 3)");
  // the trailing step is part of the SQL, not a Batuta-side map
  EXPECT_NE(eval("(:sql (explain (->> (from :m1) (where (> :age 18)) (map #(:name %)))))").find("batuta_fn_"),
            std::string::npos);
  EXPECT_EQ(eval("(execute ((from :m1) |> where (> :age 18) |> order-by :id |> map :age))"), "[30 40]");
  // collections thread as before
  EXPECT_EQ(eval("(->> [1 2 3] (map inc) (filter odd?))"), "(3)");
}

TEST(StoredCode, ProceduresAndTriggersSurviveInADatabaseFile) {
  if (query::Store::is_open()) GTEST_SKIP() << "the store is already open in this process; run this test alone";
  char dir[] = "/tmp/batuta_procsXXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  std::string path = std::string(dir) + "/store.db";
  EXPECT_EQ(eval_in_process(path, "(insert! :stock {:id 1 :qty 3})"
                                  "(defn helper [x] (* 2 x))"
                                  "(defproc double-it [id] (let [r (first (filter #(= (:id %) id) (query [:select :* :from :stock])))]"
                                  "  (update! :stock {:id id} {:qty (* 2 (:qty r))}) :ok))"
                                  "(deftrigger log-stock :stock :update [c] (append! :stock-log {:n (count (:rows c))}))"
                                  "(defproc uses-helper [] (helper 1))"),
            ":uses-helper");
  // a new process: compiled from the stored source on first use
  EXPECT_EQ(eval_in_process(path, "[(procs) (call-proc :double-it 1) (mapv :qty (from :stock)) (count (from :stock-log))]"),
            "[[:double-it :uses-helper] :ok [6] 1]");
  EXPECT_EQ(eval_in_process(path, "(mapv :qty (from :stock))"), "[6]");
  // what the source names must exist in the process that compiles it
  std::string missing = eval_in_process(path, "(call-proc :uses-helper)");
  EXPECT_NE(missing.find("call-proc: proc :uses-helper does not compile from its stored source"), std::string::npos)
      << missing;
  EXPECT_NE(missing.find("helper"), std::string::npos) << missing;
  EXPECT_EQ(eval_in_process(path, "(defn helper [x] (* 3 x)) (call-proc :uses-helper)"), "3");
  std::string cmd = std::string("rm -rf ") + dir;
  EXPECT_EQ(std::system(cmd.c_str()), 0);
}

std::atomic<int> g_progress_calls{0};
std::atomic<bool> g_progress_in_range{true};
void record_progress(double fraction) {
  ++g_progress_calls;
  if (fraction < 0 || fraction > 1) g_progress_in_range = false;
}

// A query over a real table long enough for the watcher to look at it:
// DuckDB reports progress for table scans.
constexpr const char* kSlowQuery =
    "(sql \"select count(*) as n from slow a where md5(i::varchar) like '%abc%' and md5((i + 1)::varchar) like '%d%'\")";

TEST_F(ProcsTest, ProgressIsReportedWhileAQueryRuns) {
  eval("(sql \"create table slow as select range as i from range(4000000)\")");
  query::set_progress_sink(&record_progress, 0);
  std::string r = eval(kSlowQuery);
  query::set_progress_sink(nullptr, query::kDefaultBarDelayMs);
  EXPECT_EQ(r.substr(0, 5), "[{:n ") << r;
  EXPECT_GT(g_progress_calls.load(), 0);
  EXPECT_TRUE(g_progress_in_range.load());
}

TEST_F(ProcsTest, AnInterruptRequestStopsARunningQuery) {
  eval("(sql \"create table slow2 as select range as i from range(100000)\")");
  // a request 200 ms in, as the REPL's Ctrl-C makes it
  std::thread timer([] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    request_interrupt();
  });
  auto t0 = std::chrono::steady_clock::now();
  std::string r = eval("(sql \"select count(*) from slow2 a, slow2 b where a.i + b.i = 7\")");
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  timer.join();
  EXPECT_NE(r.find(query::kInterruptedMessage), std::string::npos) << r;
  EXPECT_LT(seconds, 10.0);
  // the store goes on
  EXPECT_EQ(eval("(count (sql \"select 1\"))"), "1");
  EXPECT_FALSE(g_interrupt_requested.load());  // the request was taken by the query, not left for later code
}

}  // namespace
}  // namespace batuta
