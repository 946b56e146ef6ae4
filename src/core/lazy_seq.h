// lazy_seq.h: lazy sequences, Clojure's LazySeq (and its Cons onto a seq).
//
// A LazySeq is one object in one of these states (Object::flags):
//
//   Thunk    `fn` is a 0-argument Batuta function; calling it gives the
//            sequence (nil, a list, another lazy seq, or any collection,
//            which is turned into a list). `first` is nil, or the recipe
//            [kind f coll] of a map/filter/keep stage that lib's reduce
//            may run without realising the seq (native_seqs.cpp,
//            make-lazy-stage); realisation drops it.
//   Range    an arithmetic progression: `first` the next number, `fn` the
//            step, `rest` the end (exclusive; nil for an infinite range).
//   Repeat   `first` repeated `fn` times (an integer), or forever (nil).
//   Take     the first `fn` (a positive fixnum) elements of `first` (nil, a
//            list or a LazySeq), which is realised only as far as needed.
//   Drop     `first` (nil, a list, a vector or a LazySeq) without its first
//            `fn` (a fixnum) elements; realising it realises those.
//   Empty    realised, no elements.
//   Cell     realised: `first` is the first element, `rest` the remainder,
//            which is nil, a list or another LazySeq. This is also what
//            (cons x lazy) makes (make_lazy_cons), so consing onto a lazy
//            sequence never realises it.
//
// Realisation turns Thunk/Range/Repeat into Empty or Cell, once; the result
// is cached, the thunk released. It is iterative: a thunk that returns
// another unrealised lazy seq (and so on) is followed by a loop, and every
// seq of that chain takes the final state, so neither realising nor freeing
// (object.cpp's worklist) a chain of a million lazy seqs grows the C++ stack.
//
// Who calls the thunk. Core cannot run Batuta code, so realisation takes a
// ThunkRunner:
//   - natives pass one built on VmContext::call (a nested dispatch loop on
//     the caller's fiber, so errors keep their Batuta trace);
//   - core's own =, hash, compare and printer, which have no VM context,
//     use the process-wide RealizeHook the lib layer installs
//     (set_lazy_seq_realizer: it runs the thunk in a fresh Fiber). These
//     functions cannot fail, so when a thunk fails there the error is kept
//     in a thread-local slot and the seq is treated as ending at that
//     point. Natives that called such a core function check
//     take_pending_realize_error() afterwards and return the error.
//   A thunk that fails leaves its seq unrealised (a later walk retries).
//
// Range and Repeat are realised in C++ without any runner; Take and Drop
// use the runner only for the lazy seqs they wrap.
//
// Lazy sequences are sequential: they print as lists, equal and hash like
// lists and vectors with the same elements, and order like them.
//
// Threads: realising mutates the object, and takes no lock. A lazy seq is
// realised by the thread that holds it; one that is sent to another thread
// must be realised first (an open point for the actor layer: see the lib
// report). Everything a realised seq holds is immutable.
#pragma once

#include <cstdint>
#include <optional>

#include "core/object.h"
#include "core/status.h"

namespace batuta {

enum class LazyState : uint8_t { Thunk, Range, Repeat, Take, Drop, Empty, Cell };

struct LazySeq : Object {
  LazySeq() : Object(Kind::LazySeq) {}
  Value fn;     // Thunk: the function; Range: the step; Repeat: the count or nil
  Value first;  // Cell: the first element; Range: the next number; Repeat: the element
  Value rest;   // Cell: nil, a list or a LazySeq; Range: the end or nil

  // Object::flags holds the LazyState; Object::aux is 1 while the seq is
  // part of a chain being realised (to stop a thunk that returns a seq of
  // its own chain from looping).
  LazyState state() const { return static_cast<LazyState>(flags); }
  bool realized() const { return state() == LazyState::Empty || state() == LazyState::Cell; }
};

inline bool is_lazy_seq(const Value& v) { return is_kind(v, Kind::LazySeq); }
inline LazySeq* as_lazy_seq(const Value& v) { return object_as<LazySeq>(v); }

// An unrealised lazy seq of `thunk` (a 0-argument function).
Value make_lazy_seq(Value thunk);
// A realised cell: `first` followed by `rest` (nil, a list or a LazySeq;
// the caller turns anything else into a list first).
Value make_lazy_cons(Value first, Value rest);
// Precondition: numbers, and end is a number or nil. Empty when the range is.
// A step of zero repeats start forever (unless start equals end), as in Clojure.
Value make_range(Value start, Value end, Value step);
// `x` count times (count a non-negative integer), or forever (count nil).
Value make_repeat(Value x, Value count);
// (take n source) and (drop n source), lazily: nothing of `source` is
// realised until the result is. Precondition: `source` is nil, a list or a
// LazySeq (and, for drop, possibly a vector); n fits a fixnum. take with
// n <= 0 is empty.
Value make_take(int64_t n, Value source);
Value make_drop(int64_t n, Value source);

// How a thunk is called: the native's VmContext, or the hook.
struct ThunkRunner {
  Result<Value> (*call)(void* ctx, const Value& thunk);
  void* ctx;
};

// Realises `lazy` (a LazySeq) and the chain of lazy seqs its thunk returns.
// Afterwards its state is Empty or Cell; on failure it stays unrealised.
Result<bool> lazy_seq_realize(const Value& lazy, ThunkRunner run);

// The hook core uses when it meets an unrealised lazy seq (see the top).
using RealizeHook = Result<Value> (*)(const Value& thunk);
void set_lazy_seq_realizer(RealizeHook hook);
// A runner that calls the hook (an error when none is installed).
ThunkRunner hook_runner();
// Realises through the hook; on failure records the error (the first one
// since the last take) and returns false.
bool lazy_seq_realize_or_record(const Value& lazy);
// The error a hook-driven realisation recorded on this thread, if any, and
// clears it.
std::optional<Error> take_pending_realize_error();

// Realises every lazy seq reachable from `v` (inside vectors, lists, maps,
// sets, tuples and other lazy seqs) with `run`, so that printing or
// comparing it afterwards calls no thunk. Iterative (a worklist, not the C++
// stack). Stops at the first failing thunk and returns its error. An
// infinite lazy seq never ends, as printing it would not.
Result<bool> lazy_seq_realize_deep(const Value& v, ThunkRunner run);

// Turns a finite collection (vector, map, set, sorted map/set, tuple,
// string) into a list of its elements (map entries as [k v] vectors,
// strings as characters); nil and lists are returned as they are. An error
// (naming `op`) for anything that is not seqable, lazy seqs included (the
// caller handles those).
Result<Value> collection_to_list(const Value& coll, const char* op);

// Walks any sequential value (nil, list, vector, LazySeq), realising lazy
// seqs with `run` as it goes. Holds what it walks, so the caller may drop
// its reference. next() returns false at the end or on an error (then
// error() is set).
class LazyWalker {
 public:
  LazyWalker(Value seq, ThunkRunner run) : cur_(std::move(seq)), run_(run) {}
  bool next(Value& out);
  const std::optional<Error>& error() const { return error_; }

 private:
  Value cur_;  // nil, a list, a LazySeq, or a vector (walked by index_)
  size_t index_ = 0;
  ThunkRunner run_;
  std::optional<Error> error_;
};

}  // namespace batuta
