// procs_query_data.cpp: `query`, the seed's notation for a query as data,
// as its stored procedure example writes it:
//   (query [:select :* :from :inventory :where [:= :warehouse_id id]])
// The vector holds clause keywords, each followed by its argument:
//   :from table        a keyword (or a vector of one)
//   :select cols       :*, a column, or a vector of columns
//   :where cond        [op arg...]: op one of kOperators (:= :<> :< :and
//                      :in :between :like :nil?...); a keyword argument is
//                      a column, a vector starting with an operator is a
//                      nested condition, anything else is a value (bound as
//                      a parameter, never SQL text)
//   :order-by keys     a vector of columns or [column :asc|:desc]
//   :limit n, :offset n
// It builds the same query value (relation.h) as the clause forms, so it
// runs, composes with ->> clauses and is explained the same way.
#include <algorithm>

#include "core/list.h"
#include "core/map.h"
#include "core/name.h"
#include "core/printer.h"
#include "core/string.h"
#include "core/vector.h"
#include "query/args.h"
#include "query/query_natives.h"

namespace batuta::query {

namespace {

constexpr const char* kOp = "query";

struct OperatorName {
  const char* written;  // as the data writes it
  const char* symbol;   // the clause template's operator (query/expr.cpp)
};
constexpr OperatorName kOperators[] = {
    {"=", "="},         {"<>", "not="},   {"!=", "not="},   {"not=", "not="}, {"<", "<"},   {">", ">"},
    {"<=", "<="},       {">=", ">="},     {"and", "and"},   {"or", "or"},     {"not", "not"}, {"in", "in"},
    {"between", "between"}, {"like", "like"}, {"ilike", "ilike"}, {"nil?", "nil?"}, {"is-null", "nil?"},
    {"some?", "some?"}, {"+", "+"},       {"-", "-"},       {"*", "*"},       {"/", "/"}};

const OperatorName* find_operator(const Value& v) {
  if (!v.is_keyword()) return nullptr;
  for (const OperatorName& o : kOperators) {
    if (name_text(v) == o.written) return &o;
  }
  return nullptr;
}

// Turns data into a clause template (plan.h), collecting its values.
class CondBuilder {
 public:
  Result<Value> cond(const Value& v) {
    if (!is_vector(v) || vector_count(v) == 0) {
      return type_error(kOp, "a condition [op arg...], as in [:= :id 3]", v);
    }
    const OperatorName* op = find_operator(vector_at(v, 0));
    if (op == nullptr) {
      return op_error(kOp, "unknown operator " + pr_str_abbreviated(vector_at(v, 0)) +
                               " in a :where condition (use := :<> :< :> :<= :>= :and :or :not :in :between :like :nil?)");
    }
    std::vector<Value> items = {symbol(op->symbol)};
    for (size_t i = 1; i < vector_count(v); ++i) {
      const Value& arg = vector_at(v, i);
      if (std::string_view(op->symbol) == "in" && i == 2 && is_vector(arg)) {
        std::vector<Value> members;
        for (size_t k = 0; k < vector_count(arg); ++k) members.push_back(param(vector_at(arg, k)));
        items.push_back(vector_from(members));
        continue;
      }
      auto a = operand(arg);
      if (!a) return a;
      items.push_back(a.value());
    }
    return list_from(items);
  }

  Value params() const { return vector_from(params_); }

