// map.cpp: the map API over both map kinds, and what the kinds share:
// equality, hashing, printing and ordering (see map.h).
#include "core/map.h"

#include <algorithm>
#include <cassert>
#include <utility>
#include <vector>

#include "core/array_map.h"
#include "core/equality.h"
#include "core/hash_map.h"
#include "core/printer.h"

namespace batuta {

namespace {

bool is_map_kind(Kind k) { return k == Kind::ArrayMap || k == Kind::HashMap; }

size_t count_of(const Object* m) {
  return m->kind == Kind::ArrayMap ? static_cast<const ArrayMap*>(m)->count()
                                   : static_cast<size_t>(static_cast<const HashMap*>(m)->count);
}

const Value* find_in(const Object* m, const Value& key) {
  return m->kind == Kind::ArrayMap ? array_map_find(static_cast<const ArrayMap*>(m), key)
                                   : hash_map_find(static_cast<const HashMap*>(m), key);
}

using Entry = std::pair<const Value*, const Value*>;

// The entries sorted by key, then by value: compare() may call distinct keys
// equal (1 and 1.0, or two ##NaN keys), and the value tiebreak keeps the
// order a function of the entries alone.
std::vector<Entry> sorted_entries(const Object* m) {
  std::vector<Entry> entries;
  entries.reserve(count_of(m));
  MapCursor cursor(m);
  const Value *k, *v;
  while (cursor.next(k, v)) entries.emplace_back(k, v);
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    const int c = compare(*a.first, *b.first);
    return c != 0 ? c < 0 : compare(*a.second, *b.second) < 0;
  });
  return entries;
}

}  // namespace

Value empty_map() { return empty_array_map(); }

bool is_map(const Value& v) { return v.is_object() && is_map_kind(v.as_object()->kind); }

size_t map_count(const Value& m) { return count_of(m.as_object()); }

Value map_assoc(Value m, Value key, Value val) {
  if (m.as_object()->kind == Kind::ArrayMap) return array_map_assoc(std::move(m), std::move(key), std::move(val));
  return hash_map_assoc(std::move(m), std::move(key), std::move(val));
}

Value map_dissoc(Value m, const Value& key) {
  if (m.as_object()->kind == Kind::ArrayMap) return array_map_dissoc(std::move(m), key);
  return hash_map_dissoc(std::move(m), key);
}

const Value* map_find(const Value& m, const Value& key) { return find_in(m.as_object(), key); }

Value map_get(const Value& m, const Value& key, const Value& not_found) {
  const Value* v = find_in(m.as_object(), key);
  return v ? *v : not_found;
}

bool map_contains(const Value& m, const Value& key) { return find_in(m.as_object(), key) != nullptr; }

Value map_from(std::span<const Value> keys_and_values) {
  assert(keys_and_values.size() % 2 == 0);
  Value m = empty_map();
  for (size_t i = 0; i + 1 < keys_and_values.size(); i += 2)
    m = map_assoc(std::move(m), keys_and_values[i], keys_and_values[i + 1]);
  return m;
}

MapCursor::MapCursor(const Object* m) {
  if (m->kind == Kind::ArrayMap) {
    const auto* a = static_cast<const ArrayMap*>(m);
    array_next_ = a->slots();
    array_end_ = a->slots() + 2 * a->count();
  } else {
    is_array_ = false;
    trie_ = champ::Cursor(static_cast<const HashMap*>(m)->root);
  }
}

bool MapCursor::next(const Value*& key, const Value*& val) {
  if (is_array_) {
    if (array_next_ == array_end_) return false;
    key = array_next_;
    val = array_next_ + 1;
    array_next_ += 2;
    return true;
  }
  const Value* entry = trie_.next();
  if (entry == nullptr) return false;
  key = entry;
  val = entry + 1;
  return true;
}

namespace detail {

bool map_equals(const Object* a, const Value& b) {
  if (!b.is_object()) return false;
  const Object* bo = b.as_object();
  if (!is_map_kind(bo->kind)) {
    // Another map kind (sorted maps) compares itself with ours through this
    // API; it must not hand the comparison back.
    if (order_class(b) != OrderClass::Map) return false;
    return ops_of(bo).equals(bo, Value::share(const_cast<Object*>(a)));
  }
  if (count_of(a) != count_of(bo)) return false;
  MapCursor cursor(a);
  const Value *k, *v;
  while (cursor.next(k, v)) {
    const Value* other = find_in(bo, *k);
    if (other == nullptr || !equals(*v, *other)) return false;
  }
  return true;
}

uint64_t map_hash_entries(const Object* m) {
  UnorderedHasher hasher;
  MapCursor cursor(m);
  const Value *k, *v;
  while (cursor.next(k, v)) hasher.add_entry(*k, *v);
  return hasher.finish(kMapHashSeed);
}

void map_print(const Object* m, Printer& p) {
  p.write('{');
  MapCursor cursor(m);
  const Value *k, *v;
  bool first = true;
  while (cursor.next(k, v)) {
    if (!first) p.write(' ');
    first = false;
    p.print(*k);
    p.write(' ');
    p.print(*v);
  }
  p.write('}');
}

// Erlang's map order: by size, then the sorted keys, then the values in key
// order.
int map_compare(const Object* a, const Object* b) {
  if (!is_map_kind(b->kind)) return -ops_of(b).compare(b, a);  // a sorted map orders itself against ours
  const size_t na = count_of(a), nb = count_of(b);
  if (na != nb) return na < nb ? -1 : 1;
  const std::vector<Entry> x = sorted_entries(a), y = sorted_entries(b);
  for (size_t i = 0; i < x.size(); ++i)
    if (int c = compare(*x[i].first, *y[i].first); c != 0) return c;
  for (size_t i = 0; i < x.size(); ++i)
    if (int c = compare(*x[i].second, *y[i].second); c != 0) return c;
  return 0;
}

}  // namespace detail

}  // namespace batuta
