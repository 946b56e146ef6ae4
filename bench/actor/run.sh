#!/usr/bin/env bash
# run.sh: the actor benchmarks on Batuta and on Erlang/OTP, side by side.
#
#   bench/actor/run.sh            (BATUTA=path, THREADS=N, RUNS=N to choose)
#
# Workloads (bench/actor/<name>.ba and <name>.erl, the same program twice):
#   pingpong   1,000,000 round trips between two actors (ns per message)
#   spawn      spawn 100,000 actors that wait for one message, then message
#              all of them (ns per spawn, ns per message, bytes per idle actor)
#   ring       1,000 actors pass a token 1,000,000 hops (ns per hop)
#   forkjoin   Savina fork-join throughput: 60 actors x 20,000 messages
#   counting   Savina counting actor: 1,000,000 messages to one counter
# Each program times itself (monotonic clock, start-up excluded) and prints
# `RESULT <workload> <metric> <value>`; this script puts the metrics side by
# side with the ratio erlang / batuta (above 1: Batuta is faster or smaller).
# Each figure is the median of RUNS runs (default 5); the runs of a
# workload alternate Batuta and Erlang, so a change in the machine's load
# falls on both. The header prints the load average.
#
# Memory per idle actor: Erlang reports erlang:memory(processes) before and
# after spawning; for Batuta, which has no such introspection yet, it is the
# difference of peak RSS (GNU time's %M) between `spawn.ba 100000` and
# `spawn.ba 0`, divided by 100,000 (it includes the Pid objects and the
# vector holding them, so it is an upper bound).
#
# Erlang runs through `escript` (Debian's erlang-base, installed by
# scripts/setup.sh --bench); when absent its column says so. Benchmarks
# measure, they do not judge: the exit status is 0 unless this script breaks.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
BATUTA="${BATUTA:-build/batuta}"
THREADS="${THREADS:-}"
RUNS="${RUNS:-5}"
DIR=bench/actor
WORKLOADS=(pingpong spawn ring forkjoin counting)

threads_arg=()
[[ -n $THREADS ]] && threads_arg=(--threads "$THREADS")

declare -A batuta erlang

collect() {  # collect ARRAY-NAME < lines: appends each metric's value of this run
  local -n into=$1
  local tag workload metric value
  while read -r tag workload metric value _; do
    [[ $tag == RESULT ]] && into["$workload $metric"]+="$value "
  done
}

median() {  # median VALUES...
  printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'
}

for w in "${WORKLOADS[@]}"; do
  for ((run = 0; run < RUNS; run++)); do
    if out=$(timeout 300 "$BATUTA" run "${threads_arg[@]}" "$DIR/$w.ba" 2>&1); then
      collect batuta <<<"$out"
    else
      echo "batuta $w failed:"; echo "$out" | head -5
    fi
    if command -v escript >/dev/null; then
      if out=$(cd "$DIR" && timeout 300 escript "$w.erl" 2>&1); then
        collect erlang <<<"$out"
      else
        echo "erlang $w failed:"; echo "$out" | head -5
      fi
    fi
  done
done
for key in "${!batuta[@]}"; do batuta[$key]=$(median ${batuta[$key]}); done
for key in "${!erlang[@]}"; do erlang[$key]=$(median ${erlang[$key]}); done

# Batuta's memory per idle actor, from peak RSS.
if [[ -x /usr/bin/time ]]; then
  rss() { /usr/bin/time -f %M "$BATUTA" run "${threads_arg[@]}" "$DIR/spawn.ba" "$1" 2>&1 >/dev/null | tail -1; }
  with=$(rss 100000) without=$(rss 0)
  if [[ $with =~ ^[0-9]+$ && $without =~ ^[0-9]+$ ]]; then
    batuta["spawn bytes_per_idle_actor"]=$(( (with - without) * 1024 / 100000 ))
  fi
fi

printf '\nactor benchmarks: batuta %s (threads: %s), %s; medians of %s runs; load average %s\n' \
  "$BATUTA" "${THREADS:-one per core}" \
  "$(command -v escript >/dev/null && erl -noshell -eval 'io:format("Erlang/OTP ~s", [erlang:system_info(otp_release)]), halt().' || echo 'Erlang absent')" \
  "$RUNS" "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
printf '%-10s %-22s %12s %12s %10s\n' workload metric batuta erlang erl/batuta
for key in "pingpong ns_per_message" "spawn ns_per_spawn" "spawn ns_per_message" "spawn bytes_per_idle_actor" \
           "ring ns_per_hop" "forkjoin ns_per_message" "counting ns_per_message"; do
  b=${batuta[$key]:-} e=${erlang[$key]:-}
  ratio=-
  if [[ -n $b && -n $e && $b != 0 ]]; then ratio=$(awk -v e="$e" -v b="$b" 'BEGIN { printf "%.2f", e / b }'); fi
  printf '%-10s %-22s %12s %12s %10s\n' ${key% *} ${key#* } "${b:--}" "${e:-absent}" "$ratio"
done
