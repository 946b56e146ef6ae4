// macros_sequences.cpp: for, doseq, dotimes, lazy-seq, with-out-str.
//
// `for` builds a lazy sequence one element per step, never by recursion:
// each binding level is a named function over the remaining input,
//
//   ((fn* iter [s]
//      (batuta.core/make-lazy-seq
//        (fn* []
//          (loop* [s s]
//            (let* [s (batuta.core/seq s)]
//              (if s
//                (let* [x (batuta.core/first s)]         ; the pattern
//                  ... :let / :when / :while ...          ; skip: (recur (rest s))
//                  (batuta.core/cons body (iter (batuta.core/rest s))))
//                END))))))
//    coll)
//
// so realising element n+1 calls the thunk of one lazy sequence, skipped
// elements (:when) loop with recur, and an infinite input is fine. A
// level below the first ends (END, or a false :while) by continuing the
// level above: `(outer-iter (batuta.core/rest outer-s))`, a lazy sequence
// returned from a thunk. make-lazy-seq's realisation must therefore unwrap
// a lazy sequence returned by a thunk iteratively (as Clojure's LazySeq
// does), so that many empty inner sequences in a row use no stack.
//
// doseq is the eager counterpart: nested loop*s over seq/first/next.
#include <string>

#include "compile/core_macros.h"
#include "compile/destructure.h"
#include "compile/macros_binding.h"
#include "compile/macros_util.h"
#include "core/list.h"
#include "core/name.h"
#include "core/vector.h"

namespace batuta {

using namespace macros;

namespace {

struct Modifier {
  enum Kind { Let, When, While } kind;
  Value arg;
};

struct Level {
  Value pattern;
  Value coll;
  std::vector<Modifier> modifiers;
};

// The binding vector of for/doseq: `pattern coll` pairs, each followed by
// any number of `:let [..]`, `:when test`, `:while test`.
Result<std::vector<Level>> parse_levels(const Forms& call, ExpandContext& cx, const Value& form) {
  std::string who = head_name(call);
  BATUTA_MACRO_TRY(Forms, pairs, binding_vector(call, 1, false, cx, form));
  std::vector<Level> levels;
  for (size_t i = 0; i < pairs.size(); i += 2) {
    const Value& key = pairs[i];
    if (!key.is_keyword()) {
      levels.push_back({key, pairs[i + 1], {}});
      continue;
    }
    if (levels.empty())
      return cx.error_at(call[1], who + ": the binding vector must start with a binding, got " + show(key));
    std::string_view k = name_text(key);
    Modifier::Kind kind;
    if (k == "let") kind = Modifier::Let;
    else if (k == "when") kind = Modifier::When;
    else if (k == "while") kind = Modifier::While;
    else return cx.error_at(call[1], "Invalid '" + who + "' keyword " + show(key));
    if (kind == Modifier::Let && (!is_vector(pairs[i + 1]) || vector_count(pairs[i + 1]) % 2 != 0))
      return cx.error_at(call[1], who + ": :let requires a vector with an even number of forms");
    levels.back().modifiers.push_back({kind, pairs[i + 1]});
  }
  if (levels.empty()) return cx.error_at(form, who + " requires at least one binding");
  return levels;
}

// Wraps `inner` in the level's modifiers, the first written outermost.
// `skip` continues with the next element (for :when), `stop` ends the
// level (for :while).
Result<Value> apply_modifiers(const Level& level, Value inner, const Value& skip, const Value& stop,
                              ExpandContext& cx, const Value& form) {
  Value acc = std::move(inner);
  for (size_t i = level.modifiers.size(); i-- > 0;) {
    const Modifier& m = level.modifiers[i];
    if (m.kind == Modifier::Let) {
      Value body[] = {acc};
      BATUTA_MACRO_TRY(Value, let, make_let(elements(m.arg), body, cx, form));
      acc = let;
    } else {
      acc = make_list({sym("if"), m.arg, acc, m.kind == Modifier::When ? skip : stop});
      cx.copy_position(form, acc);
    }
  }
  return acc;
}

struct ForBuilder {
  const std::vector<Level>& levels;
  const Value& body;
  const Value& form;
  ExpandContext& cx;
  std::vector<Value> iters;  // iter gensym of each level built so far
  std::vector<Value> seqs;   // s gensym of each level

