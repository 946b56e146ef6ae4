;; vector_bench.clj: the workloads of bench/core/vector_bench.cpp on
;; Clojure's PersistentVector, for bench/peers/run.sh.
;;
;; Run: java -cp /usr/share/java/clojure.jar clojure.main vector_bench.clj
;;
;; Each workload runs 3 times to warm the JIT up, then 5 measured times; the
;; median ns per operation is printed as "name value" lines. Indices are
;; made before timing, as in the Batuta benchmark.
(set! *warn-on-reflection* true)
(set! *unchecked-math* :warn-on-boxed)

(def ^:const million 1000000)

(defn build-vector
  "0..n-1 by persistent conj (no transient), as (reduce conj [] xs) does."
  [^long n]
  (loop [v [] i 0]
    (if (< i n) (recur (conj v i) (inc i)) v)))

(defn median [xs] (nth (sort xs) (quot (count xs) 2)))

(defn report [name ^double value] (println name (format "%.1f" value)))

(defn measure
  "Median ns per op over 5 timed runs of (f), after 3 warm-up runs."
  [f ^long ops]
  (dotimes [_ 3] (f))
  (median (for [_ (range 5)]
            (let [t0 (System/nanoTime)]
              (f)
              (/ (double (- (System/nanoTime) t0)) ops)))))

(def sink (volatile! nil))

(defn -main []
  (let [^clojure.lang.PersistentVector v (build-vector million)
        rng (java.util.Random. 1)
        ^ints indices (int-array (repeatedly (bit-shift-left 1 20) #(.nextInt rng (int million))))]
    (report "conj" (measure #(vreset! sink (build-vector million)) million))
    (report "nth_random"
            (measure #(vreset! sink
                               (let [n (alength indices)]
                                 (loop [s 0 i 0]
                                   (if (< i n)
                                     (recur (+ s (long (.nth v (aget indices i)))) (inc i))
                                     s))))
                     (alength indices)))
    (report "nth_sequential"
            (measure #(vreset! sink
                               (loop [s 0 i 0]
                                 (if (< i million)
                                   (recur (+ s (long (.nth v i))) (inc i))
                                   s)))
                     million))))

(-main)
