;; map / filter / reduce over 10,000,000 integers (see pipeline.ba), timed
;; inside the JVM after warm-up runs (bench/lang/harness.clj).
(load-file (str (.getParent (java.io.File. ^String *file*)) "/../lang/harness.clj"))
(harness/measure #(reduce + 0 (filter even? (map (fn [x] (* 3 x)) (range 10000000)))))
