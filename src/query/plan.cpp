// plan.cpp: see plan.h.
#include "query/plan.h"

#include "core/instant.h"
#include "core/map.h"
#include "core/name.h"
#include "core/number.h"
#include "core/printer.h"
#include "core/string.h"
#include "core/vector.h"
#include "query/expr.h"
#include "query/store.h"
#include "query/udf.h"
#include "vm/function.h"
#include "vm/var.h"

namespace batuta::query {

namespace {

// Where a step may go in a SELECT block; a step whose stage is below the
// block's wraps the block as a subquery first.
enum Stage { kFrom = 0, kWhere = 1, kGroup = 2, kSelect = 4, kDistinct = 5, kOrder = 6, kLimit = 7 };

struct Block {
  std::string from;
  std::vector<Col> cols;  // what expressions of this block may name
  std::vector<std::string> where;
  std::vector<std::string> group;
  bool has_select = false;  // select, group-by or aggregate chose the output
  bool aggregated = false;
  std::vector<std::pair<std::string, Col>> select;  // SQL expression, output column
  bool distinct = false;
  std::vector<std::string> order;
  std::string limit, offset;
  int stage = kFrom;
  bool bare = false;  // rows are values (the one column "value"), after map/flat-map
  std::string hint;  // the table named in errors ("in users")
};

Value field(const Value& step, const char* name) { return map_get(step, keyword(name)); }
std::string text_field(const Value& step, const char* name) {
  Value v = field(step, name);
  if (is_string(v)) return std::string(string_view_of(v));
  if (v.is_keyword()) return std::string(name_text(v));
  return "";
}

std::vector<Col> output_of(const Block& b) {
  if (!b.has_select) return b.cols;
  std::vector<Col> out;
  for (const auto& [expr, col] : b.select) out.push_back(col);
  return out;
}

std::string render(const Block& b) {
  std::string sql = b.distinct ? "SELECT DISTINCT " : "SELECT ";
  bool first = true;
  auto item = [&](const std::string& expr, const Col& c) {
    sql += (first ? "" : ", ") + expr + " AS " + quote_ident(c.key);
    first = false;
  };
  if (b.has_select) {
    for (const auto& [expr, col] : b.select) item(expr, col);
  } else {
    for (const Col& c : b.cols) item(c.sql, c);
  }
  if (first) sql += "NULL AS \"nothing\"";
  sql += " FROM " + b.from;
  for (size_t i = 0; i < b.where.size(); ++i) sql += (i ? " AND " : " WHERE ") + b.where[i];
  for (size_t i = 0; i < b.group.size(); ++i) sql += (i ? ", " : " GROUP BY ") + b.group[i];
  for (size_t i = 0; i < b.order.size(); ++i) sql += (i ? ", " : " ORDER BY ") + b.order[i];
  if (!b.limit.empty()) sql += " LIMIT " + b.limit;
  if (!b.offset.empty()) sql += " OFFSET " + b.offset;
  return sql;
}

class Planner {
 public:
  Planner(Store& store, Plan& plan) : store_(store), plan_(plan) {}

  Result<bool> run(const Value& steps) {
    if (!is_vector(steps) || vector_count(steps) == 0) return store_error("query: not a query");
    for (size_t i = 0; i < vector_count(steps); ++i) {
      const Value& s = vector_at(steps, i);
      std::string op = text_field(s, "op");
      if (op == "as-of") {
        as_of_ = field(s, "time");
        temporal_pos_ = text_field(s, "pos");
      } else if (op == "history") {
        history_ = true;
        hist_start_ = field(s, "start");
        hist_end_ = field(s, "end");
        temporal_pos_ = text_field(s, "pos");
      } else if (op == "parallel") {
        plan_.threads = static_cast<int>(field(s, "n").as_fixnum());
      }
    }
    if (!as_of_.is_nil() && history_) return make_error(ErrorKind::InvalidArgument, error_prefix(temporal_pos_, "as-of") + "a query takes as-of or history, not both");
    for (size_t i = 0; i < vector_count(steps); ++i) {
      auto r = step(vector_at(steps, i));
      if (!r) return r;
    }
    plan_.sql = render(b_);
    plan_.bare_rows = b_.bare;
    for (const Col& c : output_of(b_)) plan_.columns.push_back(OutputColumn{c.key, c.type, c.printed});
    return true;
  }

