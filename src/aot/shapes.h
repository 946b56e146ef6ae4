// shapes.h: what the generated code knows about a register's value at each
// instruction of a proto, from the pattern tests that passed on the way
// there (a tuple of n elements, a map). The generator uses it to drop the
// tests an earlier test already made: an element read of a tuple whose
// size was just checked, a map test of a register known to hold a map.
#pragma once

#include <cstdint>
#include <vector>

#include "vm/function.h"

namespace batuta::aot {

struct Shape {
  enum Kind : uint8_t { Unknown, Tuple, Map };
  Kind kind = Unknown;
  uint8_t size = 0;  // a tuple's element count

  bool operator==(const Shape&) const = default;
  bool is_tuple_of(uint32_t n) const { return kind == Tuple && size == n; }
};

// A compare-and-branch (TestLt..., TestTuple...): always followed by a Jmp,
// which it skips when its test holds and takes when it fails.
bool is_test_branch(Op op);

// The shapes registers have on entry to each instruction: shapes[i][r]. An
// instruction native code can be entered at (entries[i]) knows nothing; an
// instruction no path of native code reaches knows nothing either.
// native[i] says whether native code runs instruction i and goes on (to the
// next instruction or a jump's target), as opposed to always handing it to
// the interpreter. Extra edges only cost precision, never correctness:
// facts merge by agreement.
std::vector<std::vector<Shape>> register_shapes(const Proto& proto, const std::vector<bool>& entries,
                                                const std::vector<bool>& native);

}  // namespace batuta::aot
