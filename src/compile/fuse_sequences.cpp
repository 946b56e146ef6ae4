// fuse_sequences.cpp: see fuse_sequences.h.
//
// The shape of the loop for (reduce f init (filter p (map g SOURCE))):
//
//   (let* [g# g  p# p  init# init  c# SOURCE]   ; evaluated as the call would
//     (loop* [acc# init#  <source state>  <take counters>]
//       (if <every take counter is above 0>     ; only with take stages
//         (<next element e of the source, or: acc#>
//           (let* [v1 (g# e)]                   ; map
//             (if (p# v1)                       ; filter
//               (let* [r (f acc# v1)]
//                 (if <r is reduced> (unreduced r) (recur r <next state>)))
//               (recur acc# <next state>))))
//         acc#)))
//
// Only what could have a visible effect matters for "the same calls in the
// same order": the stage functions run element by element, stage by stage,
// exactly as this implementation's unchunked lazy sequences run them
// (reduce realises element k+1 after calling f on element k; a take stage
// never realises the element after its last; take-while stops at the
// first failing element). Evaluating a function position has no effect
// unless it is an arbitrary expression, and those are bound first, in
// argument order. What differs is only what nobody can observe: no lazy
// cells, no stage closures, no call of a literal (fn [x] ...) stage (its
// body runs in a let, or a loop when it uses recur, which then means the
// same thing). When nothing else mentions them, the accumulator and the
// element take the names of the literal fns' parameters (choose_names), so
// those bodies need no binding either.
//
// The source decides the loop: `(range)` counts from 0 with no end, a
// range of fixnum literals with a positive step counts between constants;
// any other source is evaluated once and dispatched at run time: a vector by
// index, a fresh finite integer range with a positive step by a counter
// (range-spec, as reduce itself does), anything else by seq/first/rest.
#include "compile/fuse_sequences.h"

#include <algorithm>
#include <vector>

#include "compile/macros_util.h"
#include "core/list.h"
#include "core/map.h"
#include "core/name.h"
#include "core/number.h"
#include "core/vector.h"

namespace batuta {

using namespace macros;

namespace {

// The stages a pipeline may hold, by core function name; each is a call
// of two arguments, the last being the collection it reads (take's first
// must be a fixnum literal).
#define BATUTA_FUSED_STAGES(X) \
  X(Map, "map")                \
  X(Filter, "filter")          \
  X(Remove, "remove")          \
  X(Keep, "keep")              \
  X(TakeWhile, "take-while")   \
  X(Take, "take")

enum class StageKind {
#define BATUTA_STAGE_KIND(kind, name) kind,
  BATUTA_FUSED_STAGES(BATUTA_STAGE_KIND)
#undef BATUTA_STAGE_KIND
};

bool stage_kind_of(std::string_view core_name, StageKind& out) {
#define BATUTA_STAGE_MATCH(kind, name) \
  if (core_name == name) {             \
    out = StageKind::kind;             \
    return true;                       \
  }
  BATUTA_FUSED_STAGES(BATUTA_STAGE_MATCH)
#undef BATUTA_STAGE_MATCH
  return false;
}

// Core reducing functions that never return a reduced value, so the loop
// need not test for one.
bool never_reduced(std::string_view core_name) {
  return core_name == "+" || core_name == "*" || core_name == "-" || core_name == "max" || core_name == "min" ||
         core_name == "conj";
}

// True when `sym` occurs anywhere in `form` (lists, vectors, maps, sets,
// tuples), quoted or not: a conservative scan of code before expansion.
bool mentions(const Value& form, std::string_view text) {
  if (form.is_symbol()) return name_text(form) == text;
  if (is_map(form)) {
    MapCursor c(form);
    const Value *k, *v;
    while (c.next(k, v))
      if (mentions(*k, text) || mentions(*v, text)) return true;
    return false;
  }
  for (const Value& x : elements(form))
    if (mentions(x, text)) return true;
  return false;
}

// How the loop applies a function of the pipeline.
struct Callee {
  enum class Kind { Inline, Direct, Bound } kind = Kind::Bound;
  Value form;        // Direct: the symbol; Bound: the gensym its value is bound to; Inline: the fn form
  Forms params;      // Inline: the parameter patterns
  Forms body;        // Inline: the body forms
  std::string_view core;  // Direct: the core function it names ("" for a local)
};

// A literal fn whose body mentions recur is applied as a loop* (recur
// then restarts the body, as it restarted the fn).
bool recurs(const Callee& c) {
  for (const Value& b : c.body)
    if (mentions(b, "recur")) return true;
  return false;
}

struct Stage {
  StageKind kind;
  Callee fn;      // every kind but Take
  Value count;    // Take: the literal count
  Value counter;  // Take: the loop binding that counts down
};

class Fuser {
 public:
  explicit Fuser(FusionContext& cx) : cx_(cx) {}

