;; 100,000,000 iterations of loop/recur (see loop.ba), timed inside the
;; JVM after warm-up runs (harness.clj).
(load-file (str (.getParent (java.io.File. ^String *file*)) "/harness.clj"))

(defn alternating-sum []
  (loop [i 0 acc 0]
    (if (< i 100000000)
      (recur (inc i) (- i acc))
      acc)))

(harness/measure alternating-sum)