 private:
  Error err(const Value& s, const std::string& op, const std::string& message) {
    return make_error(ErrorKind::InvalidArgument, error_prefix(text_field(s, "pos"), op) + message);
  }

  void wrap() {
    std::string alias = "q" + std::to_string(++subqueries_);
    std::vector<Col> cols = output_of(b_);
    std::string from = "(" + render(b_) + ") AS " + quote_ident(alias);
    std::string hint = b_.hint;
    bool bare = b_.bare;
    b_ = Block{};
    b_.from = from;
    b_.hint = hint;
    b_.bare = bare;
    for (Col& c : cols) c.sql = quote_ident(alias) + "." + quote_ident(c.key);
    b_.cols = cols;
  }

  void at_stage(int stage) {
    if (b_.stage > stage || (stage == kFrom && !b_.where.empty())) wrap();
    b_.stage = stage;
  }

  // The SQL source of a table: the current state, or its history as of a
  // time or over an interval; and its columns.
  Result<std::string> source(const Value& s, const std::string& op, const std::string& table, std::vector<Col>& cols) {
    const TableInfo* info = store_.find_table(table);
    if (info == nullptr) {
      return err(s, op, "no table " + table + did_you_mean(table, store_.table_names(), true));
    }
    plan_.tables.push_back(table);
    std::string alias = quote_ident(table);
    std::string list;
    for (const ColumnInfo& c : info->columns) {
      cols.push_back(Col{table, c.name, c.name, alias + "." + quote_ident(c.name), c.type});
      list += (list.empty() ? "" : ", ") + quote_ident(c.name);
    }
    if (as_of_.is_nil() && !history_) return alias;
    // The versions live in two tables (store.h): the current ones in the
    // table, with their valid-from, and the replaced ones in its history.
    // Each side is one filtered scan whose conditions are plain
    // comparisons of a column with a parameter, which DuckDB checks
    // against each row group's min/max before reading it.
    std::string from = quote_ident(kValidFrom), to = quote_ident(kValidTo);
    std::string current = "SELECT " + list, past = "SELECT " + list;
    std::string current_where, past_where;
    if (history_) {
      for (const char* extra : {"valid-from", "valid-to"}) {
        cols.push_back(Col{table, extra, extra, alias + "." + quote_ident(extra), ColType::Instant});
      }
      current += ", " + from + " AS \"valid-from\", CAST(NULL AS TIMESTAMP) AS \"valid-to\"";
      past += ", " + from + " AS \"valid-from\", " + to + " AS \"valid-to\"";
      if (!hist_end_.is_nil()) {
        std::string end = bind(hist_end_);
        current_where = from + " <= " + end;
        past_where = from + " <= " + end;
      }
      if (!hist_start_.is_nil()) past_where += (past_where.empty() ? "" : " AND ") + to + " > " + bind(hist_start_);
    } else {
      // After updates DuckDB's min/max of the current table's valid-from
      // span every version it held, so its scan can't be pruned: the store
      // knows when no current row is old enough and the scan is left out.
      auto none_current = store_.no_current_rows_by(table, instant_micros(as_of_));
      if (!none_current) return none_current.take_error();
      std::string t = bind(as_of_);
      past_where = from + " <= " + t + " AND " + to + " > " + t;
      if (none_current.value()) {
        return "(" + past + " FROM " + quote_ident(history_table(table)) + " WHERE " + past_where + ") AS " + alias;
      }
      current_where = from + " <= " + t;
    }
    current += " FROM " + alias + (current_where.empty() ? "" : " WHERE " + current_where);
    past += " FROM " + quote_ident(history_table(table)) + (past_where.empty() ? "" : " WHERE " + past_where);
    return "(" + current + " UNION ALL " + past + ") AS " + alias;
  }

  std::string bind(const Value& v) {
    plan_.params.push_back(v);
    return "$" + std::to_string(plan_.params.size());
  }

