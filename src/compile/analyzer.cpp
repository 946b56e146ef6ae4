// analyzer.cpp: see analyzer.h. Special forms are recognised here; the
// macros that build on them are in core_macros.def.
#include "compile/analyzer.h"

#include <unordered_map>

#include "compile/core_macros.h"
#include "compile/fuse_sequences.h"
#include "core/collection.h"
#include "core/hash_set.h"
#include "core/lazy_seq.h"
#include "core/list.h"
#include "core/map.h"
#include "core/name.h"
#include "core/number.h"
#include "core/string.h"
#include "core/printer.h"
#include "core/tuple.h"
#include "core/vector.h"
#include "read/source_map.h"
#include "vm/fiber.h"
#include "vm/var.h"

namespace batuta {

namespace {

std::vector<Value> list_items(const Value& list) {
  std::vector<Value> out;
  for (Value l = list; is_cons(l); l = list_rest(l)) out.push_back(list_first(l));
  return out;
}

bool is_sym(const Value& v, std::string_view text) { return v.is_symbol() && name_text(v) == text; }

// Special forms by name, with the number each one's dispatch uses.
enum class Special { None, Def, DefMeta, Fn, Let, Loop, LetFn, Recur, If, Do, Quote, VarForm, Return };

Special special_of(const Value& head) {
  if (!head.is_symbol() || head.as_name()->has_namespace()) return Special::None;
  static const std::unordered_map<std::string_view, Special> table = {
      {"def", Special::Def},     {"def*", Special::DefMeta}, {"fn*", Special::Fn},   {"let*", Special::Let},
      {"loop*", Special::Loop},  {"letfn*", Special::LetFn}, {"recur", Special::Recur}, {"if", Special::If},
      {"do", Special::Do},       {"quote", Special::Quote},  {"var", Special::VarForm},
      {"return*", Special::Return},
  };
  auto it = table.find(name_text(head));
  return it == table.end() ? Special::None : it->second;
}

// The ExpandContext the core macros see.
class AnalyzerExpandContext : public ExpandContext {
 public:
  AnalyzerExpandContext(Analyzer& a, const CompileEnv& env, SourcePos pos) : a_(a), env_(env), pos_(pos) {}
  Value gensym(std::string_view prefix) override { return fresh_symbol(prefix); }
  Value qualify_symbol(const Value& sym) override {
    if (is_special_form(sym) || is_sym(sym, "&")) return sym;
    const Name* n = sym.as_name();
    if (n->has_namespace()) {
      if (Namespace* target = find_alias(env_.ns, symbol(n->ns()))) {
        return symbol(name_text(target->name), n->name());
      }
      return sym;
    }
    if (Var* v = resolve_var(env_.ns, sym)) return symbol(name_text(v->ns_name), name_text(v->name));
    if (is_core_macro_name(name_text(sym))) return symbol("batuta.core", name_text(sym));
    return symbol(name_text(env_.ns->name), name_text(sym));
  }
  Error error_at(const Value& form, std::string message) override {
    return a_.error_at(a_.position_of(form, pos_), message);
  }
  bool is_bound(const Value& sym) override { return a_.is_bound_here(sym); }
  bool is_local(const Value& sym) override { return a_.is_local_here(sym); }
  void copy_position(const Value&, const Value&) override {
    // Expansions inherit the position of the macro call (Analyzer::last_pos_);
    // finer positions inside an expansion are not tracked yet.
  }

 private:
  Analyzer& a_;
  const CompileEnv& env_;
  SourcePos pos_;
};

}  // namespace

Error Analyzer::error_at(SourcePos pos, const std::string& message) const {
  return make_error(ErrorKind::CompileError,
                    env_.file + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column) + ": " + message);
}

SourcePos Analyzer::position_of(const Value& form, SourcePos fallback) const {
  if (env_.map != nullptr) {
    if (const SourcePos* p = env_.map->position_of(form)) return *p;
  }
  return fallback;
}