 private:
  Result<Value> operand(const Value& v) {
    if (v.is_keyword()) return v;  // a column
    if (is_vector(v) && vector_count(v) > 0 && find_operator(vector_at(v, 0)) != nullptr) return cond(v);
    return param(v);
  }
  Value param(const Value& v) {
    params_.push_back(v);
    return list_from({symbol("batuta.query", "param"), Value::fixnum(static_cast<int64_t>(params_.size() - 1))});
  }
  std::vector<Value> params_;
};

// The spec's clauses by keyword (each at most once).
Result<std::vector<std::pair<std::string, Value>>> clauses_of(const Value& spec) {
  if (!is_vector(spec) || vector_count(spec) % 2 != 0) {
    return type_error(kOp, "a vector of clause keywords and their arguments, as in [:select :* :from :users]", spec);
  }
  static const char* const kKnown[] = {"select", "from", "where", "order-by", "limit", "offset"};
  std::vector<std::pair<std::string, Value>> out;
  for (size_t i = 0; i < vector_count(spec); i += 2) {
    const Value& k = vector_at(spec, i);
    bool known = k.is_keyword() && std::any_of(std::begin(kKnown), std::end(kKnown),
                                                [&](const char* n) { return name_text(k) == n; });
    if (!known) {
      return op_error(kOp, "unknown clause " + pr_str_abbreviated(k) + " (use :select :from :where :order-by :limit :offset)");
    }
    std::string name(name_text(k));
    if (std::any_of(out.begin(), out.end(), [&](auto& c) { return c.first == name; })) {
      return op_error(kOp, ":" + name + " appears twice");
    }
    out.emplace_back(name, vector_at(spec, i + 1));
  }
  return out;
}

Value clause_arg(const std::vector<std::pair<std::string, Value>>& clauses, std::string_view name) {
  for (const auto& [k, v] : clauses) {
    if (k == name) return v;
  }
  return Value();
}

// A vector's elements, or the one value.
std::vector<Value> items_of(const Value& v) {
  if (!is_vector(v)) return {v};
  std::vector<Value> out;
  for (size_t i = 0; i < vector_count(v); ++i) out.push_back(vector_at(v, i));
  return out;
}

}  // namespace

Result<Value> n_query_data(VmContext& ctx, std::span<const Value> args) {
  auto clauses = clauses_of(args[0]);
  if (!clauses) return clauses.take_error();
  const auto& c = clauses.value();
  Value pos = make_string_from_utf8(kOp);
  Value from = clause_arg(c, "from");
  if (from.is_nil()) return op_error(kOp, "say which table: [:select :* :from :users]");
  std::vector<Value> tables = items_of(from);
  if (tables.size() != 1) return op_error(kOp, ":from takes one table, got " + pr_str_abbreviated(from));
  Value scan_args[] = {tables[0], pos};
  auto q = n_scan(ctx, scan_args);
  if (!q) return q;
  if (Value where = clause_arg(c, "where"); !where.is_nil()) {
    CondBuilder b;
    auto expr = b.cond(where);
    if (!expr) return expr;
    Value a[] = {q.value(), expr.value(), b.params(), pos};
    q = n_where(ctx, a);
    if (!q) return q;
  }
  if (Value select = clause_arg(c, "select"); !select.is_nil()) {
    std::vector<Value> cols = items_of(select);
    bool star = cols.size() == 1 && cols[0].is_keyword() && name_text(cols[0]) == "*";
    if (!star) {
      for (const Value& col : cols) {
        if (!col.is_keyword()) return op_error(kOp, ":select takes :* or columns (keywords), got " + pr_str_abbreviated(col));
      }
      Value a[] = {q.value(), vector_from(cols), vector_from({}), pos};
      q = n_select(ctx, a);
      if (!q) return q;
    }
  }
  if (Value order = clause_arg(c, "order-by"); !order.is_nil()) {
    std::vector<Value> keys;
    for (const Value& key : items_of(order)) {
      bool pair = is_vector(key) && vector_count(key) == 2;
      Value col = pair ? vector_at(key, 0) : key;
      Value dir = pair ? vector_at(key, 1) : keyword("asc");
      if (!col.is_keyword() || !dir.is_keyword() || (name_text(dir) != "asc" && name_text(dir) != "desc")) {
        return op_error(kOp, ":order-by takes columns or [column :asc|:desc], got " + pr_str_abbreviated(key));
      }
      keys.push_back(vector_from({col, dir}));
    }
    Value a[] = {q.value(), vector_from(keys), vector_from({}), pos};
    q = n_order_by(ctx, a);
    if (!q) return q;
  }
  for (const char* name : {"limit", "offset"}) {
    Value n = clause_arg(c, name);
    if (n.is_nil()) continue;
    Value a[] = {q.value(), n, pos};
    q = std::string_view(name) == "limit" ? n_limit(ctx, a) : n_offset(ctx, a);
    if (!q) return q;
  }
  return q;
}

}  // namespace batuta::query
