#!/usr/bin/env bash
# run.sh: the same workloads on Batuta and on peer runtimes, side by side.
#
#   bench/peers/run.sh
#
# Today: persistent hash maps of 1,000,000 fixnum entries against Clojure
# 1.11's PersistentHashMap (bench/peers/clojure/map_bench.clj), next to
# bench/core/map_bench.cpp. Prints one table of medians (5 repetitions each)
# and the ratio peer / Batuta (above 1: Batuta is faster or smaller).
#
# Needs the benchmark executable ($BENCH_DIR, default build/bench, built by
# `make bench`; built here if missing). Clojure runs when java is installed
# and /usr/share/java/clojure.jar exists; when the jar is missing and we are
# root, Debian's `clojure` package is installed first. A missing peer is
# reported and skipped: benchmarks measure, they do not judge.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

BENCH_DIR="${BENCH_DIR:-build/bench}"
MAP_BENCH="$BENCH_DIR/core_map_bench"
VECTOR_BENCH="$BENCH_DIR/core_vector_bench"
CLOJURE_JAR="${CLOJURE_JAR:-/usr/share/java/clojure.jar}"

machine() {
  local model
  model="$(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -1)"
  echo "${model:-unknown CPU}, $(nproc) cores"
}

ensure_map_bench() {
  [[ -x $MAP_BENCH && -x $VECTOR_BENCH ]] && return 0
  echo "building $MAP_BENCH ..." >&2
  local build_dir="${BENCH_DIR%/bench}"
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBATUTA_BENCH=ON >/dev/null
  ninja -C "$build_dir" bench_core_map_bench bench_core_vector_bench >/dev/null
}

ensure_clojure() {
  command -v java >/dev/null 2>&1 && [[ -f $CLOJURE_JAR ]] && return 0
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian's clojure package ..." >&2
    apt-get install -y clojure >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y clojure >/dev/null 2>&1; } || true
  fi
  command -v java >/dev/null 2>&1 && [[ -f $CLOJURE_JAR ]]
}

# "name value" lines from the Batuta map benchmark: the median ns_per_op of
# each benchmark, and the median bytes per entry. Google Benchmark's JSON
# puts one field per line, which awk reads without a JSON parser.
batuta_map_figures() {
  batuta_figures "$MAP_BENCH"
}

# batuta_figures EXE [google-benchmark flags...]: "name value" median lines.
batuta_figures() {
  local exe=$1
  shift
  "$exe" "$@" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
    --benchmark_format=json 2>/dev/null |
    awk '
      /"name":/ {
        name = $0; sub(/.*"name": *"/, "", name); sub(/".*/, "", name)
        median = name ~ /_median$/
        sub(/\/.*/, "", name); sub(/^BM_/, "", name)
      }
      !median { next }
      /"ns_per_op":/ { v = $2; sub(/,/, "", v); printf "%s %.1f\n", name, v * 1e9 }
      /"bytes_per_entry":/ { v = $2; sub(/,/, "", v); printf "bytes_per_entry %.1f\n", v }
      /"malloc_bytes_per_entry":/ { v = $2; sub(/,/, "", v); printf "malloc_bytes_per_entry %.1f\n", v }'
}

lookup() {  # lookup NAME FILE: the value on NAME's line, or "-"
  awk -v n="$1" '$1 == n { print $2; found = 1 } END { if (!found) print "-" }' "$2"
}

row() {  # row LABEL BATUTA PEER UNIT
  local ratio="-"
  if [[ $2 != - && $3 != - ]]; then ratio="$(awk -v b="$2" -v p="$3" 'BEGIN { printf "%.2f", p / b }')"; fi
  printf '%-40s %12s %12s %10s   %s\n' "$1" "$2" "$3" "$ratio" "$4"
}