#define TRY_NODE(var, expr)                          \
  auto var##_r = (expr);                             \
  if (!var##_r) return var##_r.take_error();         \
  auto var = var##_r.value()

Result<ir::Fn*> Analyzer::analyze_toplevel(const Value& form) {
  auto* fn = arena_.make<ir::Fn>(env_.pos, nullptr);
  fn->name = "<toplevel>";
  ir::FnArity* arity = arena_.arity();
  arity->pos = env_.pos;
  fn->arities.push_back(arity);
  scopes_.push_back(std::make_unique<Scope>());
  Scope& scope = *scopes_.back();
  scope.fn = fn;
  last_pos_ = env_.pos;
  TRY_NODE(body, analyze(form, scope, /*tail=*/true, env_.pos));
  arity->body = body;
  return fn;
}

// A macro may return a lazy sequence as code (`(seq (concat ...))` of a
// syntax-quote): code is read as the list of its elements.
static Result<Value> code_form(const Value& form) {
  if (!is_lazy_seq(form)) return form;
  std::vector<Value> items;
  LazyWalker walk(form, hook_runner());
  Value x;
  while (walk.next(x)) items.push_back(std::move(x));
  if (walk.error()) return *walk.error();
  return items.empty() ? empty_list() : list_from(items);
}

Result<ir::Node*> Analyzer::analyze(const Value& form_in, Scope& scope, bool tail, SourcePos pos) {
  auto form_r = code_form(form_in);
  if (!form_r) return form_r.take_error();
  const Value& form = form_r.value();
  pos = position_of(form, pos);
  if (form.is_symbol()) return analyze_symbol(form, scope, pos);
  if (is_cons(form)) return analyze_list(form, scope, tail, pos);
  if (is_vector(form) || is_map(form) || is_set(form) || is_tuple(form)) return analyze_collection(form, scope, pos);
  // Everything else evaluates to itself: numbers, strings, keywords, nil,
  // booleans, characters, (), sorted collections and regexes.
  return static_cast<ir::Node*>(arena_.make<ir::Const>(pos, form));
}

ir::Local* Analyzer::lookup_local(const Value& sym, Scope& scope) {
  if (sym.as_name()->has_namespace()) return nullptr;
  const void* key = sym.as_name();
  for (Scope* s = &scope; s != nullptr; s = s->parent) {
    for (auto it = s->names.rbegin(); it != s->names.rend(); ++it) {
      if (it->first == key) return it->second;
    }
  }
  return nullptr;
}

void Analyzer::bind(Scope& scope, const Value& sym, ir::Local* local) { scope.names.emplace_back(sym.as_name(), local); }

// A function reaching a local of an outer function captures it, and so does
// every function in between. Members of a letfn group share one list.
void Analyzer::capture(ir::Local* local, ir::Fn* from) {
  for (ir::Fn* fn = from; fn != nullptr && fn != local->owner; fn = fn->parent) {
    std::vector<ir::Local*>& list = *fn->captures;
    bool present = false;
    for (ir::Local* l : list) present = present || l == local;
    if (!present) list.push_back(local);
  }
}

Result<ir::Node*> Analyzer::analyze_symbol(const Value& sym, Scope& scope, SourcePos pos) {
  if (ir::Local* local = lookup_local(sym, scope)) {
    if (local->owner != scope.fn) capture(local, scope.fn);
    local->used = true;
    return static_cast<ir::Node*>(arena_.make<ir::LocalRef>(pos, local));
  }
  if (Var* var = resolve_var(env_.ns, sym)) {
    if (var->macro.load(std::memory_order_relaxed)) {
      return error_at(pos, "can't take the value of a macro: " + std::string(name_text(sym)));
    }
    return static_cast<ir::Node*>(arena_.make<ir::VarRef>(pos, var));
  }
  const Name* n = sym.as_name();
  if (n->has_namespace() && find_alias(env_.ns, symbol(n->ns())) == nullptr &&
      find_namespace(symbol(n->ns())) == nullptr) {
    return error_at(pos, "no such namespace: " + std::string(n->ns()));
  }
  if (n->has_namespace()) return error_at(pos, "no such var: " + std::string(name_text(sym)));
  if (is_special_form(sym) || is_core_macro_name(name_text(sym))) {
    return error_at(pos, "can't take the value of " + std::string(name_text(sym)) + ": it is a special form or macro");
  }
  return error_at(pos, "unable to resolve symbol: " + std::string(name_text(sym)) + " in this context");
}

Result<ir::Node*> Analyzer::analyze_collection(const Value& form, Scope& scope, SourcePos pos) {
  // The elements in order (maps: key, value, key, value...).
  std::vector<Value> items;
  const char* ctor;
  if (is_vector(form)) {
    ctor = "vector";
    for (size_t i = 0; i < vector_count(form); ++i) items.push_back(vector_at(form, i));
  } else if (is_map(form)) {
    ctor = "hash-map";
    MapCursor c(form);
    const Value *k, *v;
    while (c.next(k, v)) {
      items.push_back(*k);
      items.push_back(*v);
    }
  } else if (is_set(form)) {
    ctor = "hash-set";
    SetCursor c(form);
    while (const Value* x = c.next()) items.push_back(*x);
  } else {
    ctor = "tuple";
    for (const Value& x : as_tuple(form)->elements()) items.push_back(x);
  }
  std::vector<ir::Node*> nodes;
  bool all_const = true;
  for (size_t i = 0; i < items.size(); ++i) {
    SourcePos p = pos;
    if (env_.map != nullptr) {
      if (const SourcePos* ep = env_.map->element_position(form, i)) p = *ep;
    }
    TRY_NODE(node, analyze(items[i], scope, false, p));
    all_const = all_const && node->kind == ir::NodeKind::Const;
    nodes.push_back(node);
  }
  // A literal of constants is built once, at compile time: the reader's
  // value itself when no element changed ('x inside it is a quote form
  // whose value is x, so then the collection is rebuilt from the values).
  if (all_const) {
    bool same = true;
    std::vector<Value> values;
    for (size_t i = 0; i < nodes.size(); ++i) {
      const Value& v = static_cast<ir::Const*>(nodes[i])->value;
      same = same && v.identical(items[i]);
      values.push_back(v);
    }
    if (same) return static_cast<ir::Node*>(arena_.make<ir::Const>(pos, form));
    Value built;
    if (is_vector(form)) {
      built = vector_from(values);
    } else if (is_map(form)) {
      built = map_from(values);
    } else if (is_set(form)) {
      built = set_from(values);
    } else {
      built = batuta::make_tuple(values);
    }
    return static_cast<ir::Node*>(arena_.make<ir::Const>(pos, std::move(built)));
  }
  Var* ctor_var = intern_var(core_namespace(), symbol(ctor));
  auto* call = arena_.make<ir::Call>(pos, arena_.make<ir::VarRef>(pos, ctor_var));
  call->args = std::move(nodes);
  return static_cast<ir::Node*>(call);
}

Result<Value> Analyzer::call_macro(Var* macro, const Value& form, SourcePos pos) {
  Value fn;
  if (!var_get(macro, fn)) return error_at(pos, "macro " + var_full_name(macro) + " is not defined yet");
  std::vector<Value> args;
  for (Value l = list_rest(form); is_cons(l); l = list_rest(l)) args.push_back(list_first(l));
  Fiber fiber(fn, args);
  run(fiber);
  if (fiber.status() == FiberStatus::Done) return fiber.result();
  if (fiber.status() == FiberStatus::Suspended) {
    return error_at(pos, "macro " + var_full_name(macro) + " tried to suspend (receive, call...) while expanding");
  }
  return error_at(pos, "error while expanding macro " + var_full_name(macro) + ": " + fiber.error().to_string());
}

bool Analyzer::is_local_here(const Value& sym) {
  return sym.is_symbol() && expansion_scope_ != nullptr && lookup_local(sym, *expansion_scope_) != nullptr;
}

bool Analyzer::is_bound_here(const Value& sym) {
  if (!sym.is_symbol()) return false;
  if (expansion_scope_ != nullptr && lookup_local(sym, *expansion_scope_) != nullptr) return true;
  return resolve_var(env_.ns, sym) != nullptr;
}

Result<Value> Analyzer::expand_once(const Value& form_in, SourcePos pos, bool& expanded) {
  expanded = false;
  auto form_r = code_form(form_in);
  if (!form_r) return form_r.take_error();
  const Value& form = form_r.value();
  if (!is_cons(form)) return form;
  AnalyzerExpandContext cx(*this, env_, pos);
  if (has_pipeline_operator(form)) {
    expanded = true;
    return expand_pipeline(form, cx);
  }
  const Value& head = list_first(form);
  if (!head.is_symbol() || special_of(head) != Special::None) return form;
  Var* var = resolve_var(env_.ns, head);
  if (var != nullptr && var->macro.load(std::memory_order_relaxed)) {
    expanded = true;
    return call_macro(var, form, pos);
  }
  // A core macro, unless a var of the user's own shadows its name.
  const Name* n = head.as_name();
  bool core_name = !n->has_namespace() || n->ns() == "batuta.core";
  bool shadowed = var != nullptr && name_text(var->ns_name) != "batuta.core";
  if (core_name && !shadowed) {
    if (CoreMacroFn expander = find_core_macro(name_text(head))) {
      expanded = true;
      return expander(form, cx);
    }
  }
  return form;
}

Result<ir::Node*> Analyzer::analyze_list(const Value& form, Scope& scope, bool tail, SourcePos pos) {
  const Value& head = list_first(form);
  last_pos_ = pos;
  if (head.is_symbol() && lookup_local(head, scope) == nullptr) {
    switch (special_of(head)) {
      case Special::If:
        return analyze_if(form, scope, tail, pos);
      case Special::Do:
        return analyze_body(list_rest(form), scope, tail, pos);
      case Special::Let:
        return analyze_let(form, scope, tail, pos, false);
      case Special::Loop:
        return analyze_let(form, scope, tail, pos, true);
      case Special::Recur:
        return analyze_recur(form, scope, tail, pos);
      case Special::Fn:
        return analyze_fn(form, scope, pos, "", nullptr);
      case Special::LetFn:
        return analyze_letfn(form, scope, tail, pos);
      case Special::Def:
        return analyze_def(form, scope, pos, false);
      case Special::DefMeta:
        return analyze_def(form, scope, pos, true);
      case Special::Quote: {
        if (list_count(form) != 2) return error_at(pos, "quote takes exactly one form");
        return static_cast<ir::Node*>(arena_.make<ir::Const>(pos, list_first(list_rest(form))));
      }
      case Special::VarForm: {
        if (list_count(form) != 2 || !list_first(list_rest(form)).is_symbol())
          return error_at(pos, "var takes exactly one symbol");
        const Value& sym = list_first(list_rest(form));
        Var* v = resolve_var(env_.ns, sym);
        if (v == nullptr) return error_at(pos, "unable to resolve var: " + std::string(name_text(sym)) + " in this context");
        return static_cast<ir::Node*>(arena_.make<ir::Const>(pos, var_value_ref(v)));
      }
      case Special::Return: {
        // (return* x): leaves the enclosing function with x (ir::Return).
        if (list_count(form) != 2) return error_at(pos, "return* takes exactly one form");
        TRY_NODE(value, analyze(list_first(list_rest(form)), scope, false, pos));
        return static_cast<ir::Node*>(arena_.make<ir::Return>(pos, value));
      }
      case Special::None:
        break;
    }
    bool expanded = false;
    expansion_scope_ = &scope;
    auto expansion = expand_once(form, pos, expanded);
    expansion_scope_ = nullptr;
    if (!expansion) return expansion.take_error();
    if (expanded) return analyze(expansion.value(), scope, tail, pos);
    if (core_name(head, scope) == "reduce") return analyze_reduce(form, scope, tail, pos);
    bool handled = false;
    TRY_NODE(node, analyze_intrinsic(head, form, scope, pos, handled));
    if (handled) return node;
  } else if (has_pipeline_operator(form)) {
    bool expanded = false;
    auto expansion = expand_once(form, pos, expanded);
    if (!expansion) return expansion.take_error();
    return analyze(expansion.value(), scope, tail, pos);
  }
  return analyze_call(form, scope, pos);
}

std::string_view Analyzer::core_name(const Value& sym, Scope& scope) {
  if (!sym.is_symbol() || lookup_local(sym, scope) != nullptr) return {};
  if (Var* v = resolve_var(env_.ns, sym)) {
    return name_text(v->ns_name) == "batuta.core" ? name_text(v->name) : std::string_view();
  }
  const Name* n = sym.as_name();
  bool core_ns = !n->has_namespace() || n->ns() == "batuta.core";
  return core_ns && is_core_macro_name(n->name()) ? n->name() : std::string_view();
}

class Analyzer::FusionSite : public FusionContext {
 public:
  FusionSite(Analyzer& a, Scope& scope, SourcePos pos) : a_(a), scope_(scope), pos_(pos) {}
  Value gensym(std::string_view prefix) override { return fresh_symbol(prefix); }
  bool is_local(const Value& sym) override { return sym.is_symbol() && a_.lookup_local(sym, scope_) != nullptr; }
  std::string_view core_name(const Value& sym) override { return a_.core_name(sym, scope_); }
  Result<Value> expand_head(const Value& form_in) override {
    Value form = form_in;
    for (;;) {
      if (!is_cons(form) || is_local(list_first(form))) return form;
      bool expanded = false;
      a_.expansion_scope_ = &scope_;
      auto next = a_.expand_once(form, a_.position_of(form, pos_), expanded);
      a_.expansion_scope_ = nullptr;
      if (!next) return next;
      if (!expanded) return next;
      form = std::move(next.value());
    }
  }

 private:
  Analyzer& a_;
  Scope& scope_;
  SourcePos pos_;
};

// A pipeline under reduce becomes the loop fuse_reduce builds, analysed in
// place of the call; anything else stays a call of reduce.
Result<ir::Node*> Analyzer::analyze_reduce(const Value& form, Scope& scope, bool tail, SourcePos pos) {
  FusionSite site(*this, scope, pos);
  auto fused = fuse_reduce(form, site);
  if (!fused) return fused.take_error();
  const Value& out = fused.value();
  if (is_cons(out) && list_first(out).identical(list_first(form))) return analyze_call(out, scope, pos);
  return analyze(out, scope, tail, pos);
}

Result<ir::Node*> Analyzer::analyze_call(const Value& form, Scope& scope, SourcePos pos) {
  TRY_NODE(fn, analyze(list_first(form), scope, false, pos));
  if (fn->kind == ir::NodeKind::Const) {
    const Value& v = static_cast<ir::Const*>(fn)->value;
    if (v.is_nil() || v.is_bool() || is_number(v) || v.is_char() || is_string(v)) {
      return error_at(pos, "can't call " + describe_value(v) + ": it is not a function");
    }
  }
  auto* call = arena_.make<ir::Call>(pos, fn);
  size_t i = 1;
  for (Value l = list_rest(form); is_cons(l); l = list_rest(l), ++i) {
    SourcePos p = pos;
    if (env_.map != nullptr) {
      if (const SourcePos* ep = env_.map->element_position(form, i)) p = *ep;
    }
    TRY_NODE(arg, analyze(list_first(l), scope, false, p));
    call->args.push_back(arg);
  }
  if (call->args.size() > 200) return error_at(pos, "too many arguments in one call (at most 200; use apply)");
  return static_cast<ir::Node*>(call);
}

// `(+ a b)` and friends become one instruction when the head is the core
// function itself (not a local or a var of the user's that shadows it).
Result<ir::Node*> Analyzer::analyze_intrinsic(const Value& head, const Value& form, Scope& scope, SourcePos pos,
                                              bool& handled) {
  handled = false;
  size_t argc = list_count(form) - 1;
  if (argc < 1 || argc > 2 || !head.is_symbol()) return static_cast<ir::Node*>(nullptr);
  Var* var = resolve_var(env_.ns, head);
  if (var == nullptr || name_text(var->ns_name) != "batuta.core") return static_cast<ir::Node*>(nullptr);
  std::string_view name = name_text(var->name);
  struct Entry {
    std::string_view name;
    Op op;
    bool swapped;
    int argc;
    int64_t constant;  // for the one-argument forms: the second operand
  };
  static const Entry table[] = {
      {"+", Op::Add, false, 2, 0},  {"-", Op::Sub, false, 2, 0},  {"*", Op::Mul, false, 2, 0},
      {"<", Op::Lt, false, 2, 0},   {"<=", Op::Le, false, 2, 0},  {">", Op::Lt, true, 2, 0},
      {">=", Op::Le, true, 2, 0},   {"=", Op::Eq, false, 2, 0},   {"inc", Op::Add, false, 1, 1},
      {"dec", Op::Sub, false, 1, 1},
  };
  // Pattern tests and accessors with a literal second operand (a small
  // count, or a key), one instruction each: IsTuple, ElemK, HasKeyK, GetK;
  // and IsMap, whose operand is only a placeholder.
  if (argc == 1 && (name == "even?" || name == "odd?")) {  // IsEven: C is the remainder by 2 wanted
    TRY_NODE(a, analyze(list_first(list_rest(form)), scope, false, pos));
    handled = true;
    return static_cast<ir::Node*>(
        arena_.make<ir::Intrinsic>(pos, Op::IsEven, a, arena_.make<ir::Const>(pos, Value::fixnum(name == "odd?"))));
  }
  if (argc == 1 && name == "%match-map?") {
    TRY_NODE(a, analyze(list_first(list_rest(form)), scope, false, pos));
    handled = true;
    return static_cast<ir::Node*>(arena_.make<ir::Intrinsic>(pos, Op::IsMap, a, arena_.make<ir::Const>(pos, Value::fixnum(0))));
  }
  if (argc == 2) {
    const Value& operand = list_first(list_rest(list_rest(form)));
    bool small_count = operand.is_fixnum() && operand.as_fixnum() >= 0 && operand.as_fixnum() <= 255;
    bool literal_key = operand.is_keyword() || operand.is_fixnum() || operand.is_char() || is_string(operand);
    Op op = Op::LoadNil;
    if (name == "match-tuple?" && small_count) op = Op::IsTuple;
    if (name == "match-elem" && small_count) op = Op::ElemK;
    if (name == "match-key?" && literal_key) op = Op::HasKeyK;
    if (name == "get" && literal_key) op = Op::GetK;
    if (op != Op::LoadNil) {
      TRY_NODE(a, analyze(list_first(list_rest(form)), scope, false, pos));
      handled = true;
      return static_cast<ir::Node*>(arena_.make<ir::Intrinsic>(pos, op, a, arena_.make<ir::Const>(pos, operand)));
    }
  }
  for (const Entry& e : table) {
    if (e.name != name || static_cast<size_t>(e.argc) != argc) continue;
    const Value& x = list_first(list_rest(form));
    TRY_NODE(a, analyze(x, scope, false, pos));
    ir::Node* b;
    if (argc == 2) {
      TRY_NODE(bb, analyze(list_first(list_rest(list_rest(form))), scope, false, pos));
      b = bb;
    } else {
      b = arena_.make<ir::Const>(pos, Value::fixnum(e.constant));
    }
    auto* node = arena_.make<ir::Intrinsic>(pos, e.op, a, b);
    node->swapped = e.swapped;
    handled = true;
    return static_cast<ir::Node*>(node);
  }
  return static_cast<ir::Node*>(nullptr);
}

Result<ir::Node*> Analyzer::analyze_body(const Value& forms, Scope& scope, bool tail, SourcePos pos) {
  std::vector<Value> items = list_items(forms);
  if (items.size() == 1) return analyze(items[0], scope, tail, pos);
  auto* node = arena_.make<ir::Do>(pos);
  for (size_t i = 0; i < items.size(); ++i) {
    TRY_NODE(n, analyze(items[i], scope, tail && i + 1 == items.size(), pos));
    node->body.push_back(n);
  }
  return static_cast<ir::Node*>(node);
}

Result<ir::Node*> Analyzer::analyze_if(const Value& form, Scope& scope, bool tail, SourcePos pos) {
  std::vector<Value> items = list_items(form);
  if (items.size() < 3) return error_at(pos, "too few arguments to if");
  if (items.size() > 4) return error_at(pos, "too many arguments to if");
  TRY_NODE(test, analyze(items[1], scope, false, pos));
  TRY_NODE(then, analyze(items[2], scope, tail, pos));
  ir::Node* otherwise;
  if (items.size() == 4) {
    TRY_NODE(e, analyze(items[3], scope, tail, pos));
    otherwise = e;
  } else {
    otherwise = arena_.make<ir::Const>(pos, Value());
  }
  return static_cast<ir::Node*>(arena_.make<ir::If>(pos, test, then, otherwise));
}

Result<ir::Node*> Analyzer::analyze_let(const Value& form, Scope& scope, bool tail, SourcePos pos, bool is_loop) {
  const char* what = is_loop ? "loop*" : "let*";
  std::vector<Value> items = list_items(form);
  if (items.size() < 2 || !is_vector(items[1])) return error_at(pos, std::string(what) + " requires a vector for its binding");
  const Value& bindings = items[1];
  size_t n = vector_count(bindings);
  if (n % 2 != 0) return error_at(pos, std::string(what) + " requires an even number of forms in binding vector");
  auto* let = arena_.make<ir::Let>(pos, is_loop);
  scopes_.push_back(std::make_unique<Scope>());
  Scope& inner = *scopes_.back();
  inner.parent = &scope;
  inner.fn = scope.fn;
  inner.loop = scope.loop;
  inner.arity = scope.arity;
  inner.recur_arity = scope.recur_arity;
  for (size_t i = 0; i < n; i += 2) {
    const Value& sym = vector_at(bindings, i);
    if (!sym.is_symbol() || sym.as_name()->has_namespace()) {
      return error_at(pos, std::string(what) + ": bad binding form, expected a symbol, got " + pr_str_abbreviated(sym));
    }
    // Each init sees the bindings before it (and never recurs).
    Scope& init_scope = inner;
    ir::Let* saved_loop = init_scope.loop;
    ir::FnArity* saved_arity = init_scope.arity;
    init_scope.loop = nullptr;
    init_scope.arity = nullptr;
    TRY_NODE(init, analyze(vector_at(bindings, i + 1), init_scope, false, pos));
    init_scope.loop = saved_loop;
    init_scope.arity = saved_arity;
    ir::Local* local = arena_.local(sym, scope.fn);
    bind(inner, sym, local);
    let->bindings.push_back({local, init});
  }
  if (is_loop) {
    inner.loop = let;
    inner.arity = nullptr;
    inner.recur_arity = let->bindings.size();
  }
  // The body of a loop is in tail position for its recurs even when the
  // loop itself is not in the function's tail position.
  TRY_NODE(body, analyze_body(list_rest(list_rest(form)), inner, tail || is_loop, pos));
  let->body = body;
  if (is_loop && !tail) {
    // Recur marks tail positions relative to the loop; the emitter knows the
    // loop is not the function's tail and returns nothing from it.
  }
  return static_cast<ir::Node*>(let);
}

Result<ir::Node*> Analyzer::analyze_recur(const Value& form, Scope& scope, bool tail, SourcePos pos) {
  if (!tail) return error_at(pos, "can only recur from tail position");
  if (scope.loop == nullptr && scope.arity == nullptr) return error_at(pos, "recur outside of a loop or function");
  auto* recur = arena_.make<ir::Recur>(pos);
  recur->loop = scope.loop;
  recur->arity = scope.arity;
  for (Value l = list_rest(form); is_cons(l); l = list_rest(l)) {
    TRY_NODE(arg, analyze(list_first(l), scope, false, pos));
    recur->args.push_back(arg);
  }
  if (recur->args.size() != scope.recur_arity) {
    return error_at(pos, "mismatched argument count to recur, expected: " + std::to_string(scope.recur_arity) +
                             " args, got: " + std::to_string(recur->args.size()));
  }
  return static_cast<ir::Node*>(recur);
}

// (fn* name? [params] body...) or (fn* name? ([params] body...) ...)
Result<ir::Node*> Analyzer::analyze_fn(const Value& form, Scope& scope, SourcePos pos, const std::string& def_name,
                                       ir::LetFn* group, ir::Fn* target) {
  Value rest = list_rest(form);
  auto* fn = target != nullptr ? target : arena_.make<ir::Fn>(pos, scope.fn);
  fn->name = def_name.empty() ? "fn" : def_name;
  fn->group = group;
  if (group != nullptr) fn->captures = &group->shared_captures;
  scopes_.push_back(std::make_unique<Scope>());
  Scope& fn_scope = *scopes_.back();
  fn_scope.parent = &scope;
  fn_scope.fn = fn;
  if (is_cons(rest) && list_first(rest).is_symbol()) {
    const Value& name = list_first(rest);
    if (group == nullptr) fn->name = std::string(name_text(name));
    ir::Local* self = arena_.local(name, fn);
    self->origin = ir::Local::Origin::Self;
    bind(fn_scope, name, self);
    fn->prologue.push_back(self);
    rest = list_rest(rest);
  }
  if (group != nullptr) {
    // Siblings are made from this function's own captures (LetFn).
    for (size_t i = 0; i < group->names.size(); ++i) {
      ir::Local* sib = arena_.local(group->names[i]->name, fn);
      sib->origin = ir::Local::Origin::Sibling;
      sib->sibling = group->fns[i];
      bind(fn_scope, group->names[i]->name, sib);
      fn->prologue.push_back(sib);
    }
  }
  if (!is_cons(rest)) return error_at(pos, "fn* needs a parameter vector");
  if (is_vector(list_first(rest))) {
    TRY_NODE(arity, analyze_arity(list_first(rest), list_rest(rest), fn, fn_scope, pos));
    fn->arities.push_back(arity);
  } else {
    for (Value l = rest; is_cons(l); l = list_rest(l)) {
      const Value& clause = list_first(l);
      if (!is_cons(clause) || !is_vector(list_first(clause))) {
        return error_at(pos, "fn*: expected a parameter vector or ([params] body) clauses, got " + pr_str_abbreviated(clause));
      }
      TRY_NODE(arity, analyze_arity(list_first(clause), list_rest(clause), fn, fn_scope, position_of(clause, pos)));
      for (ir::FnArity* other : fn->arities) {
        bool same = other->params.size() == arity->params.size() && (other->rest != nullptr) == (arity->rest != nullptr);
        if (same) return error_at(pos, "fn " + fn->name + ": two arities take " + std::to_string(arity->params.size()) + " arguments");
        if (other->rest != nullptr && arity->rest != nullptr)
          return error_at(pos, "fn " + fn->name + ": can't have more than one variadic arity");
      }
      fn->arities.push_back(arity);
    }
  }
  return static_cast<ir::Node*>(fn);
}

Result<ir::FnArity*> Analyzer::analyze_arity(const Value& params, const Value& body, ir::Fn* fn, Scope& fn_scope,
                                             SourcePos pos) {
  ir::FnArity* arity = arena_.arity();
  arity->pos = pos;
  scopes_.push_back(std::make_unique<Scope>());
  Scope& scope = *scopes_.back();
  scope.parent = &fn_scope;
  scope.fn = fn;
  size_t n = vector_count(params);
  for (size_t i = 0; i < n; ++i) {
    const Value& p = vector_at(params, i);
    if (is_sym(p, "&")) {
      if (i + 2 != n || !vector_at(params, i + 1).is_symbol()) {
        return error_at(pos, "fn*: & must be followed by exactly one symbol");
      }
      const Value& r = vector_at(params, i + 1);
      arity->rest = arena_.local(r, fn);
      bind(scope, r, arity->rest);
      break;
    }
    if (!p.is_symbol() || p.as_name()->has_namespace()) {
      return error_at(pos, "fn*: parameters must be symbols, got " + pr_str_abbreviated(p));
    }
    ir::Local* local = arena_.local(p, fn);
    bind(scope, p, local);
    arity->params.push_back(local);
  }
  if (arity->params.size() > 100) return error_at(pos, "fn*: at most 100 parameters");
  scope.arity = arity;
  scope.recur_arity = arity->params.size() + (arity->rest != nullptr ? 1 : 0);
  TRY_NODE(b, analyze_body(body, scope, true, pos));
  arity->body = b;
  return arity;
}

// (letfn* [f (fn* f [..] ..) g (fn* g [..] ..)] body...)
Result<ir::Node*> Analyzer::analyze_letfn(const Value& form, Scope& scope, bool tail, SourcePos pos) {
  std::vector<Value> items = list_items(form);
  if (items.size() < 2 || !is_vector(items[1]) || vector_count(items[1]) % 2 != 0) {
    return error_at(pos, "letfn* requires a vector of name and function pairs");
  }
  auto* node = arena_.make<ir::LetFn>(pos);
  scopes_.push_back(std::make_unique<Scope>());
  Scope& inner = *scopes_.back();
  inner.parent = &scope;
  inner.fn = scope.fn;
  inner.loop = scope.loop;
  inner.arity = scope.arity;
  inner.recur_arity = scope.recur_arity;
  const Value& bindings = items[1];
  std::vector<Value> fn_forms;
  for (size_t i = 0; i < vector_count(bindings); i += 2) {
    const Value& name = vector_at(bindings, i);
    if (!name.is_symbol()) return error_at(pos, "letfn*: bad binding name " + pr_str_abbreviated(name));
    ir::Local* local = arena_.local(name, scope.fn);
    node->names.push_back(local);
    fn_forms.push_back(vector_at(bindings, i + 1));
  }
  // Every member exists before any is analysed: each one's prologue names
  // all its siblings.
  for (size_t i = 0; i < fn_forms.size(); ++i) {
    const Value& f = fn_forms[i];
    if (!is_cons(f) || !is_sym(list_first(f), "fn*")) return error_at(pos, "letfn*: each binding must be a fn* form");
    node->fns.push_back(arena_.make<ir::Fn>(position_of(f, pos), scope.fn));
  }
  for (size_t i = 0; i < fn_forms.size(); ++i) {
    TRY_NODE(fn, analyze_fn(fn_forms[i], scope, position_of(fn_forms[i], pos),
                            std::string(name_text(node->names[i]->name)), node, node->fns[i]));
    (void)fn;
  }
  for (size_t i = 0; i < node->names.size(); ++i) bind(inner, node->names[i]->name, node->names[i]);
  TRY_NODE(body, analyze_body(list_rest(list_rest(form)), inner, tail, pos));
  node->body = body;
  return static_cast<ir::Node*>(node);
}

// (def name), (def name init), (def name "doc" init), (def* name {meta} init)
Result<ir::Node*> Analyzer::analyze_def(const Value& form, Scope& scope, SourcePos pos, bool with_meta) {
  std::vector<Value> items = list_items(form);
  const char* what = with_meta ? "def*" : "def";
  if (items.size() < 2 || !items[1].is_symbol()) return error_at(pos, std::string(what) + " needs a symbol to define");
  const Value& name = items[1];
  const Name* n = name.as_name();
  if (n->has_namespace() && n->ns() != name_text(env_.ns->name)) {
    return error_at(pos, "can't def " + std::string(name_text(name)) + ": a var of another namespace");
  }
  Value meta;
  Value init_form;
  bool has_init = false;
  if (with_meta) {
    if (items.size() != 4 || !is_map(items[2])) return error_at(pos, "def* takes a name, a metadata map and an init");
    // The meta map is data, not code; a quoted value in it (:arglists
    // '([x])) is kept as the quoted form.
    meta = empty_map();
    MapCursor c(items[2]);
    const Value *k, *v;
    while (c.next(k, v)) {
      bool quoted = is_cons(*v) && is_sym(list_first(*v), "quote") && list_count(*v) == 2;
      meta = map_assoc(std::move(meta), *k, quoted ? list_first(list_rest(*v)) : *v);
    }
    init_form = items[3];
    has_init = true;
  } else if (items.size() == 3) {
    init_form = items[2];
    has_init = true;
  } else if (items.size() == 4) {
    if (!is_string(items[2])) return error_at(pos, "def: the docstring must be a string");
    meta = map_assoc(empty_map(), keyword("doc"), items[2]);
    init_form = items[3];
    has_init = true;
  } else if (items.size() > 4) {
    return error_at(pos, "too many arguments to def");
  }
  Var* var = intern_var(env_.ns, symbol(n->name()));
  // Metadata: what the form says plus where it was defined.
  Value m = meta.is_nil() ? empty_map() : meta;
  m = map_assoc(std::move(m), keyword("file"), make_string_from_utf8(env_.file));
  m = map_assoc(std::move(m), keyword("line"), Value::fixnum(pos.line));
  m = map_assoc(std::move(m), keyword("column"), Value::fixnum(pos.column));
  m = map_assoc(std::move(m), keyword("name"), symbol(n->name()));
  m = map_assoc(std::move(m), keyword("ns"), env_.ns->name);
  bool is_macro = get(m, keyword("macro")).truthy();
  set_var_meta(var, m);
  var->macro.store(is_macro, std::memory_order_relaxed);
  ir::Node* init = nullptr;
  if (has_init) {
    // A function defined here is named after its var in stack traces. Its
    // calls to itself by that name go through the var, as every other
    // caller's do, so redefining it takes effect in running recursions too.
    if (is_cons(init_form) && is_sym(list_first(init_form), "fn*")) {
      Value fn_form = init_form;
      Value after = list_rest(init_form);
      if (is_cons(after) && list_first(after).is_symbol() && list_first(after).identical(symbol(n->name()))) {
        fn_form = cons(list_first(init_form), list_rest(after));
      }
      TRY_NODE(fn, analyze_fn(fn_form, scope, position_of(init_form, pos), std::string(n->name()), nullptr));
      init = fn;
    } else {
      TRY_NODE(i, analyze(init_form, scope, false, pos));
      init = i;
    }
  }
  return static_cast<ir::Node*>(arena_.make<ir::Def>(pos, var, init));
}

}  // namespace batuta
