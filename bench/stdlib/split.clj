;; str/split + str/join over the 100 MB text (see split.ba), timed inside
;; the JVM after warm-up runs (bench/lang/harness.clj). clojure.string/split
;; takes a regex; #"\n" is a single literal character, which Java's
;; String.split handles without the regex engine.
(load-file (str (.getParent (java.io.File. ^String *file*)) "/../lang/harness.clj"))
(require '[clojure.string :as str])
(defn workload []
  (let [text (slurp "/tmp/batuta-bench-stdlib/text.txt")
        pieces (str/split text #"\n")
        joined (str/join "\n" pieces)]
    (str (count pieces) " " (count joined))))
(harness/measure workload)
