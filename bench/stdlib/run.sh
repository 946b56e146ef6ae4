#!/usr/bin/env bash
# run.sh: the standard library's workloads on Batuta and on peer runtimes,
# side by side (issue 5).
#
#   bench/stdlib/run.sh                  RUNS=3 by default
#   RUNS=5 CLJ_WARMUP=3 bench/stdlib/run.sh
#   bench/stdlib/run.sh groupfreq split  only the workloads whose names
#                                        start with one of these words
#
# Workloads (bench/stdlib/<name>.{ba,clj,py,lua}):
#   pipeline   (reduce + (filter even? (map f (range 10000000))))
#   groupfreq  frequencies and group-by over 1,000,000 strings
#   split      str/split + str/join of a 100 MB text (1,000,000 lines)
#   jsonrw     JSON read (keyword keys) and write of a 50 MB document
# The text and the JSON document are generated once into $DATA_DIR
# (/tmp/batuta-bench-stdlib) with awk; the programs read them from there.
#
# Runtimes: batuta (`$BATUTA run`), batuta-aot (each workload compiled
# once by `$BATUTA compile --native` into $TOOL_DIR/aot/, compile time not
# timed; bench/aot_binary.sh), clojure, python3, lua5.4.
#
# Timing as bench/lang/run.sh (whose wallclock tool this script builds):
# Batuta (both), Lua 5.4 and Python 3 by the wall time of the whole process, one
# process per run (start-up included: a few ms); Clojure inside one JVM
# with System/nanoTime after CLJ_WARMUP untimed runs (bench/lang/harness.clj),
# so JVM start-up and JIT warm-up are excluded. Clojure's JSON library is
# Debian's libdata-json-clojure, Lua's is lua-cjson (a C module);
# scripts/setup.sh --bench installs both. Each figure is the median of RUNS
# runs; the ratio is peer / batuta: above 1, Batuta is faster. Every
# program prints its result, which is checked, so a fast wrong answer is
# reported as a failure, not timed. Benchmarks measure, they do not judge:
# the exit status is 0 unless this script itself breaks.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
. bench/aot_binary.sh

RUNS="${RUNS:-3}"
CLJ_WARMUP="${CLJ_WARMUP:-3}"
TIMEOUT="${TIMEOUT:-300}"
BUDGET="${BUDGET:-60}"
BATUTA="${BATUTA:-build/batuta}"
DIR=bench/stdlib
DATA_DIR=/tmp/batuta-bench-stdlib
TOOL_DIR="${TOOL_DIR:-build/bench_stdlib}"
WALLCLOCK="$TOOL_DIR/wallclock"

# name|expected output|title
WORKLOADS=(
  "pipeline|74999985000000|map/filter/reduce pipeline over 10,000,000 integers"
  "groupfreq|1000 1000 1000 1000|group-by + frequencies over 1,000,000 strings"
  "split|-|str/split + str/join over a 100 MB text"
  "jsonrw|-|JSON read + write of a 50 MB document"
)

make_data() {
  mkdir -p "$DATA_DIR"
  # 1,000,000 lines of 97 bytes (96 ASCII characters and a newline): 97 MB.
  if [[ ! -s $DATA_DIR/text.txt ]]; then
    awk 'BEGIN { for (i = 0; i < 1000000; i++)
      printf "line %07d: the quick brown fox jumps over the lazy dog, and batuta splits it, %07d the end\n", i, (i * 7919) % 10000000 }' \
      >"$DATA_DIR/text.txt"
  fi
  # 300,000 objects of 8 fields: ASCII strings with no escapes or slashes,
  # integers, booleans, null, a nested array and object (no floats, whose
  # printed forms differ between the runtimes), about 50 MB written compactly.
  if [[ ! -s $DATA_DIR/doc.json ]]; then
    awk 'BEGIN { printf "["
      for (i = 0; i < 300000; i++) {
        if (i > 0) printf ","
        printf "{\"id\":%d,\"name\":\"user %d\",\"email\":\"user%d@example.com\",\"active\":%s,\"score\":%d,\"tags\":[\"t%d\",\"t%d\"],\"address\":{\"city\":\"city %d\",\"zip\":\"%05d\"},\"manager\":null}",
          i, i, i, (i % 3 == 0 ? "true" : "false"), (i * 7) % 1000, i % 10, i % 7, i % 100, i % 100000
      }
      printf "]\n" }' >"$DATA_DIR/doc.json"
  fi
  SPLIT_LENGTH=$(($(stat -c %s "$DATA_DIR/text.txt") - 1))
  JSON_LENGTH=$(($(stat -c %s "$DATA_DIR/doc.json") - 1))
  WORKLOADS[2]="split|1000000 $SPLIT_LENGTH|str/split + str/join over a $(($(stat -c %s "$DATA_DIR/text.txt") / 1000000)) MB text (1,000,000 lines)"
  WORKLOADS[3]="jsonrw|300000 $JSON_LENGTH|JSON read + write of a $(($(stat -c %s "$DATA_DIR/doc.json") / 1000000)) MB document (300,000 objects)"
}

