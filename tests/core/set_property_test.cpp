// Property tests of persistent hash sets: random conj/disj/contains/count
// sequences checked against std::unordered_set, with old versions kept and
// re-checked (persistence), in-place update proven on unique sets, and the
// bare-key trie run with forced hash collisions.
//
// The seed is printed on failure; set BATUTA_SEED to replay another one.
#include <gtest/gtest.h>

#include <cstdlib>
#include <random>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/printer.h"
#include "map_test_util.h"

namespace batuta {
namespace {

using map_testing::mixed_key;
using map_testing::trie_ok;
using Model = std::unordered_set<int64_t>;

uint64_t test_seed(uint64_t fallback) {
  const char* s = std::getenv("BATUTA_SEED");
  return s ? std::strtoull(s, nullptr, 10) : fallback;
}

::testing::AssertionResult matches(const Value& s, const Model& model) {
  if (set_count(s) != model.size())
    return ::testing::AssertionFailure() << "count " << set_count(s) << ", model " << model.size();
  for (int64_t k : model)
    if (!set_contains(s, mixed_key(k))) return ::testing::AssertionFailure() << "missing " << pr_str(mixed_key(k));
  size_t visited = 0;
  SetCursor cursor(s);
  while (cursor.next()) ++visited;
  if (visited != model.size()) return ::testing::AssertionFailure() << "cursor visited " << visited;
  return trie_ok(s);
}

TEST(SetProperty, RandomOperationsMatchAModel) {
  const uint64_t seed = test_seed(8675309);
  SCOPED_TRACE("seed " + std::to_string(seed) + " (BATUTA_SEED replays)");
  std::mt19937_64 rng(seed);
  uint64_t in_place_checks = 0;
  for (int64_t key_range : {20, 500, 8000}) {
    Value s = empty_set();
    Model model;
    std::vector<std::pair<Value, Model>> snapshots;
    for (int step = 0; step < 40000; ++step) {
      const int64_t key = static_cast<int64_t>(rng() % key_range);
      const int op = static_cast<int>(rng() % 100);
      Value k = mixed_key(key);  // made before counting allocations
      const bool unique = map_testing::path_unique(s, k);
      Object* before = s.as_object();
      const uint64_t allocations = allocation_stats().allocations;
      if (op < 45) {
        const bool present = model.count(key) > 0;
        s = set_conj(std::move(s), std::move(k));
        model.insert(key);
        if (present) {  // the same set back, allocation-free
          ASSERT_EQ(s.as_object(), before) << "step " << step;
          ASSERT_EQ(allocation_stats().allocations, allocations) << "step " << step;
        }
        if (unique) {
          ASSERT_EQ(s.as_object(), before) << "step " << step;
          ++in_place_checks;
        }
      } else if (op < 75) {
        model.erase(key);
        s = set_disj(std::move(s), k);
        if (unique) {
          ASSERT_EQ(s.as_object(), before) << "step " << step;
          ++in_place_checks;
        }
      } else {
        ASSERT_EQ(set_contains(s, k), model.count(key) > 0) << "step " << step;
        const Value* stored = set_find(s, k);
        ASSERT_EQ(stored != nullptr, model.count(key) > 0);
        if (stored) {
          ASSERT_TRUE(equals(*stored, k));
        }
      }
      ASSERT_EQ(set_count(s), model.size()) << "step " << step;
      if (step % 997 == 0) {
        ASSERT_TRUE(matches(s, model)) << "step " << step;
        if (snapshots.size() < 8) {
          snapshots.push_back({s, model});
        } else {
          snapshots[rng() % snapshots.size()] = {s, model};
        }
      }
      if (step % 4999 == 0) {
        for (auto& [snap, m] : snapshots) ASSERT_TRUE(matches(snap, m)) << "snapshot, step " << step;
      }
    }
    for (auto& [snap, m] : snapshots) ASSERT_TRUE(matches(snap, m));
    ASSERT_TRUE(matches(s, model));
    std::vector<Value> elements;
    for (int64_t k : model) elements.push_back(mixed_key(k));
    Value rebuilt = set_from(elements);
    EXPECT_TRUE(equals(s, rebuilt));
    EXPECT_EQ(hash(s), hash(rebuilt));
    EXPECT_EQ(compare(s, rebuilt), 0);
    EXPECT_EQ(champ::shape(map_testing::trie_of(s)), champ::shape(map_testing::trie_of(rebuilt)));
  }
  EXPECT_GT(in_place_checks, 10000u);
}

// Fixnum keys whose hashes collide on purpose (see map_property_test.cpp).
int g_mode = 0;
uint64_t colliding_hash(const Value& key) {
  const uint64_t k = static_cast<uint64_t>(key.as_fixnum());
  switch (g_mode) {
    case 0: return mix_hash(k % 29);
    case 1: return ((k % 16) << 60) | 0x0123456789ABCDEFull;
    default: return mix_hash(k % 200) & 0x1084210842108421ull;
  }
}

TEST(SetProperty, TrieWithForcedCollisionsMatchesAModel) {
  const uint64_t seed = test_seed(31337);
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937_64 rng(seed);
  for (g_mode = 0; g_mode < 3; ++g_mode) {
    SCOPED_TRACE("hash mode " + std::to_string(g_mode));
    Value root = champ::empty_root(1);
    Model model;
    std::vector<std::pair<Value, Model>> snapshots;
    for (int step = 0; step < 10000; ++step) {
      const int64_t key = static_cast<int64_t>(rng() % 400);
      const uint64_t h = colliding_hash(Value::fixnum(key));
      const int op = static_cast<int>(rng() % 100);
      if (op < 50) {
        champ::Insertion what;
        root = champ::insert<1>(std::move(root), Value::fixnum(key), nullptr, h, what, &colliding_hash);
        ASSERT_EQ(what == champ::Insertion::Added, model.insert(key).second) << "step " << step;
      } else if (op < 85) {
        bool removed = false;
        root = champ::remove<1>(std::move(root), Value::fixnum(key), h, removed);
        ASSERT_EQ(removed, model.erase(key) > 0) << "step " << step;
      } else {
        ASSERT_EQ(champ::find<1>(root, Value::fixnum(key), h) != nullptr, model.count(key) > 0) << "step " << step;
      }
      if (step % 101 == 0) {
        ASSERT_EQ(champ::check_invariants(root, &colliding_hash), "") << "step " << step;
        if (snapshots.size() < 6) {
          snapshots.push_back({root, model});
        } else {
          snapshots[rng() % snapshots.size()] = {root, model};
        }
      }
    }
    snapshots.push_back({root, model});
    for (auto& [r, m] : snapshots) {
      ASSERT_EQ(champ::check_invariants(r, &colliding_hash), "");
      size_t n = 0;
      champ::Cursor c(r);
      while (const Value* e = c.next()) {
        ++n;
        ASSERT_TRUE(m.count(e->as_fixnum()));
      }
      ASSERT_EQ(n, m.size());
    }
  }
}

}  // namespace
}  // namespace batuta
