// lazy_seq.cpp: see lazy_seq.h.
#include "core/lazy_seq.h"

#include <new>
#include <string>
#include <vector>

#include "core/equality.h"
#include "core/hash_set.h"
#include "core/list.h"
#include "core/map.h"
#include "core/number.h"
#include "core/platform.h"
#include "core/printer.h"
#include "core/sorted_map.h"
#include "core/sorted_set.h"
#include "core/string.h"
#include "core/tuple.h"
#include "core/utf8.h"
#include "core/vector.h"

namespace batuta {

namespace {

RealizeHook g_hook = nullptr;  // set once at start-up, before any fiber runs

std::optional<Error>& pending_slot() {
  // One slot per thread, allocated on first use and kept for the thread's
  // life (wasm has a single thread, where this is a plain global).
  static BATUTA_THREAD_LOCAL std::optional<Error> slot;
  return slot;
}

LazySeq* new_lazy(LazyState state) {
  void* mem = allocate_bytes(sizeof(LazySeq));
  auto* l = new (mem) LazySeq();
  l->flags = static_cast<uint8_t>(state);
  return l;
}

void set_state(LazySeq* l, LazyState s) { l->flags = static_cast<uint8_t>(s); }

// --- KindOps -------------------------------------------------------------------
void lazy_visit(Object* o, ChildVisitor visit) {
  auto* l = static_cast<LazySeq*>(o);
  visit(l->fn);
  visit(l->first);
  visit(l->rest);
}

void lazy_destroy(Object* o) {
  auto* l = static_cast<LazySeq*>(o);
  l->~LazySeq();
  free_bytes(l, sizeof(LazySeq));
}

// Every element of a sequential value, realised through the hook.
std::vector<Value> elements_of(const Value& v) {
  std::vector<Value> out;
  LazyWalker w(v, hook_runner());
  Value x;
  while (w.next(x)) out.push_back(std::move(x));
  return out;
}

bool is_sequential_value(const Value& v) { return is_list(v) || is_vector(v) || is_lazy_seq(v); }

bool lazy_equals(const Object* a, const Value& b) {
  if (!is_sequential_value(b)) return false;
  LazyWalker x(Value::share(const_cast<Object*>(a)), hook_runner());
  LazyWalker y(b, hook_runner());
  Value ex, ey;
  for (;;) {
    bool hx = x.next(ex), hy = y.next(ey);
    if (hx != hy) return false;
    if (!hx) return true;
    if (!equals(ex, ey)) return false;
  }
}

uint64_t lazy_hash(const Object* o) {
  OrderedHasher hasher;
  LazyWalker w(Value::share(const_cast<Object*>(o)), hook_runner());
  Value x;
  while (w.next(x)) hasher.add(x);
  return hasher.finish();
}

void lazy_print(const Object* o, Printer& p) {
  LazyWalker w(Value::share(const_cast<Object*>(o)), hook_runner());
  p.write('(');
  Value x;
  bool first = true;
  while (w.next(x)) {
    if (!first) p.write(' ');
    first = false;
    p.print(x);
  }
  p.write(')');
}

// Sequential order (seq.h): by length, then element by element. `b` is
// another sequential object (compare() only pairs values of one class).
int lazy_compare(const Object* a, const Object* b) {
  std::vector<Value> x = elements_of(Value::share(const_cast<Object*>(a)));
  std::vector<Value> y = elements_of(Value::share(const_cast<Object*>(b)));
  if (x.size() != y.size()) return x.size() < y.size() ? -1 : 1;
  for (size_t i = 0; i < x.size(); ++i)
    if (int c = compare(x[i], y[i]); c != 0) return c;
  return 0;
}

Result<Value> call_hook(void*, const Value& thunk) {
  if (g_hook == nullptr) {
    return make_error(ErrorKind::IllegalState, "lazy-seq: no realiser installed to run the thunk");
  }
  return g_hook(thunk);
}

// The next number of a range, and whether `x` is still inside it.
bool range_has(const Value& x, const Value& end, const Value& step) {
  if (end.is_nil()) return true;
  int s = compare_numbers(step, Value::fixnum(0));
  int c = compare_numbers(x, end);
  if (s > 0) return c < 0;
  if (s < 0) return c > 0;
  return c != 0;  // step 0: start repeated forever, unless start = end
}

// Realises a Range or Repeat in place (no runner needed).
void realize_generator(LazySeq* l) {
  if (l->state() == LazyState::Range) {
    if (!range_has(l->first, l->rest, l->fn)) {
      l->first = Value();
      l->rest = Value();
      l->fn = Value();
      set_state(l, LazyState::Empty);
      return;
    }
    Result<Value> next = add(l->first, l->fn);  // numbers: cannot fail
    Value tail = make_range(next.ok() ? std::move(next.value()) : Value(), l->rest, l->fn);
    l->rest = std::move(tail);
    l->fn = Value();
    set_state(l, LazyState::Cell);
    return;
  }
  // Repeat
  if (l->fn.is_nil()) {
    l->rest = make_repeat(l->first, Value());
  } else {
    int64_t n = l->fn.as_fixnum();  // make_repeat keeps counts as fixnums
    if (n <= 0) {
      l->first = Value();
      l->fn = Value();
      set_state(l, LazyState::Empty);
      return;
    }
    l->rest = make_repeat(l->first, Value::fixnum(n - 1));
  }
  l->fn = Value();
  set_state(l, LazyState::Cell);
}

// The head of a sequential value that Take and Drop wrap (nil, a list or
// a LazySeq, realised with `run`): false when it is empty, else its first
// element and the rest. A lazy seq that is being realised further up this
// stack (aux set) is treated as empty, as a thunk returning its own chain is.
Result<bool> head_of(const Value& s, ThunkRunner run, Value& first, Value& rest) {
  if (is_cons(s)) {
    first = as_cons(s)->first;
    rest = as_cons(s)->rest;
    return true;
  }
  if (!is_lazy_seq(s)) return false;  // nil or ()
  LazySeq* l = as_lazy_seq(s);
  if (!l->realized()) {
    if (l->aux != 0) return false;
    Result<bool> r = lazy_seq_realize(s, run);
    if (!r) return r;
  }
  if (l->state() == LazyState::Empty) return false;
  first = l->first;
  rest = l->rest;
  return true;
}

// What a Take or Drop seq stands for, one step on: for Take a realised
// cell (or nil), for Drop the remainder of its source (nil, a list or a
// LazySeq, possibly unrealised).
Result<Value> step_wrapper(LazySeq* l, ThunkRunner run) {
  int64_t n = l->fn.as_fixnum();
  Value src = l->first;
  Value first, rest;
  if (l->state() == LazyState::Take) {
    if (n <= 0) return Value();
    Result<bool> has = head_of(src, run, first, rest);
    if (!has) return has.take_error();
    if (!has.value()) return Value();
    // The last element taken lets go of the source.
    return make_lazy_cons(std::move(first), n == 1 ? Value() : make_take(n - 1, std::move(rest)));
  }
  if (is_vector(src)) {  // a vector is dropped by index: no cell per skipped element
    size_t from = n <= 0 ? 0 : static_cast<size_t>(n);
    std::vector<Value> items;
    for (size_t i = from; i < vector_count(src); ++i) items.push_back(vector_at(src, i));
    return list_from(items);
  }
  for (int64_t i = 0; i < n; ++i) {
    Result<bool> has = head_of(src, run, first, rest);
    if (!has) return has.take_error();
    if (!has.value()) return Value();
    src = std::move(rest);
  }
  return src;
}

}  // namespace

const KindOps kLazySeqOps = {lazy_visit, lazy_destroy, lazy_equals, lazy_hash, lazy_print, lazy_compare};

Value make_lazy_seq(Value thunk) {
  LazySeq* l = new_lazy(LazyState::Thunk);
  l->fn = std::move(thunk);
  return Value::adopt(l);
}

Value make_lazy_cons(Value first, Value rest) {
  LazySeq* l = new_lazy(LazyState::Cell);
  l->first = std::move(first);
  l->rest = std::move(rest);
  return Value::adopt(l);
}

Value make_range(Value start, Value end, Value step) {
  LazySeq* l = new_lazy(LazyState::Range);
  l->first = std::move(start);
  l->rest = std::move(end);
  l->fn = std::move(step);
  return Value::adopt(l);
}

Value make_repeat(Value x, Value count) {
  LazySeq* l = new_lazy(LazyState::Repeat);
  l->first = std::move(x);
  l->fn = std::move(count);
  return Value::adopt(l);
}

namespace {
Value make_wrapper(LazyState state, int64_t n, Value source) {
  LazySeq* l = new_lazy(state);
  l->fn = Value::fixnum(n);
  l->first = std::move(source);
  return Value::adopt(l);
}
}  // namespace

Value make_take(int64_t n, Value source) { return make_wrapper(LazyState::Take, n, std::move(source)); }
Value make_drop(int64_t n, Value source) { return make_wrapper(LazyState::Drop, n, std::move(source)); }

Result<Value> collection_to_list(const Value& coll, const char* op) {
  if (coll.is_nil() || is_list(coll)) return coll;
  std::vector<Value> items;
  if (is_vector(coll)) {
    VectorCursor c(coll);
    while (const Value* e = c()) items.push_back(*e);
  } else if (is_map(coll)) {
    MapCursor c(coll);
    const Value *k, *v;
    while (c.next(k, v)) items.push_back(vector_from({*k, *v}));
  } else if (is_sorted_map(coll)) {
    SortedMapCursor c(coll);
    const Value *k, *v;
    while (c.next(k, v)) items.push_back(vector_from({*k, *v}));
  } else if (is_set(coll)) {
    SetCursor c(coll);
    while (const Value* e = c()) items.push_back(*e);
  } else if (is_sorted_set(coll)) {
    SortedSetCursor c(coll);
    while (const Value* e = c()) items.push_back(*e);
  } else if (is_tuple(coll)) {
    for (const Value& e : as_tuple(coll)->elements()) items.push_back(e);
  } else if (is_string(coll)) {
    std::string_view s = string_view_of(coll);
    for (size_t i = 0; i < s.size();) items.push_back(Value::character(utf8::decode(s, i)));
  } else {
    return make_error(ErrorKind::TypeError, std::string(op) + ": can't make a sequence of " + describe_value(coll));
  }
  return list_from(items);
}

Result<bool> lazy_seq_realize(const Value& lazy, ThunkRunner run) {
  LazySeq* head = as_lazy_seq(lazy);
  if (head->realized()) return true;
  // The lazy seqs realised together: the head, then each unrealised lazy
  // seq a thunk returned. All take the final state.
  std::vector<Value> chain;
  chain.push_back(lazy);
  head->aux = 1;
  // Clears the chain marks however this returns.
  struct Unmark {
    std::vector<Value>& chain;
    ~Unmark() {
      for (Value& c : chain) c.as_object()->aux = 0;
    }
  } unmark{chain};
  Value source;  // a realised LazySeq, or a list, whose state the chain takes
  for (;;) {
    LazySeq* l = as_lazy_seq(chain.back());
    if (l->state() == LazyState::Range || l->state() == LazyState::Repeat) realize_generator(l);
    if (l->realized()) {
      source = chain.back();
      chain.pop_back();
      source.as_object()->aux = 0;
      break;
    }
    Value produced;
    if (l->state() == LazyState::Take || l->state() == LazyState::Drop) {
      Value self = chain.back();  // kept alive across the step, as the thunk below
      Result<Value> r = step_wrapper(l, run);
      if (!r) return r.take_error();
      produced = std::move(r.value());
    } else {
      Value thunk = l->fn;  // kept alive across the call, which may drop the seq's other owners
      Result<Value> r = run.call(run.ctx, thunk);
      if (!r) return r.take_error();
      produced = std::move(r.value());
    }
    if (is_lazy_seq(produced)) {
      // A thunk that returns a seq of this very chain (its own, say) would
      // loop forever: treat it as empty. Object::aux marks chain members.
      if (produced.as_object()->aux == 0) {
        produced.as_object()->aux = 1;
        chain.push_back(std::move(produced));
        continue;
      }
      produced = Value();
    }
    Result<Value> as_list = collection_to_list(produced, "lazy-seq");
    if (!as_list) return as_list.take_error();
    source = std::move(as_list.value());
    break;
  }
  // The final state, from a realised lazy seq or a list (nil/() = empty).
  bool empty;
  Value first, rest;
  if (is_lazy_seq(source)) {
    LazySeq* s = as_lazy_seq(source);
    empty = s->state() == LazyState::Empty;
    if (!empty) {
      first = s->first;
      rest = s->rest;
    }
  } else {
    empty = !is_cons(source);
    if (!empty) {
      first = as_cons(source)->first;
      rest = as_cons(source)->rest;
    }
  }
  for (Value& c : chain) {
    LazySeq* l = as_lazy_seq(c);
    l->fn = Value();
    if (empty) {
      l->first = Value();  // a Take or Drop seq held its source here
      set_state(l, LazyState::Empty);
    } else {
      l->first = first;
      l->rest = rest;
      set_state(l, LazyState::Cell);
    }
  }
  return true;
}

namespace {
// Values that may hold a lazy seq somewhere inside.
bool may_hold_lazy(const Value& v) {
  return is_lazy_seq(v) || is_cons(v) || is_vector(v) || is_map(v) || is_sorted_map(v) || is_set(v) ||
         is_sorted_set(v) || is_tuple(v);
}
}  // namespace

Result<bool> lazy_seq_realize_deep(const Value& v, ThunkRunner run) {
  if (!may_hold_lazy(v)) return true;
  std::vector<Value> work{v};
  auto push = [&work](const Value& x) {
    if (may_hold_lazy(x)) work.push_back(x);
  };
  while (!work.empty()) {
    Value x = std::move(work.back());
    work.pop_back();
    if (is_lazy_seq(x) || is_cons(x) || is_vector(x)) {
      LazyWalker w(x, run);
      Value e;
      while (w.next(e)) push(e);
      if (w.error()) return *w.error();
    } else if (is_map(x)) {
      MapCursor c(x);
      const Value *k, *val;
      while (c.next(k, val)) {
        push(*k);
        push(*val);
      }
    } else if (is_sorted_map(x)) {
      SortedMapCursor c(x);
      const Value *k, *val;
      while (c.next(k, val)) {
        push(*k);
        push(*val);
      }
    } else if (is_set(x)) {
      SetCursor c(x);
      while (const Value* e = c()) push(*e);
    } else if (is_sorted_set(x)) {
      SortedSetCursor c(x);
      while (const Value* e = c()) push(*e);
    } else if (is_tuple(x)) {
      for (const Value& e : as_tuple(x)->elements()) push(e);
    }
  }
  return true;
}

void set_lazy_seq_realizer(RealizeHook hook) { g_hook = hook; }

ThunkRunner hook_runner() { return ThunkRunner{&call_hook, nullptr}; }

bool lazy_seq_realize_or_record(const Value& lazy) {
  Result<bool> r = lazy_seq_realize(lazy, hook_runner());
  if (r) return true;
  std::optional<Error>& slot = pending_slot();
  if (!slot) slot = r.take_error();
  return false;
}

std::optional<Error> take_pending_realize_error() {
  std::optional<Error>& slot = pending_slot();
  std::optional<Error> e = std::move(slot);
  slot.reset();
  return e;
}

bool LazyWalker::next(Value& out) {
  for (;;) {
    if (cur_.is_nil()) return false;
    if (is_cons(cur_)) {
      const Cons* c = as_cons(cur_);
      out = c->first;
      Value rest = c->rest;
      cur_ = std::move(rest);
      return true;
    }
    if (is_vector(cur_)) {
      if (index_ >= vector_count(cur_)) return false;
      out = vector_at(cur_, index_++);
      return true;
    }
    if (is_lazy_seq(cur_)) {
      LazySeq* l = as_lazy_seq(cur_);
      if (!l->realized()) {
        Result<bool> r = lazy_seq_realize(cur_, run_);
        if (!r) {
          // Through the hook, record it for the native that called core.
          if (run_.call == &call_hook) {
            std::optional<Error>& slot = pending_slot();
            if (!slot) slot = r.error();
          }
          error_ = r.take_error();
          cur_ = Value();
          return false;
        }
      }
      if (l->state() == LazyState::Empty) return false;
      out = l->first;
      Value rest = l->rest;
      cur_ = std::move(rest);
      return true;
    }
    return false;  // the empty list, or a non-sequential value: nothing to walk
  }
}

}  // namespace batuta
