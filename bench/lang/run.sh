#!/usr/bin/env bash
# run.sh: whole programs on Batuta and on peer runtimes, side by side.
#
#   bench/lang/run.sh                 RUNS=5 by default
#   RUNS=3 STARTUP_RUNS=21 bench/lang/run.sh
#   bench/lang/run.sh match hello     only those workloads
#
# Workloads (bench/lang/<name>.{ba,lua,py,clj,erl,exs}, see bench/README.md):
#   fib     naive recursive fib(32): 7,049,155 calls
#   loop    loop/recur, 100,000,000 iterations
#   reduce  reduce of a capturing closure over (range 10000000)
#   match   a 5-clause match on tuples and maps, 10,000,000 matches
#           (against Erlang's and Elixir's `case` on the same shapes)
#   hello   start-up: print "hello" and exit
# A runtime is timed on the workloads it has a program for (Erlang and
# Elixir only on match).

#
# Runtimes: batuta (build/batuta run, or $BATUTA), batuta-aot (each
# workload compiled once by `$BATUTA compile` into $TOOL_DIR/aot/, compile
# time not timed; bench/aot_binary.sh), lua5.4, luajit -joff
# (its interpreter), luajit (with its JIT), python3 (whichever is on PATH,
# run through its real executable so a pyenv shim's start-up is not timed),
# clojure (Debian's `clojure` command), erlang (`escript`, the module
# compiled at start) and elixir (`elixir`), Debian's erlang-base and elixir.
#
# How time is measured:
#   - batuta, batuta-aot (but on match), Lua, LuaJIT, Python: wall time of
#     the whole process, one process per run (bench/lang/wallclock.cpp,
#     built here with g++). Their start-up (1-50 ms, see the start-up table) is included.
#   - erlang, elixir: inside one BEAM with timer:tc after CLJ_WARMUP
#     untimed runs (BEAM start-up and module compilation excluded).
#   - The programs that time themselves run in ROUNDS turns (default 3),
#     all of a workload's such runtimes one after the other in each turn,
#     their medians taken over ROUNDS x RUNS timed runs (time_in_rounds).
#   - match on batuta and batuta-aot: the same way, inside the process with
#     nano-time (match.ba), so the three are timed alike; start-up is in
#     the start-up table.
#   - clojure: for fib, loop and reduce, inside one JVM with System/nanoTime
#     after CLJ_WARMUP untimed runs (bench/lang/harness.clj), so JVM
#     start-up and JIT compilation are excluded; for hello, the wall time
#     of the whole `clojure hello.clj` process, JVM start-up included.
# "cpu s" is the median user + system CPU time of the same runs: on a busy
# machine (see the load average in the header) it is the steadier figure.
# Each figure is the median of RUNS runs (STARTUP_RUNS for hello), or of
# fewer when a runtime's timed runs of one workload pass BUDGET seconds. The
# ratios are peer / batuta and peer / batuta-aot: above 1, Batuta
# (interpreted, compiled) is faster (or smaller).
#
# Every program prints its result and the result is checked, so a fast
# wrong answer is reported as wrong, not timed. A runtime that is not
# installed is "absent" and skipped; a run that fails (Batuta's included)
# shows its stderr and the other workloads go on. Benchmarks measure, they
# do not judge: the exit status is 0 unless this script itself breaks.
# Peers are installed by `scripts/setup.sh --bench` (make bench does it).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
. bench/aot_binary.sh

RUNS="${RUNS:-5}"
STARTUP_RUNS="${STARTUP_RUNS:-11}"
CLJ_WARMUP="${CLJ_WARMUP:-5}"
ROUNDS="${ROUNDS:-3}"      # turns of the programs that time themselves
TIMEOUT="${TIMEOUT:-120}"  # seconds per process; a hung run is a failure
BUDGET="${BUDGET:-40}"     # seconds of timed runs per runtime and workload
BATUTA="${BATUTA:-build/batuta}"
LANG_DIR=bench/lang
TOOL_DIR="${TOOL_DIR:-build/bench_lang}"  # not build/bench: scripts/bench.sh runs all of that
WALLCLOCK="$TOOL_DIR/wallclock"

