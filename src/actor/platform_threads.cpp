// platform_threads.cpp: see platform_threads.h. std::thread and
// std::condition_variable on native builds; nothing on wasm32-wasi.
#include "actor/platform_threads.h"

#include <chrono>

#if !defined(__wasi__)
#include <condition_variable>
#include <mutex>
#include <thread>
#endif

namespace batuta::actor {

int64_t monotonic_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

int64_t wall_clock_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

#if !defined(__wasi__)

bool thread_support() { return true; }

unsigned hardware_threads() {
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : n;
}

struct Thread::Impl {
  std::thread thread;
};

Thread::Thread() = default;
Thread::~Thread() { join(); }

bool Thread::start(void (*fn)(void*), void* arg) {
  impl_ = std::make_unique<Impl>();
  impl_->thread = std::thread([fn, arg] { fn(arg); });
  return true;
}

void Thread::join() {
  if (impl_ && impl_->thread.joinable()) impl_->thread.join();
  impl_.reset();
}

struct Parker::Impl {
  std::mutex mutex;
  std::condition_variable cv;
};

Parker::Parker() : impl_(std::make_unique<Impl>()) {}
Parker::~Parker() = default;

void Parker::wait(uint64_t seen, int64_t timeout_ns) {
  std::unique_lock<std::mutex> lock(impl_->mutex);
  auto changed = [&] { return epoch_.load(std::memory_order_acquire) != seen; };
  if (timeout_ns < 0) {
    impl_->cv.wait(lock, changed);
  } else {
    impl_->cv.wait_for(lock, std::chrono::nanoseconds(timeout_ns), changed);
  }
}

void Parker::wake_all() {
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    epoch_.fetch_add(1, std::memory_order_acq_rel);
  }
  impl_->cv.notify_all();
}

void yield_thread() { std::this_thread::yield(); }

void SpinLock::pause_while_locked() {
  // A few spins, then give the holder the core (2 cores are shared here).
  for (int i = 0; i < 64; ++i) {
    if (!flag_.load(std::memory_order_relaxed)) return;
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
  }
  std::this_thread::yield();
}

#else  // wasm32-wasi: one thread

bool thread_support() { return false; }
unsigned hardware_threads() { return 1; }

struct Thread::Impl {};
Thread::Thread() = default;
Thread::~Thread() = default;
bool Thread::start(void (*)(void*), void*) { return false; }
void Thread::join() {}

struct Parker::Impl {};
Parker::Parker() = default;
Parker::~Parker() = default;
// Nothing else runs, so nothing could end a wait: return at once.
void Parker::wait(uint64_t, int64_t) {}
void Parker::wake_all() { epoch_.fetch_add(1, std::memory_order_acq_rel); }
// Never contended with one thread.
void yield_thread() {}

void SpinLock::pause_while_locked() {}

#endif

}  // namespace batuta::actor
