// native_seqs.cpp: the sequence functions that need no callback with a
// user function: seq, first, rest, next and friends, cons, concat, range,
// repeat, take, drop, and make-lazy-seq (what the lazy-seq macro expands
// to). Lazy seqs are realised through the native's fiber (native_util.h).
#include <algorithm>
#include <string>
#include <vector>

#include "core/lazy_seq.h"
#include "core/list.h"
#include "core/number.h"
#include "core/printer.h"
#include "core/vector.h"
#include "lib/native_util.h"
#include "lib/natives.h"
#include "vm/function.h"

namespace batuta {

using lib::expected;
using lib::op_name;

namespace {

Result<Value> seqable_arg(VmContext& ctx, const Value& v) {
  if (!lib::is_seqable(v)) {
    return make_error(ErrorKind::TypeError, std::string(op_name(ctx)) + ": can't make a sequence of " + describe_value(v));
  }
  return v;
}

Result<int64_t> count_arg(VmContext& ctx, const Value& v) {
  if (!is_number(v)) return expected(op_name(ctx), "a number", v);
  if (v.is_fixnum()) return v.as_fixnum();
  // Clojure accepts any number: a float or ratio count rounds up
  // ((take 2.5 xs) takes 3); huge counts saturate.
  Result<double> d = to_double(v, op_name(ctx));
  double x = d.ok() ? d.value() : 0;
  if (x != x) return int64_t{0};
  if (x > 9e18) return int64_t{INT64_MAX};
  if (x < -9e18) return int64_t{INT64_MIN};
  int64_t n = static_cast<int64_t>(x);
  return static_cast<double>(n) < x ? n + 1 : n;
}

}  // namespace

Result<Value> n_seq(VmContext& ctx, std::span<const Value> args) {
  Result<Value> v = seqable_arg(ctx, args[0]);
  if (!v) return v;
  return lib::seq_of(ctx, args[0]);
}

Result<Value> n_first(VmContext& ctx, std::span<const Value> args) {
  Result<Value> v = seqable_arg(ctx, args[0]);
  if (!v) return v;
  return lib::first_of(ctx, args[0]);
}

Result<Value> n_second(VmContext& ctx, std::span<const Value> args) {
  Result<Value> v = seqable_arg(ctx, args[0]);
  if (!v) return v;
  Result<Value> n = lib::next_of(ctx, args[0]);
  if (!n) return n;
  return lib::first_of(ctx, n.value());
}

Result<Value> n_last(VmContext& ctx, std::span<const Value> args) {
  lib::Walker w(ctx, args[0]);
  Value x, last;
  while (w.next(x)) last = std::move(x);
  if (!w.ok()) return w.take_error();
  return last;
}

Result<Value> n_rest(VmContext& ctx, std::span<const Value> args) {
  Result<Value> v = seqable_arg(ctx, args[0]);
  if (!v) return v;
  return lib::rest_of(ctx, args[0]);
}

Result<Value> n_next(VmContext& ctx, std::span<const Value> args) {
  Result<Value> v = seqable_arg(ctx, args[0]);
  if (!v) return v;
  return lib::next_of(ctx, args[0]);
}

Result<Value> n_nnext(VmContext& ctx, std::span<const Value> args) {
  Result<Value> v = seqable_arg(ctx, args[0]);
  if (!v) return v;
  Result<Value> n = lib::next_of(ctx, args[0]);
  if (!n) return n;
  return lib::next_of(ctx, n.value());
}

Result<Value> n_nthnext(VmContext& ctx, std::span<const Value> args) {
  Result<Value> v = seqable_arg(ctx, args[0]);
  if (!v) return v;
  Result<int64_t> n = count_arg(ctx, args[1]);
  if (!n) return n.take_error();
  Result<Value> s = lib::seq_of(ctx, args[0]);
  for (int64_t i = 0; i < n.value() && s && !s.value().is_nil(); ++i) s = lib::next_of(ctx, s.value());
  return s;
}

Result<Value> n_nthrest(VmContext& ctx, std::span<const Value> args) {
  Result<Value> v = seqable_arg(ctx, args[0]);
  if (!v) return v;
  Result<int64_t> n = count_arg(ctx, args[1]);
  if (!n) return n.take_error();
  Result<Value> s = args[0];
  for (int64_t i = 0; i < n.value() && s; ++i) {
    Result<Value> q = lib::seq_of(ctx, s.value());
    if (!q) return q;
    if (q.value().is_nil()) break;
    s = lib::rest_of(ctx, q.value());
  }
  return s;
}

Result<Value> n_butlast(VmContext& ctx, std::span<const Value> args) {
  Result<std::vector<Value>> items = lib::elements_of(ctx, args[0]);
  if (!items) return items.take_error();
  std::vector<Value>& v = items.value();
  if (v.size() <= 1) return Value();
  v.pop_back();
  return list_from(v);
}

Result<Value> n_cons(VmContext& ctx, std::span<const Value> args) {
  const Value& coll = args[1];
  if (coll.is_nil()) return list_from({args[0]});
  if (is_list(coll)) return cons(args[0], coll);
  if (is_lazy_seq(coll)) return make_lazy_cons(args[0], coll);  // coll stays unrealised
  Result<Value> v = seqable_arg(ctx, coll);
  if (!v) return v;
  Result<Value> l = collection_to_list(coll, "cons");
  if (!l) return l;
  return cons(args[0], std::move(l.value()));
}

Result<Value> n_reverse(VmContext& ctx, std::span<const Value> args) {
  Value out = empty_list();
  lib::Walker w(ctx, args[0]);
  Value x;
  while (w.next(x)) out = cons(std::move(x), std::move(out));
  if (!w.ok()) return w.take_error();
  return out;
}


Result<Value> n_range(VmContext& ctx, std::span<const Value> args) {
  for (const Value& a : args)
    if (!is_number(a)) return expected(op_name(ctx), "a number", a);
  switch (args.size()) {
    case 0:
      return make_range(Value::fixnum(0), Value(), Value::fixnum(1));
    case 1:
      return make_range(Value::fixnum(0), args[0], Value::fixnum(1));
    case 2:
      return make_range(args[0], args[1], Value::fixnum(1));
    default:
      return make_range(args[0], args[1], args[2]);
  }
}

Result<Value> n_repeat(VmContext& ctx, std::span<const Value> args) {
  if (args.size() == 1) return make_repeat(args[0], Value());
  Result<int64_t> n = count_arg(ctx, args[0]);
  if (!n) return n.take_error();
  int64_t count = n.value() < 0 ? 0 : n.value();
  if (!Value::fits_fixnum(count)) count = Value::kFixnumMax;
  return make_repeat(args[1], Value::fixnum(count));
}

namespace {

// A count for make_take / make_drop: clamped to the fixnum range (no
// sequence is longer).
int64_t clamp_count(int64_t n) {
  if (n < 0) return 0;
  return Value::fits_fixnum(n) ? n : Value::kFixnumMax;
}

// The source a Take or Drop seq may wrap: nil, lists and lazy seqs as they
// are (nothing realised), vectors for drop, other finite collections as a
// list of their elements.
Result<Value> wrappable_source(VmContext& ctx, const Value& coll, bool vector_ok) {
  Result<Value> v = seqable_arg(ctx, coll);
  if (!v) return v;
  if (coll.is_nil() || is_list(coll) || is_lazy_seq(coll) || (vector_ok && is_vector(coll))) return coll;
  return collection_to_list(coll, std::string(op_name(ctx)).c_str());
}

// The reference counts of seqs nothing else can reach (n_lazy_stages):
// the head, passed straight to reduce and from there to lazy-stages, is
// held by the argument slot and reduce's parameter; an inner seq by the
// recipe and the thunk closure of the seq above it. A let, a var (shared:
// negative) or any other holder adds to these, and the chain is not fused.
// tests/batuta/laziness_test.ba checks both sides.
constexpr int32_t kHeadOwners = 2;
constexpr int32_t kInnerOwners = 2;

}  // namespace

// Lazy, as in Clojure: (take 5 (map f (range))) realises five elements,
// when the result is walked.
Result<Value> n_take(VmContext& ctx, std::span<const Value> args) {
  Result<int64_t> n = count_arg(ctx, args[0]);
  if (!n) return n.take_error();
  if (is_vector(args[1])) {  // finite and realised: taken at once, by index
    size_t k = std::min(vector_count(args[1]), static_cast<size_t>(clamp_count(n.value())));
    std::vector<Value> items;
    for (size_t i = 0; i < k; ++i) items.push_back(vector_at(args[1], i));
    return list_from(items);
  }
  Result<Value> src = wrappable_source(ctx, args[1], false);
  if (!src) return src;
  if (n.value() <= 0) return empty_list();
  return make_take(clamp_count(n.value()), std::move(src.value()));
}

// Lazy: nothing is realised until the result is, and then n + 1 elements.
Result<Value> n_drop(VmContext& ctx, std::span<const Value> args) {
  Result<int64_t> n = count_arg(ctx, args[0]);
  if (!n) return n.take_error();
  Result<Value> src = wrappable_source(ctx, args[1], true);
  if (!src) return src;
  if (n.value() <= 0) return src.value().is_nil() ? Value(empty_list()) : args[1];
  return make_drop(clamp_count(n.value()), std::move(src.value()));
}

// --- stages: what reduce fuses (core.ba) -------------------------------------------
// (map f coll), (filter pred coll) and (keep f coll) return a lazy seq as usual, whose
// unused `first` slot (a Thunk's) also records [kind f coll]. reduce asks
// lazy-stages for the chain of such recipes down to a source that is not
// one, and runs the whole pipeline in one Batuta loop, with no lazy cell
// per element. That is only unobservable when nobody else can walk the
// seqs afterwards (they would run f again, since a fused run caches
// nothing): the head must be held by reduce alone, and each inner seq only
// by the recipe and the thunk of the seq above it.

Result<Value> n_make_lazy_stage(VmContext& ctx, std::span<const Value> args) {
  if (!is_function(args[0])) return expected(op_name(ctx), "a function of no arguments", args[0]);
  if (!args[1].is_keyword()) return expected(op_name(ctx), "a keyword naming the stage", args[1]);
  Value lazy = make_lazy_seq(args[0]);
  as_lazy_seq(lazy)->first = vector_from({args[1], args[2], args[3]});
  return lazy;
}

Result<Value> n_lazy_stages(VmContext&, std::span<const Value> args) {
  std::vector<Value> stages;
  const Value* cur = &args[0];  // no copies: the counts below are the program's own
  int32_t owners = kHeadOwners;
  for (;;) {
    if (!is_lazy_seq(*cur)) break;
    LazySeq* l = as_lazy_seq(*cur);
    if (l->state() != LazyState::Thunk || !is_vector(l->first)) break;
    if (l->rc.load(std::memory_order_relaxed) != owners) break;
    stages.push_back(l->first);
    cur = &vector_at(l->first, 2);
    owners = kInnerOwners;
  }
  if (stages.empty()) return Value();
  // Innermost first, then the source they read.
  std::vector<Value> out(stages.rbegin(), stages.rend());
  return vector_from({vector_from(out), *cur});
}

Result<Value> n_make_lazy_seq(VmContext& ctx, std::span<const Value> args) {
  if (!is_function(args[0])) return expected(op_name(ctx), "a function of no arguments", args[0]);
  return make_lazy_seq(args[0]);
}

}  // namespace batuta
