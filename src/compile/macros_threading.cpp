// macros_threading.cpp: ->, ->>, as->, some->, some->>, cond->, cond->>
// and the `|>` operator (LANGUAGE.md: threads the value as the LAST
// argument).
#include <string>

#include "compile/core_macros.h"
#include "compile/destructure.h"
#include "compile/macros_binding.h"
#include "compile/macros_util.h"
#include "core/list.h"

namespace batuta {

using namespace macros;

namespace {

enum class Place { First, Last };

// One threading step: a list stage gets `x` inserted after its head
// (First) or appended (Last); any other stage `f` becomes (f x).
Value thread_into(const Value& stage, Value x, Place place, const Value& form, ExpandContext& cx) {
  Forms items;
  if (is_cons(stage)) {
    items = elements(stage);
    if (place == Place::First) items.insert(items.begin() + 1, std::move(x));
    else items.push_back(std::move(x));
  } else {
    items = {stage, std::move(x)};
  }
  Value out = make_list(items);
  cx.copy_position(is_cons(stage) ? stage : form, out);
  return place == Place::Last ? query_pipeline_step(out, cx) : out;
}

Result<Value> thread(const Value& form, ExpandContext& cx, Place place) {
  Forms call = elements(form);
  if (call.size() < 2) return cx.error_at(form, head_name(call) + " requires an initial value");
  Value acc = call[1];
  for (size_t i = 2; i < call.size(); ++i) acc = thread_into(call[i], std::move(acc), place, form, cx);
  return acc;
}

// (some-> x f g) => (let* [t x t (if (batuta.core/nil? t) nil (f t)) ...] t)
Result<Value> some_thread(const Value& form, ExpandContext& cx, Place place) {
  Forms call = elements(form);
  if (call.size() < 2) return cx.error_at(form, head_name(call) + " requires an initial value");
  Value t = cx.gensym("some");
  Forms bindings{t, call[1]};
  for (size_t i = 2; i < call.size(); ++i) {
    Value step = thread_into(call[i], t, place, form, cx);
    bindings.push_back(t);
    bindings.push_back(make_list({sym("if"), make_list({core_sym("nil?"), t}), Value::nil(), step}));
  }
  Value out = make_list({sym("let*"), make_vector(bindings), t});
  cx.copy_position(form, out);
  return out;
}

// (cond-> x test1 f test2 g) => (let* [t x t (if test1 (f t) t) ...] t)
Result<Value> cond_thread(const Value& form, ExpandContext& cx, Place place) {
  Forms call = elements(form);
  std::string who = head_name(call);
  if (call.size() < 2) return cx.error_at(form, who + " requires an initial value");
  if ((call.size() - 2) % 2 != 0) return cx.error_at(form, who + " requires an even number of forms after the value");
  Value t = cx.gensym("cond");
  Forms bindings{t, call[1]};
  for (size_t i = 2; i < call.size(); i += 2) {
    Value step = thread_into(call[i + 1], t, place, form, cx);
    bindings.push_back(t);
    bindings.push_back(make_list({sym("if"), call[i], step, t}));
  }
  Value out = make_list({sym("let*"), make_vector(bindings), t});
  cx.copy_position(form, out);
  return out;
}

}  // namespace

Result<Value> expand_thread_first(const Value& form, ExpandContext& cx) { return thread(form, cx, Place::First); }
Result<Value> expand_thread_last(const Value& form, ExpandContext& cx) { return thread(form, cx, Place::Last); }
Result<Value> expand_some_thread_first(const Value& form, ExpandContext& cx) {
  return some_thread(form, cx, Place::First);
}
Result<Value> expand_some_thread_last(const Value& form, ExpandContext& cx) {
  return some_thread(form, cx, Place::Last);
}
Result<Value> expand_cond_thread_first(const Value& form, ExpandContext& cx) {
  return cond_thread(form, cx, Place::First);
}
Result<Value> expand_cond_thread_last(const Value& form, ExpandContext& cx) {
  return cond_thread(form, cx, Place::Last);
}

// (as-> expr name f1 f2) => (let [name expr name f1 name f2] name); the
// name may be a destructuring pattern, as in Clojure.
Result<Value> expand_thread_as(const Value& form, ExpandContext& cx) {
  Forms call = elements(form);
  if (call.size() < 3) return cx.error_at(form, "as-> requires an initial value and a name");
  const Value& name = call[2];
  Forms pairs{name, call[1]};
  for (size_t i = 3; i < call.size(); ++i) {
    pairs.push_back(name);
    pairs.push_back(call[i]);
  }
  Value body[] = {name};
  return make_let(pairs, body, cx, form);
}

bool has_pipeline_operator(const Value& form) {
  if (!is_cons(form)) return false;
  ListCursor next(form);
  while (const Value* v = next())
    if (is_symbol_named(*v, "|>")) return true;
  return false;
}

// (x |> f a |> g) => (g (f a x)). A segment of several forms is a call;
// a single list stage gets the value appended; any other single stage is
// called with it.
Result<Value> expand_pipeline(const Value& list, ExpandContext& cx) {
  std::vector<Forms> segments(1);
  for (const Value& v : elements(list)) {
    if (is_symbol_named(v, "|>")) segments.emplace_back();
    else segments.back().push_back(v);
  }
  if (segments.front().empty()) return cx.error_at(list, "|> needs a value before it");
  for (size_t i = 1; i < segments.size(); ++i)
    if (segments[i].empty())
      return cx.error_at(list, i + 1 == segments.size() ? "|> needs a stage after it" : "|> needs a stage between two |>");
  const Forms& first = segments.front();
  Value acc = first.size() == 1 ? first[0] : make_list(first);
  if (first.size() > 1) cx.copy_position(list, acc);
  for (size_t i = 1; i < segments.size(); ++i) {
    const Forms& stage = segments[i];
    if (stage.size() == 1) {
      acc = thread_into(stage[0], std::move(acc), Place::Last, list, cx);
    } else {
      Forms items = stage;
      items.push_back(std::move(acc));
      acc = make_list(items);
      cx.copy_position(list, acc);
      acc = query_pipeline_step(acc, cx);
    }
  }
  return acc;
}

}  // namespace batuta
