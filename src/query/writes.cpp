// writes.cpp: create-table!, insert!, update!, upsert!, delete!, append!
// and transact! (the temporal model is described in store.h).
//
// Every write runs in one DuckDB transaction (joining an enclosing
// transact!) and rolls back on any failure, including a bad cell found
// while its rows are appended, so a write is stored whole or not at all.
// Rows go through DuckDB's appender a column chunk at a time
// (writes_append.h), never through SQL text; match maps and changes are
// bound parameters.
#include "query/query_natives.h"

#include <algorithm>

#include "core/instant.h"
#include "core/map.h"
#include "core/name.h"
#include "core/number.h"
#include "core/printer.h"
#include "core/string.h"
#include "core/vector.h"
#include "query/args.h"
#include "query/store.h"
#include "query/triggers.h"
#include "query/write_scope.h"
#include "query/writes_append.h"

namespace batuta::query {

namespace {

using Row = std::vector<std::pair<std::string, Value>>;

// Two column types that meet in one inferred column.
ColType unify(ColType a, ColType b) {
  if (a == ColType::Unknown) return b;
  if (b == ColType::Unknown || a == b) return a;
  if ((a == ColType::Int && b == ColType::BigInt) || (a == ColType::BigInt && b == ColType::Int)) return ColType::BigInt;
  if ((a == ColType::Int && b == ColType::Float) || (a == ColType::Float && b == ColType::Int)) return ColType::Float;
  return ColType::Unknown;  // a conflict: reported by the fit check
}

// The rows of a write: one map, or a collection of maps.
Result<RowMaps> row_maps_arg(VmContext& ctx, std::string_view op, const Value& v) {
  RowMaps out;
  if (is_map(v)) {
    out.rows.push_back(&v);
  } else if (is_vector(v)) {
    out.rows.reserve(vector_count(v));
    for (size_t i = 0; i < vector_count(v); ++i) out.rows.push_back(&vector_at(v, i));
  } else {
    auto e = seq_elements(ctx, v, op);
    if (!e) return e.take_error();
    out.owned = std::move(e.value());
    for (const Value& row : out.owned) out.rows.push_back(&row);
  }
  for (size_t i = 0; i < out.size(); ++i) {
    if (!is_map(out[i])) return op_error(op, "row " + std::to_string(i + 1) + " is not a map: " + describe_value(out[i]));
  }
  return out;
}

// Adds to the table the columns the rows name that it lacks (types
// inferred from the rows); creates the table when it does not exist.
// Keys are compared by identity (keywords are interned): a known column's
// key is checked once, not once per row.
Result<const TableInfo*> ensure_columns(Store& s, std::string_view op, const std::string& table,
                                        const RowMaps& rows, bool as_log) {
  const TableInfo* info = s.find_table(table);
  if (info != nullptr && info->is_log != as_log) {
    return op_error(op, table + (info->is_log ? " is a log: add rows with append!" : " is a table: add rows with insert!"));
  }
  // Every key seen so far: the table's columns, then the columns added
  // (seen[known + i] is added[i]).
  std::vector<Value> seen;
  if (info != nullptr) {
    for (const ColumnInfo& c : info->columns) seen.push_back(keyword(c.name));
  }
  const size_t known = seen.size();
  std::vector<ColumnInfo> added;
  for (size_t r = 0; r < rows.size(); ++r) {
    MapCursor entries(rows[r]);
    const Value *key, *val;
    while (entries.next(key, val)) {
      size_t i = 0;
      while (i < seen.size() && !seen[i].identical(*key)) ++i;
      if (i < known) continue;
      ColType t;
      bool storable = col_type_of_value(*val, t);
      if (i < seen.size() && storable) {
        ColumnInfo& c = added[i - known];
        ColType u = unify(c.type, t);
        if (u != ColType::Unknown) c.type = u;  // a conflict is reported by the fit check
        continue;
      }
      if (!key->is_keyword()) {
        return op_error(op, "row keys must be keywords (column names), got " + pr_str_abbreviated(*key));
      }
      std::string col(name_text(*key));
      if (col.find('$') != std::string::npos) {
        return op_error(op, "column names can't contain $ (the store's own columns use it): " + pr_str(*key));
      }
      if (!storable) {
        return op_error(op, "table " + table + ": column :" + col + " can't hold " + describe_value(*val) +
                                " (the store holds nil, booleans, integers, floats, strings, keywords and instants)");
      }
      added.push_back(ColumnInfo{col, t});
      seen.push_back(*key);
    }
  }
  for (ColumnInfo& c : added) {
    if (c.type == ColType::Unknown) c.type = ColType::String;  // only nils seen so far
  }
  if (as_log) {
    for (const char* reserved : {"offset", "timestamp"}) {
      for (const ColumnInfo& c : added) {
        if (c.name == reserved) return op_error(op, "log " + table + ": :" + c.name + " is set by the log itself");
      }
    }
  }
  if (info == nullptr) {
    if (added.empty() && !as_log) return op_error(op, "no columns to create table " + table + " from");
    TableInfo t;
    t.name = table;
    t.is_log = as_log;
    t.columns = added;
    if (as_log) {
      t.columns.insert(t.columns.begin(), ColumnInfo{"timestamp", ColType::Instant});
      t.columns.insert(t.columns.begin(), ColumnInfo{"offset", ColType::Int});
    }
    auto r = s.create_table(t);
    if (!r) return r.take_error();
  } else if (!added.empty()) {
    auto r = s.add_columns(table, added);
    if (!r) return r.take_error();
  }
  return s.find_table(table);
}

// Runs the table's insert triggers (triggers.h) on rows just written.
Result<bool> after_insert(VmContext& ctx, Store& s, const std::string& table, const RowMaps& rows) {
  auto watched = has_triggers(s, table, TriggerEvent::Insert);
  if (!watched || !watched.value() || rows.size() == 0) return watched;
  std::vector<Value> maps(rows.rows.size());
  for (size_t i = 0; i < rows.size(); ++i) maps[i] = rows[i];
  return fire_triggers(ctx, s, table, TriggerEvent::Insert, vector_from(maps), Value());
}

Result<Value> insert_rows(VmContext& ctx, std::string_view op, const Value& table_v, const Value& rows_v, bool as_log) {
  auto table = name_arg(op, "table", table_v);
  if (!table) return table.take_error();
  auto rows = row_maps_arg(ctx, op, rows_v);
  if (!rows) return rows.take_error();
  auto store = Store::get();
  if (!store) return store.take_error();
  Store& s = *store.value();
  WriteScope scope(s);
  auto b = scope.begin();
  if (!b) return b.take_error();
  auto info = ensure_columns(s, op, table.value(), rows.value(), as_log);
  if (!info) return info.take_error();
  int64_t first_offset = 0;
  if (as_log) {
    QueryResult r;
    auto q = s.query("SELECT COALESCE(MAX(\"offset\") + 1, 0) FROM " + quote_ident(table.value()), {}, r);
    if (!q) return q.take_error();
    RowReader rr(r.r);
    std::vector<Value> row;
    if (rr.next(row) && row[0].is_fixnum()) first_offset = row[0].as_fixnum();
  }
  int64_t t = s.transaction_time();
  auto appended = append_row_maps(s, op, *info.value(), rows.value(), t, first_offset);
  if (!appended) return appended.take_error();
  auto fired = after_insert(ctx, s, table.value(), rows.value());
  if (!fired) return fired.take_error();
  auto c = scope.commit();
  if (!c) return c.take_error();
  return make_integer(static_cast<int64_t>(rows.value().size()));
}

// `"a" = $1 AND "b" IS NULL` for a match map (every column must exist);
// TRUE for an empty map.
Result<std::string> match_clause(std::string_view op, const TableInfo& info, const Row& match, std::vector<Value>& params) {
  std::string out;
  for (const auto& [col, val] : match) {
    if (info.column(col) == nullptr) {
      std::vector<std::string> names;
      for (const ColumnInfo& c : info.columns) names.push_back(c.name);
      return op_error(op, "table " + info.name + " has no column :" + col + did_you_mean(col, names, true));
    }
    if (!out.empty()) out += " AND ";
    if (val.is_nil()) {
      out += quote_ident(col) + " IS NULL";
    } else {
      params.push_back(val);
      out += quote_ident(col) + " = $" + std::to_string(params.size());
    }
  }
  return out.empty() ? std::string("TRUE") : out;
}

Result<const TableInfo*> existing_table(Store& s, std::string_view op, const std::string& table) {
  const TableInfo* info = s.find_table(table);
  if (info == nullptr) return op_error(op, "no table " + table + did_you_mean(table, s.table_names(), true));
  if (info->is_log) return op_error(op, table + " is a log: its rows are never changed (append! adds rows)");
  return info;
}

// Closes the current versions of the rows `where` matches at t: copies
// them to the history table with valid-to t. A version written by this same
// transaction (valid-from t) was never visible to another one and leaves no
// history.
Result<uint64_t> close_versions(Store& s, const TableInfo& info, const std::string& where, std::vector<Value> params,
                                int64_t t) {
  s.note_replace(info.name);
  params.push_back(make_instant(t));
  std::string at = "$" + std::to_string(params.size());
  std::string cols;
  for (const ColumnInfo& c : info.columns) cols += quote_ident(c.name) + ", ";
  cols += quote_ident(kValidFrom);
  return s.exec("INSERT INTO " + quote_ident(history_table(info.name)) + " (" + cols + ", " + quote_ident(kValidTo) +
                    ") SELECT " + cols + ", " + at + " FROM " + quote_ident(info.name) + " WHERE " +
                    quote_ident(kValidFrom) + " < " + at + " AND (" + where + ")",
                params);
}

// Updates the rows `where` matches: their current versions move to the
// history, the rows take the changes and valid-from t. Returns how many.
Result<uint64_t> update_where(Store& s, std::string_view op, const TableInfo& info, const Row& match, const Row& changes) {
  for (const auto& [col, val] : changes) {
    const ColumnInfo* c = info.column(col);
    if (c == nullptr) {
      std::vector<std::string> names;
      for (const ColumnInfo& k : info.columns) names.push_back(k.name);
      return op_error(op, "table " + info.name + " has no column :" + col + did_you_mean(col, names, true));
    }
    if (!value_fits(c->type, val)) return misfit(op, info.name, 0, col, c->type, val);
  }
  std::vector<Value> params;
  auto where = match_clause(op, info, match, params);
  if (!where) return where.take_error();
  int64_t t = s.transaction_time();
  auto closed = close_versions(s, info, where.value(), params, t);
  if (!closed) return closed.take_error();
  std::string set;
  for (const auto& [col, val] : changes) {
    params.push_back(val);
    set += quote_ident(col) + " = $" + std::to_string(params.size()) + ", ";
  }
  params.push_back(make_instant(t));
  set += quote_ident(kValidFrom) + " = $" + std::to_string(params.size());
  return s.exec("UPDATE " + quote_ident(info.name) + " SET " + set + " WHERE " + where.value(), params);
}

// The rows `match` selects, as maps (what triggers see of the rows a
// write changes).
Result<Value> rows_matching(Store& s, std::string_view op, const TableInfo& info, const Row& match) {
  std::vector<Value> params;
  auto where = match_clause(op, info, match, params);
  if (!where) return where.take_error();
  return rows_where(s, info, where.value(), params);
}

Result<uint64_t> delete_where(Store& s, std::string_view op, const TableInfo& info, const Row& match) {
  std::vector<Value> params;
  auto where = match_clause(op, info, match, params);
  if (!where) return where.take_error();
  auto closed = close_versions(s, info, where.value(), params, s.transaction_time());
  if (!closed) return closed.take_error();
  return s.exec("DELETE FROM " + quote_ident(info.name) + " WHERE " + where.value(), params);
}

// update! (with `changes`) and delete! (without): the table and match
// arguments (args[0], args[1]), the store, held with a transaction until
// the write commits, the change itself and the table's triggers for
// `event`, which see the rows as they were before it (triggers.h).
Result<Value> change_rows(VmContext& ctx, std::string_view op, TriggerEvent event, std::span<const Value> args,
                          const Row* changes) {
  auto table = name_arg(op, "table", args[0]);
  if (!table) return table.take_error();
  auto match = keyword_map_entries(op, "the match", args[1]);
  if (!match) return match.take_error();
  auto store = Store::get();
  if (!store) return store.take_error();
  Store& s = *store.value();
  WriteScope scope(s);
  auto info = existing_table(s, op, table.value());
  if (!info) return info.take_error();
  auto b = scope.begin();
  if (!b) return b.take_error();
  auto watched = has_triggers(s, table.value(), event);
  if (!watched) return watched.take_error();
  Value before;
  if (watched.value()) {
    auto rows = rows_matching(s, op, *info.value(), match.value());
    if (!rows) return rows.take_error();
    before = std::move(rows.value());
  }
  auto n = changes != nullptr ? update_where(s, op, *info.value(), match.value(), *changes)
                              : delete_where(s, op, *info.value(), match.value());
  if (!n) return n.take_error();
  if (watched.value()) {
    Value rows = changes != nullptr ? with_changes(before, args[2]) : before;
    auto fired = fire_triggers(ctx, s, table.value(), event, rows, changes != nullptr ? before : Value());
    if (!fired) return fired.take_error();
  }
  auto c = scope.commit();
  if (!c) return c.take_error();
  return make_integer(static_cast<int64_t>(n.value()));
}

}  // namespace

Result<Value> n_create_table(VmContext& ctx, std::span<const Value> args) {
  (void)ctx;
  const char* op = "create-table!";
  auto table = name_arg(op, "table", args[0]);
  if (!table) return table.take_error();
  auto entries = keyword_map_entries(op, "the schema", args[1]);
  if (!entries) return entries.take_error();
  TableInfo info;
  info.name = table.value();
  for (auto& [col, type_v] : entries.value()) {
    ColType t;
    if (!(type_v.is_symbol() || type_v.is_keyword() || is_string(type_v)) ||
        !col_type_from_name(type_v.is_symbol() || type_v.is_keyword() ? name_text(type_v) : string_view_of(type_v), t)) {
      return op_error(op, "column :" + col + ": unknown type " + pr_str_abbreviated(type_v) +
                              " (use Int, BigInt, Float, String, Keyword, Bool or Instant)");
    }
    info.columns.push_back(ColumnInfo{col, t});
  }
  if (info.columns.empty()) return op_error(op, "table " + info.name + " needs at least one column");
  if (args.size() % 2 != 0) return op_error(op, "options come in pairs (:key :id)");
  for (size_t i = 2; i < args.size(); i += 2) {
    if (!args[i].is_keyword() || name_text(args[i]) != "key") {
      return op_error(op, "unknown option " + pr_str_abbreviated(args[i]) + " (the option is :key)");
    }
    auto key = name_arg(op, "column", args[i + 1]);
    if (!key) return key.take_error();
    if (info.column(key.value()) == nullptr) {
      return op_error(op, "the key :" + key.value() + " is not a column of " + info.name);
    }
    info.key = key.value();
  }
  auto store = Store::get();
  if (!store) return store.take_error();
  Store& s = *store.value();
  WriteScope scope(s);
  if (const TableInfo* existing = s.find_table(info.name)) {
    bool same = existing->key == info.key && existing->columns.size() == info.columns.size() && !existing->is_log;
    for (size_t i = 0; same && i < info.columns.size(); ++i) {
      same = existing->columns[i].name == info.columns[i].name && existing->columns[i].type == info.columns[i].type;
    }
    if (same) return keyword(info.name);  // the same definition again: nothing to do
    return op_error(op, "table " + info.name + " already exists with other columns");
  }
  auto b = scope.begin();
  if (!b) return b.take_error();
  auto r = s.create_table(info);
  if (!r) return r.take_error();
  auto c = scope.commit();
  if (!c) return c.take_error();
  return keyword(info.name);
}

Result<Value> n_insert(VmContext& ctx, std::span<const Value> args) {
  return insert_rows(ctx, "insert!", args[0], args[1], false);
}

Result<Value> n_append(VmContext& ctx, std::span<const Value> args) {
  return insert_rows(ctx, "append!", args[0], args[1], true);
}

Result<Value> n_update(VmContext& ctx, std::span<const Value> args) {
  auto changes = keyword_map_entries("update!", "the changes", args[2]);
  if (!changes) return changes.take_error();
  return change_rows(ctx, "update!", TriggerEvent::Update, args, &changes.value());
}

Result<Value> n_delete(VmContext& ctx, std::span<const Value> args) {
  return change_rows(ctx, "delete!", TriggerEvent::Delete, args, nullptr);
}

Result<Value> n_upsert(VmContext& ctx, std::span<const Value> args) {
  const char* op = "upsert!";
  auto table = name_arg(op, "table", args[0]);
  if (!table) return table.take_error();
  auto rows = row_maps_arg(ctx, op, args[1]);
  if (!rows) return rows.take_error();
  auto store = Store::get();
  if (!store) return store.take_error();
  Store& s = *store.value();
  WriteScope scope(s);
  auto b = scope.begin();
  if (!b) return b.take_error();
  if (const TableInfo* t = s.find_table(table.value()); t == nullptr || t->key.empty()) {
    return op_error(op, "table " + table.value() + (t == nullptr ? " does not exist" : " has no key") +
                            "; create it with (create-table! " + pr_str(keyword(table.value())) + " {...} :key :id)");
  }
  auto info = ensure_columns(s, op, table.value(), rows.value(), false);
  if (!info) return info.take_error();
  const TableInfo& ti = *info.value();
  auto watch_updates = has_triggers(s, ti.name, TriggerEvent::Update);
  if (!watch_updates) return watch_updates.take_error();
  RowMaps fresh;
  std::vector<Value> old_versions, new_versions;  // of the updated rows, for update triggers
  for (size_t i = 0; i < rows.value().size(); ++i) {
    auto row = keyword_map_entries(op, "row", rows.value()[i]);
    if (!row) return row.take_error();
    auto key_it = std::find_if(row.value().begin(), row.value().end(), [&](auto& e) { return e.first == ti.key; });
    if (key_it == row.value().end() || key_it->second.is_nil()) return missing_key(op, ti, i);
    for (const auto& [col, val] : row.value()) {
      const ColumnInfo* c = ti.column(col);
      if (!value_fits(c->type, val)) return misfit(op, ti.name, i, col, c->type, val);
    }
    Row match{*key_it};
    Row changes;
    for (const auto& e : row.value()) {
      if (e.first != ti.key) changes.push_back(e);
    }
    Value before;
    if (watch_updates.value()) {
      auto found = rows_matching(s, op, ti, match);
      if (!found) return found.take_error();
      before = std::move(found.value());
    }
    auto n = update_where(s, op, ti, match, changes);
    if (!n) return n.take_error();
    if (n.value() == 0) {
      fresh.rows.push_back(&rows.value()[i]);
    } else if (watch_updates.value()) {
      Value after = with_changes(before, rows.value()[i]);
      for (size_t k = 0; k < vector_count(before); ++k) {
        old_versions.push_back(vector_at(before, k));
        new_versions.push_back(vector_at(after, k));
      }
    }
  }
  if (fresh.size() > 0) {
    auto a = append_row_maps(s, op, ti, fresh, s.transaction_time(), 0);
    if (!a) return a.take_error();
    auto fired = after_insert(ctx, s, ti.name, fresh);
    if (!fired) return fired.take_error();
  }
  if (!new_versions.empty()) {
    auto fired = fire_triggers(ctx, s, ti.name, TriggerEvent::Update, vector_from(new_versions), vector_from(old_versions));
    if (!fired) return fired.take_error();
  }
  auto c = scope.commit();
  if (!c) return c.take_error();
  return make_integer(static_cast<int64_t>(rows.value().size()));
}

Result<Value> n_transact(VmContext& ctx, std::span<const Value> args) {
  return call_in_transaction(ctx, args[0], {});
}

}  // namespace batuta::query
