// transient.h: transients, Clojure's editable collections for building.
//
// A Transient is a box that owns a vector, map or set. conj!, assoc!,
// dissoc!, disj! and pop! replace the boxed collection with the result of
// the persistent operation, moving the box's reference in; since the box
// is normally the collection's only owner, that operation finds it unique
// and updates it in place (object.h, "Uniqueness"). A loop that conj!es a
// million items into a transient so does a million in-place appends, where
// a loop over a persistent vector held in a register copies the vector's
// tail each time (the register and the callee's argument are two owners).
// persistent! hands the collection out and ends the transient: any later
// operation on it is an error, as in Clojure.
//
// A transient is made by one actor and used by it alone. Once it has been
// marked shared (stored in a var or an atom, or sent in a message), it
// refuses every edit and persistent!: two threads could otherwise edit one
// box. Reads (count, get, nth) stay allowed: nothing can change it then.
//
// Cycles: like an atom, a transient can be made to reach itself
// ((conj! t t)); such a cycle leaks (object.h, invariant 4).
#pragma once

#include "core/object.h"
#include "core/status.h"

namespace batuta {

struct Transient : Object {
  Transient() : Object(Kind::Transient) {}
  Value coll;  // the vector, map or set being built; nil once persistent! ran
};

inline bool is_transient(const Value& v) { return is_kind(v, Kind::Transient); }

// Whether (transient coll) accepts coll: a vector, a map or a set.
bool can_be_transient(const Value& coll);
// A transient owning coll (precondition: can_be_transient(coll)).
Value make_transient(Value coll);

// The collection a transient op may edit, after the checks every op makes
// (the transient is still editable and not shared); `op` names the
// operation in the error. Precondition of these three: is_transient(t). The reference stays in the box: the op moves it
// out, applies the persistent operation and stores the result back.
Result<Value*> transient_edit(std::string_view op, const Value& t);
// The collection, for reads (count, nth): an error once ended only.
Result<const Value*> transient_read(std::string_view op, const Value& t);
// persistent!: the collection, moved out; the transient is ended.
Result<Value> transient_persist(const Value& t);

}  // namespace batuta
