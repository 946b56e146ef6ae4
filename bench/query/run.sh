#!/usr/bin/env bash
# run.sh: the query benchmarks on Batuta and as the same SQL sent straight
# to DuckDB through its C API, in the same invocation, on the same data.
#
#   bench/query/run.sh            (BATUTA=path, ROWS=N default 1000000, RUNS=N default 5,
#                                  ROUNDS=N default 3)
#
# bench/query/query.ba fills a database file (1M orders, 100k users, a
# table of ROWS rows with 10 versions each) and times each workload
# through Batuta queries; bench/query/raw_sql.cc (built here with g++
# against third_party/duckdb) then opens the same file and times
# hand-written SQL for the same workloads. Workloads:
#   insert        bulk insert of ROWS rows, median of 3 fresh tables (rows/s; Batuta's insert! also
#                 stamps each row's valid-from, raw SQL has no such column)
#   aggregate     filter + group-by + aggregate + order-by over ROWS rows
#                 (the seed's "Query (1M rows)", reported against its 45 ms)
#   join          ROWS orders x ROWS/10 users, grouped (the seed's user-report)
#   lambda_where  a Batuta lambda in where, against sql_where (same predicate)
#   as_of         as-of over ROWS rows x 10 versions, against current
# Medians of RUNS runs after a warm-up. Benchmarks measure, they do not
# judge: the exit status is 0 unless this script breaks.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
BATUTA="${BATUTA:-build/batuta}"
ROWS="${ROWS:-1000000}"
RUNS="${RUNS:-5}"
ROUNDS="${ROUNDS:-3}"
DUCKDB_DIR="$ROOT/third_party/duckdb"

work=$(mktemp -d "${TMPDIR:-/tmp}/batuta-query-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

if [[ ! -x $BATUTA ]]; then
  echo "query bench: $BATUTA is not built"
  exit 0
fi
if ! g++ -O2 -std=c++17 -I "$DUCKDB_DIR/include" bench/query/raw_sql.cc -o "$work/raw_sql" \
     -L "$DUCKDB_DIR/lib" -lduckdb -Wl,-rpath,"$DUCKDB_DIR/lib"; then
  echo "query bench: cannot build bench/query/raw_sql.cc against $DUCKDB_DIR"
  exit 0
fi

# ROUNDS rounds, Batuta then raw SQL on a fresh database each: a burst of
# load on a shared machine then skews one round, not one side, and the
# figure reported per side is the median of its rounds' medians.
for ((round = 1; round <= ROUNDS; round++)); do
  "$BATUTA" run --db "$work/bench$round.db" bench/query/query.ba "$ROWS" "$RUNS" >"$work/batuta$round.out"
  as_of_ms=$(awk '$1 == "ASOF" { print $2 }' "$work/batuta$round.out")
  "$work/raw_sql" "$work/bench$round.db" "$ROWS" "$RUNS" "$as_of_ms" >"$work/raw$round.out"
  rm -f "$work/bench$round.db" "$work/bench$round.db.wal"
done

# median_of SIDE WORKLOAD: the median over the rounds of SIDE's figure.
median_of() {
  cat "$work/$1"[0-9]*.out | awk -v w="$2" '$1 == "RESULT" && $2 == w { print $4 }' | sort -g |
    awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
declare -A batuta raw
for w in aggregate join sql_where lambda_where current as_of insert; do
  batuta[$w]=$(median_of batuta "$w")
  raw[$w]=$(median_of raw "$w")
done

printf 'rows: %s, runs: %s per round, rounds: %s (medians)\n\n' "$ROWS" "$RUNS" "$ROUNDS"
printf '%-14s %14s %14s %10s\n' workload batuta raw-sql ratio
for w in aggregate join sql_where current as_of; do
  awk -v w="$w" -v b="${batuta[$w]}" -v r="${raw[$w]}" \
    'BEGIN { printf "%-14s %11.2f ms %11.2f ms %9.2fx\n", w, b, r, b / r }'
done
awk -v b="${batuta[insert]}" -v r="${raw[insert]}" \
  'BEGIN { printf "%-14s %9.0f r/s %9.0f r/s %9.2fx  (raw / batuta; goal >= 1,000,000 rows/s)\n", "insert", b, r, r / b }'
printf '\n'
awk -v b="${batuta[aggregate]}" 'BEGIN { printf "aggregate vs the seed'"'"'s 45 ms: %.2f ms (%.2fx)\n", b, b / 45 }'
awk -v l="${batuta[lambda_where]}" -v s="${batuta[sql_where]}" -v r="${raw[sql_where]}" \
  'BEGIN { printf "lambda in where: %.2f ms, %.2fx the SQL predicate through Batuta, %.2fx raw SQL (goal <= 3x)\n", l, l / s, l / r }'
awk -v a="${batuta[as_of]}" -v c="${batuta[current]}" \
  'BEGIN { printf "as-of vs current state (Batuta): %.2fx (goal <= 2x)\n", a / c }'
