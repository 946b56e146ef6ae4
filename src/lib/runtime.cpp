// runtime.cpp: namespaces as the runtime sees them, and the natives that
// reach into the compiler (runtime.h). Their natives.def entries are in the
// "runtime" section.
#include "lib/runtime.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "compile/compiler.h"
#include "compile/core_macros.h"
#include "core/collection.h"
#include "core/list.h"
#include "core/map.h"
#include "core/name.h"
#include "core/printer.h"
#include "core/string.h"
#include "core/vector.h"
#include "lib/eval.h"
#include "lib/native_util.h"
#include "lib/natives.h"
#include "lib/output.h"
#include "lib/stdlib.h"
#include "read/profile.h"
#include "read/reader.h"
#include "read/source_map.h"
#include "vm/var.h"

namespace batuta {

namespace {

BATUTA_THREAD_LOCAL Namespace* t_current_ns = nullptr;
BATUTA_THREAD_LOCAL std::string* t_current_file = nullptr;

Var* core_var(std::string_view name) { return intern_var(core_namespace(), symbol(name)); }

// The aliases every namespace starts with (LANGUAGE.md: the seed uses
// str/upper-case without a require; JSON is what data arrives in).
constexpr std::pair<std::string_view, std::string_view> kDefaultAliases[] = {
    {"str", "batuta.string"},
    {"json", "batuta.json"},
    {"set", "batuta.set"},
    {"math", "batuta.math"},
};

}  // namespace

Namespace* current_namespace_of_thread() { return t_current_ns != nullptr ? t_current_ns : user_namespace(); }

void set_current_namespace(Namespace* ns) {
  if (t_current_ns == ns) return;
  t_current_ns = ns;
  var_set(core_var("*ns*"), Value::share(ns));
}

Namespace* make_namespace(const Value& name) {
  Namespace* ns = find_or_create_namespace(name);
  for (auto [alias, target] : kDefaultAliases) {
    if (find_alias(ns, symbol(alias)) == nullptr) {
      add_alias(ns, symbol(alias), find_or_create_namespace(symbol(target)));
    }
  }
  return ns;
}

Namespace* user_namespace() {
  static Namespace* user = make_namespace(symbol("user"));
  return user;
}

void set_current_file(const std::string& path) {
  if (t_current_file == nullptr) t_current_file = new std::string();  // per thread, for the process's life
  *t_current_file = path;
}

const std::string& current_file() {
  static const std::string none;
  return t_current_file != nullptr ? *t_current_file : none;
}

std::vector<std::string> completions_in(Namespace* ns, std::string_view prefix) {
  std::set<std::string> out;
  auto consider = [&](std::string name) {
    if (name.compare(0, prefix.size(), prefix) == 0) out.insert(std::move(name));
  };
  for (Var* v : namespace_vars(ns, true)) consider(std::string(name_text(v->name)));
  for (Var* v : namespace_vars(ns, false)) consider(std::string(name_text(v->name)));
  if (ns != core_namespace()) {
    for (Var* v : namespace_vars(core_namespace(), true)) consider(std::string(name_text(v->name)));
  }
  for (auto& [alias, target] : namespace_aliases(ns)) {
    std::string a(name_text(alias));
    if (prefix.size() <= a.size() ? a.compare(0, prefix.size(), prefix) == 0
                                  : prefix.compare(0, a.size() + 1, a + "/") == 0) {
      // set/ completes set.ba's names too, loading it (stdlib.h); a
      // library that fails to load completes what its natives define.
      (void)load_embedded_namespace(target->name);
      for (Var* v : namespace_vars(target, true)) consider(a + "/" + std::string(name_text(v->name)));
    }
  }
  for (std::string_view s : unloaded_embedded_names()) consider(std::string(s));  // defactor before actor.ba loads
  for (std::string_view s : special_form_names()) consider(std::string(s));
  for (std::string_view s : core_macro_names()) consider(std::string(s));
  return {out.begin(), out.end()};
}

void install_runtime_natives() {
  for (const char* name : {"*1", "*2", "*3", "*e", "*command-line-args*"}) {
    Var* v = core_var(name);
    if (!v->is_bound()) var_set(v, Value());
  }
  set_current_namespace(user_namespace());
}

// --- natives ------------------------------------------------------------------------

namespace {

CompileEnv env_here() {
  CompileEnv env{current_namespace_of_thread()};
  env.file = current_file().empty() ? "<eval>" : current_file();
  return env;
}

Result<Namespace*> namespace_arg(const Value& v, const char* op) {
  if (v.is_symbol()) return make_namespace(v);
  if (is_kind(v, Kind::Namespace)) return object_as<Namespace>(v);
  return make_error(ErrorKind::TypeError, std::string(op) + ": expected a namespace name (a symbol), got " + describe_value(v));
}

// Loads the file of namespace `name` (a.b-c -> a/b_c.ba, also a/b-c.ba),
// searched next to the file being loaded, in the working directory and in
// the directories of $BATUTA_PATH.
Result<bool> load_namespace_file(const Value& name) {
  std::string rel(name_text(name));
  std::replace(rel.begin(), rel.end(), '.', '/');
  std::vector<std::string> candidates;
  const std::string& here = current_file();
  size_t slash = here.rfind('/');
  std::vector<std::string> roots;
  roots.push_back(slash == std::string::npos ? "." : here.substr(0, slash));
  roots.push_back(".");
  if (const char* path = std::getenv("BATUTA_PATH")) {
    std::string p(path);
    size_t start = 0;
    while (start <= p.size()) {
      size_t colon = p.find(':', start);
      std::string d = p.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
      if (!d.empty()) roots.push_back(d);
      if (colon == std::string::npos) break;
      start = colon + 1;
    }
  }
  std::string underscored = rel;
  std::replace(underscored.begin(), underscored.end(), '-', '_');
  for (const std::string& root : roots) {
    candidates.push_back(root + "/" + rel + ".ba");
    if (underscored != rel) candidates.push_back(root + "/" + underscored + ".ba");
  }
  for (const std::string& path : candidates) {
    FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) continue;
    std::fclose(f);
    Namespace* saved_ns = current_namespace_of_thread();
    std::string saved_file = current_file();
    Session session;
    EvalError error;
    auto r = session.eval_file(path, &error, current_load_observer());
    set_current_namespace(saved_ns);
    set_current_file(saved_file);
    if (!r) return make_error(r.error().kind, "while loading " + path + ":\n" + error.report);
    return true;
  }
  std::string tried;
  for (const std::string& c : candidates) tried += "\n  " + c;
  return make_error(ErrorKind::InvalidArgument, "could not find namespace " + std::string(name_text(name)) +
                                                    " (no file in:" + tried + ")");
}

// One libspec: sym, [sym :as alias :refer [names] | :all], or "(:require ...)".
Result<bool> require_one(const Value& spec) {
  Namespace* into = current_namespace_of_thread();
  Value name;
  std::vector<Value> options;
  if (spec.is_symbol()) {
    name = spec;
  } else if (is_vector(spec) && vector_count(spec) >= 1 && vector_at(spec, 0).is_symbol()) {
    name = vector_at(spec, 0);
    for (size_t i = 1; i < vector_count(spec); ++i) options.push_back(vector_at(spec, i));
  } else {
    return make_error(ErrorKind::InvalidArgument, "require: expected a namespace symbol or [ns :as alias :refer [...]], got " +
                                                      pr_str_abbreviated(spec));
  }
  // An embedded library (batuta.test) loads on its first require, though
  // its natives already gave the namespace vars; any other namespace with
  // vars was loaded before or defined by the program itself.
  auto embedded = load_embedded_namespace(name);
  if (!embedded) return embedded.take_error();
  Namespace* target = find_namespace(name);
  if (!embedded.value() && (target == nullptr || namespace_vars(target, true).empty())) {
    auto loaded = load_namespace_file(name);
    if (!loaded) return loaded.take_error();
    target = find_namespace(name);
    if (target == nullptr) {
      return make_error(ErrorKind::InvalidArgument, "require: loading " + std::string(name_text(name)) +
                                                        " did not define that namespace (is its ns form right?)");
    }
  }
  if (options.size() % 2 != 0) return make_error(ErrorKind::InvalidArgument, "require: options come in pairs in " + pr_str_abbreviated(spec));
  for (size_t i = 0; i < options.size(); i += 2) {
    const Value& key = options[i];
    const Value& val = options[i + 1];
    if (key.is_keyword() && name_text(key) == "as") {
      if (!val.is_symbol()) return make_error(ErrorKind::InvalidArgument, "require: :as needs a symbol");
      add_alias(into, val, target);
    } else if (key.is_keyword() && name_text(key) == "refer") {
      if (val.is_keyword() && name_text(val) == "all") {
        for (Var* v : namespace_vars(target, true)) add_refer(into, v->name, v);
      } else if (is_vector(val) || is_list(val)) {
        std::vector<Value> names;
        if (is_vector(val)) {
          for (size_t k = 0; k < vector_count(val); ++k) names.push_back(vector_at(val, k));
        } else {
          for (Value l = val; is_cons(l); l = list_rest(l)) names.push_back(list_first(l));
        }
        for (const Value& n : names) {
          Var* v = n.is_symbol() ? find_var(target, n) : nullptr;
          if (v == nullptr) {
            return make_error(ErrorKind::InvalidArgument, "require: " + pr_str(n) + " does not exist in " +
                                                              std::string(name_text(name)));
          }
          add_refer(into, n, v);
        }
      } else {
        return make_error(ErrorKind::InvalidArgument, "require: :refer needs a vector of names or :all");
      }
    } else {
      return make_error(ErrorKind::InvalidArgument, "require: unknown option " + pr_str(key) + " (use :as or :refer)");
    }
  }
  return true;
}

}  // namespace

