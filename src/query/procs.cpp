// procs.cpp: the registry of stored code (procs.h) and the stored
// procedure natives: define-proc* (what defproc expands to), call-proc,
// drop-proc!, procs.
#include "query/procs.h"

#include <algorithm>
#include <memory>

#include "core/name.h"
#include "core/string.h"
#include "core/vector.h"
#include "lib/eval.h"
#include "lib/runtime.h"
#include "query/args.h"
#include "query/query_natives.h"
#include "query/store.h"
#include "query/write_scope.h"
#include "read/profile.h"
#include "read/source_map.h"
#include "vm/function.h"
#include "vm/var.h"

namespace batuta::query {

namespace {

constexpr const char* kCodeTable = "\"batuta$code\"";
constexpr const char* kCodeDdl =
    "CREATE TABLE IF NOT EXISTS \"batuta$code\" (kind VARCHAR NOT NULL, name VARCHAR NOT NULL, tbl VARCHAR,"
    " events INTEGER NOT NULL, ns VARCHAR NOT NULL, source VARCHAR NOT NULL, doc VARCHAR, PRIMARY KEY (kind, name))";

// The definitions of the open store (`store`), in definition order.
struct Registry {
  const Store* store = nullptr;
  std::vector<std::unique_ptr<StoredCode>> items;
};
Registry g_registry;

const char* kind_of(bool is_trigger) { return is_trigger ? "trigger" : "proc"; }

std::string text_or_empty(const Value& v) { return is_string(v) ? std::string(string_view_of(v)) : std::string(); }

// Reads the catalog once per open store. A database that never stored
// code has no catalog table: nothing is created until something is stored.
Result<Registry*> registry(Store& s) {
  if (g_registry.store == &s) return &g_registry;
  g_registry.items.clear();
  QueryResult exists;
  auto q = s.query("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'batuta$code'", {}, exists);
  if (!q) return q.take_error();
  std::vector<Value> row;
  bool present = false;
  {
    RowReader rr(exists.r);
    present = rr.next(row) && row[0].is_fixnum() && row[0].as_fixnum() > 0;
  }
  if (present) {
    QueryResult r;
    auto all = s.query(std::string("SELECT kind, name, tbl, events, ns, source, doc FROM ") + kCodeTable +
                           " ORDER BY rowid",
                       {}, r);
    if (!all) return all.take_error();
    RowReader rr(r.r);
    while (rr.next(row)) {
      auto code = std::make_unique<StoredCode>();
      code->is_trigger = string_view_of(row[0]) == "trigger";
      code->name = text_or_empty(row[1]);
      code->table = text_or_empty(row[2]);
      code->events = row[3].is_fixnum() ? static_cast<uint8_t>(row[3].as_fixnum()) : 0;
      code->ns = text_or_empty(row[4]);
      code->source = text_or_empty(row[5]);
      code->doc = text_or_empty(row[6]);
      g_registry.items.push_back(std::move(code));
    }
  }
  g_registry.store = &s;
  return &g_registry;
}

auto find_item(Registry& r, bool is_trigger, std::string_view name) {
  return std::find_if(r.items.begin(), r.items.end(),
                      [&](const auto& c) { return c->is_trigger == is_trigger && c->name == name; });
}

std::vector<std::string> names_of(Registry& r, bool is_trigger) {
  std::vector<std::string> out;
  for (const auto& c : r.items) {
    if (c->is_trigger == is_trigger) out.push_back(c->name);
  }
  return out;
}

// Defining or dropping code inside a transaction could be rolled back
// under the registry, which does not roll back: refused.
Result<bool> outside_transaction(Store& s, std::string_view op) {
  if (!s.in_transaction()) return true;
  return op_error(op, "stored code can't be defined or dropped inside a transaction (transact! or call-proc)");
}

}  // namespace

Result<StoredCode*> find_proc(Store& s, std::string_view name) {
  auto r = registry(s);
  if (!r) return r.take_error();
  auto it = find_item(*r.value(), false, name);
  return it == r.value()->items.end() ? nullptr : it->get();
}

Result<std::vector<StoredCode*>> triggers_of(Store& s, std::string_view table) {
  auto r = registry(s);
  if (!r) return r.take_error();
  std::vector<StoredCode*> out;
  for (const auto& c : r.value()->items) {
    if (c->is_trigger && c->table == table) out.push_back(c.get());
  }
  return out;
}

Result<std::vector<StoredCode*>> all_stored_code(Store& s) {
  auto r = registry(s);
  if (!r) return r.take_error();
  std::vector<StoredCode*> out;
  for (const auto& c : r.value()->items) out.push_back(c.get());
  return out;
}

Result<bool> store_code(Store& s, StoredCode code) {
  std::lock_guard<std::recursive_mutex> guard(s.lock());
  auto r = registry(s);
  if (!r) return r.take_error();
  auto created = s.exec(kCodeDdl);
  if (!created) return created.take_error();
  auto saved = s.exec(std::string("INSERT OR REPLACE INTO ") + kCodeTable + " VALUES ($1, $2, $3, $4, $5, $6, $7)",
                      {make_string_from_utf8(kind_of(code.is_trigger)), make_string_from_utf8(code.name),
                       code.table.empty() ? Value() : make_string_from_utf8(code.table),
                       Value::fixnum(code.events), make_string_from_utf8(code.ns), make_string_from_utf8(code.source),
                       code.doc.empty() ? Value() : make_string_from_utf8(code.doc)});
  if (!saved) return saved.take_error();
  auto it = find_item(*r.value(), code.is_trigger, code.name);
  if (it != r.value()->items.end()) {
    **it = std::move(code);  // keeps its place (and so the order triggers run in)
  } else {
    r.value()->items.push_back(std::make_unique<StoredCode>(std::move(code)));
  }
  return true;
}

Result<Value> drop_code(std::string_view op, bool is_trigger, const Value& name_v) {
  auto name = name_arg(op, "name", name_v);
  if (!name) return name.take_error();
  auto store = Store::get();
  if (!store) return store.take_error();
  Store& s = *store.value();
  std::lock_guard<std::recursive_mutex> guard(s.lock());
  auto outside = outside_transaction(s, op);
  if (!outside) return outside.take_error();
  auto r = registry(s);
  if (!r) return r.take_error();
  auto it = find_item(*r.value(), is_trigger, name.value());
  if (it == r.value()->items.end()) return Value::boolean(false);
  auto deleted = s.exec(std::string("DELETE FROM ") + kCodeTable + " WHERE kind = $1 AND name = $2",
                        {make_string_from_utf8(kind_of(is_trigger)), make_string_from_utf8(name.value())});
  if (!deleted) return deleted.take_error();
  r.value()->items.erase(it);
  return Value::boolean(true);
}

Result<Value> compiled_fn(StoredCode& code, std::string_view op) {
  if (!code.fn.is_nil()) return code.fn;
  std::string what = std::string(kind_of(code.is_trigger)) + " :" + code.name;
  std::string file = "<" + what + ">";
  SourceMap map;
  ProgramReader reader(code.source, file, map, code.ns);
  Value form;
  auto read = reader.read(form);
  if (!read || !read.value()) {
    return op_error(op, what + ": its stored source can't be read" + (read ? std::string() : ": " + read.error().message));
  }
  Namespace* saved = current_namespace_of_thread();
  Namespace* ns = find_namespace(symbol(code.ns));
  if (ns == nullptr) ns = make_namespace(symbol(code.ns));
  EvalError error;
  auto fn = eval_form_in(ns, form, &map, file, reader.last_position(), &error);
  set_current_namespace(saved);
  if (!fn) return op_error(op, what + " does not compile from its stored source: " + error.report);
  if (!is_function(fn.value())) return op_error(op, what + ": its stored source is not a function");
  code.fn = fn.value();
  return code.fn;
}

void forget_stored_code() {
  g_registry.items.clear();
  g_registry.store = nullptr;
}

// --- natives ------------------------------------------------------------------------

// Shared by define-proc* and define-trigger*: fills in the namespace and
// stores the definition; returns its name as a keyword.
Result<Value> define_code(std::string_view op, StoredCode code) {
  auto store = Store::get();
  if (!store) return store.take_error();
  Store& s = *store.value();
  std::lock_guard<std::recursive_mutex> guard(s.lock());
  auto outside = outside_transaction(s, op);
  if (!outside) return outside.take_error();
  code.ns = std::string(name_text(current_namespace_of_thread()->name));
  std::string name = code.name;
  auto stored = store_code(s, std::move(code));
  if (!stored) return stored.take_error();
  return keyword(name);
}

// (define-proc* :name doc source fn)
Result<Value> n_define_proc(VmContext&, std::span<const Value> args) {
  auto name = name_arg("defproc", "name", args[0]);
  if (!name) return name.take_error();
  if (!is_string(args[2]) || !is_function(args[3])) return type_error("defproc", "a function and its source", args[3]);
  StoredCode code;
  code.name = name.value();
  code.doc = text_or_empty(args[1]);
  code.source = std::string(string_view_of(args[2]));
  code.fn = args[3];
  return define_code("defproc", std::move(code));
}

Result<Value> n_call_proc(VmContext& ctx, std::span<const Value> args) {
  auto name = name_arg("call-proc", "procedure name", args[0]);
  if (!name) return name.take_error();
  auto store = Store::get();
  if (!store) return store.take_error();
  Store& s = *store.value();
  std::lock_guard<std::recursive_mutex> guard(s.lock());
  auto proc = find_proc(s, name.value());
  if (!proc) return proc.take_error();
  if (proc.value() == nullptr) {
    return op_error("call-proc", "no stored procedure :" + name.value() +
                                     did_you_mean(name.value(), names_of(g_registry, false), true));
  }
  auto fn = compiled_fn(*proc.value(), "call-proc");
  if (!fn) return fn;
  return call_in_transaction(ctx, fn.value(), args.subspan(1));
}

Result<Value> n_drop_proc(VmContext&, std::span<const Value> args) { return drop_code("drop-proc!", false, args[0]); }

Result<Value> n_procs(VmContext&, std::span<const Value>) {
  auto store = Store::get();
  if (!store) return store.take_error();
  std::lock_guard<std::recursive_mutex> guard(store.value()->lock());
  auto r = registry(*store.value());
  if (!r) return r.take_error();
  std::vector<std::string> names = names_of(*r.value(), false);
  std::sort(names.begin(), names.end());
  std::vector<Value> out;
  for (const std::string& n : names) out.push_back(keyword(n));
  return vector_from(out);
}

}  // namespace batuta::query
