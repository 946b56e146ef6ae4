#!/usr/bin/env bash
# setup.sh: install everything Batuta needs to build and test.
#
# Idempotent: each step checks first and does nothing when its work is
# already done, so a second run takes a second or two. Every machine the
# project runs on (developers', CI's) starts from this script, never from
# packages installed by hand, so anything the build needs belongs here.
#
#   1. Debian packages (toolchain, libraries, the wasm32-wasi toolchain),
#      installed only when dpkg reports them missing.
#   2. DuckDB: Debian has none, so two pinned npm packages of the same
#      DuckDB release give us duckdb.h (from the source package) and
#      libduckdb.so (from the prebuilt Node bindings). Only those two files
#      are used; they are exposed under third_party/duckdb/{include,lib}.
#
#   scripts/setup.sh          what building, running and testing need
#   scripts/setup.sh --bench  also the peer runtimes `make bench` compares
#                             Batuta with (BENCH_PEER_PACKAGES below)
set -euo pipefail

WITH_BENCH_PEERS=0
for arg in "$@"; do
  case $arg in
    --bench) WITH_BENCH_PEERS=1 ;;
    *) printf 'setup: unknown option %s (known: --bench)\n' "$arg" >&2; exit 2 ;;
  esac
done

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

say() { printf 'setup: %s\n' "$*"; }

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  SUDO=(sudo)
fi

# --- 1. Debian packages -----------------------------------------------------

APT_PACKAGES=(
  g++ cmake ninja-build ccache
  libboost-dev libfmt-dev libcli11-dev libedit-dev libre2-dev
  libutf8proc-dev libxxhash-dev libssl-dev libgtest-dev libbenchmark-dev
  # wasm32-wasi build of the core layers, run by Node's node:wasi
  clang-14 lld-14 llvm-14 wasi-libc
  libc++-14-dev-wasm32 libc++abi-14-dev-wasm32 libclang-rt-14-dev-wasm32
)

# Peer runtimes of bench/lang/run.sh, installed only by `make bench`
# (--bench) so building and testing never pull them in. Clojure brings
# the JVM; python3 may also come from elsewhere (pyenv): the benchmark
# uses whichever python3 is on PATH and prints its version. The JSON
# workload of bench/stdlib/run.sh uses Clojure's data.json and lua-cjson.
BENCH_PEER_PACKAGES=(lua5.4 luajit python3 clojure erlang-base elixir libdata-json-clojure lua-cjson)
if ((WITH_BENCH_PEERS)); then
  APT_PACKAGES+=("${BENCH_PEER_PACKAGES[@]}")
fi

# One dpkg-query call for all packages (fast). A package dpkg has never
# heard of is absent from the output; one removed but with config left
# shows a status other than "ii".
declare -A installed=()
while read -r name status; do
  [[ $status == ii ]] && installed[$name]=1
done < <(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "${APT_PACKAGES[@]}" 2>/dev/null || true)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  [[ -n ${installed[$p]:-} ]] || missing+=("$p")
done
# Node.js may come from elsewhere than Debian (a NodeSource build that
# bundles npm, which conflicts with Debian's npm package), so judge by
# the commands, not by dpkg.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)

if ((${#missing[@]})); then
  say "apt: installing ${missing[*]}"
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq "${missing[@]}" >/dev/null
  say "apt: done"
else
  say "apt: all ${#APT_PACKAGES[@]} packages present"
fi

# --- 2. DuckDB from the npm registry ------------------------------------------

# Both packages must be the same DuckDB release: the header declares the
# C API that the shared library exports.
DUCKDB_SRC_PKG="duckdb@1.4.4"
DUCKDB_LIB_PKG="@duckdb/node-bindings-linux-x64@1.4.4-r.4"
DUCKDB_DIR="third_party/duckdb"
DUCKDB_STAMP="$DUCKDB_DIR/.stamp"
DUCKDB_WANT="$DUCKDB_SRC_PKG $DUCKDB_LIB_PKG"

if [[ -f $DUCKDB_STAMP && $(<"$DUCKDB_STAMP") == "$DUCKDB_WANT" &&
      -e $DUCKDB_DIR/include/duckdb.h && -e $DUCKDB_DIR/lib/libduckdb.so ]]; then
  say "duckdb: $DUCKDB_WANT present"
else
  say "duckdb: installing $DUCKDB_WANT from npm"
  rm -rf "$DUCKDB_DIR"
  mkdir -p "$DUCKDB_DIR"
  # --ignore-scripts: the duckdb package's install script would build or
  # download a Node addon; we want only its header.
  # The user's npmrc may carry settings this npm warns about; keep the log
  # to show it only when the install fails.
  log="$(mktemp)"
  if ! npm install --prefix "$DUCKDB_DIR" --no-save --ignore-scripts \
       --no-audit --no-fund --loglevel=error \
       "$DUCKDB_SRC_PKG" "$DUCKDB_LIB_PKG" >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    say "duckdb: npm install failed" >&2
    exit 1
  fi
  rm -f "$log"
  mods="$DUCKDB_DIR/node_modules"
  header="$mods/duckdb/src/duckdb/src/include/duckdb.h"
  lib="$mods/@duckdb/node-bindings-linux-x64/libduckdb.so"
  for f in "$header" "$lib"; do
    [[ -f $f ]] || { say "duckdb: expected $f in the npm packages" >&2; exit 1; }
  done
  mkdir -p "$DUCKDB_DIR/include" "$DUCKDB_DIR/lib"
  # Relative symlinks: the paths the build uses stay stable whatever the
  # packages' internal layout, and the tree can be moved.
  ln -sfn "../node_modules/duckdb/src/duckdb/src/include/duckdb.h" "$DUCKDB_DIR/include/duckdb.h"
  ln -sfn "../node_modules/@duckdb/node-bindings-linux-x64/libduckdb.so" "$DUCKDB_DIR/lib/libduckdb.so"
  # Written last, so an interrupted install is redone on the next run.
  printf '%s\n' "$DUCKDB_WANT" >"$DUCKDB_STAMP"
  say "duckdb: done ($DUCKDB_DIR/include/duckdb.h, $DUCKDB_DIR/lib/libduckdb.so)"
fi