# select_workloads [WORD...]: keep the workloads whose names start with one
# of the words (all of them when none is given).
select_workloads() {
  (($# == 0)) && return
  local kept=() w word
  for w in "${WORKLOADS[@]}"; do
    for word in "$@"; do
      if [[ ${w%%|*} == "$word"* ]]; then kept+=("$w"); break; fi
    done
  done
  ((${#kept[@]})) || { echo "run.sh: no workload matches: $*" >&2; exit 2; }
  WORKLOADS=("${kept[@]}")
}

RUNTIMES=()
ABSENT=()
detect_runtimes() {
  if [[ -x $BATUTA ]]; then RUNTIMES+=("batuta|ba|$BATUTA run" "batuta-aot|ba|"); else ABSENT+=("batuta|$BATUTA not built"); fi
  if command -v clojure >/dev/null 2>&1 && command -v java >/dev/null 2>&1; then
    if [[ -f /usr/share/java/data.json.jar ]]; then
      RUNTIMES+=("clojure|clj|clojure -cp /usr/share/java/data.json.jar")
    else
      RUNTIMES+=("clojure|clj|clojure")  # jsonrw.clj then fails: no data.json
    fi
  else
    ABSENT+=("clojure|not installed (scripts/setup.sh --bench)")
  fi
  if command -v python3 >/dev/null 2>&1; then
    local py
    py="$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null || command -v python3)"
    RUNTIMES+=("python3|py|$py")
  else
    ABSENT+=("python3|not on PATH")
  fi
  if command -v lua5.4 >/dev/null 2>&1; then RUNTIMES+=("lua5.4|lua|lua5.4"); else ABSENT+=("lua5.4|not installed"); fi
}

# measure WORKLOAD EXPECTED RUNTIME: "seconds" or "failed", the reason kept in $tmp/failure.
measure() {
  local workload=$1 expected=$2 label ext cmd words report got
  IFS='|' read -r label ext cmd <<<"$3"
  read -r -a words <<<"$cmd"
  local program="$DIR/$workload.$ext" out="$tmp/$workload.$label"
  local -a args=("$program")
  if [[ $label == batuta-aot ]]; then
    # The compiled workload runs on its own: no program argument.
    words=("$TOOL_DIR/aot/$workload") args=()
    if ! aot_binary "$program" "${words[0]}" "$out.err"; then
      { echo "batuta compile failed"; head -n 8 "$out.err"; } >"$tmp/failure"; echo failed; return
    fi
  fi
  if [[ $label == clojure ]]; then
    if ! report="$("$WALLCLOCK" 1 0 "$TIMEOUT" "$TIMEOUT" "$out" -- "${words[@]}" "$program" "$RUNS" "$CLJ_WARMUP")"; then
      { echo "${report#failed }"; head -n 8 "$out.err"; } >"$tmp/failure"; echo failed; return
    fi
    report="median_seconds $(awk '$1 == "seconds" { print $2 }' "$out" | sort -g |
      awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }')"
  elif ! report="$("$WALLCLOCK" "$RUNS" 0 "$TIMEOUT" "$BUDGET" "$out" -- "${words[@]}" "${args[@]}")"; then
    { echo "${report#failed }"; head -n 8 "$out.err"; } >"$tmp/failure"; echo failed; return
  fi
  got="$(head -n 1 "$out")"
  if [[ $got != "$expected" ]]; then
    { echo "wrong result: printed '$got', expected '$expected'"; head -n 8 "$out.err"; } >"$tmp/failure"; echo failed; return
  fi
  awk '$1 == "median_seconds" { print $2 }' <<<"$report"
}

ratio() {  # ratio BATUTA PEER: peer / batuta, or "-"
  if [[ $1 == - || $2 == - ]]; then echo -; return; fi
  awk -v b="$1" -v p="$2" 'BEGIN { if (b <= 0) { print "-"; exit } r = p / b
    if (r >= 100) printf "%.0f", r; else if (r >= 0.1) printf "%.2f", r; else printf "%.3f", r }'
}

main() {
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  mkdir -p "$TOOL_DIR"
  if [[ ! -x $WALLCLOCK || bench/lang/wallclock.cpp -nt $WALLCLOCK ]]; then
    g++ -std=c++20 -O2 bench/lang/wallclock.cpp -o "$WALLCLOCK"
  fi
  make_data
  select_workloads "$@"
  detect_runtimes
  echo "Standard library workloads, Batuta against peer runtimes (bench/stdlib)"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
  echo "ratio = peer seconds / batuta seconds: above 1, Batuta is faster"
  local w name expected title r label seconds batuta_s how
  for w in "${WORKLOADS[@]}"; do
    IFS='|' read -r name expected title <<<"$w"
    printf '\n%s: medians of %s runs\n' "$title" "$RUNS"
    printf '  %-10s %10s %12s   %s\n' runtime seconds peer/batuta timing
    batuta_s=-
    for r in "${RUNTIMES[@]}"; do
      label="${r%%|*}"
      seconds="$(measure "$name" "$expected" "$r")"
      [[ $seconds == failed ]] && seconds=-
      [[ $label == batuta ]] && batuta_s=$seconds
      how="process wall time"
      [[ $label == clojure ]] && how="in-JVM, after $CLJ_WARMUP warm-up runs"
      [[ $seconds == - ]] && how="failed:"
      printf '  %-10s %10s %12s   %s\n' "$label" "$([[ $seconds == - ]] && echo - || printf '%.3f' "$seconds")" \
        "$(ratio "$batuta_s" "$seconds")" "$how"
      if [[ -s $tmp/failure ]]; then sed 's/^/      | /' "$tmp/failure"; rm -f "$tmp/failure"; fi
    done
    for r in "${ABSENT[@]}"; do printf '  %-10s %10s   %s\n' "${r%%|*}" absent "${r#*|}"; done
  done
}

main "$@"