  Result<Value> run(const Value& form);

 private:
  Callee callee(const Value& form, size_t arity);
  bool inlinable_fn(const Value& form, size_t arity, Callee& out);
  Value apply(const Callee& c, const Forms& args);
  void choose_names();
  bool never_returns_reduced(const Callee& c);
  bool never_reduced_value(const Value& form, const Callee& owner);
  Value bind(const Value& init, std::string_view prefix);

  // The pieces of one loop; `next` is the source's state for recur.
  Value stop();
  Value recur(const Value& acc, const Forms& next, const Value& started, const Forms& counters);
  Value element(size_t stage, const Value& v, Forms counters, const Forms& next);
  Value step(const Value& v, const Forms& counters, const Forms& next);
  Value loop(const Forms& state, const Value& head);
  Value guarded(const Value& head);

  Value counter_loop();
  Value range_loop(const Value& start, const Value& end, const Value& step);
  Value vector_loop(const Value& coll);
  Value seq_loop(const Value& coll);

  FusionContext& cx_;
  Forms bindings_;            // let* pairs around the loop, in evaluation order
  Callee f_;
  bool has_init_ = false;
  Value init_;                // the gensym holding init (has_init_)
  std::vector<Stage> stages_;  // nearest the source first
  Value acc_, started_;
  Value element_;  // what the loop calls the source's current element
};

// True when c's result can never be a reduced value: a core function
// that never returns one, or a literal fn whose body's value is a call of
// one (or a number, or an `if` between such values).
bool Fuser::never_returns_reduced(const Callee& c) {
  if (c.kind == Callee::Kind::Direct) return never_reduced(c.core);
  return c.kind == Callee::Kind::Inline && c.body.size() == 1 && never_reduced_value(c.body[0], c);
}

bool Fuser::never_reduced_value(const Value& form, const Callee& owner) {
  if (is_number(form)) return true;
  if (!is_cons(form) || !list_first(form).is_symbol()) return false;
  const Value& head = list_first(form);
  for (const Value& p : owner.params)
    if (mentions(p, name_text(head))) return false;  // a parameter named like the function
  if (cx_.is_local(head)) return false;
  if (is_symbol_named(head, "if")) {
    Forms parts = elements(form);
    return parts.size() == 4 && never_reduced_value(parts[2], owner) && never_reduced_value(parts[3], owner);
  }
  return never_reduced(cx_.core_name(head));
}

// The accumulator and the element are named after the parameters of the
// literal fns that first receive them (f's first; the first stage's, or
// f's second), so those bodies run with no binding, hence no register
// copy: safe when nothing else in the loop mentions the name (a body, or
// a function position), since the loop's own names are gensyms or
// qualified.
void Fuser::choose_names() {
  acc_ = cx_.gensym("acc");
  element_ = cx_.gensym("e");
  std::vector<const Callee*> callees{&f_};
  for (const Stage& s : stages_)
    if (s.kind != StageKind::Take) callees.push_back(&s.fn);
  auto own_name = [&](const Callee* owner, size_t i) {
    if (owner == nullptr || owner->kind != Callee::Kind::Inline || recurs(*owner)) return false;
    const Value& name = owner->params[i];
    if (!is_bindable_symbol(name)) return false;
    for (size_t j = 0; j < owner->params.size(); ++j)
      if (j != i && mentions(owner->params[j], name_text(name))) return false;  // (fn [x x] ...)
    for (const Callee* c : callees)
      if (c != owner && mentions(c->form, name_text(name))) return false;
    return true;
  };
  const Callee* first = &f_;
  size_t at = 1;
  if (!stages_.empty()) {
    first = stages_[0].kind == StageKind::Take ? nullptr : &stages_[0].fn;
    at = 0;
  }
  if (own_name(first, at)) element_ = first->params[at];
  if (own_name(&f_, 0) && !f_.params[0].identical(element_)) acc_ = f_.params[0];
}

Value Fuser::bind(const Value& init, std::string_view prefix) {
  Value g = cx_.gensym(prefix);
  bindings_.push_back(g);
  bindings_.push_back(init);
  return g;
}

// (fn [params] body...) or (fn ([params] body...)) with `arity` plain
// parameters (patterns allowed, no &), no name, and a body that cannot
// leave the function early (return*, one-argument ?): applied in place.
bool Fuser::inlinable_fn(const Value& form, size_t arity, Callee& out) {
  if (!is_cons(form) || cx_.core_name(list_first(form)) != "fn") return false;
  Forms items = elements(form);
  if (items.size() < 2) return false;
  Value params = items[1];
  Forms body = slice(items, 2);
  if (is_cons(params) && items.size() == 2) {  // one clause: ([params] body...)
    Forms clause = elements(params);
    if (clause.empty()) return false;
    params = clause[0];
    body = slice(clause, 1);
  }
  if (!is_vector(params) || vector_count(params) != arity) return false;
  Forms ps = elements(params);
  for (const Value& p : ps)
    if (is_symbol_named(p, "&")) return false;
  for (const Value& b : body)
    if (mentions(b, "return*") || mentions(b, "?")) return false;
  out.kind = Callee::Kind::Inline;
  out.form = form;
  out.params = std::move(ps);
  out.body = std::move(body);
  return true;
}

Callee Fuser::callee(const Value& form, size_t arity) {
  Callee c;
  if (inlinable_fn(form, arity, c)) return c;
  if (form.is_symbol()) {
    std::string_view core = cx_.is_local(form) ? std::string_view() : cx_.core_name(form);
    if (cx_.is_local(form) || !core.empty()) {
      c.kind = Callee::Kind::Direct;
      c.form = form;
      c.core = core;
      return c;
    }
  }
  c.kind = Callee::Kind::Bound;
  c.form = bind(form, "fn");
  return c;
}

// (c args...): a call, or the inlined body with the parameters bound.
// An argument that is the parameter's own name (choose_names) needs no
// binding.
Value Fuser::apply(const Callee& c, const Forms& args) {
  if (c.kind != Callee::Kind::Inline) return call_with(c.form, args);
  if (args.size() != c.params.size()) return call_with(c.form, args);  // (f) for an empty reduce: the real arity error
  bool loops = recurs(c);
  Forms pairs;
  bool plain = true;
  for (size_t i = 0; i < args.size(); ++i) {
    if (!loops && args[i].identical(c.params[i])) continue;
    plain = plain && is_bindable_symbol(c.params[i]);
    pairs.push_back(c.params[i]);
    pairs.push_back(args[i]);
  }
  if (pairs.empty()) return body_form(c.body);
  Value head = plain ? sym(loops ? "loop*" : "let*") : core_sym(loops ? "loop" : "let");
  Forms out{head, make_vector(pairs)};
  out.insert(out.end(), c.body.begin(), c.body.end());
  return make_list(out);
}

// The value of the reduce once the pipeline ends: the accumulator, or
// without init and no element, (f).
Value Fuser::stop() {
  if (has_init_) return acc_;
  return make_list({sym("if"), started_, acc_, apply(f_, {})});
}

Value Fuser::recur(const Value& acc, const Forms& next, const Value& started, const Forms& counters) {
  Forms out{sym("recur"), acc};
  out.insert(out.end(), next.begin(), next.end());
  if (!has_init_) out.push_back(started);
  out.insert(out.end(), counters.begin(), counters.end());
  return make_list(out);
}

// The end of the pipeline: f on the accumulator and v, then the next
// element unless f returned a reduced value.
Value Fuser::step(const Value& v, const Forms& counters, const Forms& next) {
  Value applied = apply(f_, {acc_, v});
  Value after;
  if (never_returns_reduced(f_)) {
    after = recur(applied, next, Value::boolean(true), counters);
  } else {
    Value r = cx_.gensym("r");
    // A reduced value is a 2-tuple: the tuple test is one instruction, and
    // only a 2-tuple pays for the call of reduced?.
    Value is_reduced = make_list({sym("if"), make_list({core_sym("match-tuple?"), r, Value::fixnum(2)}),
                                  make_list({core_sym("reduced?"), r}), Value::boolean(false)});
    after = make_list({sym("let*"), make_vector(Forms{r, applied}),
                       make_list({sym("if"), is_reduced, make_list({core_sym("unreduced"), r}),
                                  recur(r, next, Value::boolean(true), counters)})});
  }
  if (has_init_) return after;
  return make_list({sym("if"), started_, after, recur(v, next, Value::boolean(true), counters)});
}

// Stage `i` and those after it applied to v (`counters` are the take
// counters as this element has left them so far).
Value Fuser::element(size_t i, const Value& v, Forms counters, const Forms& next) {
  if (i == stages_.size()) return step(v, counters, next);
  const Stage& s = stages_[i];
  Value skip = recur(acc_, next, started_, counters);
  switch (s.kind) {
    case StageKind::Map: {
      Value out = cx_.gensym("v");
      return make_list({sym("let*"), make_vector(Forms{out, apply(s.fn, {v})}), element(i + 1, out, counters, next)});
    }
    case StageKind::Filter:
      return make_list({sym("if"), apply(s.fn, {v}), element(i + 1, v, counters, next), skip});
    case StageKind::Remove:
      return make_list({sym("if"), apply(s.fn, {v}), skip, element(i + 1, v, counters, next)});
    case StageKind::Keep: {
      Value out = cx_.gensym("v");
      return make_list({sym("let*"), make_vector(Forms{out, apply(s.fn, {v})}),
                        make_list({sym("if"), make_list({core_sym("="), out, Value::nil()}), skip,
                                   element(i + 1, out, counters, next)})});
    }
    case StageKind::TakeWhile:
      return make_list({sym("if"), apply(s.fn, {v}), element(i + 1, v, counters, next), stop()});
    case StageKind::Take: {
      size_t k = 0;
      for (size_t j = 0; j < i; ++j) k += stages_[j].kind == StageKind::Take;
      Value left = cx_.gensym("left");
      Value decrement = make_list({core_sym("dec"), counters[k]});
      counters[k] = left;
      return make_list({sym("let*"), make_vector(Forms{left, decrement}), element(i + 1, v, counters, next)});
    }
  }
  return Value::nil();
}

// The pipeline stops before it asks the source for another element once
// any take stage has passed its last one (a take never realises more).
Value Fuser::guarded(const Value& head) {
  Value out = head;
  for (auto it = stages_.rbegin(); it != stages_.rend(); ++it) {
    if (it->kind != StageKind::Take) continue;
    out = make_list({sym("if"), make_list({core_sym("<"), Value::fixnum(0), it->counter}), out, stop()});
  }
  return out;
}

// (loop* [acc init <state> started <counters>] head)
Value Fuser::loop(const Forms& state, const Value& head) {
  Forms pairs{acc_, has_init_ ? init_ : Value::nil()};
  pairs.insert(pairs.end(), state.begin(), state.end());
  if (!has_init_) {
    pairs.push_back(started_);
    pairs.push_back(Value::boolean(false));
  }
  for (const Stage& s : stages_) {
    if (s.kind != StageKind::Take) continue;
    pairs.push_back(s.counter);
    pairs.push_back(s.count);
  }
  return make_list({sym("loop*"), make_vector(pairs), guarded(head)});
}

Forms start_counters(const std::vector<Stage>& stages) {
  Forms out;
  for (const Stage& s : stages)
    if (s.kind == StageKind::Take) out.push_back(s.counter);
  return out;
}

// (range end), (range start end) or (range start end step) of fixnum
// literals with a positive step: the loop's bounds are constants.
bool literal_range(const Forms& args) {
  for (const Value& a : args)
    if (!a.is_fixnum()) return false;
  return !args.empty() && (args.size() < 3 || args[2].as_fixnum() > 0);
}

// (range): 0, 1, 2, ... with no end.
Value Fuser::counter_loop() {
  Value i = element_;
  Forms next{make_list({core_sym("+"), i, Value::fixnum(1)})};
  return loop({i, Value::fixnum(0)}, element(0, i, start_counters(stages_), next));
}

// A finite integer range from start below end by step > 0: constants, or
// forms reading range-spec's vector (evaluated once, before the loop).
Value Fuser::range_loop(const Value& start, const Value& end, const Value& step) {
  Value i = element_, end_sym = cx_.gensym("end"), step_sym = cx_.gensym("step");
  Forms outer;
  auto once = [&](const Value& form, const Value& name) {
    if (!is_cons(form)) return form;
    outer.push_back(name);
    outer.push_back(form);
    return name;
  };
  Value end_v = once(end, end_sym), step_v = once(step, step_sym);
  Forms next{make_list({core_sym("+"), i, step_v})};
  Value head = make_list({sym("if"), make_list({core_sym("<"), i, end_v}),
                          element(0, i, start_counters(stages_), next), stop()});
  return make_list({sym("let*"), make_vector(outer), loop({i, start}, head)});
}

Value Fuser::vector_loop(const Value& coll) {
  Value i = cx_.gensym("i"), n = cx_.gensym("n"), e = element_;
  Forms next{make_list({core_sym("+"), i, Value::fixnum(1)})};
  Value each = make_list({sym("let*"), make_vector(Forms{e, make_list({core_sym("nth"), coll, i})}),
                          element(0, e, start_counters(stages_), next)});
  Value head = make_list({sym("if"), make_list({core_sym("<"), i, n}), each, stop()});
  return make_list({sym("let*"), make_vector(Forms{n, make_list({core_sym("count"), coll})}),
                    loop({i, Value::fixnum(0)}, head)});
}

// seq/first/rest: the next element is realised at the top of the next
// turn, after f has run on this one and after the take counters allow it.
Value Fuser::seq_loop(const Value& coll) {
  Value s = cx_.gensym("s"), q = cx_.gensym("q"), e = element_;
  Forms next{make_list({core_sym("rest"), q})};
  Value each = make_list({sym("let*"), make_vector(Forms{e, make_list({core_sym("first"), q})}),
                          element(0, e, start_counters(stages_), next)});
  Value head = make_list({sym("let*"), make_vector(Forms{q, make_list({core_sym("seq"), s})}),
                          make_list({sym("if"), q, each, stop()})});
  return loop({s, coll}, head);
}

Result<Value> Fuser::run(const Value& form) {
  Forms call = elements(form);
  if (call.size() != 3 && call.size() != 4) return form;
  has_init_ = call.size() == 4;
  size_t coll_at = call.size() - 1;

  // The nest of stages, outermost first, down to the source.
  BATUTA_MACRO_TRY(Value, coll, cx_.expand_head(call[coll_at]));
  std::vector<Value> nest;  // the stage calls, outermost first
  Value source = coll;
  for (;;) {
    if (!is_cons(source) || !list_first(source).is_symbol()) break;
    StageKind kind;
    if (!stage_kind_of(cx_.core_name(list_first(source)), kind) || list_count(source) != 3) break;
    Forms parts = elements(source);
    if (kind == StageKind::Take && !(parts[1].is_fixnum())) break;
    nest.push_back(source);
    BATUTA_MACRO_TRY(Value, inner, cx_.expand_head(parts[2]));
    source = inner;
  }
  bool range_source = is_cons(source) && cx_.core_name(list_first(source)) == "range";
  if (nest.empty() && !range_source) {
    if (coll.identical(call[coll_at])) return form;
    call[coll_at] = coll;
    return make_list(call);
  }

  // Bindings in the order the call would evaluate its arguments.
  f_ = callee(call[1], 2);
  if (has_init_) init_ = bind(call[2], "init");
  for (const Value& n : nest) {
    Forms parts = elements(n);
    Stage s;
    stage_kind_of(cx_.core_name(parts[0]), s.kind);
    if (s.kind == StageKind::Take) {
      s.count = parts[1];
      s.counter = cx_.gensym("left");
    } else {
      s.fn = callee(parts[1], 1);
    }
    stages_.push_back(std::move(s));
  }
  std::reverse(stages_.begin(), stages_.end());
  choose_names();
  started_ = cx_.gensym("started");

  Value body;
  Forms range_args = range_source ? slice(elements(source), 1) : Forms{};
  if (range_source && range_args.empty()) {
    body = counter_loop();
  } else if (range_source && literal_range(range_args)) {
    Value start = range_args.size() == 1 ? Value::fixnum(0) : range_args[0];
    Value end = range_args.size() == 1 ? range_args[0] : range_args[1];
    Value step = range_args.size() == 3 ? range_args[2] : Value::fixnum(1);
    body = range_loop(start, end, step);
  } else {
    Value c = bind(source, "coll");
    Value spec = cx_.gensym("spec");
    Value literal_step;  // the step when the source is a range with a literal positive one
    if (range_source) {
      Forms parts = elements(source);
      if (parts.size() < 4) literal_step = Value::fixnum(1);
      else if (parts[3].is_fixnum() && parts[3].as_fixnum() > 0) literal_step = parts[3];
    }
    Value by_spec = range_loop(make_list({core_sym("nth"), spec, Value::fixnum(0)}),
                               make_list({core_sym("nth"), spec, Value::fixnum(1)}),
                               literal_step.is_nil() ? make_list({core_sym("nth"), spec, Value::fixnum(2)}) : literal_step);
    Value by_range = make_list({sym("let*"), make_vector(Forms{spec, make_list({core_sym("range-spec"), c})}),
                                make_list({sym("if"), spec, by_spec, seq_loop(c)})});
    body = range_source ? by_range
                        : make_list({sym("if"), make_list({core_sym("vector?"), c}), vector_loop(c), by_range});
  }
  return make_list({sym("let*"), make_vector(bindings_), body});
}

}  // namespace

Result<Value> fuse_reduce(const Value& form, FusionContext& cx) {
  Fuser fuser(cx);
  return fuser.run(form);
}

}  // namespace batuta
