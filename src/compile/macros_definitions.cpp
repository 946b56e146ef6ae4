// macros_definitions.cpp: defn, defn-, defmacro, defonce, declare, define.
//
// defn and friends become
//   (def* name {:doc "..." :arglists (quote ([a b] [a b & more])) ...} (fn* name ...))
// where the meta map is a literal map the analyzer reads (:doc, :arglists
// as the user wrote the parameter vectors, :private, :macro, and whatever
// the user's attr-map adds).
#include <string>

#include "compile/core_macros.h"
#include "compile/macros_binding.h"
#include "compile/macros_util.h"
#include "core/list.h"
#include "core/map.h"
#include "core/string.h"
#include "core/vector.h"

namespace batuta {

using namespace macros;

namespace {

enum class DefKind { Public, Private, Macro };

Result<Value> expand_definition(const Value& form, ExpandContext& cx, DefKind kind) {
  Forms call = elements(form);
  std::string who = head_name(call);
  if (call.size() < 2 || !is_bindable_symbol(call[1]))
    return cx.error_at(form, who + " requires a name (a plain symbol), got " +
                                 (call.size() < 2 ? std::string("nothing") : show(call[1])));
  const Value& name = call[1];
  size_t i = 2;
  Value doc;
  if (i + 1 < call.size() && is_string(call[i])) doc = call[i++];
  Value attrs;
  if (i + 1 < call.size() && is_map(call[i])) attrs = call[i++];
  Forms tail = slice(call, i);
  BATUTA_MACRO_TRY(Value, fn, build_fn(name, tail, cx, form, who));

  Forms arglists;
  if (is_vector(tail[0])) {
    arglists.push_back(tail[0]);
  } else {
    for (const Value& arity : tail) arglists.push_back(list_first(arity));
  }
  Value meta = empty_map();
  if (!doc.is_nil()) meta = map_assoc(std::move(meta), kw("doc"), doc);
  meta = map_assoc(std::move(meta), kw("arglists"), quoted(make_list(arglists)));
  if (!attrs.is_nil()) {
    MapCursor entries(attrs);
    const Value* k;
    const Value* v;
    while (entries.next(k, v)) meta = map_assoc(std::move(meta), *k, *v);
  }
  if (kind == DefKind::Private) meta = map_assoc(std::move(meta), kw("private"), Value::boolean(true));
  if (kind == DefKind::Macro) meta = map_assoc(std::move(meta), kw("macro"), Value::boolean(true));
  Value out = make_list({sym("def*"), name, meta, fn});
  cx.copy_position(form, out);
  return out;
}

}  // namespace

Result<Value> expand_defn(const Value& form, ExpandContext& cx) {
  return expand_definition(form, cx, DefKind::Public);
}
Result<Value> expand_defn_private(const Value& form, ExpandContext& cx) {
  return expand_definition(form, cx, DefKind::Private);
}
// Clojure-style macros: the function receives the call's arguments as
// forms (no &form / &env) and returns the expansion.
Result<Value> expand_defmacro(const Value& form, ExpandContext& cx) {
  return expand_definition(form, cx, DefKind::Macro);
}

// (defonce x init) =>
// (do (def x) (if (batuta.core/bound? (var x)) nil (def x init)))
// `(def x)` interns x without touching a value it already has, so (var x)
// resolves; init is evaluated only when x has no value yet.
Result<Value> expand_defonce(const Value& form, ExpandContext& cx) {
  Forms call = elements(form);
  if (call.size() != 3 || !is_bindable_symbol(call[1]))
    return cx.error_at(form, "defonce requires a name (a plain symbol) and an initial value");
  const Value& name = call[1];
  Value declare = make_list({sym("def"), name});
  Value bound = make_list({core_sym("bound?"), make_list({sym("var"), name})});
  Value define = make_list({sym("def"), name, call[2]});
  cx.copy_position(form, define);
  Value branch = make_list({sym("if"), bound, Value::nil(), define});
  Value out = make_list({sym("do"), declare, branch});
  cx.copy_position(form, out);
  return out;
}

// (declare a b) => (do (def a) (def b))
Result<Value> expand_declare(const Value& form, ExpandContext& cx) {
  Forms call = elements(form);
  Forms items{sym("do")};
  for (size_t i = 1; i < call.size(); ++i) {
    if (!is_bindable_symbol(call[i]))
      return cx.error_at(form, "declare expects plain symbols, got " + show(call[i]));
    items.push_back(make_list({sym("def"), call[i]}));
  }
  Value out = make_list(items);
  cx.copy_position(form, out);
  return out;
}

// The seed's Scheme spelling (LANGUAGE.md): (define name (params) body...)
// is (defn name [params] body...); (define name value) is (def name value).
Result<Value> expand_define(const Value& form, ExpandContext& cx) {
  Forms call = elements(form);
  if (call.size() < 2 || !is_bindable_symbol(call[1]))
    return cx.error_at(form, "define requires a name (a plain symbol), got " +
                                 (call.size() < 2 ? std::string("nothing") : show(call[1])));
  if (call.size() >= 4 && is_list(call[2])) {
    Value params = make_vector(elements(call[2]));
    cx.copy_position(call[2], params);
    Forms defn{sym("defn"), call[1], params};
    for (size_t i = 3; i < call.size(); ++i) defn.push_back(call[i]);
    Value defn_form = make_list(defn);
    cx.copy_position(form, defn_form);
    return expand_defn(defn_form, cx);
  }
  if (call.size() > 4) return cx.error_at(form, "define: expected (define name value) or (define name (params) body...)");
  Value out = call_with(sym("def"), slice(call, 1));
  cx.copy_position(form, out);
  return out;
}

}  // namespace batuta
