// native_code.h: machine code for protos, made ahead of time by
// `batuta compile` (the aot layer, src/aot/) and installed by the program it
// builds.
//
// Native code is keyed by a proto's bytecode, not by its name or place: the
// compiled program compiles its source at start exactly as `batuta run`
// does, and every proto whose bytecode has native code installed runs it.
// The code depends on the instruction words and on the few constants its
// entry lists (NativeConstant below); everything else (other constants,
// captured values, registers) it reads from the frame, as the interpreter
// does. So protos with the same instructions and those constants share it,
// and a proto the generator never saw simply stays interpreted.
//
// Native code keeps all of its state in the frame (registers, pc), so it
// can hand any instruction to the interpreter and be re-entered at any
// instruction: that is how calls, returns, slow paths, errors, preemption
// and suspension keep exactly the interpreter's behaviour.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "vm/function.h"

namespace batuta {

class Fiber;
namespace vm_detail {
struct Frame;
}

// Runs `frame` (the fiber's top frame) from frame.pc and returns when it
// reaches an instruction it leaves to the interpreter, with frame.pc at
// that instruction (not yet executed).
using NativeEntry = void (*)(Fiber& fiber, vm_detail::Frame& frame);

// The bytecode an entry was generated from travels with it: a proto whose
// hash matches gets the entry only when its instruction words and register
// count are these, so a hash collision leaves the proto interpreted instead
// of running another function's code.
//
// The code may also rely on some of the proto's constants, which travel
// with it as NativeConstants: a proto gets the entry only when each holds.
// Several entries may share a bytecode (the same function body with other
// fixnum constants); a proto gets the first whose constants hold.
struct NativeConstant {
  uint16_t index;  // into the proto's constants
  // 0: the code compares the constant by its word alone (a pattern's
  // keyword, `(= x :ok)`), so any value equal only to its own word will do
  // (is_word_constant). Otherwise the constant's exact word, written into
  // the code as a literal: a fixnum (the loop bound of `(< i 1000)`, the 1
  // of `(inc i)`), whose word is the same in every process. No value's
  // word is 0 but the double 0.0's, which is never a literal.
  uint64_t word;
};
struct NativeCodeEntry {
  uint64_t bytecode_hash;  // bytecode_hash() of the protos it runs
  NativeEntry entry;
  const Instruction* code;  // the instruction words it was generated from
  uint32_t code_size;
  uint16_t num_registers;
  uint16_t constant_count;
  const NativeConstant* constants;
};

// A value `=` to nothing but its own word: nil, a boolean, a character, a
// keyword, a symbol, a fixnum (integers in the fixnum range are never
// BigInts). Not a double (##NaN, 0.0 and -0.0) and not an object.
inline bool is_word_constant(const Value& v) { return !v.is_object() && !v.is_double(); }

// The key of a proto's native code: a hash of its instruction words and
// frame shape.
uint64_t bytecode_hash(const Proto& proto);

// Makes `table` the native code of every proto built from now on whose
// bytecode_hash matches an entry. Called once, before the program is
// compiled; the table must outlive the process (it is static data of the
// generated code).
void install_native_code(std::span<const NativeCodeEntry> table);

// How many protos were built since install_native_code, and how many of them
// found native code (for `BATUTA_NATIVE_REPORT` and the aot tests).
struct NativeCodeStats {
  size_t protos_built = 0;
  size_t protos_native = 0;
};
NativeCodeStats native_code_stats();

// True while a non-empty table is installed: the interpreter then runs
// the build of its dispatch loop that enters native code.
bool native_code_installed();

// Called by Assembler::finish for every proto it builds: sets
// proto.native_code when the installed table has its bytecode, and counts
// it in the stats. Does nothing until install_native_code is called.
void attach_native_code(Proto& proto);

}  // namespace batuta
