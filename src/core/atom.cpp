// atom.cpp: see atom.h.
#include "core/atom.h"

#include <new>

#include "core/printer.h"

namespace batuta {

namespace {

void atom_visit(Object* o, ChildVisitor visit) { visit(static_cast<Atom*>(o)->value); }

void atom_destroy(Object* o) {
  auto* a = static_cast<Atom*>(o);
  a->~Atom();
  free_bytes(a, sizeof(Atom));
}

// Atoms are identities: equal only to themselves (equals is asked only
// when the words differ).
bool atom_equals(const Object*, const Value&) { return false; }

uint64_t atom_hash(const Object* o) {
  uint64_t x = static_cast<uint64_t>(reinterpret_cast<uintptr_t>(o));
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  return x;
}

void atom_print(const Object* o, Printer& p) {
  p.write("#atom[");
  p.print(atom_deref(Value::share(const_cast<Object*>(o))));
  p.write(']');
}

int atom_compare(const Object* a, const Object* b) {
  auto x = reinterpret_cast<uintptr_t>(a), y = reinterpret_cast<uintptr_t>(b);
  return x < y ? -1 : (x > y ? 1 : 0);
}

}  // namespace

const KindOps kAtomOps = {atom_visit, atom_destroy, atom_equals, atom_hash, atom_print, atom_compare};

Value make_atom(Value initial) {
  mark_shared(initial);
  void* mem = allocate_bytes(sizeof(Atom));
  auto* a = new (mem) Atom();
  a->value = std::move(initial);
  return Value::adopt(a);
}

Value atom_deref(const Value& atom) {
  Atom* a = as_atom(atom);
  LockGuard guard(a->lock);
  return a->value;
}

Value atom_reset(const Value& atom, Value value) {
  mark_shared(value);
  Atom* a = as_atom(atom);
  Value old;
  {
    LockGuard guard(a->lock);
    old = std::move(a->value);
    a->value = value;
  }
  return value;  // `old` is released after the lock is dropped
}

bool atom_compare_and_set(const Value& atom, const Value& expected, Value desired) {
  mark_shared(desired);
  Atom* a = as_atom(atom);
  Value old;
  {
    LockGuard guard(a->lock);
    if (!a->value.identical(expected)) return false;
    old = std::move(a->value);
    a->value = std::move(desired);
  }
  return true;
}

Value atom_swap_out(const Value& atom, Value value) {
  mark_shared(value);
  Atom* a = as_atom(atom);
  LockGuard guard(a->lock);
  Value old = std::move(a->value);
  a->value = std::move(value);
  return old;
}

}  // namespace batuta