  Result<bool> step(const Value& s) {
    std::string op = text_field(s, "op");
    std::string pos = text_field(s, "pos");
    Value params = field(s, "params");
    if (op == "scan") {
      std::string table = text_field(s, "table");
      std::vector<Col> cols;
      auto src = source(s, "from", table, cols);
      if (!src) return src.take_error();
      b_.from = src.value();
      b_.cols = cols;
      b_.hint = table;
      return true;
    }
    if (op == "as-of" || op == "history" || op == "parallel") return true;  // handled up front
    if (op == "where" || op == "having") {
      if (op == "having" && !b_.aggregated) return err(s, op, "having filters groups: use it after aggregate (or use where)");
      at_stage(kWhere);
      Value fn;
      std::vector<Value> reads;
      if (function_param(field(s, "expr"), params, fn, &reads)) {
        auto call = udf_call(fn, UdfKind::Predicate, op, pos, reads);
        if (!call) return call.take_error();
        b_.where.push_back(call.value());
        return true;
      }
      ExprCompiler ec(op, pos, b_.cols, params, plan_.params, b_.hint);
      auto sql = ec.compile(field(s, "expr"));
      if (!sql) return sql.take_error();
      b_.where.push_back(sql.value());
      return true;
    }
    if (op == "join") return join(s, op, pos, params);
    if (op == "map" || op == "flat-map" || op == "filter") return seq_step(s, op, pos);
    if (op == "group-by") {
      at_stage(kGroup);
      if (b_.has_select) wrap();
      ExprCompiler ec(op, pos, b_.cols, params, plan_.params, b_.hint);
      Value exprs = field(s, "exprs");
      b_.has_select = true;
      for (size_t i = 0; i < vector_count(exprs); ++i) {
        Value fn;
        if (function_param(vector_at(exprs, i), params, fn)) {
          if (is_identity(fn)) {
            // (group-by identity): the rows themselves (the value of a bare relation).
            for (const Col& c : b_.cols) {
              b_.group.push_back(c.sql);
              b_.select.emplace_back(c.sql, c);
            }
          } else {
            auto call = udf_call(fn, UdfKind::Map, op, pos);
            if (!call) return call.take_error();
            b_.group.push_back(call.value());
            b_.select.emplace_back(call.value(), Col{"", "key", "key", "", ColType::Unknown, true});
          }
          continue;
        }
        auto col = ec.column_of(vector_at(exprs, i));
        if (!col) return col.take_error();
        if (col.value() == nullptr) return err(s, op, "group by columns (keywords), got " + pr_str_abbreviated(vector_at(exprs, i)));
        b_.group.push_back(col.value()->sql);
        b_.select.emplace_back(col.value()->sql, *col.value());
      }
      b_.stage = kGroup;
      b_.bare = false;
      return true;
    }
    if (op == "aggregate") {
      if (b_.aggregated || b_.stage > kGroup) wrap();
      if (!b_.has_select) b_.has_select = true;
      b_.stage = kGroup;
      b_.aggregated = true;
      b_.bare = false;
      ExprCompiler ec(op, pos, b_.cols, params, plan_.params, b_.hint);
      ec.allow_aggregates(true);
      Value items = field(s, "items");
      for (size_t i = 0; i < vector_count(items); ++i) {
        const Value& item = vector_at(items, i);
        auto sql = ec.compile(vector_at(item, 1));
        if (!sql) return sql.take_error();
        b_.select.emplace_back(sql.value(), Col{"", std::string(name_text(vector_at(item, 0))), "", "", ColType::Unknown});
      }
      finish_select_keys();
      return true;
    }
    if (op == "select") {
      if (b_.stage > kSelect || b_.has_select) wrap();
      b_.stage = kSelect;
      ExprCompiler ec(op, pos, b_.cols, params, plan_.params, b_.hint);
      ec.allow_aggregates(!b_.group.empty());
      Value items = field(s, "items");
      std::vector<std::pair<std::string, Col>> select;
      for (size_t i = 0; i < vector_count(items); ++i) {
        const Value& item = vector_at(items, i);
        const Value& alias = vector_at(item, 0);
        const Value& expr = vector_at(item, 1);
        auto col = ec.column_of(expr);
        if (!col) return col.take_error();
        auto sql = ec.compile(expr);
        if (!sql) return sql.take_error();
        Col out = col.value() != nullptr ? *col.value() : Col{};
        if (alias.is_keyword()) {
          out.name = std::string(name_text(alias));
          out.qual.clear();
        } else if (col.value() == nullptr) {
          return err(s, op, "name the computed column " + pr_str_abbreviated(expr) + ": write [:name expr]");
        }
        select.emplace_back(sql.value(), out);
      }
      b_.has_select = true;
      b_.bare = false;
      b_.select = std::move(select);
      finish_select_keys();
      return true;
    }
    if (op == "distinct") {
      if (b_.stage > kDistinct) wrap();
      b_.stage = kDistinct;
      b_.distinct = true;
      return true;
    }
    if (op == "order-by") {
      if (b_.stage > kOrder) wrap();
      b_.stage = kOrder;
      std::vector<Col> visible = b_.has_select ? output_of(b_) : b_.cols;
      if (b_.has_select) {
        for (Col& c : visible) c.sql = quote_ident(c.key);
      }
      ExprCompiler ec(op, pos, visible, params, plan_.params, b_.hint);
      Value keys = field(s, "keys");
      for (size_t i = 0; i < vector_count(keys); ++i) {
        const Value& k = vector_at(keys, i);
        auto sql = ec.compile(vector_at(k, 0));
        if (!sql) return sql.take_error();
        bool desc = name_text(vector_at(k, 1)) == "desc";
        b_.order.push_back(sql.value() + (desc ? " DESC" : " ASC"));
      }
      return true;
    }
    if (op == "limit" || op == "offset") {
      std::string& slot = op == "limit" ? b_.limit : b_.offset;
      if (!slot.empty()) wrap();
      b_.stage = kLimit;
      // A count is written into the SQL as digits, not bound: DuckDB turns
      // ORDER BY + a constant LIMIT into a top-n (a heap of n rows) but
      // sorts everything for a parameter (2x slower on the join
      // benchmark). Digits of a fixnum carry nothing of the user's text.
      Value n = field(s, "n");
      (op == "limit" ? b_.limit : b_.offset) =
          n.is_fixnum() && n.as_fixnum() >= 0 ? std::to_string(n.as_fixnum()) : bind(n);
      return true;
    }
    return err(s, op, "unknown query step");
  }

