// udf_test.cpp: Batuta functions inside queries (query/udf.h): where with a
// lambda, map/filter/flat-map/transform steps, group-by a function, panics
// inside DuckDB's worker threads, and for-each streaming.
#include <gtest/gtest.h>

#include <string>

#include "core/printer.h"
#include "lib/eval.h"
#include "query/query_natives.h"
#include "query_session.h"

namespace batuta {
namespace {

class UdfTest : public QuerySessionTest {
 protected:
  UdfTest() : QuerySessionTest("udf.ba") {}
};

TEST_F(UdfTest, LambdaInWhereRunsInsideTheEngineOnRowMaps) {
  eval("(insert! :u1 [{:id 1 :name \"Alice\" :age 30} {:id 2 :name \"Bob\" :age 17} {:id 3 :name \"Carol\" :age 42}])");
  EXPECT_EQ(eval("(mapv :name (from :u1 (where #(> (:age %) 18)) (order-by :id)))"), "[\"Alice\" \"Carol\"]");
  // a predicate SQL can't say is a call of a registered function in the SQL, not a Batuta-side filter
  EXPECT_EQ(eval("(mapv :name (from :u1 (where #(even? (:age %))) (order-by :id)))"), "[\"Alice\" \"Carol\"]");
  std::string sql = eval("(:sql (explain (from :u1 (where #(even? (:age %))))))");
  EXPECT_NE(sql.find("WHERE batuta_fn_"), std::string::npos) << sql;
  // the row is a map with keyword keys of every visible column
  EXPECT_EQ(eval("(first (from :u1 (where #(= % {:id 2 :name \"Bob\" :age 17}))))"), "{:id 2 :name \"Bob\" :age 17}");
  // a function mixes with SQL clauses
  EXPECT_EQ(eval("(execute (->> (from :u1) (where (> :age 10)) (where odd?*) (select [:id])))").substr(0, 6), "ERROR:");
  EXPECT_EQ(eval("(let [odd-id? (fn [r] (odd? (:id r)))] (mapv :id (->> (from :u1) (where (> :age 18)) (where odd-id?) (order-by :id))))"),
            "[1 3]");
}

// A lambda that reads the row only as (:col %) and uses operators SQL has
// runs as SQL: no function call per row.
TEST_F(UdfTest, LambdaOverFieldsAndOperatorsRunsAsSql) {
  eval("(insert! :u6 [{:id 1 :name \"Alice\" :age 30 :kind :a} {:id 2 :name \"Bob\" :age 17 :kind :b}"
       " {:id 3 :name \"Carol\" :age 42 :kind :a}])");
  EXPECT_EQ(eval("(:sql (explain (from :u6 (where #(> (:age %) 18)))))"),
            "\"SELECT \\\"u6\\\".\\\"id\\\" AS \\\"id\\\", \\\"u6\\\".\\\"name\\\" AS \\\"name\\\", "
            "\\\"u6\\\".\\\"age\\\" AS \\\"age\\\", \\\"u6\\\".\\\"kind\\\" AS \\\"kind\\\" FROM \\\"u6\\\" "
            "WHERE (\\\"u6\\\".\\\"age\\\" > $1)\"");
  // closed-over locals are parameters, evaluated once; (get r :col) reads a column too
  EXPECT_EQ(eval("(let [n 18 who \"Carol\"] (mapv :id (from :u6 (where (fn [r] (and (> (:age r) n) (not= (get r :name) who)))))))"),
            "[1]");
  EXPECT_EQ(eval("(let [n 18] (:params (explain (from :u6 (where #(or (< (:age %) n) (= (:name %) (str \"Ca\" \"rol\"))))))))"),
            "[18 \"Ca\" \"rol\"]");
  // a keyword literal is a value, not a column
  EXPECT_EQ(eval("(mapv :id (from :u6 (where #(= (:kind %) :b))))"), "[2]");
  EXPECT_EQ(eval("(mapv :id (from :u6 (where #(and (some? (:name %)) (>= (+ (:age %) 1) 31))) (order-by :id)))"), "[1 3]");
  // an unknown column is an error with a hint, as in a where template
  EXPECT_NE(eval("(execute (from :u6 (where #(> (:agee %) 18))))").find("where: unknown column :agee in u6; did you mean :age?"),
            std::string::npos);
  // a function that reads its row only as (:col %) gets a map of just those columns
  EXPECT_NE(eval("(:sql (explain (from :u6 (where #(even? (:age %))))))").find("(\\\"u6\\\".\\\"age\\\")"),
            std::string::npos);
  EXPECT_EQ(eval("(mapv :id (from :u6 (where (fn [r] (and (odd? (:id r)) (pos? (get r :age))))) (order-by :id)))"), "[1 3]");
  EXPECT_NE(eval("(execute (from :u6 (where #(even? (:agee %)))))").find("where: unknown column :agee in u6; did you mean :age?"),
            std::string::npos);
  // anything else stays a Batuta function run per row: other calls, the whole row, nil, non-boolean operands
  for (const char* lambda : {"#(even? (:age %))", "#(= % {:id 2})", "#(= (:age %) nil)", "#(and (:age %) (> (:age %) 1))",
                             "(fn [{:keys [age]}] (> age 18))", "#(> (count (:name %)) 3)"}) {
    std::string sql = eval(std::string("(:sql (explain (from :u6 (where ") + lambda + "))))");
    EXPECT_NE(sql.find("batuta_fn_"), std::string::npos) << lambda << " " << sql;
  }
}

TEST_F(UdfTest, MapFilterFlatMapAndTransformSteps) {
  eval("(insert! :u2 [{:id 1 :name \"Ann\"} {:id 2 :name \"Bo\"} {:id 3 :name \"Cy\"}])");
  EXPECT_EQ(eval("(execute (->> (from :u2) (map :name) (order-by :value)))"), "[\"Ann\" \"Bo\" \"Cy\"]");
  EXPECT_EQ(eval("(execute (->> (from :u2) (filter #(odd? (:id %))) (map #(* 10 (:id %))) (order-by :value)))"), "[10 30]");
  EXPECT_EQ(eval("(execute (->> (from :u2) (transform #(assoc % :n (count (:name %)))) (limit 1)))").substr(0, 1), "[");
  EXPECT_EQ(eval("(set (execute (->> (from :u2) (transform #(assoc % :n (count (:name %)))))))"),
            eval("#{{:id 1 :name \"Ann\" :n 3} {:id 2 :name \"Bo\" :n 2} {:id 3 :name \"Cy\" :n 2}}"));
  // flat-map then group-by identity and aggregate: the seed's word count shape
  EXPECT_EQ(eval("(execute (->> (from :u2) (map :name) (flat-map #(vec (str %))) (group-by identity)"
                 " (aggregate :n (count *)) (order-by :n :desc :value) (limit 2)))"),
            "[{:value \\n :n 2} {:value \\A :n 1}]");
  // group-by a function: its value is the group's :key
  EXPECT_EQ(eval("(execute (->> (from :u2) (group-by #(count (:name %))) (aggregate :n (count *)) (order-by :key)))"),
            "[{:key 2 :n 2} {:key 3 :n 1}]");
  // values round-trip exactly through the printed form
  EXPECT_EQ(eval("(execute (->> (from :u2) (where (= :id 1)) (map (fn [r] [r 12345678901234567890 1/3 #{:a}])) (limit 5)))"),
            "[[{:id 1 :name \"Ann\"} 12345678901234567890 1/3 #{:a}]]");
  // on collections the same names keep their Clojure meaning
  EXPECT_EQ(eval("(group-by identity (map inc (filter odd? [1 2 3])))"), "{2 [2] 4 [4]}");
  EXPECT_EQ(eval("(vec (flat-map #(vector % %) [1 2]))"), "[1 1 2 2]");
}

TEST_F(UdfTest, PanicInsideTheEngineFailsTheQueryAndTheProcessGoesOn) {
  eval("(insert! :u3 (mapv (fn [i] {:id i}) (range 100000)))");
  eval("(defn bad-row [r] (if (= (:id r) 77777) (panic {:bad (:id r)}) true))");
  std::string e = eval("(execute (from :u3 (where bad-row) (parallel 8)))");
  EXPECT_NE(e.find("udf.ba:1:20: where: {:bad 77777}"), std::string::npos) << e;
  EXPECT_NE(e.find("at bad-row (udf.ba:1:"), std::string::npos) << e;  // the Batuta trace of the function
  // runtime faults too, in map steps
  e = eval("(execute (->> (from :u3) (map #(/ (:id %) 0)) (limit 5)))");
  EXPECT_NE(e.find("map: /: division by zero"), std::string::npos) << e;
  // the store and the engine's threads are fine afterwards
  EXPECT_EQ(eval("(count (from :u3 (where #(and (< (:id %) 10) (integer? (:id %)))) (parallel 8)))"), "10");
  EXPECT_EQ(eval("(execute (from :u3 (aggregate :n (count *))))"), "[{:n 100000}]");
  // a function inside a query can't use the store (its caller holds it): an error, not a deadlock
  e = eval("(execute (from :u3 (where (fn [_] (= 1 (count (from :u3))))) (limit 1)))");
  EXPECT_NE(e.find("a function running inside a query can't use the store"), std::string::npos) << e;
}

TEST_F(UdfTest, ManyWorkerThreadsAgreeWithTheSqlPredicate) {
  EXPECT_EQ(eval("(insert! :u4 (mapv (fn [i] {:id i :x (mod i 7)}) (range 300000)))"), "300000");
  EXPECT_EQ(eval("(execute (->> (from :u4) (where #(= (mod (:x %) 7) 3)) (aggregate :n (count *) :s (sum :id)) (parallel 16)))"),
            eval("(execute (from :u4 (where (= :x 3)) (aggregate :n (count *) :s (sum :id))))"));
}

TEST_F(UdfTest, ForEachStreamsRows) {
  eval("(insert! :u5 (mapv (fn [i] {:id i}) (range 5000)))");
  EXPECT_EQ(eval("(let [seen (atom 0)] [(for-each (fn [r] (swap! seen + (:id r))) (from :u5)) @seen])"),
            "[5000 12497500]");
  EXPECT_EQ(eval("(let [seen (atom [])] (for-each #(swap! seen conj %) (->> (from :u5) (where (< :id 3)) (map :id) (order-by :value))) @seen)"),
            "[0 1 2]");
  // a panic in the function stops the stream with its error
  std::string e = eval("(for-each #(when (= (:id %) 4000) (panic :stop)) (from :u5))");
  EXPECT_NE(e.find("panic: :stop"), std::string::npos) << e;
  EXPECT_EQ(eval("(count (from :u5))"), "5000");
  // a function that writes while rows stream to it would cut the stream short: refused
  e = eval("(for-each #(when (= (:id %) 10) (insert! :u5-log {:x 1})) (from :u5))");
  EXPECT_NE(e.find("for-each: the function used the store while rows were streaming to it"), std::string::npos) << e;
  // on a collection: run!
  EXPECT_EQ(eval("(let [a (atom 0)] (for-each #(swap! a + %) [1 2 3]) @a)"), "6");
}

}  // namespace
}  // namespace batuta
