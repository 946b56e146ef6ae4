// tuple.cpp: see tuple.h.
#include "core/tuple.h"

#include <new>
#include <string>

#include "core/equality.h"
#include "core/printer.h"

namespace batuta {

namespace {

size_t tuple_alloc_size(size_t n) { return offsetof(Tuple, items) + (n == 0 ? 1 : n) * sizeof(Value); }

void tuple_visit(Object* o, ChildVisitor visit) {
  auto* t = static_cast<Tuple*>(o);
  for (uint32_t i = 0; i < t->size; ++i) visit(t->items[i]);
}

void tuple_destroy(Object* o) {
  auto* t = static_cast<Tuple*>(o);
  size_t n = t->size;
  for (uint32_t i = 0; i < n; ++i) t->items[i].~Value();
  free_bytes(t, tuple_alloc_size(n));
}

bool tuple_equals(const Object* a, const Value& b) {
  if (!is_tuple(b)) return false;
  auto x = static_cast<const Tuple*>(a)->elements(), y = as_tuple(b)->elements();
  if (x.size() != y.size()) return false;
  for (size_t i = 0; i < x.size(); ++i)
    if (!equals(x[i], y[i])) return false;
  return true;
}

uint64_t tuple_hash(const Object* o) {
  const auto* t = static_cast<const Tuple*>(o);
  uint64_t h = t->cached_hash.load(std::memory_order_relaxed);
  if (h != 0) return h;
  OrderedHasher hasher;
  hasher.h = 0x7475706C65ull;  // "tuple": differs from a vector of the same elements
  for (const Value& v : t->elements()) hasher.add(v);
  h = hasher.finish() | 1;
  t->cached_hash.store(h, std::memory_order_relaxed);
  return h;
}

void tuple_print(const Object* o, Printer& p) {
  const auto* t = static_cast<const Tuple*>(o);
  p.write('{');
  for (uint32_t i = 0; i < t->size; ++i) {
    if (i) p.write(' ');
    p.print(t->items[i]);
  }
  p.write('}');
}

int tuple_compare(const Object* a, const Object* b) {
  auto x = static_cast<const Tuple*>(a)->elements(), y = static_cast<const Tuple*>(b)->elements();
  if (x.size() != y.size()) return x.size() < y.size() ? -1 : 1;
  for (size_t i = 0; i < x.size(); ++i)
    if (int c = compare(x[i], y[i]); c != 0) return c;
  return 0;
}

}  // namespace

const KindOps kTupleOps = {tuple_visit, tuple_destroy, tuple_equals, tuple_hash, tuple_print, tuple_compare};

Value make_tuple(std::span<const Value> elements) {
  void* mem = allocate_bytes(tuple_alloc_size(elements.size()));
  auto* t = static_cast<Tuple*>(mem);
  new (static_cast<Object*>(t)) Object(Kind::Tuple);
  t->size = static_cast<uint32_t>(elements.size());
  new (&t->cached_hash) std::atomic<uint64_t>(0);
  for (size_t i = 0; i < elements.size(); ++i) new (&t->items[i]) Value(elements[i]);
  return Value::adopt(t);
}

Value make_tuple(std::initializer_list<Value> elements) {
  return make_tuple(std::span<const Value>(elements.begin(), elements.size()));
}

Result<Value> tuple_nth(const Value& t, int64_t i) {
  const Tuple* tp = as_tuple(t);
  if (i < 0 || static_cast<uint64_t>(i) >= tp->size) {
    return make_error(ErrorKind::IndexOutOfBounds,
                      "index " + std::to_string(i) + " out of range for a tuple of size " + std::to_string(tp->size));
  }
  return tp->items[i];
}

}  // namespace batuta
