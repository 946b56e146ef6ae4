#!/usr/bin/env bash
# bench.sh: run every benchmark, then the peer comparison.
#
#   scripts/bench.sh [google-benchmark flags...]
#
# `make bench` builds build/ with -DBATUTA_BENCH=ON first; each
# bench/<layer>/<name>.cpp is then build/bench/<layer>_<name>. Extra
# arguments go to every Google Benchmark executable (for example
# --benchmark_filter=Vector or --benchmark_min_time=0.1).
# bench/peers/run.sh, when present, runs the same workloads on peer runtimes
# (Lua, Python, Erlang, ...) that are installed and prints ratios; it
# decides for itself which runtimes are there. bench/lang/run.sh does the
# same for whole Batuta programs run by `build/batuta run`.
# Benchmarks measure, they do not judge: only a crash fails this script.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

BENCH_DIR="${BENCH_DIR:-build/bench}"

ran=0
if [[ -d $BENCH_DIR ]]; then
  while IFS= read -r exe; do
    printf '\n=== %s\n' "$exe"
    "$exe" "$@"
    ran=$((ran + 1))
  done < <(find "$BENCH_DIR" -maxdepth 1 -type f -perm -u+x | sort)
fi
if ((ran == 0)); then
  echo "bench: no benchmark executables in $BENCH_DIR (build with -DBATUTA_BENCH=ON, e.g. make bench)"
fi

if [[ -f bench/peers/run.sh ]]; then
  printf '\n=== peers (bench/peers/run.sh)\n'
  bash bench/peers/run.sh
fi

# Whole programs (fib, loop, reduce, start-up) on build/batuta and on Lua,
# LuaJIT, Python and Clojure; RUNS=N sets the repetitions (default 5).
if [[ -f bench/lang/run.sh ]]; then
  printf '\n=== whole programs (bench/lang/run.sh)\n'
  bash bench/lang/run.sh
fi

# Actors (ping-pong, spawn, ring, Savina fork-join and counting) on
# build/batuta and on Erlang/OTP, in the same invocation.
if [[ -f bench/actor/run.sh ]]; then
  printf '\n=== actors (bench/actor/run.sh)\n'
  bash bench/actor/run.sh
fi

# Queries (1M-row aggregate, join, lambda in where, bulk insert, as-of) on
# build/batuta and as raw SQL through DuckDB's C API, in the same invocation.
if [[ -f bench/query/run.sh ]]; then printf '\n=== queries (bench/query/run.sh)\n'; bash bench/query/run.sh; fi

# The standard library (map/filter/reduce, group-by + frequencies, split +
# join of 100 MB, JSON of 50 MB) on build/batuta and on Clojure (warm, in
# the JVM), Python 3 and Lua 5.4, in the same invocation.
if [[ -f bench/stdlib/run.sh ]]; then printf '\n=== standard library (bench/stdlib/run.sh)\n'; bash bench/stdlib/run.sh; fi
