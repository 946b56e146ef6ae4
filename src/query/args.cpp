// args.cpp: see args.h.
#include "query/args.h"

#include "core/hash_set.h"
#include "core/lazy_seq.h"
#include "core/list.h"
#include "core/map.h"
#include "core/name.h"
#include "core/printer.h"
#include "core/string.h"
#include "core/vector.h"

namespace batuta::query {

namespace {

Result<Value> call_thunk(void* ctx, const Value& thunk) { return static_cast<VmContext*>(ctx)->call(thunk, {}); }

}  // namespace

Error op_error(std::string_view op, const std::string& message) {
  return make_error(ErrorKind::InvalidArgument, std::string(op) + ": " + message);
}

Error type_error(std::string_view op, std::string_view what, const Value& got) {
  return make_error(ErrorKind::TypeError, std::string(op) + ": expected " + std::string(what) + ", got " + describe_value(got));
}

Result<std::string> name_arg(std::string_view op, std::string_view what, const Value& v) {
  std::string name;
  if (v.is_keyword() || v.is_symbol()) {
    name = std::string(name_text(v));
  } else if (is_string(v)) {
    name = std::string(string_view_of(v));
  } else {
    return type_error(op, std::string("a ") + std::string(what) + " name (a keyword)", v);
  }
  if (name.empty()) return op_error(op, std::string("a ") + std::string(what) + " name can't be empty");
  if (name.find('$') != std::string::npos) {
    return op_error(op, std::string(what) + " names can't contain $ (the store's own tables use it): " + pr_str(v));
  }
  return name;
}

Result<std::vector<Value>> seq_elements(VmContext& ctx, const Value& coll, std::string_view op) {
  std::vector<Value> out;
  if (coll.is_nil()) return out;
  if (is_vector(coll)) {
    for (size_t i = 0; i < vector_count(coll); ++i) out.push_back(vector_at(coll, i));
    return out;
  }
  if (is_set(coll)) {
    SetCursor c(coll);
    while (const Value* x = c.next()) out.push_back(*x);
    return out;
  }
  if (is_list(coll) || is_lazy_seq(coll)) {
    LazyWalker walk(coll, ThunkRunner{&call_thunk, &ctx});
    Value x;
    while (walk.next(x)) out.push_back(std::move(x));
    if (walk.error()) return *walk.error();
    return out;
  }
  return type_error(op, "a collection", coll);
}

Result<std::vector<std::pair<std::string, Value>>> keyword_map_entries(std::string_view op, std::string_view what,
                                                                        const Value& m) {
  if (!is_map(m)) return type_error(op, std::string(what) + " (a map)", m);
  std::vector<std::pair<std::string, Value>> out;
  MapCursor c(m);
  const Value *k, *v;
  while (c.next(k, v)) {
    if (!k->is_keyword()) {
      return op_error(op, std::string(what) + " keys must be keywords (column names), got " + pr_str_abbreviated(*k));
    }
    std::string name(name_text(*k));
    if (name.find('$') != std::string::npos) {
      return op_error(op, "column names can't contain $ (the store's own columns use it): " + pr_str(*k));
    }
    out.emplace_back(std::move(name), *v);
  }
  return out;
}

}  // namespace batuta::query
