// Benchmarks of persistent hash maps (map.h) at 1,000,000 entries of
// fixnum keys and values. Each reports ns per operation in the `ns_per_op`
// counter (Google Benchmark prints it with an SI suffix: "55.1n" is 55.1 ns).
//
//   assoc_new    100,000 new keys into a 1M map: unique (the map is updated
//                in place, as `(assoc m k v)` in a loop that drops the old
//                map) and persistent (the previous version stays alive while
//                the next is made, so the path is copied; this is what every
//                assoc costs in Clojure)
//                (and unique into a 10,000-entry map, which stays in cache)
//   get          random hits and misses on a 1M map
//   dissoc       100,000 existing keys out of a 1M map, unique and persistent
//   build        a 1M map from empty by assoc (unique)
//   memory       bytes per entry of a 1M map: `bytes_per_entry` counts the
//                bytes requested from allocate_bytes (allocation_stats), and
//                `malloc_bytes_per_entry` what glibc's malloc really holds
//                (its chunk headers and rounding included)
//
// The unique benchmarks rebuild their 1M map (untimed) before each timed
// batch, so every batch starts from exactly sized nodes: an in-place dissoc
// leaves room that a later assoc could reuse, which would flatter assoc.
// bench/peers/run.sh runs the same workloads on Clojure.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <vector>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "core/map.h"
#include "core/object.h"

