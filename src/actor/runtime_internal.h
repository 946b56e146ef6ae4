// runtime_internal.h: the runtime's shared state and the functions the
// scheduler (scheduler.cpp), the actor lifecycle (lifecycle.cpp) and the
// natives (actor_natives.cpp) call on each other. Internal to the layer.
//
// The wake-up protocol (no lost wake-up, no double scheduling):
//   sender: push to the mailbox (seq_cst exchange), then make_runnable:
//           if `scheduled` was false, set it and enqueue the actor.
//   owner:  at the end of a turn that waits, store scheduled = false
//           (seq_cst), then look at the inbox again; if something is
//           there and it wins the flag back, it enqueues itself.
// One of the two always sees the other's write, so a message never sits
// in the inbox of a parked actor.
//
// Quiescence: `work` counts the scheduled actors (queued or running; the
// main actor not included) plus the pending receive timeouts. Every
// transition keeps it above zero while anything can still happen (a timer
// that fires counts its actor before the timer stops counting), so
// work == 0 means no actor can ever run again unless the main program
// sends something.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <unordered_map>
#include <vector>

#include "actor/actor.h"
#include "actor/platform_threads.h"
#include "actor/runtime.h"

namespace batuta::actor {

struct Timer {
  int64_t deadline;
  Actor* actor;  // retained
};

struct Worker {
  int index = 0;
  SpinLock lock;
  std::deque<Actor*> queue;
  // The actor a turn on this worker woke last (scheduler.cpp, wake_local):
  // it runs right after that turn, on this thread, where the message it
  // got is still in cache. Only this worker's thread touches these.
  Actor* next = nullptr;
  uint32_t next_streak = 0;  // turns in a row taken from `next`
  Thread thread;
};

struct Runtime {
  RuntimeOptions options;
  bool threaded = false;
  std::vector<std::unique_ptr<Worker>> workers;
  Worker local;  // zero-thread mode: the main thread's run queue
  Parker idle;
  std::atomic<int> sleepers{0};
  std::atomic<int64_t> queued{0};  // actors in the workers' run queues (idle workers spin on it)
  Parker main_parker;
  std::atomic<bool> main_runnable{false};
  std::atomic<int64_t> work{0};
  std::atomic<bool> stopping{false};
  Actor* main = nullptr;

  SpinLock timer_lock;
  std::vector<Timer> timers;  // a min-heap on deadline
  std::atomic<int64_t> next_deadline{INT64_MAX};

  SpinLock table_lock;
  // Live actors (the main one too): an intrusive list through
  // Actor::table_prev/next, so it costs no allocation per actor.
  Actor* table_head = nullptr;
  SpinLock registry_lock;
  std::unordered_map<const void*, Actor*> registry;  // keyword's Name -> actor

  std::atomic<uint64_t> next_id{1};
  std::atomic<int64_t> next_ref{1};
  std::atomic<uint32_t> round_robin{0};
  std::atomic<size_t> live{0};

  // Deterministic mode.
  uint64_t rng = 0;
  int64_t virtual_now = 0;
  std::vector<uint64_t> trace;
};

// The runtime, started on first use.
Runtime& rt();
bool runtime_started();
int64_t now_ns();

// --- scheduler.cpp -----------------------------------------------------------------
void make_runnable(Actor* a);
void add_work(int64_t n);
void remove_work(int64_t n);
void add_timer(Actor* a, int64_t deadline);
// Puts a running (still scheduled) actor back at the end of a run queue.
void requeue(Actor* a);
// Schedules a new actor for its first turn.
void schedule_new(Actor* a);

// --- lifecycle.cpp ------------------------------------------------------------------
Actor* new_actor(bool is_main);
// Moves the inbox into the save queue, handling exit and down signals.
void process_inbox(Actor* a);
// The actor stopped (fiber done or failed, or an exit signal): runs its
// terminate function or finalizes it.
void begin_exit(Actor* a, Value reason, const FiberError* crash);
// The actor is dead: exit signals to links, down messages to monitors,
// name freed, memory released. The actor must not be touched after.
void finalize_actor(Actor* a, const Value& reason);
// For shutdown_runtime: frees an actor without telling anyone.
void destroy_actor_now(Actor* a);
void send_exit_signal(Actor* target, const Value& from, const Value& reason, bool linked);
// The end of a wait in await-message: its timer no longer counts.
inline void end_wait(Actor* a) {
  if (a->deadline >= 0) {
    a->deadline = -1;
    remove_work(1);
  }
}
// The reason a crashed fiber gives: the panic value, or the error message.
Value crash_reason(Actor* a, const FiberError& error);
void log_crash(Actor* a, const Value& reason, const FiberError* error);
void trace_message(const char* direction, Actor* actor, const Value& other, const Value& msg);
// Unregisters a's name if it has one.
void unregister_actor(Actor* a);
// --- actor_introspection.cpp: a's own thread answers an inspect request
// (MailKind::Inspect) with what only it may read (its mailbox, its current
// function, its trap-exits flag).
void answer_inspect(Actor* a, MailNode* request);

// --- actor_natives.cpp --------------------------------------------------------------
// The receive in progress: the next message node it has not tried (after
// scan_node, dropping stale replies on the way), now its scan position; or
// nullptr when it has tried them all (the mailbox's cursor then marks the
// last node tried, so a wake-up tells whether something new came).
MailNode* next_receivable(Actor* a);
// The receive in progress gave up at its deadline: %receive-timed-out?
// reports it and the scan is over.
void end_scan_timed_out(Actor* a);

// The live-actor list (table_lock held).
inline void table_insert(Runtime& r, Actor* a) {
  a->table_prev = nullptr;
  a->table_next = r.table_head;
  if (r.table_head != nullptr) r.table_head->table_prev = a;
  r.table_head = a;
}
inline void table_erase(Runtime& r, Actor* a) {
  if (a->table_prev != nullptr) {
    a->table_prev->table_next = a->table_next;
  } else if (r.table_head == a) {
    r.table_head = a->table_next;
  } else {
    return;  // not in the list
  }
  if (a->table_next != nullptr) a->table_next->table_prev = a->table_prev;
  a->table_prev = a->table_next = nullptr;
}

// Thread-local: the actor whose turn is running on this thread.
Actor*& current_slot();

}  // namespace batuta::actor