Result<Value> n_apply(VmContext& ctx, std::span<const Value> args) {
  // (apply f a b [c d]): the last argument is a seq of the rest.
  std::vector<Value> call_args(args.begin() + 1, args.end() - 1);
  lib::Walker walk(ctx, args.back());
  Value x;
  while (walk.next(x)) call_args.push_back(std::move(x));
  if (!walk.ok()) return walk.take_error();
  return ctx.tail_call(args[0], std::move(call_args));
}

Result<Value> n_eval(VmContext&, std::span<const Value> args) {
  Namespace* ns = current_namespace_of_thread();
  EvalError error;
  auto r = eval_form_in(ns, args[0], nullptr, "<eval>", SourcePos{1, 1}, &error);
  if (!r) return make_error(r.error().kind, error.report);
  return r;
}

Result<Value> n_macroexpand_1(VmContext&, std::span<const Value> args) { return macroexpand_1(args[0], env_here()); }

Result<Value> n_macroexpand(VmContext&, std::span<const Value> args) { return macroexpand(args[0], env_here()); }

Result<Value> n_in_ns(VmContext&, std::span<const Value> args) {
  auto ns = namespace_arg(args[0], "in-ns");
  if (!ns) return ns.take_error();
  set_current_namespace(ns.value());
  return Value::share(ns.value());
}

