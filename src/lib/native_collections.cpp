// native_collections.cpp: the generic collection functions (core's
// collection.h with Clojure's variadic shapes), plus the ones core does not
// have (get-in, assoc-in, merge, select-keys, zipmap, into, frequencies,
// distinct, sort).
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "core/collection.h"
#include "core/equality.h"
#include "core/hash_set.h"
#include "core/list.h"
#include "core/map.h"
#include "core/name.h"
#include "core/number.h"
#include "core/printer.h"
#include "core/sorted_map.h"
#include "core/sorted_set.h"
#include "core/string.h"
#include "core/transient.h"
#include "core/tuple.h"
#include "core/vector.h"
#include "lib/native_util.h"
#include "lib/natives.h"

namespace batuta {

using lib::expected;
using lib::op_name;

namespace {

bool any_map(const Value& v) { return is_map(v) || is_sorted_map(v); }

Result<bool> pending() { return lib::check_realize_error(); }

// conj of one item, lazy seqs included (an item goes in front of a seq,
// which stays unrealised).
Result<Value> conj_one(Value coll, Value x) {
  if (is_lazy_seq(coll)) return make_lazy_cons(std::move(x), std::move(coll));
  Result<Value> r = conj(std::move(coll), std::move(x));
  Result<bool> p = pending();  // hashing a lazy key
  if (!p) return p.take_error();
  return r;
}

// What count and nth read: the collection inside a transient (they read
// through one, as Clojure's do, and as core's get does), or v itself.
Result<const Value*> readable(VmContext& ctx, const Value& v) {
  if (!is_transient(v)) return &v;
  return transient_read(op_name(ctx), v);
}

Result<int64_t> index_arg(VmContext& ctx, const Value& v) {
  if (!v.is_fixnum()) return expected(op_name(ctx), "an integer index", v);
  return v.as_fixnum();
}

}  // namespace

Result<Value> n_count(VmContext& ctx, std::span<const Value> args) {
  Result<const Value*> coll = readable(ctx, args[0]);
  if (!coll) return coll.take_error();
  const Value& c = *coll.value();
  if (is_lazy_seq(c)) {
    lib::Walker w(ctx, c);
    int64_t n = 0;
    Value x;
    while (w.next(x)) ++n;
    if (!w.ok()) return w.take_error();
    return make_integer(n);
  }
  Result<size_t> n = count(c);
  if (!n) return n.take_error();
  return make_integer(static_cast<int64_t>(n.value()));
}

Result<Value> n_conj(VmContext&, std::span<const Value> args) {
  if (args.empty()) return empty_vector();
  Value coll = args[0];
  for (size_t i = 1; i < args.size(); ++i) {
    Result<Value> r = conj_one(std::move(coll), args[i]);
    if (!r) return r;
    coll = std::move(r.value());
  }
  return coll;
}

Result<Value> n_assoc(VmContext& ctx, std::span<const Value> args) {
  if ((args.size() - 1) % 2 != 0) {
    return make_error(ErrorKind::InvalidArgument,
                      std::string(op_name(ctx)) + ": expected an even number of key/value arguments after the map");
  }
  Value coll = args[0];
  for (size_t i = 1; i < args.size(); i += 2) {
    Result<Value> r = assoc(std::move(coll), args[i], args[i + 1]);
    if (!r) return r;
    coll = std::move(r.value());
  }
  Result<bool> p = pending();
  if (!p) return p.take_error();
  return coll;
}

Result<Value> n_dissoc(VmContext&, std::span<const Value> args) {
  Value coll = args[0];
  for (size_t i = 1; i < args.size(); ++i) {
    Result<Value> r = dissoc(std::move(coll), args[i]);
    if (!r) return r;
    coll = std::move(r.value());
  }
  return coll;
}

Result<Value> n_disj(VmContext&, std::span<const Value> args) {
  Value coll = args[0];
  for (size_t i = 1; i < args.size(); ++i) {
    Result<Value> r = disj(std::move(coll), args[i]);
    if (!r) return r;
    coll = std::move(r.value());
  }
  return coll;
}

Result<Value> n_get(VmContext&, std::span<const Value> args) {
  Value v = get(args[0], args[1], args.size() > 2 ? args[2] : Value());
  Result<bool> p = pending();
  if (!p) return p.take_error();
  return v;
}

Result<Value> n_get_in(VmContext& ctx, std::span<const Value> args) {
  // A unique marker no lookup can return, to tell "absent" from nil.
  static const Value absent = keyword("batuta.core/get-in-absent");
  Value cur = args[0];
  lib::Walker keys(ctx, args[1]);
  Value k;
  while (keys.next(k)) {
    cur = get(cur, k, absent);
    if (cur.identical(absent)) return args.size() > 2 ? args[2] : Value();
  }
  if (!keys.ok()) return keys.take_error();
  Result<bool> p = pending();
  if (!p) return p.take_error();
  return cur;
}

Result<Value> n_assoc_in(VmContext& ctx, std::span<const Value> args) {
  Result<std::vector<Value>> ks = lib::elements_of(ctx, args[1]);
  if (!ks) return ks.take_error();
  const std::vector<Value>& keys = ks.value();
  if (keys.empty()) {
    return make_error(ErrorKind::InvalidArgument, std::string(op_name(ctx)) + ": expected at least one key");
  }
  // Down the path (missing levels are nil, which assoc makes a map), then
  // back up assoc-ing each level.
  std::vector<Value> levels{args[0]};
  for (size_t i = 0; i + 1 < keys.size(); ++i) levels.push_back(get(levels.back(), keys[i]));
  Value v = args[2];
  for (size_t i = keys.size(); i-- > 0;) {
    Result<Value> r = assoc(std::move(levels[i]), keys[i], std::move(v));
    if (!r) return r;
    v = std::move(r.value());
  }
  Result<bool> p = pending();
  if (!p) return p.take_error();
  return v;
}

Result<Value> n_contains_p(VmContext&, std::span<const Value> args) {
  Result<bool> r = contains(args[0], args[1]);
  if (!r) return r.take_error();
  Result<bool> p = pending();
  if (!p) return p.take_error();
  return Value::boolean(r.value());
}

Result<Value> n_find(VmContext& ctx, std::span<const Value> args) {
  const Value& m = args[0];
  if (m.is_nil()) return Value();
  if (is_sorted_map(m)) {
    SortedMapEntry e = sorted_map_find_entry(m, args[1]);
    return e ? vector_from({*e.key, *e.value}) : Value();
  }
  if (is_map(m) || is_vector(m)) {
    Result<bool> has = contains(m, args[1]);
    if (!has || !has.value()) return Value();
    return vector_from({args[1], get(m, args[1])});
  }
  return expected(op_name(ctx), "a map", m);
}

namespace {

Result<Value> keys_or_vals(VmContext& ctx, const Value& m, bool keys) {
  if (m.is_nil()) return Value();
  std::vector<Value> out;
  const Value *k, *v;
  if (is_map(m)) {
    MapCursor c(m);
    while (c.next(k, v)) out.push_back(keys ? *k : *v);
  } else if (is_sorted_map(m)) {
    SortedMapCursor c(m);
    while (c.next(k, v)) out.push_back(keys ? *k : *v);
  } else {
    return expected(op_name(ctx), "a map", m);
  }
  if (out.empty()) return Value();
  return list_from(out);
}

}  // namespace

Result<Value> n_keys(VmContext& ctx, std::span<const Value> args) { return keys_or_vals(ctx, args[0], true); }
Result<Value> n_vals(VmContext& ctx, std::span<const Value> args) { return keys_or_vals(ctx, args[0], false); }

Result<Value> n_nth(VmContext& ctx, std::span<const Value> args) {
  if (is_vector(args[0]) && args[1].is_fixnum()) {  // the hot case: a loop over a vector by index
    int64_t i = args[1].as_fixnum();
    if (i >= 0 && static_cast<uint64_t>(i) < vector_count(args[0])) return vector_at(args[0], static_cast<size_t>(i));
  }
  Result<int64_t> i = index_arg(ctx, args[1]);
  if (!i) return i.take_error();
  Result<const Value*> coll = readable(ctx, args[0]);
  if (!coll) return coll.take_error();
  const Value& c = *coll.value();
  bool has_default = args.size() > 2;
  if (is_lazy_seq(c)) {
    if (i.value() >= 0) {
      lib::Walker w(ctx, c);
      Value x;
      for (int64_t k = 0; w.next(x); ++k)
        if (k == i.value()) return x;
      if (!w.ok()) return w.take_error();
    }
    if (has_default) return args[2];
    return make_error(ErrorKind::IndexOutOfBounds,
                      "nth: index " + std::to_string(i.value()) + " out of range for a lazy sequence");
  }
  Result<Value> r = nth(c, i.value());
  if (!r && has_default && r.error().kind == ErrorKind::IndexOutOfBounds) return args[2];
  return r;
}

Result<Value> n_peek(VmContext& ctx, std::span<const Value> args) {
  if (is_lazy_seq(args[0])) return lib::first_of(ctx, args[0]);
  return peek(args[0]);
}

Result<Value> n_pop(VmContext& ctx, std::span<const Value> args) {
  if (is_lazy_seq(args[0])) {
    Result<Value> s = lib::seq_of(ctx, args[0]);
    if (!s) return s;
    if (s.value().is_nil()) return make_error(ErrorKind::IllegalState, "pop: can't pop an empty list");
    return lib::rest_of(ctx, s.value());
  }
  return pop(args[0]);
}

Result<Value> n_subvec(VmContext& ctx, std::span<const Value> args) {
  const Value& v = args[0];
  if (!is_vector(v)) return expected(op_name(ctx), "a vector", v);
  int64_t n = static_cast<int64_t>(vector_count(v));
  Result<int64_t> start = index_arg(ctx, args[1]);
  if (!start) return start.take_error();
  int64_t end = n;
  if (args.size() > 2) {
    Result<int64_t> e = index_arg(ctx, args[2]);
    if (!e) return e.take_error();
    end = e.value();
  }
  if (start.value() < 0 || end < start.value() || end > n) {
    return make_error(ErrorKind::IndexOutOfBounds, "subvec: range [" + std::to_string(start.value()) + ", " +
                                                       std::to_string(end) + ") out of bounds for a vector of " +
                                                       std::to_string(n) + (n == 1 ? " element" : " elements"));
  }
  std::vector<Value> items;
  items.reserve(static_cast<size_t>(end - start.value()));
  for (int64_t k = start.value(); k < end; ++k) items.push_back(vector_at(v, static_cast<size_t>(k)));
  return vector_from_moved(items);
}

Result<Value> n_merge(VmContext& ctx, std::span<const Value> args) {
  Value result;
  for (const Value& m : args) {
    if (m.is_nil()) continue;
    if (!any_map(m)) return expected(op_name(ctx), "a map", m);
    if (result.is_nil()) {
      result = m;
      continue;
    }
    Result<Value> r = conj(std::move(result), m);
    if (!r) return r;
    result = std::move(r.value());
  }
  Result<bool> p = pending();
  if (!p) return p.take_error();
  return result;
}

Result<Value> n_select_keys(VmContext& ctx, std::span<const Value> args) {
  const Value& m = args[0];
  if (!m.is_nil() && !any_map(m)) return expected(op_name(ctx), "a map", m);
  Value out = empty_map();
  lib::Walker keys(ctx, args[1]);
  Value k;
  while (keys.next(k)) {
    Result<bool> has = contains(m, k);
    if (has && has.value()) out = map_assoc(std::move(out), k, get(m, k));
  }
  if (!keys.ok()) return keys.take_error();
  Result<bool> p = pending();
  if (!p) return p.take_error();
  return out;
}

Result<Value> n_zipmap(VmContext& ctx, std::span<const Value> args) {
  Value out = empty_map();
  lib::Walker ks(ctx, args[0]), vs(ctx, args[1]);
  Value k, v;
  while (ks.next(k) && vs.next(v)) out = map_assoc(std::move(out), std::move(k), std::move(v));
  if (!ks.ok()) return ks.take_error();
  if (!vs.ok()) return vs.take_error();
  Result<bool> p = pending();
  if (!p) return p.take_error();
  return out;
}

Result<Value> n_into(VmContext& ctx, std::span<const Value> args) {
  if (args.empty()) return empty_vector();
  if (args.size() == 1) return args[0];
  Value to = args[0];
  lib::Walker from(ctx, args[1]);
  Value x;
  while (from.next(x)) {
    Result<Value> r = conj_one(std::move(to), std::move(x));
    if (!r) return r;
    to = std::move(r.value());
  }
  if (!from.ok()) return from.take_error();
  return to;
}

Result<Value> n_empty(VmContext&, std::span<const Value> args) {
  const Value& c = args[0];
  if (is_list(c) || is_lazy_seq(c)) return empty_list();
  if (is_vector(c)) return empty_vector();
  if (is_map(c)) return empty_map();
  if (is_set(c)) return empty_set();
  if (is_sorted_map(c)) return empty_sorted_map(sorted_map_comparator(c));
  if (is_sorted_set(c)) return empty_sorted_set(sorted_set_comparator(c));
  return Value();
}

Result<Value> n_not_empty(VmContext& ctx, std::span<const Value> args) {
  if (args[0].is_nil()) return Value();
  if (!lib::is_seqable(args[0])) return expected(op_name(ctx), "a collection", args[0]);
  Result<Value> s = lib::seq_of(ctx, args[0]);
  if (!s) return s;
  return s.value().is_nil() ? Value() : args[0];
}

namespace {

// Distinct values in first-seen order, found by hash: what frequencies
// counts into, before one persistent map is built from it (rather than one persistent update per item). An open-addressing
// table of (hash, index) slots, so adding a value allocates nothing but
// the occasional doubling.
class Tally {
 public:
  // The index of x among the distinct values, added when new.
  size_t index_of(const Value& x) {
    if ((keys_.size() + 1) * 4 > slots_.size() * 3) grow();
    const uint64_t h = hash(x);
    const size_t mask = slots_.size() - 1;
    for (size_t i = home(h, mask);; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.index == kEmpty) {
        s = Slot{h, keys_.size()};
        keys_.push_back(x);
        return s.index;
      }
      if (s.hash == h && equals(keys_[s.index], x)) return s.index;
    }
  }
  // The map from each distinct value to value_of(its index), in order.
  template <class F>
  Value to_map(F value_of) const {
    Value out = empty_map();
    for (size_t i = 0; i < keys_.size(); ++i) out = map_assoc(std::move(out), keys_[i], value_of(i));
    return out;
  }

