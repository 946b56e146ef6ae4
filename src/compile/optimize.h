// optimize.h: IR-to-IR passes run between analysis and emission:
// constant folding and dead-branch elimination (see optimize.cpp).
#pragma once

#include "compile/ir.h"

namespace batuta {

// Rewrites the tree in place; `node` may be replaced by one of its parts
// or by a new node made in `arena`.
void optimize(ir::Node*& node, ir::Arena& arena);

}  // namespace batuta
