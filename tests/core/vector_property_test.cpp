// Property test of persistent vectors: long random sequences of conj, pop,
// assoc, nth, peek and count checked against a std::vector model, with old
// versions kept alive and re-checked (persistence), the trie's shape checked
// as it grows past three levels and shrinks back to empty, and in-place
// update proved whenever the vector is unique.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "core/equality.h"
#include "core/object.h"
#include "core/printer.h"
#include "core/string.h"
#include "core/vector.h"
#include "vector_test_util.h"

namespace batuta {
namespace {

using vector_testing::check_shape;

struct Version {
  Value vector;
  std::vector<Value> model;
};

::testing::AssertionResult matches(const Value& v, const std::vector<Value>& model) {
  if (vector_count(v) != model.size()) {
    return ::testing::AssertionFailure() << "count " << vector_count(v) << " != " << model.size();
  }
  VectorCursor cursor(v);
  for (size_t i = 0; i < model.size(); ++i) {
    const Value* e = cursor();
    if (e == nullptr || !e->identical(model[i])) return ::testing::AssertionFailure() << "element " << i;
    if (!vector_at(v, i).identical(model[i])) return ::testing::AssertionFailure() << "vector_at " << i;
  }
  if (cursor() != nullptr) return ::testing::AssertionFailure() << "cursor runs past the end";
  return check_shape(v);
}

// Each phase of kPhaseLength operations either grows or shrinks the vector
// on average, so it climbs past 32^3 + 32 elements (where the trie gets its
// fourth level) and comes back down to empty, crossing every boundary both
// ways.
constexpr int kPhaseLength = 30'000;
constexpr bool kGrowing[] = {true, true, true, false, false, false, true, false, true, false};

TEST(VectorProperty, RandomOperationsMatchAModel) {
  uint64_t seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937_64 rng(seed);
  uint64_t live_before = allocation_stats().bytes_live;
  {
    // Elements: fixnums, and a few shared strings so element counts matter.
    std::vector<Value> strings;
    for (int i = 0; i < 16; ++i) strings.push_back(make_string_from_utf8("s" + std::to_string(i)));
    auto random_element = [&] {
      uint64_t r = rng();
      return (r & 7) == 0 ? strings[(r >> 3) % strings.size()] : Value::fixnum(static_cast<int64_t>(r >> 20));
    };

    Value v = empty_vector();
    std::vector<Value> model;
    std::vector<Version> snapshots;
    size_t max_size = 0, in_place_conjs = 0, in_place_assocs = 0, in_place_pops = 0;

    for (int phase = 0; phase < static_cast<int>(std::size(kGrowing)); ++phase) {
      int conj_weight = kGrowing[phase] ? 60 : 12;
      int pop_weight = kGrowing[phase] ? 10 : 58;
      for (int step = 0; step < kPhaseLength; ++step) {
        int r = static_cast<int>(rng() % 100);
        // One operation in eight works on a copy, keeping the old version
        // alive for the duration: the persistent path.
        bool persistent = rng() % 8 == 0;
        Value old = persistent ? v : Value();
        size_t old_count = model.size();
        Value old_last = model.empty() ? Value() : model.back();
        const Vector* before = as_vector(v);
        bool unique = before->is_unique();
        size_t length = before->tail_length(), capacity = before->tail_capacity();
        uint64_t allocations = allocation_stats().allocations;

        if (r < conj_weight) {
          Value x = random_element();
          bool expect_no_allocation = unique && length < capacity;
          allocations = allocation_stats().allocations;
          v = vector_conj(std::move(v), x);
          model.push_back(x);
          if (unique && (length < capacity || length == kVectorWidth)) {
            ASSERT_EQ(v.as_object(), before) << "conj on a unique vector must update it in place";
            ++in_place_conjs;
          }
          if (expect_no_allocation) {
            ASSERT_EQ(allocation_stats().allocations, allocations);
          }
        } else if (r < conj_weight + pop_weight) {
          auto popped = vector_pop(std::move(v));
          if (model.empty()) {
            ASSERT_FALSE(popped.ok());
            v = empty_vector();
          } else {
            ASSERT_TRUE(popped.ok());
            v = std::move(popped).value();
            model.pop_back();
            if (unique && !model.empty() && (length > 1 || capacity == kVectorWidth)) {
              ASSERT_EQ(v.as_object(), before) << "pop on a unique vector must update it in place";
              ++in_place_pops;
            }
            if (unique && length > 1) {
              ASSERT_EQ(allocation_stats().allocations, allocations);
            }
          }
        } else if (r < conj_weight + pop_weight + 20) {
          // assoc, sometimes at count (an append) or past it (an error).
          size_t n = model.size();
          int64_t i = static_cast<int64_t>(rng() % (n + 2));
          Value x = random_element();
          if (static_cast<size_t>(i) > n) {
            auto failed = vector_assoc(v, i, x);  // on a copy: a failed call still consumes its vector
            ASSERT_FALSE(failed.ok());
            ASSERT_EQ(failed.error().kind, ErrorKind::IndexOutOfBounds);
          } else {
            allocations = allocation_stats().allocations;
            auto assoced = vector_assoc(std::move(v), i, x);
            ASSERT_TRUE(assoced.ok());
            v = std::move(assoced).value();
            if (static_cast<size_t>(i) == n) {
              model.push_back(x);
            } else {
              model[i] = x;
              if (unique) {
                ASSERT_EQ(v.as_object(), before) << "assoc on a unique vector must update it in place";
                ++in_place_assocs;
                if (static_cast<size_t>(i) >= before->tailoff()) {
                  ASSERT_EQ(allocation_stats().allocations, allocations);
                }
              }
            }
          }
        } else if (r < conj_weight + pop_weight + 28) {
          // Reads: nth in and out of range, peek.
          size_t n = model.size();
          int64_t i = static_cast<int64_t>(rng() % (n + 3)) - 1;
          auto got = vector_nth(v, i);
          if (i < 0 || static_cast<size_t>(i) >= n) {
            ASSERT_FALSE(got.ok());
          } else {
            ASSERT_TRUE(got.ok());
            ASSERT_TRUE(got.value().identical(model[i]));
          }
          ASSERT_TRUE(vector_peek(v).identical(n == 0 ? Value() : model.back()));
        } else if (r < conj_weight + pop_weight + 29) {
          // Keep this version; re-check the one it replaces.
          if (snapshots.size() < 6) {
            snapshots.push_back({v, model});
          } else {
            size_t k = rng() % snapshots.size();
            ASSERT_TRUE(matches(snapshots[k].vector, snapshots[k].model)) << "an old version changed";
            snapshots[k] = {v, model};
          }
        }
        ASSERT_EQ(vector_count(v), model.size());
        if (!model.empty()) {
          ASSERT_TRUE(vector_at(v, model.size() - 1).identical(model.back()));
        }
        if (persistent) {
          // The version that was kept still has its old count and last element.
          ASSERT_EQ(vector_count(old), old_count);
          ASSERT_TRUE(vector_peek(old).identical(old_last));
        }
        if (step % 1000 == 0) {
          ASSERT_TRUE(matches(v, model));
        }
        max_size = std::max(max_size, model.size());
      }
    }
    ASSERT_TRUE(matches(v, model));
    for (const Version& s : snapshots) ASSERT_TRUE(matches(s.vector, s.model)) << "an old version changed";
    EXPECT_GT(max_size, size_t{32 * 32 * 32 + 32}) << "the walk should build a four-level trie";
    EXPECT_GT(in_place_conjs, 1000u);
    EXPECT_GT(in_place_assocs, 1000u);
    EXPECT_GT(in_place_pops, 1000u);
  }
  EXPECT_EQ(allocation_stats().bytes_live, live_before) << "every node and vector was freed";
}

}  // namespace
}  // namespace batuta
