// expansion_eval.h: a small tree-walking evaluator of expanded code, for
// the macro tests only.
//
// It runs what the core macros produce (the special forms if, do, let*,
// loop*, recur, fn*, quote, and calls of a few batuta.core functions on
// fixnums and sequences) so the tests can check what expansions DO, not
// only how they print: destructuring picks the right elements, `for`
// realises lazily, stops on infinite input, and realising it step by step
// needs a constant evaluation depth however long the input is.
//
// Test data only: functions, lazy sequences, lazy conses and ranges are
// tagged tuples ({:fn id}, {:lazy id}, {:cons x rest}, {:range from to}).
// Errors throw EvalFailure (tests are built with exceptions).
#pragma once

#include <deque>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "compile/core_macros.h"
#include "compile/macros_util.h"
#include "core/equality.h"
#include "core/list.h"
#include "core/map.h"
#include "core/name.h"
#include "core/printer.h"
#include "core/tuple.h"
#include "core/vector.h"

namespace batuta::test {

struct EvalFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class ExpansionEval {
 public:
  explicit ExpansionEval(ExpandContext& cx) : cx_(cx) {}

  Value eval_top(const Value& form) { return eval(form, nullptr); }
  // The whole sequence as a vector (realising it).
  Value realise(const Value& coll) {
    std::vector<Value> out;
    for (Value s = seq(coll); !s.is_nil(); s = seq(rest(s))) out.push_back(first(s));
    return vector_from(out);
  }
  size_t max_depth() const { return max_depth_; }

 private:
  struct Env {
    Value sym;
    Value val;
    std::shared_ptr<Env> parent;
  };
  using EnvPtr = std::shared_ptr<Env>;
  struct Closure {
    Value name;                // symbol or nil
    std::vector<Value> arities;  // each: ([params] body...)
    EnvPtr env;
  };
  struct Lazy {
    Value thunk;
    bool realised = false;
    Value value;
  };

  static Value kw(std::string_view k) { return keyword(k); }
  static bool tagged(const Value& v, std::string_view tag) {
    return is_tuple(v) && as_tuple(v)->size >= 1 && as_tuple(v)->items[0].identical(keyword(tag));
  }
  static const Value& item(const Value& t, size_t i) { return as_tuple(t)->items[i]; }
  [[noreturn]] static void fail(const std::string& what) { throw EvalFailure(what); }

  static EnvPtr bind(EnvPtr env, Value sym, Value val) {
    return std::make_shared<Env>(Env{std::move(sym), std::move(val), std::move(env)});
  }

  Value lookup(const Value& sym, const EnvPtr& env) {
    for (const Env* e = env.get(); e; e = e->parent.get())
      if (e->sym.identical(sym)) return e->val;
    std::string_view name = sym.as_name()->name();
    return make_tuple({kw("native"), keyword(name)});
  }

  bool is_local(const Value& sym, const EnvPtr& env) {
    for (const Env* e = env.get(); e; e = e->parent.get())
      if (e->sym.identical(sym)) return true;
    return false;
  }

  struct DepthGuard {
    ExpansionEval& ev;
    explicit DepthGuard(ExpansionEval& e) : ev(e) {
      if (++ev.depth_ > ev.max_depth_) ev.max_depth_ = ev.depth_;
      if (ev.depth_ > 5000) fail("evaluation too deep");
    }
    ~DepthGuard() { --ev.depth_; }
  };

  Value eval_body(const std::vector<Value>& forms, size_t from, const EnvPtr& env) {
    Value v;
    for (size_t i = from; i < forms.size(); ++i) v = eval(forms[i], env);
    return v;
  }

  EnvPtr bind_pairs(const Value& bindings, EnvPtr env) {
    std::vector<Value> b = macros::elements(bindings);
    for (size_t i = 0; i + 1 < b.size(); i += 2) {
      if (!macros::is_bindable_symbol(b[i])) fail("let*/loop* binds plain symbols only, got " + pr_str(b[i]));
      Value v = eval(b[i + 1], env);
      env = bind(env, b[i], v);
    }
    return env;
  }

