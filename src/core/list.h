// list.h: persistent singly linked lists, `(1 2 3)`.
//
// A list is either the empty list `()` (one immortal object of kind
// EmptyList) or a Cons cell {first, rest, count}. Invariant: `rest` is always
// a list (a Cons or the empty list), never nil or another collection, so every
// cell knows the length of the list it starts and `count` is O(1), as in
// Clojure's PersistentList. Cells are built once and never mutated, so there
// is no in-place update to exploit except when taking a cell apart (list_pop
// on a unique cell moves `rest` out instead of retaining it).
//
// Freeing a long list never recurses on the C++ stack: the Cons kind's
// visit_children moves `rest` out and object.cpp's worklist frees it.
//
// Lists are sequential (seq.h): (= '(1 2) [1 2]) is true and they hash alike.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>

#include "core/object.h"
#include "core/status.h"

namespace batuta {

struct Cons : Object {
  Cons(Value f, Value r, uint64_t n) : Object(Kind::Cons), first(std::move(f)), rest(std::move(r)), count(n) {}
  Value first;
  Value rest;      // a Cons or the empty list
  uint64_t count;  // elements in the list this cell starts (>= 1)
};

// The immortal empty list `()`: rc 0, kind EmptyList.
Value empty_list();

inline bool is_empty_list(const Value& v) { return is_kind(v, Kind::EmptyList); }
inline bool is_cons(const Value& v) { return is_kind(v, Kind::Cons); }
inline bool is_list(const Value& v) { return is_empty_list(v) || is_cons(v); }
inline const Cons* as_cons(const Value& v) { return object_as<const Cons>(v); }

// A new cell with `head` in front of `tail_list`. Precondition: is_list(tail_list).
Value cons(Value head, Value tail_list);
// The list of `elements` in order.
Value list_from(std::span<const Value> elements);
Value list_from(std::initializer_list<Value> elements);

// Preconditions for the rest of this header: the list argument is_list().
inline size_t list_count(const Value& l) { return is_cons(l) ? as_cons(l)->count : 0; }
// The first element; nil for the empty list.
const Value& list_first(const Value& l);
// Everything after the first element; the empty list for the empty list. The
// reference points into `l` (or at the singleton): copy it to keep it.
const Value& list_rest(const Value& l);
// A list's peek is its first element (nil when empty).
inline const Value& list_peek(const Value& l) { return list_first(l); }
// The list without its first element; an error on the empty list.
Result<Value> list_pop(Value l);
// conj on a list adds at the front.
inline Value list_conj(Value l, Value x) { return cons(std::move(x), std::move(l)); }

// Walks the elements of a list in order; the list must outlive the cursor.
class ListCursor {
 public:
  explicit ListCursor(const Object* list) : cell_(list) {}
  explicit ListCursor(const Value& list) : cell_(list.as_object()) {}
  // The next element, or nullptr after the last one.
  const Value* operator()() {
    if (cell_->kind != Kind::Cons) return nullptr;
    const auto* c = static_cast<const Cons*>(cell_);
    cell_ = c->rest.as_object();
    return &c->first;
  }

 private:
  const Object* cell_;  // a Cons or the empty list
};

}  // namespace batuta
