// sorted_map.cpp: see sorted_map.h.
#include "core/sorted_map.h"

#include <algorithm>
#include <string>
#include <vector>

#include "core/map.h"
#include "core/printer.h"

namespace batuta {

namespace {

const SortedCollection* header(const Object* o) { return static_cast<const SortedCollection*>(o); }

SortedMapEntry entry_of(const TreeNode* n) {
  if (n == nullptr) return {};
  return {&n->key, &n->value()};
}

// --- equality and hashing -----------------------------------------------------

// Both maps ordered by the same comparator hold their entries in the same
// order when equal, so one parallel walk decides.
bool equal_in_order(const SortedCollection* a, const SortedCollection* b) {
  TreeCursor x(a->root), y(b->root);
  while (const TreeNode* n = x.next()) {
    const TreeNode* m = y.next();
    if (!equals(n->key, m->key) || !equals(n->value(), m->value())) return false;
  }
  return true;
}

bool sorted_map_equals(const Object* a, const Value& b) {
  const SortedCollection* x = header(a);
  if (is_sorted_map(b)) {
    const SortedCollection* y = sorted_collection(b);
    if (x->count != y->count) return false;
    if (x->order == y->order) return equal_in_order(x, y);
    // Different orderings: look each entry up in b, which finds keys by its
    // own ordering, so the stored key must also be = to ours.
    TreeCursor cur(x->root);
    while (const TreeNode* n = cur.next()) {
      SortedMapEntry e = sorted_map_find_entry(b, n->key);
      if (!e || !equals(*e.key, n->key) || !equals(*e.value, n->value())) return false;
    }
    return true;
  }
  // Any other map finds keys by `=`. Our keys are pairwise distinct under
  // `=` (they are under compare, which is coarser), so when the counts agree
  // and each of our entries is found, the entries correspond one to one. (A
  // custom ordering that tells apart keys which are = voids this, as it
  // does in Clojure.)
  if (!is_map(b) || map_count(b) != x->count) return false;
  TreeCursor cur(x->root);
  while (const TreeNode* n = cur.next()) {
    const Value* v = map_find(b, n->key);
    if (v == nullptr || !equals(*v, n->value())) return false;
  }
  return true;
}

uint64_t sorted_map_hash(const Object* o) {
  const SortedCollection* c = header(o);
  uint64_t h = c->cached_hash.load(std::memory_order_relaxed);
  if (h != 0) return h;
  UnorderedHasher hasher;
  TreeCursor cur(c->root);
  while (const TreeNode* n = cur.next()) hasher.add_entry(n->key, n->value());
  h = hasher.finish(kMapHashSeed);
  c->cached_hash.store(h, std::memory_order_relaxed);
  return h;
}

// --- order --------------------------------------------------------------------

struct EntryRef {
  const Value* key;
  const Value* value;
};

// Erlang's order for two maps of equal size whose entries are listed in
// ascending key order: the first differing key decides; when all keys are
// equal, the first differing value (in key order) does.
int compare_entry_lists(const std::vector<EntryRef>& x, const std::vector<EntryRef>& y) {
  int by_value = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    if (int c = compare(*x[i].key, *y[i].key); c != 0) return c;
    if (by_value == 0) by_value = compare(*x[i].value, *y[i].value);
  }
  return by_value;
}

// The entries of any map, in ascending key order under compare().
std::vector<EntryRef> entries_by_key(const Value& m) {
  std::vector<EntryRef> out;
  if (is_sorted_map(m)) {
    out.reserve(sorted_map_count(m));
    TreeCursor cur(sorted_collection(m)->root);
    while (const TreeNode* n = cur.next()) out.push_back({&n->key, &n->value()});
    if (sorted_collection(m)->order == nullptr) return out;  // already in compare() order
  } else {
    out.reserve(map_count(m));
    MapCursor cur(m);
    const Value *k, *v;
    while (cur.next(k, v)) out.push_back({k, v});
  }
  // Ties between distinct keys (1 and 1.0 in a hash map, or under a custom
  // ordering) are broken by value, as map.cpp does, so the order depends on
  // the entries alone.
  std::sort(out.begin(), out.end(), [](const EntryRef& a, const EntryRef& b) {
    int c = compare(*a.key, *b.key);
    return c != 0 ? c < 0 : compare(*a.value, *b.value) < 0;
  });
  return out;
}

int sorted_map_compare(const Object* a, const Object* b) {
  BorrowedValue av(a), bv(b);
  size_t na = header(a)->count, nb = is_sorted_map(bv.value()) ? header(b)->count : map_count(bv.value());
  if (na != nb) return na < nb ? -1 : 1;
  // The common case, two maps in compare() order, walks both trees at once.
  if (is_sorted_map(bv.value()) && header(a)->order == nullptr && header(b)->order == nullptr) {
    TreeCursor x(header(a)->root), y(header(b)->root);
    int by_value = 0;
    while (const TreeNode* n = x.next()) {
      const TreeNode* m = y.next();
      if (int c = compare(n->key, m->key); c != 0) return c;
      if (by_value == 0) by_value = compare(n->value(), m->value());
    }
    return by_value;
  }
  return compare_entry_lists(entries_by_key(av.value()), entries_by_key(bv.value()));
}

// --- printing -----------------------------------------------------------------

void sorted_map_print(const Object* o, Printer& p) {
  p.write('{');
  TreeCursor cur(header(o)->root);
  bool first = true;
  while (const TreeNode* n = cur.next()) {
    if (!first) p.write(' ');
    first = false;
    p.print(n->key);
    p.write(' ');
    p.print(n->value());
  }
  p.write('}');
}

}  // namespace