  // The lazy sequence of level k and below, as a call of its iter function.
  // Recursion depth is the number of binding levels the user wrote.
  Result<Value> level(size_t k) {
    Value iter = cx.gensym("iter");
    Value s = cx.gensym("s");
    iters.push_back(iter);
    seqs.push_back(s);
    // What ends this level: nothing more (level 0), or the rest of the level above.
    Value end = k == 0 ? Value::nil()
                       : make_list({iters[k - 1], make_list({core_sym("rest"), seqs[k - 1]})});
    Value skip = make_list({sym("recur"), make_list({core_sym("rest"), s})});
    Value step;
    if (k + 1 == levels.size()) {
      Value next = make_list({iter, make_list({core_sym("rest"), s})});
      step = make_list({core_sym("cons"), body, next});
      cx.copy_position(form, step);
    } else {
      BATUTA_MACRO_TRY(Value, inner, level(k + 1));
      step = inner;
    }
    BATUTA_MACRO_TRY(Value, guarded, apply_modifiers(levels[k], step, skip, end, cx, form));
    Value bound_body[] = {guarded};
    BATUTA_MACRO_TRY(Value, bound,
                     make_let(Forms{levels[k].pattern, make_list({core_sym("first"), s})}, bound_body, cx, form));
    Value branch = make_list({sym("if"), s, bound, end});
    Value reseq = make_list({sym("let*"), make_vector(Forms{s, make_list({core_sym("seq"), s})}), branch});
    Value loop = make_list({sym("loop*"), make_vector(Forms{s, s}), reseq});
    Value thunk = make_list({sym("fn*"), make_vector(Forms{}), loop});
    Value lazy = make_list({core_sym("make-lazy-seq"), thunk});
    Value iter_fn = make_list({sym("fn*"), iter, make_vector(Forms{s}), lazy});
    Value call = make_list({iter_fn, levels[k].coll});
    cx.copy_position(form, call);
    return call;
  }
};

}  // namespace

// (for [x xs :when (odd? x) y ys] [x y]): a lazy sequence (see the top).
Result<Value> expand_for(const Value& form, ExpandContext& cx) {
  Forms call = elements(form);
  BATUTA_MACRO_TRY(std::vector<Level>, levels, parse_levels(call, cx, form));
  if (call.size() != 3) return cx.error_at(form, "for requires a binding vector and exactly one body expression");
  ForBuilder builder{levels, call[2], form, cx, {}, {}};
  return builder.level(0);
}

namespace {

// (loop* [s (batuta.core/seq coll)]
//   (if s (let* [x (batuta.core/first s)] ...modifiers... (do inner (recur (batuta.core/next s)))) nil))
Result<Value> doseq_level(const std::vector<Level>& levels, size_t k, std::span<const Value> body,
                          ExpandContext& cx, const Value& form) {
  Value s = cx.gensym("s");
  Value next = make_list({sym("recur"), make_list({core_sym("next"), s})});
  Forms step_forms{sym("do")};
  if (k + 1 == levels.size()) {
    step_forms.insert(step_forms.end(), body.begin(), body.end());
  } else {
    BATUTA_MACRO_TRY(Value, inner, doseq_level(levels, k + 1, body, cx, form));
    step_forms.push_back(inner);
  }
  step_forms.push_back(next);
  BATUTA_MACRO_TRY(Value, guarded, apply_modifiers(levels[k], make_list(step_forms), next, Value::nil(), cx, form));
  Value bound_body[] = {guarded};
  BATUTA_MACRO_TRY(Value, bound,
                   make_let(Forms{levels[k].pattern, make_list({core_sym("first"), s})}, bound_body, cx, form));
  Value branch = make_list({sym("if"), s, bound, Value::nil()});
  Value loop = make_list(
      {sym("loop*"), make_vector(Forms{s, make_list({core_sym("seq"), levels[k].coll})}), branch});
  cx.copy_position(form, loop);
  return loop;
}

}  // namespace

// (doseq [x xs :when (odd? x)] body...): eager, returns nil.
Result<Value> expand_doseq(const Value& form, ExpandContext& cx) {
  Forms call = elements(form);
  BATUTA_MACRO_TRY(std::vector<Level>, levels, parse_levels(call, cx, form));
  Forms body = slice(call, 2);
  return doseq_level(levels, 0, body, cx, form);
}

// (dotimes [i n] body...) =>
// (let* [n' n] (loop* [i 0] (if (batuta.core/< i n') (do body... (recur (batuta.core/inc i))) nil)))
Result<Value> expand_dotimes(const Value& form, ExpandContext& cx) {
  Forms call = elements(form);
  BATUTA_MACRO_TRY(Forms, pair, binding_vector(call, 1, true, cx, form));
  if (!is_bindable_symbol(pair[0]))
    return cx.error_at(call[1], "dotimes requires a symbol to bind, got " + show(pair[0]));
  Value n = cx.gensym("n");
  Forms step = slice(call, 2);
  step.push_back(make_list({sym("recur"), make_list({core_sym("inc"), pair[0]})}));
  Value branch = make_list({sym("if"), make_list({core_sym("<"), pair[0], n}), do_form(step), Value::nil()});
  Value loop = make_list({sym("loop*"), make_vector(Forms{pair[0], Value::fixnum(0)}), branch});
  cx.copy_position(form, loop);
  Value out = make_list({sym("let*"), make_vector(Forms{n, pair[1]}), loop});
  cx.copy_position(form, out);
  return out;
}

// (lazy-seq body...) => (batuta.core/make-lazy-seq (fn* [] body...))
Result<Value> expand_lazy_seq(const Value& form, ExpandContext& cx) {
  Forms body = slice(elements(form), 1);
  Value thunk = call_with(sym("fn*"), prepend(make_vector(Forms{}), body));
  cx.copy_position(form, thunk);
  Value out = make_list({core_sym("make-lazy-seq"), thunk});
  cx.copy_position(form, out);
  return out;
}

// (with-out-str body...) =>
// (do (batuta.core/push-output-capture) body... (batuta.core/pop-output-capture))
// pop-output-capture returns what was printed since the matching push.
Result<Value> expand_with_out_str(const Value& form, ExpandContext& cx) {
  Forms items{sym("do"), make_list({core_sym("push-output-capture")})};
  Forms body = slice(elements(form), 1);
  items.insert(items.end(), body.begin(), body.end());
  items.push_back(make_list({core_sym("pop-output-capture")}));
  Value out = make_list(items);
  cx.copy_position(form, out);
  return out;
}

}  // namespace batuta
