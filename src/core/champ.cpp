// champ.cpp: see champ.h for the layout, canonical form and ownership rules.
#include "core/champ.h"

#include <algorithm>
#include <cstring>
#include <initializer_list>
#include <new>
#include <vector>

#include "core/printer.h"

namespace batuta::champ {

namespace {

inline uint32_t fragment(uint64_t h, int shift) { return static_cast<uint32_t>(h >> shift) & 31u; }
inline uint32_t bit_of(uint64_t h, int shift) { return 1u << fragment(h, shift); }
inline uint32_t index_below(uint32_t map, uint32_t bit) { return static_cast<uint32_t>(popcount32(map & (bit - 1))); }

size_t node_bytes(uint32_t capacity) { return sizeof(ChampNode) + capacity * sizeof(Value); }
size_t collision_bytes(uint32_t capacity, int width) {
  return sizeof(CollisionNode) + capacity * static_cast<uint32_t>(width) * sizeof(Value);
}

ChampNode* new_node(int width, uint32_t capacity, uint32_t datamap, uint32_t nodemap) {
  return new (allocate_bytes(node_bytes(capacity))) ChampNode(width, capacity, datamap, nodemap);
}

CollisionNode* new_collision(int width, uint32_t capacity, uint64_t hash) {
  return new (allocate_bytes(collision_bytes(capacity, width))) CollisionNode(width, capacity, hash);
}

// Moves Values as raw words: ownership travels with the bits, so no count
// changes. The source range is left as garbage to be overwritten or freed.
void relocate(Value* dst, Value* src, size_t n) {
  std::memmove(static_cast<void*>(dst), static_cast<const void*>(src), n * sizeof(Value));
}

template <int W>
void put_entry(Value* at, Value& key, Value* val) {
  new (at) Value(std::move(key));
  if constexpr (W == 2) new (at + 1) Value(std::move(*val));
}

// Takes entry slots out of a node: moved when the node is unique (it is about
// to drop them anyway), copied when others still see it.
template <int W>
void take_entry(Value* entry, bool unique, Value& key, Value& val) {
  key = unique ? std::move(entry[0]) : entry[0];
  if constexpr (W == 2) val = unique ? std::move(entry[1]) : entry[1];
}

// One change to a node's slot array: at old position `at`, drop `remove`
// slots, then open `insert` raw slots that the caller constructs.
struct Edit {
  uint32_t at;
  uint32_t remove;
  uint32_t insert;
};

// Returns a unique node with layout (datamap, nodemap) whose slots are the
// old ones with `edits` applied (sorted by position, not overlapping).
// Consumes node_v. Three cases:
//  - unique with room: edited in place (removals first, then insertions, so
//    the array never exceeds max(old, new) size);
//  - unique without room: moved into an exactly sized node, old memory freed;
//  - shared: copied into an exactly sized node (children retained), and the
//    old node released by node_v.
// With no edits and the same layout this is "make unique" (copy-on-write).
template <int W>
ChampNode* reshape(Value node_v, uint32_t datamap, uint32_t nodemap, std::initializer_list<Edit> edits) {
  auto* old = static_cast<ChampNode*>(node_v.as_object());
  const uint32_t old_used = old->used();
  const uint32_t new_used = W * popcount32(datamap) + popcount32(nodemap);
  Value* s = old->slots();
  if (old->is_unique() && old->capacity() >= new_used) {
    node_v.leak_object();
    uint32_t used = old_used;
    for (auto e = edits.end(); e != edits.begin();) {
      --e;
      if (e->remove == 0) continue;
      for (uint32_t k = e->at; k < e->at + e->remove; ++k) s[k].~Value();
      relocate(s + e->at, s + e->at + e->remove, used - e->at - e->remove);
      used -= e->remove;
    }
    // Insertion points in the compacted array, last first.
    uint32_t compacted[4];
    uint32_t removed_before = 0, n = 0;
    for (const Edit& e : edits) {
      compacted[n++] = e.at - removed_before;
      removed_before += e.remove;
    }
    for (auto e = edits.end(); e != edits.begin();) {
      --e;
      --n;
      if (e->insert == 0) continue;
      relocate(s + compacted[n] + e->insert, s + compacted[n], used - compacted[n]);
      used += e->insert;
    }
    old->datamap = datamap;
    old->nodemap = nodemap;
    return old;
  }
  ChampNode* fresh = new_node(W, new_used, datamap, nodemap);
  const bool steal = old->is_unique();
  Value* d = fresh->slots();
  uint32_t src = 0, dst = 0;
  auto keep = [&](uint32_t count) {
    if (steal) {
      relocate(d + dst, s + src, count);
    } else {
      for (uint32_t k = 0; k < count; ++k) new (d + dst + k) Value(s[src + k]);
    }
    src += count;
    dst += count;
  };
  for (const Edit& e : edits) {
    keep(e.at - src);
    if (steal)
      for (uint32_t k = src; k < src + e.remove; ++k) s[k].~Value();
    src += e.remove;
    dst += e.insert;
  }
  keep(old_used - src);
  if (steal) free_bytes(node_v.leak_object(), node_bytes(old->capacity()));
  return fresh;
}

// A unique collision node with room for `capacity` entries holding the
// entries of c_v (consumed), moved or copied as in reshape.
template <int W>
CollisionNode* own_collision(Value c_v, uint32_t capacity) {
  auto* old = static_cast<CollisionNode*>(c_v.as_object());
  if (old->is_unique() && old->capacity >= capacity) return static_cast<CollisionNode*>(c_v.leak_object());
  CollisionNode* fresh = new_collision(W, capacity, old->hash);
  fresh->count = old->count;
  if (old->is_unique()) {
    relocate(fresh->slots(), old->slots(), W * old->count);
    free_bytes(c_v.leak_object(), collision_bytes(old->capacity, W));
  } else {
    for (uint32_t k = 0; k < W * old->count; ++k) new (fresh->slots() + k) Value(old->slots()[k]);
  }
  return fresh;
}

// The smallest subtree holding two entries with hashes h1 and h2 starting at
// `shift`: a node with both inline, a chain of single-child nodes down to
// where their fragments differ, or a collision node when the hashes are equal.
template <int W>
Value merge_two(Value& k1, Value* v1, uint64_t h1, Value& k2, Value* v2, uint64_t h2, int shift) {
  if (shift > kLastShift) {
    CollisionNode* c = new_collision(W, 2, h1);
    put_entry<W>(c->slots(), k1, v1);
    put_entry<W>(c->slots() + W, k2, v2);
    c->count = 2;
    return Value::adopt(c);
  }
  const uint32_t f1 = fragment(h1, shift), f2 = fragment(h2, shift);
  if (f1 != f2) {
    ChampNode* n = new_node(W, 2 * W, (1u << f1) | (1u << f2), 0);
    put_entry<W>(n->slots() + (f1 < f2 ? 0 : W), k1, v1);
    put_entry<W>(n->slots() + (f1 < f2 ? W : 0), k2, v2);
    return Value::adopt(n);
  }
  Value sub = merge_two<W>(k1, v1, h1, k2, v2, h2, shift + kBitsPerLevel);
  ChampNode* n = new_node(W, 1, 0, 1u << f1);
  new (n->slots()) Value(std::move(sub));
  return Value::adopt(n);
}

template <int W>
Value collision_insert(Value node_v, Value& key, Value* val, Insertion& what) {
  auto* c = static_cast<CollisionNode*>(node_v.as_object());
  for (uint32_t i = 0; i < c->count; ++i) {
    if (!keys_equal(c->slots()[W * i], key)) continue;
    if constexpr (W == 1) {
      what = Insertion::Unchanged;
      return node_v;
    } else {
      if (c->slots()[W * i + 1].identical(*val)) {
        what = Insertion::Unchanged;
        return node_v;
      }
      what = Insertion::Replaced;
      c = own_collision<W>(std::move(node_v), c->count);
      c->slots()[W * i + 1] = std::move(*val);
      return Value::adopt(c);
    }
  }
  what = Insertion::Added;
  c = own_collision<W>(std::move(node_v), c->count + 1);
  put_entry<W>(c->slots() + W * c->count, key, val);
  c->count++;
  return Value::adopt(c);
}

template <int W>
Value collision_remove(Value node_v, const Value& key, bool& removed) {
  auto* c = static_cast<CollisionNode*>(node_v.as_object());
  uint32_t i = 0;
  while (i < c->count && !keys_equal(c->slots()[W * i], key)) ++i;
  if (i == c->count) return node_v;
  removed = true;
  if (c->count == 2) {
    // One entry left: it becomes a single-entry node at its root-level
    // position, to be inlined by the parent (or to be the root).
    Value k, v;
    take_entry<W>(c->slots() + W * (1 - i), c->is_unique(), k, v);
    ChampNode* n = new_node(W, W, bit_of(c->hash, 0), 0);
    put_entry<W>(n->slots(), k, &v);
    return Value::adopt(n);
  }
  c = own_collision<W>(std::move(node_v), c->count);
  Value* s = c->slots();
  for (uint32_t k = W * i; k < W * i + W; ++k) s[k].~Value();
  relocate(s + W * i, s + W * (i + 1), W * (c->count - i - 1));
  c->count--;
  return Value::adopt(c);
}

bool is_single_entry(const Object* o) {
  if (o->kind != Kind::ChampNode) return false;
  const auto* n = static_cast<const ChampNode*>(o);
  return n->nodemap == 0 && popcount32(n->datamap) == 1;
}

template <int W>
Value insert_rec(Value node_v, int shift, Value& key, Value* val, uint64_t h, Insertion& what, HashFn hash_of) {
  Object* o = node_v.as_object();
  if (o->kind == Kind::CollisionNode) return collision_insert<W>(std::move(node_v), key, val, what);
  auto* n = static_cast<ChampNode*>(o);
  const uint32_t bit = bit_of(h, shift), dm = n->datamap, nm = n->nodemap;

  if (dm & bit) {
    const uint32_t i = index_below(dm, bit);
    Value* entry = n->slots() + W * i;
    if (keys_equal(entry[0], key)) {
      if constexpr (W == 1) {
        what = Insertion::Unchanged;
        return node_v;
      } else {
        if (entry[1].identical(*val)) {
          what = Insertion::Unchanged;
          return node_v;
        }
        what = Insertion::Replaced;
        n = reshape<W>(std::move(node_v), dm, nm, {});
        n->slots()[W * i + 1] = std::move(*val);
        return Value::adopt(n);
      }
    }
    // Another key holds this fragment: both move down into a new subtree.
    what = Insertion::Added;
    Value k2, v2;
    take_entry<W>(entry, n->is_unique(), k2, v2);
    const uint64_t h2 = hash_of(k2);
    Value sub = merge_two<W>(k2, &v2, h2, key, val, h, shift + kBitsPerLevel);
    const uint32_t d = popcount32(dm), ci = index_below(nm, bit);
    n = reshape<W>(std::move(node_v), dm ^ bit, nm | bit, {{W * i, W, 0}, {W * d + ci, 0, 1}});
    new (n->slots() + W * (d - 1) + ci) Value(std::move(sub));
    return Value::adopt(n);
  }

  if (nm & bit) {
    const uint32_t pos = W * popcount32(dm) + index_below(nm, bit);
    if (n->is_unique()) {
      Value& slot = n->slots()[pos];
      slot = insert_rec<W>(std::move(slot), shift + kBitsPerLevel, key, val, h, what, hash_of);
      return node_v;
    }
    // Shared: the child is reached through our extra reference, so it is
    // copied too if it changes; this node is copied only if the child did.
    Value child = insert_rec<W>(n->slots()[pos], shift + kBitsPerLevel, key, val, h, what, hash_of);
    if (child.identical(n->slots()[pos])) return node_v;
    n = reshape<W>(std::move(node_v), dm, nm, {});
    n->slots()[pos] = std::move(child);
    return Value::adopt(n);
  }

  what = Insertion::Added;
  const uint32_t i = index_below(dm, bit);
  n = reshape<W>(std::move(node_v), dm | bit, nm, {{W * i, 0, W}});
  put_entry<W>(n->slots() + W * i, key, val);
  return Value::adopt(n);
}

template <int W>
Value remove_rec(Value node_v, int shift, const Value& key, uint64_t h, bool& removed) {
  Object* o = node_v.as_object();
  if (o->kind == Kind::CollisionNode) return collision_remove<W>(std::move(node_v), key, removed);
  auto* n = static_cast<ChampNode*>(o);
  const uint32_t bit = bit_of(h, shift), dm = n->datamap, nm = n->nodemap;

  if (dm & bit) {
    const uint32_t i = index_below(dm, bit);
    if (!keys_equal(n->slots()[W * i], key)) return node_v;
    removed = true;
    // A non-root node left with a single entry is about to be inlined by its
    // parent or to become the root: give the entry its root-level position
    // (the removed key shares every fragment above this level with it).
    const bool becomes_single = shift > 0 && nm == 0 && popcount32(dm) == 2;
    n = reshape<W>(std::move(node_v), becomes_single ? bit_of(h, 0) : dm ^ bit, nm, {{W * i, W, 0}});
    return Value::adopt(n);
  }
  if (!(nm & bit)) return node_v;

  const uint32_t d = popcount32(dm), pos = W * d + index_below(nm, bit);
  const bool unique = n->is_unique();
  Value child = unique ? remove_rec<W>(std::move(n->slots()[pos]), shift + kBitsPerLevel, key, h, removed)
                       : remove_rec<W>(n->slots()[pos], shift + kBitsPerLevel, key, h, removed);
  if (!removed) {
    if (unique) n->slots()[pos] = std::move(child);
    return node_v;
  }
  if (!is_single_entry(child.as_object())) {
    if (unique) {
      n->slots()[pos] = std::move(child);
      return node_v;
    }
    n = reshape<W>(std::move(node_v), dm, nm, {});
    n->slots()[pos] = std::move(child);
    return Value::adopt(n);
  }
  // The child holds one entry. If it was our only content, we vanish and it
  // goes on up (it is already positioned for the root); else we inline it.
  if (d == 0 && popcount32(nm) == 1) return child;
  auto* single = static_cast<ChampNode*>(child.as_object());
  Value k, v;
  take_entry<W>(single->slots(), single->is_unique(), k, v);
  child = Value();
  const uint32_t i = index_below(dm, bit);
  n = reshape<W>(std::move(node_v), dm | bit, nm ^ bit, {{W * i, 0, W}, {pos, 1, 0}});
  put_entry<W>(n->slots() + W * i, k, &v);
  return Value::adopt(n);
}

// --- kind operations -----------------------------------------------------------

void champ_node_visit(Object* o, ChildVisitor visit) {
  auto* n = static_cast<ChampNode*>(o);
  for (uint32_t k = 0, used = n->used(); k < used; ++k) visit(n->slots()[k]);
}

void champ_node_destroy(Object* o) {
  auto* n = static_cast<ChampNode*>(o);
  for (uint32_t k = 0, used = n->used(); k < used; ++k) n->slots()[k].~Value();
  free_bytes(n, node_bytes(n->capacity()));
}

void collision_visit(Object* o, ChildVisitor visit) {
  auto* c = static_cast<CollisionNode*>(o);
  for (uint32_t k = 0; k < c->count * c->width(); ++k) visit(c->slots()[k]);
}

void collision_destroy(Object* o) {
  auto* c = static_cast<CollisionNode*>(o);
  for (uint32_t k = 0; k < c->count * c->width(); ++k) c->slots()[k].~Value();
  free_bytes(c, collision_bytes(c->capacity, c->width()));
}

// Internal nodes never reach Batuta code; these exist so that a stray node
// is harmless: identity equality, an address hash, an opaque printed form.
bool internal_equals(const Object*, const Value&) { return false; }
uint64_t internal_hash(const Object* o) { return mix_hash(reinterpret_cast<uintptr_t>(o)); }
void internal_print(const Object* o, Printer& p) {
  p.write("#<");
  p.write(kind_name(o->kind));
  p.write(">");
}
int internal_compare(const Object* a, const Object* b) { return a < b ? -1 : a > b ? 1 : 0; }

}  // namespace

}  // namespace batuta::champ