Result<Value> n_require(VmContext&, std::span<const Value> args) {
  for (const Value& spec : args) {
    // (ns x (:require a b)) passes the clause's libspecs one by one; a
    // list (:require ...) is accepted too.
    if (is_cons(spec) && list_first(spec).is_keyword()) {
      for (Value l = list_rest(spec); is_cons(l); l = list_rest(l)) {
        auto r = require_one(list_first(l));
        if (!r) return r.take_error();
      }
      continue;
    }
    auto r = require_one(spec);
    if (!r) return r.take_error();
  }
  return Value();
}

Result<Value> n_alias(VmContext&, std::span<const Value> args) {
  if (!args[0].is_symbol()) return make_error(ErrorKind::TypeError, "alias: the alias must be a symbol");
  auto ns = namespace_arg(args[1], "alias");
  if (!ns) return ns.take_error();
  add_alias(current_namespace_of_thread(), args[0], ns.value());
  return Value();
}

Result<Value> n_the_ns(VmContext&, std::span<const Value> args) {
  if (is_kind(args[0], Kind::Namespace)) return args[0];
  if (!args[0].is_symbol()) return make_error(ErrorKind::TypeError, "the-ns: expected a symbol, got " + describe_value(args[0]));
  Namespace* ns = find_namespace(args[0]);
  if (ns == nullptr) return make_error(ErrorKind::InvalidArgument, "no namespace: " + pr_str(args[0]) + " found");
  return Value::share(ns);
}

