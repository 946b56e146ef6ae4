#!/usr/bin/env bash
# test.sh: build and run the test suites, and end with one summary line.
#
#   scripts/test.sh [native] [asan] [wasm]     (all three when none is given)
#
#   native  build/ (RelWithDebInfo): ctest
#   asan    build-asan/ (ASan + UBSan): ctest
#   wasm    build-wasm/ (wasm32-wasi): node tests/wasm/run_wasm.mjs on the
#           core test, which prints its own "N passed, N failed"
#
# Each configuration is built through the Makefile (make build / asan-build /
# wasm-build), so the configure options live in one place. Every stage runs
# even after an earlier one failed, so one run shows every breakage; a build
# that fails counts as one failed test. The last line printed is always
# "N passed, N failed" over all stages, and the exit status is non-zero when
# anything failed. `make test` runs scripts/setup.sh first.
# No `set -e`: a failing stage is counted and the next one still runs.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT" || exit 2

MAKE="${MAKE:-make}"
CTEST_JOBS="${CTEST_JOBS:-2}"

passed=0
failed=0
skipped=0
broken=()  # what failed, for the recap before the summary

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

say() { printf '\n=== %s\n' "$*"; }

# build <make-target> <label>: build a configuration; count a failure.
build() {
  if "$MAKE" --no-print-directory "$1"; then
    return 0
  fi
  failed=$((failed + 1))
  broken+=("$2: build failed")
  return 1
}

# run_ctest <build-dir> <label>: run ctest there and add up its JUnit report
# (more robust than scraping its human-readable summary).
run_ctest() {
  local dir=$1 label=$2 junit="$tmp/$2.xml"
  ctest --test-dir "$dir" --output-on-failure -j "$CTEST_JOBS" \
        --no-tests=ignore --output-junit "$junit"
  local rc=$?
  if [[ ! -s $junit ]]; then
    # ctest itself broke (no report at all).
    failed=$((failed + 1))
    broken+=("$label: ctest produced no report (exit $rc)")
    return
  fi
  # The <testsuite ...> element carries the totals; ctest writes its
  # attributes one per line, hence the tr. Disabled tests (DISABLED_ in
  # GoogleTest) count as skipped.
  local suite tests failures skip disabled
  suite="$(tr '\n\t' '  ' <"$junit" | grep -o '<testsuite [^>]*>' | head -n1)"
  attr() { sed -nE "s/.* $1=\"([0-9]+)\".*/\1/p" <<<"$suite"; }
  tests="$(attr tests)" failures="$(attr failures)"
  skip="$(attr skipped)" disabled="$(attr disabled)"
  tests=${tests:-0} failures=${failures:-0}
  skip=$((${skip:-0} + ${disabled:-0}))
  passed=$((passed + tests - failures - skip))
  failed=$((failed + failures))
  skipped=$((skipped + skip))
  if ((failures > 0)); then
    broken+=("$label: $failures of $tests tests failed")
  elif ((rc != 0)); then
    # Exit status says failure but the report counts none (e.g. a timeout
    # while discovering tests): still a failure.
    failed=$((failed + 1))
    broken+=("$label: ctest exited $rc")
  fi
}

stage_native() {
  say "native build ($ROOT/build)"
  build build native && run_ctest build native
}

stage_asan() {
  say "ASan + UBSan build ($ROOT/build-asan)"
  build asan-build asan && run_ctest build-asan asan
}

stage_wasm() {
  say "wasm32-wasi build ($ROOT/build-wasm)"
  build wasm-build wasm || return
  local wasm=build-wasm/batuta_core_wasm_test.wasm
  if [[ ! -f tests/wasm/core_wasm_test.cpp ]]; then
    echo "tests/wasm/core_wasm_test.cpp not written yet: the wasm build was only compiled"
    return
  fi
  local out="$tmp/wasm.out" rc line p=0 f=0
  node tests/wasm/run_wasm.mjs "$wasm" 2>&1 | tee "$out"
  rc=${PIPESTATUS[0]}
  # The test program ends with its own "N passed, N failed".
  line="$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -n1)"
  if [[ -n $line ]]; then
    read -r p _ f _ <<<"${line//,/}"
    passed=$((passed + p))
    failed=$((failed + f))
    ((f > 0)) && broken+=("wasm: $f failed")
  elif ((rc == 0)); then
    passed=$((passed + 1))
  fi
  if ((rc != 0)) && [[ -z $line || $f -eq 0 ]]; then
    failed=$((failed + 1))
    broken+=("wasm: $wasm exited $rc")
  fi
}

stages=("$@")
((${#stages[@]})) || stages=(native asan wasm)
for s in "${stages[@]}"; do
  case $s in
    native | asan | wasm) "stage_$s" ;;
    *) echo "test.sh: unknown stage '$s' (native, asan, wasm)" >&2; exit 2 ;;
  esac
done

echo
for b in "${broken[@]}"; do echo "FAILED: $b"; done
summary="$passed passed, $failed failed"
((skipped > 0)) && summary+=", $skipped skipped"
echo "$summary"
((failed == 0))