  void finish_select_keys() {
    std::vector<Col> cols;
    for (auto& [expr, col] : b_.select) cols.push_back(col);
    assign_keys(cols);
    for (size_t i = 0; i < cols.size(); ++i) b_.select[i].second.key = cols[i].key;
  }

  Result<bool> join(const Value& s, const std::string& op, const std::string& pos, const Value& params) {
    at_stage(kFrom);
    if (b_.has_select) wrap();
    std::string table = text_field(s, "table");
    for (const Col& c : b_.cols) {
      if (c.qual == table) return err(s, op, table + " is already part of this query");
    }
    std::vector<Col> right;
    auto src = source(s, op, table, right);
    if (!src) return src.take_error();
    std::vector<Col> left = b_.cols;
    std::vector<Col> all = left;
    all.insert(all.end(), right.begin(), right.end());
    assign_keys(all);
    std::string kind = text_field(s, "kind");
    const char* sql_kind = kind == "left" ? " LEFT JOIN " : kind == "right" ? " RIGHT JOIN " : kind == "full" ? " FULL JOIN " : " JOIN ";
    std::string on;
    Value using_keys = field(s, "on");
    if (is_vector(using_keys)) {
      // [:left-col :right-col]: the first is found among the columns so far,
      // the second in the joined table.
      ExprCompiler lc(op, pos, left, params, plan_.params, b_.hint);
      ExprCompiler rc(op, pos, right, params, plan_.params, table);
      auto l = lc.column_of(vector_at(using_keys, 0));
      if (!l) return l.take_error();
      auto r = rc.column_of(vector_at(using_keys, 1));
      if (!r) return r.take_error();
      if (l.value() == nullptr || r.value() == nullptr) return err(s, op, ":on takes two columns, as in :on [:id :user-id]");
      on = l.value()->sql + " = " + r.value()->sql;
    } else {
      ExprCompiler ec(op, pos, all, params, plan_.params, b_.hint + " or " + table);
      auto sql = ec.compile(field(s, "expr"));
      if (!sql) return sql.take_error();
      on = sql.value();
    }
    if (b_.bare) return err(s, op, "join needs rows that are maps, not the values of a map or flat-map step");
    b_.from += sql_kind + src.value() + " ON " + on;
    b_.cols = all;
    return true;
  }

  // True when a template is one parameter whose value is a function
  // (`(where #(...))`, `(group-by identity)`): then `fn` is that function.
  // With `reads`, a row-fn template also matches, giving the columns the
  // function reads.
  static bool function_param(const Value& tmpl, const Value& params, Value& fn, std::vector<Value>* reads = nullptr) {
    size_t index;
    bool row_fn = reads != nullptr && is_row_fn_form(tmpl, index, *reads);
    if (!(row_fn || is_param_form(tmpl, index)) || !is_vector(params) || index >= vector_count(params)) return false;
    const Value& v = vector_at(params, index);
    if (!is_function(v)) return false;
    fn = v;
    return true;
  }