Result<Value> n_find_ns(VmContext&, std::span<const Value> args) {
  if (!args[0].is_symbol()) return make_error(ErrorKind::TypeError, "find-ns: expected a symbol, got " + describe_value(args[0]));
  Namespace* ns = find_namespace(args[0]);
  return ns == nullptr ? Value() : Value::share(ns);
}

Result<Value> n_ns_name(VmContext&, std::span<const Value> args) {
  auto ns = namespace_arg(args[0], "ns-name");
  if (!ns) return ns.take_error();
  return ns.value()->name;
}

Result<Value> n_all_ns(VmContext&, std::span<const Value>) {
  std::vector<Value> out;
  for (Namespace* ns : all_namespaces()) out.push_back(Value::share(ns));
  return list_from(out);
}

Result<Value> n_case_fallthrough(VmContext&, std::span<const Value> args) {
  return make_error(ErrorKind::InvalidArgument, "no matching clause for value: " + pr_str_abbreviated(args[0]));
}

Result<Value> n_bound_p(VmContext&, std::span<const Value> args) {
  if (!is_var(args[0])) return make_error(ErrorKind::TypeError, "bound?: expected a var, got " + describe_value(args[0]));
  return Value::boolean(as_var(args[0])->is_bound());
}

Result<Value> n_var_meta(VmContext&, std::span<const Value> args) {
  if (!is_var(args[0])) return Value();
  return var_meta(as_var(args[0]));
}

Result<Value> n_resolve(VmContext&, std::span<const Value> args) {
  if (!args[0].is_symbol()) return make_error(ErrorKind::TypeError, "resolve: expected a symbol, got " + describe_value(args[0]));
  Var* v = resolve_var(current_namespace_of_thread(), args[0]);
  return v == nullptr ? Value() : var_value_ref(v);
}

Result<Value> n_ns_publics(VmContext&, std::span<const Value> args) {
  auto ns = namespace_arg(args[0], "ns-publics");
  if (!ns) return ns.take_error();
  auto embedded = load_embedded_namespace(ns.value()->name);  // (dir batuta.test) lists all of it
  if (!embedded) return embedded.take_error();
  std::vector<Value> kv;
  for (Var* v : namespace_vars(ns.value(), true)) {
    if (get(var_meta(v), keyword("private")).truthy()) continue;
    kv.push_back(v->name);
    kv.push_back(var_value_ref(v));
  }
  return map_from(kv);
}

Result<Value> n_special_symbol_p(VmContext&, std::span<const Value> args) {
  return Value::boolean(is_special_form(args[0]));
}

Result<Value> n_load_string(VmContext&, std::span<const Value> args) {
  if (!is_string(args[0])) return make_error(ErrorKind::TypeError, "load-string: expected a string, got " + describe_value(args[0]));
  Namespace* ns = current_namespace_of_thread();
  SourceMap map;
  std::string_view text = string_view_of(args[0]);
  // As a file: a `#lang` first line selects the profile.
  ProgramReader reader(text, "<load-string>", map, name_text(ns->name));
  Value last;
  for (;;) {
    Value form;
    auto more = reader.read(form);
    if (!more) return more.take_error();
    if (!more.value()) break;
    EvalError error;
    auto r = eval_form_in(ns, form, &map, "<load-string>", reader.last_position(), &error);
    if (!r) return make_error(r.error().kind, error.report);
    last = std::move(r.value());
  }
  set_current_namespace(ns);
  return last;
}

}  // namespace batuta
