// native_util.cpp: see native_util.h.
#include "lib/native_util.h"

#include "core/list.h"
#include "core/number.h"
#include "core/printer.h"
#include "core/string.h"
#include "core/tuple.h"
#include "core/vector.h"

namespace batuta::lib {

namespace {

Result<Value> call_on_fiber(void* ctx, const Value& thunk) {
  return static_cast<VmContext*>(ctx)->call(thunk, {});
}

// A seqable that is not nil, a list, a vector or a lazy seq, as a list;
// those four are returned as they are.
Result<Value> walkable(VmContext& ctx, const Value& coll) {
  if (coll.is_nil() || is_list(coll) || is_vector(coll) || is_lazy_seq(coll)) return coll;
  if (!is_seqable(coll)) {
    return make_error(ErrorKind::TypeError,
                      std::string(op_name(ctx)) + ": can't make a sequence of " + describe_value(coll));
  }
  return collection_to_list(coll, ctx.native().name.c_str());
}

}  // namespace

Error expected(std::string_view op, std::string_view what, const Value& got) {
  return make_error(ErrorKind::TypeError,
                    std::string(op) + ": expected " + std::string(what) + ", got " + describe_value(got));
}

ThunkRunner runner_of(VmContext& ctx) { return ThunkRunner{&call_on_fiber, &ctx}; }

Result<bool> check_realize_error() {
  if (std::optional<Error> e = take_pending_realize_error()) return std::move(*e);
  return true;
}

bool is_seqable(const Value& v) {
  if (v.is_nil() || is_lazy_seq(v) || is_string(v)) return true;
  if (!v.is_object()) return false;
  switch (v.as_object()->kind) {
    case Kind::EmptyList:
    case Kind::Cons:
    case Kind::Vector:
    case Kind::ArrayMap:
    case Kind::HashMap:
    case Kind::HashSet:
    case Kind::SortedMap:
    case Kind::SortedSet:
    case Kind::Tuple:
      return true;
    default:
      return false;
  }
}

Result<Value> seq_of(VmContext& ctx, const Value& coll) {
  if (coll.is_nil()) return coll;
  if (is_list(coll)) return is_cons(coll) ? coll : Value();
  if (is_lazy_seq(coll)) {
    Value cur = coll;
    // A cell whose rest is nil stands for one element; a realised seq is
    // its own seq, so this loop only runs while realising.
    Result<bool> r = lazy_seq_realize(cur, runner_of(ctx));
    if (!r) return r.take_error();
    return as_lazy_seq(cur)->state() == LazyState::Empty ? Value() : cur;
  }
  Result<Value> l = walkable(ctx, coll);
  if (!l) return l;
  Value list = std::move(l.value());
  if (is_vector(list)) {
    if (vector_count(list) == 0) return Value();
    Result<Value> converted = collection_to_list(list, "seq");
    return converted;
  }
  return is_cons(list) ? list : Value();
}

Result<Value> first_of(VmContext& ctx, const Value& coll) {
  if (coll.is_nil()) return coll;
  if (is_list(coll)) return list_first(coll);
  if (is_vector(coll)) return vector_count(coll) == 0 ? Value() : vector_at(coll, 0);
  if (is_tuple(coll)) return as_tuple(coll)->size == 0 ? Value() : as_tuple(coll)->items[0];
  Result<Value> s = seq_of(ctx, coll);
  if (!s) return s;
  if (s.value().is_nil()) return Value();
  if (is_lazy_seq(s.value())) return as_lazy_seq(s.value())->first;
  return list_first(s.value());
}

Result<Value> rest_of(VmContext& ctx, const Value& coll) {
  if (is_list(coll)) return list_rest(coll);
  Result<Value> s = seq_of(ctx, coll);
  if (!s) return s;
  const Value& seq = s.value();
  if (seq.is_nil()) return empty_list();
  if (is_lazy_seq(seq)) {
    const Value& rest = as_lazy_seq(seq)->rest;
    return rest.is_nil() ? empty_list() : rest;
  }
  return list_rest(seq);
}

Result<Value> next_of(VmContext& ctx, const Value& coll) {
  Result<Value> r = rest_of(ctx, coll);
  if (!r) return r;
  return seq_of(ctx, r.value());
}

Walker::Walker(VmContext& ctx, const Value& coll) : walker_(Value(), runner_of(ctx)) {
  Result<Value> w = walkable(ctx, coll);
  if (!w) {
    error_ = w.take_error();
    return;
  }
  walker_ = LazyWalker(std::move(w.value()), runner_of(ctx));
}

bool Walker::next(Value& out) {
  if (error_) return false;
  if (walker_.next(out)) return true;
  if (walker_.error()) error_ = *walker_.error();
  return false;
}

Result<std::vector<Value>> elements_of(VmContext& ctx, const Value& coll) {
  std::vector<Value> out;
  Walker w(ctx, coll);
  Value x;
  while (w.next(x)) out.push_back(std::move(x));
  if (!w.ok()) return w.take_error();
  return out;
}

Result<std::string_view> string_arg(VmContext& ctx, const Value& v) {
  if (!is_string(v)) return expected(op_name(ctx), "a string", v);
  return string_view_of(v);
}

Result<int64_t> int_arg(VmContext& ctx, const Value& v) {
  if (!is_integer(v)) return expected(op_name(ctx), "an integer", v);
  return to_int64(v, op_name(ctx));
}

}  // namespace batuta::lib
