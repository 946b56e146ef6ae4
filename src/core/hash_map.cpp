// hash_map.cpp: see hash_map.h.
#include "core/hash_map.h"

#include <new>

#include "core/champ.h"
#include "core/equality.h"
#include "core/map.h"

namespace batuta {

namespace {

void hash_map_visit(Object* o, ChildVisitor visit) { visit(static_cast<HashMap*>(o)->root); }

void hash_map_destroy(Object* o) {
  auto* m = static_cast<HashMap*>(o);
  m->~HashMap();
  free_bytes(m, sizeof(HashMap));
}

uint64_t hash_map_hash(const Object* o) {
  const auto* m = static_cast<const HashMap*>(o);
  uint64_t h = m->cached_hash.load(std::memory_order_relaxed);
  if (h == 0) {  // a map whose hash is 0 is simply never cached
    h = detail::map_hash_entries(o);
    m->cached_hash.store(h, std::memory_order_relaxed);
  }
  return h;
}

}  // namespace

const KindOps kHashMapOps = {hash_map_visit, hash_map_destroy,  detail::map_equals,
                             hash_map_hash,  detail::map_print, detail::map_compare};

Value make_hash_map(Value root, uint64_t count) {
  return Value::adopt(new (allocate_bytes(sizeof(HashMap))) HashMap(std::move(root), count));
}

const Value* hash_map_find(const HashMap* m, const Value& key) {
  if (m->count == 0) return nullptr;
  const Value* entry = champ::find<2>(m->root, key, hash(key));
  return entry ? entry + 1 : nullptr;
}

Value hash_map_assoc(Value m, Value key, Value val) {
  auto* hm = static_cast<HashMap*>(m.as_object());
  const uint64_t h = hash(key);
  champ::Insertion what;
  if (hm->is_unique()) {
    hm->root = champ::insert<2>(std::move(hm->root), std::move(key), &val, h, what, &hash);
    if (what == champ::Insertion::Added) hm->count++;
    if (what != champ::Insertion::Unchanged) hm->cached_hash.store(0, std::memory_order_relaxed);
    return m;
  }
  // Shared: the trie is reached through our extra reference, so the changed
  // path is copied and the rest shared.
  Value root = champ::insert<2>(hm->root, std::move(key), &val, h, what, &hash);
  if (what == champ::Insertion::Unchanged) return m;
  return make_hash_map(std::move(root), hm->count + (what == champ::Insertion::Added ? 1 : 0));
}

Value hash_map_dissoc(Value m, const Value& key) {
  auto* hm = static_cast<HashMap*>(m.as_object());
  if (hm->count == 0) return m;
  const uint64_t h = hash(key);
  bool removed = false;
  if (hm->is_unique()) {
    hm->root = champ::remove<2>(std::move(hm->root), key, h, removed);
    if (removed) {
      hm->count--;
      hm->cached_hash.store(0, std::memory_order_relaxed);
    }
    return m;
  }
  Value root = champ::remove<2>(hm->root, key, h, removed);
  if (!removed) return m;
  return make_hash_map(std::move(root), hm->count - 1);
}

}  // namespace batuta
