;; A closure called 10,000,000 times by reduce over a range (see
;; reduce.ba), timed inside the JVM after warm-up runs (harness.clj).
(load-file (str (.getParent (java.io.File. ^String *file*)) "/harness.clj"))

(defn weighted-sum [k n]
  (reduce (fn [acc x] (+ acc (* x k))) 0 (range n)))

(harness/measure #(weighted-sum 3 10000000))
