// sorted_set.cpp: see sorted_set.h.
#include "core/sorted_set.h"

#include <algorithm>
#include <vector>

#include "core/hash_set.h"
#include "core/printer.h"

namespace batuta {

namespace {

const SortedCollection* header(const Object* o) { return static_cast<const SortedCollection*>(o); }

bool sorted_set_equals(const Object* a, const Value& b) {
  const SortedCollection* x = header(a);
  if (is_sorted_set(b)) {
    const SortedCollection* y = sorted_collection(b);
    if (x->count != y->count) return false;
    TreeCursor cx(x->root);
    if (x->order == y->order) {
      // Same ordering: equal sets list their elements in the same order.
      TreeCursor cy(y->root);
      while (const TreeNode* n = cx.next()) {
        if (!equals(n->key, cy.next()->key)) return false;
      }
      return true;
    }
    // b finds elements by its own ordering: the stored one must also be =.
    while (const TreeNode* n = cx.next()) {
      const Value* e = sorted_set_find(b, n->key);
      if (e == nullptr || !equals(*e, n->key)) return false;
    }
    return true;
  }
  // Any other set finds elements by `=`; ours are pairwise distinct under
  // `=`, so equal counts and every element found mean the same elements
  // (unless a custom ordering tells apart elements which are =).
  if (!is_set(b) || set_count(b) != x->count) return false;
  TreeCursor cur(x->root);
  while (const TreeNode* n = cur.next()) {
    if (!set_contains(b, n->key)) return false;
  }
  return true;
}

uint64_t sorted_set_hash(const Object* o) {
  const SortedCollection* c = header(o);
  uint64_t h = c->cached_hash.load(std::memory_order_relaxed);
  if (h != 0) return h;
  UnorderedHasher hasher;
  TreeCursor cur(c->root);
  while (const TreeNode* n = cur.next()) hasher.add(n->key);
  h = hasher.finish(kSetHashSeed);
  c->cached_hash.store(h, std::memory_order_relaxed);
  return h;
}

// The elements of any set in ascending compare() order.
std::vector<const Value*> elements_in_order(const Value& s) {
  std::vector<const Value*> out;
  if (is_sorted_set(s)) {
    out.reserve(sorted_set_count(s));
    TreeCursor cur(sorted_collection(s)->root);
    while (const TreeNode* n = cur.next()) out.push_back(&n->key);
    if (sorted_collection(s)->order == nullptr) return out;
  } else {
    out.reserve(set_count(s));
    SetCursor cur(s);
    while (const Value* e = cur.next()) out.push_back(e);
  }
  std::sort(out.begin(), out.end(), [](const Value* a, const Value* b) { return compare(*a, *b) < 0; });
  return out;
}

// Sets order by size, then element by element in ascending order.
int sorted_set_compare(const Object* a, const Object* b) {
  BorrowedValue av(a), bv(b);
  size_t na = header(a)->count, nb = is_sorted_set(bv.value()) ? header(b)->count : set_count(bv.value());
  if (na != nb) return na < nb ? -1 : 1;
  if (is_sorted_set(bv.value()) && header(a)->order == nullptr && header(b)->order == nullptr) {
    TreeCursor x(header(a)->root), y(header(b)->root);
    while (const TreeNode* n = x.next()) {
      if (int c = compare(n->key, y.next()->key); c != 0) return c;
    }
    return 0;
  }
  std::vector<const Value*> x = elements_in_order(av.value()), y = elements_in_order(bv.value());
  for (size_t i = 0; i < x.size(); ++i) {
    if (int c = compare(*x[i], *y[i]); c != 0) return c;
  }
  return 0;
}

void sorted_set_print(const Object* o, Printer& p) {
  BorrowedValue s(o);
  SortedSetCursor cur(s.value());
  p.print_sequence("#{", cur, "}");
}

}  // namespace

const KindOps kSortedSetOps = {sorted_collection_visit, sorted_collection_destroy, sorted_set_equals,
                               sorted_set_hash,         sorted_set_print,          sorted_set_compare};

Value empty_sorted_set(const KeyComparator* order) {
  if (order != nullptr) return make_sorted_collection(Kind::SortedSet, order, Value(), 0);
  // Held as a plain pointer: leak checkers do not recognise a NaN-boxed one.
  static Object* const empty = [] {
    Value s = make_sorted_collection(Kind::SortedSet, nullptr, Value(), 0);
    make_immortal(s);
    return s.leak_object();
  }();
  return Value::share(empty);
}

Value sorted_set_from(std::span<const Value> elements, const KeyComparator* order) {
  // A fresh (not the immortal empty) set is unique, so every conj is in place.
  Value s = make_sorted_collection(Kind::SortedSet, order, Value(), 0);
  for (const Value& e : elements) s = sorted_set_conj(std::move(s), e);
  return s;
}

Value sorted_set_conj(Value s, Value x) {
  const KeyComparator* order = sorted_collection(s)->order;
  return edit_sorted_collection(std::move(s), [&](Value root, ptrdiff_t& delta) {
    bool added = false;
    Value result = tree_insert(std::move(root), std::move(x), Value(), false, order, &added);
    delta = added ? 1 : 0;
    return result;
  });
}

Value sorted_set_disj(Value s, const Value& x) {
  const KeyComparator* order = sorted_collection(s)->order;
  return edit_sorted_collection(std::move(s), [&](Value root, ptrdiff_t& delta) {
    bool removed = false;
    Value result = tree_remove(std::move(root), x, order, &removed);
    delta = removed ? -1 : 0;
    return result;
  });
}

const Value* sorted_set_find(const Value& s, const Value& x) {
  const SortedCollection* c = sorted_collection(s);
  const TreeNode* n = tree_find(c->root, x, c->order);
  return n == nullptr ? nullptr : &n->key;
}

bool sorted_set_contains(const Value& s, const Value& x) { return sorted_set_find(s, x) != nullptr; }

const Value* sorted_set_first(const Value& s) {
  const TreeNode* n = tree_first(sorted_collection(s)->root);
  return n == nullptr ? nullptr : &n->key;
}

const Value* sorted_set_last(const Value& s) {
  const TreeNode* n = tree_last(sorted_collection(s)->root);
  return n == nullptr ? nullptr : &n->key;
}

SortedSetCursor::SortedSetCursor(const Value& s, TreeDirection dir) : cursor_(sorted_collection(s)->root, dir) {}

SortedSetCursor::SortedSetCursor(const Value& s, TreeDirection dir, const Value& x, TreeBound bound)
    : cursor_(sorted_collection(s)->root, dir, x, bound, sorted_collection(s)->order) {}

bool SortedSetCursor::next(const Value*& elem) {
  elem = (*this)();
  return elem != nullptr;
}

}  // namespace batuta
