#!/bin/sh
# `batuta compile` end to end (docs/compile.md). Compiles tests/aot/program.ba
# once (the C++ compile is the slow part: one program holds every shape)
# and checks that the binary behaves as `batuta run` on the same file:
# stdout, stderr and exit status for a normal run with arguments and for a
# run that panics (status 1, the original file:line:column). Checks that
# compiling runs no top-level form (nothing printed), that
# BATUTA_NATIVE_REPORT shows every function the code generator wrote running
# natively, and the command's options and errors, which need no real C++
# compile: unreadable file, read and compile errors with their position,
# --emit-cpp, --keep, --native, the default output name and the recorded
# toolchain (through a stand-in compiler), a missing or a failing C++
# compiler.
#
# Usage: compile_test.sh BATUTA      (from the source root; POSIX sh)
# Prints PASS/FAIL per check; exit status 0 only when all pass.

set -u
. "$(dirname "$0")/../support/golden.sh"
golden_setup "$0" "$1"

program=tests/aot/program.ba
failures=0
check() {  # check NAME CONDITION-STATUS [DETAIL]
  if [ "$2" = 0 ]; then
    echo "PASS $1"
  else
    echo "FAIL $1${3:+: $3}"
    failures=$((failures + 1))
  fi
}
# same_file NAME EXPECTED ACTUAL: PASS when the files are equal, else the diff.
same_file() {
  if diff -u "$2" "$3" >"$work/diff"; then check "$1" 0; else check "$1" 1 "$(cat "$work/diff")"; fi
}
# contains NAME FILE TEXT
contains() {
  if grep -qF -- "$3" "$2"; then check "$1" 0; else check "$1" 1 "$(cat "$2")"; fi
}

# --- the compiled program ------------------------------------------------------
$runner "$batuta" compile "$program" -o "$work/program" --emit-cpp "$work/program-cpp/" \
  >"$work/compile.out" 2>"$work/compile.err"
check "compile exits 0" $? "$(cat "$work/compile.err")"
[ -s "$work/compile.out" ]
check "compiling runs no top-level form, of the program or of what it requires (nothing on stdout)" $((!$?)) "$(cat "$work/compile.out")"
[ -s "$work/compile.err" ]
check "compiling prints nothing on stderr" $((!$?)) "$(cat "$work/compile.err")"

# run_both NAME ARGS...: the binary and `batuta run` with the same arguments.
run_both() {
  name=$1
  shift
  $runner "$work/program" "$@" >"$work/bin.out" 2>"$work/bin.err"
  echo "exit $?" >>"$work/bin.out"
  $runner "$batuta" run "$program" "$@" >"$work/run.out" 2>"$work/run.err"
  echo "exit $?" >>"$work/run.out"
  same_file "$name: stdout and status as batuta run" "$work/run.out" "$work/bin.out"
  same_file "$name: stderr as batuta run" "$work/run.err" "$work/bin.err"
}
if [ -x "$work/program" ]; then
  run_both "args" a "b c"
  contains "args: the program's output" "$work/bin.out" 'started with (a b c)'
  contains "args: actors ran" "$work/bin.out" '45'
  contains "args: the required namespace loaded at run time" "$work/bin.out" 'loading aot-helpers'
  contains "args: exit 0" "$work/bin.out" 'exit 0'
  run_both "panic" panic
  contains "panic: exit 1" "$work/bin.out" 'exit 1'
  contains "panic: reason" "$work/bin.err" 'panic: {:division-by-zero 1}'
  contains "panic: original position" "$work/bin.err" 'at checked-div (tests/aot/program.ba:84:17)'

  # The generator gives native code to the functions where it pays (a loop,
  # a long run of native instructions) and leaves the others interpreted.
  # Every function it wrote must be found again by the binary, which
  # compiles the same source at start: as many native protos as table
  # entries at least (two protos may share one), and some.
  entries=$(sed -n 's/.*batuta_native_code_count = \([0-9]*\);.*/\1/p' "$work/program-cpp/native_code.cpp")
  BATUTA_NATIVE_REPORT=1 $runner "$work/program" >/dev/null 2>"$work/report.err"
  report=$(tail -n 1 "$work/report.err")
  native=$(echo "$report" | sed -n 's/^native code: \([0-9]*\) of \([0-9]*\) protos$/\1/p')
  built=$(echo "$report" | sed -n 's/^native code: \([0-9]*\) of \([0-9]*\) protos$/\2/p')
  [ -n "$entries" ] && [ "$entries" -gt 0 ] && [ -n "$native" ] && [ "$native" -ge "$entries" ] &&
    [ "$built" -ge "$native" ]
  check "BATUTA_NATIVE_REPORT: every function the generator wrote runs natively" $? \
    "$report; $entries functions generated"
  $runner "$work/program" >/dev/null 2>"$work/quiet.err"
  grep -q "native code" "$work/quiet.err"
  check "no report without BATUTA_NATIVE_REPORT" $((!$?))
fi

# --- options and errors ----------------------------------------------------------
# expect_failure NAME STATUS TEXT COMMAND...: exit STATUS, TEXT on stderr.
expect_failure() {
  name=$1 want=$2 text=$3
  shift 3
  "$@" >"$work/fail.out" 2>"$work/fail.err"
  got=$?
  check "$name: exit $want" $([ "$got" = "$want" ]; echo $?) "exit $got; $(cat "$work/fail.err")"
  contains "$name: message" "$work/fail.err" "$text"
}
expect_failure "missing file" 2 "batuta: cannot read $work/none.ba: No such file or directory" \
  "$batuta" compile "$work/none.ba"