FIB_CALLS=7049155  # calls made by fib(32)

# Workload table: name, expected first line of output, title.
WORKLOADS=(
  "fib|2178309|fib(32), naive recursion (7,049,155 calls)"
  "loop|50000000|loop/recur, 100,000,000 iterations"
  "reduce|149999985000000|reduce with a capturing closure over (range 10000000)"
  "match|26000000|match: 5 clauses on tuples and maps, 10,000,000 matches"
)
MATCHES=10000000  # matches made by match.*

# Runtime table: label, file extension, command (words; the program's path
# follows). Filled by detect_runtimes with the runtimes that are present;
# ABSENT lists the others as "label|reason".
RUNTIMES=()
ABSENT=()
PYTHON=""

machine() {
  local model
  model="$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo 2>/dev/null | head -1)"
  echo "${model:-unknown CPU}, $(nproc) cores, $(uname -sr)"
  # Other work on the machine slows every runtime alike only on average.
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
}

build_wallclock() {
  local src=$LANG_DIR/wallclock.cpp
  [[ -x $WALLCLOCK && $WALLCLOCK -nt $src ]] && return 0
  mkdir -p "$TOOL_DIR"
  g++ -std=c++20 -O2 -Wall -Wextra "$src" -o "$WALLCLOCK"
}

detect_runtimes() {
  if [[ -x $BATUTA ]]; then
    RUNTIMES+=("batuta|ba|$BATUTA run" "batuta-aot|ba|")
  else
    ABSENT+=("batuta|$BATUTA not built (ninja -C build batuta)")
  fi
  local r
  for r in lua5.4 luajit; do
    command -v "$r" >/dev/null 2>&1 || ABSENT+=("$r|not installed (scripts/setup.sh --bench)")
  done
  command -v lua5.4 >/dev/null 2>&1 && RUNTIMES+=("lua5.4|lua|lua5.4")
  if command -v luajit >/dev/null 2>&1; then
    RUNTIMES+=("luajit -joff|lua|luajit -joff" "luajit|lua|luajit")
  fi
  if command -v python3 >/dev/null 2>&1; then
    PYTHON="$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null || true)"
    [[ -x $PYTHON ]] || PYTHON="$(command -v python3)"
    RUNTIMES+=("python3|py|$PYTHON")
  else
    ABSENT+=("python3|not on PATH")
  fi
  if command -v clojure >/dev/null 2>&1 && command -v java >/dev/null 2>&1; then
    RUNTIMES+=("clojure|clj|clojure")
  else
    ABSENT+=("clojure|not installed (scripts/setup.sh --bench)")
  fi
  if command -v escript >/dev/null 2>&1; then
    RUNTIMES+=("erlang|erl|escript")
  else
    ABSENT+=("erlang|not installed (scripts/setup.sh --bench)")
  fi
  if command -v elixir >/dev/null 2>&1; then
    RUNTIMES+=("elixir|exs|elixir")
  else
    ABSENT+=("elixir|not installed (scripts/setup.sh --bench)")
  fi
}

# has_program WORKLOAD RUNTIME_ENTRY: whether bench/lang has the workload
# for that runtime's language.
has_program() {
  local ext
  IFS='|' read -r _ ext _ <<<"$2"
  [[ -f $LANG_DIR/$1.$ext ]]
}

