// seq.h: what the sequential collections have in common.
//
// Lists and vectors (and, in later layers, lazy sequences) are sequential:
// `=` compares them element by element whatever their kinds, so
// (= [1 2] '(1 2)) is true and (= [] '()) is true; they hash alike (one
// OrderedHasher fold over the elements); and compare orders them by length,
// then element by element (Clojure's vector order), a vector against a list
// included. The KindOps of every sequential kind use the building blocks at
// the bottom of this header so that these three agree.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/list.h"
#include "core/vector.h"

namespace batuta {

inline bool is_sequential(const Value& v) { return is_list(v) || is_vector(v); }

// The number of elements (O(1) for lists and vectors); nil counts as empty.
size_t sequential_count(const Value& coll);

// Yields each element of a list or vector in order, then nullptr. nil is
// walked as an empty sequence. The collection must outlive the cursor.
class SeqCursor {
 public:
  explicit SeqCursor(const Value& coll);
  explicit SeqCursor(const Object* coll);  // a list or vector object
  const Value* operator()() { return in_vector_ ? vector_() : list_(); }

 private:
  bool in_vector_;
  union {
    VectorCursor vector_;
    ListCursor list_;
  };
};

// KindOps building blocks for sequential kinds (precondition: `a`, and `b`
// for compare, are sequential objects).
bool sequential_equals(const Object* a, const Value& b);
uint64_t sequential_hash(const Object* a);
int sequential_compare(const Object* a, const Object* b);

}  // namespace batuta
