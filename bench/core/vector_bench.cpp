// Benchmarks of persistent vectors (vector.h). Each reports ns per
// operation in the `ns_per_op` counter (Google Benchmark prints it with an
// SI suffix: "12.3n" is 12.3 ns).
//
//   conj      building a vector by repeated conj, unique (in place) and
//             persistent (old versions kept)
//   nth       random reads of a 1,000,000-element vector (and of a
//             10,000-element one, which fits in L2: the cost without cache misses)
//   assoc     random writes, unique (in place) and persistent
//   pop       unique, down to empty
//   iterate   walking every element with VectorCursor
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <vector>

#include "core/vector.h"

namespace batuta {
namespace {

constexpr int64_t kMillion = 1'000'000;

void set_ns_per_op(benchmark::State& state, int64_t ops_per_iteration) {
  state.counters["ns_per_op"] = benchmark::Counter(static_cast<double>(ops_per_iteration),
                                                   benchmark::Counter::kIsIterationInvariantRate |
                                                       benchmark::Counter::kInvert);
}

Value build(int64_t n) {
  Value v = empty_vector();
  for (int64_t i = 0; i < n; ++i) v = vector_conj(std::move(v), Value::fixnum(i));
  return v;
}

std::vector<uint32_t> random_indices(size_t count, uint64_t bound) {
  std::mt19937_64 rng(42);
  std::vector<uint32_t> out(count);
  for (auto& i : out) i = static_cast<uint32_t>(rng() % bound);
  return out;
}

// The common case: (reduce conj [] xs). The vector is unique, so 31 of 32
// conjs write into the tail in place and the 32nd moves it into a new leaf.
void BM_ConjUnique(benchmark::State& state) {
  const int64_t n = state.range(0);
  for (auto _ : state) {
    Value v = empty_vector();
    for (int64_t i = 0; i < n; ++i) v = vector_conj(std::move(v), Value::fixnum(i));
    benchmark::DoNotOptimize(v.bits());
    state.PauseTiming();  // freeing is not part of conj
    v = Value();
    state.ResumeTiming();
  }
  set_ns_per_op(state, n);
}
BENCHMARK(BM_ConjUnique)->Arg(kMillion)->Unit(benchmark::kMillisecond);

// Each conj keeps the previous version alive while it runs, so every conj
// copies the vector object and its tail (and the path, every 32nd time).
void BM_ConjPersistentKeepPrevious(benchmark::State& state) {
  const int64_t n = state.range(0);
  for (auto _ : state) {
    Value v = empty_vector();
    for (int64_t i = 0; i < n; ++i) {
      Value next = vector_conj(v, Value::fixnum(i));
      v = std::move(next);
    }
    benchmark::DoNotOptimize(v.bits());
    state.PauseTiming();
    v = Value();
    state.ResumeTiming();
  }
  set_ns_per_op(state, n);
}
BENCHMARK(BM_ConjPersistentKeepPrevious)->Arg(kMillion)->Unit(benchmark::kMillisecond);

// Every version is kept until the end (memory grows with n, hence 100,000).
void BM_ConjPersistentKeepAll(benchmark::State& state) {
  const int64_t n = state.range(0);
  std::vector<Value> versions;
  versions.reserve(static_cast<size_t>(n) + 1);
  for (auto _ : state) {
    versions.push_back(empty_vector());
    for (int64_t i = 0; i < n; ++i) versions.push_back(vector_conj(versions.back(), Value::fixnum(i)));
    benchmark::DoNotOptimize(versions.back().bits());
    state.PauseTiming();
    versions.clear();
    state.ResumeTiming();
  }
  set_ns_per_op(state, n);
}
BENCHMARK(BM_ConjPersistentKeepAll)->Arg(100'000)->Unit(benchmark::kMillisecond);

// Random reads, unchecked (vector_at) and checked (vector_nth, a Result).
void BM_AtRandom(benchmark::State& state) {
  Value v = build(state.range(0));
  auto indices = random_indices(1 << 20, static_cast<uint64_t>(state.range(0)));
  uint64_t sink = 0;
  for (auto _ : state) {
    for (uint32_t i : indices) sink += vector_at(v, i).bits();
  }
  benchmark::DoNotOptimize(sink);
  set_ns_per_op(state, static_cast<int64_t>(indices.size()));
}
BENCHMARK(BM_AtRandom)->Arg(kMillion)->Arg(10'000)->Arg(100'000)->Arg(300'000)->Unit(benchmark::kMillisecond);

void BM_NthRandom(benchmark::State& state) {
  Value v = build(state.range(0));
  auto indices = random_indices(1 << 20, static_cast<uint64_t>(state.range(0)));
  uint64_t sink = 0;
  for (auto _ : state) {
    for (uint32_t i : indices) sink += vector_nth(v, i).value().bits();
  }
  benchmark::DoNotOptimize(sink);
  set_ns_per_op(state, static_cast<int64_t>(indices.size()));
}
BENCHMARK(BM_NthRandom)->Arg(kMillion)->Arg(10'000)->Unit(benchmark::kMillisecond);

// Reads in index order (a loop over (nth v i)): each leaf is reached once
// per 32 reads, so this measures the trie descent rather than cache misses.
void BM_NthSequential(benchmark::State& state) {
  Value v = build(state.range(0));
  const int64_t n = state.range(0);
  uint64_t sink = 0;
  for (auto _ : state) {
    for (int64_t i = 0; i < n; ++i) sink += vector_nth(v, i).value().bits();
  }
  benchmark::DoNotOptimize(sink);
  set_ns_per_op(state, n);
}
BENCHMARK(BM_NthSequential)->Arg(kMillion)->Unit(benchmark::kMillisecond);

void BM_AssocRandomUnique(benchmark::State& state) {
  Value v = build(state.range(0));
  auto indices = random_indices(1 << 20, static_cast<uint64_t>(state.range(0)));
  for (auto _ : state) {
    for (uint32_t i : indices) v = vector_assoc(std::move(v), i, Value::fixnum(i)).value();
  }
  benchmark::DoNotOptimize(v.bits());
  set_ns_per_op(state, static_cast<int64_t>(indices.size()));
}
BENCHMARK(BM_AssocRandomUnique)->Arg(kMillion)->Arg(10'000)->Unit(benchmark::kMillisecond);

// The previous version stays alive during each assoc: the path (4 nodes for
// a million elements) and the vector object are copied.
void BM_AssocRandomPersistent(benchmark::State& state) {
  Value v = build(state.range(0));
  auto indices = random_indices(1 << 18, static_cast<uint64_t>(state.range(0)));
  for (auto _ : state) {
    for (uint32_t i : indices) {
      Value next = vector_assoc(v, i, Value::fixnum(i)).value();
      v = std::move(next);
    }
  }
  benchmark::DoNotOptimize(v.bits());
  set_ns_per_op(state, static_cast<int64_t>(indices.size()));
}
BENCHMARK(BM_AssocRandomPersistent)->Arg(kMillion)->Arg(10'000)->Unit(benchmark::kMillisecond);

void BM_PopUnique(benchmark::State& state) {
  const int64_t n = state.range(0);
  for (auto _ : state) {
    state.PauseTiming();
    Value v = build(n);
    state.ResumeTiming();
    for (int64_t i = 0; i < n; ++i) v = vector_pop(std::move(v)).value();
    benchmark::DoNotOptimize(v.bits());
  }
  set_ns_per_op(state, n);
}
BENCHMARK(BM_PopUnique)->Arg(kMillion)->Unit(benchmark::kMillisecond);

void BM_IterateCursor(benchmark::State& state) {
  Value v = build(state.range(0));
  uint64_t sink = 0;
  for (auto _ : state) {
    VectorCursor cursor(v);
    while (const Value* e = cursor()) sink += e->bits();
  }
  benchmark::DoNotOptimize(sink);
  set_ns_per_op(state, state.range(0));
}
BENCHMARK(BM_IterateCursor)->Arg(kMillion)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace batuta
