// liveness.h: which registers each instruction of a proto reads and
// writes, and which registers are live (may be read before they are next
// written) on entry to and exit from each instruction.
//
// The generator keeps register writes in C++ locals and stores them to the
// frame only where the interpreter or an owning write needs them
// (codegen.cpp, "Deferred register writes"); liveness says which locals
// those are. Every approximation here errs towards live: an opcode this
// file does not know reads every register, and a write that happens only
// on one path (TestGetK's, the compare-and-branch scratch) kills nothing.
#pragma once

#include <bitset>
#include <cstdint>
#include <vector>

#include "vm/function.h"

namespace batuta::aot {

// A register is an 8-bit operand: 256 registers at most.
using RegisterSet = std::bitset<256>;

struct RegisterEffects {
  RegisterSet reads;
  // The register the instruction always writes, or -1. Reads happen
  // before the write (Move 3 3 reads and writes r3).
  int writes = -1;
  // A register written on some paths only (kills nothing in liveness, but
  // is a register native code may have changed).
  int may_write = -1;
};

// What instruction i of proto reads and writes, as the interpreter runs it.
RegisterEffects register_effects(const Proto& proto, size_t i);

struct Liveness {
  std::vector<RegisterSet> in;   // live on entry to instruction i
  std::vector<RegisterSet> out;  // live after it, on any way on
};

Liveness register_liveness(const Proto& proto);

}  // namespace batuta::aot
