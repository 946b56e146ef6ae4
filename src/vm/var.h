// var.h: vars (a global's one indirection) and namespaces.
//
// A Var holds the current value of a global. Compiled code names the Var
// itself (a constant of the proto), never its value, so redefining it
// (`defn` again, hot code reloading) is seen by every caller at its next
// read, on every thread. Reads take no lock: the root is one atomic word
// loaded with acquire order; writes publish it with release order.
//
// Reclamation: a reader may have loaded the old root word just before a
// writer replaces it, and must still be able to retain it. So a replaced
// root is not released at once: it goes to the var's `retired` list and
// lives as long as the var. Redefinition is rare (a REPL or a reload), so
// this costs little; epoch-based reclamation can replace it if it ever
// matters.
//
// Lifetime and cycles: vars and namespaces are immortal (rc 0), as
// Clojure's interned vars are. That is deliberate: a recursive function's
// closure reaches its own var through its proto's constants, and the var
// reaches the closure through its root, which is the one kind of cycle
// object.h (invariant 4) leaves to the mutable cells. Reference counting
// could never free such a cycle; making the cells immortal states it. Values
// stored in a var are marked shared first (object.h invariant 1), since
// any thread may read them.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/object.h"
#include "core/platform.h"
#include "core/status.h"
#include "vm/function.h"

namespace batuta {

struct Namespace;

struct Var : Object {
  // The root Value's bits; the var owns one reference to it. kUnbound until
  // the first set_var.
  std::atomic<uint64_t> root;
  Value ns_name;  // symbol of the owning namespace
  Value name;     // unqualified symbol
  Mutex retired_lock;           // guards retired and meta
  std::vector<Value> retired;   // replaced roots (see the header comment)
  Value meta;                   // a map (:doc, :arglists, :file, :line, :source...) or nil
  std::atomic<bool> macro{false};  // a macro: the compiler calls it on forms

  static constexpr uint64_t kUnbound = Value::kConstTag | 0xFF;  // no Value has these bits

  Var() : Object(Kind::Var, 0), root(kUnbound) {}
  bool is_bound() const { return root.load(std::memory_order_acquire) != kUnbound; }
};

struct Namespace : Object {
  Value name;  // symbol
  Mutex lock;  // guards the three maps; taken when compiling, not when running code
  std::unordered_map<const Name*, Var*> vars;          // the vars it owns
  std::unordered_map<const Name*, Var*> refers;        // vars of other namespaces named unqualified
  std::unordered_map<const Name*, Namespace*> aliases;  // `str` -> batuta.string

  Namespace() : Object(Kind::Namespace, 0) {}
};

// The namespace named by the symbol `name`, made on first use. Thread-safe.
Namespace* find_or_create_namespace(const Value& name);
Namespace* find_namespace(const Value& name);  // nullptr when absent
// The var `name` (an unqualified symbol) of ns, made unbound on first use.
Var* intern_var(Namespace* ns, const Value& name);
Var* find_var(Namespace* ns, const Value& name);  // nullptr when absent

// Every namespace, in no particular order.
std::vector<Namespace*> all_namespaces();
// The vars a namespace owns (`owned`) or refers to, sorted by name.
std::vector<Var*> namespace_vars(Namespace* ns, bool owned = true);
// Aliases and refers (ns-local names for other namespaces and their vars).
void add_alias(Namespace* ns, const Value& alias, Namespace* target);
Namespace* find_alias(Namespace* ns, const Value& alias);  // nullptr when absent
std::vector<std::pair<Value, Namespace*>> namespace_aliases(Namespace* ns);
void add_refer(Namespace* ns, const Value& name, Var* var);
Var* find_refer(Namespace* ns, const Value& name);  // nullptr when absent

// A var's metadata map (nil when none), and replacing it (marked shared).
Value var_meta(Var* v);
void set_var_meta(Var* v, Value meta);

// Interns ns/name bound to a native function, with the metadata `doc` and
// the REPL read: {:doc :arglists :native true :ns :name}. `shown_name`
// (default: name) is the name the native gives in its own error messages.
// Every table of natives (lib's natives.def, the actor and query layers')
// installs its entries through this one function.
Var* define_native(Namespace* ns, std::string_view name, Arity arity, NativeFn fn, std::string_view doc,
                   std::string_view arglists, std::string_view shown_name = {});

inline bool is_var(const Value& v) { return is_kind(v, Kind::Var); }
inline Var* as_var(const Value& v) { return object_as<Var>(v); }
inline Value var_value_ref(Var* v) { return Value::adopt(v); }  // vars are immortal: no count

// The current value; false when the var is unbound. Lock-free.
inline bool var_get(const Var* v, Value& out) {
  uint64_t bits = v->root.load(std::memory_order_acquire);
  if (bits == Var::kUnbound) return false;
  if ((bits & Value::kTagMask) == Value::kObjectTag) {
    out = Value::share(reinterpret_cast<Object*>(static_cast<uintptr_t>(bits & Value::kPayloadMask)));
  } else {
    out = Value::from_bits(bits);  // an immediate: nothing to count
  }
  return true;
}
// Replaces the root (marking `value` shared first) and retires the old one.
void var_set(Var* v, Value value);

// For process shutdown only, when no fiber runs: unbinds every var of every
// namespace and frees their retired roots, so that what only vars kept
// alive is freed and leak checkers see a clean heap (they cannot follow
// the NaN-boxed pointers an immortal var holds).
void unbind_all_vars();

// "ns/name", for messages.
std::string var_full_name(const Var* v);
// `unbound var: user/x`
Error unbound_var_error(const Var* v);

}  // namespace batuta