const KindOps kSortedMapOps = {sorted_collection_visit, sorted_collection_destroy, sorted_map_equals,
                               sorted_map_hash,         sorted_map_print,          sorted_map_compare};

Value empty_sorted_map(const KeyComparator* order) {
  if (order != nullptr) return make_sorted_collection(Kind::SortedMap, order, Value(), 0);
  // Held as a plain pointer: leak checkers do not recognise a NaN-boxed one.
  static Object* const empty = [] {
    Value m = make_sorted_collection(Kind::SortedMap, nullptr, Value(), 0);
    make_immortal(m);
    return m.leak_object();
  }();
  return Value::share(empty);
}

Result<Value> sorted_map_from(std::span<const Value> kvs, const KeyComparator* order) {
  if (kvs.size() % 2 != 0) {
    return make_error(ErrorKind::InvalidArgument,
                      "sorted-map: no value supplied for key " + pr_str(kvs.back()) + " (odd number of arguments)");
  }
  // A fresh (not the immortal empty) map is unique, so every assoc is in place.
  Value m = make_sorted_collection(Kind::SortedMap, order, Value(), 0);
  for (size_t i = 0; i < kvs.size(); i += 2) m = sorted_map_assoc(std::move(m), kvs[i], kvs[i + 1]);
  return m;
}

Value sorted_map_assoc(Value m, Value key, Value val) {
  const KeyComparator* order = sorted_collection(m)->order;
  return edit_sorted_collection(std::move(m), [&](Value root, ptrdiff_t& delta) {
    bool added = false;
    Value result = tree_insert(std::move(root), std::move(key), std::move(val), true, order, &added);
    delta = added ? 1 : 0;
    return result;
  });
}

Value sorted_map_dissoc(Value m, const Value& key) {
  const KeyComparator* order = sorted_collection(m)->order;
  return edit_sorted_collection(std::move(m), [&](Value root, ptrdiff_t& delta) {
    bool removed = false;
    Value result = tree_remove(std::move(root), key, order, &removed);
    delta = removed ? -1 : 0;
    return result;
  });
}

const Value* sorted_map_find(const Value& m, const Value& key) {
  const SortedCollection* c = sorted_collection(m);
  const TreeNode* n = tree_find(c->root, key, c->order);
  return n == nullptr ? nullptr : &n->value();
}

Value sorted_map_get(const Value& m, const Value& key, const Value& not_found) {
  const Value* v = sorted_map_find(m, key);
  return v == nullptr ? not_found : *v;
}

bool sorted_map_contains(const Value& m, const Value& key) { return sorted_map_find(m, key) != nullptr; }

SortedMapEntry sorted_map_find_entry(const Value& m, const Value& key) {
  const SortedCollection* c = sorted_collection(m);
  return entry_of(tree_find(c->root, key, c->order));
}

SortedMapEntry sorted_map_first(const Value& m) { return entry_of(tree_first(sorted_collection(m)->root)); }
SortedMapEntry sorted_map_last(const Value& m) { return entry_of(tree_last(sorted_collection(m)->root)); }

SortedMapCursor::SortedMapCursor(const Value& m, TreeDirection dir) : cursor_(sorted_collection(m)->root, dir) {}

SortedMapCursor::SortedMapCursor(const Value& m, TreeDirection dir, const Value& key, TreeBound bound)
    : cursor_(sorted_collection(m)->root, dir, key, bound, sorted_collection(m)->order) {}

bool SortedMapCursor::next(const Value*& key, const Value*& val) {
  const TreeNode* n = cursor_.next();
  if (n == nullptr) return false;
  key = &n->key;
  val = &n->value();
  return true;
}

}  // namespace batuta
