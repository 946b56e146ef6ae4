;; fib(32) by naive double recursion (see fib.ba), timed inside the JVM
;; after warm-up runs (harness.clj).
(load-file (str (.getParent (java.io.File. ^String *file*)) "/harness.clj"))

(defn fib [n]
  (if (< n 2)
    n
    (+ (fib (- n 1)) (fib (- n 2)))))

(harness/measure #(fib 32))
