// native_constructors.cpp: making collections, keywords and symbols.
#include <string>

#include "core/hash_set.h"
#include "core/list.h"
#include "core/map.h"
#include "core/name.h"
#include "core/printer.h"
#include "core/sorted_map.h"
#include "core/sorted_set.h"
#include "core/string.h"
#include "core/tuple.h"
#include "core/vector.h"
#include "lib/native_util.h"
#include "lib/natives.h"

namespace batuta {

using lib::expected;
using lib::op_name;

namespace {

Result<bool> check_pairs(VmContext& ctx, std::span<const Value> args) {
  if (args.size() % 2 == 0) return true;
  return make_error(ErrorKind::InvalidArgument,
                    std::string(op_name(ctx)) + ": no value supplied for key: " + pr_str_abbreviated(args.back()));
}

Result<Value> make_name(VmContext& ctx, std::span<const Value> args, bool make_keyword) {
  if (args.size() == 1) {
    const Value& x = args[0];
    if (make_keyword && x.is_keyword()) return x;
    if (!make_keyword && x.is_symbol()) return x;
    std::string_view text;
    if (is_string(x)) {
      text = string_view_of(x);
    } else if (x.is_name()) {
      text = name_text(x);  // (keyword 'a) is :a, (symbol :a) is a
    } else {
      return expected(op_name(ctx), "a string", x);
    }
    if (text.empty()) {
      return make_error(ErrorKind::InvalidArgument, std::string(op_name(ctx)) + ": the name must not be empty");
    }
    return make_keyword ? keyword(text) : symbol(text);
  }
  if (!args[0].is_nil() && !is_string(args[0])) return expected(op_name(ctx), "a string or nil namespace", args[0]);
  if (!is_string(args[1])) return expected(op_name(ctx), "a string name", args[1]);
  std::string_view name = string_view_of(args[1]);
  if (name.empty()) {
    return make_error(ErrorKind::InvalidArgument, std::string(op_name(ctx)) + ": the name must not be empty");
  }
  if (args[0].is_nil() || string_view_of(args[0]).empty()) return make_keyword ? keyword(name) : symbol(name);
  std::string_view ns = string_view_of(args[0]);
  return make_keyword ? keyword(ns, name) : symbol(ns, name);
}

}  // namespace

Result<Value> n_list(VmContext&, std::span<const Value> args) { return list_from(args); }
Result<Value> n_vector(VmContext&, std::span<const Value> args) { return vector_from(args); }

Result<Value> n_hash_map(VmContext& ctx, std::span<const Value> args) {
  Result<bool> ok = check_pairs(ctx, args);
  if (!ok) return ok.take_error();
  return map_from(args);
}

Result<Value> n_hash_set(VmContext&, std::span<const Value> args) { return set_from(args); }

Result<Value> n_sorted_map(VmContext& ctx, std::span<const Value> args) {
  Result<bool> ok = check_pairs(ctx, args);
  if (!ok) return ok.take_error();
  Result<Value> m = sorted_map_from(args);
  Result<bool> pending = lib::check_realize_error();
  if (!pending) return pending.take_error();
  return m;
}

Result<Value> n_sorted_set(VmContext&, std::span<const Value> args) {
  Value s = sorted_set_from(args);
  Result<bool> pending = lib::check_realize_error();
  if (!pending) return pending.take_error();
  return s;
}

Result<Value> n_set(VmContext& ctx, std::span<const Value> args) {
  if (is_set(args[0])) return args[0];
  Result<std::vector<Value>> items = lib::elements_of(ctx, args[0]);
  if (!items) return items.take_error();
  Value s = set_from(items.value());
  Result<bool> pending = lib::check_realize_error();  // hashing a lazy element
  if (!pending) return pending.take_error();
  return s;
}

Result<Value> n_vec(VmContext& ctx, std::span<const Value> args) {
  if (is_vector(args[0])) return args[0];
  Result<std::vector<Value>> items = lib::elements_of(ctx, args[0]);
  if (!items) return items.take_error();
  return vector_from_moved(items.value());
}

Result<Value> n_tuple(VmContext& ctx, std::span<const Value> args) {
  if (args.empty()) {
    return make_error(ErrorKind::InvalidArgument, std::string(op_name(ctx)) + ": a tuple needs at least one element");
  }
  return make_tuple(args);
}

Result<Value> n_keyword(VmContext& ctx, std::span<const Value> args) { return make_name(ctx, args, true); }
Result<Value> n_symbol(VmContext& ctx, std::span<const Value> args) { return make_name(ctx, args, false); }

Result<Value> n_name(VmContext& ctx, std::span<const Value> args) {
  const Value& x = args[0];
  if (is_string(x)) return x;
  if (x.is_name()) return make_string_from_utf8(x.as_name()->name());
  return expected(op_name(ctx), "a string, keyword or symbol", x);
}

Result<Value> n_namespace(VmContext& ctx, std::span<const Value> args) {
  const Value& x = args[0];
  if (!x.is_name()) return expected(op_name(ctx), "a keyword or symbol", x);
  if (!x.as_name()->has_namespace()) return Value();
  return make_string_from_utf8(x.as_name()->ns());
}

}  // namespace batuta
