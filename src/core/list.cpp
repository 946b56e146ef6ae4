// list.cpp: see list.h.
#include "core/list.h"

#include <cassert>
#include <new>

#include "core/printer.h"
#include "core/seq.h"

namespace batuta {

namespace {

// The empty list lives in static storage, never in allocate_bytes memory, so
// creating it does not show up in allocation_stats and it is never freed.
Object* empty_list_object() {
  alignas(Object) static unsigned char storage[sizeof(Object)];
  static Object* const object = new (storage) Object(Kind::EmptyList, /*initial_rc=*/0);
  return object;
}

const Value& empty_list_ref() {
  static const Value empty = Value::adopt(empty_list_object());
  return empty;
}

const Value& nil_ref() {
  static const Value nil;
  return nil;
}

void visit_no_children(Object*, ChildVisitor) {}

// The empty list is immortal; the runtime never frees it.
void destroy_nothing(Object*) {}

void cons_visit(Object* o, ChildVisitor visit) {
  auto* c = static_cast<Cons*>(o);
  visit(c->first);
  visit(c->rest);
}

void cons_destroy(Object* o) {
  auto* c = static_cast<Cons*>(o);
  c->~Cons();
  free_bytes(c, sizeof(Cons));
}

void list_print(const Object* o, Printer& p) {
  ListCursor cursor(o);
  p.print_sequence("(", cursor, ")");
}

}  // namespace

const KindOps kEmptyListOps = {visit_no_children, destroy_nothing, sequential_equals,
                               sequential_hash,   list_print,      sequential_compare};
const KindOps kConsOps = {cons_visit, cons_destroy, sequential_equals, sequential_hash, list_print, sequential_compare};

Value empty_list() { return empty_list_ref(); }

Value cons(Value head, Value tail_list) {
  assert(is_list(tail_list));
  uint64_t count = list_count(tail_list) + 1;
  void* mem = allocate_bytes(sizeof(Cons));
  auto* c = new (mem) Cons(std::move(head), std::move(tail_list), count);
  return Value::adopt(c);
}

Value list_from(std::span<const Value> elements) {
  Value result = empty_list();
  for (size_t i = elements.size(); i-- > 0;) result = cons(elements[i], std::move(result));
  return result;
}

Value list_from(std::initializer_list<Value> elements) {
  return list_from(std::span<const Value>(elements.begin(), elements.size()));
}

const Value& list_first(const Value& l) { return is_cons(l) ? as_cons(l)->first : nil_ref(); }

const Value& list_rest(const Value& l) { return is_cons(l) ? as_cons(l)->rest : empty_list_ref(); }

Result<Value> list_pop(Value l) {
  if (!is_cons(l)) return make_error(ErrorKind::IllegalState, "pop: can't pop an empty list");
  auto* c = object_as<Cons>(l);
  // The only owner may take the rest without touching its count; `l` then
  // frees the hollow cell.
  if (c->is_unique()) return std::move(c->rest);
  return c->rest;
}

}  // namespace batuta
