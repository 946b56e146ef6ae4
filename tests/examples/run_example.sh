#!/bin/sh
# Runs an example program and compares its stdout with the .out file
# beside it: the examples are documentation, so they must keep working
# and keep printing what the reader was shown.
#
# Usage: run_example.sh BATUTA examples/NAME.ba
# Exit status 0 when the program exits 0, writes nothing to stderr and
# prints exactly examples/NAME.out.
set -u
batuta=$1
program=$2
expected="${program%.ba}.out"
work=$(mktemp -d "${TMPDIR:-/tmp}/batuta-example.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT INT TERM
"$batuta" run "$program" >"$work/stdout" 2>"$work/stderr"
status=$?
failed=0
if [ "$status" -ne 0 ]; then
  echo "FAIL $program: exit status $status"
  failed=1
fi
if [ -s "$work/stderr" ]; then
  echo "FAIL $program: unexpected stderr:"
  head -20 "$work/stderr"
  failed=1
fi
if ! diff -u "$expected" "$work/stdout"; then
  echo "FAIL $program: stdout differs from $expected"
  failed=1
fi
[ "$failed" -eq 0 ] && echo "PASS $program"
exit "$failed"