namespace batuta {
namespace {

constexpr int64_t kMillion = 1'000'000;
constexpr int64_t kBatch = 100'000;

void set_ns_per_op(benchmark::State& state, int64_t ops_per_iteration) {
  state.counters["ns_per_op"] = benchmark::Counter(static_cast<double>(ops_per_iteration),
                                                   benchmark::Counter::kIsIterationInvariantRate |
                                                       benchmark::Counter::kInvert);
}

// Keys 0..n-1, each mapped to key + 1 (distinct key and value, as the peer).
Value build_map(int64_t n) {
  Value m = empty_map();
  for (int64_t k = 0; k < n; ++k) m = map_assoc(std::move(m), Value::fixnum(k), Value::fixnum(k + 1));
  return m;
}

const Value& base_map() {
  static const Value base = build_map(kMillion);
  return base;
}

std::vector<Value> keys_from(int64_t first, int64_t count) {
  std::vector<Value> keys;
  keys.reserve(count);
  for (int64_t k = first; k < first + count; ++k) keys.push_back(Value::fixnum(k));
  return keys;
}

std::vector<Value> random_keys(int64_t count, int64_t lo, int64_t hi, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<Value> keys;
  keys.reserve(count);
  for (int64_t i = 0; i < count; ++i) keys.push_back(Value::fixnum(lo + static_cast<int64_t>(rng() % (hi - lo))));
  return keys;
}

void BM_AssocNewKeyUnique(benchmark::State& state) {
  const std::vector<Value> keys = keys_from(kMillion, kBatch);
  for (auto _ : state) {
    state.PauseTiming();
    Value m = build_map(kMillion);
    state.ResumeTiming();
    for (const Value& k : keys) m = map_assoc(std::move(m), k, k);
    benchmark::DoNotOptimize(m.bits());
    state.PauseTiming();
    m = Value();
    state.ResumeTiming();
  }
  set_ns_per_op(state, kBatch);
}
BENCHMARK(BM_AssocNewKeyUnique)->Iterations(10)->Unit(benchmark::kMillisecond)->UseRealTime();

// The same on a 10,000-entry map, which stays in cache: the CPU cost of an
// assoc without the DRAM misses that dominate at 1M entries.
void BM_AssocNewKeyUniqueCached(benchmark::State& state) {
  constexpr int64_t kSize = 10'000, kNew = 1'000;
  const std::vector<Value> keys = keys_from(kSize, kNew);
  for (auto _ : state) {
    state.PauseTiming();
    Value m = build_map(kSize);
    state.ResumeTiming();
    for (const Value& k : keys) m = map_assoc(std::move(m), k, k);
    benchmark::DoNotOptimize(m.bits());
    state.PauseTiming();
    m = Value();
    state.ResumeTiming();
  }
  set_ns_per_op(state, kNew);
}
BENCHMARK(BM_AssocNewKeyUniqueCached)->Iterations(200)->Unit(benchmark::kMicrosecond)->UseRealTime();

void BM_AssocNewKeyPersistent(benchmark::State& state) {
  const Value& base = base_map();
  const std::vector<Value> keys = keys_from(kMillion, kBatch);
  for (auto _ : state) {
    Value m = base;  // shared with base: every assoc copies its path
    for (const Value& k : keys) {
      Value next = map_assoc(m, k, k);  // m (the previous version) is alive meanwhile
      m = std::move(next);
    }
    benchmark::DoNotOptimize(m.bits());
  }
  set_ns_per_op(state, kBatch);
}
BENCHMARK(BM_AssocNewKeyPersistent)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_GetHit(benchmark::State& state) {
  const Value& m = base_map();
  const std::vector<Value> keys = random_keys(kMillion, 0, kMillion, 1);
  int64_t sum = 0;
  for (auto _ : state) {
    for (const Value& k : keys) sum += map_find(m, k)->as_fixnum();
    benchmark::DoNotOptimize(sum);
  }
  set_ns_per_op(state, kMillion);
}
BENCHMARK(BM_GetHit)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_GetMiss(benchmark::State& state) {
  const Value& m = base_map();
  const std::vector<Value> keys = random_keys(kMillion, 2 * kMillion, 3 * kMillion, 2);
  int64_t found = 0;
  for (auto _ : state) {
    for (const Value& k : keys) found += map_find(m, k) != nullptr;
    benchmark::DoNotOptimize(found);
  }
  set_ns_per_op(state, kMillion);
}
BENCHMARK(BM_GetMiss)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_DissocUnique(benchmark::State& state) {
  const std::vector<Value> keys = random_keys(kBatch, 0, kMillion, 3);
  for (auto _ : state) {
    state.PauseTiming();
    Value m = build_map(kMillion);
    state.ResumeTiming();
    for (const Value& k : keys) m = map_dissoc(std::move(m), k);
    benchmark::DoNotOptimize(m.bits());
    state.PauseTiming();
    m = Value();
    state.ResumeTiming();
  }
  set_ns_per_op(state, kBatch);
}
BENCHMARK(BM_DissocUnique)->Iterations(10)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_DissocPersistent(benchmark::State& state) {
  const Value& base = base_map();
  const std::vector<Value> keys = random_keys(kBatch, 0, kMillion, 3);
  for (auto _ : state) {
    Value m = base;
    for (const Value& k : keys) {
      Value next = map_dissoc(m, k);
      m = std::move(next);
    }
    benchmark::DoNotOptimize(m.bits());
  }
  set_ns_per_op(state, kBatch);
}
BENCHMARK(BM_DissocPersistent)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Build(benchmark::State& state) {
  for (auto _ : state) {
    Value m = build_map(kMillion);
    benchmark::DoNotOptimize(m.bits());
    state.PauseTiming();
    m = Value();
    state.ResumeTiming();
  }
  set_ns_per_op(state, kMillion);
}
BENCHMARK(BM_Build)->Iterations(5)->Unit(benchmark::kMillisecond)->UseRealTime();

size_t malloc_in_use() {
#if defined(__GLIBC__)
  return mallinfo2().uordblks;
#else
  return 0;
#endif
}

void BM_MemoryPerEntry(benchmark::State& state) {
  double bytes = 0, malloc_bytes = 0;
  for (auto _ : state) {
    const uint64_t live = allocation_stats().bytes_live;
    const size_t in_use = malloc_in_use();
    Value m = build_map(kMillion);
    bytes = static_cast<double>(allocation_stats().bytes_live - live) / static_cast<double>(map_count(m));
    malloc_bytes = static_cast<double>(malloc_in_use() - in_use) / static_cast<double>(map_count(m));
    state.PauseTiming();
    m = Value();
    state.ResumeTiming();
  }
  state.counters["bytes_per_entry"] = bytes;
  state.counters["malloc_bytes_per_entry"] = malloc_bytes;
}
BENCHMARK(BM_MemoryPerEntry)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace batuta
