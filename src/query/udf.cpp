// udf.cpp: see udf.h.
#include "query/udf.h"

#include "core/map.h"
#include "core/name.h"
#include "core/object.h"
#include "core/printer.h"
#include "core/seq.h"
#include "core/string.h"
#include "query/expr.h"
#include "read/reader.h"
#include "read/source_map.h"
#include "core/platform.h"
#include "vm/fiber.h"
#include "vm/function.h"

namespace batuta::query {

namespace {

std::atomic<uint64_t> g_next_udf{0};

void destroy_info(void* p) { delete static_cast<UdfInfo*>(p); }

// Records the first failure; later ones are dropped (the query fails once).
void fail(UdfInfo& info, duckdb_function_info fi, const std::string& message) {
  if (!info.failed.exchange(true)) info.error = error_prefix(info.pos, info.op) + message;
  duck().duckdb_scalar_function_set_error(fi, "a Batuta function in the query failed");
}

void set_null(duckdb_vector out, idx_t row) {
  duck().duckdb_vector_ensure_validity_writable(out);
  duck().duckdb_validity_set_row_invalid(duck().duckdb_vector_get_validity(out), row);
}

// One chunk's call: DuckDB's arguments for the driver native below.
struct ChunkCall {
  UdfInfo* info;
  duckdb_function_info fi;
  duckdb_data_chunk input;
  duckdb_vector output;
  bool failed_here = false;  // a failure the driver recorded itself
};
BATUTA_THREAD_LOCAL ChunkCall* t_chunk = nullptr;

// Writes one result into the output vector; false (recorded) on failure.
bool write_result(ChunkCall& c, idx_t row, const Value& result) {
  switch (c.info->kind) {
    case UdfKind::Predicate:
      static_cast<bool*>(duck().duckdb_vector_get_data(c.output))[row] = result.truthy();
      return true;
    case UdfKind::Map: {
      if (result.is_nil()) {
        set_null(c.output, row);
      } else {
        std::string text = print_for_sql(result);
        duck().duckdb_vector_assign_string_element_len(c.output, row, text.data(), text.size());
      }
      return true;
    }
    case UdfKind::FlatMap: {
      auto* entries = static_cast<duckdb_list_entry*>(duck().duckdb_vector_get_data(c.output));
      idx_t offset = duck().duckdb_list_vector_get_size(c.output);
      std::vector<std::string> items;
      if (!result.is_nil()) {
        if (!is_sequential(result)) {
          fail(*c.info, c.fi, "the function must return a vector or a list, got " + pr_str_abbreviated(result));
          return false;
        }
        SeqCursor items_of(result);
        while (const Value* item = items_of()) items.push_back(print_for_sql(*item));
      }
      duck().duckdb_list_vector_reserve(c.output, offset + items.size());
      duckdb_vector child = duck().duckdb_list_vector_get_child(c.output);
      for (size_t i = 0; i < items.size(); ++i) {
        duck().duckdb_vector_assign_string_element_len(child, offset + i, items[i].data(), items[i].size());
      }
      duck().duckdb_list_vector_set_size(c.output, offset + items.size());
      entries[row] = duckdb_list_entry{offset, items.size()};
      return true;
    }
  }
  return true;
}

// The native a chunk's fiber runs: calls the function on every row (a
// nested call on the same fiber, so a chunk costs one fiber, not one per
// row). A Batuta error is returned, ending the fiber with its trace.
Result<Value> drive_chunk(VmContext& ctx, std::span<const Value>) {
  ChunkCall& c = *t_chunk;
  UdfInfo& info = *c.info;
  idx_t n = duck().duckdb_data_chunk_get_size(c.input);
  idx_t ncols = duck().duckdb_data_chunk_get_column_count(c.input);
  std::vector<duckdb_vector> vecs(ncols);
  std::vector<duckdb_logical_type> types(ncols);
  for (idx_t col = 0; col < ncols; ++col) {
    vecs[col] = duck().duckdb_data_chunk_get_vector(c.input, col);
    types[col] = duck().duckdb_vector_get_column_type(vecs[col]);
  }
  std::vector<Value> kv(info.keys.size() * 2);
  Result<Value> out = Value();
  for (idx_t row = 0; row < n; ++row) {
    // The argument: one bare value, or the row as a map.
    Value arg;
    bool ok = true;
    for (idx_t col = 0; col < ncols; ++col) {
      Value cell = cell_value(vecs[col], types[col], row);
      if (col < info.printed.size() && info.printed[col] && is_string(cell)) {
        auto v = read_printed(string_view_of(cell));
        if (!v) {
          fail(info, c.fi, v.error().message);
          ok = false;
          break;
        }
        cell = std::move(v.value());
      }
      if (info.keys.empty()) {
        arg = std::move(cell);
      } else {
        kv[2 * col] = info.keys[col];
        kv[2 * col + 1] = std::move(cell);
      }
    }
    if (ok && !info.keys.empty()) arg = map_from(kv);
    if (!ok) {
      c.failed_here = true;
      break;
    }
    auto result = ctx.call(info.fn, std::span<const Value>(&arg, 1));
    if (!result) {
      out = result.take_error();
      break;
    }
    if (!write_result(c, row, result.value())) {
      c.failed_here = true;
      break;
    }
  }
  for (duckdb_logical_type& t : types) duck().duckdb_destroy_logical_type(&t);
  return out;
}

Value driver() {
  static const Value native = [] {
    Value v = make_native("query-function", Arity{0, 0, false}, &drive_chunk);
    make_immortal(v);
    return v;
  }();
  return native;
}

void udf_call(duckdb_function_info fi, duckdb_data_chunk input, duckdb_vector output) {
  UdfInfo& info = *static_cast<UdfInfo*>(duck().duckdb_scalar_function_get_extra_info(fi));
  if (info.failed.load(std::memory_order_relaxed)) {
    duck().duckdb_scalar_function_set_error(fi, "a Batuta function in the query failed");
    return;
  }
  ChunkCall call{&info, fi, input, output};
  t_chunk = &call;
  FiberOptions options;
  options.initial_slots = 64;
  Fiber fiber(driver(), {}, options);
  FiberStatus status = run(fiber);
  t_chunk = nullptr;
  if (call.failed_here) return;  // recorded already
  if (status == FiberStatus::Error) {
    fail(info, fi, fiber.error().to_string());
  } else if (status != FiberStatus::Done) {
    fail(info, fi, "a function in a query can't wait (receive, sleep): it runs inside the store's engine");
  }
}

}  // namespace

bool in_query_function() { return t_chunk != nullptr; }

std::string print_for_sql(const Value& v) { return pr_str(v); }

Result<Value> read_printed(std::string_view text) {
  SourceMap map;
  auto forms = read_all(text, "<query value>", map);
  if (!forms) return forms.take_error();
  if (forms.value().size() != 1) return store_error("the store holds a value it can't read back: " + std::string(text));
  return forms.value()[0];
}

Result<std::string> register_udf(duckdb_connection con, const Value& fn, UdfKind kind, const std::vector<UdfArg>& args,
                                 std::string_view op, std::string_view pos, UdfInfo*& info_out) {
  auto* info = new UdfInfo;
  mark_shared(fn);
  info->fn = fn;
  info->kind = kind;
  info->op = std::string(op);
  info->pos = std::string(pos);
  bool bare = args.size() == 1 && args[0].key.empty();
  for (const UdfArg& a : args) {
    if (!bare) {
      Value k = keyword(a.key);
      mark_shared(k);
      info->keys.push_back(k);
    }
    info->printed.push_back(a.printed);
  }
  std::string name = "batuta_fn_" + std::to_string(g_next_udf.fetch_add(1) + 1);
  duckdb_scalar_function f = duck().duckdb_create_scalar_function();
  duck().duckdb_scalar_function_set_name(f, name.c_str());
  duckdb_logical_type any = duck().duckdb_create_logical_type(DUCKDB_TYPE_ANY);
  for (size_t i = 0; i < args.size(); ++i) duck().duckdb_scalar_function_add_parameter(f, any);
  duck().duckdb_destroy_logical_type(&any);
  duckdb_logical_type ret = nullptr;
  if (kind == UdfKind::Predicate) {
    ret = duck().duckdb_create_logical_type(DUCKDB_TYPE_BOOLEAN);
  } else if (kind == UdfKind::Map) {
    ret = duck().duckdb_create_logical_type(DUCKDB_TYPE_VARCHAR);
  } else {
    duckdb_logical_type text = duck().duckdb_create_logical_type(DUCKDB_TYPE_VARCHAR);
    ret = duck().duckdb_create_list_type(text);
    duck().duckdb_destroy_logical_type(&text);
  }
  duck().duckdb_scalar_function_set_return_type(f, ret);
  duck().duckdb_destroy_logical_type(&ret);
  // NULL cells reach the function as nil rather than making the result NULL.
  duck().duckdb_scalar_function_set_special_handling(f);
  // Side effects (println) happen once per row, not folded away.
  duck().duckdb_scalar_function_set_volatile(f);
  duck().duckdb_scalar_function_set_function(f, &udf_call);
  duck().duckdb_scalar_function_set_extra_info(f, info, &destroy_info);
  duckdb_state st = duck().duckdb_register_scalar_function(con, f);
  duck().duckdb_destroy_scalar_function(&f);
  if (st != DuckDBSuccess) return store_error(error_prefix(pos, op) + "the store refused the function");
  info_out = info;
  std::string call = name + "(";
  for (size_t i = 0; i < args.size(); ++i) call += (i ? ", " : "") + args[i].sql;
  return call + ")";
}

}  // namespace batuta::query