namespace batuta {
const KindOps kChampNodeOps = {champ::champ_node_visit, champ::champ_node_destroy, champ::internal_equals,
                               champ::internal_hash,    champ::internal_print,      champ::internal_compare};
const KindOps kCollisionNodeOps = {champ::collision_visit, champ::collision_destroy, champ::internal_equals,
                                   champ::internal_hash,   champ::internal_print,    champ::internal_compare};
}  // namespace batuta

namespace batuta::champ {

Value empty_root(int width) {
  static Object* const roots[2] = {
      [] {
        Value v = Value::adopt(new_node(1, 0, 0, 0));
        make_immortal(v);
        return v.leak_object();
      }(),
      [] {
        Value v = Value::adopt(new_node(2, 0, 0, 0));
        make_immortal(v);
        return v.leak_object();
      }(),
  };
  return Value::adopt(roots[width - 1]);  // immortal: no count to take
}

template <int W>
const Value* find(const Value& root, const Value& key, uint64_t hash) {
  const Object* o = root.as_object();
  for (int shift = 0;; shift += kBitsPerLevel) {
    if (o->kind == Kind::CollisionNode) {
      const auto* c = static_cast<const CollisionNode*>(o);
      if (c->hash != hash) return nullptr;
      for (uint32_t i = 0; i < c->count; ++i)
        if (keys_equal(c->slots()[W * i], key)) return c->slots() + W * i;
      return nullptr;
    }
    const auto* n = static_cast<const ChampNode*>(o);
    const uint32_t bit = bit_of(hash, shift);
    if (n->datamap & bit) {
      const Value* entry = n->slots() + W * index_below(n->datamap, bit);
      return keys_equal(entry[0], key) ? entry : nullptr;
    }
    if (!(n->nodemap & bit)) return nullptr;
    o = n->slots()[W * popcount32(n->datamap) + index_below(n->nodemap, bit)].as_object();
  }
}

template <int W>
Value insert(Value root, Value key, Value* val, uint64_t hash, Insertion& what, HashFn hash_of) {
  return insert_rec<W>(std::move(root), 0, key, val, hash, what, hash_of);
}

template <int W>
Value remove(Value root, const Value& key, uint64_t hash, bool& removed) {
  removed = false;
  return remove_rec<W>(std::move(root), 0, key, hash, removed);
}

template const Value* find<1>(const Value&, const Value&, uint64_t);
template const Value* find<2>(const Value&, const Value&, uint64_t);
template Value insert<1>(Value, Value, Value*, uint64_t, Insertion&, HashFn);
template Value insert<2>(Value, Value, Value*, uint64_t, Insertion&, HashFn);
template Value remove<1>(Value, const Value&, uint64_t, bool&);
template Value remove<2>(Value, const Value&, uint64_t, bool&);

// --- cursor ------------------------------------------------------------------

Cursor::Cursor(const Value& root) {
  stack_[0] = {root.as_object(), 0};
  depth_ = 1;
}

const Value* Cursor::next() {
  while (depth_ > 0) {
    Frame& f = stack_[depth_ - 1];
    if (f.node->kind == Kind::CollisionNode) {
      const auto* c = static_cast<const CollisionNode*>(f.node);
      if (f.index < c->count) return c->slots() + c->width() * f.index++;
      --depth_;
      continue;
    }
    const auto* n = static_cast<const ChampNode*>(f.node);
    const uint32_t d = popcount32(n->datamap), k = popcount32(n->nodemap);
    if (f.index < d) return n->slots() + n->width() * f.index++;
    if (f.index < d + k) {
      const Object* child = n->slots()[n->width() * d + (f.index - d)].as_object();
      ++f.index;
      stack_[depth_++] = {child, 0};
      continue;
    }
    --depth_;
  }
  return nullptr;
}

// --- test support ------------------------------------------------------------

namespace {

void describe(const Object* o, std::string& out) {
  if (o->kind == Kind::CollisionNode) {
    const auto* c = static_cast<const CollisionNode*>(o);
    // Order inside a collision node follows arrival; sort to compare shapes.
    std::vector<std::string> keys;
    for (uint32_t i = 0; i < c->count; ++i) keys.push_back(pr_str(c->slots()[c->width() * i]));
    std::sort(keys.begin(), keys.end());
    out += "(collision";
    for (const auto& k : keys) out += " " + k;
    out += ")";
    return;
  }
  const auto* n = static_cast<const ChampNode*>(o);
  const int w = n->width();
  const uint32_t d = popcount32(n->datamap), k = popcount32(n->nodemap);
  out += "(" + std::to_string(n->datamap) + "/" + std::to_string(n->nodemap);
  for (uint32_t i = 0; i < d; ++i) out += " " + pr_str(n->slots()[w * i]);
  for (uint32_t i = 0; i < k; ++i) {
    out += " ";
    describe(n->slots()[w * d + i].as_object(), out);
  }
  out += ")";
}

// Checks the subtree at `shift` whose keys' hashes agree with `prefix` on the
// bits below `shift`; returns its entry count, or -1 with `error` set.
int64_t check(const Object* o, int shift, uint64_t prefix, int width, HashFn hash_of, std::string& error) {
  const uint64_t below = shift >= 64 ? ~uint64_t{0} : (uint64_t{1} << shift) - 1;
  if (o->kind == Kind::CollisionNode) {
    const auto* c = static_cast<const CollisionNode*>(o);
    if (shift <= kLastShift) error = "collision node above the last level";
    else if (c->width() != width) error = "collision node of the wrong width";
    else if (c->count < 2) error = "collision node with fewer than 2 entries";
    else if (c->count > c->capacity) error = "collision node over capacity";
    else if ((c->hash & below) != prefix) error = "collision node hash off its path";
    for (uint32_t i = 0; error.empty() && i < c->count; ++i)
      if (hash_of(c->slots()[width * i]) != c->hash) error = "collision entry with another hash";
    return error.empty() ? c->count : -1;
  }
  if (o->kind != Kind::ChampNode) {
    error = std::string("unexpected kind in a trie: ") + kind_name(o->kind);
    return -1;
  }
  const auto* n = static_cast<const ChampNode*>(o);
  if (n->width() != width) error = "node of the wrong width";
  else if (n->datamap & n->nodemap) error = "a fragment both inline and a sub-node";
  else if (n->used() > n->capacity()) error = "node over capacity";
  else if (shift > kLastShift) error = "bitmap node below the last level";
  if (!error.empty()) return -1;
  const uint32_t d = popcount32(n->datamap);
  int64_t total = d;
  uint32_t i = 0;
  for (uint32_t f = 0; f < 32; ++f) {
    const uint32_t bit = 1u << f;
    if (!(n->datamap & bit)) continue;
    const uint64_t h = hash_of(n->slots()[width * i++]);
    if ((h & below) != prefix || fragment(h, shift) != f) {
      error = "entry " + pr_str(n->slots()[width * (i - 1)]) + " off its hash path at shift " + std::to_string(shift);
      return -1;
    }
  }
  i = 0;
  for (uint32_t f = 0; f < 32; ++f) {
    const uint32_t bit = 1u << f;
    if (!(n->nodemap & bit)) continue;
    const uint64_t child_prefix = prefix | (uint64_t{f} << shift);
    const int64_t c = check(n->slots()[width * d + i++].as_object(), shift + kBitsPerLevel, child_prefix, width,
                            hash_of, error);
    if (c < 0) return -1;
    if (c < 2) {
      error = "sub-node with a single entry (not canonical) at shift " + std::to_string(shift + kBitsPerLevel);
      return -1;
    }
    total += c;
  }
  return total;
}

}  // namespace

std::string shape(const Value& root) {
  std::string out;
  describe(root.as_object(), out);
  return out;
}

std::string check_invariants(const Value& root, HashFn hash_of) {
  std::string error;
  const Object* o = root.as_object();
  if (o->kind != Kind::ChampNode) return "root is not a bitmap node";
  check(o, 0, 0, static_cast<const ChampNode*>(o)->width(), hash_of, error);
  return error;
}

}  // namespace batuta::champ