versions() {
  local r label
  for r in "${RUNTIMES[@]}"; do
    label="${r%%|*}"
    case $label in
      batuta) printf '  %-13s %s\n' "$label" "$("$BATUTA" --version 2>&1 | head -1)" ;;
      batuta-aot) printf '  %-13s batuta compile, with %s\n' "$label" "$(c++ --version 2>&1 | head -1)" ;;
      lua5.4) printf '  %-13s %s\n' "$label" "$(lua5.4 -v 2>&1 | head -1)" ;;
      luajit) printf '  %-13s %s\n' "luajit" "$(luajit -v 2>&1 | head -1)" ;;
      python3) printf '  %-13s %s (%s)\n' "$label" "$("$PYTHON" --version 2>&1)" "$PYTHON" ;;
      clojure)
        printf '  %-13s Clojure %s on %s\n' "$label" \
          "$(clojure -e '(print (clojure-version))' 2>/dev/null || echo '?')" \
          "$(java -version 2>&1 | head -1)" ;;
      erlang) printf '  %-13s Erlang/OTP %s\n' "$label" \
          "$(erl -noshell -eval 'io:format("~s", [erlang:system_info(otp_release)]), halt().' 2>/dev/null || echo '?')" ;;
      elixir) printf '  %-13s %s\n' "$label" "$(elixir --version 2>/dev/null | grep -i '^elixir' | head -1)" ;;
    esac
  done
  for r in "${ABSENT[@]}"; do printf '  %-13s absent: %s\n' "${r%%|*}" "${r#*|}"; done
}

# note_failure REASON ERRFILE: keeps why a run failed, with the head of its
# stderr, for the table to print under the runtime's row.
note_failure() {
  {
    printf '%s\n' "$1"
    if [[ -s $2 ]]; then head -n 15 "$2"; fi
  } >"$tmp/failure"
}

# print_failure: the kept failure, indented under the row, then forgotten.
print_failure() {
  if [[ -s $tmp/failure ]]; then sed 's/^/      | /' "$tmp/failure"; fi
  rm -f "$tmp/failure"
}

# times_itself WORKLOAD LABEL: whether the runtime's program for the
# workload is timed inside its own process (after CLJ_WARMUP untimed runs)
# rather than as a whole process: Clojure's compute workloads, and every
# runtime's match, so that Batuta's figure is taken as BEAM's is.
times_itself() {
  [[ $1 == hello ]] && return 1
  [[ $2 == clojure || $2 == erlang || $2 == elixir ]] && return 0
  [[ $1 == match && ($2 == batuta || $2 == batuta-aot) ]]
}

# command_of WORKLOAD RUNTIME_ENTRY: sets `words` (the command) and
# `args` (the program, if the command takes one) for the workload on that
# runtime, building batuta-aot's binary first; false when that build fails
# (the reason kept by note_failure).
command_of() {
  local workload=$1 label ext cmd
  IFS='|' read -r label ext cmd <<<"$2"
  local program="$LANG_DIR/$workload.$ext"
  args=("$program")
  read -r -a words <<<"$cmd"
  if [[ $label == batuta-aot ]]; then
    # The compiled workload runs on its own: no program argument.
    words=("$TOOL_DIR/aot/$workload") args=()
    local errors="$tmp/$workload.aot.compile.err"
    if ! aot_binary "$program" "${words[0]}" "$errors"; then
      note_failure "batuta compile failed" "$errors"
      return 1
    fi
  fi
}

# out_of WORKLOAD LABEL: where a runtime's runs of a workload leave their
# output (stdout there, stderr in .err).
out_of() { echo "$tmp/$1.${2// /_}"; }

