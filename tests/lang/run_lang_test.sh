#!/bin/sh
# Runs Batuta language conformance tests: each tests/lang/*.ba file is a
# program whose expected behaviour is written inside it, in comments
# (Wren-style):
#
#   ; expect: TEXT          one line of stdout; the program's stdout must be
#                           exactly these lines, in this order (none: no output)
#   ; expect-error: TEXT    TEXT must appear (as a fixed substring) in stderr;
#                           without any expect-error, stderr must be empty
#   ; expect-exit: N        the exit status (default 0)
#   ; args: A B ...         arguments passed after the file, split on spaces
#                           (they become *command-line-args*)
#
# A marker may follow code on the same line: `(println 1) ; expect: 1`.
# `; expect:` with nothing after it expects an empty line. Text is taken
# verbatim up to the end of the line (a single space after the colon is
# part of the marker).
#
# Usage: run_lang_test.sh BATUTA FILE.ba...
# Each file is run as `BATUTA run FILE [ARGS]` from the current directory
# (ctest uses the source root, so stack traces read tests/lang/x.ba:L:C),
# with the directory lib/ next to the file first on BATUTA_PATH: helper
# namespaces live there (tests/lang/lib/my/util.ba is namespace my.util).
# Prints PASS/FAIL per file and, for a failure, what differed; the exit
# status is 0 only when every file passes.
#
# POSIX sh plus diff, grep, sed and mktemp; `timeout` when present (a
# runaway program then fails after BATUTA_TEST_TIMEOUT seconds, default 60).

set -u

if [ $# -lt 2 ]; then
  echo "usage: $0 BATUTA FILE.ba..." >&2
  exit 2
fi
. "$(dirname "$0")/../support/golden.sh"
golden_setup "$0" "$1"
shift

# marker_values MARKER FILE: the text after every `; MARKER:` in FILE, one
# per line, in file order. `; expect:` must not also match `; expect-exit:`,
# so the colon is part of the pattern.
marker_values() {
  sed -n "s/^.*; $1:\( \{0,1\}\)\(.*\)\$/\2/p" "$2"
}

run_one() {
  file=$1
  if [ ! -r "$file" ]; then
    echo "FAIL $file: cannot read the file"
    return 1
  fi
  marker_values expect "$file" >"$work/expected"
  marker_values expect-error "$file" >"$work/errors"
  exit_want=$(marker_values expect-exit "$file" | tail -n 1)
  [ -n "$exit_want" ] || exit_want=0
  args=$(marker_values args "$file" | tail -n 1)

  # $args is split on spaces on purpose: one word per argument.
  # shellcheck disable=SC2086
  lib_dir="$(dirname "$file")/lib"
  BATUTA_PATH="$lib_dir${BATUTA_PATH:+:$BATUTA_PATH}" \
    $runner "$batuta" run "$file" $args </dev/null >"$work/stdout" 2>"$work/stderr"
  exit_got=$?
  failed=""
  golden_compare "$exit_got" "$exit_want" "$work/expected" "$work/stdout" \
    "$work/errors" "$work/stderr"

  if [ -z "$failed" ]; then
    echo "PASS $file"
    return 0
  fi
  echo "FAIL $file$failed"
  if [ -s "$work/stderr" ]; then
    echo "  stderr (first 20 lines):"
    head -n 20 "$work/stderr" | sed 's/^/    /'
  fi
  return 1
}

total=0
failures=0
for file in "$@"; do
  total=$((total + 1))
  run_one "$file" || failures=$((failures + 1))
done
if [ "$total" -gt 1 ]; then
  echo "$((total - failures)) of $total passed"
fi
[ "$failures" = 0 ]