main() {
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT

  ensure_map_bench
  batuta_map_figures >"$tmp/batuta"

  if ensure_clojure; then
    java -cp "$CLOJURE_JAR" clojure.main bench/peers/clojure/map_bench.clj >"$tmp/clojure" 2>"$tmp/clojure.err" ||
      { echo "clojure run failed:" >&2; cat "$tmp/clojure.err" >&2; : >"$tmp/clojure"; }
  else
    echo "clojure: java or $CLOJURE_JAR not available, skipped" >&2
    : >"$tmp/clojure"
  fi

  # Vectors: only the 1,000,000-element variants, so names stay unique.
  batuta_figures "$VECTOR_BENCH" '--benchmark_filter=BM_(ConjUnique|NthRandom|NthSequential)/1000000' >"$tmp/batuta_vec"
  if ensure_clojure; then
    java -cp "$CLOJURE_JAR" clojure.main bench/peers/clojure/vector_bench.clj >"$tmp/clojure_vec" 2>"$tmp/clojure_vec.err" ||
      { echo "clojure vector run failed:" >&2; cat "$tmp/clojure_vec.err" >&2; : >"$tmp/clojure_vec"; }
  else
    : >"$tmp/clojure_vec"
  fi

  local b="$tmp/batuta" c="$tmp/clojure"
  echo "Persistent hash maps, 1,000,000 fixnum entries: medians of 5 runs"
  echo "machine: $(machine); peer: Clojure $(java -cp "$CLOJURE_JAR" clojure.main -e '(clojure-version)' 2>/dev/null | tr -d '"' || echo '?')"
  printf '%-40s %12s %12s %10s   %s\n' "workload" "batuta" "clojure" "clj/batuta" "unit"
  # Clojure's assoc always copies the path (the old map is garbage later),
  # so its one figure stands against both of ours.
  row "assoc new key, unique (in place)" "$(lookup AssocNewKeyUnique "$b")" "$(lookup assoc_new "$c")" "ns/op"
  row "assoc new key, unique, 10k map (cached)" "$(lookup AssocNewKeyUniqueCached "$b")" "-" "ns/op"
  row "assoc new key, persistent (path copy)" "$(lookup AssocNewKeyPersistent "$b")" "$(lookup assoc_new "$c")" "ns/op"
  row "get, hit" "$(lookup GetHit "$b")" "$(lookup get_hit "$c")" "ns/op"
  row "get, miss" "$(lookup GetMiss "$b")" "$(lookup get_miss "$c")" "ns/op"
  row "dissoc, unique (in place)" "$(lookup DissocUnique "$b")" "$(lookup dissoc "$c")" "ns/op"
  row "dissoc, persistent (path copy)" "$(lookup DissocPersistent "$b")" "$(lookup dissoc "$c")" "ns/op"
  row "build 1M by assoc" "$(lookup Build "$b")" "$(lookup build "$c")" "ns/op"
  row "memory (requested bytes)" "$(lookup bytes_per_entry "$b")" "$(lookup memory "$c")" "bytes/entry"
  row "memory (malloc's real use)" "$(lookup malloc_bytes_per_entry "$b")" "$(lookup memory "$c")" "bytes/entry"

  b="$tmp/batuta_vec" c="$tmp/clojure_vec"
  echo
  echo "Persistent vectors, 1,000,000 fixnum elements: medians of 5 runs"
  printf '%-40s %12s %12s %10s   %s\n' "workload" "batuta" "clojure" "clj/batuta" "unit"
  # Clojure's conj copies the tail each time; ours appends in place when
  # the vector is unique, which (reduce conj [] xs) makes it.
  row "conj, building 1M" "$(lookup ConjUnique "$b")" "$(lookup conj "$c")" "ns/op"
  row "nth, random index" "$(lookup NthRandom "$b")" "$(lookup nth_random "$c")" "ns/op"
  row "nth, index order" "$(lookup NthSequential "$b")" "$(lookup nth_sequential "$c")" "ns/op"
}

main "$@"
