// native_reduce.cpp: the pieces of `reduce` that are cheaper in C++.
//
// reduce itself is written in Batuta (core.ba) so that the function it calls
// may suspend an actor. What it asks of C++ per element must be cheap:
// `reduced?` is one kind check, and `range-spec` lets reduce walk a fresh
// integer range with a counter instead of realising a lazy cell (two
// allocations) per element, as Clojure's LongRange reduces itself.
//
// A reduced value is the tuple {:batuta.core/reduced x}: no literal reads
// as a two-element tuple (two forms in braces are a map), so user data
// cannot be mistaken for it.
#include "core/lazy_seq.h"
#include "core/name.h"
#include "core/tuple.h"
#include "core/vector.h"
#include "lib/native_util.h"
#include "lib/natives.h"

namespace batuta {

namespace {

const Value& reduced_tag() {
  static const Value tag = keyword("batuta.core", "reduced");
  return tag;
}

bool is_reduced(const Value& v) {
  if (!is_tuple(v)) return false;
  const Tuple* t = as_tuple(v);
  return t->size == 2 && t->items[0].identical(reduced_tag());
}

}  // namespace

Result<Value> n_reduced(VmContext&, std::span<const Value> args) { return make_tuple({reduced_tag(), args[0]}); }

Result<Value> n_reduced_p(VmContext&, std::span<const Value> args) { return Value::boolean(is_reduced(args[0])); }

Result<Value> n_unreduced(VmContext&, std::span<const Value> args) {
  return is_reduced(args[0]) ? as_tuple(args[0])->items[1] : args[0];
}

Result<Value> n_range_spec(VmContext&, std::span<const Value> args) {
  const Value& r = args[0];
  if (!is_lazy_seq(r)) return Value();
  const LazySeq* l = as_lazy_seq(r);
  if (l->state() != LazyState::Range) return Value();
  if (!l->first.is_fixnum() || !l->rest.is_fixnum() || !l->fn.is_fixnum()) return Value();
  if (l->fn.as_fixnum() <= 0) return Value();
  return vector_from({l->first, l->rest, l->fn});
}

}  // namespace batuta
