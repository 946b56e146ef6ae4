// platform.h: the few things that differ between native and wasm32-wasi.
//
// The core, read, vm and compile layers build for wasm32-wasi, which has no
// threads (std::mutex does not compile) and no exceptions. Locks and
// thread-local storage go through this header; on wasm they are empty.
#pragma once

#if defined(__wasi__)
#define BATUTA_THREADS 0
#define BATUTA_THREAD_LOCAL
#else
#define BATUTA_THREADS 1
#define BATUTA_THREAD_LOCAL thread_local
#include <mutex>
#endif

namespace batuta {

#if BATUTA_THREADS
class Mutex {
 public:
  void lock() { m_.lock(); }
  void unlock() { m_.unlock(); }

 private:
  std::mutex m_;
};
#else
class Mutex {
 public:
  void lock() {}
  void unlock() {}
};
#endif

class LockGuard {
 public:
  explicit LockGuard(Mutex& m) : m_(m) { m_.lock(); }
  ~LockGuard() { m_.unlock(); }
  LockGuard(const LockGuard&) = delete;
  LockGuard& operator=(const LockGuard&) = delete;

 private:
  Mutex& m_;
};

}  // namespace batuta
