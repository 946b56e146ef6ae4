// Helpers shared by the vector tests: a checker of the trie's structural
// invariants (vector.h) that the public API cannot observe directly.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "core/vector.h"

namespace batuta::vector_testing {

// The canonical shift for a trie of `leaves` full leaves.
inline int canonical_shift(size_t leaves) {
  if (leaves <= 1) return 0;
  int shift = kVectorBits;
  while ((size_t{1} << shift) < leaves) shift += kVectorBits;
  return shift;
}

// Checks that the subtrie `node` at `level`, whose first element is `first`,
// holds exactly the leaves for elements [first, trie_size).
inline ::testing::AssertionResult check_node(const Value& node, int level, size_t first, size_t trie_size) {
  if (!is_kind(node, Kind::VectorNode)) {
    return ::testing::AssertionFailure() << "not a node at level " << level << " index " << first;
  }
  if (level == 0) return ::testing::AssertionSuccess();
  const auto* n = object_as<const VectorNode>(node);
  size_t span = size_t{1} << level;  // elements under one child (a level-L node holds 1 << (L + 5))
  for (size_t i = 0; i < kVectorWidth; ++i) {
    size_t child_first = first + i * span;
    bool expected = child_first < trie_size;
    if (n->slots[i].is_nil() == expected) {
      return ::testing::AssertionFailure() << "child " << i << " at level " << level << " of node at " << first
                                           << (expected ? " is missing" : " should be empty");
    }
    if (expected) {
      auto r = check_node(n->slots[i], level - kVectorBits, child_first, trie_size);
      if (!r) return r;
    }
  }
  return ::testing::AssertionSuccess();
}

inline ::testing::AssertionResult check_shape(const Value& v) {
  if (!is_vector(v)) return ::testing::AssertionFailure() << "not a vector";
  const Vector* vec = as_vector(v);
  size_t tailoff = vec->tailoff(), length = vec->tail_length();
  if (vec->count > 0 && (length < 1 || length > kVectorWidth)) {
    return ::testing::AssertionFailure() << "tail length " << length;
  }
  if (length > vec->tail_capacity() || vec->tail_capacity() > kVectorWidth) {
    return ::testing::AssertionFailure() << "tail length " << length << " capacity " << vec->tail_capacity();
  }
  for (size_t i = length; i < vec->tail_capacity(); ++i) {
    if (!vec->tail[i].is_nil()) return ::testing::AssertionFailure() << "stale tail slot " << i;
  }
  if (vec->root.is_nil() != (tailoff == 0)) return ::testing::AssertionFailure() << "root presence, tailoff " << tailoff;
  size_t leaves = tailoff / kVectorWidth;
  if (vec->shift() != canonical_shift(leaves)) {
    return ::testing::AssertionFailure() << "shift " << vec->shift() << " for " << leaves << " leaves";
  }
  if (tailoff == 0) return ::testing::AssertionSuccess();
  return check_node(vec->root, vec->shift(), 0, tailoff);
}

}  // namespace batuta::vector_testing
