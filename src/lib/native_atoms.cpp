// native_atoms.cpp: atom, deref, reset!, reset-vals!, compare-and-set!.
// swap! and swap-vals! call a user function, so they are written in Batuta
// as retry loops over compare-and-set!. See core/atom.h for sharing and
// for why atoms are where reference cycles can come from.
#include "core/atom.h"
#include "core/vector.h"
#include "lib/native_util.h"
#include "lib/natives.h"
#include "vm/var.h"

namespace batuta {

using lib::expected;
using lib::op_name;

Result<Value> n_atom(VmContext&, std::span<const Value> args) { return make_atom(args[0]); }

Result<Value> n_deref(VmContext& ctx, std::span<const Value> args) {
  const Value& r = args[0];
  if (is_atom(r)) return atom_deref(r);
  if (is_var(r)) {
    Value v;
    if (!var_get(as_var(r), v)) return unbound_var_error(as_var(r));
    return v;
  }
  return expected(op_name(ctx), "an atom or a var", r);
}

Result<Value> n_reset(VmContext& ctx, std::span<const Value> args) {
  if (!is_atom(args[0])) return expected(op_name(ctx), "an atom", args[0]);
  return atom_reset(args[0], args[1]);
}

Result<Value> n_reset_vals(VmContext& ctx, std::span<const Value> args) {
  if (!is_atom(args[0])) return expected(op_name(ctx), "an atom", args[0]);
  Value old = atom_swap_out(args[0], args[1]);
  return vector_from({std::move(old), args[1]});
}

Result<Value> n_compare_and_set(VmContext& ctx, std::span<const Value> args) {
  if (!is_atom(args[0])) return expected(op_name(ctx), "an atom", args[0]);
  return Value::boolean(atom_compare_and_set(args[0], args[1], args[2]));
}

}  // namespace batuta