 private:
  static constexpr size_t kEmpty = SIZE_MAX;
  struct Slot {
    uint64_t hash = 0;
    size_t index = kEmpty;
  };

  // Hashes of small integers need not differ in their low bits: mixed first.
  static size_t home(uint64_t h, size_t mask) { return static_cast<size_t>(mix_hash(h)) & mask; }

  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 16 : old.size() * 2, Slot{});
    const size_t mask = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.index == kEmpty) continue;
      size_t i = home(s.hash, mask);
      while (slots_[i].index != kEmpty) i = (i + 1) & mask;
      slots_[i] = s;
    }
  }

  std::vector<Slot> slots_;  // a power of two in size, at most 3/4 full
  std::vector<Value> keys_;
};

}  // namespace

Result<Value> n_frequencies(VmContext& ctx, std::span<const Value> args) {
  Tally tally;
  std::vector<int64_t> counts;
  auto count_one = [&tally, &counts](const Value& x) {
    size_t i = tally.index_of(x);
    if (i == counts.size()) counts.push_back(0);
    ++counts[i];
  };
  if (is_vector(args[0])) {
    // Read in place: a walker would copy out (count up, then down) every
    // item, with atomic counts when the vector is shared (a def).
    VectorCursor cursor(args[0]);
    while (const Value* x = cursor()) count_one(*x);
  } else {
    lib::Walker w(ctx, args[0]);
    Value x;
    while (w.next(x)) count_one(x);
    if (!w.ok()) return w.take_error();
  }
  Result<bool> p = pending();  // hashing a lazy item
  if (!p) return p.take_error();
  return tally.to_map([&counts](size_t i) { return make_integer(counts[i]); });
}

Result<Value> n_sort(VmContext& ctx, std::span<const Value> args) {
  Result<std::vector<Value>> items = lib::elements_of(ctx, args[0]);
  if (!items) return items.take_error();
  std::vector<Value>& v = items.value();
  std::stable_sort(v.begin(), v.end(), [](const Value& a, const Value& b) { return compare(a, b) < 0; });
  Result<bool> p = pending();
  if (!p) return p.take_error();
  return list_from(v);
}

}  // namespace batuta
