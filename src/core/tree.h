// tree.h: the persistent balanced binary search tree under sorted maps and
// sorted sets (sorted_map.h, sorted_set.h).
//
// Why AVL
// -------
// Of the usual persistent balanced trees (red-black as in Okasaki and
// Clojure's PersistentTreeMap, AVL, weight-balanced), AVL has the simplest
// invariant to state and to check: every node stores its height, and the
// heights of its two subtrees differ by at most one. Insertion and deletion
// are the same short recursion (descend, rebuild the path, rebalance each
// node on the way up with at most two rotations); red-black deletion needs
// many more cases. AVL trees are also the shallowest of the three (height
// below 1.44 log2(n+2)), which favours lookups, the commonest operation on a
// sorted map. The height fits in the object header's spare byte, so balance
// costs no extra word. A weight-balanced tree would give O(log n) rank
// queries, but the size needs a word per node and Clojure's sorted
// collections offer no positional access.
//
// Nodes and ownership
// -------------------
// A node is a TreeNode object: left and right subtrees (nil for an empty
// subtree, else a TreeNode), a key, and for map trees a value. Set trees
// allocate nodes without the value slot. One tree holds one node shape.
// Every algorithm takes the tree it changes by value: a node whose count is
// one (reached only through the Value the caller moved in) is updated in
// place; a shared node is copied (path copying), and everything below a
// shared node is treated as shared, since it is reachable through it. An
// operation that changes nothing (removing an absent key, storing an
// identical value) returns the tree it was given, without copying.
//
// Ordering
// --------
// Keys are ordered by a KeyComparator; nullptr means the core total order
// compare() of equality.h, so 1 and 1.0 are the same key. A later layer can
// supply its own comparator (e.g. a Batuta function); the tree code only
// ever calls compare_keys().
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/equality.h"
#include "core/object.h"

namespace batuta {

// A user-supplied ordering of keys: negative, zero or positive, and a total
// preorder (keys comparing 0 are the same key). The object must outlive
// every collection that uses it: collections hold a plain pointer to it. A
// layer that builds comparators from Batuta functions will have to make them
// counted objects and have the collections retain them.
struct KeyComparator {
  int (*compare)(const KeyComparator* self, const Value& a, const Value& b);
};

inline int compare_keys(const KeyComparator* order, const Value& a, const Value& b) {
  if (order != nullptr) return order->compare(order, a, b);
  // Fixnum keys are the common case: order them inline, as compare() would.
  if (a.both_fixnum(b)) return (a.as_fixnum() > b.as_fixnum()) - (a.as_fixnum() < b.as_fixnum());
  return compare(a, b);
}

// Header bits of a TreeNode: `flags` is the height (a leaf has height 1; an
// AVL tree of height 64 would need more than 10^13 nodes, so a byte is
// plenty); `aux` says whether the node has a value slot.
constexpr uint16_t kTreeNodeHasValue = 1;

struct TreeNode : Object {
  Value left;
  Value right;
  Value key;
  Value value_slot[1];  // present only in map nodes (has_value()); set nodes are allocated without it