  Value eval(const Value& form, const EnvPtr& env) {
    DepthGuard guard(*this);
    if (form.is_symbol()) return lookup(form, env);
    if (is_vector(form)) {
      std::vector<Value> out;
      for (const Value& v : macros::elements(form)) out.push_back(eval(v, env));
      return vector_from(out);
    }
    if (is_map(form)) {
      std::vector<Value> kvs;
      MapCursor entries(form);
      const Value* k;
      const Value* v;
      while (entries.next(k, v)) {
        kvs.push_back(eval(*k, env));
        kvs.push_back(eval(*v, env));
      }
      return map_from(kvs);
    }
    if (!is_cons(form)) return form;
    std::vector<Value> f = macros::elements(form);
    const Value& head = f[0];
    if (head.is_symbol() && !is_local(head, env)) {
      std::string_view h = name_text(head);
      if (h == "quote") return f[1];
      if (h == "if") {
        if (eval(f[1], env).truthy()) return eval(f[2], env);
        return f.size() > 3 ? eval(f[3], env) : Value();
      }
      if (h == "do") return eval_body(f, 1, env);
      if (h == "let*") return eval_body(f, 2, bind_pairs(f[1], env));
      if (h == "loop*") {
        std::vector<Value> b = macros::elements(f[1]);
        EnvPtr loop_env = bind_pairs(f[1], env);
        for (;;) {
          Value v = eval_body(f, 2, loop_env);
          if (!recurring_) return v;
          recurring_ = false;
          loop_env = env;
          for (size_t i = 0; i < b.size(); i += 2) loop_env = bind(loop_env, b[i], recur_values_[i / 2]);
        }
      }
      if (h == "recur") {
        std::vector<Value> args;
        for (size_t i = 1; i < f.size(); ++i) args.push_back(eval(f[i], env));
        recur_values_ = std::move(args);
        recurring_ = true;
        return Value();
      }
      if (h == "fn*") return make_closure(f, env);
      if (CoreMacroFn m = find_core_macro(h)) {
        auto r = m(form, cx_);
        if (!r.ok()) fail(r.error().message);
        return eval(r.value(), env);
      }
    }
    Value fn = eval(head, env);
    std::vector<Value> args;
    for (size_t i = 1; i < f.size(); ++i) args.push_back(eval(f[i], env));
    return apply(fn, args);
  }

  Value make_closure(const std::vector<Value>& f, const EnvPtr& env) {
    Closure c;
    c.env = env;
    size_t i = 1;
    if (f.size() > 1 && f[1].is_symbol()) c.name = f[i++];
    if (i < f.size() && is_vector(f[i])) c.arities.push_back(macros::make_list(macros::slice(f, i)));
    else
      for (; i < f.size(); ++i) c.arities.push_back(f[i]);
    closures_.push_back(std::move(c));
    Value fn = make_tuple({kw("fn"), Value::fixnum(static_cast<int64_t>(closures_.size() - 1))});
    return fn;
  }

  Value call_closure(const Value& fn, const std::vector<Value>& args) {
    const Closure& c = closures_[static_cast<size_t>(item(fn, 1).as_fixnum())];
    for (const Value& arity : c.arities) {
      std::vector<Value> a = macros::elements(arity);
      std::vector<Value> params = macros::elements(a[0]);
      bool variadic = params.size() >= 2 && macros::is_symbol_named(params[params.size() - 2], "&");
      size_t fixed = variadic ? params.size() - 2 : params.size();
      if (variadic ? args.size() < fixed : args.size() != fixed) continue;
      EnvPtr env = c.env;
      if (!c.name.is_nil()) env = bind(env, c.name, fn);
      for (size_t i = 0; i < fixed; ++i) env = bind(env, params[i], args[i]);
      if (variadic) {
        std::vector<Value> rest(args.begin() + static_cast<std::ptrdiff_t>(fixed), args.end());
        env = bind(env, params.back(), rest.empty() ? Value() : list_from(rest));
      }
      return eval_body(a, 1, env);
    }
    fail("wrong number of arguments: " + std::to_string(args.size()));
  }

  // --- sequences ---------------------------------------------------------------
  Value seq(Value x) {
    for (;;) {
      if (x.is_nil()) return x;
      if (is_list(x)) return is_empty_list(x) ? Value() : x;
      if (is_vector(x)) return vector_count(x) == 0 ? Value() : list_from(macros::elements(x));
      if (tagged(x, "cons")) return x;
      if (tagged(x, "range")) {
        const Value& to = item(x, 2);
        return !to.is_nil() && item(x, 1).as_fixnum() >= to.as_fixnum() ? Value() : x;
      }
      if (tagged(x, "lazy")) {  // unwraps lazy sequences iteratively
        Lazy& l = lazies_[static_cast<size_t>(item(x, 1).as_fixnum())];
        if (!l.realised) {
          l.value = apply(l.thunk, {});
          l.realised = true;
        }
        x = l.value;
        continue;
      }
      fail("not a sequence: " + pr_str(x));
    }
  }
  Value first(const Value& x) {
    Value s = seq(x);
    if (s.is_nil()) return s;
    if (is_list(s)) return list_first(s);
    return item(s, 1);
  }
  Value rest(const Value& x) {
    Value s = seq(x);
    if (s.is_nil()) return empty_list();
    if (is_list(s)) return list_rest(s);
    if (tagged(s, "cons")) return item(s, 2);
    return make_tuple({kw("range"), Value::fixnum(item(s, 1).as_fixnum() + 1), item(s, 2)});
  }

