#!/usr/bin/env node
// run_wasm.mjs: run a wasm32-wasi command module under Node's built-in WASI.
//
//   node tests/wasm/run_wasm.mjs prog.wasm [args...]
//
// Paths: the whole host file system is preopened as '/'. wasi-libc resolves a
// relative path against its own working directory, which starts at '/', so
// on its own `prog data.txt` would open '/data.txt'. cmake/wasm_support.c,
// linked into every wasm target, therefore runs a constructor that calls
// chdir(getenv("PWD")); we pass the caller's cwd as PWD, so relative and
// absolute paths both behave as they would for a native binary.
//
// Exit code: with returnOnExit, wasi.start() returns the code the program
// gave to proc_exit (or returned from main) instead of ending Node at once;
// we hand it on as Node's own exit code. A trap (abort(), an out-of-bounds
// access, a stack overflow) exits with 134, as SIGABRT would natively.

import { readFile } from 'node:fs/promises';
import process from 'node:process';

// node:wasi prints an ExperimentalWarning on load; it would pollute the
// program's stderr (tests compare output), so drop exactly that warning.
const emitWarning = process.emitWarning;
process.emitWarning = (warning, ...rest) => {
  const text = String(warning?.message ?? warning);
  const type = typeof rest[0] === 'string' ? rest[0] : rest[0]?.type;
  if ((type === 'ExperimentalWarning' || warning?.name === 'ExperimentalWarning') && /WASI/.test(text)) return;
  return emitWarning.call(process, warning, ...rest);
};
// Imported dynamically so the filter above is in place first (static
// imports are evaluated before any statement of this module).
const { WASI } = await import('node:wasi');

const [wasmPath, ...args] = process.argv.slice(2);
if (!wasmPath) {
  process.stderr.write('usage: node run_wasm.mjs prog.wasm [args...]\n');
  process.exit(2);
}

const wasi = new WASI({
  version: 'preview1',
  args: [wasmPath, ...args],
  env: { ...process.env, PWD: process.cwd() },
  preopens: { '/': '/' },
  returnOnExit: true,
});

let code;
try {
  const module = await WebAssembly.compile(await readFile(wasmPath));
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  code = wasi.start(instance);
} catch (err) {
  // A trap (unreachable from abort(), out-of-bounds access, stack overflow)
  // lands here; report it the way a crashed native process would look.
  process.stderr.write(`run_wasm: ${wasmPath}: ${err?.stack ?? err}\n`);
  code = 134;
}
process.exitCode = code;