  bool has_value() const { return (aux & kTreeNodeHasValue) != 0; }
  int height() const { return flags; }
  // Precondition: has_value().
  const Value& value() const { return value_slot[0]; }
};

inline const TreeNode* tree_node(const Value& v) { return object_as<const TreeNode>(v); }

// --- tree algorithms (root: nil or a TreeNode) --------------------------------

// Inserts key with val (map trees) or key alone (set trees, with_value
// false). When an equal key is present, a map tree keeps its key and takes
// the new value, and a set tree is returned unchanged. *added tells whether
// a node was added.
Value tree_insert(Value root, Value key, Value val, bool with_value, const KeyComparator* order, bool* added);
// Removes the node whose key equals key, if any; *removed tells.
Value tree_remove(Value root, const Value& key, const KeyComparator* order, bool* removed);
// The node whose key equals key, or nullptr.
const TreeNode* tree_find(const Value& root, const Value& key, const KeyComparator* order);
const TreeNode* tree_first(const Value& root);  // smallest key; nullptr when empty
const TreeNode* tree_last(const Value& root);   // largest key; nullptr when empty

// Checks every invariant of the tree: keys strictly increasing in order,
// stored heights exact, subtree heights differing by at most one, every node
// of the expected shape, and the node count. Returns "" when all hold, else
// a description of the first violation. For tests.
std::string tree_check(const Value& root, const KeyComparator* order, bool with_value, size_t expected_count);

// --- in-order cursors ---------------------------------------------------------

enum class TreeDirection : uint8_t { Ascending, Descending };
// Where a bounded cursor starts relative to its key: at it when present
// (subseq's >= and rsubseq's <=), or strictly beyond it (> and <).
enum class TreeBound : uint8_t { Inclusive, Exclusive };

// Walks the nodes of a tree in key order without allocating. It does not
// own the tree: the caller keeps the collection alive and unchanged while
// the cursor is in use.
class TreeCursor {
 public:
  // Every node, from the smallest key (Ascending) or the largest (Descending).
  explicit TreeCursor(const Value& root, TreeDirection dir = TreeDirection::Ascending);
  // Ascending: starts at the first key >= key (Inclusive) or > key
  // (Exclusive). Descending: starts at the last key <= key or < key.
  TreeCursor(const Value& root, TreeDirection dir, const Value& key, TreeBound bound, const KeyComparator* order);

  // The next node, or nullptr when the walk is over.
  const TreeNode* next();

 private:
  // Pushes n and its chain of children toward the walk's start (left for
  // ascending, right for descending).
  void push_edge(const Value& n);

  // The nodes still to visit whose later subtree is not yet entered; at most
  // the tree's height, which stays below 64 for any tree that fits in memory.
  static constexpr int kMaxDepth = 64;
  const TreeNode* stack_[kMaxDepth];
  int depth_ = 0;
  bool descending_;
};

// --- the collection header shared by SortedMap and SortedSet ------------------

struct SortedCollection : Object {
  Value root;                    // nil or a TreeNode
  size_t count;                  // nodes in the tree
  const KeyComparator* order;    // nullptr: core compare()
  // 0: not computed (a true 0 is simply never cached). Cleared by in-place
  // updates. Racing threads compute the same bits: relaxed is enough.
  mutable std::atomic<uint64_t> cached_hash;
};

inline const SortedCollection* sorted_collection(const Value& v) { return object_as<const SortedCollection>(v); }

// A Value naming an object for the length of a call without touching its
// count: KindOps::compare and print hand kinds bare objects, and the
// collection APIs take Values.
class BorrowedValue {
 public:
  explicit BorrowedValue(const Object* o) : v_(Value::adopt(const_cast<Object*>(o))) {}
  ~BorrowedValue() { v_.leak_object(); }
  BorrowedValue(const BorrowedValue&) = delete;
  BorrowedValue& operator=(const BorrowedValue&) = delete;
  const Value& value() const { return v_; }

 private:
  Value v_;
};

// A new collection of the given kind (SortedMap or SortedSet) holding root.
Value make_sorted_collection(Kind kind, const KeyComparator* order, Value root, size_t count);
// Freeing, shared by both kinds' KindOps.
void sorted_collection_visit(Object* o, ChildVisitor visit);
void sorted_collection_destroy(Object* o);

// Applies edit (Value(Value root, ptrdiff_t& count_delta)) to the tree of
// collection coll, consuming coll. A unique collection is changed in place,
// its tree moved into the edit so unique nodes are updated in place too. A
// shared one lends the edit a counted reference to its tree (so the edit
// copies paths) and is returned itself when the tree comes back unchanged.
template <class Edit>
Value edit_sorted_collection(Value coll, Edit&& edit) {
  auto* c = object_as<SortedCollection>(coll);
  ptrdiff_t delta = 0;
  if (c->is_unique()) {
    Value root = edit(std::move(c->root), delta);
    c->root = std::move(root);
    c->count += delta;
    c->cached_hash.store(0, std::memory_order_relaxed);
    return coll;
  }
  Value root = edit(Value(c->root), delta);
  if (root.identical(c->root)) return coll;
  return make_sorted_collection(c->kind, c->order, std::move(root), c->count + delta);
}

}  // namespace batuta
