;; map_bench.clj: the workloads of bench/core/map_bench.cpp on Clojure's
;; PersistentHashMap, for bench/peers/run.sh.
;;
;; Run: java -cp /usr/share/java/clojure.jar clojure.main map_bench.clj
;;
;; Every workload runs 3 times to warm the JIT up, then 5 measured times;
;; the median is printed as "name value" lines (ns per operation, or bytes
;; per entry for memory). Keys are boxed Longs made before timing, as the
;; Batuta benchmark's keys are Values made before timing, so neither side
;; times the making of keys. Each map maps key k to value k + 1 (two Long
;; objects per entry, as in the Batuta benchmark's distinct key and value).
(set! *warn-on-reflection* true)
(set! *unchecked-math* :warn-on-boxed)

(def ^:const million 1000000)
(def ^:const batch 100000)

(defn build-map
  "Keys 0..n-1 to k + 1, by persistent assoc (each node array sized exactly,
  unlike a transient build, which leaves room in its arrays)."
  [^long n]
  (loop [m {} k 0]
    (if (< k n) (recur (assoc m k (inc k)) (inc k)) m)))

(defn keys-from ^objects [^long first ^long n]
  (object-array (map #(Long/valueOf (long %)) (range first (+ first n)))))

(defn random-keys ^objects [^long n ^long lo ^long hi ^long seed]
  (let [rng (java.util.Random. seed)]
    (object-array (repeatedly n #(Long/valueOf (+ lo (long (.nextInt rng (int (- hi lo))))))))))

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

(defn used-memory ^long []
  (dotimes [_ 4] (System/gc) (Thread/sleep 100))
  (let [rt (Runtime/getRuntime)] (- (.totalMemory rt) (.freeMemory rt))))

(def sink (volatile! nil))

(defn -main []
  (let [base (build-map million)
        ^objects new-keys (keys-from million batch)
        ^objects hit-keys (random-keys million 0 million 1)
        ^objects miss-keys (random-keys million (* 2 million) (* 3 million) 2)
        ^objects dissoc-keys (random-keys batch 0 million 3)]
    (report "assoc_new"
             (measure #(vreset! sink
                                (let [n (alength new-keys)]
                                  (loop [m base i 0]
                                    (if (< i n)
                                      (let [k (aget new-keys i)] (recur (assoc m k k) (inc i)))
                                      m))))
                      batch))
    (report "get_hit"
             (measure #(vreset! sink
                                (let [n (alength hit-keys)]
                                  (loop [s 0 i 0]
                                    (if (< i n)
                                      (recur (+ s (long (.valAt ^clojure.lang.ILookup base (aget hit-keys i)))) (inc i))
                                      s))))
                      million))
    (report "get_miss"
             (measure #(vreset! sink
                                (let [n (alength miss-keys)]
                                  (loop [s 0 i 0]
                                    (if (< i n)
                                      (recur (if (nil? (.valAt ^clojure.lang.ILookup base (aget miss-keys i))) s (inc s))
                                             (inc i))
                                      s))))
                      million))
    (report "dissoc"
             (measure #(vreset! sink
                                (let [n (alength dissoc-keys)]
                                  (loop [m base i 0]
                                    (if (< i n) (recur (dissoc m (aget dissoc-keys i)) (inc i)) m))))
                      batch))
    (report "build" (measure #(vreset! sink (build-map million)) million))
    (vreset! sink nil)
    (let [before (used-memory)
          m (build-map million)
          after (used-memory)]
      (report "memory" (/ (double (- after before)) (count m))))))

(-main)
