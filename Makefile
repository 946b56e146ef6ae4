# Batuta: the user-facing entry point. CMake + Ninja do the real work; this
# file only picks build directories and options.
#
#   make / make build  configure build/ if needed, then build it
#   make run           set up, build, run the showcase ($(SHOWCASE))
#   make test          set up; native, ASan+UBSan and wasm32 test runs, ending
#                      with one "N passed, N failed" line (scripts/test.sh)
#   make wasm-test     set up; only the wasm32-wasi build and its test
#   make bench         set up (with the peer runtimes); build with the
#                      benchmarks, run scripts/bench.sh
#   make setup         install the Debian packages and DuckDB (scripts/setup.sh)
#   make fuzz          libFuzzer on the reader for FUZZ_SECONDS (default 600)
#   make clean         remove the build directories
#
# A directory is configured once (when its build.ninja is missing); after that
# Ninja re-runs CMake by itself when a CMakeLists.txt or a globbed source
# folder changes. ccache is picked up by CMakeLists.txt when installed.

SHELL := /bin/bash

BUILD      := build
BUILD_ASAN := build-asan
BUILD_WASM := build-wasm

# What `make run` shows off: the language tour.
SHOWCASE ?= $(BUILD)/batuta run examples/tour.ba

CMAKE := cmake -G Ninja -S .

.PHONY: all build run test wasm-test bench setup clean asan-build wasm-build fuzz

all: build

setup:
	@scripts/setup.sh

$(BUILD)/build.ninja:
	$(CMAKE) -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: $(BUILD)/build.ninja
	ninja -C $(BUILD)

# -O1 keeps the sanitizer build quick to run while still catching the bugs
# that only show when the optimiser moves things; no -DNDEBUG, so assert()s
# are checked. Only the test executables are built here (target
# batuta_tests): no benchmarks, CLI or demo.
$(BUILD_ASAN)/build.ninja:
	$(CMAKE) -B $(BUILD_ASAN) -DBATUTA_SANITIZE=ON -DBATUTA_BENCH=OFF \
	  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  '-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g' '-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -g'

asan-build: $(BUILD_ASAN)/build.ninja
	ninja -C $(BUILD_ASAN) batuta_tests

$(BUILD_WASM)/build.ninja:
	$(CMAKE) -B $(BUILD_WASM) -DCMAKE_TOOLCHAIN_FILE=cmake/wasm32-wasi.cmake \
	  -DCMAKE_BUILD_TYPE=Release

wasm-build: $(BUILD_WASM)/build.ninja
	ninja -C $(BUILD_WASM)

# Set-up must finish before CMake configures (it looks for DuckDB), so the
# steps run in order even under make -j.
run: setup
	@$(MAKE) --no-print-directory build
	$(SHOWCASE)

# scripts/test.sh builds each configuration through this Makefile (the
# targets above), runs its tests and adds up the results.
test: setup
	@MAKE="$(MAKE)" scripts/test.sh native asan wasm

wasm-test: setup
	@MAKE="$(MAKE)" scripts/test.sh wasm

# Turns BATUTA_BENCH on in build/ (it stays on there, so later builds keep
# the benchmarks compiling against the current code). Set-up with --bench
# also installs the peer runtimes (Lua 5.4, LuaJIT, Python 3, Clojure) that
# bench/lang/run.sh compares Batuta with.
bench:
	@scripts/setup.sh --bench
	@$(MAKE) --no-print-directory $(BUILD)/build.ninja
	cmake -B $(BUILD) -DBATUTA_BENCH=ON >/dev/null
	ninja -C $(BUILD)
	scripts/bench.sh

# libFuzzer on the reader: FUZZ_SECONDS of coverage-guided inputs (default
# ten minutes), starting from and adding to the kept corpus in
# tests/fuzz/corpus/reader. Built directly with clang (libFuzzer is clang's),
# outside the CMake configurations, with ASan and UBSan.
FUZZ_SECONDS ?= 600
FUZZ_BIN := build-fuzz/reader_fuzz
fuzz: setup
	@mkdir -p build-fuzz tests/fuzz/corpus/reader
	clang++-14 -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-exceptions \
	  -DBOOST_NO_EXCEPTIONS -Wno-invalid-offsetof -Isrc \
	  tests/fuzz/reader_fuzz.cpp src/read/*.cpp src/core/*.cpp -o $(FUZZ_BIN)
	$(FUZZ_BIN) -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=4096 tests/fuzz/corpus/reader

clean:
	rm -rf $(BUILD) $(BUILD_ASAN) $(BUILD_WASM) build-fuzz
