// vector.cpp: see vector.h for the shape and the in-place rules.
#include "core/vector.h"

#include <bit>
#include <new>
#include <string>

#include "core/printer.h"
#include "core/seq.h"

namespace batuta {

namespace {

// --- objects ---------------------------------------------------------------

size_t vector_alloc_size(size_t capacity) {
  return offsetof(Vector, tail) + (capacity == 0 ? 1 : capacity) * sizeof(Value);
}

// A Vector with `capacity` nil tail slots, count 0, no root, shift 0.
Vector* allocate_vector(size_t capacity) {
  void* mem = allocate_bytes(vector_alloc_size(capacity));
  auto* vec = static_cast<Vector*>(mem);
  new (static_cast<Object*>(vec)) Object(Kind::Vector);
  vec->aux = static_cast<uint16_t>(capacity);
  vec->count = 0;
  new (&vec->root) Value();
  new (&vec->cached_hash) std::atomic<uint64_t>(0);
  for (size_t i = 0; i < capacity; ++i) new (&vec->tail[i]) Value();
  return vec;
}

// Tail capacities grow in powers of two from 4 to 32, so a vector built by
// repeated conj reallocates its object a few times, then never again.
size_t capacity_for(size_t needed) { return needed <= 4 ? 4 : std::bit_ceil(needed); }

const Value& nil_ref() {
  static const Value nil;
  return nil;
}

// Static storage keeps the singleton out of allocation_stats; rc 0 makes it
// immortal, so no operation ever treats it as unique.
const Value& empty_vector_ref() {
  static const Value empty = [] {
    alignas(Vector) static unsigned char storage[sizeof(Vector)];
    auto* vec = reinterpret_cast<Vector*>(storage);
    new (static_cast<Object*>(vec)) Object(Kind::Vector, /*initial_rc=*/0);
    vec->aux = 0;
    vec->count = 0;
    new (&vec->root) Value();
    new (&vec->cached_hash) std::atomic<uint64_t>(0);
    new (&vec->tail[0]) Value();
    return Value::adopt(vec);
  }();
  return empty;
}

VectorNode* as_node(const Value& v) { return object_as<VectorNode>(v); }

Value make_node() {
  void* mem = allocate_bytes(sizeof(VectorNode));
  return Value::adopt(new (mem) VectorNode());
}

// The node held in `slot`, ready to be mutated: itself when unique, else a
// copy that replaces it in `slot`. Precondition: the holder of `slot` is
// itself mutable (unique, or a fresh copy). A copy retains every child, so
// the children of a shared node never look unique further down the path.
VectorNode* editable_node(Value& slot) {
  VectorNode* n = as_node(slot);
  if (n->is_unique()) return n;
  void* mem = allocate_bytes(sizeof(VectorNode));
  auto* copy = static_cast<VectorNode*>(mem);
  new (static_cast<Object*>(copy)) Object(Kind::VectorNode);
  for (size_t i = 0; i < kVectorWidth; ++i) new (&copy->slots[i]) Value(n->slots[i]);
  slot = Value::adopt(copy);
  return copy;
}

// Child i of the node held in `node`, which the caller is discarding: moved
// out when the node is unique, shared otherwise.
Value take_child(const Value& node, size_t i) {
  VectorNode* n = as_node(node);
  if (n->is_unique()) return std::move(n->slots[i]);
  return n->slots[i];
}

// Makes `v` a vector the caller may mutate: `v` itself when unique and its
// tail has `capacity` slots, else a new vector (moving out of `v` when it
// was unique, sharing otherwise) that then replaces `v`. The result keeps
// v's count, root and shift and the first `carried` tail elements; its other
// tail slots are nil. The caller fixes count.
Vector* editable_vector(Value& v, size_t capacity, size_t carried) {
  auto* vec = object_as<Vector>(v);
  size_t length = vec->tail_length();
  if (vec->is_unique() && vec->tail_capacity() >= capacity) {
    for (size_t i = carried; i < length; ++i) vec->tail[i] = Value();
    vec->cached_hash.store(0, std::memory_order_relaxed);
    return vec;
  }
  Vector* out = allocate_vector(capacity_for(capacity));
  out->count = vec->count;
  out->flags = vec->flags;
  if (vec->is_unique()) {
    out->root = std::move(vec->root);
    for (size_t i = 0; i < carried; ++i) out->tail[i] = std::move(vec->tail[i]);
  } else {
    out->root = vec->root;
    for (size_t i = 0; i < carried; ++i) out->tail[i] = vec->tail[i];
  }
  v = Value::adopt(out);  // frees the old object when it was unique
  return out;
}

// --- the trie --------------------------------------------------------------

// A chain of branch nodes from `level` down to `leaf` (the leaf itself at
// level 0), each holding only its leftmost child.
Value new_path(int level, Value leaf) {
  while (level > 0) {
    Value branch = make_node();
    as_node(branch)->slots[0] = std::move(leaf);
    leaf = std::move(branch);
    level -= kVectorBits;
  }
  return leaf;
}

// Appends a full leaf to the trie of a mutable vector whose trie holds
// `trie_size` elements (a multiple of 32).
void push_leaf(Vector* vec, size_t trie_size, Value leaf) {
  if (vec->root.is_nil()) {
    vec->root = std::move(leaf);
    vec->flags = 0;
    return;
  }
  int shift = vec->shift();
  if ((trie_size >> kVectorBits) == (size_t{1} << shift)) {
    // The root is full: grow the trie by one level.
    Value root = make_node();
    as_node(root)->slots[0] = std::move(vec->root);
    as_node(root)->slots[1] = new_path(shift, std::move(leaf));
    vec->root = std::move(root);
    vec->flags = static_cast<uint8_t>(shift + kVectorBits);
    return;
  }
  Value* slot = &vec->root;
  for (int level = shift;; level -= kVectorBits) {
    VectorNode* n = editable_node(*slot);
    Value& child = n->slots[(trie_size >> level) & kVectorMask];
    if (level == kVectorBits) {
      child = std::move(leaf);
      return;
    }
    if (child.is_nil()) {
      child = new_path(level - kVectorBits, std::move(leaf));
      return;
    }
    slot = &child;
  }
}

// Removes the last leaf, whose first element is `index`, from the subtrie in
// `slot` (at `level`) and returns it. A node left empty becomes nil.
Value pop_leaf(Value& slot, int level, size_t index) {
  if (level == 0) return std::move(slot);
  size_t i = (index >> level) & kVectorMask;
  size_t node_span = size_t{1} << (level + kVectorBits);  // elements a node at this level holds
  if (index % node_span == 0) {
    // The leaf is this node's first and so its only one: drop the node.
    Value node = std::move(slot);
    Value child = take_child(node, 0);
    return pop_leaf(child, level - kVectorBits, index);
  }
  VectorNode* n = editable_node(slot);
  return pop_leaf(n->slots[i], level - kVectorBits, index);
}

// Removes the last leaf from a mutable vector's trie (holding `trie_size`
// elements) and restores the canonical shape.
Value pop_last_leaf(Vector* vec, size_t trie_size) {
  Value leaf = pop_leaf(vec->root, vec->shift(), trie_size - kVectorWidth);
  if (vec->root.is_nil()) {
    vec->flags = 0;
  } else if (vec->shift() > 0 && as_node(vec->root)->slots[1].is_nil()) {
    // Everything left fits under the first child: it becomes the root.
    Value child = take_child(vec->root, 0);
    vec->root = std::move(child);
    vec->flags = static_cast<uint8_t>(vec->shift() - kVectorBits);
  }
  return leaf;
}

// --- kind operations -------------------------------------------------------

void vector_visit(Object* o, ChildVisitor visit) {
  auto* vec = static_cast<Vector*>(o);
  visit(vec->root);
  size_t length = vec->tail_length();
  for (size_t i = 0; i < length; ++i) visit(vec->tail[i]);
}

void vector_destroy(Object* o) {
  auto* vec = static_cast<Vector*>(o);
  size_t capacity = vec->tail_capacity();
  for (size_t i = 0; i < (capacity == 0 ? 1 : capacity); ++i) vec->tail[i].~Value();
  vec->root.~Value();
  free_bytes(vec, vector_alloc_size(capacity));
}

bool vector_equals(const Object* a, const Value& b) {
  if (is_vector(b)) {
    const auto* x = static_cast<const Vector*>(a);
    const Vector* y = as_vector(b);
    if (x->count != y->count) return false;
    uint64_t hx = x->cached_hash.load(std::memory_order_relaxed);
    uint64_t hy = y->cached_hash.load(std::memory_order_relaxed);
    if (hx != 0 && hy != 0 && hx != hy) return false;
  }
  return sequential_equals(a, b);
}

// Cached; 0 means "not computed", so a vector whose hash happens to be 0 is
// simply rehashed each time.
uint64_t vector_hash(const Object* o) {
  const auto* vec = static_cast<const Vector*>(o);
  uint64_t h = vec->cached_hash.load(std::memory_order_relaxed);
  if (h != 0) return h;
  h = sequential_hash(o);
  vec->cached_hash.store(h, std::memory_order_relaxed);
  return h;
}

void vector_print(const Object* o, Printer& p) {
  VectorCursor cursor(static_cast<const Vector*>(o));
  p.print_sequence("[", cursor, "]");
}

void node_visit(Object* o, ChildVisitor visit) {
  auto* n = static_cast<VectorNode*>(o);
  for (Value& child : n->slots) visit(child);
}

void node_destroy(Object* o) {
  auto* n = static_cast<VectorNode*>(o);
  n->~VectorNode();
  free_bytes(n, sizeof(VectorNode));
}

// Trie nodes are internal and never reach Batuta code; these exist so the
// dispatch table is total.
bool node_equals(const Object*, const Value&) { return false; }
uint64_t node_hash(const Object* o) { return reinterpret_cast<uintptr_t>(o); }
void node_print(const Object*, Printer& p) { p.write("#<vector node>"); }
int node_compare(const Object* a, const Object* b) { return a < b ? -1 : a > b ? 1 : 0; }

std::string elements_phrase(size_t n) { return std::to_string(n) + (n == 1 ? " element" : " elements"); }

}  // namespace

const KindOps kVectorOps = {vector_visit, vector_destroy, vector_equals,
                            vector_hash,  vector_print,   sequential_compare};
const KindOps kVectorNodeOps = {node_visit, node_destroy, node_equals, node_hash, node_print, node_compare};

// --- public operations -----------------------------------------------------

Value empty_vector() { return empty_vector_ref(); }

namespace {

// A vector of the n values element(0) .. element(n - 1), which copies or
// moves each one.
template <class Element>
Value build_vector(size_t n, Element element) {
  if (n == 0) return empty_vector();
  size_t tail_length = ((n - 1) & kVectorMask) + 1;
  size_t trie_size = n - tail_length;
  Vector* vec = allocate_vector(tail_length);  // exact: literals rarely grow
  Value result = Value::adopt(vec);
  for (size_t start = 0; start < trie_size; start += kVectorWidth) {
    Value leaf = make_node();
    for (size_t i = 0; i < kVectorWidth; ++i) as_node(leaf)->slots[i] = element(start + i);
    push_leaf(vec, start, std::move(leaf));
  }
  for (size_t i = 0; i < tail_length; ++i) vec->tail[i] = element(trie_size + i);
  vec->count = n;
  return result;
}

}  // namespace

Value vector_from(std::span<const Value> elements) {
  return build_vector(elements.size(), [elements](size_t i) -> const Value& { return elements[i]; });
}

Value vector_from_moved(std::span<Value> elements) {
  return build_vector(elements.size(), [elements](size_t i) -> Value&& { return std::move(elements[i]); });
}

Value vector_from(std::initializer_list<Value> elements) {
  return vector_from(std::span<const Value>(elements.begin(), elements.size()));
}

Error vector_nth_error(const Value& v, int64_t i) {
  return make_error(ErrorKind::IndexOutOfBounds, "nth: index " + std::to_string(i) +
                                                     " out of range for a vector of " + elements_phrase(vector_count(v)));
}

const Value& vector_peek(const Value& v) {
  size_t n = vector_count(v);
  return n == 0 ? nil_ref() : vector_at(v, n - 1);
}

Value vector_conj(Value v, Value x) {
  auto* vec = object_as<Vector>(v);
  size_t length = vec->tail_length();
  if (length < kVectorWidth) {
    vec = editable_vector(v, length + 1, length);
    vec->tail[length] = std::move(x);
    vec->count++;
    return v;
  }
  // The tail is full: it becomes the trie's last leaf and x starts a new tail.
  Value leaf = make_node();
  VectorNode* l = as_node(leaf);
  if (vec->is_unique()) {
    for (size_t i = 0; i < kVectorWidth; ++i) l->slots[i] = std::move(vec->tail[i]);
  } else {
    for (size_t i = 0; i < kVectorWidth; ++i) l->slots[i] = vec->tail[i];
  }
  vec = editable_vector(v, 1, 0);
  push_leaf(vec, vec->count - kVectorWidth, std::move(leaf));
  vec->tail[0] = std::move(x);
  vec->count++;
  return v;
}

Result<Value> vector_assoc(Value v, int64_t i, Value x) {
  size_t n = vector_count(v);
  if (i < 0 || static_cast<uint64_t>(i) > n) {
    return make_error(ErrorKind::IndexOutOfBounds,
                      "assoc: index " + std::to_string(i) + " out of range for a vector of " + elements_phrase(n));
  }
  size_t index = static_cast<size_t>(i);
  if (index == n) return vector_conj(std::move(v), std::move(x));
  size_t length = as_vector(v)->tail_length();
  Vector* vec = editable_vector(v, length, length);
  if (index >= vec->tailoff()) {
    vec->tail[index & kVectorMask] = std::move(x);
    return v;
  }
  Value* slot = &vec->root;
  for (int level = vec->shift();; level -= kVectorBits) {
    VectorNode* node = editable_node(*slot);
    if (level == 0) {
      node->slots[index & kVectorMask] = std::move(x);
      return v;
    }
    slot = &node->slots[(index >> level) & kVectorMask];
  }
}

Result<Value> vector_pop(Value v) {
  const Vector* old = as_vector(v);
  size_t n = old->count;
  if (n == 0) return make_error(ErrorKind::IllegalState, "pop: can't pop an empty vector");
  if (n == 1) return empty_vector();
  size_t length = old->tail_length();
  if (length > 1) {
    Vector* vec = editable_vector(v, length - 1, length - 1);
    vec->count--;
    return v;
  }
  // The tail empties: the trie's last leaf becomes the new tail.
  size_t trie_size = n - 1;
  Vector* vec = editable_vector(v, kVectorWidth, 0);
  Value leaf = pop_last_leaf(vec, trie_size);
  VectorNode* l = as_node(leaf);
  if (l->is_unique()) {
    for (size_t i = 0; i < kVectorWidth; ++i) vec->tail[i] = std::move(l->slots[i]);
  } else {
    for (size_t i = 0; i < kVectorWidth; ++i) vec->tail[i] = l->slots[i];
  }
  vec->count--;
  return v;
}

}  // namespace batuta
