// native_util.h: what the native_*.cpp files share: Clojure-style error
// texts, and walking any seqable value with lazy sequences realised through
// the calling native's VmContext (a nested dispatch loop, so a failing
// thunk's error keeps its Batuta trace).
//
// Seqables: nil, lists, vectors, maps (entries as [k v] vectors), sets,
// sorted maps and sets, tuples, strings (characters) and lazy sequences,
// including a cons of values onto a lazy sequence.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/lazy_seq.h"
#include "core/status.h"
#include "core/value.h"
#include "vm/fiber.h"

namespace batuta::lib {

// `op: expected <what>, got "a" (a string)`, the VM's wording.
Error expected(std::string_view op, std::string_view what, const Value& got);
// The name of the running native, for messages.
inline std::string_view op_name(VmContext& ctx) { return ctx.native().name; }

// panic's reason from its arguments: the one argument itself, or a tuple
// of them all, so (panic :timeout {:after 5}) has the reason
// {:timeout {:after 5}}.
Value panic_reason(std::span<const Value> args);
// The error a panic with that reason raises: the reason travels as a
// value (Error::reason); the message is the reason as the `panic: <reason>`
// line shows it: a string as its text, any other value readably.
Error panic_error(Value reason);

// A runner that calls thunks on the native's fiber.
ThunkRunner runner_of(VmContext& ctx);

// When core (=, hash, compare, the printer) realised a lazy seq through
// the hook and its thunk failed, that error; else ok.
Result<bool> check_realize_error();

// (seq coll): nil when empty, else a non-empty list or a realised lazy seq.
Result<Value> seq_of(VmContext& ctx, const Value& coll);
// (first coll), (rest coll) (never nil: () when empty), (next coll).
Result<Value> first_of(VmContext& ctx, const Value& coll);
Result<Value> rest_of(VmContext& ctx, const Value& coll);
Result<Value> next_of(VmContext& ctx, const Value& coll);
bool is_seqable(const Value& v);

// Walks any seqable, realising lazy seqs as it goes. Usage:
//   Walker w(ctx, coll);  Value x;
//   while (w.next(x)) ...;
//   if (!w.ok()) return w.take_error();
class Walker {
 public:
  Walker(VmContext& ctx, const Value& coll);
  bool next(Value& out);
  bool ok() const { return !error_; }
  Error take_error() { return std::move(*error_); }

 private:
  LazyWalker walker_;
  std::optional<Error> error_;
};

// Every element of a finite seqable.
Result<std::vector<Value>> elements_of(VmContext& ctx, const Value& coll);

// Typed arguments, or the expected-type error naming the native.
Result<std::string_view> string_arg(VmContext& ctx, const Value& v);
Result<int64_t> int_arg(VmContext& ctx, const Value& v);

}  // namespace batuta::lib
