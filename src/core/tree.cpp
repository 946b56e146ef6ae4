// tree.cpp: the persistent AVL tree of tree.h and the header shared by the
// sorted collections.
#include "core/tree.h"

#include <algorithm>
#include <new>

#include "core/printer.h"

namespace batuta {

namespace {

// --- nodes --------------------------------------------------------------------

TreeNode* node_of(const Value& v) { return object_as<TreeNode>(v); }
int height_of(const Value& v) { return v.is_nil() ? 0 : node_of(v)->flags; }

size_t node_size(bool with_value) { return with_value ? sizeof(TreeNode) : offsetof(TreeNode, value_slot); }

void fix_height(TreeNode* n) { n->flags = static_cast<uint8_t>(1 + std::max(height_of(n->left), height_of(n->right))); }

Value make_node(Value key, Value val, bool with_value, Value left, Value right) {
  void* mem = allocate_bytes(node_size(with_value));
  auto* n = static_cast<TreeNode*>(mem);
  new (static_cast<Object*>(n)) Object(Kind::TreeNode);
  n->aux = with_value ? kTreeNodeHasValue : 0;
  new (&n->left) Value(std::move(left));
  new (&n->right) Value(std::move(right));
  new (&n->key) Value(std::move(key));
  if (with_value) new (&n->value_slot[0]) Value(std::move(val));
  fix_height(n);
  return Value::adopt(n);
}

// Makes the node held by slot safe to mutate: a unique node is returned as
// is; a shared one is replaced in slot by a copy sharing its children (the
// children are now reachable from two parents, so they count as shared).
TreeNode* own(Value& slot) {
  TreeNode* n = node_of(slot);
  if (n->is_unique()) return n;
  Value copy = make_node(n->key, n->has_value() ? n->value() : Value(), n->has_value(), n->left, n->right);
  slot = std::move(copy);  // drops our reference to the shared original
  return node_of(slot);
}

Value& child(TreeNode* n, bool left) { return left ? n->left : n->right; }

// Rotations. The argument (consumed) becomes the lower node; the child that
// rises is made unique first, since both nodes are rewritten.
Value rotate_right(Value t) {
  TreeNode* n = own(t);
  Value up = std::move(n->left);
  TreeNode* l = own(up);
  n->left = std::move(l->right);
  fix_height(n);
  l->right = std::move(t);
  fix_height(l);
  return up;
}

Value rotate_left(Value t) {
  TreeNode* n = own(t);
  Value up = std::move(n->right);
  TreeNode* r = own(up);
  n->right = std::move(r->left);
  fix_height(n);
  r->left = std::move(t);
  fix_height(r);
  return up;
}

// Restores the AVL invariant at t (consumed, unique), whose subtrees are
// AVL trees with heights differing by at most two: the state after one
// insertion or removal below t. The heavier child is rotated up; when its
// inner grandchild is the taller one, that grandchild is rotated up first
// (the double rotation), so the result is balanced in every case.
Value rebalance(Value t) {
  TreeNode* n = node_of(t);
  int hl = height_of(n->left), hr = height_of(n->right);
  if (hl > hr + 1) {
    const TreeNode* l = node_of(n->left);
    if (height_of(l->left) < height_of(l->right)) n->left = rotate_left(std::move(n->left));
    return rotate_right(std::move(t));
  }
  if (hr > hl + 1) {
    const TreeNode* r = node_of(n->right);
    if (height_of(r->right) < height_of(r->left)) n->right = rotate_right(std::move(n->right));
    return rotate_left(std::move(t));
  }
  fix_height(n);
  return t;
}

// Rewrites one subtree of t (consumed) with edit, then rebalances t. A
// unique t lends its child to the edit and is updated in place. A shared t
// lends a counted reference (so the edit copies everything it changes) and
// is copied only when the child actually changed; otherwise t is returned
// as it was. When the child's height is unchanged, so are t's height and
// balance: rebalancing (which reads the sibling, often a cache miss) is
// skipped, which is the case at most levels of most updates.
template <class Edit>
Value descend(Value t, bool left, Edit&& edit) {
  TreeNode* n = node_of(t);
  int height_before = height_of(child(n, left));
  if (n->is_unique()) {
    Value updated = edit(std::move(child(n, left)));
    child(n, left) = std::move(updated);
  } else {
    Value updated = edit(Value(child(n, left)));
    if (updated.identical(child(n, left))) return t;
    n = own(t);
    child(n, left) = std::move(updated);
  }
  if (height_of(child(n, left)) == height_before) return t;
  return rebalance(std::move(t));
}

// --- insertion ----------------------------------------------------------------

struct Insertion {
  Value key;
  Value val;
  bool with_value;
  const KeyComparator* order;
  bool added = false;
};

Value insert(Value t, Insertion& ins) {
  if (t.is_nil()) {
    ins.added = true;
    return make_node(std::move(ins.key), std::move(ins.val), ins.with_value, Value(), Value());
  }
  TreeNode* n = node_of(t);
  int c = compare_keys(ins.order, ins.key, n->key);
  if (c == 0) {
    // Clojure keeps the key already present (so (assoc m 1.0 x) on a map
    // holding 1 keeps 1) and a set keeps its element.
    if (!ins.with_value || n->value().identical(ins.val)) return t;
    own(t)->value_slot[0] = std::move(ins.val);
    return t;
  }
  return descend(std::move(t), c < 0, [&](Value sub) { return insert(std::move(sub), ins); });
}

// --- removal ------------------------------------------------------------------

// The subtree on one side of t (consumed): moved out when t is unique (t is
// then freed), shared otherwise.
Value take_child(Value t, bool left) {
  TreeNode* n = node_of(t);
  return n->is_unique() ? std::move(child(n, left)) : Value(child(n, left));
}

// Removes the smallest node of t (consumed, non-empty), handing its key and
// value out.
Value remove_min(Value t, Value& key, Value& val) {
  TreeNode* n = node_of(t);
  if (!n->left.is_nil()) {
    return descend(std::move(t), true, [&](Value sub) { return remove_min(std::move(sub), key, val); });
  }
  if (n->is_unique()) {
    key = std::move(n->key);
    if (n->has_value()) val = std::move(n->value_slot[0]);
  } else {
    key = n->key;
    if (n->has_value()) val = n->value();
  }
  return take_child(std::move(t), false);
}

// Removes the node t itself (consumed), returning what replaces it: its only
// subtree, or t rebuilt around its in-order successor.
Value remove_node(Value t) {
  TreeNode* n = node_of(t);
  if (n->left.is_nil()) return take_child(std::move(t), false);
  if (n->right.is_nil()) return take_child(std::move(t), true);
  n = own(t);
  Value key, val;
  Value right = remove_min(std::move(n->right), key, val);
  n->right = std::move(right);
  n->key = std::move(key);
  if (n->has_value()) n->value_slot[0] = std::move(val);
  return rebalance(std::move(t));
}

struct Removal {
  const Value& key;
  const KeyComparator* order;
  bool removed = false;
};

Value remove(Value t, Removal& rm) {
  if (t.is_nil()) return t;
  const TreeNode* n = node_of(t);
  int c = compare_keys(rm.order, rm.key, n->key);
  if (c == 0) {
    rm.removed = true;
    return remove_node(std::move(t));
  }
  return descend(std::move(t), c < 0, [&](Value sub) { return remove(std::move(sub), rm); });
}

// --- invariant checking -------------------------------------------------------

struct Checker {
  const KeyComparator* order;
  bool with_value;
  const Value* previous_key = nullptr;
  size_t nodes = 0;
  std::string problem;

