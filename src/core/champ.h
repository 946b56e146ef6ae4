// champ.h: the CHAMP trie shared by hash maps and hash sets.
//
// CHAMP (Steindorfer & Vinju, "Optimizing Hash-Array Mapped Tries for Fast
// and Lean Immutable JVM Collections", OOPSLA 2015) is a hash-array mapped
// trie whose nodes keep two bitmaps: `datamap` marks the 32 hash fragments
// that hold an entry inline, `nodemap` those that hold a sub-node. A node's
// slots are one tight array of Values:
//
//   [entry 0][entry 1]...[entry d-1][child 0]...[child n-1]
//
// where d = popcount(datamap), n = popcount(nodemap), and an entry is W
// Values: W = 2 (key, value) for maps, W = 1 (key) for sets. The same code,
// templated on W, serves both, so a set stores no dummy values.
//
// Hashes are 64 bits, consumed 5 bits per level from the low end (levels at
// shift 0, 5, ..., 60; the last has 4 bits). Keys whose 64-bit hashes are
// equal end in a CollisionNode below the shift-60 level: a plain array of
// entries searched linearly.
//
// Canonical form: the shape of a trie depends only on its set of keys (and,
// inside collision nodes, on the order of arrival), never on the history of
// insertions and removals. Below the root, a node holds at least two
// entries in its subtree; when a removal leaves a sub-node with a single
// entry, that entry moves up into the parent (CHAMP's "inlining"), through
// as many single-child levels as needed. So equal maps have equal shapes.
//
// Ownership and in-place update: the operations take the node Value by
// value. When it is unique (rc == 1) they edit it in place: replacing a
// value allocates nothing, adding or removing an entry grows the node
// (reallocating it exactly: capacity is recorded in `aux`) or shrinks it
// in place (keeping its capacity as slack for later growth). When a node is
// shared the path from the root to the change is copied and everything else
// is shared. A node reached through a shared parent is itself treated as
// shared (the recursion holds an extra reference to it).
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/equality.h"
#include "core/object.h"

namespace batuta::champ {

constexpr int kBitsPerLevel = 5;
constexpr int kLastShift = 60;  // the deepest bitmap level; below it, collision nodes

// flags: W, the Values per entry. aux: capacity in slots (>= used slots).
struct ChampNode : Object {
  uint32_t datamap;
  uint32_t nodemap;
  // capacity() slots follow the header (see above); the first used() hold Values.

  ChampNode(int width, uint32_t capacity, uint32_t dm, uint32_t nm)
      : Object(Kind::ChampNode), datamap(dm), nodemap(nm) {
    flags = static_cast<uint8_t>(width);
    aux = static_cast<uint16_t>(capacity);
  }
  Value* slots() { return reinterpret_cast<Value*>(this + 1); }
  const Value* slots() const { return reinterpret_cast<const Value*>(this + 1); }
  int width() const { return flags; }
  uint32_t capacity() const { return aux; }
  uint32_t used() const;
};
static_assert(sizeof(ChampNode) == 16);

// Entries whose keys have the same full 64-bit hash. flags: W. Holds at
// least two entries.
struct CollisionNode : Object {
  uint32_t count;     // entries, not slots
  uint32_t capacity;  // entries
  uint64_t hash;
  // capacity * W slots follow the header; the first count * W hold Values.

  CollisionNode(int width, uint32_t cap, uint64_t h) : Object(Kind::CollisionNode), count(0), capacity(cap), hash(h) {
    flags = static_cast<uint8_t>(width);
  }
  Value* slots() { return reinterpret_cast<Value*>(this + 1); }
  const Value* slots() const { return reinterpret_cast<const Value*>(this + 1); }
  int width() const { return flags; }
};
static_assert(sizeof(CollisionNode) == 24);

// popcount without a libgcc call on x86-64 baselines lacking POPCNT.
inline int popcount32(uint32_t x) {
#if defined(__POPCNT__) || defined(__wasm__) || defined(__aarch64__)
  return std::popcount(x);
#else
  x = x - ((x >> 1) & 0x55555555u);
  x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
  x = (x + (x >> 4)) & 0x0F0F0F0Fu;
  return static_cast<int>((x * 0x01010101u) >> 24);
#endif
}

inline uint32_t ChampNode::used() const {
  return static_cast<uint32_t>(width() * popcount32(datamap) + popcount32(nodemap));
}

// `=` on keys, with the common cases (keywords, fixnums, the same object)
// decided inline. Distinct immediates other than doubles are never equal.
inline bool keys_equal(const Value& a, const Value& b) {
  if (a.identical(b)) return !a.is_double() || a.as_double() == a.as_double();  // ##NaN
  if (!a.is_object() && !b.is_object() && !(a.is_double() && b.is_double())) return false;
  return equals(a, b);
}

// The empty root for entries of width W (immortal, shared by every empty
// hash map or set).
Value empty_root(int width);

// How the trie hashes keys it already holds (when two entries must be pushed
// down into a sub-node). Always batuta::hash, except in tests that force
// hash collisions with ordinary keys; a key must always get the same hash.
using HashFn = uint64_t (*)(const Value&);

// The stored entry whose key equals `key` (its first slot; the value is at
// +1 for maps), or nullptr. `hash` is hash(key).
template <int W>
const Value* find(const Value& root, const Value& key, uint64_t hash);

// What an insertion did.
enum class Insertion : uint8_t { Unchanged, Replaced, Added };

// Inserts key (and, for W == 2, *val) or replaces the value of an equal key.
// Consumes root and returns the new root. For sets, an existing key leaves
// the trie unchanged; for maps, replacing a value with an identical one too.
template <int W>
Value insert(Value root, Value key, Value* val, uint64_t hash, Insertion& what, HashFn hash_of);

// Removes the entry of `key`, if any. Consumes root, returns the new root.
template <int W>
Value remove(Value root, const Value& key, uint64_t hash, bool& removed);

// Iterates the entries in trie order: a node's inline entries, then its
// sub-nodes depth first. Borrows the trie: it must outlive the cursor and
// not be modified meanwhile.
class Cursor {
 public:
  Cursor() = default;
  explicit Cursor(const Value& root);
  // The next entry's first slot, or nullptr at the end.
  const Value* next();

 private:
  struct Frame {
    const Object* node;
    uint32_t index;  // next entry or child to visit, entries first
  };
  static constexpr int kMaxDepth = kLastShift / kBitsPerLevel + 2;  // 13 levels + collision
  Frame stack_[kMaxDepth];
  int depth_ = 0;
};

// --- for tests ---------------------------------------------------------------

// A description of the trie's shape (bitmaps and nesting, keys printed), so
// tests can check canonical form: equal key sets give equal shapes.
std::string shape(const Value& root);
// Checks the structural invariants (bitmaps match slots, entries sit at
// their hash fragment, non-root nodes hold >= 2 entries, collision nodes
// only below the last level and with >= 2 entries). Returns "" or a message.
std::string check_invariants(const Value& root, HashFn hash_of);
}  // namespace batuta::champ
