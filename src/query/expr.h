// expr.h: clause expressions (templates, plan.h) to SQL, and the columns
// they may name. Internal to the query layer.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/value.h"
#include "query/duck.h"

namespace batuta::query {

// A column visible at some point of a plan.
struct Col {
  std::string qual;  // the table it came from ("users"), or "" for a computed column
  std::string name;  // its own name ("id")
  std::string key;   // its result key: the name, or "users.id" when two share a name
  std::string sql;   // how SQL refers to it here
  ColType type = ColType::Unknown;
  bool printed = false;  // a Batuta value's printed form (udf.h), read back as that value
};

// Gives every column its key: its own name, or qual.name where names clash.
void assign_keys(std::vector<Col>& cols);

// Where an error points: "file:line:col: op: ".
std::string error_prefix(std::string_view pos, std::string_view op);

class ExprCompiler {
 public:
  // `params` are the step's evaluated values; the SQL's parameters are
  // appended to `out_params`.
  ExprCompiler(std::string_view op, std::string_view pos, const std::vector<Col>& cols, const Value& params,
               std::vector<Value>& out_params, std::string_view table_hint)
      : op_(op), pos_(pos), cols_(cols), params_(params), out_(out_params), table_hint_(table_hint) {}

  // Aggregate functions (count, sum...) are allowed only in aggregate steps.
  void allow_aggregates(bool yes) { aggregates_ = yes; }

  Result<std::string> compile(const Value& tmpl);
  // The column a template names, if it is a bare column reference.
  Result<const Col*> column_of(const Value& tmpl);
  Result<const Col*> resolve(std::string_view name);
  // A bound parameter for a Batuta value: "$n".
  std::string bind(const Value& v);
  // The step's i-th evaluated value.
  const Value& param(size_t i) const;
  Error error(const std::string& message) const;

 private:
  Result<std::string> compile_call(const Value& list);
  Result<std::string> compile_args(const std::vector<Value>& args, size_t from, const char* sep);

  std::string_view op_;
  std::string_view pos_;
  const std::vector<Col>& cols_;
  Value params_;
  std::vector<Value>& out_;
  std::string_view table_hint_;
  bool aggregates_ = false;
};

}  // namespace batuta::query
