;; harness.clj: timing inside one JVM for the Clojure peers of bench/lang.
;;
;; The other runtimes are timed from outside, one process per run, because
;; their start-up (a few milliseconds) is noise next to the workload. The
;; JVM's start-up and JIT compilation are not (about a second), so a
;; Clojure program runs the workload WARMUP times untimed, then RUNS times
;; timed with System/nanoTime, in the same JVM. Printed: the result on the
;; first line, then one "seconds S" line per timed run; bench/lang/run.sh
;; takes the median.
;;
;;   clojure fib.clj [RUNS [WARMUP]]     defaults 5 and 3
(ns harness)

(defn measure [workload]
  (let [[runs warmup] (map #(Long/parseLong %) *command-line-args*)
        runs (or runs 5)
        warmup (or warmup 3)]
    (dotimes [_ warmup] (workload))
    (let [times (vec (for [_ (range runs)]
                       (let [start (System/nanoTime)
                             result (workload)]
                         [result (/ (- (System/nanoTime) start) 1e9)])))]
      (println (first (first times)))
      (doseq [[_ seconds] times]
        (println "seconds" seconds)))))
