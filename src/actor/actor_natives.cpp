// actor_natives.cpp: spawning, sending, receiving, calls and exits as
// natives (actor_natives.def); the discovery and introspection natives are
// in actor_introspection.cpp.
#include "actor/actor_natives.h"

#include <cstdio>
#include <cstdlib>

#include "actor/natives_support.h"
#include "core/collection.h"
#include "core/equality.h"
#include "core/map.h"
#include "core/name.h"
#include "core/number.h"
#include "core/pid.h"
#include "core/printer.h"
#include "core/string.h"
#include "core/vector.h"
#include "lib/native_util.h"
#include "vm/var.h"

namespace batuta::actor {

// --- shared helpers (natives_support.h) ------------------------------------------------
Value kw(std::string_view name) { return keyword(name); }

Error type_error(std::string_view op, std::string_view what, const Value& got) {
  return make_error(ErrorKind::TypeError, std::string(op) + ": expected " + std::string(what) + ", got " +
                                              describe_value(got));
}

Result<Actor*> pid_arg(std::string_view op, const Value& v) {
  Actor* a = actor_of(v);
  if (a == nullptr) return type_error(op, "a pid", v);
  return a;
}

Error record_panic(Actor* a, Value reason) {
  a->panic_reason = reason;
  a->panic_recorded = true;
  return lib::panic_error(std::move(reason));
}

Value pid_value_of(Actor* a) { return actor_pid_copy(a); }

namespace {

const Value& k_def_name() {
  static const Value v = keyword("batuta.actor", "name");
  return v;
}
const Value& k_def_start() {
  static const Value v = keyword("batuta.actor", "start");
  return v;
}
const Value& k_def_terminate() {
  static const Value v = keyword("batuta.actor", "terminate");
  return v;
}
const Value& k_def_singleton() {
  static const Value v = keyword("batuta.actor", "singleton");
  return v;
}
const Value& k_ok() {
  static const Value v = keyword("ok");
  return v;
}

bool is_definition(const Value& v) { return is_map(v) && map_contains(v, k_def_start()); }

// spawn's arguments: a function or a definition, then its arguments.
Result<Value> spawn_from(VmContext& ctx, std::span<const Value> args, bool link) {
  const Value& target = args[0];
  SpawnOptions options;
  options.link = link;
  Value fn;
  if (is_definition(target)) {
    fn = map_get(target, k_def_start());
    options.definition = map_get(target, k_def_name());
    options.terminate_fn = map_get(target, k_def_terminate());
  } else if (is_function(target) || is_var(target)) {
    fn = target;
  } else {
    return type_error(ctx.native().name, "a function or an actor definition", target);
  }
  std::vector<Value> rest(args.begin() + 1, args.end());
  return spawn(std::move(fn), std::move(rest), options);
}

// The singleton a definition with no parameters names: started and
// registered under its name on first use.
Result<Actor*> singleton_of(const Value& def) {
  Value name = map_get(def, k_def_name());
  Runtime& r = rt();
  SpinGuard g(r.registry_lock);
  auto it = r.registry.find(name.as_name());
  if (it != r.registry.end() && !it->second->dead.load(std::memory_order_acquire)) return it->second;
  SpawnOptions options;
  options.definition = name;
  options.terminate_fn = map_get(def, k_def_terminate());
  Value pid = spawn(map_get(def, k_def_start()), {}, options);
  Actor* a = actor_of(pid);
  if (it != r.registry.end()) r.registry.erase(it);
  r.registry.emplace(name.as_name(), a);
  {
    SpinGuard ag(a->lock);
    a->registered_name = name;
  }
  return a;
}

}  // namespace

Result<Actor*> resolve_target(std::string_view op, const Value& v) {
  if (is_pid(v)) return actor_of(v);
  if (v.is_keyword()) {
    Runtime& r = rt();
    SpinGuard g(r.registry_lock);
    auto it = r.registry.find(v.as_name());
    if (it != r.registry.end()) return it->second;
    return make_error(ErrorKind::InvalidArgument, std::string(op) + ": no actor is registered as " + pr_str(v));
  }
  if (is_definition(v)) {
    if (!map_get(v, k_def_singleton()).truthy()) {
      return make_error(ErrorKind::InvalidArgument,
                        std::string(op) + ": " + pr_str(map_get(v, k_def_name())) +
                            " takes parameters, so it is not a singleton: spawn it and use the pid");
    }
    return singleton_of(v);
  }
  return type_error(op, "a pid, a registered name or a singleton actor", v);
}

// --- spawning and messaging -----------------------------------------------------------------
Result<Value> n_spawn(VmContext& ctx, std::span<const Value> args) { return spawn_from(ctx, args, false); }
Result<Value> n_spawn_link(VmContext& ctx, std::span<const Value> args) { return spawn_from(ctx, args, true); }

Result<Value> n_send(VmContext& ctx, std::span<const Value> args) {
  auto target = resolve_target(ctx.native().name, args[0]);
  if (!target) return target.take_error();
  Actor* t = target.value();
  send_to(t, args[1]);
  return k_ok();
}

Result<Value> n_self(VmContext&, std::span<const Value>) { return self_pid(); }

Result<Value> n_alive_p(VmContext& ctx, std::span<const Value> args) {
  auto a = pid_arg(ctx.native().name, args[0]);
  if (!a) return a.take_error();
  return Value::boolean(!a.value()->dead.load(std::memory_order_acquire));
}

Result<Value> n_reply(VmContext&, std::span<const Value> args) {
  Actor* self = current_actor();
  if (self->reply_to.is_nil()) return k_ok();
  Actor* caller = actor_of(self->reply_to);
  if (caller != nullptr && !caller->dead.load(std::memory_order_acquire)) {
    Value v = args[0];
    mark_shared(v);
    if (self->traced.load(std::memory_order_relaxed)) trace_message("reply", self, self->reply_to, v);
    caller->mailbox.push(new_mail_node(MailKind::Reply, std::move(v), Value(), self->reply_ref));
    make_runnable(caller);
  }
  return k_ok();
}

// --- receive ------------------------------------------------------------------------------------
namespace {

// Drops a reply or call-monitor node that no call waits for any more.
bool stale(const Actor* a, const MailNode* n) {
  return (n->kind == MailKind::Reply || n->kind == MailKind::Down) && n->ref != a->awaiting_ref;
}

Error exit_error(Actor* a) {
  if (equals(a->pending_exit, keyword("deadlock"))) {
    return make_error(ErrorKind::IllegalState,
                      "deadlock: the main program waits in receive, and no actor is left that could send to it");
  }
  return make_error(ErrorKind::Panic, "exit signal: " + pr_str(a->pending_exit));
}

struct ScanGuard {
  explicit ScanGuard(Actor* a) : a_(a) { a_->scanning = true; }
  ~ScanGuard() { a_->scanning = false; }
  Actor* a_;
};

}  // namespace

Result<Value> n_receive_scan(VmContext& ctx, std::span<const Value> args) {
  Actor* a = current_actor();
  if (a->scanning) {
    return make_error(ErrorKind::IllegalState, "receive: can't receive inside a receive pattern's guard");
  }
  if (a->exit_pending) return exit_error(a);
  process_inbox(a);
  if (a->exit_pending) return exit_error(a);
  Mailbox& mb = a->mailbox;
  const Value& matcher = args[0];
  MailNode* prev = args[1].truthy() ? nullptr : mb.cursor();
  MailNode* n = prev == nullptr ? mb.saved_head() : prev->next.load(std::memory_order_relaxed);
  ScanGuard guard(a);
  while (n != nullptr) {
    MailNode* next = n->next.load(std::memory_order_relaxed);
    if (n->kind != MailKind::Message && n->kind != MailKind::Request) {
      if (stale(a, n)) {
        mb.unlink_saved(prev, n);
        mb.consumed();
        free_mail_node(n);
      } else {
        prev = n;
      }
      n = next;
      continue;
    }
    Value msg = n->value;
    Result<Value> r = ctx.call(matcher, std::span<const Value>(&msg, 1));
    if (!r) return r.take_error();
    if (r.value().truthy()) {
      mb.unlink_saved(prev, n);
      mb.consumed();
      // A request becomes the one `reply` answers; a plain message leaves
      // it alone, so a clause can receive more (collect results) before
      // replying. A second reply to the same call is dropped by the caller.
      if (n->kind == MailKind::Request) {
        a->reply_to = std::move(n->extra);
        a->reply_ref = n->ref;
      }
      a->received = std::move(n->value);
      free_mail_node(n);
      mb.set_cursor(nullptr);
      return std::move(r.value());
    }
    prev = n;
    n = next;
  }
  mb.set_cursor(mb.saved_tail());
  return Value();
}

Result<Value> n_received(VmContext&, std::span<const Value>) { return current_actor()->received; }

// --- receive's scan, as the receive expander uses it (compile/macros_receive.cpp)
//
//   (let* [i (loop* [m (%receive-start deadline)]
//              (if TEST0 0 ... (recur (%receive-next deadline))))
//          msg (%receive-take)]
//     ...clause i's body, its bindings taken from msg)
//
// The patterns are tested inline in the receiving function (no closure
// call per message); these natives only walk the save queue, and the
// common receive (its first message matches) costs two native calls.
// The scan's position lives in the actor (scan_node, scan_prev), valid
// while scan_active is set and no node was unlinked since the scan began
// (the mailbox's unlink count). Between %receive-start or %receive-next
// handing out a message and the next call, the clause tests run Batuta
// code (guards). A guard that receives ends its receive with a take or a
// timeout, which clears scan_active; one that calls or uses
// receive-with-priority unlinks nodes: either way the outer receive's
// next call refuses to go on, since the position it holds is invalid.
// %receive-start always starts afresh: a scan abandoned by an error (the
// REPL's main program goes on after one) leaves nothing to clean up.
namespace {

Error nested_receive_error() {
  return make_error(ErrorKind::IllegalState, "receive: can't receive or call inside a receive pattern's guard");
}

Result<Actor*> scan_owner() {
  Actor* a = current_actor();
  if (!a->scan_active || a->scanning || a->scan_unlinks != a->mailbox.unlinks()) return nested_receive_error();
  return a;
}

// batuta.core/%receive-wait (actor.ba): awaits a message, then tail-calls
// %receive-next again, so the wait suspends in the dispatch loop.
Result<Value> receive_wait_fn() {
  static Var* var = nullptr;
  if (var == nullptr) {
    Namespace* ns = find_namespace(symbol("batuta.core"));
    var = ns == nullptr ? nullptr : find_var(ns, symbol("%receive-wait"));
  }
  Value fn;
  if (var == nullptr || !var_get(var, fn)) {
    return make_error(ErrorKind::IllegalState, "receive: the actor library (actor.ba) is not loaded");
  }
  return fn;
}

}  // namespace

MailNode* next_receivable(Actor* a) {
  Mailbox& mb = a->mailbox;
  // Continue after the message handed out last (it matched no clause).
  MailNode* prev = a->scan_node;
  MailNode* n = prev == nullptr ? mb.saved_head() : prev->next.load(std::memory_order_relaxed);
  while (n != nullptr) {
    MailNode* next = n->next.load(std::memory_order_relaxed);
    if (n->kind == MailKind::Message || n->kind == MailKind::Request) {
      a->scan_prev = prev;
      a->scan_node = n;
      return n;
    }
    if (stale(a, n)) {
      mb.unlink_saved(prev, n);
      mb.consumed();
      free_mail_node(n);
      a->scan_unlinks = mb.unlinks();
    } else {
      prev = n;
    }
    n = next;
  }
  // Everything is tried: a wait goes on from the last node.
  a->scan_node = prev;
  a->scan_prev = nullptr;  // meaningless until a message is handed out
  mb.set_cursor(prev);
  return nullptr;
}

namespace {

// Suspends the current actor until the scheduler wakes it (a message, or
// the deadline; -1: none), in receive (Actor::receive_waiting) or in
// %await-message. The pending timeout counts as work, so the system is
// not quiescent while it may still fire.
Result<Value> suspend_actor(VmContext& ctx, Actor* a, int64_t deadline, bool in_receive) {
  Result<Value> s = ctx.suspend();
  if (!s) return s;
  a->receive_waiting = in_receive;
  a->deadline = deadline;
  if (deadline >= 0) {
    add_work(1);
    add_timer(a, deadline);
  }
  return s;
}

// A deadline argument: -1 for nil (never), else the scheduler time.
Result<int64_t> deadline_arg(VmContext& ctx, const Value& v) {
  if (v.is_nil()) return int64_t{-1};
  return to_int64(v, ctx.native().name);
}

}  // namespace

namespace {

// The step %receive-start and %receive-next share, once the scan is known
// to be valid: the next message not tried yet, or (none) nil at the
// deadline, or a wait.
Result<Value> receive_step(VmContext& ctx, Actor* a, const Value& deadline_value) {
  if (a->exit_pending) return exit_error(a);
  process_inbox(a);
  if (a->exit_pending) return exit_error(a);
  if (MailNode* n = next_receivable(a)) return n->value;
  auto deadline = deadline_arg(ctx, deadline_value);
  if (!deadline) return deadline.take_error();
  if (deadline.value() >= 0 && now_ns() >= deadline.value()) {
    end_scan_timed_out(a);
    return Value();
  }
  if (a->is_main) {
    // The main program waits in its driver (scheduler.cpp), which resumes
    // it with true or false; the scan goes on in %receive-wait, where an
    // exit signal or a deadlock noticed meanwhile becomes its error.
    auto wait = receive_wait_fn();
    if (!wait) return wait.take_error();
    return ctx.tail_call(std::move(wait.value()), std::vector<Value>{deadline_value});
  }
  // Other actors wait right here: the scheduler resumes this call with the
  // next message (or nil after the deadline), which is its value. Exit
  // signals end the actor before it is resumed (run_turn).
  return suspend_actor(ctx, a, deadline.value(), /*in_receive=*/true);
}

}  // namespace

void end_scan_timed_out(Actor* a) {
  a->scan_timed_out = true;
  a->scan_active = false;
}

Result<Value> n_receive_start(VmContext& ctx, std::span<const Value> args) {
  Actor* a = current_actor();
  if (a->scanning) return nested_receive_error();
  a->scan_node = nullptr;
  a->scan_prev = nullptr;
  a->scan_timed_out = false;
  a->scan_active = true;
  a->scan_unlinks = a->mailbox.unlinks();
  return receive_step(ctx, a, args[0]);
}

Result<Value> n_receive_next(VmContext& ctx, std::span<const Value> args) {
  auto owner = scan_owner();
  if (!owner) return owner.take_error();
  return receive_step(ctx, owner.value(), args[0]);
}

Result<Value> n_receive_take(VmContext&, std::span<const Value>) {
  auto owner = scan_owner();
  if (!owner) return owner.take_error();
  Actor* a = owner.value();
  MailNode* n = a->scan_node;
  if (n == nullptr || (n->kind != MailKind::Message && n->kind != MailKind::Request)) {
    return make_error(ErrorKind::IllegalState, "receive: no message to take");
  }
  Mailbox& mb = a->mailbox;
  mb.unlink_saved(a->scan_prev, n);
  mb.consumed();
  if (n->kind == MailKind::Request) {  // see n_receive_scan
    a->reply_to = std::move(n->extra);
    a->reply_ref = n->ref;
  }
  Value msg = std::move(n->value);
  free_mail_node(n);
  mb.set_cursor(nullptr);
  a->scan_node = nullptr;
  a->scan_prev = nullptr;
  a->scan_active = false;
  return msg;
}

Result<Value> n_receive_timed_out_p(VmContext&, std::span<const Value>) {
  return Value::boolean(current_actor()->scan_timed_out);
}

Result<Value> n_deadline(VmContext& ctx, std::span<const Value> args) {
  if (args[0].is_nil()) return Value();
  if (!is_number(args[0])) return type_error(ctx.native().name, "a timeout in milliseconds", args[0]);
  double ms = args[0].is_fixnum() ? static_cast<double>(args[0].as_fixnum()) : 0;
  if (!args[0].is_fixnum()) {
    auto d = to_double(args[0], ctx.native().name);
    if (!d) return d.take_error();
    ms = d.value();
  }
  if (ms < 0) ms = 0;
  return make_integer(now_ns() + static_cast<int64_t>(ms * 1e6));
}

Result<Value> n_await_message(VmContext& ctx, std::span<const Value> args) {
  Actor* a = current_actor();
  if (a->exit_pending) return Value::boolean(true);  // the next scan reports it
  if (a->mailbox.unscanned() || a->mailbox.inbox_pending()) return Value::boolean(true);
  auto deadline = deadline_arg(ctx, args[0]);
  if (!deadline) return deadline.take_error();
  if (deadline.value() >= 0 && now_ns() >= deadline.value()) return Value::boolean(false);
  return suspend_actor(ctx, a, deadline.value(), /*in_receive=*/false);
}

// --- call -----------------------------------------------------------------------------------------
int64_t begin_request(Actor* self, Actor* target) {
  int64_t ref = rt().next_ref.fetch_add(1, std::memory_order_relaxed);
  self->awaiting_ref = ref;
  add_monitor(self, target, ref);
  return ref;
}

Result<Value> n_call_send(VmContext& ctx, std::span<const Value> args) {
  auto target = resolve_target("call", args[0]);
  if (!target) return target.take_error();
  Actor* t = target.value();
  Actor* self = current_actor();
  (void)ctx;
  if (t->dead.load(std::memory_order_acquire)) return record_panic(self, kw("noproc"));
  int64_t ref = begin_request(self, t);
  Value msg = args[1];
  mark_shared(msg);
  if (self->traced.load(std::memory_order_relaxed)) trace_message("call", self, pid_value_of(t), msg);
  t->mailbox.push(new_mail_node(MailKind::Request, std::move(msg), self->pid, ref));
  make_runnable(t);
  return make_integer(ref);
}

Result<Value> n_take_reply(VmContext& ctx, std::span<const Value> args) {
  Actor* a = current_actor();
  if (a->exit_pending) return exit_error(a);
  process_inbox(a);
  if (a->exit_pending) return exit_error(a);
  auto ref = to_int64(args[0], ctx.native().name);
  if (!ref) return ref.take_error();
  Mailbox& mb = a->mailbox;
  MailNode* prev = nullptr;
  for (MailNode* n = mb.saved_head(); n != nullptr;) {
    MailNode* next = n->next.load(std::memory_order_relaxed);
    if (n->kind == MailKind::Reply || n->kind == MailKind::Down) {
      if (n->ref == ref.value() && n->ref == a->awaiting_ref) {
        mb.unlink_saved(prev, n);
        mb.consumed();
        bool down = n->kind == MailKind::Down;
        Value v = std::move(n->value);
        free_mail_node(n);
        a->awaiting_ref = 0;
        mb.set_cursor(nullptr);
        if (down) {
          if (args.size() > 1) return vector_from({args[1]});  // the caller's answer for a dead target
          return record_panic(a, kw("noproc"));
        }
        remove_monitor(a, ref.value());
        return vector_from({std::move(v)});
      }
      if (stale(a, n)) {
        mb.unlink_saved(prev, n);
        mb.consumed();
        free_mail_node(n);
        n = next;
        continue;
      }
    }
    prev = n;
    n = next;
  }
  mb.set_cursor(mb.saved_tail());
  return Value();
}

Result<Value> n_call_cancel(VmContext& ctx, std::span<const Value> args) {
  auto ref = to_int64(args[0], ctx.native().name);
  if (!ref) return ref.take_error();
  Actor* a = current_actor();
  if (a->awaiting_ref == ref.value()) a->awaiting_ref = 0;
  remove_monitor(a, ref.value());
  return Value();
}

// --- links, monitors, exits --------------------------------------------------------------------
Result<Value> n_link(VmContext& ctx, std::span<const Value> args) {
  Actor* x = current_actor();
  Actor* y;
  if (args.size() == 2) {
    auto a = pid_arg(ctx.native().name, args[0]);
    if (!a) return a.take_error();
    x = a.value();
  }
  auto b = pid_arg(ctx.native().name, args.back());
  if (!b) return b.take_error();
  y = b.value();
  link_actors(x, y);
  return Value::boolean(true);
}

Result<Value> n_unlink(VmContext& ctx, std::span<const Value> args) {
  auto b = pid_arg(ctx.native().name, args[0]);
  if (!b) return b.take_error();
  unlink_actors(current_actor(), b.value());
  return Value::boolean(true);
}

Result<Value> n_monitor(VmContext& ctx, std::span<const Value> args) {
  auto t = pid_arg(ctx.native().name, args[0]);
  if (!t) return t.take_error();
  int64_t ref = rt().next_ref.fetch_add(1, std::memory_order_relaxed);
  add_monitor(current_actor(), t.value(), ref);
  return make_integer(ref);
}

Result<Value> n_demonitor(VmContext& ctx, std::span<const Value> args) {
  auto ref = to_int64(args[0], ctx.native().name);
  if (!ref) return ref.take_error();
  return Value::boolean(remove_monitor(current_actor(), ref.value()));
}

Result<Value> n_trap_exits(VmContext&, std::span<const Value> args) {
  Actor* a = current_actor();
  bool old = a->trap_exits;
  a->trap_exits = args[0].truthy();
  return Value::boolean(old);
}

Result<Value> n_kill(VmContext& ctx, std::span<const Value> args) {
  auto t = pid_arg(ctx.native().name, args[0]);
  if (!t) return t.take_error();
  send_exit_signal(t.value(), self_pid(), kw("kill"), /*linked=*/false);
  return Value::boolean(true);
}

Result<Value> n_exit(VmContext& ctx, std::span<const Value> args) {
  if (args.size() == 1) {
    auto code = to_int64(args[0], ctx.native().name);
    if (!code) return code.take_error();
    std::fflush(nullptr);
    std::_Exit(static_cast<int>(code.value()));
  }
  auto t = pid_arg(ctx.native().name, args[0]);
  if (!t) return t.take_error();
  Value reason = args[1];
  mark_shared(reason);
  send_exit_signal(t.value(), self_pid(), reason, /*linked=*/false);
  return Value::boolean(true);
}

// --- actor.ba primitives ------------------------------------------------------------------------
Result<Value> n_actor_panic(VmContext&, std::span<const Value> args) {
  return record_panic(current_actor(), lib::panic_reason(args));
}

Result<Value> n_actor_definition(VmContext& ctx, std::span<const Value> args) {
  if (!args[0].is_keyword()) return type_error(ctx.native().name, "a keyword", args[0]);
  if (!is_function(args[1])) return type_error(ctx.native().name, "a function", args[1]);
  Value def = map_from(std::initializer_list<Value>{k_def_name(), args[0], k_def_start(), args[1], k_def_terminate(),
                                                    args[2], k_def_singleton(), Value::boolean(args[3].truthy())});
  return def;
}

Result<Value> n_set_state(VmContext&, std::span<const Value> args) {
  Actor* a = current_actor();
  Value v = args[0];
  mark_shared(v);
  SpinGuard g(a->lock);
  a->state = std::move(v);
  return Value();
}

}  // namespace batuta::actor

