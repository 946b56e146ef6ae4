// scheduler.cpp: the runtime's start and stop, run queues with work
// stealing, actor turns with a reduction budget, receive timers, the main
// program's waits, and quiescence (runtime_internal.h has the protocol).
#include <algorithm>
#include <cstdio>

#include "actor/runtime_internal.h"
#include "core/name.h"
#include "core/platform.h"

namespace batuta::actor {

namespace {

Runtime* g_runtime = nullptr;
RuntimeOptions g_options;
Mutex g_start_lock;
BATUTA_THREAD_LOCAL Worker* t_worker = nullptr;
BATUTA_THREAD_LOCAL Actor* t_current = nullptr;

constexpr int64_t kIdleWaitCapNs = 200'000'000;  // a parked worker looks again at least this often
// An idle worker (or the waiting main thread) spins this long for new work
// before it sleeps: waking a sleeping thread costs a system call on both
// sides, which would otherwise be paid on nearly every message of a
// ping-pong between two actors on different threads.
constexpr int64_t kSpinNs = 20'000;

inline void cpu_pause() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

uint64_t next_random(Runtime& r) {  // splitmix64: the deterministic mode's choice of actor
  uint64_t z = (r.rng += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

void worker_main(void* arg);
void run_turn(Actor* a);

void start_locked() {
  auto* r = new Runtime();
  r->options = g_options;
  int threads = r->options.threads < 0 ? static_cast<int>(hardware_threads()) : r->options.threads;
  if (r->options.deterministic || !thread_support()) threads = 0;
  r->rng = r->options.seed;
  g_runtime = r;
  r->main = new_actor(/*is_main=*/true);
  r->main->scheduled.store(true);  // the main program is running
  for (int i = 0; i < threads; ++i) {
    auto w = std::make_unique<Worker>();
    w->index = i;
    r->workers.push_back(std::move(w));
  }
  r->threaded = threads > 0;
  for (auto& w : r->workers) w->thread.start(&worker_main, w.get());
}

// --- run queues ------------------------------------------------------------------
void enqueue(Actor* a) {
  Runtime& r = rt();
  if (!r.threaded) {
    r.local.queue.push_back(a);
    return;
  }
  Worker* w = t_worker;
  if (w == nullptr) w = r.workers[r.round_robin.fetch_add(1, std::memory_order_relaxed) % r.workers.size()].get();
  {
    SpinGuard g(w->lock);
    w->queue.push_back(a);
  }
  r.queued.fetch_add(1, std::memory_order_seq_cst);
  if (r.sleepers.load(std::memory_order_seq_cst) > 0) r.idle.wake_all();
}

// Turns in a row a worker may take from its `next` slot before it looks at
// its queue again: two actors messaging each other would otherwise keep
// the others of that queue waiting.
constexpr uint32_t kNextStreak = 64;

// An actor woken by a send from a turn running on this worker thread. It
// takes the worker's `next` slot (an actor already there moves to the
// queue), so a message hand-off (ping-pong, a ring) stays on one thread
// instead of an idle worker stealing the receiver and paying a cache miss
// per message. A worker that is busy for long leaves the others in its
// queue to be stolen as before.
void wake_local(Actor* a) {
  Worker* w = t_worker;
  if (w == nullptr || t_current == nullptr || !rt().threaded) {
    enqueue(a);
    return;
  }
  Actor* displaced = w->next;
  w->next = a;
  if (displaced != nullptr) enqueue(displaced);
}

// The actor in w's `next` slot, unless it has run too many turns in a row
// from it while others wait in w's queue (then it goes to the back of it).
Actor* take_next(Worker* w) {
  Actor* a = w->next;
  if (a == nullptr) {
    w->next_streak = 0;
    return nullptr;
  }
  w->next = nullptr;
  if (++w->next_streak > kNextStreak) {
    w->next_streak = 0;
    bool others_wait;
    {
      SpinGuard g(w->lock);
      others_wait = !w->queue.empty();
    }
    // Nobody waits here: keep going (moving it to the queue would only
    // wake an idle worker to steal it, a system call and a cache miss).
    if (!others_wait) return a;
    enqueue(a);
    return nullptr;
  }
  return a;
}

Actor* pop_local(Worker* w) {
  SpinGuard g(w->lock);
  if (w->queue.empty()) return nullptr;
  Actor* a = w->queue.front();
  w->queue.pop_front();
  rt().queued.fetch_sub(1, std::memory_order_relaxed);
  return a;
}

Actor* steal(Runtime& r, Worker* self) {
  size_t n = r.workers.size();
  for (size_t k = 1; k < n; ++k) {
    Worker* v = r.workers[(self->index + k) % n].get();
    if (!v->lock.try_lock()) continue;
    Actor* a = nullptr;
    if (!v->queue.empty()) {
      a = v->queue.back();  // the newest: the victim keeps what it is about to run
      v->queue.pop_back();
      r.queued.fetch_sub(1, std::memory_order_relaxed);
    }
    v->lock.unlock();
    if (a != nullptr) return a;
  }
  return nullptr;
}

bool any_queued(Runtime& r) {
  for (auto& w : r.workers) {
    SpinGuard g(w->lock);
    if (!w->queue.empty()) return true;
  }
  return false;
}

// --- timers ------------------------------------------------------------------------
bool timer_later(const Timer& a, const Timer& b) { return a.deadline > b.deadline; }

// Wakes the actors whose timers are due; true if any was.
bool fire_due_timers(int64_t now) {
  Runtime& r = rt();
  if (r.next_deadline.load(std::memory_order_acquire) > now) return false;
  std::vector<Actor*> due;
  {
    SpinGuard g(r.timer_lock);
    while (!r.timers.empty() && r.timers.front().deadline <= now) {
      std::pop_heap(r.timers.begin(), r.timers.end(), timer_later);
      due.push_back(r.timers.back().actor);
      r.timers.pop_back();
    }
    r.next_deadline.store(r.timers.empty() ? INT64_MAX : r.timers.front().deadline, std::memory_order_release);
  }
  // A stale timer (its wait already ended) makes a spurious wake-up, which
  // the turn notices and parks again.
  for (Actor* a : due) {
    if (!a->dead.load(std::memory_order_acquire)) make_runnable(a);
    release_actor(a);
  }
  return !due.empty();
}

// --- turns ---------------------------------------------------------------------------
// Parks a waiting actor (see the protocol), or keeps it running if mail came.
void park(Actor* a) {
  a->scheduled.store(false, std::memory_order_seq_cst);
  if (a->mailbox.inbox_pending() && !a->scheduled.exchange(true, std::memory_order_seq_cst)) {
    enqueue(a);
    return;
  }
  remove_work(1);
}

void after_run(Actor* a, FiberStatus status, bool terminating) {
  Fiber& f = *a->running;
  switch (status) {
    case FiberStatus::Done:
      if (terminating) {
        finalize_actor(a, a->exit_reason);
      } else {
        begin_exit(a, keyword("normal"), nullptr);
      }
      return;
    case FiberStatus::Error: {
      if (terminating) {
        log_crash(a, crash_reason(a, f.error()), &f.error());
        finalize_actor(a, a->exit_reason);
        return;
      }
      if (a->exit_pending) {  // ended by an exit signal noticed inside receive
        Value reason = a->pending_exit;
        begin_exit(a, reason, nullptr);
        return;
      }
      Value reason = crash_reason(a, f.error());
      begin_exit(a, reason, &f.error());
      return;
    }
    case FiberStatus::Suspended:
      if (f.take_yield()) {
        a->phase = Phase::Yielded;
        enqueue(a);  // still scheduled: to the back of the queue
      } else {
        a->phase = Phase::Waiting;
        park(a);
      }
      return;
    case FiberStatus::Ready:
      return;
  }
}

// What a waiting actor (its inbox just processed) is resumed with, or
// false when nothing woke it (a stale timer). In receive: the next message
// it has not tried, or nil once the deadline passed (with scan_timed_out
// set, as %receive-next does). In %await-message: true for new mail,
// false for a timeout.
bool wake_value(Actor* a, Value& out) {
  const bool timed_out = a->deadline >= 0 && now_ns() >= a->deadline;
  if (a->receive_waiting) {
    if (MailNode* n = next_receivable(a)) {
      out = n->value;
    } else if (timed_out) {
      end_scan_timed_out(a);
      out = Value();
    } else {
      return false;
    }
    a->receive_waiting = false;
    return true;
  }
  bool fresh = a->mailbox.unscanned() || a->mailbox.inbox_pending();
  if (!fresh && !timed_out) return false;
  out = Value::boolean(fresh);
  return true;
}

void run_turn(Actor* a) {
  Runtime& r = rt();
  Actor* previous = t_current;
  t_current = a;
  if (r.options.deterministic) r.trace.push_back(a->id);
  process_inbox(a);
  const bool is_terminating = a->terminating;
  if (a->exit_pending && !is_terminating) {
    end_wait(a);
    Value reason = a->pending_exit;
    begin_exit(a, reason, nullptr);
    t_current = previous;
    return;
  }
  Fiber& f = *a->running;
  const int64_t budget = r.options.budget;
  f.set_budget(budget);
  FiberStatus status = FiberStatus::Ready;
  switch (a->phase) {
    case Phase::Fresh:
      status = run(f);
      break;
    case Phase::Yielded:
      status = resume(f, Value());
      break;
    case Phase::Waiting: {
      Value delivered;
      if (!wake_value(a, delivered)) {  // a stale timer: wait on
        park(a);
        t_current = previous;
        return;
      }
      end_wait(a);
      status = resume(f, std::move(delivered));
      break;
    }
  }
  // Only the actor's own turn writes its count (others read it): a plain
  // store, not a locked add, per turn.
  a->reductions.store(a->reductions.load(std::memory_order_relaxed) +
                          static_cast<uint64_t>(budget - std::max<int64_t>(f.budget(), 0)),
                      std::memory_order_relaxed);
  after_run(a, status, is_terminating);
  t_current = previous;
}

void worker_main(void* arg) {
  auto* w = static_cast<Worker*>(arg);
  t_worker = w;
  Runtime& r = rt();
  uint32_t turns = 0;
  while (!r.stopping.load(std::memory_order_acquire)) {
    Actor* a = take_next(w);
    if (a == nullptr) a = pop_local(w);
    if (a == nullptr) a = steal(r, w);
    if (a != nullptr) {
      run_turn(a);
      if ((++turns & 31) == 0) fire_due_timers(now_ns());
      continue;
    }
    if (fire_due_timers(now_ns())) continue;
    // Spin a little: more work usually comes at once. Between looks the
    // core is offered to other threads: the one making the work (often
    // the main thread, which is not a worker) may be waiting for it.
    int64_t spin_until = monotonic_ns() + kSpinNs;
    bool more = false;
    while (!more && monotonic_ns() < spin_until) {
      for (int i = 0; i < 64; ++i) cpu_pause();
      more = r.queued.load(std::memory_order_acquire) > 0 || r.stopping.load(std::memory_order_acquire);
      if (!more) yield_thread();
    }
    if (more) continue;
    // Park: announce, look once more, then sleep until woken or the next timer.
    r.sleepers.fetch_add(1, std::memory_order_seq_cst);
    uint64_t epoch = r.idle.epoch();
    if (!any_queued(r) && !r.stopping.load(std::memory_order_acquire)) {
      int64_t next = r.next_deadline.load(std::memory_order_acquire);
      int64_t wait = kIdleWaitCapNs;
      if (next != INT64_MAX) wait = std::clamp<int64_t>(next - now_ns(), 0, kIdleWaitCapNs);
      r.idle.wait(epoch, wait);
    }
    r.sleepers.fetch_sub(1, std::memory_order_seq_cst);
  }
  t_worker = nullptr;
}

// Zero-thread mode: one turn of some runnable actor (the deterministic mode
// picks it with the seeded generator). False when none is runnable.
bool run_one_local(Runtime& r) {
  if (r.local.queue.empty()) return false;
  Actor* a;
  if (r.options.deterministic) {
    size_t i = next_random(r) % r.local.queue.size();
    a = r.local.queue[i];
    r.local.queue.erase(r.local.queue.begin() + static_cast<std::ptrdiff_t>(i));
  } else {
    a = r.local.queue.front();
    r.local.queue.pop_front();
  }
  run_turn(a);
  return true;
}

// Zero-thread mode with nothing runnable: time passes until the next timer
// (at once on the virtual clock). False when no timer is pending, or only
// stale ones (their waits ended: a call answered before its timeout), which
// `work` no longer counts: waiting for them would only delay the end.
bool advance_to_next_timer(Runtime& r) {
  int64_t next = r.next_deadline.load(std::memory_order_acquire);
  if (next == INT64_MAX || r.work.load(std::memory_order_seq_cst) == 0) return false;
  if (r.options.deterministic) {
    r.virtual_now = std::max(r.virtual_now, next);
  } else {
    int64_t now = now_ns();
    if (next > now) r.main_parker.wait(r.main_parker.epoch(), next - now);
    while (now_ns() < next) {
      // wasm32: Parker::wait returns at once; spin on the clock.
    }
  }
  fire_due_timers(now_ns());
  return true;
}

// The main actor waits (its fiber is suspended in await-message): run
// others until it is runnable. False on deadlock: nothing can wake it.
bool wait_for_main(Runtime& r) {
  Actor* m = r.main;
  for (;;) {
    if (r.main_runnable.exchange(false, std::memory_order_acq_rel)) return true;
    if (!r.threaded) {
      if (run_one_local(r)) continue;
      if (advance_to_next_timer(r)) continue;
      return false;
    }
    int64_t spin_until = monotonic_ns() + kSpinNs;
    while (!r.main_runnable.load(std::memory_order_acquire) && monotonic_ns() < spin_until) {
      for (int i = 0; i < 64; ++i) cpu_pause();
    }
    uint64_t epoch = r.main_parker.epoch();
    if (r.main_runnable.load(std::memory_order_acquire)) continue;
    if (r.work.load(std::memory_order_seq_cst) == 0) {
      if (r.main_runnable.load(std::memory_order_acquire)) continue;
      return false;
    }
    int64_t wait = kIdleWaitCapNs;
    if (m->deadline >= 0) wait = std::clamp<int64_t>(m->deadline - now_ns(), 0, kIdleWaitCapNs);
    r.main_parker.wait(epoch, wait);
  }
}

// vm's g_drive_suspended_fiber: the main program waits in receive.
FiberStatus drive_main_fiber(Fiber& fiber) {
  Runtime& r = rt();
  Actor* m = r.main;
  m->running = &fiber;
  for (;;) {
    // Park the main actor (as park() does for others, without the work count).
    m->scheduled.store(false, std::memory_order_seq_cst);
    if (m->mailbox.inbox_pending() && !m->scheduled.exchange(true, std::memory_order_seq_cst)) {
      r.main_runnable.store(true, std::memory_order_release);
    }
    bool woken = wait_for_main(r);
    m->scheduled.store(true, std::memory_order_seq_cst);
    process_inbox(m);
    bool fresh = m->mailbox.unscanned() || m->mailbox.inbox_pending();
    bool timed_out = !fresh && m->deadline >= 0 && now_ns() >= m->deadline;
    if (!woken && !fresh && !timed_out && !m->exit_pending) {
      m->exit_pending = true;
      m->pending_exit = keyword("deadlock");
    }
    if (!fresh && !timed_out && !m->exit_pending) continue;  // spurious
    end_wait(m);
    // With an exit pending, `true` sends the receive to its next scan,
    // which reports the exit (actor_natives.cpp).
    FiberStatus status = resume(fiber, Value::boolean(fresh || m->exit_pending));
    if (status != FiberStatus::Suspended) {
      m->running = nullptr;
      m->exit_pending = false;
      m->pending_exit = Value();
      return status;
    }
  }
}

}  // namespace

// --- runtime ---------------------------------------------------------------------------
Runtime& rt() {
  Runtime* r = g_runtime;
  if (r != nullptr) [[likely]] return *r;
  LockGuard g(g_start_lock);
  if (g_runtime == nullptr) start_locked();
  return *g_runtime;
}

bool runtime_started() { return g_runtime != nullptr; }

void configure_runtime(const RuntimeOptions& options) { g_options = options; }
const RuntimeOptions& runtime_options() { return g_runtime != nullptr ? g_runtime->options : g_options; }

void set_log_level(LogLevel level) {
  g_options.log_level = level;
  if (g_runtime != nullptr) g_runtime->options.log_level = level;
}

bool parse_log_level(const std::string& text, LogLevel& out) {
  if (text == "none") out = LogLevel::None;
  else if (text == "error") out = LogLevel::Error;
  else if (text == "warning" || text == "warn") out = LogLevel::Warning;
  else if (text == "info") out = LogLevel::Info;
  else if (text == "debug") out = LogLevel::Debug;
  else return false;
  return true;
}

int64_t now_ns() {
  Runtime* r = g_runtime;
  if (r != nullptr && r->options.deterministic) return r->virtual_now;
  return monotonic_ns();
}

Actor*& current_slot() { return t_current; }

Actor* current_actor() {
  Actor* a = t_current;
  return a != nullptr ? a : rt().main;
}

Value self_pid() { return current_actor()->pid; }

void add_work(int64_t n) { rt().work.fetch_add(n, std::memory_order_seq_cst); }

void remove_work(int64_t n) {
  Runtime& r = rt();
  if (r.work.fetch_sub(n, std::memory_order_seq_cst) == n) r.main_parker.wake_all();
}

void make_runnable(Actor* a) {
  if (a->scheduled.load(std::memory_order_seq_cst)) return;
  Runtime& r = rt();
  if (a->is_main) {
    if (!a->scheduled.exchange(true, std::memory_order_seq_cst)) {
      r.main_runnable.store(true, std::memory_order_release);
      r.main_parker.wake_all();
    }
    return;
  }
  // Count first, so `work` never reads zero while the actor is on its way.
  add_work(1);
  if (a->scheduled.exchange(true, std::memory_order_seq_cst)) {
    remove_work(1);
    return;
  }
  wake_local(a);
}

void requeue(Actor* a) { enqueue(a); }

void add_timer(Actor* a, int64_t deadline) {
  Runtime& r = rt();
  retain_actor(a);
  bool earliest;
  {
    SpinGuard g(r.timer_lock);
    r.timers.push_back(Timer{deadline, a});
    std::push_heap(r.timers.begin(), r.timers.end(), timer_later);
    earliest = r.timers.front().deadline == deadline;
    r.next_deadline.store(r.timers.front().deadline, std::memory_order_release);
  }
  if (earliest && r.sleepers.load(std::memory_order_seq_cst) > 0) r.idle.wake_all();
}

// Called by spawn for a new actor (scheduled already set by new_actor's caller).
void schedule_new(Actor* a) {
  add_work(1);
  a->scheduled.store(true, std::memory_order_seq_cst);
  enqueue(a);
}

void run_until_quiescent() {
  // Nothing used an actor: nothing to run, and no workers to start (the
  // start of `batuta run hello.ba` would otherwise include two threads).
  if (!runtime_started()) return;
  Runtime& r = rt();
  for (;;) {
    if (!r.threaded) {
      if (run_one_local(r)) continue;
      if (advance_to_next_timer(r)) continue;
      return;
    }
    uint64_t epoch = r.main_parker.epoch();
    if (r.work.load(std::memory_order_seq_cst) == 0) return;
    r.main_parker.wait(epoch, kIdleWaitCapNs);
  }
}

bool quiescent() { return rt().work.load(std::memory_order_seq_cst) == 0; }

size_t live_actor_count() { return runtime_started() ? rt().live.load() : 0; }

std::vector<uint64_t> deterministic_trace() { return runtime_started() ? rt().trace : std::vector<uint64_t>{}; }

void install_main_driver() { g_drive_suspended_fiber = &drive_main_fiber; }

void shutdown_runtime() {
  Runtime* r;
  {
    LockGuard g(g_start_lock);
    r = g_runtime;
    if (r == nullptr) return;
  }
  r->stopping.store(true, std::memory_order_release);
  r->idle.wake_all();
  for (auto& w : r->workers) w->thread.join();
  std::vector<Actor*> all;
  {
    SpinGuard g(r->table_lock);
    for (Actor* a = r->table_head; a != nullptr; a = a->table_next) all.push_back(a);
  }
  {
    SpinGuard g(r->timer_lock);
    for (Timer& t : r->timers) release_actor(t.actor);
    r->timers.clear();
  }
  for (Actor* a : all) destroy_actor_now(a);
  {
    LockGuard g(g_start_lock);
    g_runtime = nullptr;
  }
  delete r;
}

}  // namespace batuta::actor