  static bool is_identity(const Value& fn) {
    Namespace* core = find_namespace(symbol("batuta.core"));
    Var* var = core != nullptr ? find_var(core, symbol("identity")) : nullptr;
    Value id;
    return var != nullptr && var_get(var, id) && id.identical(fn);
  }

  // A call of `fn` (registered as a DuckDB function) over the block's rows:
  // each row as a map of the visible columns (or of the columns in
  // `reads`, under the keys it names them by), or the bare value.
  Result<std::string> udf_call(const Value& fn, UdfKind kind, const std::string& op, const std::string& pos,
                               const std::vector<Value>& reads = {}) {
    std::vector<UdfArg> args;
    if (b_.bare) {
      args.push_back(UdfArg{"", b_.cols[0].sql, b_.cols[0].printed});
    } else if (!reads.empty()) {
      ExprCompiler ec(op, pos, b_.cols, Value(), plan_.params, b_.hint);
      for (const Value& k : reads) {
        auto c = ec.resolve(name_text(k));
        if (!c) return c.take_error();
        args.push_back(UdfArg{std::string(name_text(k)), c.value()->sql, c.value()->printed});
      }
    } else {
      for (const Col& c : b_.cols) args.push_back(UdfArg{c.key.empty() ? c.name : c.key, c.sql, c.printed});
    }
    if (args.empty()) return make_error(ErrorKind::InvalidArgument, error_prefix(pos, op) + "the rows have no columns");
    UdfInfo* info = nullptr;
    auto call = register_udf(store_.connection(), fn, kind, args, op, pos, info);
    if (call) plan_.udfs.push_back(info);
    return call;
  }

  // map / flat-map / filter over a query (plan.h).
  Result<bool> seq_step(const Value& s, const std::string& op, const std::string& pos) {
    Value fn = field(s, "fn");
    if (op == "filter") {
      at_stage(kWhere);
      if (fn.is_keyword()) {
        ExprCompiler ec(op, pos, b_.cols, Value(), plan_.params, b_.hint);
        auto col = ec.column_of(fn);
        if (!col) return col.take_error();
        b_.where.push_back("(" + col.value()->sql + ") IS TRUE");
        return true;
      }
      auto call = udf_call(fn, UdfKind::Predicate, op, pos);
      if (!call) return call.take_error();
      b_.where.push_back(call.value());
      return true;
    }
    if (b_.stage > kSelect || b_.has_select) wrap();
    b_.stage = kSelect;
    Col out{"", "value", "value", "", ColType::Unknown, false};
    std::string sql;
    if (fn.is_keyword() && op == "map" && !b_.bare) {
      ExprCompiler ec(op, pos, b_.cols, Value(), plan_.params, b_.hint);
      auto col = ec.column_of(fn);
      if (!col) return col.take_error();
      sql = col.value()->sql;
      out.type = col.value()->type;
      out.printed = col.value()->printed;
    } else if (fn.is_keyword() && b_.bare) {
      return err(s, op, "the rows are values here, not maps: " + pr_str(fn) + " names no column");
    } else if (is_function(fn)) {
      auto call = udf_call(fn, op == "map" ? UdfKind::Map : UdfKind::FlatMap, op, pos);
      if (!call) return call.take_error();
      sql = op == "map" ? call.value() : "unnest(" + call.value() + ")";
      out.printed = true;
    } else {
      return err(s, op, "takes a function or a keyword, got " + pr_str_abbreviated(fn));
    }
    b_.has_select = true;
    b_.select = {{sql, out}};
    b_.bare = true;
    return true;
  }

  Store& store_;
  Plan& plan_;
  Block b_;
  int subqueries_ = 0;
  Value as_of_;
  bool history_ = false;
  Value hist_start_, hist_end_;
  std::string temporal_pos_;
};

}  // namespace

Result<Plan> build_plan(Store& store, const Value& steps) {
  Plan plan;
  Planner p(store, plan);
  auto r = p.run(steps);
  if (!r) return r.take_error();
  return plan;
}

}  // namespace batuta::query
