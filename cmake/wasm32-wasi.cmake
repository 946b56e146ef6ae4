# CMake toolchain file: wasm32-wasi with Debian's clang 14, wasi-libc and
# libc++-14-dev-wasm32. Use through the Makefile (`make wasm-test`), or:
#   cmake -S . -B build-wasm -G Ninja -DCMAKE_TOOLCHAIN_FILE=cmake/wasm32-wasi.cmake
# The *_INIT flags below are read only when a build directory is first
# configured: after changing them, delete build-wasm/.
#
# How the pieces fit on Debian 12 (checked with `clang++-14 --target=wasm32-wasi -v`):
# - Debian's packages are multiarch: wasi-libc headers in /usr/include/wasm32-wasi,
#   libc++ headers in /usr/include/wasm32-wasi/c++/v1, libc.a, libc++.a and
#   libc++abi.a in /usr/lib/wasm32-wasi. With --sysroot=/usr (also the
#   driver's default for this target) clang's WebAssembly driver adds exactly
#   those paths, then /usr/include, which is how Boost and xxhash.h (both
#   header-only for this build) are found.
# - compiler-rt builtins come from the resource directory
#   (/usr/lib/llvm-14/lib/clang/14.0.6/lib/wasi/libclang_rt.builtins-wasm32.a),
#   which the driver links by itself.
# - The driver links with wasm-ld-14 on its own (-fuse-ld is not needed, and
#   -fuse-ld=lld would ask for an ELF ld.lld).
# - No exceptions and no threads on this toolchain: -fno-exceptions and
#   BOOST_NO_EXCEPTIONS everywhere (the project supplies
#   boost::throw_exception), and cmake/wasm_support.c supplies
#   __stack_chk_guard/__stack_chk_fail, which the builtins need.

set(CMAKE_SYSTEM_NAME Generic)   # CMake 3.25 has no WASI platform module
set(CMAKE_SYSTEM_PROCESSOR wasm32)
set(BATUTA_WASM ON)              # read by option(BATUTA_WASM) in CMakeLists.txt

set(BATUTA_WASM_TRIPLE wasm32-wasi)
set(CMAKE_C_COMPILER clang-14)
set(CMAKE_CXX_COMPILER clang++-14)
set(CMAKE_C_COMPILER_TARGET ${BATUTA_WASM_TRIPLE})
set(CMAKE_CXX_COMPILER_TARGET ${BATUTA_WASM_TRIPLE})
# GNU ar cannot index wasm object files; llvm-ar writes the symbol table
# wasm-ld needs to pull members out of a static library.
find_program(CMAKE_AR NAMES llvm-ar-14 llvm-ar REQUIRED)
find_program(CMAKE_RANLIB NAMES llvm-ranlib-14 llvm-ranlib REQUIRED)

# Passed as a flag rather than CMAKE_SYSROOT: CMAKE_SYSROOT would also
# re-root every find_* call under /usr (/usr/usr/...).
set(CMAKE_C_FLAGS_INIT "--sysroot=/usr")
set(CMAKE_CXX_FLAGS_INIT "--sysroot=/usr -fno-exceptions -DBOOST_NO_EXCEPTIONS")
# wasm-ld's default stack is 64 KiB, too small for a language runtime's
# recursive printers and trie walks; 8 MiB matches a native main thread.
# --stack-first puts the stack below the static data, so an overflow traps
# (out-of-bounds access) instead of silently overwriting globals.
set(CMAKE_EXE_LINKER_FLAGS_INIT "--sysroot=/usr -Wl,-z,stack-size=8388608 -Wl,--stack-first")


# Nothing of the host may leak into this build: no host libraries or
# packages are looked up (the wasm build uses header-only dependencies).
set(CMAKE_FIND_ROOT_PATH /usr/lib/wasm32-wasi)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# Lets CMake (and ctest, for any add_test in this build) run a .wasm
# as if it were a native executable.
find_program(BATUTA_NODE node)
if(BATUTA_NODE)
  set(CMAKE_CROSSCOMPILING_EMULATOR "${BATUTA_NODE};${CMAKE_CURRENT_LIST_DIR}/../tests/wasm/run_wasm.mjs")
endif()
