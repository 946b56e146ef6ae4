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

// A vector that allocates only when something is added: most actors never
// link or monitor, and three empty std::vectors would cost 72 bytes of
// every actor's block (this costs 8). Iterators are plain pointers,
// invalidated like std::vector's.
template <class T>
class LazyVec {
 public:
  T* begin() { return v_ ? v_->data() : nullptr; }
  T* end() { return v_ ? v_->data() + v_->size() : nullptr; }
  const T* begin() const { return v_ ? v_->data() : nullptr; }
  const T* end() const { return v_ ? v_->data() + v_->size() : nullptr; }
  bool empty() const { return !v_ || v_->empty(); }
  size_t size() const { return v_ ? v_->size() : 0; }
  void push_back(const T& x) {
    if (!v_) v_ = std::make_unique<std::vector<T>>();
    v_->push_back(x);
  }
  void erase(T* it) { v_->erase(v_->begin() + (it - v_->data())); }
  void clear() { v_.reset(); }
  // Moves the elements out (the actor is ending), leaving it empty.
  std::vector<T> take() {
    std::vector<T> out;
    if (v_) out.swap(*v_);
    v_.reset();
    return out;
  }

 private:
  std::unique_ptr<std::vector<T>> v_;
};

struct Monitor {
  int64_t ref;
  struct Actor* actor;  // retained
};

// Field order packs the one-byte fields together: an idle actor's whole
// footprint (this block, its fiber and register segment, its pid) is kept
// under 1 KB (bench/actor spawn measures it). The mailbox ends with what
// senders write (mailbox.h); the 48 bytes after it are fields that
// senders only read or that change rarely (not per message), so senders
// on other cores share no cache line with the fields the owner writes.
struct Actor {
  std::atomic<int64_t> refs{1};  // the runtime table's reference
  uint64_t id = 0;
  Value pid;  // this actor's pid (shared); cleared when it dies
  Mailbox mailbox;
  std::atomic<bool> scheduled{false};  // written by the senders that wake it
  std::atomic<bool> dead{false};
  std::atomic<bool> traced{false};
  bool is_main = false;

  // --- guarded by the runtime's table_lock: the list of live actors --------------
  Actor* table_prev = nullptr;
  Actor* table_next = nullptr;

  // --- guarded by lock ---------------------------------------------------------
  LazyVec<Actor*> links;                // retained
  LazyVec<Monitor> monitored_by;        // watchers, retained
  Value registered_name;                // keyword or nil (also under the registry's lock)

  Value definition;  // keyword naming the defactor, or nil
  SpinLock lock;     // guards the fields under "guarded by lock"

  // --- owner -------------------------------------------------------------------
  Phase phase = Phase::Fresh;
  bool trap_exits = false;
  bool scanning = false;        // inside a receive-with-priority matcher (a nested receive is refused)
  bool scan_timed_out = false;  // the receive in progress gave up (receive-timeout)
  bool exit_pending = false;    // pending_exit holds the reason of a signal that must end the actor
  bool terminating = false;     // running its terminate function; exit_reason holds the reason
  bool panic_recorded = false;
  // Waiting inside %receive-next (not %await-message): the scheduler
  // resumes the fiber with the next message itself, or nil once the
  // deadline passed (scheduler.cpp, wake_value), so the receive needs no
  // second call to look at its mailbox.
  bool receive_waiting = false;
  // A receive's scan is in progress (actor_natives.cpp): set by
  // %receive-start, cleared by %receive-take and by a timeout.
  bool scan_active = false;
  std::unique_ptr<Fiber> fiber;
  Fiber* running = nullptr;  // fiber.get(), or the main program's current top-level fiber
  int64_t deadline = -1;     // Waiting: when the wait times out (scheduler clock), -1: never
  Value received;            // the message %receive-scan (receive-with-priority) took last
  // The receive in progress (n_receive_next): the message node it handed
  // out last, and that node's predecessor in the save queue (nullptr: the
  // head). Valid only while scan_active is set and scan_unlinks (the
  // mailbox's unlink count, compared for equality only) is unchanged; see
  // actor_natives.cpp.
  MailNode* scan_node = nullptr;
  MailNode* scan_prev = nullptr;
  uint32_t scan_unlinks = 0;
  int64_t awaiting_ref = 0;  // the call whose reply this actor waits for (0: none)
  Value reply_to;            // the request being handled: the caller's pid (nil: none)
  int64_t reply_ref = 0;
  Value pending_exit;
  Value exit_reason;
  Value panic_reason;        // the value given to panic (actor_natives.cpp)
  Value terminate_fn;        // nil or a function of the exit reason and the state
  Value state;               // last state published by a defactor loop, for inspect
  LazyVec<Monitor> monitoring;     // monitors this actor set: ref -> target
  std::atomic<uint64_t> reductions{0};
};

void retain_actor(Actor* a);
void release_actor(Actor* a);

// The actor a pid names (nullptr for a value that is not a pid).
Actor* actor_of(const Value& pid);

}  // namespace batuta::actor
