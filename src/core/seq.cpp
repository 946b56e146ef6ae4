// seq.cpp: see seq.h.
#include "core/seq.h"

#include <cassert>
#include <new>

#include "core/equality.h"

namespace batuta {

namespace {

size_t count_of(const Object* o) {
  if (o->kind == Kind::Vector) return static_cast<const Vector*>(o)->count;
  if (o->kind == Kind::Cons) return static_cast<const Cons*>(o)->count;
  return 0;  // the empty list
}

}  // namespace

size_t sequential_count(const Value& coll) {
  if (coll.is_nil()) return 0;
  assert(is_sequential(coll));
  return count_of(coll.as_object());
}

SeqCursor::SeqCursor(const Object* coll) : in_vector_(coll->kind == Kind::Vector) {
  assert(coll->kind == Kind::Vector || coll->kind == Kind::Cons || coll->kind == Kind::EmptyList);
  if (in_vector_) {
    new (&vector_) VectorCursor(static_cast<const Vector*>(coll));
  } else {
    new (&list_) ListCursor(coll);
  }
}

// The empty list is immortal, so pointing at it after the temporary Value
// dies is safe.
SeqCursor::SeqCursor(const Value& coll) : SeqCursor(coll.is_nil() ? empty_list().as_object() : coll.as_object()) {}

bool sequential_equals(const Object* a, const Value& b) {
  if (!is_sequential(b)) return false;
  const Object* bo = b.as_object();
  if (count_of(a) != count_of(bo)) return false;
  SeqCursor x(a), y(bo);
  while (const Value* e = x()) {
    if (!equals(*e, *y())) return false;
  }
  return true;
}

uint64_t sequential_hash(const Object* a) {
  OrderedHasher hasher;
  SeqCursor cursor(a);
  while (const Value* e = cursor()) hasher.add(*e);
  return hasher.finish();
}

int sequential_compare(const Object* a, const Object* b) {
  size_t na = count_of(a), nb = count_of(b);
  if (na != nb) return na < nb ? -1 : 1;
  SeqCursor x(a), y(b);
  while (const Value* e = x()) {
    if (int c = compare(*e, *y()); c != 0) return c;
  }
  return 0;
}

}  // namespace batuta
