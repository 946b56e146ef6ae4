// var.cpp: see var.h.
#include "vm/var.h"

#include <algorithm>
#include <new>

#include "core/map.h"
#include "core/name.h"
#include "core/string.h"
#include "core/printer.h"
#include "vm/function.h"

namespace batuta {

namespace {

// Vars and namespaces are immortal, so these are never asked to free; the
// children are not visited because nothing walks an immortal object
// (mark_shared and make_immortal stop at rc 0).
void no_children(Object*, ChildVisitor) {}
void never_destroyed(Object*) {}

bool identity_equals(const Object*, const Value&) { return false; }
uint64_t identity_hash(const Object* o) {
  uint64_t x = static_cast<uint64_t>(reinterpret_cast<uintptr_t>(o));
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ull;
  x ^= x >> 33;
  return x;
}
int identity_compare(const Object* a, const Object* b) {
  auto x = reinterpret_cast<uintptr_t>(a), y = reinterpret_cast<uintptr_t>(b);
  return x < y ? -1 : (x > y ? 1 : 0);
}

void var_print(const Object* o, Printer& p) {
  p.write("#'");
  p.write(var_full_name(static_cast<const Var*>(o)));
}

// (str *ns*) and println give the name, as Clojure's do; pr shows the kind.
void namespace_print(const Object* o, Printer& p) {
  if (!p.readably()) {
    p.write(name_text(static_cast<const Namespace*>(o)->name));
    return;
  }
  p.write("#namespace[");
  p.write(name_text(static_cast<const Namespace*>(o)->name));
  p.write(']');
}

struct NamespaceRegistry {
  Mutex lock;
  std::unordered_map<const Name*, Namespace*> by_name;
};

NamespaceRegistry& registry() {
  static NamespaceRegistry* r = new NamespaceRegistry();  // never destroyed: namespaces are immortal
  return *r;
}

}  // namespace

const KindOps kVarOps = {no_children, never_destroyed, identity_equals, identity_hash, var_print, identity_compare};
const KindOps kNamespaceOps = {no_children,   never_destroyed, identity_equals,
                               identity_hash, namespace_print, identity_compare};

Namespace* find_or_create_namespace(const Value& name) {
  NamespaceRegistry& r = registry();
  LockGuard guard(r.lock);
  auto it = r.by_name.find(name.as_name());
  if (it != r.by_name.end()) return it->second;
  auto* ns = new (allocate_bytes(sizeof(Namespace))) Namespace();
  ns->name = name;
  r.by_name.emplace(name.as_name(), ns);
  return ns;
}

Namespace* find_namespace(const Value& name) {
  NamespaceRegistry& r = registry();
  LockGuard guard(r.lock);
  auto it = r.by_name.find(name.as_name());
  return it == r.by_name.end() ? nullptr : it->second;
}

Var* intern_var(Namespace* ns, const Value& name) {
  LockGuard guard(ns->lock);
  auto it = ns->vars.find(name.as_name());
  if (it != ns->vars.end()) return it->second;
  auto* v = new (allocate_bytes(sizeof(Var))) Var();
  v->ns_name = ns->name;
  v->name = name;
  ns->vars.emplace(name.as_name(), v);
  return v;
}

Var* find_var(Namespace* ns, const Value& name) {
  LockGuard guard(ns->lock);
  auto it = ns->vars.find(name.as_name());
  return it == ns->vars.end() ? nullptr : it->second;
}

std::vector<Namespace*> all_namespaces() {
  NamespaceRegistry& r = registry();
  LockGuard guard(r.lock);
  std::vector<Namespace*> out;
  for (auto& [name, ns] : r.by_name) out.push_back(ns);
  return out;
}

std::vector<Var*> namespace_vars(Namespace* ns, bool owned) {
  std::vector<Var*> out;
  {
    LockGuard guard(ns->lock);
    for (auto& [name, v] : owned ? ns->vars : ns->refers) out.push_back(v);
  }
  std::sort(out.begin(), out.end(), [](Var* a, Var* b) { return name_text(a->name) < name_text(b->name); });
  return out;
}

void add_alias(Namespace* ns, const Value& alias, Namespace* target) {
  LockGuard guard(ns->lock);
  ns->aliases[alias.as_name()] = target;
}

Namespace* find_alias(Namespace* ns, const Value& alias) {
  LockGuard guard(ns->lock);
  auto it = ns->aliases.find(alias.as_name());
  return it == ns->aliases.end() ? nullptr : it->second;
}

std::vector<std::pair<Value, Namespace*>> namespace_aliases(Namespace* ns) {
  LockGuard guard(ns->lock);
  std::vector<std::pair<Value, Namespace*>> out;
  for (auto& [name, target] : ns->aliases) out.emplace_back(Value::symbol(name), target);
  return out;
}

void add_refer(Namespace* ns, const Value& name, Var* var) {
  LockGuard guard(ns->lock);
  ns->refers[name.as_name()] = var;
}

Var* find_refer(Namespace* ns, const Value& name) {
  LockGuard guard(ns->lock);
  auto it = ns->refers.find(name.as_name());
  return it == ns->refers.end() ? nullptr : it->second;
}

Value var_meta(Var* v) {
  LockGuard guard(v->retired_lock);
  return v->meta;
}

void set_var_meta(Var* v, Value meta) {
  mark_shared(meta);
  LockGuard guard(v->retired_lock);
  std::swap(v->meta, meta);  // the old map is released after the lock
}

void var_set(Var* v, Value value) {
  // A function stored in a var is made immortal rather than shared: every
  // call through the var then copies it into a register with no atomic
  // count (calls are the hot path of every program). It costs nothing in
  // memory: a replaced root is never freed before its var anyway (retired).
  // Only closures without captured values: a captured atom (memoize's
  // cache) would otherwise become immortal, and what it later holds with it.
  if ((is_closure(value) && object_as<Closure>(value)->num_captures == 0) || is_native(value)) {
    make_immortal(value);
  } else {
    mark_shared(value);
  }
  uint64_t bits = value.bits();
  if (value.is_object()) value.leak_object();  // the var now owns this reference
  uint64_t old = v->root.exchange(bits, std::memory_order_acq_rel);
  if (old == Var::kUnbound) return;
  Value old_value = Value::from_bits(old);  // adopts the var's old reference
  if (!old_value.is_object()) return;
  LockGuard guard(v->retired_lock);
  v->retired.push_back(std::move(old_value));
}

void unbind_all_vars() {
  std::vector<Value> dropped;
  NamespaceRegistry& r = registry();
  LockGuard guard(r.lock);
  for (auto& [name, ns] : r.by_name) {
    LockGuard ns_guard(ns->lock);
    for (auto& [var_name, v] : ns->vars) {
      uint64_t old = v->root.exchange(Var::kUnbound, std::memory_order_acq_rel);
      if (old != Var::kUnbound) dropped.push_back(Value::from_bits(old));  // adopts the var's reference
      LockGuard retired_guard(v->retired_lock);
      for (Value& x : v->retired) dropped.push_back(std::move(x));
      v->retired.clear();
      dropped.push_back(std::move(v->meta));
    }
  }
  // `dropped` is declared before `guard`, so it is freed after the lock is
  // released.
}

std::string var_full_name(const Var* v) {
  std::string s(name_text(v->ns_name));
  s += '/';
  s += name_text(v->name);
  return s;
}

Error unbound_var_error(const Var* v) {
  return make_error(ErrorKind::UnboundVar, "unbound var: " + var_full_name(v));
}

Var* define_native(Namespace* ns, std::string_view name, Arity arity, NativeFn fn, std::string_view doc,
                   std::string_view arglists, std::string_view shown_name) {
  // Start-up defines some 400 natives: the keys are interned once.
  static const Value k_doc = keyword("doc"), k_arglists = keyword("arglists"), k_native = keyword("native"),
                     k_ns = keyword("ns"), k_name = keyword("name");
  Value sym = symbol(name);
  Var* var = intern_var(ns, sym);
  var_set(var, make_native(shown_name.empty() ? name : shown_name, arity, fn));
  set_var_meta(var, map_from(std::initializer_list<Value>{k_doc, make_string_from_utf8(doc), k_arglists,
                                                          make_string_from_utf8(arglists), k_native, Value::boolean(true),
                                                          k_ns, ns->name, k_name, sym}));
  return var;
}

}  // namespace batuta