# time_in_rounds WORKLOAD: the runtimes whose programs time themselves
# (times_itself) are run ROUNDS times, taking turns, RUNS timed runs each
# time, their "seconds S" lines gathered in OUT.seconds. Taking turns, a
# change in the machine's speed during the table (another tenant, a clock
# that steps up and down: on a shared VM, a program's time can move by
# half from one minute to the next) falls on every runtime alike instead
# of on whichever ran then. A failed run is kept in OUT.failed and that
# runtime runs no more rounds.
time_in_rounds() {
  local workload=$1 round r label out report i n
  local -a words args turn=()
  for r in "${RUNTIMES[@]}"; do
    has_program "$workload" "$r" && times_itself "$workload" "${r%%|*}" && turn+=("$r")
  done
  n=${#turn[@]}
  for ((round = 1; round <= ROUNDS; round++)); do
    # Each turn starts one runtime later, so none always runs first.
    for ((i = 0; i < n; i++)); do
      r="${turn[(i + round - 1) % n]}"
      label="${r%%|*}"
      out="$(out_of "$workload" "$label")"
      ((round == 1)) && rm -f "$out.seconds" "$out.failed"
      [[ -e $out.failed ]] && continue
      if ! command_of "$workload" "$r"; then
        mv "$tmp/failure" "$out.failed"; continue
      fi
      if ! report="$("$WALLCLOCK" 1 0 "$TIMEOUT" "$TIMEOUT" "$out" -- "${words[@]}" "${args[@]}" "$RUNS" "$CLJ_WARMUP")"; then
        note_failure "${report#failed }" "$out.err"
        mv "$tmp/failure" "$out.failed"; continue
      fi
      awk '$1 == "seconds" { print $2 }' "$out" >>"$out.seconds"
    done
  done
}

# measure WORKLOAD EXPECTED RUNTIME_ENTRY: prints "seconds rss_kb runs cpu_seconds", or
# "failed" after keeping why (note_failure). A runtime that times itself
# was run by time_in_rounds: its figures are read from there.
measure() {
  local workload=$1 expected=$2 label
  label="${3%%|*}"
  local out report
  out="$(out_of "$workload" "$label")"
  if times_itself "$workload" "$label"; then
    if [[ -e $out.failed ]]; then
      mv "$out.failed" "$tmp/failure"; echo failed; return
    fi
    report="median_seconds $(sort -g "$out.seconds" |
      awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
median_rss_kb -
runs $(wc -l <"$out.seconds")
median_cpu_seconds -"
  else
    local -a words args
    command_of "$workload" "$3" || { echo failed; return; }
    local runs=$RUNS warmup=0
    [[ $workload == hello ]] && runs=$STARTUP_RUNS warmup=1
    if ! report="$("$WALLCLOCK" "$runs" "$warmup" "$TIMEOUT" "$BUDGET" "$out" -- "${words[@]}" "${args[@]}")"; then
      note_failure "${report#failed }" "$out.err"; echo failed; return
    fi
  fi
  local got
  got="$(head -n 1 "$out")"
  if [[ $got != "$expected" ]]; then
    note_failure "wrong result: printed '$got', expected '$expected'" "$out.err"
    echo failed; return
  fi
  awk '{ v[$1] = $2 } END { print v["median_seconds"], v["median_rss_kb"], v["runs"], v["median_cpu_seconds"] }' <<<"$report"
}

print_absent() {
  local r
  for r in "${ABSENT[@]}"; do printf '  %-13s %10s\n' "${r%%|*}" absent; done
}

ratio() {  # ratio BATUTA PEER: peer / batuta, or "-"
  if [[ $1 == - || $2 == - ]]; then echo -; return; fi
  # Three significant figures or so, and never 0.00 for a small ratio.
  awk -v b="$1" -v p="$2" 'BEGIN {
    if (b <= 0) { print "-"; exit }
    r = p / b
    if (r >= 100) printf "%.0f", r; else if (r >= 0.1) printf "%.2f", r; else printf "%.3f", r
  }'
}

