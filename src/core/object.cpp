// object.cpp: the kind dispatch table, freeing without recursion, and the
// sharing walk. See object.h for the invariants.
#include "core/object.h"

#include <cstdlib>
#include <vector>

#include "core/platform.h"
#include "core/status.h"

namespace batuta {

const KindOps* const kKindOps[kKindCount] = {
#define BATUTA_OBJECT_KIND(E, name) &k##E##Ops,
#include "core/object_kinds.def"
#undef BATUTA_OBJECT_KIND
};

const char* const kKindNames[kKindCount] = {
#define BATUTA_OBJECT_KIND(E, name) name,
#include "core/object_kinds.def"
#undef BATUTA_OBJECT_KIND
};

namespace {

BATUTA_THREAD_LOCAL AllocationStats t_stats;

// Objects waiting to be freed by the outermost free_object call of this
// thread. A nested release (a child reaching zero) only pushes; the outermost
// call drains, so freeing a million-cell list uses a buffer, not a million
// C++ frames. The buffer lives on the outermost caller's stack and spills to
// the heap only for wide or deep structures.
class PendingFrees {
 public:
  void push(Object* o) {
    if (n_ < kInline) {
      inline_[n_++] = o;
    } else {
      spill_.push_back(o);
    }
  }
  Object* pop() {
    if (!spill_.empty()) {
      Object* o = spill_.back();
      spill_.pop_back();
      return o;
    }
    return n_ == 0 ? nullptr : inline_[--n_];
  }

 private:
  static constexpr size_t kInline = 64;
  Object* inline_[kInline];
  size_t n_ = 0;
  std::vector<Object*> spill_;
};

BATUTA_THREAD_LOCAL PendingFrees* t_pending = nullptr;

void steal_child(void* ctx, Value& child) {
  if (!child.is_object()) return;
  Object* c = child.leak_object();
  int32_t r = c->rc.load(std::memory_order_relaxed);
  if (r == 1) {
    static_cast<PendingFrees*>(ctx)->push(c);
  } else if (r > 1) {
    c->rc.store(r - 1, std::memory_order_relaxed);
  } else if (r < 0) {
    if (c->rc.fetch_add(1, std::memory_order_acq_rel) == -1) static_cast<PendingFrees*>(ctx)->push(c);
  }
}

}  // namespace

void free_object(Object* o) {
  if (t_pending != nullptr) {  // inside a drain further up this thread's stack
    t_pending->push(o);
    return;
  }
  PendingFrees pending;
  t_pending = &pending;
  for (Object* x = o; x != nullptr; x = pending.pop()) {
    const KindOps& ops = ops_of(x);
    ops.visit_children(x, ChildVisitor{&steal_child, &pending});
    ops.destroy(x);
  }
  t_pending = nullptr;
}

namespace {

// The objects a walk has still to visit: a stack kept inline for the
// usual small value (a message is a few objects, and send marks every
// message shared), spilling to the heap only for bigger ones.
struct MarkWalk {
  static constexpr size_t kInline = 32;
  Object* inline_items[kInline];
  size_t inline_count = 0;
  std::vector<Object*> spill;

  void push(Object* o) {
    if (inline_count < kInline) {
      inline_items[inline_count++] = o;
    } else {
      spill.push_back(o);
    }
  }
  bool pop(Object*& o) {
    if (!spill.empty()) {
      o = spill.back();
      spill.pop_back();
      return true;
    }
    if (inline_count == 0) return false;
    o = inline_items[--inline_count];
    return true;
  }
};

// make_immortal's child visitor: every child is visited (a shared child of
// an object made immortal becomes immortal too).
void push_child(void* ctx, Value& child) {
  if (child.is_object()) static_cast<MarkWalk*>(ctx)->push(child.as_object());
}

// mark_shared's: only children not shared or immortal yet, strings marked
// on the spot.
void mark_shared_child(void* ctx, Value& child) {
  if (!child.is_object()) return;
  Object* o = child.as_object();
  int32_t r = o->rc.load(std::memory_order_relaxed);
  if (r <= 0) return;  // shared or immortal already, and so is what it reaches
  if (o->kind == Kind::String) {
    // A leaf, and the commonest child (a def of a million strings): marked
    // here rather than pushed and popped.
    o->rc.store(-r, std::memory_order_relaxed);
    return;
  }
  static_cast<MarkWalk*>(ctx)->push(o);
}

void mark_reachable_shared(const Value& v) {
  if (!v.is_object()) return;
  MarkWalk w;
  w.push(v.as_object());
  Object* o;
  while (w.pop(o)) {
    int32_t r = o->rc.load(std::memory_order_relaxed);
    if (r <= 0) continue;  // shared or immortal already, and so is what it reaches
    o->rc.store(-r, std::memory_order_relaxed);
    ops_of(o).visit_children(o, ChildVisitor{&mark_shared_child, &w});
  }
}

}  // namespace

void mark_shared(const Value& v) {
  mark_reachable_shared(v);
#if BATUTA_THREADS
  // Publish the new counts before the value is handed to another thread.
  std::atomic_thread_fence(std::memory_order_release);
#endif
}

namespace {

// Raw pointers to every immortal heap object. Immortal objects are never
// freed, and a Value is a tagged word that leak checkers do not recognise
// as a pointer; this list keeps them visibly reachable, so LeakSanitizer
// reports only real leaks.
struct ImmortalRegistry {
  Mutex mutex;
  std::vector<Object*> objects;
};
ImmortalRegistry& immortals() {
  static ImmortalRegistry* r = new ImmortalRegistry();  // never destroyed, like its contents
  return *r;
}

}  // namespace

void make_immortal(const Value& v) {
  if (!v.is_object()) return;
  std::vector<Object*> newly;
  MarkWalk w;
  w.push(v.as_object());
  Object* o;
  while (w.pop(o)) {
    if (o->rc.load(std::memory_order_relaxed) == 0) continue;  // immortal already, and so is what it reaches
    o->rc.store(0, std::memory_order_relaxed);
    newly.push_back(o);
    ops_of(o).visit_children(o, ChildVisitor{&push_child, &w});
  }
  ImmortalRegistry& r = immortals();
  LockGuard guard(r.mutex);
  r.objects.insert(r.objects.end(), newly.begin(), newly.end());
}

const char* type_name(const Value& v) {
  if (v.is_double()) return "float";
  if (v.is_fixnum()) return "integer";
  if (v.is_nil()) return "nil";
  if (v.is_bool()) return "boolean";
  if (v.is_char()) return "character";
  if (v.is_keyword()) return "keyword";
  if (v.is_symbol()) return "symbol";
  return kind_name(v.as_object()->kind);
}

std::string describe_type(const Value& v) {
  if (v.is_nil()) return "nil";
  std::string name = type_name(v);
  bool vowel = std::string_view("aeiou").find(name[0]) != std::string_view::npos;
  return (vowel ? "an " : "a ") + name;
}

void* allocate_bytes(size_t size) {
  void* p = std::malloc(size);
  if (p == nullptr) std::abort();  // out of memory: nothing sensible to do
  t_stats.allocations++;
  t_stats.bytes_live += size;
  return p;
}

void free_bytes(void* p, size_t size) {
  t_stats.frees++;
  t_stats.bytes_live -= size;
  std::free(p);
}

AllocationStats& allocation_stats() { return t_stats; }

const char* error_kind_name(ErrorKind k) {
  static const char* const names[] = {
#define BATUTA_ERROR_KIND(E, kw) kw,
#include "core/error_kinds.def"
#undef BATUTA_ERROR_KIND
  };
  return names[static_cast<size_t>(k)];
}

}  // namespace batuta
