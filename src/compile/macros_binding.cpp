// macros_binding.cpp: fn, let, loop, letfn and the if-let family.
//
// Destructuring patterns become plain let* bindings (destructure.h); the
// special forms fn*, let* and loop* only ever see plain symbols.
#include "compile/macros_binding.h"

#include <string>

#include "compile/core_macros.h"
#include "compile/destructure.h"
#include "core/list.h"
#include "core/map.h"
#include "core/vector.h"

namespace batuta {

using namespace macros;

namespace macros {

Result<Forms> binding_vector(const Forms& call, size_t index, bool exactly_two, ExpandContext& cx,
                             const Value& form) {
  std::string who = head_name(call);
  if (index >= call.size() || !is_vector(call[index]))
    return cx.error_at(form, who + " requires a vector for its binding");
  Forms pairs = elements(call[index]);
  if (exactly_two && pairs.size() != 2)
    return cx.error_at(call[index], who + " requires exactly 2 forms in the binding vector");
  if (pairs.size() % 2 != 0)
    return cx.error_at(call[index], who + " requires an even number of forms in the binding vector");
  return pairs;
}

Result<Value> make_let(const Forms& pairs, std::span<const Value> body, ExpandContext& cx, const Value& where) {
  BATUTA_MACRO_TRY(Forms, plain, destructure_bindings(pairs, cx, where));
  Forms items{sym("let*"), make_vector(plain)};
  items.insert(items.end(), body.begin(), body.end());
  Value out = make_list(items);
  cx.copy_position(where, out);
  return out;
}

namespace {

// One arity: `[params] body...` -> `[plain params] body'`, where each
// destructuring parameter became a gensym bound by a let* around the body
// (so recur still targets the function's own parameters).
Result<Forms> build_arity(const Value& params, std::span<const Value> body, ExpandContext& cx, std::string_view who) {
  Forms plain;
  Forms lets;  // pattern/gensym pairs
  Forms items = elements(params);
  for (size_t i = 0; i < items.size(); ++i) {
    const Value& p = items[i];
    bool is_rest = i > 0 && is_symbol_named(items[i - 1], "&");
    if (is_symbol_named(p, "&")) {
      if (i + 2 != items.size())
        return cx.error_at(params, std::string(who) + ": & must be followed by exactly one parameter in " +
                                       show(params));
      plain.push_back(p);
      continue;
    }
    if (is_bindable_symbol(p)) {
      plain.push_back(p);
      continue;
    }
    if (is_destructuring_pattern(p)) {
      Value g = cx.gensym("p");
      plain.push_back(g);
      lets.push_back(p);
      // `& {:keys [..]}`: keyword arguments, read as a map.
      lets.push_back(is_rest && is_map(p) ? make_list({core_sym("apply"), core_sym("hash-map"), g}) : g);
      continue;
    }
    if (p.is_symbol())
      return cx.error_at(params, std::string(who) + ": can't use qualified name as parameter: " + show(p));
    return cx.error_at(params, std::string(who) + ": Unsupported binding form: " + show(p));
  }
  Value params_out = make_vector(plain);
  cx.copy_position(params, params_out);
  Forms arity{params_out};
  if (lets.empty()) {
    arity.insert(arity.end(), body.begin(), body.end());
  } else {
    BATUTA_MACRO_TRY(Value, let, make_let(lets, body, cx, params));
    arity.push_back(let);
  }
  return arity;
}

}  // namespace

Result<Value> build_fn(const Value& name, const Forms& tail, ExpandContext& cx, const Value& where,
                       std::string_view who) {
  Forms out{sym("fn*")};
  if (!name.is_nil()) out.push_back(name);
  if (tail.empty()) return cx.error_at(where, std::string(who) + ": parameter vector expected, got nothing");
  if (is_vector(tail[0])) {
    BATUTA_MACRO_TRY(Forms, arity, build_arity(tail[0], std::span<const Value>(tail).subspan(1), cx, who));
    out.insert(out.end(), arity.begin(), arity.end());
  } else {
    for (const Value& clause : tail) {
      if (!is_cons(clause) || !is_vector(list_first(clause))) {
        const Value& got = is_cons(clause) ? list_first(clause) : clause;
        return cx.error_at(is_cons(clause) ? clause : where,
                           std::string(who) + ": parameter vector expected, got " + show(got));
      }
      Forms items = elements(clause);
      BATUTA_MACRO_TRY(Forms, arity, build_arity(items[0], std::span<const Value>(items).subspan(1), cx, who));
      Value arity_list = make_list(arity);
      cx.copy_position(clause, arity_list);
      out.push_back(arity_list);
    }
  }
  Value fn = make_list(out);
  cx.copy_position(where, fn);
  return fn;
}

}  // namespace macros

// (fn name? [params] body...) | (fn name? ([params] body...) ...)
Result<Value> expand_fn(const Value& form, ExpandContext& cx) {
  Forms call = elements(form);
  size_t i = 1;
  Value name;
  if (i < call.size() && call[i].is_symbol()) {
    if (!is_bindable_symbol(call[i])) return cx.error_at(form, "fn: the name must be a plain symbol, got " + show(call[i]));
    name = call[i++];
  }
  return build_fn(name, slice(call, i), cx, form, "fn");
}

Result<Value> expand_let(const Value& form, ExpandContext& cx) {
  Forms call = elements(form);
  BATUTA_MACRO_TRY(Forms, pairs, binding_vector(call, 1, false, cx, form));
  Forms body = slice(call, 2);
  return make_let(pairs, body, cx, form);
}

// Without destructuring, (loop* [bindings] body...). With it, Clojure's
// shape: each destructured initial value is bound once to a gensym (and
// destructured there too, so later initial values can use the names); the
// loop* rebinds the gensyms, and a let* inside destructures them on every
// iteration. recur therefore passes whole values for the patterns.
Result<Value> expand_loop(const Value& form, ExpandContext& cx) {
  Forms call = elements(form);
  BATUTA_MACRO_TRY(Forms, pairs, binding_vector(call, 1, false, cx, form));
  Forms body = slice(call, 2);
  bool destructures = false;
  for (size_t i = 0; i < pairs.size(); i += 2) {
    if (!pairs[i].is_symbol()) destructures = true;
    else if (!is_bindable_symbol(pairs[i]))
      return cx.error_at(call[1], "loop: can't bind " + show(pairs[i]));
  }
  if (!destructures) {
    Value out = call_with(sym("loop*"), prepend(call[1], body));
    cx.copy_position(form, out);
    return out;
  }
  Forms outer;       // pattern/value pairs of the let around the loop
  Forms loop_pairs;  // g g
  Forms inner;       // pattern g
  for (size_t i = 0; i < pairs.size(); i += 2) {
    const Value& pattern = pairs[i];
    if (pattern.is_symbol()) {
      outer.push_back(pattern);
      outer.push_back(pairs[i + 1]);
      loop_pairs.push_back(pattern);
      loop_pairs.push_back(pattern);
      continue;
    }
    Value g = cx.gensym("loop");
    outer.push_back(g);
    outer.push_back(pairs[i + 1]);
    outer.push_back(pattern);
    outer.push_back(g);
    loop_pairs.push_back(g);
    loop_pairs.push_back(g);
    inner.push_back(pattern);
    inner.push_back(g);
  }
  BATUTA_MACRO_TRY(Value, inner_let, make_let(inner, body, cx, form));
  Value loop = make_list({sym("loop*"), make_vector(loop_pairs), inner_let});
  cx.copy_position(form, loop);
  Value loop_body[] = {loop};
  return make_let(outer, loop_body, cx, form);
}

// (letfn [(f [x] ...) (g ([] ...) ([y] ...))] body...)
Result<Value> expand_letfn(const Value& form, ExpandContext& cx) {
  Forms call = elements(form);
  if (call.size() < 2 || !is_vector(call[1])) return cx.error_at(form, "letfn requires a vector for its binding");
  Forms bindings;
  for (const Value& spec : elements(call[1])) {
    if (!is_cons(spec) || !is_bindable_symbol(list_first(spec)))
      return cx.error_at(is_cons(spec) ? spec : form, "letfn: function spec (name [params] body...) expected, got " +
                                                          show(spec));
    Forms items = elements(spec);
    BATUTA_MACRO_TRY(Value, fn, build_fn(items[0], slice(items, 1), cx, spec, "letfn"));
    bindings.push_back(items[0]);
    bindings.push_back(fn);
  }
  Value out = call_with(sym("letfn*"), prepend(make_vector(bindings), slice(call, 2)));
  cx.copy_position(form, out);
  return out;
}

namespace {

enum class Test { Truthy, NotNil };

// if-let / if-some: (let* [temp expr] (if test (let [pattern temp] then) else))
Result<Value> expand_conditional_binding(const Value& form, ExpandContext& cx, Test test, bool is_when) {
  Forms call = elements(form);
  std::string who = head_name(call);
  BATUTA_MACRO_TRY(Forms, pair, binding_vector(call, 1, true, cx, form));
  Forms body = slice(call, 2);
  if (!is_when && (body.empty() || body.size() > 2))
    return cx.error_at(form, who + " requires 1 or 2 forms after the binding vector");
  Value temp = cx.gensym("temp");
  Forms then_body = is_when ? body : Forms{body[0]};
  BATUTA_MACRO_TRY(Value, then, make_let(Forms{pair[0], temp}, then_body, cx, form));
  Value condition = test == Test::Truthy ? temp : make_list({core_sym("some?"), temp});
  Forms branch{sym("if"), condition, then};
  if (!is_when && body.size() == 2) branch.push_back(body[1]);
  Value if_form = make_list(branch);
  cx.copy_position(form, if_form);
  Value out = make_list({sym("let*"), make_vector(Forms{temp, pair[1]}), if_form});
  cx.copy_position(form, out);
  return out;
}

}  // namespace

Result<Value> expand_if_let(const Value& form, ExpandContext& cx) {
  return expand_conditional_binding(form, cx, Test::Truthy, false);
}
Result<Value> expand_when_let(const Value& form, ExpandContext& cx) {
  return expand_conditional_binding(form, cx, Test::Truthy, true);
}
Result<Value> expand_if_some(const Value& form, ExpandContext& cx) {
  return expand_conditional_binding(form, cx, Test::NotNil, false);
}
Result<Value> expand_when_some(const Value& form, ExpandContext& cx) {
  return expand_conditional_binding(form, cx, Test::NotNil, true);
}

// (when-first [x coll] body...):
// (let* [s (batuta.core/seq coll)] (if s (let [x (batuta.core/first s)] body...)))
Result<Value> expand_when_first(const Value& form, ExpandContext& cx) {
  Forms call = elements(form);
  BATUTA_MACRO_TRY(Forms, pair, binding_vector(call, 1, true, cx, form));
  Value s = cx.gensym("seq");
  Forms first_pair{pair[0], make_list({core_sym("first"), s})};
  BATUTA_MACRO_TRY(Value, then, make_let(first_pair, slice(call, 2), cx, form));
  Value if_form = make_list({sym("if"), s, then});
  cx.copy_position(form, if_form);
  Value out = make_list({sym("let*"), make_vector(Forms{s, make_list({core_sym("seq"), pair[1]})}), if_form});
  cx.copy_position(form, out);
  return out;
}

}  // namespace batuta
