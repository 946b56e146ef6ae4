// native_match.cpp: the run-time half of pattern matching and of errors
// as values (docs/patterns.md, docs/errors.md).
//
// The pattern compiler (compile/pattern.h) expands `match` into `if`s and
// `let*`s around calls of the small tests here (match-tuple?, match-seq?,
// match-key?...), each answering one question about the shape of a value
// without failing on a value of another type: a failed test is `false`,
// never an error, so a clause that does not fit simply moves on to the next.
//
// Errors as values (LANGUAGE.md): `(ok x)` is the map {:ok x}, `(error r)`
// the map {:error r}. A value is an ok result when it is a map with the key
// :ok, an error when it is a map with the key :error (and no :ok).
#include <string>

#include "core/collection.h"
#include "core/lazy_seq.h"
#include "core/list.h"
#include "core/map.h"
#include "core/name.h"
#include "core/number.h"
#include "core/printer.h"
#include "core/string.h"
#include "core/tuple.h"
#include "core/vector.h"
#include "lib/native_util.h"
#include "lib/natives.h"

namespace batuta {

namespace {

// The count argument the pattern compiler passes: always a small fixnum.
int64_t count_arg(const Value& v) { return v.is_fixnum() ? v.as_fixnum() : -1; }

// Whether a sequential value has exactly `n` elements (at_least: n or
// more). Lazy sequences are realised only as far as needed (n + 1
// elements), so `[x & more]` against an infinite sequence terminates.
Result<bool> seq_count_fits(VmContext& ctx, const Value& v, int64_t n, bool at_least) {
  if (n < 0) return false;
  size_t want = static_cast<size_t>(n);
  if (is_vector(v)) return at_least ? vector_count(v) >= want : vector_count(v) == want;
  if (is_list(v)) return at_least ? list_count(v) >= want : list_count(v) == want;
  if (!is_lazy_seq(v)) return false;
  lib::Walker walk(ctx, v);
  Value x;
  size_t seen = 0;
  while (seen <= want && walk.next(x)) ++seen;
  if (!walk.ok()) return walk.take_error();
  return at_least ? seen >= want : seen == want;
}

bool is_ok_result(const Value& v) { return is_map(v) && map_contains(v, keyword("ok")); }
bool is_error_result(const Value& v) {
  return is_map(v) && !map_contains(v, keyword("ok")) && map_contains(v, keyword("error"));
}

Error not_a_result(std::string_view op, const Value& v) {
  return make_error(ErrorKind::TypeError, std::string(op) + ": expected a result, {:ok value} or {:error reason}, got " +
                                              describe_value(v));
}

}  // namespace

// --- pattern tests ----------------------------------------------------------------

Result<Value> n_match_tuple_p(VmContext&, std::span<const Value> args) {
  const Value& v = args[0];
  return Value::boolean(is_tuple(v) && static_cast<int64_t>(as_tuple(v)->size) == count_arg(args[1]));
}

// Element i of a tuple or vector; nil for anything else (pattern code
// calls it only after match-tuple? has succeeded). The VM runs it as one
// instruction (ElemK) when i is a literal.
Result<Value> n_match_elem(VmContext&, std::span<const Value> args) {
  const Value& v = args[0];
  int64_t i = count_arg(args[1]);
  if (i < 0) return Value();
  if (is_tuple(v)) return static_cast<uint64_t>(i) < as_tuple(v)->size ? as_tuple(v)->items[i] : Value();
  if (is_vector(v)) return static_cast<uint64_t>(i) < vector_count(v) ? vector_at(v, static_cast<size_t>(i)) : Value();
  return Value();
}

Result<Value> n_match_seq_p(VmContext& ctx, std::span<const Value> args) {
  auto fits = seq_count_fits(ctx, args[0], count_arg(args[1]), false);
  if (!fits) return fits.take_error();
  return Value::boolean(fits.value());
}

Result<Value> n_match_seq_min_p(VmContext& ctx, std::span<const Value> args) {
  auto fits = seq_count_fits(ctx, args[0], count_arg(args[1]), true);
  if (!fits) return fits.take_error();
  return Value::boolean(fits.value());
}

Result<Value> n_match_map_p(VmContext&, std::span<const Value> args) { return Value::boolean(is_map(args[0])); }

Result<Value> n_match_key_p(VmContext&, std::span<const Value> args) {
  return Value::boolean(is_map(args[0]) && map_contains(args[0], args[1]));
}

// (%match-failed value "file:line:column"): what a match with no matching
// clause does. The value is abbreviated: a message stays one line however
// large the value is.
Result<Value> n_match_failed(VmContext&, std::span<const Value> args) {
  std::string where = is_string(args[1]) ? std::string(string_view_of(args[1])) : pr_str(args[1]);
  return make_error(ErrorKind::Panic, "match: no clause matches " + pr_str_abbreviated(args[0]) + " (the match at " +
                                          where + "); add a `_ -> ...` clause for other values");
}

// --- panic -----------------------------------------------------------------------

namespace lib {

Value panic_reason(std::span<const Value> args) { return args.size() == 1 ? args[0] : make_tuple(args); }

Error panic_error(Value reason) {
  Error e = make_error(ErrorKind::Panic, is_string(reason) ? std::string(string_view_of(reason)) : pr_str(reason));
  e.reason = std::move(reason);
  return e;
}

}  // namespace lib

Result<Value> n_panic(VmContext&, std::span<const Value> args) { return lib::panic_error(lib::panic_reason(args)); }

// --- errors as values -------------------------------------------------------------

Result<Value> n_ok(VmContext&, std::span<const Value> args) {
  return map_assoc(empty_map(), keyword("ok"), args[0]);
}

Result<Value> n_error(VmContext&, std::span<const Value> args) {
  return map_assoc(empty_map(), keyword("error"), args[0]);
}

Result<Value> n_ok_p(VmContext&, std::span<const Value> args) { return Value::boolean(is_ok_result(args[0])); }

Result<Value> n_error_p(VmContext&, std::span<const Value> args) { return Value::boolean(is_error_result(args[0])); }

// (! r): the value of an ok; an error panics with the error itself as the
// reason, so a supervisor sees {:error reason}.
Result<Value> n_unwrap(VmContext&, std::span<const Value> args) {
  const Value& r = args[0];
  if (is_ok_result(r)) return map_get(r, keyword("ok"));
  if (is_error_result(r)) return lib::panic_error(r);
  return not_a_result("!", r);
}

// What the one-argument `?` returns from the enclosing function when its
// value is not ok: the error itself. Anything that is neither an ok nor an
// error is a mistake the program should hear about at once.
Result<Value> n_propagated_error(VmContext&, std::span<const Value> args) {
  if (is_error_result(args[0])) return args[0];
  return not_a_result("?", args[0]);
}

}  // namespace batuta
