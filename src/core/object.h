// object.h: the heap object model.
//
// Every heap value starts with an 8-byte Object header: a reference count, a
// kind and a few bits the kind may use. There is no tracing collector;
// reference counts free objects as soon as the last reference goes away.
//
// Reference counts (the scheme of Lean 4's runtime)
// -------------------------------------------------
//   rc > 0   single-threaded: only one thread can reach the object, so the
//            count is updated with plain (relaxed load + store) operations.
//   rc < 0   shared: the object may be reachable from several threads; the
//            count is -rc and is updated with atomic read-modify-write.
//   rc == 0  immortal: never counted, never freed (interned names, the empty
//            collections, compile-time constants).
//
// Invariants:
//   1. A shared object only reaches shared or immortal objects. mark_shared()
//      establishes this by walking everything reachable before a value crosses
//      to another thread (a message, a var, a call from a database thread).
//      Marking is one way: an object never becomes single-threaded again.
//   2. A single-threaded object is reachable from one thread only, so nothing
//      races with its plain count updates.
//   3. Objects are immutable once published. The only exception is in-place
//      update under uniqueness (below), which by definition nobody can observe.
//   4. Immutable data cannot form cycles (an object can only point at objects
//      that existed before it), so counting frees everything. The mutable
//      cells of later layers (vars, atoms) can close cycles; those are
//      documented where they are defined.
//
// Uniqueness
// ----------
// An object whose count is exactly 1 (single-threaded) has one owner: the
// Value the caller holds. Persistent operations take their collection by
// value; if the caller moved its only reference in, is_unique() is true and
// the operation may mutate the object instead of copying it. The observable
// semantics stay purely functional.
//
// Freeing
// -------
// release() never recurses on the C++ stack: a long list or deep tree is
// freed through a worklist (object.cpp). Each kind's visit_children moves its
// child Values out so the freeing loop can count them down; the kind's
// destroy then frees the now-hollow object.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/value.h"

namespace batuta {

enum class Kind : uint8_t {
#define BATUTA_OBJECT_KIND(E, name) E,
#include "core/object_kinds.def"
#undef BATUTA_OBJECT_KIND
  Count_
};
constexpr size_t kKindCount = static_cast<size_t>(Kind::Count_);

struct Object {
  std::atomic<int32_t> rc;
  Kind kind;
  uint8_t flags;  // free for the kind's own use
  uint16_t aux;   // free for the kind's own use

  explicit Object(Kind k, int32_t initial_rc = 1) : rc(initial_rc), kind(k), flags(0), aux(0) {}
  Object(const Object&) = delete;
  Object& operator=(const Object&) = delete;

  bool is_unique() const { return rc.load(std::memory_order_relaxed) == 1; }
  bool is_shared() const { return rc.load(std::memory_order_relaxed) < 0; }
  bool is_immortal() const { return rc.load(std::memory_order_relaxed) == 0; }
};
static_assert(sizeof(Object) == 8, "the object header is one word");

class Printer;

// Called for each child Value of an object; the visitor may move it out.
struct ChildVisitor {
  void (*fn)(void* ctx, Value& child);
  void* ctx;
  void operator()(Value& child) const { fn(ctx, child); }
};

// What the runtime needs to know about a kind. One constant per kind, named
// k<Kind>Ops, defined beside the kind's implementation.
struct KindOps {
  // Every child Value the object holds (for freeing and for mark_shared).
  void (*visit_children)(Object* o, ChildVisitor visit);
  // Runs the destructor and frees the memory. Children have already been
  // moved out by visit_children when the object is freed through release().
  void (*destroy)(Object* o);
  // Structural equality with any other value (o's kind is this kind; b is
  // arbitrary). Called only when a and b are not the same word.
  bool (*equals)(const Object* a, const Value& b);
  // Hash consistent with equals: equal values hash equally across kinds.
  uint64_t (*hash)(const Object* o);
  // Appends the printed form; printer.h says readable vs human.
  void (*print)(const Object* o, Printer& p);
  // Total order among values of the same ordering class (equality.h);
  // negative, zero, positive.
  int (*compare)(const Object* a, const Object* b);
};

#define BATUTA_OBJECT_KIND(E, name) extern const KindOps k##E##Ops;
#include "core/object_kinds.def"
#undef BATUTA_OBJECT_KIND

extern const KindOps* const kKindOps[kKindCount];
extern const char* const kKindNames[kKindCount];

inline const KindOps& ops_of(const Object* o) { return *kKindOps[static_cast<size_t>(o->kind)]; }
inline const char* kind_name(Kind k) { return kKindNames[static_cast<size_t>(k)]; }

// Frees an object whose count reached zero, and everything that dies with it.
void free_object(Object* o);

namespace detail {

inline void retain(Object* o) {
  int32_t r = o->rc.load(std::memory_order_relaxed);
  if (r > 0) {
    o->rc.store(r + 1, std::memory_order_relaxed);
  } else if (r < 0) {
    o->rc.fetch_sub(1, std::memory_order_relaxed);
  }
}

inline void release(Object* o) {
  int32_t r = o->rc.load(std::memory_order_relaxed);
  if (r == 1) {
    free_object(o);
  } else if (r > 1) {
    o->rc.store(r - 1, std::memory_order_relaxed);
  } else if (r < 0) {
    // acq_rel: the thread that frees must see every other thread's writes.
    if (o->rc.fetch_add(1, std::memory_order_acq_rel) == -1) free_object(o);
  }
}

}  // namespace detail

// Marks v and everything it reaches as shared (atomic counts). Idempotent;
// stops at objects that are already shared or immortal (invariant 1).
void mark_shared(const Value& v);

// Makes an object immortal: it and everything it reaches are never freed.
// For interned and static data created at start-up.
void make_immortal(const Value& v);

// The user-facing type name of any value ("integer", "vector", "keyword"...).
const char* type_name(const Value& v);
// The type name with its article, for error messages: "an integer",
// "a vector", "nil".
std::string describe_type(const Value& v);

// Typed access to a Value known to hold a kind (precondition: it does).
template <class T>
T* object_as(const Value& v) {
  return static_cast<T*>(v.as_object());
}
inline bool is_kind(const Value& v, Kind k) { return v.is_object() && v.as_object()->kind == k; }

// Allocation of variable-size objects. Objects are freed by their kind's
// destroy with free_bytes().
void* allocate_bytes(size_t size);
void free_bytes(void* p, size_t size);

// Counters for tests and benchmarks (single-threaded counters of the calling
// thread only; good enough to prove "no allocation" and "freed").
struct AllocationStats {
  uint64_t allocations = 0;
  uint64_t frees = 0;
  uint64_t bytes_live = 0;
};
AllocationStats& allocation_stats();

}  // namespace batuta
