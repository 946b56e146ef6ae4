# Shared by the golden-output runners (tests/lang/run_lang_test.sh,
# tests/docs/run_doc_tests.sh): how a program is run and how what it did is
# compared with what its test states. Sourced, not executed; POSIX sh.
#
# golden_setup NAME BATUTA
#   checks BATUTA is an executable, sets $batuta, $runner (`timeout N` when
#   available; N is BATUTA_TEST_TIMEOUT, default 60) and $work (a temporary
#   directory removed at exit).
# golden_compare EXIT_GOT EXIT_WANT EXPECTED STDOUT ERRORS STDERR
#   appends to $failed one indented paragraph per difference: the exit
#   status (or a timeout), stdout against the EXPECTED lines, and stderr,
#   which must contain every line of ERRORS as a fixed substring, or be
#   empty when ERRORS is empty. A last stdout line without its newline
#   still counts as a line.

golden_setup() {
  batuta=$2
  if [ ! -x "$batuta" ]; then
    echo "$1: $batuta is not an executable" >&2
    exit 2
  fi
  time_limit=${BATUTA_TEST_TIMEOUT:-60}
  runner=""
  if command -v timeout >/dev/null 2>&1; then
    runner="timeout $time_limit"
  fi
  work=$(mktemp -d "${TMPDIR:-/tmp}/batuta-golden.XXXXXX") || exit 2
  trap 'rm -rf "$work"' EXIT INT TERM
}

golden_compare() {
  if [ -s "$4" ] && [ -n "$(tail -c 1 "$4")" ]; then
    echo >>"$4"
  fi
  if [ "$1" = 124 ] && [ -n "$runner" ]; then
    failed="$failed
  timed out after ${time_limit}s"
  elif [ "$1" != "$2" ]; then
    failed="$failed
  exit status $1, expected $2"
  fi
  if ! diff -u "$3" "$4" >"$work/golden.diff"; then
    failed="$failed
  stdout differs (--- expected, +++ actual):
$(sed -e '1,2d' -e 's/^/    /' "$work/golden.diff")"
  fi
  if [ -s "$5" ]; then
    while IFS= read -r want; do
      grep -qF -- "$want" "$6" || failed="$failed
  stderr lacks: $want"
    done <"$5"
  elif [ -s "$6" ]; then
    failed="$failed
  unexpected stderr (the test states no error)"
  fi
}
