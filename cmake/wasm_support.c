/* wasm_support.c: definitions the wasm32-wasi toolchain lacks, linked into
 * every executable of the wasm build (see cmake/wasm32-wasi.cmake and the
 * BATUTA_WASM part of CMakeLists.txt). Kept outside src/ because it is
 * glue for one toolchain, not part of any layer.
 */
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

/* Debian's wasm32 compiler-rt builtins are built with the stack protector,
 * so the 128-bit helpers that Boost.Multiprecision's cpp_int pulls in
 * (__umodti3, __udivti3, ...) refer to these two symbols, and wasi-libc
 * defines neither. wasm has no return addresses in linear memory to smash,
 * so the canary guards little; any fixed value does. */
uintptr_t __stack_chk_guard = (uintptr_t)0x595e9fbdu;

_Noreturn void __stack_chk_fail(void) { abort(); }

/* wasi-libc resolves relative paths against its own working directory,
 * which starts at "/". tests/wasm/run_wasm.mjs preopens the host's "/" and
 * passes the caller's directory as PWD; moving there before main makes
 * relative and absolute paths behave as in a native process. This runs
 * after wasi-libc has registered the preopens (its constructor has
 * priority 51; this one has the default, which comes later). A runner that
 * passes no PWD, or a path that is not preopened, leaves the cwd at "/". */
__attribute__((constructor)) static void batuta_wasm_enter_pwd(void) {
  const char* pwd = getenv("PWD");
  if (pwd != NULL && pwd[0] == '/') {
    (void)chdir(pwd);
  }
}
