// native_transients.cpp: transient, persistent!, conj!, assoc!, dissoc!,
// disj! and pop! (core/transient.h says why a transient builds in place).
//
// Each editing op checks everything that could make the persistent
// operation fail before it moves the collection out of the box, so an
// error never loses the collection: the transient is unchanged by a
// failed op, as by one that was never made.
#include <string>
#include <vector>

#include "core/collection.h"
#include "core/hash_set.h"
#include "core/map.h"
#include "core/printer.h"
#include "core/sorted_map.h"
#include "core/transient.h"
#include "core/tuple.h"
#include "core/vector.h"
#include "lib/native_util.h"
#include "lib/natives.h"

namespace batuta {

using lib::expected;
using lib::op_name;

namespace {

// The editable collection of the transient args[0], checked to be of a
// kind the op accepts (`accepts` names them for the error).
Result<Value*> edit_arg(VmContext& ctx, const Value& t, bool (*ok)(const Value&), std::string_view accepts) {
  if (!is_transient(t)) return expected(op_name(ctx), "a transient", t);
  Result<Value*> coll = transient_edit(op_name(ctx), t);
  if (!coll) return coll;
  if (!ok(*coll.value())) {
    return make_error(ErrorKind::TypeError, std::string(op_name(ctx)) + ": expected a transient " + std::string(accepts) +
                                                ", got a transient " + type_name(*coll.value()));
  }
  return coll;
}

bool any_kind(const Value&) { return true; }
bool map_or_vector(const Value& c) { return is_map(c) || is_vector(c); }

// Whether conj onto a map accepts x: a [key value] vector or tuple, or a
// map whose entries are merged (collection.cpp's conj).
bool map_entry_or_map(const Value& x) {
  return (is_vector(x) && vector_count(x) == 2) || (is_tuple(x) && as_tuple(x)->size == 2) || is_map(x) ||
         is_sorted_map(x);
}

// Replaces the boxed collection with op(collection): the box's reference
// is moved in, so a collection only the box holds is edited in place.
template <class Op>
Result<Value> update_box(const Value& t, Value* coll, Op op) {
  Result<Value> r = op(std::move(*coll));
  // Checked beforehand: the persistent operations below cannot fail here.
  *coll = std::move(r.value());
  Result<bool> p = lib::check_realize_error();  // hashing a lazy key
  if (!p) return p.take_error();
  return t;
}

}  // namespace

Result<Value> n_transient(VmContext& ctx, std::span<const Value> args) {
  if (!can_be_transient(args[0])) return expected(op_name(ctx), "a vector, map or set", args[0]);
  return make_transient(args[0]);
}

Result<Value> n_persistent_bang(VmContext& ctx, std::span<const Value> args) {
  if (!is_transient(args[0])) return expected(op_name(ctx), "a transient", args[0]);
  return transient_persist(args[0]);
}

// (conj!) is a new transient vector, (conj! t) is t, as Clojure's, so
// conj! can be the reducing function of a transduction.
Result<Value> n_conj_bang(VmContext& ctx, std::span<const Value> args) {
  if (args.empty()) return make_transient(empty_vector());
  if (args.size() == 2 && is_transient(args[0])) {
    // The hot case (mapv, filterv): an unshared transient vector. Appending
    // hashes nothing, so no lazy key can fail.
    Value& c = object_as<Transient>(args[0])->coll;
    if (is_vector(c) && !args[0].as_object()->is_shared()) {
      c = vector_conj(std::move(c), args[1]);
      return args[0];
    }
  }
  Result<Value*> coll = edit_arg(ctx, args[0], any_kind, "");
  if (!coll) return coll.take_error();
  if (args.size() == 1) return args[0];
  const Value& x = args[1];
  if (is_map(*coll.value()) && !map_entry_or_map(x)) {
    return make_error(ErrorKind::TypeError, "conj!: a map takes [key value] entries, not " + describe_value(x));
  }
  return update_box(args[0], coll.value(), [&x](Value c) { return conj(std::move(c), x); });
}

Result<Value> n_assoc_bang(VmContext& ctx, std::span<const Value> args) {
  if ((args.size() - 1) % 2 != 0) {
    return make_error(ErrorKind::InvalidArgument, "assoc!: expected an even number of key/value arguments after the transient");
  }
  Result<Value*> coll = edit_arg(ctx, args[0], map_or_vector, "map or vector");
  if (!coll) return coll.take_error();
  Value* c = coll.value();
  for (size_t i = 1; i < args.size(); i += 2) {
    if (is_vector(*c)) {
      const Value& key = args[i];
      size_t n = vector_count(*c);
      if (!key.is_fixnum()) return expected("assoc!", "an integer index for a vector", key);
      if (key.as_fixnum() < 0 || static_cast<uint64_t>(key.as_fixnum()) > n) {
        return make_error(ErrorKind::IndexOutOfBounds, "assoc!: index " + std::to_string(key.as_fixnum()) +
                                                           " out of range for a vector of " + std::to_string(n) +
                                                           (n == 1 ? " element" : " elements"));
      }
    }
    Result<Value> r =
        update_box(args[0], c, [&args, i](Value m) { return assoc(std::move(m), args[i], args[i + 1]); });
    if (!r) return r;
  }
  return args[0];
}

Result<Value> n_dissoc_bang(VmContext& ctx, std::span<const Value> args) {
  Result<Value*> coll = edit_arg(ctx, args[0], is_map, "map");
  if (!coll) return coll.take_error();
  for (size_t i = 1; i < args.size(); ++i) {
    Result<Value> r = update_box(args[0], coll.value(), [&args, i](Value m) { return dissoc(std::move(m), args[i]); });
    if (!r) return r;
  }
  return args[0];
}

Result<Value> n_disj_bang(VmContext& ctx, std::span<const Value> args) {
  Result<Value*> coll = edit_arg(ctx, args[0], is_set, "set");
  if (!coll) return coll.take_error();
  for (size_t i = 1; i < args.size(); ++i) {
    Result<Value> r = update_box(args[0], coll.value(), [&args, i](Value s) { return disj(std::move(s), args[i]); });
    if (!r) return r;
  }
  return args[0];
}

Result<Value> n_pop_bang(VmContext& ctx, std::span<const Value> args) {
  Result<Value*> coll = edit_arg(ctx, args[0], is_vector, "vector");
  if (!coll) return coll.take_error();
  if (vector_count(*coll.value()) == 0) return make_error(ErrorKind::IllegalState, "pop!: can't pop an empty vector");
  return update_box(args[0], coll.value(), [](Value v) { return pop(std::move(v)); });
}

// group-by's two halves (core.ba runs the key function, in Batuta, so that
// it may suspend). The groups are a transient map from each key to a
// transient vector of its items, so adding an item is a lookup and an
// in-place append: no vector of keys, no second pass.
Result<Value> n_group_conj_bang(VmContext& ctx, std::span<const Value> args) {
  Result<Value*> coll = edit_arg(ctx, args[0], is_map, "map");
  if (!coll) return coll.take_error();
  Value& groups = *coll.value();
  const Value* group = map_find(groups, args[1]);
  Result<bool> p = lib::check_realize_error();  // hashing a lazy key
  if (!p) return p.take_error();
  if (group == nullptr) {
    groups = map_assoc(std::move(groups), args[1], make_transient(vector_from({args[2]})));
    return args[0];
  }
  if (!is_transient(*group) || !is_vector(object_as<Transient>(*group)->coll)) {
    return expected(op_name(ctx), "groups made by group-conj! (a transient vector for each key)", *group);
  }
  Value& items = object_as<Transient>(*group)->coll;
  items = vector_conj(std::move(items), args[2]);
  return args[0];
}

Result<Value> n_persistent_groups_bang(VmContext& ctx, std::span<const Value> args) {
  Result<Value*> coll = edit_arg(ctx, args[0], is_map, "map");
  if (!coll) return coll.take_error();
  std::vector<Value> keys, groups;
  MapCursor cursor(*coll.value());
  const Value *k, *v;
  while (cursor.next(k, v)) {
    if (!is_transient(*v) || object_as<Transient>(*v)->coll.is_nil()) {
      return expected(op_name(ctx), "groups made by group-conj! (a transient vector for each key)", *v);
    }
    keys.push_back(*k);
    groups.push_back(*v);
  }
  Value out = transient_persist(args[0]).value();  // checked by edit_arg
  // In key order, as the keys were first seen (array maps keep it).
  for (size_t i = 0; i < keys.size(); ++i) {
    out = map_assoc(std::move(out), std::move(keys[i]), transient_persist(groups[i]).value());
  }
  return out;
}

}  // namespace batuta