namespace batuta {

namespace {

struct ActorNativeEntry {
  const char* name;
  NativeFn fn;
  Arity arity;
  const char* doc;
  const char* arglists;
};

}  // namespace

void install_actor_natives() {
  static const ActorNativeEntry kEntries[] = {
#define BATUTA_ACTOR_NATIVE(name, fn, min, max, variadic, doc, arglists) \
  {name, &actor::fn, Arity{static_cast<uint16_t>(min), static_cast<uint16_t>(max), variadic}, doc, arglists},
#include "actor/actor_natives.def"
#undef BATUTA_ACTOR_NATIVE
  };
  Namespace* ns = find_or_create_namespace(symbol("batuta.core"));
  for (const ActorNativeEntry& e : kEntries) {
    std::string_view shown = e.name;
    if (shown.starts_with("%actor-")) shown.remove_prefix(7);
    Var* var = define_native(ns, e.name, e.arity, e.fn, e.doc, e.arglists, shown);
    // Immortal: calling a native through its var retains and releases it,
    // and a shared (atomic) count that every worker thread touches on each
    // send or receive costs a contended cache line per message. This runs
    // before any actor, on one thread.
    Value fn;
    if (var_get(var, fn)) make_immortal(fn);
  }
  actor::install_main_driver();
}

}  // namespace batuta
