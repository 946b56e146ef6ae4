// compiler.cpp: the compile layer's surface (compiler.h): the pipeline,
// symbol resolution and macro expansion entry points.
#include "compile/compiler.h"

#include <atomic>

#include "compile/analyzer.h"
#include "compile/emitter.h"
#include "compile/optimize.h"
#include "core/list.h"
#include "core/name.h"
#include "core/printer.h"
#include "vm/function.h"
#include "vm/var.h"

namespace batuta {

const std::vector<std::string_view>& special_form_names() {
  static const std::vector<std::string_view> names = {"def",   "def*", "fn*", "let*",  "loop*", "recur",
                                                       "if",    "do",   "quote", "var", "letfn*",
                                                       "return*"};
  return names;
}

bool is_special_form(const Value& sym) {
  if (!sym.is_symbol() || sym.as_name()->has_namespace()) return false;
  std::string_view text = name_text(sym);
  for (std::string_view s : special_form_names())
    if (s == text) return true;
  return false;
}

Namespace* core_namespace() {
  static Namespace* core = find_or_create_namespace(symbol("batuta.core"));
  return core;
}

Value fresh_symbol(std::string_view prefix) {
  static std::atomic<uint64_t> counter{0};
  uint64_t n = counter.fetch_add(1, std::memory_order_relaxed) + 1;
  return symbol(std::string(prefix) + "__" + std::to_string(n) + "__auto__");
}

bool (*g_unresolved_symbol_hook)(Namespace* ns, const Value& sym) = nullptr;

namespace {

Var* resolve_loaded_var(Namespace* ns, const Value& sym) {
  const Name* n = sym.as_name();
  if (n->has_namespace()) {
    Value ns_sym = symbol(n->ns());
    Namespace* target = find_alias(ns, ns_sym);
    if (target == nullptr) target = find_namespace(ns_sym);
    if (target == nullptr) return nullptr;
    Var* v = find_var(target, symbol(n->name()));
    return v;
  }
  if (Var* v = find_var(ns, sym)) return v;
  if (Var* v = find_refer(ns, sym)) return v;
  if (ns != core_namespace()) {
    if (Var* v = find_var(core_namespace(), sym)) return v;
    // What batuta.core refers (the query layer's names, installed by the
    // layers above lib) is visible everywhere too.
    if (Var* v = find_refer(core_namespace(), sym)) return v;
  }
  return nullptr;
}

}  // namespace

Var* resolve_var(Namespace* ns, const Value& sym) {
  if (!sym.is_symbol()) return nullptr;
  if (Var* v = resolve_loaded_var(ns, sym)) return v;
  if (g_unresolved_symbol_hook != nullptr && g_unresolved_symbol_hook(ns, sym)) return resolve_loaded_var(ns, sym);
  return nullptr;
}

namespace {

Result<ir::Fn*> analyze_and_optimize(const Value& form, const CompileEnv& env, ir::Arena& arena) {
  Analyzer analyzer(arena, env);
  auto fn = analyzer.analyze_toplevel(form);
  if (!fn) return fn.take_error();
  optimize(fn.value()->arities[0]->body, arena);
  return fn;
}

}  // namespace

Result<Value> compile_toplevel(const Value& form, const CompileEnv& env) {
  ir::Arena arena;
  auto fn = analyze_and_optimize(form, env, arena);
  if (!fn) return fn.take_error();
  auto proto = emit_function(fn.value(), env.file);
  if (!proto) return proto.take_error();
  return make_closure(std::move(proto.value()), {});
}

Result<std::string> ir_text(const Value& form, const CompileEnv& env) {
  ir::Arena arena;
  auto fn = analyze_and_optimize(form, env, arena);
  if (!fn) return fn.take_error();
  return ir::dump(fn.value()->arities[0]->body);
}

Result<Value> macroexpand_1(const Value& form, const CompileEnv& env) {
  ir::Arena arena;
  Analyzer analyzer(arena, env);
  bool expanded = false;
  return analyzer.expand_once(form, analyzer.position_of(form, env.pos), expanded);
}

Result<Value> macroexpand(const Value& form, const CompileEnv& env) {
  ir::Arena arena;
  Analyzer analyzer(arena, env);
  Value current = form;
  for (int i = 0; i < 10000; ++i) {
    bool expanded = false;
    auto next = analyzer.expand_once(current, analyzer.position_of(current, env.pos), expanded);
    if (!next) return next.take_error();
    if (!expanded) return current;
    current = std::move(next.value());
  }
  return analyzer.error_at(env.pos, "macro expansion did not terminate after 10000 steps");
}

Result<bool> split_toplevel_do(const Value& form, const CompileEnv& env, std::vector<Value>& out,
                               Value* expansion) {
  auto expanded = macroexpand(form, env);
  if (!expanded) return expanded.take_error();
  const Value& f = expanded.value();
  if (!is_cons(f) || !list_first(f).is_symbol() || name_text(list_first(f)) != "do") {
    if (expansion != nullptr) *expansion = f;
    return false;
  }
  for (Value l = list_rest(f); is_cons(l); l = list_rest(l)) out.push_back(list_first(l));
  return true;
}

// --- IR printing ------------------------------------------------------------------
namespace ir {

const char* node_kind_name(NodeKind k) {
  switch (k) {
#define BATUTA_IR_NAME(name) \
  case NodeKind::name:       \
    return #name;
    BATUTA_IR_NODES(BATUTA_IR_NAME)
#undef BATUTA_IR_NAME
  }
  return "?";
}

namespace {

std::string local_name(const Local* l) { return std::string(name_text(l->name)) + "#" + std::to_string(l->id); }

void dump_into(const Node* n, std::string& s) {
  switch (n->kind) {
    case NodeKind::Const:
      s += "(const " + pr_str(static_cast<const Const*>(n)->value) + ")";
      return;
    case NodeKind::LocalRef:
      s += "(local " + local_name(static_cast<const LocalRef*>(n)->local) + ")";
      return;
    case NodeKind::VarRef:
      s += "(var " + var_full_name(static_cast<const VarRef*>(n)->var) + ")";
      return;
    case NodeKind::If: {
      auto* x = static_cast<const If*>(n);
      s += "(if ";
      dump_into(x->test, s);
      s += " ";
      dump_into(x->then, s);
      s += " ";
      dump_into(x->otherwise, s);
      s += ")";
      return;
    }
    case NodeKind::Do:
      s += "(do";
      for (const Node* b : static_cast<const Do*>(n)->body) {
        s += " ";
        dump_into(b, s);
      }
      s += ")";
      return;
    case NodeKind::Let: {
      auto* x = static_cast<const Let*>(n);
      s += x->is_loop ? "(loop [" : "(let [";
      for (size_t i = 0; i < x->bindings.size(); ++i) {
        if (i > 0) s += " ";
        s += local_name(x->bindings[i].local) + " ";
        dump_into(x->bindings[i].init, s);
      }
      s += "] ";
      dump_into(x->body, s);
      s += ")";
      return;
    }
    case NodeKind::Recur:
      s += "(recur";
      for (const Node* a : static_cast<const Recur*>(n)->args) {
        s += " ";
        dump_into(a, s);
      }
      s += ")";
      return;
    case NodeKind::Fn: {
      auto* x = static_cast<const Fn*>(n);
      s += "(fn " + x->name;
      if (!x->captures->empty()) {
        s += " :captures [";
        for (size_t i = 0; i < x->captures->size(); ++i) s += (i > 0 ? " " : "") + local_name((*x->captures)[i]);
        s += "]";
      }
      for (const FnArity* a : x->arities) {
        s += " ([";
        for (size_t i = 0; i < a->params.size(); ++i) s += (i > 0 ? " " : "") + local_name(a->params[i]);
        if (a->rest != nullptr) s += std::string(a->params.empty() ? "" : " ") + "& " + local_name(a->rest);
        s += "] ";
        dump_into(a->body, s);
        s += ")";
      }
      s += ")";
      return;
    }
    case NodeKind::LetFn: {
      auto* x = static_cast<const LetFn*>(n);
      s += "(letfn [";
      for (size_t i = 0; i < x->fns.size(); ++i) {
        if (i > 0) s += " ";
        s += local_name(x->names[i]) + " ";
        dump_into(x->fns[i], s);
      }
      s += "] ";
      dump_into(x->body, s);
      s += ")";
      return;
    }
    case NodeKind::Call: {
      auto* x = static_cast<const Call*>(n);
      s += "(call ";
      dump_into(x->fn, s);
      for (const Node* a : x->args) {
        s += " ";
        dump_into(a, s);
      }
      s += ")";
      return;
    }
    case NodeKind::Intrinsic: {
      auto* x = static_cast<const Intrinsic*>(n);
      s += std::string("(") + op_name(x->op) + (x->swapped ? " swapped " : " ");
      dump_into(x->a, s);
      s += " ";
      dump_into(x->b, s);
      s += ")";
      return;
    }
    case NodeKind::Return:
      s += "(return ";
      dump_into(static_cast<const Return*>(n)->value, s);
      s += ")";
      return;
    case NodeKind::Def: {
      auto* x = static_cast<const Def*>(n);
      s += "(def " + var_full_name(x->var);
      if (x->init != nullptr) {
        s += " ";
        dump_into(x->init, s);
      }
      s += ")";
      return;
    }
  }
}

}  // namespace

std::string dump(const Node* node) {
  std::string s;
  dump_into(node, s);
  return s;
}

}  // namespace ir
}  // namespace batuta
