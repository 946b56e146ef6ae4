// platform_threads.h: the only place the actor layer touches threads.
//
// The scheduler needs four things from the platform: starting and joining
// worker threads, a blocking wait that another thread can cut short (an
// idle worker parks; the main thread waits for its actor), a short
// spin lock for tiny critical sections, and a monotonic clock. On
// wasm32-wasi (no threads) thread_support() is false: the scheduler runs
// with zero workers on the calling thread, Parker::wait returns at once
// (nothing else could wake it) and SpinLock is a plain flag.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

namespace batuta::actor {

// Whether worker threads can be started at all.
bool thread_support();
// The number of hardware threads (at least 1).
unsigned hardware_threads();
// Nanoseconds of a monotonic clock.
int64_t monotonic_ns();
// Milliseconds since the Unix epoch, for trace and log lines.
int64_t wall_clock_ms();
// Offers the calling thread's core to another runnable thread (an idle
// worker spinning for work lets the thread that makes the work run).
void yield_thread();

// A joinable thread running fn(arg).
class Thread {
 public:
  Thread();
  ~Thread();  // joins if still running
  Thread(const Thread&) = delete;
  Thread& operator=(const Thread&) = delete;
  // False when the platform has no threads (or creation failed).
  bool start(void (*fn)(void*), void* arg);
  void join();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A wait that can be ended by another thread. Waking increments an epoch;
// wait(seen, ...) returns at once when the epoch is no longer `seen`, so a
// wake that happens between reading the epoch and waiting is not lost.
class Parker {
 public:
  Parker();
  ~Parker();
  Parker(const Parker&) = delete;
  Parker& operator=(const Parker&) = delete;
  uint64_t epoch() const { return epoch_.load(std::memory_order_acquire); }
  // Waits until the epoch changes or timeout_ns passes (< 0: no limit).
  void wait(uint64_t seen, int64_t timeout_ns);
  void wake_all();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::atomic<uint64_t> epoch_{0};
};

// A lock for a few instructions of work (a link set, a run queue).
class SpinLock {
 public:
  void lock() {
    while (flag_.exchange(true, std::memory_order_acquire)) pause_while_locked();
  }
  bool try_lock() { return !flag_.exchange(true, std::memory_order_acquire); }
  void unlock() { flag_.store(false, std::memory_order_release); }

 private:
  void pause_while_locked();
  std::atomic<bool> flag_{false};
};

class SpinGuard {
 public:
  explicit SpinGuard(SpinLock& l) : l_(l) { l_.lock(); }
  ~SpinGuard() { l_.unlock(); }
  SpinGuard(const SpinGuard&) = delete;
  SpinGuard& operator=(const SpinGuard&) = delete;

 private:
  SpinLock& l_;
};

}  // namespace batuta::actor
