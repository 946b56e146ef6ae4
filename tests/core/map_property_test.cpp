// Property tests of persistent hash maps: long random sequences of assoc,
// dissoc, lookups and counts checked against std::unordered_map, with old
// versions kept and re-checked (persistence), in-place update proven on
// unique maps, the CHAMP invariants checked along the way, and the same
// against the bare trie with forced hash collisions.
//
// The seed is printed on failure; set BATUTA_SEED to replay another one.
#include <gtest/gtest.h>

#include <cstdlib>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/array_map.h"
#include "core/printer.h"
#include "map_test_util.h"

namespace batuta {
namespace {

using map_testing::mixed_key;
using map_testing::trie_of;
using map_testing::trie_ok;
using Model = std::unordered_map<int64_t, int64_t>;

uint64_t test_seed(uint64_t fallback) {
  const char* s = std::getenv("BATUTA_SEED");
  return s ? std::strtoull(s, nullptr, 10) : fallback;
}

// The map holds exactly the model's entries (keys as mixed_key(id), values
// as fixnums), found by fresh equal keys and visited once by the cursor.
::testing::AssertionResult matches(const Value& m, const Model& model) {
  if (map_count(m) != model.size())
    return ::testing::AssertionFailure() << "count " << map_count(m) << ", model " << model.size();
  for (const auto& [k, v] : model) {
    const Value* found = map_find(m, mixed_key(k));
    if (found == nullptr) return ::testing::AssertionFailure() << "missing key " << pr_str(mixed_key(k));
    if (!found->is_fixnum() || found->as_fixnum() != v)
      return ::testing::AssertionFailure() << "key " << pr_str(mixed_key(k)) << " has " << pr_str(*found);
  }
  size_t visited = 0;
  MapCursor cursor(m);
  const Value *k, *v;
  while (cursor.next(k, v)) ++visited;
  if (visited != model.size()) return ::testing::AssertionFailure() << "cursor visited " << visited;
  return trie_ok(m);
}

struct Snapshot {
  Value map;
  Model model;
};

struct Phase {
  int64_t key_range;
  int steps;
  int reset_every;  // 0: never start over from the empty map
};

TEST(MapProperty, RandomOperationsMatchAModel) {
  const uint64_t seed = test_seed(20240611);
  SCOPED_TRACE("seed " + std::to_string(seed) + " (BATUTA_SEED replays)");
  std::mt19937_64 rng(seed);
  // Small key ranges keep the map around the array-map boundary; large ones
  // grow deep tries. 130,000 operations in all.
  const Phase phases[] = {{12, 30000, 150}, {40, 20000, 2000}, {400, 30000, 0}, {6000, 50000, 0}};
  uint64_t in_place_checks = 0;
  for (const Phase& phase : phases) {
    Value m = empty_map();
    Model model;
    std::vector<Snapshot> snapshots;
    for (int step = 0; step < phase.steps; ++step) {
      if (phase.reset_every && step % phase.reset_every == 0) {
        m = empty_map();
        model.clear();
      }
      const int64_t key = static_cast<int64_t>(rng() % phase.key_range);
      const int op = static_cast<int>(rng() % 100);
      Value k = mixed_key(key);  // made before counting allocations
      const bool unique = map_testing::path_unique(m, k);
      const bool was_hash_map = is_hash_map(m);
      Object* before = m.as_object();
      const uint64_t allocations = allocation_stats().allocations;
      if (op < 45) {
        const int64_t val = static_cast<int64_t>(rng() % 1000);
        auto it = model.find(key);
        const bool replaces = it != model.end() && it->second != val;
        m = map_assoc(std::move(m), std::move(k), Value::fixnum(val));
        model[key] = val;
        if (unique && replaces) {  // in place, allocation-free
          ASSERT_EQ(m.as_object(), before) << "step " << step;
          ASSERT_EQ(allocation_stats().allocations, allocations) << "step " << step;
          ++in_place_checks;
        }
        if (unique && was_hash_map) { ASSERT_EQ(m.as_object(), before) << "step " << step; }
      } else if (op < 75) {
        const bool present = model.erase(key) > 0;
        m = map_dissoc(std::move(m), k);
        if (!present || (unique && !model.empty())) { ASSERT_EQ(m.as_object(), before) << "step " << step; }
      } else {
        auto it = model.find(key);
        const Value* found = map_find(m, k);
        ASSERT_EQ(found != nullptr, it != model.end()) << "step " << step;
        if (found) { ASSERT_EQ(found->as_fixnum(), it->second); }
        ASSERT_EQ(map_contains(m, k), found != nullptr);
      }
      ASSERT_EQ(map_count(m), model.size()) << "step " << step;
      if (step % 997 == 0) {
        ASSERT_TRUE(matches(m, model)) << "step " << step;
        // Keep an old version; the next update must copy, not mutate it.
        if (snapshots.size() < 8) {
          snapshots.push_back({m, model});
        } else {
          snapshots[rng() % snapshots.size()] = {m, model};
        }
      }
      if (step % 4999 == 0) {
        for (const Snapshot& s : snapshots) ASSERT_TRUE(matches(s.map, s.model)) << "snapshot, step " << step;
      }
    }
    for (const Snapshot& s : snapshots) ASSERT_TRUE(matches(s.map, s.model));
    ASSERT_TRUE(matches(m, model));
    // Rebuilt from the model in another order: =, same hash, same shape.
    std::vector<Value> kvs;
    for (const auto& [k, v] : model) {
      kvs.push_back(mixed_key(k));
      kvs.push_back(Value::fixnum(v));
    }
    Value rebuilt = map_from(kvs);
    EXPECT_TRUE(equals(m, rebuilt));
    EXPECT_EQ(hash(m), hash(rebuilt));
    EXPECT_EQ(compare(m, rebuilt), 0);
    if (is_hash_map(m) && is_hash_map(rebuilt)) { EXPECT_EQ(champ::shape(trie_of(m)), champ::shape(trie_of(rebuilt))); }
  }
  EXPECT_GT(in_place_checks, 1000u);
}

TEST(MapProperty, ReplacingAValueInAUniqueMapNeverAllocates) {
  const uint64_t seed = test_seed(99);
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937_64 rng(seed);
  for (int64_t size : {3, 8, 9, 100, 20000}) {
    Value m = empty_map();
    for (int64_t k = 0; k < size; ++k) m = map_assoc(std::move(m), mixed_key(k), Value::fixnum(0));
    std::vector<Value> keys;
    for (int64_t k = 0; k < size; ++k) keys.push_back(mixed_key(k));
    Object* before = m.as_object();
    const uint64_t allocations = allocation_stats().allocations;
    for (int i = 0; i < 5000; ++i)
      m = map_assoc(std::move(m), keys[rng() % keys.size()], Value::fixnum(static_cast<int64_t>(i + 1)));
    EXPECT_EQ(allocation_stats().allocations, allocations) << size;
    EXPECT_EQ(m.as_object(), before) << size;
  }
}

// --- the bare trie with forced collisions --------------------------------------

// Hash functions for fixnum keys that collide on purpose. kMode picks one.
int g_mode = 0;
uint64_t colliding_hash(const Value& key) {
  const uint64_t k = static_cast<uint64_t>(key.as_fixnum());
  switch (g_mode) {
    case 0:  // 37 classes of fully equal hashes
      return mix_hash(k % 37);
    case 1:  // everything agrees on the low 60 bits: all at the deepest level
      return ((k % 16) << 60) | 0x0ABCDEF012345678ull;
    default:  // few bits of entropy spread over every level
      return mix_hash(k % 300) & 0x8421084210842108ull;
  }
}

TEST(MapProperty, TrieWithForcedCollisionsMatchesAModel) {
  const uint64_t seed = test_seed(4242);
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937_64 rng(seed);
  for (g_mode = 0; g_mode < 3; ++g_mode) {
    SCOPED_TRACE("hash mode " + std::to_string(g_mode));
    Value root = champ::empty_root(2);
    Model model;
    std::vector<std::pair<Value, Model>> snapshots;
    for (int step = 0; step < 12000; ++step) {
      const int64_t key = static_cast<int64_t>(rng() % 500);
      const uint64_t h = colliding_hash(Value::fixnum(key));
      const int op = static_cast<int>(rng() % 100);
      if (op < 50) {
        const int64_t val = static_cast<int64_t>(rng() % 1000);
        Value v = Value::fixnum(val);
        champ::Insertion what;
        root = champ::insert<2>(std::move(root), Value::fixnum(key), &v, h, what, &colliding_hash);
        ASSERT_EQ(what == champ::Insertion::Added, model.count(key) == 0) << "step " << step;
        model[key] = val;
      } else if (op < 85) {
        bool removed = false;
        root = champ::remove<2>(std::move(root), Value::fixnum(key), h, removed);
        ASSERT_EQ(removed, model.erase(key) > 0) << "step " << step;
      } else {
        const Value* e = champ::find<2>(root, Value::fixnum(key), h);
        auto it = model.find(key);
        ASSERT_EQ(e != nullptr, it != model.end()) << "step " << step;
        if (e) { ASSERT_EQ(e[1].as_fixnum(), it->second); }
      }
      if (step % 101 == 0) {
        ASSERT_EQ(champ::check_invariants(root, &colliding_hash), "") << "step " << step;
        if (snapshots.size() < 6) snapshots.push_back({root, model});
        else snapshots[rng() % snapshots.size()] = {root, model};
      }
    }
    snapshots.push_back({root, model});
    for (auto& [r, m] : snapshots) {
      ASSERT_EQ(champ::check_invariants(r, &colliding_hash), "");
      size_t n = 0;
      champ::Cursor c(r);
      while (const Value* e = c.next()) {
        ++n;
        auto it = m.find(e[0].as_fixnum());
        ASSERT_NE(it, m.end());
        ASSERT_EQ(e[1].as_fixnum(), it->second);
      }
      ASSERT_EQ(n, m.size());
    }
  }
}

}  // namespace
}  // namespace batuta