printf '(println "x")\n(defn f [x]\n  (+ x 1)\n' >"$work/unclosed.ba"
expect_failure "read error" 1 "$work/unclosed.ba:2:1: unclosed ( opened at 2:1" "$batuta" compile "$work/unclosed.ba"
printf '(println "x")\n(defn f [x]\n  (+ x nowhere))\n' >"$work/unbound.ba"
expect_failure "compile error" 1 "$work/unbound.ba:3:3: unable to resolve symbol: nowhere in this context" \
  "$batuta" compile "$work/unbound.ba"
printf '(defn helper [x] (panic :helper-failed))\n(defmacro m [x] (helper x))\n(m 1)\n' >"$work/macro_panic.ba"
expect_failure "a macro's helper panics at compile time" 1 "$work/macro_panic.ba:3:1: error while expanding macro user/m: :helper-failed" \
  "$batuta" compile "$work/macro_panic.ba"
expect_failure "no default output name" 2 "does not end in .ba, so there is no default output name; give -o OUT" \
  "$batuta" compile tests/aot/compile_test.sh
printf '(println "hi")\n' >"$work/hi.ba"
expect_failure "no C++ compiler" 1 "no C++ compiler found: BATUTA_CXX is $work/no-such-cxx" \
  env BATUTA_CXX="$work/no-such-cxx" "$batuta" compile "$work/hi.ba"
printf '#!/bin/sh\necho "first line" >&2\necho "fake-cxx: the last words" >&2\nexit 3\n' >"$work/bad-cxx"
chmod +x "$work/bad-cxx"
expect_failure "failing C++ compiler: status" 1 "the C++ compiler failed compiling " \
  env BATUTA_CXX="$work/bad-cxx" "$batuta" compile "$work/hi.ba"
contains "failing C++ compiler: its stderr tail" "$work/fail.err" "fake-cxx: the last words"
contains "failing C++ compiler: its exit status" "$work/fail.err" "(exit status 3)"

# A stand-in compiler that logs its command lines and writes what -o names:
# the default output name and the recorded toolchain, without a real build.
printf '#!/bin/sh\necho "$@" >>"%s"\nwhile [ $# -gt 1 ]; do [ "$1" = -o ] && : >"$2"; shift; done\n' "$work/cxx.log" >"$work/log-cxx"
chmod +x "$work/log-cxx"
BATUTA_CXX="$work/log-cxx" "$batuta" compile "$work/hi.ba" >"$work/logged.out" 2>&1
check "default output: exit 0" $? "$(cat "$work/logged.out")"
[ -e "$work/hi" ]
check "default output: FILE without .ba" $?
[ "$(grep -c -- ' -c ' "$work/cxx.log")" = 2 ]
check "two units compiled" $? "$(cat "$work/cxx.log")"
contains "units compiled with the library's flags" "$work/cxx.log" "-std=c++20"
contains "units compiled without exceptions" "$work/cxx.log" "-fno-exceptions -DBOOST_NO_EXCEPTIONS"
contains "linked with libbatuta" "$work/cxx.log" "libbatuta.a"
grep -q -- "-o $work/hi\$" "$work/cxx.log"
check "linked into OUT" $? "$(cat "$work/cxx.log")"
! grep -q -- "-march" "$work/cxx.log"
check "by default, code for any CPU of the architecture (no -march)" $? "$(cat "$work/cxx.log")"
: >"$work/cxx.log"
BATUTA_CXX="$work/log-cxx" "$batuta" compile --native "$work/hi.ba" -o "$work/hi-native" >"$work/native.out" 2>&1
check "--native: exit 0" $? "$(cat "$work/native.out")"
[ "$(grep -c -- '-march=native -c .*native_code.cpp' "$work/cxx.log")" = 1 ] &&
  [ "$(grep -c -- '-march=native' "$work/cxx.log")" = 1 ]
check "--native: the native code unit alone is compiled for this machine's CPU" $? "$(cat "$work/cxx.log")"
BATUTA_CXX="$work/log-cxx" "$batuta" compile "$work/hi.ba" --keep -o "$work/kept" 2>"$work/keep.err"
kept=$(sed -n 's/^batuta: the generated C++ and the objects are kept in //p' "$work/keep.err")
[ -n "$kept" ] && [ -f "$kept/main.cpp" ] && [ -f "$kept/native_code.cpp" ]
check "--keep: the build directory stays, with the C++" $? "$(cat "$work/keep.err")"
[ -n "$kept" ] && rm -rf "$kept"

# --emit-cpp without -o: the C++ only, no binary, nothing run.
printf '(println "hi")\n' >"$work/emit.ba"
"$batuta" compile "$work/emit.ba" --emit-cpp "$work/cpp/" >"$work/emit.out" 2>&1
check "--emit-cpp DIR/: exit 0" $? "$(cat "$work/emit.out")"
[ ! -s "$work/emit.out" ] && [ ! -e "$work/emit" ]
check "--emit-cpp DIR/ alone prints nothing and builds no binary" $?
contains "--emit-cpp DIR/: main.cpp embeds the source" "$work/cpp/main.cpp" '"(println \"hi\")\n"'
contains "--emit-cpp DIR/: main.cpp embeds the file name" "$work/cpp/main.cpp" "const char kPath[] = \"$work/emit.ba\";"
contains "--emit-cpp DIR/: native_code.cpp holds the table" "$work/cpp/native_code.cpp" "batuta_native_code_count"
"$batuta" compile "$work/hi.ba" --emit-cpp "$work/one.cpp" >/dev/null 2>&1
contains "--emit-cpp FILE: one unit with main and the table" "$work/one.cpp" "batuta_native_code_count"
contains "--emit-cpp FILE: one unit with main" "$work/one.cpp" "int main(int argc, char** argv)"

echo "$failures failed"
[ "$failures" = 0 ]
