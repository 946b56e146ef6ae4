// actor.h: the actor control block (internal to the actor layer).
//
// An actor is a fiber plus a mailbox, named by a pid. The Actor struct is
// the control block; it is reference counted (refs): the pid object holds
// one reference, the runtime's table holds one while the actor lives, and
// links, monitors and timers hold their own. So a pid kept after its actor
// died still names a valid, dead block: sends to it are dropped.
//
// Threads: the fields under "owner" are touched only by the thread running
// the actor's turn (one at a time; the run queue hand-off orders them).
// links and monitored_by are guarded by `lock` (other actors link to this
// one from their own threads). `scheduled` is the wake-up flag of the
// scheduler's protocol (scheduler.cpp).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "actor/mailbox.h"
#include "actor/platform_threads.h"
#include "core/value.h"
#include "vm/fiber.h"

namespace batuta::actor {

enum class Phase : uint8_t {
  Fresh,        // fiber made, not run yet
  Yielded,      // preempted: resume with nil
  Waiting,      // suspended in await-message: resume with true (new mail) or false (timed out)
};

struct Monitor {
  int64_t ref;
  struct Actor* actor;  // retained
};

struct Actor {
  std::atomic<int64_t> refs{1};  // the runtime table's reference
  uint64_t id = 0;
  Value pid;  // this actor's pid (shared); cleared when it dies
  Mailbox mailbox;
  std::atomic<bool> scheduled{false};
  std::atomic<bool> dead{false};
  bool is_main = false;

  // --- owner -------------------------------------------------------------------
  std::unique_ptr<Fiber> fiber;
  Fiber* running = nullptr;  // fiber.get(), or the main program's current top-level fiber
  Phase phase = Phase::Fresh;
  int64_t deadline = -1;   // Waiting: when the wait times out (scheduler clock), -1: never
  bool trap_exits = false;
  bool scanning = false;     // inside a receive matcher (a nested receive is refused)
  Value received;            // the message the last successful scan took
  std::atomic<bool> traced{false};
  int64_t awaiting_ref = 0;  // the call whose reply this actor waits for (0: none)
  Value reply_to;            // the request being handled: the caller's pid (nil: none)
  int64_t reply_ref = 0;
  Value pending_exit;        // set when a signal must end the actor; exit_pending tells it apart from nil
  bool exit_pending = false;
  bool terminating = false;  // running its terminate function; exit_reason holds the reason
  Value exit_reason;
  Value panic_reason;        // the value given to panic (actor_natives.cpp)
  bool panic_recorded = false;
  Value terminate_fn;        // nil or a function of the exit reason and the state
  Value definition;          // keyword naming the defactor, or nil
  Value state;               // last state published by a defactor loop, for inspect
  std::vector<Monitor> monitoring;  // monitors this actor set: ref -> target
  std::atomic<uint64_t> reductions{0};

  // --- guarded by lock ---------------------------------------------------------
  SpinLock lock;
  std::vector<Actor*> links;            // retained
  std::vector<Monitor> monitored_by;    // watchers, retained
  Value registered_name;                // keyword or nil (also under the registry's lock)
};

void retain_actor(Actor* a);
void release_actor(Actor* a);

// The actor a pid names (nullptr for a value that is not a pid).
Actor* actor_of(const Value& pid);

}  // namespace batuta::actor
