// transient.cpp: see transient.h.
#include "core/transient.h"

#include <new>
#include <string>

#include "core/hash_set.h"
#include "core/map.h"
#include "core/printer.h"
#include "core/vector.h"

namespace batuta {

namespace {

void transient_visit(Object* o, ChildVisitor visit) { visit(static_cast<Transient*>(o)->coll); }

void transient_destroy(Object* o) {
  auto* t = static_cast<Transient*>(o);
  t->~Transient();
  free_bytes(t, sizeof(Transient));
}

// Transients are identities, as atoms are: equal only to themselves.
bool transient_equals(const Object*, const Value&) { return false; }

uint64_t transient_hash(const Object* o) {
  uint64_t x = static_cast<uint64_t>(reinterpret_cast<uintptr_t>(o));
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  return x;
}

// The kind of collection only: the contents are still being edited.
void transient_print(const Object* o, Printer& p) {
  const Value& c = static_cast<const Transient*>(o)->coll;
  p.write("#<transient ");
  p.write(c.is_nil() ? "(ended)" : type_name(c));
  p.write('>');
}

int transient_compare(const Object* a, const Object* b) {
  auto x = reinterpret_cast<uintptr_t>(a), y = reinterpret_cast<uintptr_t>(b);
  return x < y ? -1 : (x > y ? 1 : 0);
}

// The transient, when it is not ended and, for an edit, not shared (a read
// of a shared one is safe: nobody can edit it any more).
Result<Transient*> checked(std::string_view op, const Value& v, bool edit) {
  auto* t = object_as<Transient>(v);
  if (edit && t->is_shared()) {
    return make_error(ErrorKind::IllegalState,
                      std::string(op) + ": a transient can't be used once it is shared (stored in a var or an atom, or sent)");
  }
  if (t->coll.is_nil()) return make_error(ErrorKind::IllegalState, std::string(op) + ": transient used after persistent!");
  return t;
}

}  // namespace

const KindOps kTransientOps = {transient_visit, transient_destroy, transient_equals,
                               transient_hash,  transient_print,   transient_compare};

bool can_be_transient(const Value& coll) { return is_vector(coll) || is_map(coll) || is_set(coll); }

Value make_transient(Value coll) {
  void* mem = allocate_bytes(sizeof(Transient));
  auto* t = new (mem) Transient();
  t->coll = std::move(coll);
  return Value::adopt(t);
}

Result<Value*> transient_edit(std::string_view op, const Value& t) {
  Result<Transient*> box = checked(op, t, true);
  if (!box) return box.take_error();
  return &box.value()->coll;
}

Result<const Value*> transient_read(std::string_view op, const Value& t) {
  Result<Transient*> box = checked(op, t, false);
  if (!box) return box.take_error();
  return static_cast<const Value*>(&box.value()->coll);
}

Result<Value> transient_persist(const Value& t) {
  Result<Transient*> box = checked("persistent!", t, true);
  if (!box) return box.take_error();
  return std::move(box.value()->coll);
}

}  // namespace batuta
