// macros_control.cpp: when, when-not, if-not, and, or, comment, while,
// doto, time.
#include <string>

#include "compile/core_macros.h"
#include "compile/macros_util.h"
#include "core/list.h"

namespace batuta {

using namespace macros;

namespace {

Value positioned(Value built, const Value& from, ExpandContext& cx) {
  cx.copy_position(from, built);
  return built;
}

}  // namespace

// (when test body...) => (if test body')
Result<Value> expand_when(const Value& form, ExpandContext& cx) {
  Forms call = elements(form);
  if (call.size() < 2) return cx.error_at(form, "when requires a test");
  Forms body = slice(call, 2);
  return positioned(make_list({sym("if"), call[1], body_form(body)}), form, cx);
}

// (when-not test body...) => (if test nil body')
Result<Value> expand_when_not(const Value& form, ExpandContext& cx) {
  Forms call = elements(form);
  if (call.size() < 2) return cx.error_at(form, "when-not requires a test");
  Forms body = slice(call, 2);
  return positioned(make_list({sym("if"), call[1], Value::nil(), body_form(body)}), form, cx);
}

// (if-not test then else?) => (if test else then)
Result<Value> expand_if_not(const Value& form, ExpandContext& cx) {
  Forms call = elements(form);
  if (call.size() < 3 || call.size() > 4)
    return cx.error_at(form, "if-not requires a test, a then form and an optional else form");
  Value else_form = call.size() == 4 ? call[3] : Value::nil();
  return positioned(make_list({sym("if"), call[1], else_form, call[2]}), form, cx);
}

// (and) => true; (and x) => x;
// (and x y...) => (let* [and x] (if and (and y...) and)), built from the
// last form backwards so a long `and` costs no recursion here.
Result<Value> expand_and(const Value& form, ExpandContext& cx) {
  Forms args = slice(elements(form), 1);
  if (args.empty()) return Value::boolean(true);
  Value acc = args.back();
  for (size_t i = args.size() - 1; i-- > 0;) {
    Value temp = cx.gensym("and");
    Value branch = make_list({sym("if"), temp, acc, temp});
    acc = positioned(make_list({sym("let*"), make_vector(Forms{temp, args[i]}), branch}), form, cx);
  }
  return acc;
}

// (or) => nil; (or x) => x; (or x y...) => (let* [or x] (if or or (or y...)))
Result<Value> expand_or(const Value& form, ExpandContext& cx) {
  Forms args = slice(elements(form), 1);
  if (args.empty()) return Value::nil();
  Value acc = args.back();
  for (size_t i = args.size() - 1; i-- > 0;) {
    Value temp = cx.gensym("or");
    Value branch = make_list({sym("if"), temp, temp, acc});
    acc = positioned(make_list({sym("let*"), make_vector(Forms{temp, args[i]}), branch}), form, cx);
  }
  return acc;
}

// (comment anything...) => nil; the forms are never analysed.
Result<Value> expand_comment(const Value&, ExpandContext&) { return Value::nil(); }

// (while test body...) => (loop* [] (if test (do body... (recur)) nil))
Result<Value> expand_while(const Value& form, ExpandContext& cx) {
  Forms call = elements(form);
  if (call.size() < 2) return cx.error_at(form, "while requires a test");
  Forms step = slice(call, 2);
  step.push_back(make_list({sym("recur")}));
  Value branch = positioned(make_list({sym("if"), call[1], do_form(step), Value::nil()}), form, cx);
  return positioned(make_list({sym("loop*"), make_vector(Forms{}), branch}), form, cx);
}

// (doto x (f a) g) => (let* [doto x] (f doto a) (g doto) doto)
Result<Value> expand_doto(const Value& form, ExpandContext& cx) {
  Forms call = elements(form);
  if (call.size() < 2) return cx.error_at(form, "doto requires an object");
  Value temp = cx.gensym("doto");
  Forms out{sym("let*"), make_vector(Forms{temp, call[1]})};
  for (size_t i = 2; i < call.size(); ++i) {
    const Value& step = call[i];
    Forms items;
    if (is_cons(step)) {
      items = elements(step);
      items.insert(items.begin() + 1, temp);
    } else {
      items = {step, temp};
    }
    out.push_back(positioned(make_list(items), is_cons(step) ? step : form, cx));
  }
  out.push_back(temp);
  return positioned(make_list(out), form, cx);
}

// (time expr) => prints "Elapsed time: <ms> msecs" and returns expr's value.
Result<Value> expand_time(const Value& form, ExpandContext& cx) {
  Forms call = elements(form);
  if (call.size() != 2) return cx.error_at(form, "time requires exactly one expression");
  Value start = cx.gensym("start");
  Value result = cx.gensym("ret");
  Value elapsed_ns = make_list({core_sym("-"), make_list({core_sym("nano-time")}), start});
  Value elapsed_ms = make_list({core_sym("/"), elapsed_ns, Value::from_double(1000000.0)});
  Value message = make_list({core_sym("str"), make_string_literal("Elapsed time: "), elapsed_ms,
                             make_string_literal(" msecs")});
  Value print = make_list({core_sym("println"), message});
  Value bindings = make_vector(Forms{start, make_list({core_sym("nano-time")}), result, call[1]});
  return positioned(make_list({sym("let*"), bindings, print, result}), form, cx);
}

}  // namespace batuta
