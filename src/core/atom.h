// atom.h: atoms, Clojure's mutable reference cells.
//
// An Atom holds one Value that deref reads and reset!/compare-and-set!
// replace. Atoms are meant to be shared between actors (threads), so:
//   - every value stored in an atom is marked shared first (object.h,
//     invariant 1), since any thread may read it;
//   - reads and writes take the atom's own lock (platform.h; empty on
//     wasm), held only to copy or swap the word, never while Batuta runs.
// compare-and-set! compares by identity (the same word), as Clojure's does;
// swap! is written in Batuta as a retry loop over compare-and-set!.
//
// Cycles: an atom is the one place where a cycle of references can be made
// from Batuta code, e.g. (reset! a {:self a}). Reference counting cannot
// free such a cycle: it leaks (object.h, invariant 4). Vars are the other
// mutable cell, and are immortal anyway.
#pragma once

#include "core/object.h"
#include "core/platform.h"

namespace batuta {

struct Atom : Object {
  Atom() : Object(Kind::Atom) {}
  mutable Mutex lock;  // guards value
  Value value;
};

inline bool is_atom(const Value& v) { return is_kind(v, Kind::Atom); }
inline Atom* as_atom(const Value& v) { return object_as<Atom>(v); }

Value make_atom(Value initial);
Value atom_deref(const Value& atom);
// Stores `value`; returns it.
Value atom_reset(const Value& atom, Value value);
// Stores `desired` if the atom holds `expected` (the same word); true if it did.
bool atom_compare_and_set(const Value& atom, const Value& expected, Value desired);
// Stores `value`, returns the value it replaced.
Value atom_swap_out(const Value& atom, Value value);

}  // namespace batuta