compute_table() {
  local workload=$1 expected=$2 title=$3
  time_in_rounds "$workload"
  printf '\n%s: medians of %s runs\n' "$title" "$RUNS"
  if [[ $workload == fib || $workload == match ]]; then
    local per=ns/call
    [[ $workload == match ]] && per=ns/match
    printf '  %-13s %10s %12s %10s %10s %10s %8s   %s\n' runtime seconds peer/batuta peer/aot "$per" "cpu s" "RSS MB" timing
  else
    printf '  %-13s %10s %12s %10s %10s %8s   %s\n' runtime seconds peer/batuta peer/aot "cpu s" "RSS MB" timing
  fi
  local r label batuta_s=- aot_s=- seconds rss runs cpu how
  for r in "${RUNTIMES[@]}"; do
    label="${r%%|*}"
    has_program "$workload" "$r" || continue
    read -r seconds rss runs cpu < <(measure "$workload" "$expected" "$r")
    if [[ $seconds == failed ]]; then seconds=- cpu=- rss=-; fi
    [[ $cpu != - ]] && cpu="$(printf '%.3f' "$cpu")"
    [[ $rss != - ]] && rss="$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')"
    [[ $label == batuta ]] && batuta_s=$seconds
    [[ $label == batuta-aot ]] && aot_s=$seconds
    how="process wall time"
    if times_itself "$workload" "$label"; then
      case $label in
        clojure) how="in-JVM" ;;
        erlang | elixir) how="in-BEAM" ;;
        *) how="in-process" ;;
      esac
      how="$how, $ROUNDS turns of $RUNS runs after $CLJ_WARMUP warm-up runs"
    fi
    if [[ $seconds != - && $runs != "$RUNS" ]] && ! times_itself "$workload" "$label"; then
      how="$how ($runs of $RUNS runs: BUDGET=${BUDGET}s reached)"
    fi
    if [[ $seconds == - ]]; then how="failed:"; fi
    local shown=- per_call=-
    [[ $seconds != - ]] && shown="$(printf '%.3f' "$seconds")"
    if [[ $workload == fib || $workload == match ]]; then
      local calls=$FIB_CALLS
      [[ $workload == match ]] && calls=$MATCHES
      [[ $seconds != - ]] && per_call="$(awk -v s="$seconds" -v n="$calls" 'BEGIN { printf "%.1f", s * 1e9 / n }')"
      printf '  %-13s %10s %12s %10s %10s %10s %8s   %s\n' "$label" "$shown" "$(ratio "$batuta_s" "$seconds")" \
        "$(ratio "$aot_s" "$seconds")" "$per_call" "$cpu" "$rss" "$how"
    else
      printf '  %-13s %10s %12s %10s %10s %8s   %s\n' "$label" "$shown" "$(ratio "$batuta_s" "$seconds")" \
        "$(ratio "$aot_s" "$seconds")" "$cpu" "$rss" "$how"
    fi
    print_failure
  done
  print_absent
}

startup_table() {
  printf '\nstart-up: print "hello" and exit, wall time of the whole process, medians of %s runs\n' "$STARTUP_RUNS"
  printf '  %-13s %10s %12s %12s %12s\n' runtime ms peer/batuta "max RSS MB" peer/batuta
  local r label ms rss batuta_ms=- batuta_rss=-
  for r in "${RUNTIMES[@]}"; do
    label="${r%%|*}"
    [[ $label == "luajit -joff" ]] && continue  # same start-up as luajit
    has_program hello "$r" || continue
    read -r ms rss _ < <(measure hello hello "$r")
    if [[ $ms == failed ]]; then ms=- rss=-; fi
    [[ $ms != - ]] && ms="$(awk -v s="$ms" 'BEGIN { printf "%.1f", s * 1000 }')"
    [[ $rss != - ]] && rss="$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')"
    if [[ $label == batuta ]]; then batuta_ms=$ms batuta_rss=$rss; fi
    printf '  %-13s %10s %12s %12s %12s\n' "$label" "$ms" "$(ratio "$batuta_ms" "$ms")" \
      "$rss" "$(ratio "$batuta_rss" "$rss")"
    print_failure
  done
  print_absent
}

# selected WORKLOAD [NAMES...]: whether the command line asked for the
# workload (all of them when it names none).
selected() {
  local w=$1
  shift
  (($# == 0)) && return 0
  local n
  for n in "$@"; do [[ $n == "$w" ]] && return 0; done
  return 1
}

main() {
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  build_wallclock
  detect_runtimes

  echo "Whole programs, Batuta against peer runtimes (bench/lang)"
  echo "machine: $(machine)"
  versions
  echo "ratios = peer seconds / batuta seconds, and / batuta-aot seconds: above 1, Batuta is faster"

  local w name expected title
  for w in "${WORKLOADS[@]}"; do
    IFS='|' read -r name expected title <<<"$w"
    selected "$name" "$@" && compute_table "$name" "$expected" "$title"
  done
  if selected hello "$@"; then startup_table; fi
}

main "$@"
