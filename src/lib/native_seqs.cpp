// native_seqs.cpp: the sequence functions that need no callback with a
// user function: seq, first, rest, next and friends, cons, concat, range,
// repeat, take, drop, and make-lazy-seq (what the lazy-seq macro expands
// to). Lazy seqs are realised through the native's fiber (native_util.h).
#include <string>
#include <vector>

#include "core/lazy_seq.h"
#include "core/list.h"
#include "core/number.h"
#include "core/printer.h"
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

Result<Value> n_take(VmContext& ctx, std::span<const Value> args) {
  Result<int64_t> n = count_arg(ctx, args[0]);
  if (!n) return n.take_error();
  std::vector<Value> items;
  if (n.value() > 0) {
    lib::Walker w(ctx, args[1]);
    Value x;
    while (static_cast<int64_t>(items.size()) < n.value() && w.next(x)) items.push_back(std::move(x));
    if (!w.ok()) return w.take_error();
  }
  return list_from(items);
}

Result<Value> n_drop(VmContext& ctx, std::span<const Value> args) {
  Result<int64_t> n = count_arg(ctx, args[0]);
  if (!n) return n.take_error();
  Result<Value> v = seqable_arg(ctx, args[1]);
  if (!v) return v;
  Value s = args[1];
  if (n.value() <= 0) return s.is_nil() ? Value(empty_list()) : s;
  for (int64_t i = 0; i < n.value(); ++i) {
    Result<Value> q = lib::seq_of(ctx, s);
    if (!q) return q;
    if (q.value().is_nil()) return empty_list();
    Result<Value> r = lib::rest_of(ctx, q.value());
    if (!r) return r;
    s = std::move(r.value());
  }
  return s;
}

Result<Value> n_make_lazy_seq(VmContext& ctx, std::span<const Value> args) {
  if (!is_function(args[0])) return expected(op_name(ctx), "a function of no arguments", args[0]);
  return make_lazy_seq(args[0]);
}

}  // namespace batuta
