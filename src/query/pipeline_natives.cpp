// pipeline_natives.cpp: Batuta functions over queries: the map, filter and
// flat-map steps of a query pipeline, transform, distributed and for-each.
//
// The query macros (compile/macros_query.cpp) rewrite `(map f X)`,
// `(filter f X)`, `(flat-map f X)` and `(mapcat f X)` found in a clause's
// input into `(batuta.query/seq-step* :map map f X pos)`: at run time a
// query X gets a step (f then runs inside DuckDB, query/udf.h), anything
// else is given to the function the head named, so a collection is mapped
// exactly as before.
#include "core/map.h"
#include "core/name.h"
#include "core/number.h"
#include "core/object.h"
#include "core/printer.h"
#include "core/string.h"
#include "core/vector.h"
#include "query/args.h"
#include "query/plan.h"
#include "query/query_natives.h"
#include "query/relation.h"
#include "query/store.h"
#include "vm/function.h"
#include "vm/var.h"

namespace batuta::query {

namespace {

Value kw(std::string_view s) { return keyword(s); }

bool is_query(const Value& v) {
  Value steps;
  return relation_steps(v, steps);
}

Result<Value> add_step(std::string_view op, const Value& q, std::initializer_list<Value> kv) {
  Value steps;
  if (!relation_steps(q, steps)) return type_error(op, "a query (from ...)", q);
  return make_relation(vector_conj(std::move(steps), map_from(std::span<const Value>(kv.begin(), kv.size()))));
}

Result<Value> core_fn(std::string_view name) {
  Namespace* core = find_namespace(symbol("batuta.core"));
  Var* v = core != nullptr ? find_var(core, symbol(name)) : nullptr;
  Value fn;
  if (v == nullptr || !var_get(v, fn)) return op_error(name, "batuta.core/" + std::string(name) + " is not loaded");
  return fn;
}

Result<Value> fn_arg(std::string_view op, const Value& f) {
  if (is_function(f) || f.is_keyword()) return f;
  return type_error(op, "a function", f);
}

}  // namespace

// (seq-step* :map map f X pos)
Result<Value> n_seq_step(VmContext& ctx, std::span<const Value> args) {
  const Value& op = args[0];
  if (!is_query(args[3])) {
    Value call_args[] = {args[2], args[3]};
    return ctx.call(args[1], call_args);
  }
  std::string_view name = name_text(op);
  if (name == "mapcat") name = "flat-map";
  auto f = fn_arg(name, args[2]);
  if (!f) return f;
  return add_step(name, args[3], {kw("op"), kw(name), kw("fn"), args[2], kw("pos"), args[4]});
}

Result<Value> n_transform(VmContext& ctx, std::span<const Value> args) {
  auto f = fn_arg("transform", args[0]);
  if (!f) return f;
  if (!is_query(args[1])) {
    auto map = core_fn("map");
    if (!map) return map;
    return ctx.call(map.value(), args);
  }
  return add_step("transform", args[1], {kw("op"), kw("map"), kw("fn"), args[0], kw("pos"), make_string_from_utf8("")});
}

Result<Value> n_flat_map(VmContext& ctx, std::span<const Value> args) {
  auto f = fn_arg("flat-map", args[0]);
  if (!f) return f;
  if (!is_query(args[1])) {
    auto mapcat = core_fn("mapcat");
    if (!mapcat) return mapcat;
    return ctx.call(mapcat.value(), args);
  }
  return add_step("flat-map", args[1], {kw("op"), kw("flat-map"), kw("fn"), args[0], kw("pos"), make_string_from_utf8("")});
}

Result<Value> n_distributed(VmContext&, std::span<const Value> args) {
  if (!args[0].is_fixnum() || args[0].as_fixnum() < 1 || args[0].as_fixnum() > 1024) {
    return op_error("distributed", "takes 1 to 1024 workers, got " + pr_str_abbreviated(args[0]));
  }
  return add_step("distributed", args[1], {kw("op"), kw("parallel"), kw("n"), args[0], kw("pos"), make_string_from_utf8("")});
}

namespace {
struct ForEachSink {
  VmContext* ctx;
  Value fn;
};
Result<bool> for_each_row(void* data, Value row) {
  auto* s = static_cast<ForEachSink*>(data);
  auto r = s->ctx->call(s->fn, std::span<const Value>(&row, 1));
  if (!r) return r.take_error();
  return true;
}
}  // namespace

Result<Value> n_for_each(VmContext& ctx, std::span<const Value> args) {
  auto f = fn_arg("for-each", args[0]);
  if (!f) return f;
  Value steps;
  if (!relation_steps(args[1], steps)) {
    auto run = core_fn("run!");
    if (!run) return run;
    auto r = ctx.call(run.value(), args);
    if (!r) return r;
    return Value();
  }
  auto s = Store::get();
  if (!s) return s.take_error();
  Store& st = *s.value();
  std::lock_guard<std::recursive_mutex> guard(st.lock());
  auto plan = build_plan(st, steps);
  if (!plan) return plan.take_error();
  ForEachSink sink{&ctx, args[0]};
  auto n = stream_plan(st, plan.value(), &for_each_row, &sink);
  if (!n) return n.take_error();
  return make_integer(static_cast<int64_t>(n.value()));
}

}  // namespace batuta::query
