// Property tests of sorted maps and sets: long random sequences of
// operations checked against std::map / std::set models, with the tree
// invariants (order, balance, heights, count) verified as they go, old
// versions checked unchanged (persistence), and in-place update of unique
// maps proved by object identity and allocation counts.
//
// The models order keys with an oracle written independently of compare():
// the generated keys are fixnums, doubles (halves, so 3 and 3.0 collide as
// one key, as in Clojure's sorted maps) and short strings, which the oracle
// orders numbers first (by numeric value), then strings (bytewise).
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "core/equality.h"
#include "core/hash_set.h"
#include "core/map.h"
#include "core/printer.h"
#include "core/sorted_map.h"
#include "core/sorted_set.h"
#include "core/string.h"

namespace batuta {
namespace {

struct OracleLess {
  bool operator()(const Value& a, const Value& b) const {
    bool sa = is_string(a), sb = is_string(b);
    if (sa != sb) return sb;  // numbers before strings
    if (sa) return string_view_of(a) < string_view_of(b);
    return number(a) < number(b);
  }
  static double number(const Value& v) { return v.is_fixnum() ? static_cast<double>(v.as_fixnum()) : v.as_double(); }
};

using MapModel = std::map<Value, Value, OracleLess>;
using SetModel = std::set<Value, OracleLess>;

// Random keys from a small universe, so that the same key comes back often.
class KeyGen {
 public:
  KeyGen(std::mt19937_64& rng, int spread) : rng_(rng), spread_(spread) {}
  Value operator()() {
    int kind = static_cast<int>(rng_() % 10);
    int64_t n = static_cast<int64_t>(rng_() % (2 * spread_ + 1)) - spread_;
    if (kind < 6) return Value::fixnum(n);
    if (kind < 8) return Value::from_double(static_cast<double>(n) / 2);  // 3.0 collides with 3
    return make_string_from_utf8("s" + std::to_string(n));
  }

