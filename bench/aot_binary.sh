# aot_binary.sh: sourced by bench/lang/run.sh and bench/stdlib/run.sh for
# their "batuta-aot" runtime: each workload compiled once with `batuta
# compile` (not timed, as BEAM's module compilation and the JVM's warm-up
# are not), then its binary timed like any other runtime.
#
# aot_binary SOURCE.ba BINARY ERRFILE: (re)builds BINARY from SOURCE.ba
# with $BATUTA compile --native unless it is newer than both the source and
# $BATUTA; the compiler's messages go to ERRFILE. Fails when the compile does.
# --native tunes the code for this machine's CPU, as BEAM's JIT, the JVM's
# and LuaJIT's do for theirs: the binaries are built here to run here.
aot_binary() {
  local source=$1 binary=$2 errors=$3
  if [[ -x $binary && $binary -nt $source && $binary -nt $BATUTA ]]; then return 0; fi
  mkdir -p "$(dirname "$binary")"
  "$BATUTA" compile --native "$source" -o "$binary" 2>"$errors"
}
