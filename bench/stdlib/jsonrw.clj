;; JSON read and write of the 50 MB document (see jsonrw.ba) with
;; clojure.data.json (Debian's libdata-json-clojure), timed inside the JVM
;; after warm-up runs (bench/lang/harness.clj).
(load-file (str (.getParent (java.io.File. ^String *file*)) "/../lang/harness.clj"))
(require '[clojure.data.json :as json])
(defn workload []
  (let [data (json/read-str (slurp "/tmp/batuta-bench-stdlib/doc.json") :key-fn keyword)
        out (json/write-str data)]
    (str (count data) " " (count out))))
(harness/measure workload)
