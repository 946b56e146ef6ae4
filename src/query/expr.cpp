// expr.cpp: see expr.h.
#include "query/expr.h"

#include <map>
#include <unordered_map>

#include "core/collection.h"
#include "core/list.h"
#include "core/name.h"
#include "core/printer.h"
#include "core/vector.h"
#include "query/plan.h"
#include "query/store.h"
#include "vm/function.h"

namespace batuta::query {

namespace {

enum class Shape { Binary, Nary, Unary, Function, Aggregate, Special };

struct Operator {
  const char* sql;
  Shape shape;
  int min_args;
  int max_args;  // -1: any
};

// Batuta spelling -> SQL. The query macros leave exactly these heads in
// templates (compile/macros_query.cpp keeps its list in step).
const std::unordered_map<std::string_view, Operator>& operators() {
  static const std::unordered_map<std::string_view, Operator> table = {
      {"=", {"=", Shape::Binary, 2, 2}},
      {"==", {"=", Shape::Binary, 2, 2}},
      {"not=", {"<>", Shape::Binary, 2, 2}},
      {"!=", {"<>", Shape::Binary, 2, 2}},
      {"<", {"<", Shape::Binary, 2, 2}},
      {">", {">", Shape::Binary, 2, 2}},
      {"<=", {"<=", Shape::Binary, 2, 2}},
      {">=", {">=", Shape::Binary, 2, 2}},
      {"and", {"AND", Shape::Nary, 1, -1}},
      {"or", {"OR", Shape::Nary, 1, -1}},
      {"+", {"+", Shape::Nary, 1, -1}},
      {"-", {"-", Shape::Nary, 1, -1}},
      {"*", {"*", Shape::Nary, 1, -1}},
      {"/", {"/", Shape::Nary, 2, -1}},
      {"mod", {"%", Shape::Binary, 2, 2}},
      {"not", {"NOT", Shape::Unary, 1, 1}},
      {"nil?", {"IS NULL", Shape::Special, 1, 1}},
      {"some?", {"IS NOT NULL", Shape::Special, 1, 1}},
      {"in", {"IN", Shape::Special, 2, 2}},
      {"between", {"BETWEEN", Shape::Special, 3, 3}},
      {"like", {"LIKE", Shape::Special, 2, 2}},
      {"ilike", {"ILIKE", Shape::Special, 2, 2}},
      {"str", {"concat", Shape::Function, 1, -1}},
      {"lower-case", {"lower", Shape::Function, 1, 1}},
      {"upper-case", {"upper", Shape::Function, 1, 1}},
      {"str/lower-case", {"lower", Shape::Function, 1, 1}},
      {"str/upper-case", {"upper", Shape::Function, 1, 1}},
      {"abs", {"abs", Shape::Function, 1, 1}},
      {"round", {"round", Shape::Function, 1, 2}},
      {"coalesce", {"coalesce", Shape::Function, 1, -1}},
      {"length", {"length", Shape::Function, 1, 1}},
      {"count", {"count", Shape::Aggregate, 0, 1}},
      {"count-distinct", {"count", Shape::Aggregate, 1, 1}},
      {"sum", {"sum", Shape::Aggregate, 1, 1}},
      {"avg", {"avg", Shape::Aggregate, 1, 1}},
      {"min", {"min", Shape::Aggregate, 1, 1}},
      {"max", {"max", Shape::Aggregate, 1, 1}},
  };
  return table;
}

std::vector<Value> list_items(const Value& list) {
  std::vector<Value> out;
  for (Value l = list; is_cons(l); l = list_rest(l)) out.push_back(list_first(l));
  return out;
}

}  // namespace

bool is_param_form(const Value& v, size_t& index) {
  if (!is_cons(v) || list_count(v) != 2) return false;
  const Value& head = list_first(v);
  if (!head.is_symbol() || name_text(head) != "batuta.query/param") return false;
  const Value& i = list_first(list_rest(v));
  if (!i.is_fixnum()) return false;
  index = static_cast<size_t>(i.as_fixnum());
  return true;
}

bool is_row_fn_form(const Value& v, size_t& index, std::vector<Value>& reads) {
  if (!is_cons(v) || list_count(v) < 3) return false;
  const Value& head = list_first(v);
  if (!head.is_symbol() || name_text(head) != "batuta.query/row-fn") return false;
  Value rest = list_rest(v);
  if (!list_first(rest).is_fixnum()) return false;
  index = static_cast<size_t>(list_first(rest).as_fixnum());
  reads.clear();
  for (Value l = list_rest(rest); is_cons(l); l = list_rest(l)) {
    if (!list_first(l).is_keyword()) return false;
    reads.push_back(list_first(l));
  }
  return true;
}

void assign_keys(std::vector<Col>& cols) {
  std::map<std::string, int> uses;
  for (const Col& c : cols) ++uses[c.name];
  for (Col& c : cols) c.key = uses[c.name] > 1 && !c.qual.empty() ? c.qual + "." + c.name : c.name;
}

std::string error_prefix(std::string_view pos, std::string_view op) {
  std::string out;
  if (!pos.empty()) out = std::string(pos) + ": ";
  return out + std::string(op) + ": ";
}

Error ExprCompiler::error(const std::string& message) const {
  return make_error(ErrorKind::InvalidArgument, error_prefix(pos_, op_) + message);
}

const Value& ExprCompiler::param(size_t i) const {
  static const Value nil;
  if (!is_vector(params_) || i >= vector_count(params_)) return nil;
  return vector_at(params_, i);
}

std::string ExprCompiler::bind(const Value& v) {
  out_.push_back(v);
  return "$" + std::to_string(out_.size());
}

Result<const Col*> ExprCompiler::resolve(std::string_view name) {
  const Col* found = nullptr;
  for (const Col& c : cols_) {
    if (c.key == name) return &c;
  }
  size_t dot = name.rfind('.');
  if (dot != std::string_view::npos) {
    std::string_view q = name.substr(0, dot), n = name.substr(dot + 1);
    for (const Col& c : cols_) {
      if (c.qual == q && c.name == n) return &c;
    }
  }
  int matches = 0;
  std::string candidates;
  for (const Col& c : cols_) {
    if (c.name == name) {
      found = &c;
      ++matches;
      candidates += (candidates.empty() ? ":" : " or :") + c.key;
    }
  }
  if (matches == 1) return found;
  if (matches > 1) return error("column :" + std::string(name) + " is ambiguous: write " + candidates);
  std::vector<std::string> keys;
  for (const Col& c : cols_) keys.push_back(c.key);
  std::string where = table_hint_.empty() ? "" : " in " + std::string(table_hint_);
  return error("unknown column :" + std::string(name) + where + did_you_mean(name, keys, true));
}

Result<const Col*> ExprCompiler::column_of(const Value& tmpl) {
  if (tmpl.is_keyword()) return resolve(name_text(tmpl));
  return static_cast<const Col*>(nullptr);
}

Result<std::string> ExprCompiler::compile(const Value& tmpl) {
  if (tmpl.is_keyword()) {
    auto c = resolve(name_text(tmpl));
    if (!c) return c.take_error();
    return c.value()->sql;
  }
  size_t index;
  if (is_param_form(tmpl, index)) {
    const Value& v = param(index);
    if (is_function(v)) {
      return error("a function can't be used as a value inside a query expression here: " + pr_str_abbreviated(v));
    }
    return bind(v);
  }
  if (is_cons(tmpl)) return compile_call(tmpl);
  if (tmpl.is_symbol()) {
    if (name_text(tmpl) == "*") return error("* stands for every row only inside (count *)");
    return error("unknown name " + std::string(name_text(tmpl)) + " in a query expression");
  }
  if (is_vector(tmpl) || is_list(tmpl)) return error("a collection is not a value here: " + pr_str_abbreviated(tmpl));
  return bind(tmpl);  // a literal: still a bound parameter
}

Result<std::string> ExprCompiler::compile_args(const std::vector<Value>& args, size_t from, const char* sep) {
  std::string out;
  for (size_t i = from; i < args.size(); ++i) {
    auto a = compile(args[i]);
    if (!a) return a;
    if (i > from) out += sep;
    out += a.value();
  }
  return out;
}

Result<std::string> ExprCompiler::compile_call(const Value& list) {
  std::vector<Value> items = list_items(list);
  const Value& head = items[0];
  std::string name = head.is_symbol() ? std::string(name_text(head)) : pr_str_abbreviated(head);
  auto it = head.is_symbol() ? operators().find(name_text(head)) : operators().end();
  if (it == operators().end()) return error("unknown function " + name + " in a query expression");
  const Operator& op = it->second;
  int argc = static_cast<int>(items.size()) - 1;
  if (argc < op.min_args || (op.max_args >= 0 && argc > op.max_args)) {
    return error("wrong number of arguments (" + std::to_string(argc) + ") to " + name + " in a query expression");
  }
  switch (op.shape) {
    case Shape::Binary: {
      auto args = compile_args(items, 1, std::string(" ").append(op.sql).append(" ").c_str());
      if (!args) return args;
      return "(" + args.value() + ")";
    }
    case Shape::Nary: {
      if (argc == 1 && name == "-") {
        auto a = compile(items[1]);
        if (!a) return a;
        return "(-" + a.value() + ")";
      }
      std::string sep = std::string(" ") + op.sql + " ";
      auto args = compile_args(items, 1, sep.c_str());
      if (!args) return args;
      return "(" + args.value() + ")";
    }
    case Shape::Unary: {
      auto a = compile(items[1]);
      if (!a) return a;
      return "(" + std::string(op.sql) + " " + a.value() + ")";
    }
    case Shape::Function: {
      auto args = compile_args(items, 1, ", ");
      if (!args) return args;
      return std::string(op.sql) + "(" + args.value() + ")";
    }
    case Shape::Aggregate: {
      if (!aggregates_) return error(name + " is an aggregate: use it in aggregate (or select after group-by)");
      if (argc == 0 || (items[1].is_symbol() && name_text(items[1]) == "*")) {
        if (name != "count") return error("(" + name + " *) is not an aggregate: only (count *) counts every row");
        return std::string("count(*)");
      }
      aggregates_ = false;  // no aggregate inside an aggregate
      auto a = compile(items[1]);
      aggregates_ = true;
      if (!a) return a;
      return std::string(op.sql) + (name == "count-distinct" ? "(DISTINCT " : "(") + a.value() + ")";
    }
    case Shape::Special: break;
  }
  auto x = compile(items[1]);
  if (!x) return x;
  if (name == "nil?" || name == "some?") return "(" + x.value() + " " + op.sql + ")";
  if (name == "between") {
    auto lo = compile(items[2]);
    if (!lo) return lo;
    auto hi = compile(items[3]);
    if (!hi) return hi;
    return "(" + x.value() + " BETWEEN " + lo.value() + " AND " + hi.value() + ")";
  }
  if (name == "like" || name == "ilike") {
    auto pat = compile(items[2]);
    if (!pat) return pat;
    return "(" + x.value() + " " + op.sql + " " + pat.value() + ")";
  }
  // in: a collection value (a parameter) or a literal vector of expressions.
  std::vector<Value> members;
  size_t index;
  const Value& coll = items[2];
  if (is_param_form(coll, index)) {
    const Value& v = param(index);
    if (is_vector(v)) {
      for (size_t i = 0; i < vector_count(v); ++i) members.push_back(vector_at(v, i));
    } else if (is_list(v)) {
      members = list_items(v);
    } else {
      return error("(in x coll) needs a vector or list of values, got " + describe_value(v));
    }
    if (members.empty()) return std::string("FALSE");
    std::string out = "(" + x.value() + " IN (";
    for (size_t i = 0; i < members.size(); ++i) out += (i ? ", " : "") + bind(members[i]);
    return out + "))";
  }
  if (is_vector(coll)) {
    for (size_t i = 0; i < vector_count(coll); ++i) members.push_back(vector_at(coll, i));
    if (members.empty()) return std::string("FALSE");
    auto args = compile_args(members, 0, ", ");
    if (!args) return args;
    return "(" + x.value() + " IN (" + args.value() + "))";
  }
  return error("(in x coll) needs a vector or list of values, got " + pr_str_abbreviated(coll));
}

}  // namespace batuta::query
