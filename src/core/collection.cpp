// collection.cpp: see collection.h.
#include "core/collection.h"

#include <string>

#include "core/hash_set.h"
#include "core/list.h"
#include "core/map.h"
#include "core/number.h"
#include "core/printer.h"
#include "core/sorted_map.h"
#include "core/sorted_set.h"
#include "core/string.h"
#include "core/transient.h"
#include "core/tuple.h"
#include "core/utf8.h"
#include "core/vector.h"

namespace batuta {

namespace {

Error type_error(const char* op, const char* what, const Value& v) {
  return make_error(ErrorKind::TypeError,
                    std::string(op) + ": " + what + " " + describe_value(v));
}

Error index_error(const char* op, int64_t i, size_t n, const char* kind) {
  return make_error(ErrorKind::IndexOutOfBounds, std::string(op) + ": index " + std::to_string(i) +
                                                     " out of range for " + kind + " of " + std::to_string(n) +
                                                     (n == 1 ? " element" : " elements"));
}

bool is_any_map(const Value& v) { return is_map(v) || is_sorted_map(v); }
bool is_any_set(const Value& v) { return is_set(v) || is_sorted_set(v); }

// A map entry given to conj: a 2-element vector or a 2-tuple.
bool entry_of(const Value& x, Value& k, Value& v) {
  if (is_vector(x) && vector_count(x) == 2) {
    k = vector_at(x, 0);
    v = vector_at(x, 1);
    return true;
  }
  if (is_tuple(x) && as_tuple(x)->size == 2) {
    k = as_tuple(x)->elements()[0];
    v = as_tuple(x)->elements()[1];
    return true;
  }
  return false;
}

Value map_put(Value m, Value k, Value v) {
  if (is_sorted_map(m)) return sorted_map_assoc(std::move(m), std::move(k), std::move(v));
  return map_assoc(std::move(m), std::move(k), std::move(v));
}

// The index a key denotes for vectors, tuples and strings, when it is an
// integer in int64 range.
bool index_of(const Value& key, int64_t& i) {
  if (!key.is_fixnum()) return false;
  i = key.as_fixnum();
  return true;
}

Result<Value> string_nth(const Value& s, int64_t index) {
  const String* str = as_string(s);
  if (index < 0 || static_cast<uint64_t>(index) >= str->char_count) {
    return index_error("nth", index, str->char_count, "a string");
  }
  std::string_view bytes = str->view();
  size_t pos = 0;
  for (int64_t k = 0; k < index; ++k) utf8::decode(bytes, pos);
  return Value::character(utf8::decode(bytes, pos));
}

}  // namespace

bool is_collection(const Value& v) {
  return is_list(v) || is_vector(v) || is_any_map(v) || is_any_set(v) || is_tuple(v);
}

Result<size_t> count(const Value& coll) {
  if (coll.is_nil()) return size_t{0};
  if (is_vector(coll)) return vector_count(coll);
  if (is_list(coll)) return list_count(coll);
  if (is_map(coll)) return map_count(coll);
  if (is_set(coll)) return set_count(coll);
  if (is_sorted_map(coll)) return sorted_map_count(coll);
  if (is_sorted_set(coll)) return sorted_set_count(coll);
  if (is_tuple(coll)) return size_t{as_tuple(coll)->size};
  if (is_string(coll)) return size_t{as_string(coll)->char_count};
  return type_error("count", "not supported on", coll);
}

Result<Value> conj(Value coll, Value x) {
  if (coll.is_nil()) return list_conj(empty_list(), std::move(x));
  if (is_vector(coll)) return vector_conj(std::move(coll), std::move(x));
  if (is_list(coll)) return list_conj(std::move(coll), std::move(x));
  if (is_set(coll)) return set_conj(std::move(coll), std::move(x));
  if (is_sorted_set(coll)) return sorted_set_conj(std::move(coll), std::move(x));
  if (is_any_map(coll)) {
    Value k, v;
    if (entry_of(x, k, v)) return map_put(std::move(coll), std::move(k), std::move(v));
    if (is_any_map(x)) {  // (conj m other-map) merges, as Clojure's does
      if (is_sorted_map(x)) {
        SortedMapCursor cur(x);
        const Value *ek, *ev;
        while (cur.next(ek, ev)) coll = map_put(std::move(coll), *ek, *ev);
      } else {
        MapCursor cur(x);
        const Value *ek, *ev;
        while (cur.next(ek, ev)) coll = map_put(std::move(coll), *ek, *ev);
      }
      return coll;
    }
    return type_error("conj", "a map takes [key value] entries, not", x);
  }
  return type_error("conj", "can't conj onto", coll);
}

Result<Value> assoc(Value coll, Value key, Value val) {
  if (coll.is_nil()) return map_assoc(empty_map(), std::move(key), std::move(val));
  if (is_any_map(coll)) return map_put(std::move(coll), std::move(key), std::move(val));
  if (is_vector(coll)) {
    int64_t i;
    if (!index_of(key, i)) return type_error("assoc", "a vector index must be an integer, not", key);
    size_t n = vector_count(coll);
    if (i < 0 || static_cast<uint64_t>(i) > n) return index_error("assoc", i, n, "a vector");
    return vector_assoc(std::move(coll), i, std::move(val));
  }
  return type_error("assoc", "can't assoc on", coll);
}

Result<Value> dissoc(Value coll, const Value& key) {
  if (coll.is_nil()) return coll;
  if (is_map(coll)) return map_dissoc(std::move(coll), key);
  if (is_sorted_map(coll)) return sorted_map_dissoc(std::move(coll), key);
  return type_error("dissoc", "can't dissoc from", coll);
}

Result<Value> disj(Value coll, const Value& x) {
  if (coll.is_nil()) return coll;
  if (is_set(coll)) return set_disj(std::move(coll), x);
  if (is_sorted_set(coll)) return sorted_set_disj(std::move(coll), x);
  return type_error("disj", "can't disj from", coll);
}

Value get(const Value& coll, const Value& key, const Value& not_found) {
  if (is_map(coll)) return map_get(coll, key, not_found);
  if (is_sorted_map(coll)) return sorted_map_get(coll, key, not_found);
  if (is_set(coll)) {
    const Value* found = set_find(coll, key);
    return found ? *found : not_found;
  }
  if (is_sorted_set(coll)) {
    const Value* found = sorted_set_find(coll, key);
    return found ? *found : not_found;
  }
  // Through a transient, as Clojure's get reads one; an ended one holds nil.
  if (is_transient(coll)) return get(object_as<Transient>(coll)->coll, key, not_found);
  int64_t i;
  if (is_vector(coll) && index_of(key, i)) {
    if (i >= 0 && static_cast<uint64_t>(i) < vector_count(coll)) return vector_at(coll, static_cast<size_t>(i));
  } else if (is_tuple(coll) && index_of(key, i)) {
    if (i >= 0 && static_cast<uint64_t>(i) < as_tuple(coll)->size) return as_tuple(coll)->items[i];
  } else if (is_string(coll) && index_of(key, i)) {
    auto ch = string_nth(coll, i);
    if (ch.ok()) return ch.value();
  }
  return not_found;
}

Result<bool> contains(const Value& coll, const Value& key) {
  if (coll.is_nil()) return false;
  if (is_map(coll)) return map_contains(coll, key);
  if (is_sorted_map(coll)) return sorted_map_contains(coll, key);
  if (is_set(coll)) return set_contains(coll, key);
  if (is_sorted_set(coll)) return sorted_set_contains(coll, key);
  int64_t i;
  if (is_vector(coll)) return index_of(key, i) && i >= 0 && static_cast<uint64_t>(i) < vector_count(coll);
  if (is_tuple(coll)) return index_of(key, i) && i >= 0 && static_cast<uint64_t>(i) < as_tuple(coll)->size;
  if (is_string(coll)) return index_of(key, i) && i >= 0 && static_cast<uint64_t>(i) < as_string(coll)->char_count;
  return make_error(ErrorKind::TypeError, "contains?: not supported on " + describe_type(coll) +
                                              "; hint: contains? looks up keys and indices, use some to "
                                              "search a list for a value");
}

Result<Value> nth(const Value& coll, int64_t index) {
  if (coll.is_nil()) return Value::nil();
  if (is_vector(coll)) {
    size_t n = vector_count(coll);
    if (index < 0 || static_cast<uint64_t>(index) >= n) return index_error("nth", index, n, "a vector");
    return vector_at(coll, static_cast<size_t>(index));
  }
  if (is_list(coll)) {
    size_t n = list_count(coll);
    if (index < 0 || static_cast<uint64_t>(index) >= n) return index_error("nth", index, n, "a list");
    const Value* cell = &coll;
    for (int64_t k = 0; k < index; ++k) cell = &list_rest(*cell);
    return list_first(*cell);
  }
  if (is_tuple(coll)) {
    size_t n = as_tuple(coll)->size;
    if (index < 0 || static_cast<uint64_t>(index) >= n) return index_error("nth", index, n, "a tuple");
    return as_tuple(coll)->items[index];
  }
  if (is_string(coll)) return string_nth(coll, index);
  return type_error("nth", "not supported on", coll);
}

Result<Value> peek(const Value& coll) {
  if (coll.is_nil()) return Value::nil();
  if (is_vector(coll)) return vector_peek(coll);
  if (is_list(coll)) return list_peek(coll);
  return type_error("peek", "not supported on", coll);
}

Result<Value> pop(Value coll) {
  if (coll.is_nil()) return coll;
  if (is_vector(coll)) return vector_pop(std::move(coll));
  if (is_list(coll)) return list_pop(std::move(coll));
  return type_error("pop", "not supported on", coll);
}

}  // namespace batuta
