// native_predicates.cpp: =, compare, hash and the type predicates.
#include "core/atom.h"
#include "core/pid.h"
#include "core/collection.h"
#include "core/equality.h"
#include "core/hash_set.h"
#include "core/lazy_seq.h"
#include "core/list.h"
#include "core/map.h"
#include "core/number.h"
#include "core/sorted_map.h"
#include "core/sorted_set.h"
#include "core/string.h"
#include "core/tuple.h"
#include "core/vector.h"
#include "lib/native_util.h"
#include "lib/natives.h"
#include "vm/function.h"
#include "vm/var.h"

namespace batuta {

namespace {

bool any_map(const Value& v) { return is_map(v) || is_sorted_map(v); }
bool any_set(const Value& v) { return is_set(v) || is_sorted_set(v); }

// `=` with a lazy seq on the right only: list and vector equality (core
// seq.cpp) does not know lazy seqs yet, the lazy seq's own does.
bool equal_values(const Value& a, const Value& b) {
  if (is_lazy_seq(b) && !is_lazy_seq(a)) return equals(b, a);
  return equals(a, b);
}

Result<Value> all_equal(std::span<const Value> args, bool want) {
  bool all = true;
  for (size_t i = 0; i + 1 < args.size() && all; ++i) all = equal_values(args[i], args[i + 1]);
  Result<bool> pending = lib::check_realize_error();
  if (!pending) return pending.take_error();
  return Value::boolean(all == want);
}

}  // namespace

Result<Value> n_equals(VmContext&, std::span<const Value> args) { return all_equal(args, true); }
Result<Value> n_not_equals(VmContext&, std::span<const Value> args) { return all_equal(args, false); }

Result<Value> n_compare(VmContext&, std::span<const Value> args) {
  int c = compare(args[0], args[1]);
  Result<bool> pending = lib::check_realize_error();
  if (!pending) return pending.take_error();
  return Value::fixnum(c < 0 ? -1 : c > 0 ? 1 : 0);
}

Result<Value> n_identical_p(VmContext&, std::span<const Value> args) {
  return Value::boolean(args[0].identical(args[1]));
}

Result<Value> n_hash(VmContext&, std::span<const Value> args) {
  uint64_t h = hash(args[0]);
  Result<bool> pending = lib::check_realize_error();
  if (!pending) return pending.take_error();
  // A fixnum, so the hash is an ordinary integer (the top bits are dropped).
  return Value::fixnum(static_cast<int64_t>(h << 14) >> 14);
}

Result<Value> n_nil_p(VmContext&, std::span<const Value> args) { return Value::boolean(args[0].is_nil()); }
Result<Value> n_some_p(VmContext&, std::span<const Value> args) { return Value::boolean(!args[0].is_nil()); }
Result<Value> n_true_p(VmContext&, std::span<const Value> args) { return Value::boolean(args[0].is_true()); }
Result<Value> n_false_p(VmContext&, std::span<const Value> args) { return Value::boolean(args[0].is_false()); }
Result<Value> n_not(VmContext&, std::span<const Value> args) { return Value::boolean(!args[0].truthy()); }
Result<Value> n_boolean_p(VmContext&, std::span<const Value> args) { return Value::boolean(args[0].is_bool()); }
Result<Value> n_string_p(VmContext&, std::span<const Value> args) { return Value::boolean(is_string(args[0])); }
Result<Value> n_keyword_p(VmContext&, std::span<const Value> args) { return Value::boolean(args[0].is_keyword()); }
Result<Value> n_symbol_p(VmContext&, std::span<const Value> args) { return Value::boolean(args[0].is_symbol()); }
Result<Value> n_char_p(VmContext&, std::span<const Value> args) { return Value::boolean(args[0].is_char()); }
Result<Value> n_map_p(VmContext&, std::span<const Value> args) { return Value::boolean(any_map(args[0])); }
Result<Value> n_vector_p(VmContext&, std::span<const Value> args) { return Value::boolean(is_vector(args[0])); }
Result<Value> n_list_p(VmContext&, std::span<const Value> args) { return Value::boolean(is_list(args[0])); }
Result<Value> n_set_p(VmContext&, std::span<const Value> args) { return Value::boolean(any_set(args[0])); }
Result<Value> n_seq_p(VmContext&, std::span<const Value> args) {
  return Value::boolean(is_list(args[0]) || is_lazy_seq(args[0]));
}
Result<Value> n_coll_p(VmContext&, std::span<const Value> args) {
  return Value::boolean(is_collection(args[0]) || is_lazy_seq(args[0]));
}
Result<Value> n_fn_p(VmContext&, std::span<const Value> args) { return Value::boolean(is_function(args[0])); }
Result<Value> n_tuple_p(VmContext&, std::span<const Value> args) { return Value::boolean(is_tuple(args[0])); }
Result<Value> n_sequential_p(VmContext&, std::span<const Value> args) {
  return Value::boolean(is_list(args[0]) || is_vector(args[0]) || is_lazy_seq(args[0]));
}
Result<Value> n_associative_p(VmContext&, std::span<const Value> args) {
  return Value::boolean(any_map(args[0]) || is_vector(args[0]));
}

Result<Value> n_empty_p(VmContext& ctx, std::span<const Value> args) {
  const Value& c = args[0];
  if (is_lazy_seq(c)) {
    Result<Value> s = lib::seq_of(ctx, c);
    if (!s) return s;
    return Value::boolean(s.value().is_nil());
  }
  Result<size_t> n = count(c);
  if (!n) return lib::expected(lib::op_name(ctx), "a collection or a string", c);
  return Value::boolean(n.value() == 0);
}

Result<Value> n_ifn_p(VmContext&, std::span<const Value> args) {
  const Value& v = args[0];
  return Value::boolean(is_function(v) || v.is_keyword() || v.is_symbol() || any_map(v) || any_set(v) ||
                        is_vector(v) || is_var(v));
}

Result<Value> n_var_p(VmContext&, std::span<const Value> args) { return Value::boolean(is_var(args[0])); }
Result<Value> n_sorted_p(VmContext&, std::span<const Value> args) {
  return Value::boolean(is_sorted_map(args[0]) || is_sorted_set(args[0]));
}

Result<Value> n_realized_p(VmContext& ctx, std::span<const Value> args) {
  if (!is_lazy_seq(args[0])) return lib::expected(lib::op_name(ctx), "a lazy sequence", args[0]);
  return Value::boolean(as_lazy_seq(args[0])->realized());
}

Result<Value> n_atom_p(VmContext&, std::span<const Value> args) { return Value::boolean(is_atom(args[0])); }
Result<Value> n_pid_p(VmContext&, std::span<const Value> args) { return Value::boolean(is_pid(args[0])); }

}  // namespace batuta
