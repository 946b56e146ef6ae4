// array_map.cpp: see array_map.h.
#include "core/array_map.h"

#include <cstring>
#include <new>

#include "core/champ.h"
#include "core/equality.h"
#include "core/hash_map.h"
#include "core/map.h"

namespace batuta {

namespace {

size_t array_map_bytes(uint32_t capacity) { return sizeof(ArrayMap) + 2 * capacity * sizeof(Value); }

ArrayMap* new_array_map(uint32_t capacity) {
  return new (allocate_bytes(array_map_bytes(capacity))) ArrayMap(capacity);
}

// Moves Values as raw words (ownership travels with the bits).
void relocate(Value* dst, Value* src, size_t n) {
  std::memmove(static_cast<void*>(dst), static_cast<const void*>(src), n * sizeof(Value));
}

// A unique array map with m's entries and room for `capacity` entries:
// m itself when it is unique and roomy, else an exactly sized new one (m's
// entries moved when m was unique, copied when it is shared). Consumes m.
ArrayMap* own(Value m, uint32_t capacity) {
  auto* a = static_cast<ArrayMap*>(m.as_object());
  if (a->is_unique() && a->capacity() >= capacity) return static_cast<ArrayMap*>(m.leak_object());
  ArrayMap* fresh = new_array_map(capacity);
  fresh->aux = a->aux;
  const uint32_t used = 2 * a->count();
  if (a->is_unique()) {
    relocate(fresh->slots(), a->slots(), used);
    free_bytes(m.leak_object(), array_map_bytes(a->capacity()));
  } else {
    for (uint32_t k = 0; k < used; ++k) new (fresh->slots() + k) Value(a->slots()[k]);
  }
  return fresh;
}

int index_of(const ArrayMap* a, const Value& key) {
  const Value* s = a->slots();
  for (uint32_t i = 0; i < a->count(); ++i)
    if (champ::keys_equal(s[2 * i], key)) return static_cast<int>(i);
  return -1;
}

// The entries of a full array map plus one new key, as a hash map.
Value promote(Value m, Value key, Value val) {
  auto* a = static_cast<ArrayMap*>(m.as_object());
  const bool unique = a->is_unique();
  Value root = champ::empty_root(2);
  uint64_t count = 0;
  champ::Insertion what;
  for (uint32_t i = 0; i <= a->count(); ++i) {
    Value k, v;
    if (i == a->count()) {
      k = std::move(key);
      v = std::move(val);
    } else if (unique) {
      k = std::move(a->slots()[2 * i]);
      v = std::move(a->slots()[2 * i + 1]);
    } else {
      k = a->slots()[2 * i];
      v = a->slots()[2 * i + 1];
    }
    const uint64_t h = hash(k);
    root = champ::insert<2>(std::move(root), std::move(k), &v, h, what, &hash);
    count += what == champ::Insertion::Added;
  }
  return make_hash_map(std::move(root), count);
}

void array_map_visit(Object* o, ChildVisitor visit) {
  auto* a = static_cast<ArrayMap*>(o);
  for (uint32_t k = 0; k < 2 * a->count(); ++k) visit(a->slots()[k]);
}

void array_map_destroy(Object* o) {
  auto* a = static_cast<ArrayMap*>(o);
  for (uint32_t k = 0; k < 2 * a->count(); ++k) a->slots()[k].~Value();
  free_bytes(a, array_map_bytes(a->capacity()));
}

}  // namespace

const KindOps kArrayMapOps = {array_map_visit,           array_map_destroy, detail::map_equals,
                              detail::map_hash_entries, detail::map_print, detail::map_compare};

Value empty_array_map() {
  static Object* const empty = [] {
    Value v = Value::adopt(new_array_map(0));
    make_immortal(v);
    return v.leak_object();
  }();
  return Value::adopt(empty);  // immortal: no count to take
}

const Value* array_map_find(const ArrayMap* m, const Value& key) {
  const int i = index_of(m, key);
  return i < 0 ? nullptr : m->slots() + 2 * i + 1;
}

Value array_map_assoc(Value m, Value key, Value val) {
  auto* a = static_cast<ArrayMap*>(m.as_object());
  const uint32_t n = a->count();
  if (const int i = index_of(a, key); i >= 0) {
    if (a->slots()[2 * i + 1].identical(val)) return m;
    a = own(std::move(m), n);
    a->slots()[2 * i + 1] = std::move(val);
    return Value::adopt(a);
  }
  if (n == kArrayMapMaxEntries) return promote(std::move(m), std::move(key), std::move(val));
  a = own(std::move(m), n + 1);
  new (a->slots() + 2 * n) Value(std::move(key));
  new (a->slots() + 2 * n + 1) Value(std::move(val));
  a->aux = static_cast<uint16_t>(n + 1);
  return Value::adopt(a);
}

Value array_map_dissoc(Value m, const Value& key) {
  auto* a = static_cast<ArrayMap*>(m.as_object());
  const int i = index_of(a, key);
  if (i < 0) return m;
  const uint32_t n = a->count();
  if (n == 1) return empty_array_map();
  if (a->is_unique()) {
    Value* s = a->slots();
    s[2 * i].~Value();
    s[2 * i + 1].~Value();
    relocate(s + 2 * i, s + 2 * i + 2, 2 * (n - i - 1));
    a->aux = static_cast<uint16_t>(n - 1);
    return m;
  }
  ArrayMap* fresh = new_array_map(n - 1);
  fresh->aux = static_cast<uint16_t>(n - 1);
  for (uint32_t k = 0, d = 0; k < 2 * n; ++k)
    if (k / 2 != static_cast<uint32_t>(i)) new (fresh->slots() + d++) Value(a->slots()[k]);
  return Value::adopt(fresh);
}

}  // namespace batuta