  // Returns the subtree's true height, recording the first violation.
  int check(const Value& t, int depth) {
    if (t.is_nil() || !problem.empty()) return 0;
    if (!is_kind(t, Kind::TreeNode)) return fail("a child is neither nil nor a tree node");
    if (depth > 64) return fail("the tree is deeper than 64 levels");
    const TreeNode* n = tree_node(t);
    if (n->has_value() != with_value) return fail("a node has the wrong shape (value slot)");
    int hl = check(n->left, depth + 1);
    if (previous_key != nullptr && compare_keys(order, *previous_key, n->key) >= 0) {
      return fail("keys out of order: " + pr_str(n->key) + " after " + pr_str(*previous_key));
    }
    previous_key = &n->key;
    ++nodes;
    int hr = check(n->right, depth + 1);
    if (!problem.empty()) return 0;
    if (hl - hr > 1 || hr - hl > 1) return fail("unbalanced at " + pr_str(n->key));
    if (n->height() != 1 + std::max(hl, hr)) return fail("stored height wrong at " + pr_str(n->key));
    return n->height();
  }
  int fail(std::string why) {
    if (problem.empty()) problem = std::move(why);
    return 0;
  }
};

// --- KindOps of TreeNode (an internal kind: never a user-visible value) ---------

void tree_node_visit(Object* o, ChildVisitor visit) {
  auto* n = static_cast<TreeNode*>(o);
  visit(n->left);
  visit(n->right);
  visit(n->key);
  if (n->has_value()) visit(n->value_slot[0]);
}

void tree_node_destroy(Object* o) {
  auto* n = static_cast<TreeNode*>(o);
  bool with_value = n->has_value();
  n->left.~Value();
  n->right.~Value();
  n->key.~Value();
  if (with_value) n->value_slot[0].~Value();
  free_bytes(n, node_size(with_value));
}

bool tree_node_equals(const Object*, const Value&) { return false; }  // only identical nodes are equal
uint64_t tree_node_hash(const Object* o) { return mix_hash(reinterpret_cast<uintptr_t>(o)); }
void tree_node_print(const Object*, Printer& p) { p.write("#<tree node>"); }
int tree_node_compare(const Object* a, const Object* b) { return a < b ? -1 : a > b ? 1 : 0; }

}  // namespace

const KindOps kTreeNodeOps = {tree_node_visit, tree_node_destroy, tree_node_equals,
                              tree_node_hash,  tree_node_print,   tree_node_compare};

Value tree_insert(Value root, Value key, Value val, bool with_value, const KeyComparator* order, bool* added) {
  Insertion ins{std::move(key), std::move(val), with_value, order};
  Value result = insert(std::move(root), ins);
  *added = ins.added;
  return result;
}

Value tree_remove(Value root, const Value& key, const KeyComparator* order, bool* removed) {
  Removal rm{key, order};
  Value result = remove(std::move(root), rm);
  *removed = rm.removed;
  return result;
}

const TreeNode* tree_find(const Value& root, const Value& key, const KeyComparator* order) {
  const Value* t = &root;
  while (!t->is_nil()) {
    const TreeNode* n = tree_node(*t);
    int c = compare_keys(order, key, n->key);
    if (c == 0) return n;
    t = c < 0 ? &n->left : &n->right;
  }
  return nullptr;
}

const TreeNode* tree_first(const Value& root) {
  if (root.is_nil()) return nullptr;
  const TreeNode* n = tree_node(root);
  while (!n->left.is_nil()) n = tree_node(n->left);
  return n;
}

const TreeNode* tree_last(const Value& root) {
  if (root.is_nil()) return nullptr;
  const TreeNode* n = tree_node(root);
  while (!n->right.is_nil()) n = tree_node(n->right);
  return n;
}

std::string tree_check(const Value& root, const KeyComparator* order, bool with_value, size_t expected_count) {
  Checker c{order, with_value, nullptr, 0, {}};
  c.check(root, 1);
  if (c.problem.empty() && c.nodes != expected_count) {
    c.problem = "the tree has " + std::to_string(c.nodes) + " nodes, the count says " + std::to_string(expected_count);
  }
  return c.problem;
}

// --- cursors ------------------------------------------------------------------

// Invariant: the stack holds, bottom to top, the nodes still to be visited
// whose subtree on the walk's far side has not been entered, nearest (next
// in order) on top. Visiting the top node pushes the near edge of its far
// subtree.
TreeCursor::TreeCursor(const Value& root, TreeDirection dir) : descending_(dir == TreeDirection::Descending) {
  push_edge(root);
}

TreeCursor::TreeCursor(const Value& root, TreeDirection dir, const Value& key, TreeBound bound,
                       const KeyComparator* order)
    : descending_(dir == TreeDirection::Descending) {
  // Descend toward key. A node is pushed when it lies on the walk's side of
  // the bound, and then only its nearer subtree can hold earlier such nodes.
  bool inclusive = bound == TreeBound::Inclusive;
  const Value* t = &root;
  while (!t->is_nil()) {
    const TreeNode* n = tree_node(*t);
    int c = compare_keys(order, n->key, key);  // where the node lies relative to the bound
    bool in_range = descending_ ? (c < 0 || (inclusive && c == 0)) : (c > 0 || (inclusive && c == 0));
    if (in_range) {
      stack_[depth_++] = n;
      t = descending_ ? &n->right : &n->left;
    } else {
      t = descending_ ? &n->left : &n->right;
    }
  }
}

void TreeCursor::push_edge(const Value& start) {
  const Value* t = &start;
  while (!t->is_nil()) {
    const TreeNode* n = tree_node(*t);
    stack_[depth_++] = n;
    t = descending_ ? &n->right : &n->left;
  }
}

const TreeNode* TreeCursor::next() {
  if (depth_ == 0) return nullptr;
  const TreeNode* n = stack_[--depth_];
  push_edge(descending_ ? n->left : n->right);
  return n;
}

// --- the collection header ----------------------------------------------------

Value make_sorted_collection(Kind kind, const KeyComparator* order, Value root, size_t count) {
  void* mem = allocate_bytes(sizeof(SortedCollection));
  auto* c = static_cast<SortedCollection*>(mem);
  new (static_cast<Object*>(c)) Object(kind);
  new (&c->root) Value(std::move(root));
  c->count = count;
  c->order = order;
  new (&c->cached_hash) std::atomic<uint64_t>(0);
  return Value::adopt(c);
}

void sorted_collection_visit(Object* o, ChildVisitor visit) { visit(static_cast<SortedCollection*>(o)->root); }

void sorted_collection_destroy(Object* o) {
  auto* c = static_cast<SortedCollection*>(o);
  c->~SortedCollection();
  free_bytes(c, sizeof(SortedCollection));
}

}  // namespace batuta
