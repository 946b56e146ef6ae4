// triggers.cpp: see triggers.h; also the natives define-trigger* (what
// deftrigger expands to), drop-trigger! and triggers.
#include "query/triggers.h"

#include <algorithm>

#include "core/map.h"
#include "core/name.h"
#include "core/printer.h"
#include "core/string.h"
#include "core/vector.h"
#include "query/args.h"
#include "query/query_natives.h"
#include "query/store.h"
#include "vm/function.h"

namespace batuta::query {

namespace {

struct EventName {
  TriggerEvent event;
  const char* name;
};
constexpr EventName kEvents[] = {
    {TriggerEvent::Insert, "insert"}, {TriggerEvent::Update, "update"}, {TriggerEvent::Delete, "delete"}};

const char* event_name(TriggerEvent e) {
  for (const EventName& n : kEvents) {
    if (n.event == e) return n.name;
  }
  return "?";
}

// A trigger whose writes fire triggers (its own, on its own table) would
// recurse without end: the nesting is bounded.
constexpr int kMaxTriggerDepth = 16;
thread_local int t_trigger_depth = 0;

struct DepthGuard {
  DepthGuard() { ++t_trigger_depth; }
  ~DepthGuard() { --t_trigger_depth; }
};

// :insert or [:insert :update ...] as TriggerEvent bits.
Result<uint8_t> events_arg(const Value& v) {
  std::vector<Value> items;
  if (is_vector(v)) {
    for (size_t i = 0; i < vector_count(v); ++i) items.push_back(vector_at(v, i));
  } else {
    items.push_back(v);
  }
  uint8_t bits = 0;
  for (const Value& item : items) {
    auto it = std::find_if(std::begin(kEvents), std::end(kEvents),
                           [&](const EventName& n) { return item.is_keyword() && name_text(item) == n.name; });
    if (it == std::end(kEvents)) {
      return op_error("deftrigger", "the events are :insert, :update and :delete (a keyword or a vector of them), got " +
                                        pr_str_abbreviated(item));
    }
    bits |= static_cast<uint8_t>(it->event);
  }
  if (bits == 0) return op_error("deftrigger", "name at least one event: :insert, :update or :delete");
  return bits;
}

}  // namespace

Result<bool> has_triggers(Store& s, std::string_view table, TriggerEvent event) {
  auto triggers = triggers_of(s, table);
  if (!triggers) return triggers.take_error();
  for (const StoredCode* t : triggers.value()) {
    if ((t->events & static_cast<uint8_t>(event)) != 0) return true;
  }
  return false;
}

Result<bool> fire_triggers(VmContext& ctx, Store& s, std::string_view table, TriggerEvent event, const Value& rows,
                           const Value& old) {
  auto triggers = triggers_of(s, table);
  if (!triggers) return triggers.take_error();
  std::vector<Value> kv = {keyword("table"), keyword(table), keyword("event"), keyword(event_name(event)),
                           keyword("rows"), rows};
  if (event == TriggerEvent::Update) {
    kv.push_back(keyword("old"));
    kv.push_back(old);
  }
  Value change = map_from(kv);
  for (StoredCode* t : triggers.value()) {
    if ((t->events & static_cast<uint8_t>(event)) == 0) continue;
    std::string what = "trigger :" + t->name + " (after " + event_name(event) + " on " + std::string(table) + ")";
    if (t_trigger_depth >= kMaxTriggerDepth) {
      return op_error(what, "triggers nested more than " + std::to_string(kMaxTriggerDepth) +
                                " deep (does a trigger write to the table it watches?); nothing was written");
    }
    auto fn = compiled_fn(*t, what);
    if (!fn) return fn.take_error();
    DepthGuard depth;
    auto r = ctx.call(fn.value(), std::span<const Value>(&change, 1));
    if (!r) {
      return make_error(r.error().kind, what + ": " + r.error().message + "; nothing of the write was stored");
    }
  }
  return true;
}

Result<Value> rows_where(Store& s, const TableInfo& info, const std::string& where, const std::vector<Value>& params) {
  QueryResult r;
  // The user's columns only: not the store's own (valid-from, store.h).
  std::string columns;
  for (const ColumnInfo& c : info.columns) columns += (columns.empty() ? "" : ", ") + quote_ident(c.name);
  auto q = s.query("SELECT " + columns + " FROM " + quote_ident(info.name) + " WHERE " + where, params, r);
  if (!q) return q.take_error();
  RowReader reader(r.r);
  std::vector<Value> keys;
  for (size_t i = 0; i < reader.column_count(); ++i) {
    keys.push_back(keyword(reader.column_name(i)));
    const ColumnInfo* c = info.column(reader.column_name(i));
    if (c != nullptr && c->type == ColType::Keyword) reader.set_keyword_column(i);
  }
  std::vector<Value> rows, cells, kv;
  while (reader.next(cells)) {
    kv.clear();
    for (size_t i = 0; i < cells.size(); ++i) {
      kv.push_back(keys[i]);
      kv.push_back(std::move(cells[i]));
    }
    rows.push_back(map_from(kv));
  }
  return vector_from(rows);
}

Value with_changes(const Value& rows, const Value& changes) {
  std::vector<Value> out;
  for (size_t i = 0; i < vector_count(rows); ++i) {
    Value row = vector_at(rows, i);
    MapCursor c(changes);
    const Value *k, *v;
    while (c.next(k, v)) row = map_assoc(std::move(row), *k, *v);
    out.push_back(std::move(row));
  }
  return vector_from(out);
}

// --- natives ------------------------------------------------------------------------

// (define-trigger* :name table events source fn)
Result<Value> n_define_trigger(VmContext&, std::span<const Value> args) {
  auto name = name_arg("deftrigger", "name", args[0]);
  if (!name) return name.take_error();
  auto table = name_arg("deftrigger", "table", args[1]);
  if (!table) return table.take_error();
  auto events = events_arg(args[2]);
  if (!events) return events.take_error();
  if (!is_string(args[3]) || !is_function(args[4])) return type_error("deftrigger", "a function and its source", args[4]);
  StoredCode code;
  code.is_trigger = true;
  code.name = name.value();
  code.table = table.value();
  code.events = events.value();
  code.source = std::string(string_view_of(args[3]));
  code.fn = args[4];
  return define_code("deftrigger", std::move(code));
}

Result<Value> n_drop_trigger(VmContext&, std::span<const Value> args) {
  return drop_code("drop-trigger!", true, args[0]);
}

Result<Value> n_triggers(VmContext&, std::span<const Value>) {
  auto store = Store::get();
  if (!store) return store.take_error();
  std::lock_guard<std::recursive_mutex> guard(store.value()->lock());
  auto all = all_stored_code(*store.value());
  if (!all) return all.take_error();
  std::vector<Value> out;
  for (const StoredCode* c : all.value()) {
    if (!c->is_trigger) continue;
    std::vector<Value> events;
    for (const EventName& n : kEvents) {
      if ((c->events & static_cast<uint8_t>(n.event)) != 0) events.push_back(keyword(n.name));
    }
    Value kv[] = {keyword("name"), keyword(c->name), keyword("table"), keyword(c->table), keyword("events"),
                  vector_from(events)};
    out.push_back(map_from(kv));
  }
  return vector_from(out);
}

}  // namespace batuta::query
