// emitter.h: IR to register bytecode (vm/assembler.h). Internal to the
// compile layer.
//
// Registers follow a stack discipline: a frame's parameters come first,
// then each let/loop local is given the next register when it is bound and
// gives it back when its scope ends; temporaries sit above the locals. A
// call's window (callee and arguments) is always at the top, which is what
// the VM needs (registers above a CALL's window are dead, interpreter.h).
//
// Each Fn becomes one Proto per arity (the first holds the others as
// overloads). A closure's captured values are listed on the Proto: for
// each captured Local, where the frame that runs CLOSURE keeps it (a
// register, or one of its own captures).
#pragma once

#include "compile/ir.h"
#include "core/status.h"

namespace batuta {

// The Proto of a top-level function (no parameters, no captures).
Result<Value> emit_function(ir::Fn* fn, const std::string& file);

}  // namespace batuta
