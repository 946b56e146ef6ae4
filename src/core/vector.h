// vector.h: persistent vectors, `[1 2 3]`.
//
// Clojure's PersistentVector: a 32-way trie of VectorNodes plus a tail.
//
//   count      elements in the vector
//   tail       the last 1..32 elements (none when empty), stored inline in the
//              Vector object so conj usually touches one object only
//   root       the trie holding elements [0, tailoff), tailoff = count minus
//              the tail length (a multiple of 32); nil when tailoff == 0
//   shift      the level of the root: 0 when the root is itself a leaf, else
//              5 * (height - 1). It is the smallest level whose capacity
//              (1 << shift leaves) holds every leaf, so a vector has exactly
//              one shape for each count.
//
// Leaves are full VectorNodes of 32 elements; branch nodes hold up to 32
// child nodes, left-packed, with nil in the unused slots. nth and assoc are
// O(log32 n); conj and pop are amortised O(1).
//
// Persistent operations consume the vector (take it by value). When it is
// unique (rc == 1) they update it in place, and each trie node on the path is
// updated in place too when it is unique; otherwise they copy just that node
// (structural sharing). A node reached through a copied parent has had its
// count raised by the copy, so it is never mistaken for unique. The tail has
// a capacity (up to 32 slots): conj into a unique vector whose tail has room
// allocates nothing.
//
// Vectors are sequential (seq.h): (= [1 2] '(1 2)) is true and they hash
// alike. The hash is cached (0 means "not computed") and reset by every
// in-place update, which only happens while nobody else can see the vector.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>

#include "core/object.h"
#include "core/status.h"

namespace batuta {

constexpr int kVectorBits = 5;
constexpr size_t kVectorWidth = size_t{1} << kVectorBits;  // 32
constexpr size_t kVectorMask = kVectorWidth - 1;

struct VectorNode : Object {
  VectorNode() : Object(Kind::VectorNode) {}
  Value slots[kVectorWidth];  // elements (leaf) or child nodes (branch)
};

// Object::flags holds the root's shift, Object::aux the tail capacity.
struct Vector : Object {
  uint64_t count;
  Value root;  // a VectorNode, or nil when every element is in the tail
  mutable std::atomic<uint64_t> cached_hash;
  Value tail[1];  // tail_capacity() slots follow; those past tail_length() are nil

  int shift() const { return flags; }
  size_t tail_capacity() const { return aux; }
  // Index of the first tail element: count rounded down to a multiple of 32,
  // except that a non-empty vector's tail is never empty.
  size_t tailoff() const { return count == 0 ? 0 : (count - 1) & ~uint64_t{kVectorMask}; }
  size_t tail_length() const { return count - tailoff(); }
  // The 32-slot array holding element i: a leaf, or the tail. Precondition:
  // i < count, so count >= 1 and tailoff() needs no test for the empty case.
  const Value* leaf_array_for(size_t i) const {
    if (i >= ((count - 1) & ~uint64_t{kVectorMask})) return tail;
    const Object* node = root.as_object();
    for (int level = shift(); level > 0; level -= kVectorBits)
      node = static_cast<const VectorNode*>(node)->slots[(i >> level) & kVectorMask].as_object();
    return static_cast<const VectorNode*>(node)->slots;
  }
};

// The immortal empty vector `[]`.
Value empty_vector();
Value vector_from(std::span<const Value> elements);
Value vector_from(std::initializer_list<Value> elements);
// The same, moving the elements out (they are left nil): a native that
// gathered the items in a std::vector hands them over without counting
// each one up and down again.
Value vector_from_moved(std::span<Value> elements);

inline bool is_vector(const Value& v) { return is_kind(v, Kind::Vector); }
inline const Vector* as_vector(const Value& v) { return object_as<const Vector>(v); }

// Preconditions for the rest of this header: the vector argument is_vector().
inline size_t vector_count(const Value& v) { return as_vector(v)->count; }
// Element i, unchecked (precondition: i < count). Points into the vector.
inline const Value& vector_at(const Value& v, size_t i) {
  return as_vector(v)->leaf_array_for(i)[i & kVectorMask];
}
// The IndexOutOfBounds error of nth (out of line: the cold path).
Error vector_nth_error(const Value& v, int64_t i);
// Element i; an IndexOutOfBounds error when i is negative or >= count.
// Inline so the caller's Result is built in place on the hot path.
inline Result<Value> vector_nth(const Value& v, int64_t i) {
  if (static_cast<uint64_t>(i) >= vector_count(v)) [[unlikely]] return vector_nth_error(v, i);  // negative i too
  return vector_at(v, static_cast<size_t>(i));
}
// The last element; nil when empty.
const Value& vector_peek(const Value& v);

// v with x added at the end.
Value vector_conj(Value v, Value x);
// v with element i replaced by x; i == count appends (as Clojure does).
Result<Value> vector_assoc(Value v, int64_t i, Value x);
// v without its last element; an error when v is empty.
Result<Value> vector_pop(Value v);

// Walks a vector's elements in order, one leaf array at a time, so each
// element costs an increment and a compare; the trie is descended once per 32
// elements. The vector must outlive the cursor and not change under it.
class VectorCursor {
 public:
  explicit VectorCursor(const Vector* v) : vec_(v) {}
  explicit VectorCursor(const Value& v) : vec_(as_vector(v)) {}
  // The next element, or nullptr after the last one.
  const Value* operator()() {
    if (next_ == block_end_) {
      if (next_ >= vec_->count) return nullptr;
      block_ = vec_->leaf_array_for(next_);
      block_end_ = next_ + kVectorWidth < vec_->count ? next_ + kVectorWidth : vec_->count;
    }
    return &block_[next_++ & kVectorMask];
  }
  size_t remaining() const { return vec_->count - next_; }

 private:
  const Vector* vec_;
  const Value* block_ = nullptr;  // the leaf array holding elements [block start, block_end_)
  size_t next_ = 0;
  size_t block_end_ = 0;
};

}  // namespace batuta
