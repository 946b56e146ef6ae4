// progress.cpp: see progress.h.
#include "query/progress.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>

#include "core/instant.h"
#include "vm/fiber.h"

namespace batuta::query {

namespace {

struct Watcher {
  std::mutex m;
  std::condition_variable cv;
  // Written by the statement's thread without the lock.
  std::atomic<duckdb_connection> con{nullptr};  // of the running statement; null when none runs
  std::atomic<uint64_t> started{0};             // statements begun so far
  std::atomic<int64_t> start_us{0};             // when the running one began
  std::atomic<bool> sleeping{false};            // the watcher waits without a timeout
  // Under `m`.
  bool interrupted = false;  // the running statement was interrupted
  bool drawn = false;        // a bar is on the terminal
  int shown = -1;            // the percentage it shows
  ProgressSink sink = nullptr;
  int delay_ms = kDefaultBarDelayMs;
};

// Made on first use and never freed: the detached watcher thread uses it
// until the process exits.
Watcher* g_watcher = nullptr;
std::once_flag g_watcher_once;

void draw(Watcher& w, double fraction) {
  if (w.sink != nullptr) {
    w.sink(fraction);
    return;
  }
  if (isatty(STDERR_FILENO) == 0) return;
  constexpr int kWidth = 30;
  int percent = static_cast<int>(fraction * 100 + 0.5);
  if (w.drawn && percent == w.shown) return;  // nothing new to show
  int filled = static_cast<int>(fraction * kWidth + 0.5);
  std::string bar = "\r[";
  for (int i = 0; i < kWidth; ++i) bar += i < filled ? '=' : (i == filled ? '>' : ' ');
  char pct[16];
  std::snprintf(pct, sizeof pct, "] %3d%%", percent);
  bar += pct;
  std::fputs(bar.c_str(), stderr);
  std::fflush(stderr);
  w.drawn = true;
  w.shown = percent;
}

void erase(Watcher& w) {
  if (!w.drawn) return;
  std::fputs("\r\033[K", stderr);
  std::fflush(stderr);
  w.drawn = false;
}

// One look at the running statement (under the lock).
void look(Watcher& w) {
  duckdb_connection con = w.con.load();
  if (con == nullptr) return;
  // The request is taken (so the VM does not also act on it) and the
  // interrupt repeated each tick: DuckDB forgets one that lands just
  // before the statement has begun.
  if (w.interrupted || g_interrupt_requested.exchange(false)) {
    w.interrupted = true;
    duck().duckdb_interrupt(con);
    return;
  }
  if (now_micros() - w.start_us.load() < int64_t{w.delay_ms} * 1000) return;
  duckdb_query_progress_type p = duck().duckdb_query_progress(con);
  if (p.percentage >= 0) draw(w, p.percentage > 100 ? 1.0 : p.percentage / 100);
}

void run_watcher(Watcher* w) {
  std::unique_lock<std::mutex> lock(w->m);
  uint64_t seen = w->started.load();
  for (;;) {
    if (w->con.load() == nullptr && w->started.load() == seen) {
      // Nothing ran during the last tick: sleep until a statement starts.
      w->sleeping = true;
      w->cv.wait(lock, [&] { return w->started.load() != seen; });
      w->sleeping = false;
    } else {
      w->cv.wait_for(lock, std::chrono::milliseconds(kWatchTickMs));
    }
    seen = w->started.load();
    look(*w);
  }
}

Watcher& watcher() {
  std::call_once(g_watcher_once, [] {
    g_watcher = new Watcher();
    std::thread(run_watcher, g_watcher).detach();
  });
  return *g_watcher;
}

}  // namespace

void configure_progress(duckdb_connection con) {
  duckdb_result r;
  // An engine that refuses these only loses the bar; Ctrl-C still works.
  (void)duck().duckdb_query(con, "SET enable_progress_bar = true; SET enable_progress_bar_print = false", &r);
  duck().duckdb_destroy_result(&r);
}

StatementWatch::StatementWatch(duckdb_connection con) {
  Watcher& w = watcher();
  w.start_us.store(now_micros());
  w.con.store(con);
  w.started.fetch_add(1);
  if (w.sleeping.load()) {
    std::lock_guard<std::mutex> lock(w.m);
    w.cv.notify_one();
  }
}

StatementWatch::~StatementWatch() { finish(DuckDBSuccess); }

bool StatementWatch::finish(duckdb_state state) {
  if (finished_) return false;
  finished_ = true;
  Watcher& w = *g_watcher;
  std::lock_guard<std::mutex> lock(w.m);
  w.con.store(nullptr);
  erase(w);
  bool interrupted = w.interrupted;
  w.interrupted = false;
  return interrupted && state != DuckDBSuccess;
}

void set_progress_sink(ProgressSink sink, int delay_ms) {
  Watcher& w = watcher();
  std::lock_guard<std::mutex> lock(w.m);
  w.sink = sink;
  w.delay_ms = delay_ms;
}

}  // namespace batuta::query
