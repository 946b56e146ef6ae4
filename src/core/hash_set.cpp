// hash_set.cpp: see hash_set.h.
#include "core/hash_set.h"

#include <algorithm>
#include <new>
#include <vector>

#include "core/equality.h"
#include "core/printer.h"

namespace batuta {

namespace {

Value make_hash_set(Value root, uint64_t count) {
  return Value::adopt(new (allocate_bytes(sizeof(HashSet))) HashSet(std::move(root), count));
}

const Value* find_in(const HashSet* s, const Value& x) {
  return s->count == 0 ? nullptr : champ::find<1>(s->root, x, hash(x));
}

void hash_set_visit(Object* o, ChildVisitor visit) { visit(static_cast<HashSet*>(o)->root); }

void hash_set_destroy(Object* o) {
  auto* s = static_cast<HashSet*>(o);
  s->~HashSet();
  free_bytes(s, sizeof(HashSet));
}

bool hash_set_equals(const Object* a, const Value& b) {
  if (!b.is_object()) return false;
  const Object* bo = b.as_object();
  if (bo->kind != Kind::HashSet) {
    // Another set kind (sorted sets) compares itself with ours through this
    // API; it must not hand the comparison back.
    if (order_class(b) != OrderClass::Set) return false;
    return ops_of(bo).equals(bo, Value::share(const_cast<Object*>(a)));
  }
  const auto* x = static_cast<const HashSet*>(a);
  const auto* y = static_cast<const HashSet*>(bo);
  if (x->count != y->count) return false;
  SetCursor cursor(a);
  while (const Value* e = cursor.next())
    if (find_in(y, *e) == nullptr) return false;
  return true;
}

uint64_t hash_set_hash(const Object* o) {
  const auto* s = static_cast<const HashSet*>(o);
  uint64_t h = s->cached_hash.load(std::memory_order_relaxed);
  if (h == 0) {  // a set whose hash is 0 is simply never cached
    UnorderedHasher hasher;
    SetCursor cursor(o);
    while (const Value* e = cursor.next()) hasher.add(*e);
    h = hasher.finish(kSetHashSeed);
    s->cached_hash.store(h, std::memory_order_relaxed);
  }
  return h;
}

void hash_set_print(const Object* o, Printer& p) {
  SetCursor cursor(o);
  p.print_sequence("#{", cursor, "}");
}

std::vector<const Value*> sorted_elements(const Object* s) {
  std::vector<const Value*> elements;
  elements.reserve(static_cast<const HashSet*>(s)->count);
  SetCursor cursor(s);
  while (const Value* e = cursor.next()) elements.push_back(e);
  std::sort(elements.begin(), elements.end(), [](const Value* a, const Value* b) { return compare(*a, *b) < 0; });
  return elements;
}

// By size, then the sorted elements (Erlang's order for sets as lists).
int hash_set_compare(const Object* a, const Object* b) {
  if (b->kind != Kind::HashSet) return -ops_of(b).compare(b, a);  // a sorted set orders itself against ours
  const uint64_t na = static_cast<const HashSet*>(a)->count, nb = static_cast<const HashSet*>(b)->count;
  if (na != nb) return na < nb ? -1 : 1;
  const std::vector<const Value*> x = sorted_elements(a), y = sorted_elements(b);
  for (size_t i = 0; i < x.size(); ++i)
    if (int c = compare(*x[i], *y[i]); c != 0) return c;
  return 0;
}

}  // namespace

const KindOps kHashSetOps = {hash_set_visit, hash_set_destroy, hash_set_equals,
                             hash_set_hash,  hash_set_print,   hash_set_compare};

Value empty_set() {
  static Object* const empty = [] {
    Value v = make_hash_set(champ::empty_root(1), 0);
    make_immortal(v);
    return v.leak_object();
  }();
  return Value::adopt(empty);  // immortal: no count to take
}

bool is_set(const Value& v) { return is_kind(v, Kind::HashSet); }

size_t set_count(const Value& s) { return static_cast<const HashSet*>(s.as_object())->count; }

Value set_conj(Value s, Value x) {
  auto* hs = static_cast<HashSet*>(s.as_object());
  const uint64_t h = hash(x);
  champ::Insertion what;
  if (hs->is_unique()) {
    hs->root = champ::insert<1>(std::move(hs->root), std::move(x), nullptr, h, what, &hash);
    if (what == champ::Insertion::Added) {
      hs->count++;
      hs->cached_hash.store(0, std::memory_order_relaxed);
    }
    return s;
  }
  Value root = champ::insert<1>(hs->root, std::move(x), nullptr, h, what, &hash);
  if (what != champ::Insertion::Added) return s;
  return make_hash_set(std::move(root), hs->count + 1);
}

Value set_disj(Value s, const Value& x) {
  auto* hs = static_cast<HashSet*>(s.as_object());
  if (hs->count == 0) return s;
  const uint64_t h = hash(x);
  bool removed = false;
  if (hs->is_unique()) {
    hs->root = champ::remove<1>(std::move(hs->root), x, h, removed);
    if (removed) {
      hs->count--;
      hs->cached_hash.store(0, std::memory_order_relaxed);
    }
    return s;
  }
  Value root = champ::remove<1>(hs->root, x, h, removed);
  if (!removed) return s;
  return make_hash_set(std::move(root), hs->count - 1);
}

bool set_contains(const Value& s, const Value& x) { return find_in(static_cast<const HashSet*>(s.as_object()), x); }

const Value* set_find(const Value& s, const Value& x) { return find_in(static_cast<const HashSet*>(s.as_object()), x); }

Value set_from(std::span<const Value> elements) {
  Value s = empty_set();
  for (const Value& e : elements) s = set_conj(std::move(s), e);
  return s;
}

}  // namespace batuta
