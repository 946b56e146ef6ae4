// function.cpp: see function.h.
#include "vm/function.h"

#include <cstdint>
#include <new>

#include "core/printer.h"

namespace batuta {

namespace {

// Functions compare by identity: two closures are equal only when they are
// the same object (Clojure's rule). equals() is only asked when the words
// differ, so it is always false.
bool identity_equals(const Object*, const Value&) { return false; }

uint64_t identity_hash(const Object* o) {
  uint64_t x = static_cast<uint64_t>(reinterpret_cast<uintptr_t>(o));
  x ^= x >> 33;  // splitmix-style finaliser: addresses share their low bits
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  return x;
}

int identity_compare(const Object* a, const Object* b) {
  auto x = reinterpret_cast<uintptr_t>(a), y = reinterpret_cast<uintptr_t>(b);
  return x < y ? -1 : (x > y ? 1 : 0);
}

// --- Proto ---------------------------------------------------------------------
void proto_visit(Object* o, ChildVisitor visit) {
  for (Value& k : static_cast<Proto*>(o)->constants) visit(k);
  for (Value& k : static_cast<Proto*>(o)->overloads) visit(k);
}

void proto_destroy(Object* o) {
  auto* p = static_cast<Proto*>(o);
  p->~Proto();
  free_bytes(p, sizeof(Proto));
}

void proto_print(const Object* o, Printer& p) {
  p.write("#proto[");
  p.write(static_cast<const Proto*>(o)->name);
  p.write(']');
}

// --- Closure -------------------------------------------------------------------
size_t closure_alloc_size(size_t n) { return offsetof(Closure, captures) + (n == 0 ? 1 : n) * sizeof(Value); }

void closure_visit(Object* o, ChildVisitor visit) {
  auto* c = static_cast<Closure*>(o);
  visit(c->proto_value);
  for (uint32_t i = 0; i < c->num_captures; ++i) visit(c->captures[i]);
}

void closure_destroy(Object* o) {
  auto* c = static_cast<Closure*>(o);
  size_t n = c->num_captures;
  for (uint32_t i = 0; i < n; ++i) c->captures[i].~Value();
  c->proto_value.~Value();
  free_bytes(c, closure_alloc_size(n));
}

void closure_print(const Object* o, Printer& p) {
  const auto* c = static_cast<const Closure*>(o);
  p.write("#function[");
  // The proto was moved out only while freeing, never while printing.
  p.write(c->proto()->name);
  p.write(']');
}

// --- Native --------------------------------------------------------------------
void native_visit(Object*, ChildVisitor) {}

void native_destroy(Object* o) {
  auto* n = static_cast<Native*>(o);
  n->~Native();
  free_bytes(n, sizeof(Native));
}

void native_print(const Object* o, Printer& p) {
  p.write("#function[");
  p.write(static_cast<const Native*>(o)->name);
  p.write(']');
}

}  // namespace

const KindOps kProtoOps = {proto_visit, proto_destroy, identity_equals, identity_hash, proto_print, identity_compare};
const KindOps kClosureOps = {closure_visit,  closure_destroy, identity_equals,
                             identity_hash,  closure_print,   identity_compare};
const KindOps kNativeOps = {native_visit, native_destroy, identity_equals, identity_hash, native_print, identity_compare};

std::string Arity::describe() const {
  if (variadic) return std::to_string(min) + " or more";
  if (min == max) return std::to_string(min);
  if (max == min + 1) return std::to_string(min) + " or " + std::to_string(max);
  return std::to_string(min) + " to " + std::to_string(max);
}

Error arity_error(std::string_view function_name, size_t argc, const Arity& arity) {
  return arity_error(function_name, argc, arity.describe());
}

Error arity_error(std::string_view function_name, size_t argc, const std::string& takes) {
  return make_error(ErrorKind::ArityError, "wrong number of arguments (" + std::to_string(argc) + ") passed to " +
                                               std::string(function_name) + "; it takes " + takes);
}

const Proto* Proto::select(size_t argc) const {
  if (arity().accepts(argc)) return this;
  for (const Value& v : overloads) {
    const auto* p = object_as<const Proto>(v);
    if (p->arity().accepts(argc)) return p;
  }
  return nullptr;
}

std::string Proto::describe_arities() const {
  if (overloads.empty()) return arity().describe();
  std::vector<const Proto*> all{this};
  for (const Value& v : overloads) all.push_back(object_as<const Proto>(v));
  std::string s;
  for (size_t i = 0; i < all.size(); ++i) {
    if (i > 0) s += i + 1 == all.size() ? " or " : ", ";
    s += std::to_string(all[i]->num_params);
    if (all[i]->variadic) s += " or more";
  }
  return s;
}

Proto* new_proto() {
  void* mem = allocate_bytes(sizeof(Proto));
  return new (mem) Proto();
}

Closure* new_closure(Value proto, uint32_t n) {
  void* mem = allocate_bytes(closure_alloc_size(n));
  auto* c = static_cast<Closure*>(mem);
  new (static_cast<Object*>(c)) Object(Kind::Closure);
  new (&c->proto_value) Value(std::move(proto));
  c->num_captures = n;
  for (uint32_t i = 0; i < n; ++i) new (&c->captures[i]) Value();
  return c;
}

Value make_closure(Value proto, std::span<const Value> captures) {
  Closure* c = new_closure(std::move(proto), static_cast<uint32_t>(captures.size()));
  for (size_t i = 0; i < captures.size(); ++i) c->captures[i] = captures[i];
  return Value::adopt(c);
}

Value make_native(std::string_view name, Arity arity, NativeFn fn) {
  void* mem = allocate_bytes(sizeof(Native));
  auto* n = new (mem) Native();
  n->fn = fn;
  n->arity = arity;
  n->name = std::string(name);
  return Value::adopt(n);
}

std::string_view function_name(const Value& callable) {
  if (is_closure(callable)) return object_as<const Closure>(callable)->proto()->name;
  if (is_native(callable)) return object_as<const Native>(callable)->name;
  return "?";
}

}  // namespace batuta
