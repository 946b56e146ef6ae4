// lifecycle.cpp: an actor's life: creation, spawning, sending, the signals
// it handles between turns (exits of linked actors, monitor downs), its
// exit (terminate function, then links, monitors, name and memory).
#include <algorithm>
#include <cstdio>
#include <ctime>

#include "actor/natives_support.h"
#include "actor/runtime_internal.h"
#include "core/equality.h"
#include "core/name.h"
#include "core/object.h"
#include "core/pid.h"
#include "core/printer.h"
#include "core/string.h"
#include "core/tuple.h"

namespace batuta::actor {

namespace {

constexpr size_t kActorInitialSlots = 16;

void pid_retain(void* t) { retain_actor(static_cast<Actor*>(t)); }
void pid_release(void* t) { release_actor(static_cast<Actor*>(t)); }
const PidTargetOps kPidTargetOps = {pid_retain, pid_release};

const Value& kw_normal() {
  static const Value v = keyword("normal");
  return v;
}
const Value& kw_kill() {
  static const Value v = keyword("kill");
  return v;
}
const Value& kw_killed() {
  static const Value v = keyword("killed");
  return v;
}

// Takes `who` out of a's links; true if it was there.
bool remove_link(Actor* a, Actor* who) {
  Actor* found = nullptr;
  {
    SpinGuard g(a->lock);
    auto it = std::find(a->links.begin(), a->links.end(), who);
    if (it != a->links.end()) {
      found = *it;
      a->links.erase(it);
    }
  }
  if (found != nullptr) release_actor(found);
  return found != nullptr;
}

void free_queued(Actor* a) {
  Mailbox& mb = a->mailbox;
  while (MailNode* n = mb.saved_head()) {
    mb.unlink_saved(nullptr, n);
    mb.consumed();
    free_mail_node(n);
  }
  while (MailNode* n = mb.pop_inbox()) {
    mb.consumed();
    free_mail_node(n);
  }
}

// Drops every value a dead actor still holds: one of them may hold the
// actor's own pid (a message it received from itself), a cycle through the
// control block that would never be freed.
void clear_values(Actor* a) {
  a->received = Value();
  a->reply_to = Value();
  {
    SpinGuard g(a->lock);
    a->state = Value();
  }
  a->terminate_fn = Value();
  a->exit_reason = Value();
  a->pending_exit = Value();
  a->panic_reason = Value();
}

}  // namespace

void retain_actor(Actor* a) { a->refs.fetch_add(1, std::memory_order_relaxed); }

void release_actor(Actor* a) {
  if (a->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) delete a;
}

Actor* actor_of(const Value& pid) {
  if (!is_pid(pid)) return nullptr;
  return static_cast<Actor*>(as_pid(pid)->target);
}

Actor* new_actor(bool is_main) {
  Runtime& r = rt();
  auto* a = new Actor();
  a->id = r.next_id.fetch_add(1, std::memory_order_relaxed);
  a->is_main = is_main;
  a->pid = make_pid(0, a->id, 0, a, &kPidTargetOps);
  {
    SpinGuard g(r.table_lock);
    table_insert(r, a);
  }
  if (!is_main) r.live.fetch_add(1, std::memory_order_relaxed);
  return a;
}

// --- spawning and sending ---------------------------------------------------------------
Value spawn(Value fn, std::vector<Value> args, const SpawnOptions& options) {
  Runtime& r = rt();
  mark_shared(fn);
  for (Value& v : args) mark_shared(v);
  Actor* a = new_actor(false);
  FiberOptions fo;
  fo.max_depth = r.options.max_depth;
  // An idle actor waiting in receive (its function's frame and
  // %receive-wait's) fits in 16 slots (scheduler_test checks it); a frame
  // that does not fit moves to a new segment of 64 slots or more.
  fo.initial_slots = kActorInitialSlots;
  a->fiber = std::make_unique<Fiber>(std::move(fn), std::span<const Value>(args.data(), args.size()), fo);
  a->running = a->fiber.get();
  a->definition = options.definition;
  a->terminate_fn = options.terminate_fn;
  Value pid = a->pid;
  if (options.link) {
    Actor* self = current_actor();
    retain_actor(self);
    retain_actor(a);
    {
      SpinGuard g(a->lock);
      a->links.push_back(self);
    }
    {
      SpinGuard g(self->lock);
      self->links.push_back(a);
    }
  }
  schedule_new(a);
  return pid;
}

void send(const Value& pid, Value msg) {
  Actor* t = actor_of(pid);
  if (t != nullptr) send_to(t, std::move(msg));
}

void send_to(Actor* t, Value msg) {
  if (t->dead.load(std::memory_order_acquire)) return;
  mark_shared(msg);
  Actor* self = current_slot();
  if ((self != nullptr && self->traced.load(std::memory_order_relaxed)) || t->traced.load(std::memory_order_relaxed)) {
    Actor* from = current_actor();
    if (from->traced.load(std::memory_order_relaxed)) trace_message("send", from, actor_pid_copy(t), msg);
    if (t->traced.load(std::memory_order_relaxed)) trace_message("receive", t, from->pid, msg);
  }
  t->mailbox.push(new_mail_node(MailKind::Message, std::move(msg)));
  make_runnable(t);
}

Value actor_pid_copy(Actor* a) {
  if (a == current_slot() || (a->is_main && current_slot() == nullptr)) return a->pid;
  return make_pid(0, a->id, 0, a, &kPidTargetOps);
}

void link_actors(Actor* x, Actor* y) {
  if (x == y) return;
  bool y_dead;
  {
    SpinGuard g(y->lock);
    y_dead = y->dead.load(std::memory_order_acquire);
    if (!y_dead && std::find(y->links.begin(), y->links.end(), x) == y->links.end()) {
      retain_actor(x);
      y->links.push_back(x);
    }
  }
  if (y_dead) {  // as Erlang: linking to a dead actor gives an exit :noproc
    static const Value noproc = keyword("noproc");
    send_exit_signal(x, actor_pid_copy(y), noproc, /*linked=*/false);
    return;
  }
  SpinGuard g(x->lock);
  if (std::find(x->links.begin(), x->links.end(), y) == x->links.end()) {
    retain_actor(y);
    x->links.push_back(y);
  }
}

void unlink_actors(Actor* x, Actor* y) {
  remove_link(x, y);
  remove_link(y, x);
}

void add_monitor(Actor* watcher, Actor* target, int64_t ref) {
  retain_actor(target);
  watcher->monitoring.push_back(Monitor{ref, target});
  bool dead;
  {
    SpinGuard g(target->lock);
    dead = target->dead.load(std::memory_order_acquire);
    if (!dead) {
      retain_actor(watcher);
      target->monitored_by.push_back(Monitor{ref, watcher});
    }
  }
  if (dead) {
    static const Value noproc = keyword("noproc");
    watcher->mailbox.push(new_mail_node(MailKind::Down, noproc, actor_pid_copy(target), ref));
    make_runnable(watcher);
  }
}

bool remove_monitor(Actor* watcher, int64_t ref) {
  auto& mine = watcher->monitoring;
  auto it = std::find_if(mine.begin(), mine.end(), [&](const Monitor& m) { return m.ref == ref; });
  if (it == mine.end()) return false;
  Actor* target = it->actor;
  mine.erase(it);
  {
    SpinGuard g(target->lock);
    auto& v = target->monitored_by;
    auto jt = std::find_if(v.begin(), v.end(), [&](const Monitor& m) { return m.ref == ref; });
    if (jt != v.end()) {
      release_actor(jt->actor);
      v.erase(jt);
    }
  }
  release_actor(target);
  return true;
}

void send_exit_signal(Actor* target, const Value& from, const Value& reason, bool linked) {
  if (target->dead.load(std::memory_order_acquire)) return;
  target->mailbox.push(new_mail_node(MailKind::Exit, reason, from, linked ? 1 : 0));
  make_runnable(target);
}

// --- signals -----------------------------------------------------------------------------
void process_inbox(Actor* a) {
  Mailbox& mb = a->mailbox;
  while (MailNode* n = mb.pop_inbox()) {
    switch (n->kind) {
      case MailKind::Message:
      case MailKind::Request:
      case MailKind::Reply:
        mb.save(n);
        break;
      case MailKind::Inspect:
        mb.consumed();  // not counted in the :mailbox-size it reports
        answer_inspect(a, n);
        free_mail_node(n);
        break;
      case MailKind::Down: {
        auto it = std::find_if(a->monitoring.begin(), a->monitoring.end(),
                               [&](const Monitor& m) { return m.ref == n->ref; });
        if (n->ref == a->awaiting_ref && n->ref != 0) {  // the callee of the pending call died
          if (it != a->monitoring.end()) {
            release_actor(it->actor);
            a->monitoring.erase(it);
          }
          mb.save(n);
          break;
        }
        if (it == a->monitoring.end()) {  // demonitored meanwhile
          mb.consumed();
          free_mail_node(n);
          break;
        }
        release_actor(it->actor);
        a->monitoring.erase(it);
        static const Value down = keyword("down");
        n->value = make_tuple({down, n->extra, n->value});
        mark_shared(n->value);
        n->extra = Value();
        n->kind = MailKind::Message;
        mb.save(n);
        break;
      }
      case MailKind::Exit: {
        const bool linked = n->ref == 1;
        Actor* from = actor_of(n->extra);
        // A link removed (unlink) before its exit arrived: the signal is void.
        bool keep = !linked || (from != nullptr && remove_link(a, from));
        const Value& reason = n->value;
        if (!keep || a->terminating || a->exit_pending) {
          mb.consumed();
          free_mail_node(n);
        } else if (!linked && equals(reason, kw_kill())) {
          a->exit_pending = true;
          a->pending_exit = kw_killed();
          mb.consumed();
          free_mail_node(n);
        } else if (a->trap_exits) {
          static const Value exit = keyword("exit");
          n->value = make_tuple({exit, n->extra, n->value});
          mark_shared(n->value);
          n->extra = Value();
          n->ref = 0;
          n->kind = MailKind::Message;
          mb.save(n);
        } else if (equals(reason, kw_normal())) {
          mb.consumed();
          free_mail_node(n);
        } else {
          a->exit_pending = true;
          a->pending_exit = reason;
          mb.consumed();
          free_mail_node(n);
        }
        break;
      }
    }
  }
}

// --- exit ---------------------------------------------------------------------------------
Value crash_reason(Actor* a, const FiberError& error) {
  // A panic carries its reason value (panic, throw, !): it wins over a
  // reason recorded earlier by a panic that call-in-fiber caught.
  if (!error.error.reason.is_nil()) {
    a->panic_recorded = false;
    a->panic_reason = Value();
    return error.error.reason;
  }
  if (error.error.kind == ErrorKind::Panic && a->panic_recorded) {
    a->panic_recorded = false;
    return std::move(a->panic_reason);
  }
  return make_string_from_utf8(error.error.message);
}

void begin_exit(Actor* a, Value reason, const FiberError* crash) {
  if (crash != nullptr) log_crash(a, reason, crash);
  if (!a->terminate_fn.is_nil() && !equals(reason, kw_killed())) {
    Value fn = std::move(a->terminate_fn);
    a->terminate_fn = Value();
    a->exit_reason = reason;
    a->terminating = true;
    a->exit_pending = false;
    FiberOptions fo;
    fo.max_depth = rt().options.max_depth;
    fo.initial_slots = kActorInitialSlots;
    // A defactor's terminate takes the reason and the last published state.
    Value state;
    {
      SpinGuard g(a->lock);
      state = a->state;
    }
    Value args[2] = {reason, state};
    a->fiber = std::make_unique<Fiber>(std::move(fn), std::span<const Value>(args, 2), fo);
    a->running = a->fiber.get();
    a->phase = Phase::Fresh;
    requeue(a);
    return;
  }
  finalize_actor(a, reason);
}

void finalize_actor(Actor* a, const Value& reason_in) {
  Runtime& r = rt();
  Value reason = reason_in;  // reason_in may live in the actor
  mark_shared(reason);
  a->dead.store(true, std::memory_order_seq_cst);
  // Gone from the registry and from (actors) before anyone hears of the
  // death: an actor that received the :down or the exit of this one finds
  // its name free and does not see it listed (tests rely on it instead of
  // waiting an arbitrary time).
  unregister_actor(a);
  {
    SpinGuard g(r.table_lock);
    table_erase(r, a);
  }
  if (!a->is_main) r.live.fetch_sub(1, std::memory_order_relaxed);
  std::vector<Actor*> links;
  std::vector<Monitor> watchers;
  {
    SpinGuard g(a->lock);
    links = a->links.take();
    watchers = a->monitored_by.take();
  }
  for (Actor* l : links) {
    send_exit_signal(l, a->pid, reason, /*linked=*/true);
    release_actor(l);
  }
  for (Monitor& m : watchers) {
    if (!m.actor->dead.load(std::memory_order_acquire)) {
      m.actor->mailbox.push(new_mail_node(MailKind::Down, reason, a->pid, m.ref));
      make_runnable(m.actor);
    }
    release_actor(m.actor);
  }
  for (Monitor& m : a->monitoring) {
    {
      SpinGuard g(m.actor->lock);
      auto& v = m.actor->monitored_by;
      auto it = std::find_if(v.begin(), v.end(), [&](const Monitor& x) { return x.ref == m.ref; });
      if (it != v.end()) {
        release_actor(it->actor);
        v.erase(it);
      }
    }
    release_actor(m.actor);
  }
  a->monitoring.clear();
  end_wait(a);
  a->fiber.reset();
  a->running = nullptr;
  free_queued(a);
  clear_values(a);
  // Last: the signals above have counted the actors they woke, so `work`
  // does not touch zero while they are on their way.
  if (!a->is_main) remove_work(1);  // it was scheduled (this is its turn)
  a->pid = Value();
  release_actor(a);  // the table's reference
}

void destroy_actor_now(Actor* a) {
  Runtime& r = rt();
  a->dead.store(true, std::memory_order_seq_cst);
  std::vector<Actor*> links;
  std::vector<Monitor> watchers;
  {
    SpinGuard g(a->lock);
    links = a->links.take();
    watchers = a->monitored_by.take();
  }
  for (Actor* l : links) release_actor(l);
  for (Monitor& m : watchers) release_actor(m.actor);
  for (Monitor& m : a->monitoring) release_actor(m.actor);
  a->monitoring.clear();
  unregister_actor(a);
  a->fiber.reset();
  a->running = nullptr;
  free_queued(a);
  clear_values(a);
  {
    SpinGuard g(r.table_lock);
    table_erase(r, a);
  }
  if (!a->is_main) r.live.fetch_sub(1, std::memory_order_relaxed);
  a->pid = Value();
  release_actor(a);
}

// --- logging ----------------------------------------------------------------------------------
namespace {

std::string timestamp() {
  int64_t ms = wall_clock_ms();
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
#if defined(__wasi__)
  tm = *std::gmtime(&secs);
#else
  gmtime_r(&secs, &tm);
#endif
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d:%02d:%02d.%03d", tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
  return buf;
}

std::string actor_label(Actor* a) {
  std::string s = a->pid.is_nil() ? "#actor<dead>" : pr_str(a->pid);
  if (!a->definition.is_nil()) s += " (" + pr_str(a->definition) + ")";
  return s;
}

}  // namespace

void log_crash(Actor* a, const Value& reason, const FiberError* error) {
  if (static_cast<int>(rt().options.log_level) < static_cast<int>(LogLevel::Error)) return;
  std::string text = "[error " + timestamp() + "] actor " + actor_label(a) + " crashed: " + pr_str(reason);
  if (error != nullptr) {
    std::string full = error->to_string();
    size_t nl = full.find('\n');
    if (nl != std::string::npos) text += full.substr(nl);
  }
  text += "\n";
  std::fflush(stdout);
  std::fputs(text.c_str(), stderr);
  std::fflush(stderr);
}

void trace_message(const char* direction, Actor* actor, const Value& other, const Value& msg) {
  std::string text = "[trace " + timestamp() + "] " + actor_label(actor) + " " + direction +
                     (std::string(direction) == "send" ? " to " : " from ") + pr_str(other) + ": " +
                     pr_str_abbreviated(msg, 200) + "\n";
  std::fflush(stdout);
  std::fputs(text.c_str(), stderr);
}

}  // namespace batuta::actor