  int64_t fix(const Value& v) {
    if (!v.is_fixnum()) fail("expected an integer, got " + pr_str(v));
    return v.as_fixnum();
  }

  Value apply(const Value& fn, const std::vector<Value>& args) {
    if (tagged(fn, "fn")) return call_closure(fn, args);
    if (fn.is_keyword()) return args.empty() || !is_map(args[0]) ? Value() : map_get(args[0], fn);
    if (!tagged(fn, "native")) fail("not a function: " + pr_str(fn));
    std::string_view n = name_text(item(fn, 1));
    auto arg = [&](size_t i) -> const Value& {
      if (i >= args.size()) fail(std::string(n) + ": missing argument");
      return args[i];
    };
    if (n == "seq") return seq(arg(0));
    if (n == "first") return first(arg(0));
    if (n == "rest") return rest(arg(0));
    if (n == "next") return seq(rest(arg(0)));
    if (n == "cons") return make_tuple({kw("cons"), arg(0), arg(1)});
    if (n == "make-lazy-seq") {
      lazies_.push_back({arg(0), false, Value()});
      return make_tuple({kw("lazy"), Value::fixnum(static_cast<int64_t>(lazies_.size() - 1))});
    }
    if (n == "range")
      return args.empty() ? make_tuple({kw("range"), Value::fixnum(0), Value()})
                          : make_tuple({kw("range"), Value::fixnum(0), arg(0)});
    if (n == "take") {
      std::vector<Value> out;
      Value s = arg(1);
      for (int64_t i = 0; i < fix(arg(0)) && !seq(s).is_nil(); ++i, s = rest(s)) out.push_back(first(s));
      return vector_from(out);
    }
    if (n == "count") return Value::fixnum(static_cast<int64_t>(vector_count(realise(arg(0)))));
    if (n == "nth") {
      Value s = arg(0);
      for (int64_t i = fix(arg(1)); i > 0; --i) s = rest(s);
      return seq(s).is_nil() ? (args.size() > 2 ? args[2] : Value()) : first(s);
    }
    if (n == "nthnext") {
      Value s = arg(0);
      for (int64_t i = fix(arg(1)); i > 0; --i) s = rest(s);
      return seq(s);
    }
    if (n == "get") {
      const Value* found = is_map(arg(0)) ? map_find(arg(0), arg(1)) : nullptr;
      return found ? *found : (args.size() > 2 ? args[2] : Value());
    }
    if (n == "apply") {
      std::vector<Value> all(args.begin() + 1, args.end() - 1);
      for (Value s = seq(args.back()); !s.is_nil(); s = seq(rest(s))) all.push_back(first(s));
      return apply(arg(0), all);
    }
    if (n == "hash-map") return map_from(args);
    if (n == "list") return list_from(args);
    if (n == "vector") return vector_from(args);
    if (n == "=") return Value::boolean(equals(arg(0), arg(1)));
    if (n == "<") return Value::boolean(fix(arg(0)) < fix(arg(1)));
    if (n == ">") return Value::boolean(fix(arg(0)) > fix(arg(1)));
    if (n == "+") return Value::fixnum(fix(arg(0)) + fix(arg(1)));
    if (n == "-") return Value::fixnum(fix(arg(0)) - fix(arg(1)));
    if (n == "*") return Value::fixnum(fix(arg(0)) * fix(arg(1)));
    if (n == "inc") return Value::fixnum(fix(arg(0)) + 1);
    if (n == "odd?") return Value::boolean(fix(arg(0)) % 2 != 0);
    if (n == "even?") return Value::boolean(fix(arg(0)) % 2 == 0);
    if (n == "nil?") return Value::boolean(arg(0).is_nil());
    if (n == "some?") return Value::boolean(!arg(0).is_nil());
    if (n == "contains?") return Value::boolean(macros::elements(arg(0)).size() > 0 && [&] {
      for (const Value& v : macros::elements(arg(0)))
        if (equals(v, arg(1))) return true;
      return false;
    }());
    if (n == "%case-fallthrough") fail("no matching clause for value: " + pr_str(arg(0)));
    fail("unknown function " + std::string(n));
  }

  ExpandContext& cx_;
  std::deque<Closure> closures_;  // deque: references stay valid as it grows
  std::deque<Lazy> lazies_;
  bool recurring_ = false;
  std::vector<Value> recur_values_;
  size_t depth_ = 0;
  size_t max_depth_ = 0;
};

}  // namespace batuta::test