 private:
  std::mt19937_64& rng_;
  int64_t spread_;
};

// The map equals its model: same count, same keys (the key stored first
// for each collision class) with the same values, in the same order.
::testing::AssertionResult same_entries(const Value& m, const MapModel& model) {
  if (sorted_map_count(m) != model.size()) {
    return ::testing::AssertionFailure() << "count " << sorted_map_count(m) << " vs model " << model.size();
  }
  SortedMapCursor c(m);
  const Value *k, *v;
  for (const auto& [mk, mv] : model) {
    if (!c.next(k, v)) return ::testing::AssertionFailure() << "cursor ended early";
    if (!equals(*k, mk) || !v->identical(mv)) {
      return ::testing::AssertionFailure() << "entry " << pr_str(*k) << " " << pr_str(*v) << " vs model "
                                           << pr_str(mk) << " " << pr_str(mv);
    }
  }
  if (c.next(k, v)) return ::testing::AssertionFailure() << "cursor runs past the model";
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult same_elements(const Value& s, const SetModel& model) {
  if (sorted_set_count(s) != model.size()) {
    return ::testing::AssertionFailure() << "count " << sorted_set_count(s) << " vs model " << model.size();
  }
  SortedSetCursor c(s);
  const Value* e;
  for (const Value& me : model) {
    if (!c.next(e) || !equals(*e, me)) return ::testing::AssertionFailure() << "element differs at " << pr_str(me);
  }
  if (c.next(e)) return ::testing::AssertionFailure() << "cursor runs past the model";
  return ::testing::AssertionSuccess();
}

std::string check_tree(const Value& coll, bool with_value) {
  const SortedCollection* c = sorted_collection(coll);
  return tree_check(c->root, c->order, with_value, c->count);
}

// True when every node of the tree, and the header, has count one, so that
// any change to the map may be made in place.
bool all_unique(const Value& coll) {
  if (!coll.as_object()->is_unique()) return false;
  std::vector<const Value*> todo{&sorted_collection(coll)->root};
  while (!todo.empty()) {
    const Value* t = todo.back();
    todo.pop_back();
    if (t->is_nil()) continue;
    if (!t->as_object()->is_unique()) return false;
    todo.push_back(&tree_node(*t)->left);
    todo.push_back(&tree_node(*t)->right);
  }
  return true;
}

// Up to `limit` keys from a bounded cursor, checked against the model's
// lower_bound / upper_bound walks.
::testing::AssertionResult bounded_walk_matches(const Value& m, const MapModel& model, const Value& bound,
                                                TreeDirection dir, TreeBound kind, int limit) {
  SortedMapCursor c(m, dir, bound, kind);
  std::vector<Value> expected;
  if (dir == TreeDirection::Ascending) {
    auto it = kind == TreeBound::Inclusive ? model.lower_bound(bound) : model.upper_bound(bound);
    for (; it != model.end() && static_cast<int>(expected.size()) < limit; ++it) expected.push_back(it->first);
  } else {
    auto it = kind == TreeBound::Inclusive ? model.upper_bound(bound) : model.lower_bound(bound);
    while (it != model.begin() && static_cast<int>(expected.size()) < limit) expected.push_back((--it)->first);
  }
  const Value *k, *v;
  for (const Value& e : expected) {
    if (!c.next(k, v) || !equals(*k, e)) {
      return ::testing::AssertionFailure() << "bounded walk from " << pr_str(bound) << " expected " << pr_str(e);
    }
  }
  if (static_cast<int>(expected.size()) < limit && c.next(k, v)) {
    return ::testing::AssertionFailure() << "bounded walk from " << pr_str(bound) << " runs past the model";
  }
  return ::testing::AssertionSuccess();
}

struct Snapshot {
  Value map;
  MapModel model;
};

// 120,000 random operations on a map over ~600 distinct keys.
TEST(SortedProperty, MapAgainstStdMap) {
  uint64_t seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937_64 rng(seed);
  KeyGen key(rng, 150);
  Value m = empty_sorted_map();
  MapModel model;
  std::vector<Snapshot> snapshots;
  int in_place_checks = 0;
  for (int step = 0; step < 120000; ++step) {
    int op = static_cast<int>(rng() % 100);
    Value k = key();
    if (op < 45) {  // assoc
      Value v = Value::fixnum(static_cast<int64_t>(rng() % 1000));
      auto [it, inserted] = model.try_emplace(k, v);
      if (!inserted) it->second = v;
      m = sorted_map_assoc(std::move(m), k, v);
    } else if (op < 75) {  // dissoc
      bool present = model.erase(k) > 0;
      Value before = present ? Value() : m;
      m = sorted_map_dissoc(std::move(m), k);
      if (!present) { ASSERT_TRUE(m.identical(before)) << "dissoc of an absent key made a new map"; }
    } else if (op < 90) {  // get / find
      auto it = model.find(k);
      const Value* v = sorted_map_find(m, k);
      ASSERT_EQ(v != nullptr, it != model.end()) << pr_str(k);
      if (v != nullptr) { ASSERT_TRUE(v->identical(it->second)); }
      ASSERT_EQ(sorted_map_contains(m, k), v != nullptr);
    } else if (op < 94) {  // first / last / count
      ASSERT_EQ(sorted_map_count(m), model.size());
      SortedMapEntry f = sorted_map_first(m), l = sorted_map_last(m);
      ASSERT_EQ(static_cast<bool>(f), !model.empty());
      if (f) {
        ASSERT_TRUE(equals(*f.key, model.begin()->first));
        ASSERT_TRUE(equals(*l.key, model.rbegin()->first));
      }
    } else if (op < 98) {  // bounded cursors
      TreeDirection dir = rng() % 2 ? TreeDirection::Ascending : TreeDirection::Descending;
      TreeBound kind = rng() % 2 ? TreeBound::Inclusive : TreeBound::Exclusive;
      ASSERT_TRUE(bounded_walk_matches(m, model, k, dir, kind, 8));
    } else {  // keep this version: later operations must leave it unchanged
      snapshots.push_back({m, model});
    }

    if (step % 64 == 0) {
      ASSERT_EQ(check_tree(m, true), "") << "at step " << step;
      ASSERT_TRUE(same_entries(m, model)) << "at step " << step;
    }
    if (snapshots.size() == 40) {  // check the kept versions, then release them
      for (const Snapshot& s : snapshots) {
        ASSERT_TRUE(same_entries(s.map, s.model)) << "an old version changed, step " << step;
        ASSERT_EQ(check_tree(s.map, true), "");
      }
      snapshots.clear();
      // With no old version left holding on to nodes, the map is unique
      // throughout, so updating an existing key allocates nothing and keeps
      // the object, and so does removing one (which frees its node).
      ASSERT_TRUE(all_unique(m));
      if (model.empty()) continue;
      auto it = model.begin();
      std::advance(it, static_cast<long>(rng() % model.size()));
      Object* header = m.as_object();
      uint64_t allocs = allocation_stats().allocations;
      it->second = Value::fixnum(-1 - step);
      m = sorted_map_assoc(std::move(m), it->first, it->second);
      ASSERT_EQ(m.as_object(), header);
      ASSERT_EQ(allocation_stats().allocations, allocs);
      uint64_t frees = allocation_stats().frees;
      Value gone = it->first;
      model.erase(it);
      m = sorted_map_dissoc(std::move(m), gone);
      ASSERT_EQ(m.as_object(), header);
      ASSERT_EQ(allocation_stats().allocations, allocs);
      ASSERT_EQ(allocation_stats().frees, frees + 1);  // the node (its key lives on in `gone`)
      ++in_place_checks;
    }
  }
  EXPECT_GT(in_place_checks, 20);
  EXPECT_TRUE(same_entries(m, model));
}

// A large map: 150,000 operations over 40,000 fixnum keys, so the tree
// grows deep; invariants checked every 5,000 operations.
TEST(SortedProperty, LargeMapAgainstStdMap) {
  uint64_t seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937_64 rng(seed);
  Value m = empty_sorted_map();
  MapModel model;
  Value old;
  MapModel old_model;
  for (int step = 0; step < 150000; ++step) {
    Value k = Value::fixnum(static_cast<int64_t>(rng() % 40000));
    if (rng() % 3 != 0) {
      Value v = Value::fixnum(step);
      model[k] = v;
      m = sorted_map_assoc(std::move(m), k, v);
    } else {
      model.erase(k);
      m = sorted_map_dissoc(std::move(m), k);
    }
    if (step % 5000 == 0) {
      ASSERT_EQ(check_tree(m, true), "") << "at step " << step;
      ASSERT_TRUE(same_entries(m, model));
      if (!old.is_nil()) { ASSERT_TRUE(same_entries(old, old_model)) << "an old version changed"; }
      old = m;
      old_model = model;
    }
  }
  EXPECT_EQ(check_tree(m, true), "");
  EXPECT_TRUE(same_entries(m, model));
}

// 120,000 random operations on a set, with snapshots.
TEST(SortedProperty, SetAgainstStdSet) {
  uint64_t seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937_64 rng(seed);
  KeyGen key(rng, 120);
  Value s = empty_sorted_set();
  SetModel model;
  std::vector<std::pair<Value, SetModel>> snapshots;
  for (int step = 0; step < 120000; ++step) {
    int op = static_cast<int>(rng() % 100);
    Value x = key();
    if (op < 45) {
      bool fresh = model.insert(x).second;
      Value before = fresh ? Value() : s;
      s = sorted_set_conj(std::move(s), x);
      if (!fresh) { ASSERT_TRUE(s.identical(before)) << "conj of a present element made a new set"; }
    } else if (op < 75) {
      bool present = model.erase(x) > 0;
      Value before = present ? Value() : s;
      s = sorted_set_disj(std::move(s), x);
      if (!present) { ASSERT_TRUE(s.identical(before)); }
    } else if (op < 92) {
      const Value* found = sorted_set_find(s, x);
      auto it = model.find(x);
      ASSERT_EQ(found != nullptr, it != model.end());
      if (found != nullptr) { ASSERT_TRUE(equals(*found, *it)); }  // the element stored first
    } else if (op < 96) {
      ASSERT_EQ(sorted_set_count(s), model.size());
      const Value* f = sorted_set_first(s);
      ASSERT_EQ(f != nullptr, !model.empty());
      if (f) {
        ASSERT_TRUE(equals(*f, *model.begin()));
        ASSERT_TRUE(equals(*sorted_set_last(s), *model.rbegin()));
      }
    } else if (op < 99) {
      bool inclusive = rng() % 2;
      SortedSetCursor c(s, TreeDirection::Ascending, x, inclusive ? TreeBound::Inclusive : TreeBound::Exclusive);
      auto it = inclusive ? model.lower_bound(x) : model.upper_bound(x);
      const Value* e;
      for (int i = 0; i < 6 && it != model.end(); ++i, ++it) ASSERT_TRUE(c.next(e) && equals(*e, *it));
      if (it == model.end()) { ASSERT_FALSE(c.next(e)); }
    } else {
      snapshots.emplace_back(s, model);
    }
    if (step % 64 == 0) {
      ASSERT_EQ(check_tree(s, false), "") << "at step " << step;
      ASSERT_TRUE(same_elements(s, model));
    }
    if (snapshots.size() == 30) {
      for (const auto& [old, old_model] : snapshots) ASSERT_TRUE(same_elements(old, old_model));
      snapshots.clear();
    }
  }
  EXPECT_TRUE(same_elements(s, model));
}

// Equal contents reached by different histories give equal, equally hashed
// and compare-equal collections; different contents order consistently.
TEST(SortedProperty, EqualityHashAndOrderAgree) {
  uint64_t seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937_64 rng(seed);
  for (int round = 0; round < 300; ++round) {
    std::vector<int64_t> keys;
    for (int i = 0, n = static_cast<int>(rng() % 40); i < n; ++i) keys.push_back(static_cast<int64_t>(rng() % 60));
    Value a = empty_sorted_map(), b = empty_sorted_map();
    for (int64_t k : keys) a = sorted_map_assoc(std::move(a), Value::fixnum(k), Value::fixnum(k % 7));
    for (auto it = keys.rbegin(); it != keys.rend(); ++it) {
      b = sorted_map_assoc(std::move(b), Value::fixnum(*it), Value::fixnum(*it % 7));
    }
    Value plain = empty_map();  // the same entries in an array or hash map
    for (int64_t k : keys) plain = map_assoc(std::move(plain), Value::fixnum(k), Value::fixnum(k % 7));
    ASSERT_TRUE(equals(a, b));
    ASSERT_EQ(hash(a), hash(b));
    ASSERT_EQ(compare(a, b), 0);
    ASSERT_TRUE(equals(a, plain) && equals(plain, a));
    ASSERT_EQ(hash(a), hash(plain));
    ASSERT_EQ(compare(a, plain), 0);
    Value k = Value::fixnum(static_cast<int64_t>(rng() % 60));
    Value c = sorted_map_assoc(b, k, Value::fixnum(100));
    Value plain_c = map_assoc(plain, k, Value::fixnum(100));
    int ac = compare(a, c);
    ASSERT_EQ(ac, -compare(c, a));
    ASSERT_NE(ac, 0);  // c differs from a: a value became 100, or a key was added
    ASSERT_FALSE(equals(a, c));
    // Against plain maps the order is the same.
    ASSERT_EQ(compare(a, plain_c), ac);
    ASSERT_EQ(compare(plain_c, a), -ac);
    ASSERT_EQ(compare(plain, plain_c), ac);
    ASSERT_FALSE(equals(plain_c, a));

    // Sets of the keys, likewise.
    Value sa = empty_sorted_set(), ps = empty_set();
    for (int64_t x : keys) sa = sorted_set_conj(std::move(sa), Value::fixnum(x));
    for (auto it = keys.rbegin(); it != keys.rend(); ++it) ps = set_conj(std::move(ps), Value::fixnum(*it));
    ASSERT_TRUE(equals(sa, ps) && equals(ps, sa));
    ASSERT_EQ(hash(sa), hash(ps));
    ASSERT_EQ(compare(sa, ps), 0);
    Value sc = sorted_set_conj(sa, k), pc = set_conj(ps, k);
    ASSERT_EQ(compare(sa, pc), compare(ps, pc));
    ASSERT_EQ(compare(pc, sa), compare(sc, ps));
    ASSERT_EQ(equals(sc, ps), equals(pc, ps));
  }
}

}  // namespace
}  // namespace batuta
