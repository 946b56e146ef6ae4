;; group-by + frequencies over 1,000,000 strings (see groupfreq.ba), timed
;; inside the JVM after warm-up runs (bench/lang/harness.clj).
(load-file (str (.getParent (java.io.File. ^String *file*)) "/../lang/harness.clj"))
(defn workload []
  (let [words (mapv (fn [i] (str "w" (mod (* i 7919) 1000))) (range 1000000))
        freqs (frequencies words)
        groups (group-by identity words)]
    (str (count freqs) " " (count groups) " " (get freqs "w7") " " (count (get groups "w7")))))
(harness/measure workload)
