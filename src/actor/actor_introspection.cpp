// actor_introspection.cpp: the registry (register, whereis, unregister,
// registered), find-actors, actors, inspect, trace and untrace.
//
// Another actor's owner-only fields are never read here: what is shown
// comes from fields set before the actor first ran (definition), atomics
// (status, reductions, mailbox size) or fields under the actor's lock
// (links, monitors, name, published state). What only the actor's own
// thread may read (its messages, its current function) inspect asks it
// for: a request in its mailbox, answered between its turns
// (answer_inspect) like a call.
#include <algorithm>

#include "actor/actor_natives.h"
#include "actor/natives_support.h"
#include "core/map.h"
#include "core/name.h"
#include "core/number.h"
#include "core/printer.h"
#include "core/string.h"
#include "core/vector.h"

namespace batuta::actor {

void unregister_actor(Actor* a) {
  Runtime& r = rt();
  Value name;
  {
    SpinGuard g(a->lock);
    name = std::move(a->registered_name);
    a->registered_name = Value();
  }
  if (name.is_nil()) return;
  SpinGuard g(r.registry_lock);
  auto it = r.registry.find(name.as_name());
  if (it != r.registry.end() && it->second == a) r.registry.erase(it);
}

namespace {

Result<Value> name_arg(std::string_view op, const Value& v) {
  if (!v.is_keyword()) return type_error(op, "a keyword", v);
  return v;
}

Value registered_name_of(Actor* a) {
  SpinGuard g(a->lock);
  return a->registered_name;
}

Value status_of(Actor* a) {
  if (a->dead.load(std::memory_order_acquire)) return kw("dead");
  return a->scheduled.load(std::memory_order_relaxed) ? kw("runnable") : kw("waiting");
}

std::vector<Actor*> live_actors() {
  Runtime& r = rt();
  std::vector<Actor*> all;
  SpinGuard g(r.table_lock);
  for (Actor* a = r.table_head; a != nullptr; a = a->table_next) {
    if (a->is_main) continue;
    retain_actor(a);
    all.push_back(a);
  }
  std::sort(all.begin(), all.end(), [](Actor* x, Actor* y) { return x->id < y->id; });
  return all;
}

}  // namespace

Result<Value> n_register(VmContext& ctx, std::span<const Value> args) {
  auto name = name_arg(ctx.native().name, args[0]);
  if (!name) return name.take_error();
  auto target = pid_arg(ctx.native().name, args[1]);
  if (!target) return target.take_error();
  Actor* a = target.value();
  Runtime& r = rt();
  SpinGuard g(r.registry_lock);
  auto it = r.registry.find(args[0].as_name());
  if (it != r.registry.end() && !it->second->dead.load(std::memory_order_acquire)) {
    if (it->second == a) return kw("ok");
    return make_error(ErrorKind::InvalidArgument, "register: " + pr_str(args[0]) + " is already registered to " +
                                                      pr_str(pid_value_of(it->second)));
  }
  if (a->dead.load(std::memory_order_acquire)) {
    return make_error(ErrorKind::InvalidArgument, "register: " + pr_str(args[1]) + " is not alive");
  }
  {
    SpinGuard ag(a->lock);
    if (!a->registered_name.is_nil()) {
      return make_error(ErrorKind::InvalidArgument, "register: " + pr_str(args[1]) + " is already registered as " +
                                                        pr_str(a->registered_name));
    }
    a->registered_name = args[0];
  }
  if (it != r.registry.end()) r.registry.erase(it);
  r.registry.emplace(args[0].as_name(), a);
  return kw("ok");
}

Result<Value> n_whereis(VmContext& ctx, std::span<const Value> args) {
  auto name = name_arg(ctx.native().name, args[0]);
  if (!name) return name.take_error();
  Runtime& r = rt();
  SpinGuard g(r.registry_lock);
  auto it = r.registry.find(args[0].as_name());
  if (it == r.registry.end() || it->second->dead.load(std::memory_order_acquire)) return Value();
  return pid_value_of(it->second);
}

Result<Value> n_unregister(VmContext& ctx, std::span<const Value> args) {
  auto name = name_arg(ctx.native().name, args[0]);
  if (!name) return name.take_error();
  Runtime& r = rt();
  Actor* a = nullptr;
  {
    SpinGuard g(r.registry_lock);
    auto it = r.registry.find(args[0].as_name());
    if (it == r.registry.end()) return Value::boolean(false);
    a = it->second;
    r.registry.erase(it);
    SpinGuard ag(a->lock);
    a->registered_name = Value();
  }
  return Value::boolean(true);
}

Result<Value> n_registered(VmContext&, std::span<const Value>) {
  Runtime& r = rt();
  std::vector<Value> names;
  {
    SpinGuard g(r.registry_lock);
    for (auto& [name, a] : r.registry)
      if (!a->dead.load(std::memory_order_acquire)) names.push_back(Value::keyword(static_cast<const Name*>(name)));
  }
  std::sort(names.begin(), names.end(), [](const Value& x, const Value& y) { return pr_str(x) < pr_str(y); });
  return vector_from(names);
}

Result<Value> n_find_actors(VmContext& ctx, std::span<const Value> args) {
  auto name = name_arg(ctx.native().name, args[0]);
  if (!name) return name.take_error();
  std::vector<Value> pids;
  for (Actor* a : live_actors()) {
    if (a->definition.identical(args[0])) pids.push_back(pid_value_of(a));
    release_actor(a);
  }
  return vector_from(pids);
}

Result<Value> n_actors(VmContext&, std::span<const Value>) {
  std::vector<Value> rows;
  for (Actor* a : live_actors()) {
    Value name = registered_name_of(a);
    if (name.is_nil()) name = a->definition;
    rows.push_back(map_from(std::initializer_list<Value>{
        kw("pid"), pid_value_of(a), kw("name"), name, kw("definition"), a->definition, kw("mailbox-size"),
        make_integer(static_cast<int64_t>(a->mailbox.size())), kw("status"), status_of(a), kw("reductions"),
        make_integer(static_cast<int64_t>(a->reductions.load(std::memory_order_relaxed)))}));
    release_actor(a);
  }
  return vector_from(rows);
}

namespace {

// At most this many queued messages are listed by inspect (:mailbox); the
// count is always in :mailbox-size.
constexpr size_t kInspectMessages = 100;

Value dead_map(const Value& pid) { return map_from(std::initializer_list<Value>{kw("pid"), pid, kw("status"), kw("dead")}); }

// The function a fiber is in, `skip` frames below the innermost and
// skipping the runtime's own (%receive-wait and the like); nil when none.
Value current_function_of(const Fiber* fiber, size_t skip) {
  if (fiber == nullptr) return Value();
  for (size_t k = skip;; ++k) {
    std::string name = fiber->function_at(k);
    if (name.empty()) return Value();
    if (name[0] != '%') return make_string_from_utf8(name);
  }
}

// What only the actor's own thread may read, for inspect_map: the fiber
// whose current function to show (`skip` frames below its innermost).
struct OwnerView {
  const Fiber* fiber;
  size_t skip;
};

// The map inspect returns. Anyone may build the part read from atomics
// and lock-guarded fields; with `owner` (a's own thread, or a itself) it
// adds what only that thread may read: its messages, its current
// function, trap-exits. The inspector's own monitor for the request
// (hidden_ref) is not shown.
Value inspect_map(Actor* a, const Value& pid, const Value& status, const OwnerView* owner, int64_t hidden_ref) {
  std::vector<Value> links, monitors;
  Value name, state;
  std::vector<Actor*> linked, watchers;
  {
    SpinGuard g(a->lock);
    for (Actor* l : a->links) {
      retain_actor(l);
      linked.push_back(l);
    }
    for (const Monitor& m : a->monitored_by) {
      if (m.ref == hidden_ref) continue;
      retain_actor(m.actor);
      watchers.push_back(m.actor);
    }
    name = a->registered_name;
    state = a->state;
  }
  // Pids are made outside the lock (making one may free memory).
  for (Actor* l : linked) {
    links.push_back(pid_value_of(l));
    release_actor(l);
  }
  for (Actor* w : watchers) {
    monitors.push_back(pid_value_of(w));
    release_actor(w);
  }
  std::vector<Value> fields{
      kw("pid"), pid, kw("name"), name, kw("definition"), a->definition, kw("status"), status,
      kw("mailbox-size"), make_integer(static_cast<int64_t>(a->mailbox.size())), kw("links"), vector_from(links),
      kw("monitors"), vector_from(monitors), kw("reductions"),
      make_integer(static_cast<int64_t>(a->reductions.load(std::memory_order_relaxed))), kw("state"), state};
  if (owner != nullptr) {
    std::vector<Value> queued;
    for (MailNode* n = a->mailbox.saved_head(); n != nullptr && queued.size() < kInspectMessages;
         n = n->next.load(std::memory_order_relaxed)) {
      if (n->kind == MailKind::Message || n->kind == MailKind::Request) queued.push_back(n->value);
    }
    Value more[] = {kw("trap-exits"), Value::boolean(a->trap_exits), kw("mailbox"), vector_from(queued),
                    kw("current-function"), current_function_of(owner->fiber, owner->skip)};
    fields.insert(fields.end(), std::begin(more), std::end(more));
  }
  return map_from(std::span<const Value>(fields.data(), fields.size()));
}

}  // namespace

void answer_inspect(Actor* a, MailNode* request) {
  Actor* inspector = actor_of(request->extra);
  if (inspector == nullptr || inspector->dead.load(std::memory_order_acquire)) return;
  OwnerView view{a->running, 0};
  Value info = inspect_map(a, actor_pid_copy(a), request->value, &view, request->ref);
  mark_shared(info);
  inspector->mailbox.push(new_mail_node(MailKind::Reply, std::move(info), Value(), request->ref));
  make_runnable(inspector);
}

Result<Value> n_inspect_request(VmContext& ctx, std::span<const Value> args) {
  auto target = pid_arg(ctx.native().name, args[0]);
  if (!target) return target.take_error();
  Actor* a = target.value();
  if (a->dead.load(std::memory_order_acquire)) return dead_map(args[0]);
  Actor* self = current_actor();
  if (a == self) {
    OwnerView view{&ctx.fiber(), 1};  // frame 0 is inspect itself (actor.ba)
    return inspect_map(a, args[0], kw("running"), &view, 0);
  }
  // The status it has now: answering wakes it, which would change it.
  Value status = status_of(a);
  int64_t ref = begin_request(self, a);
  a->mailbox.push(new_mail_node(MailKind::Inspect, std::move(status), self->pid, ref));
  make_runnable(a);
  return make_integer(ref);
}

Result<Value> n_inspect_outside(VmContext& ctx, std::span<const Value> args) {
  auto target = pid_arg(ctx.native().name, args[0]);
  if (!target) return target.take_error();
  Actor* a = target.value();
  if (a->dead.load(std::memory_order_acquire)) return dead_map(args[0]);
  return inspect_map(a, args[0], status_of(a), nullptr, 0);
}

Result<Value> n_trace(VmContext& ctx, std::span<const Value> args) {
  auto target = pid_arg(ctx.native().name, args[0]);
  if (!target) return target.take_error();
  target.value()->traced.store(true, std::memory_order_relaxed);
  return kw("ok");
}

Result<Value> n_untrace(VmContext& ctx, std::span<const Value> args) {
  auto target = pid_arg(ctx.native().name, args[0]);
  if (!target) return target.take_error();
  target.value()->traced.store(false, std::memory_order_relaxed);
  return kw("ok");
}

Result<Value> n_set_log_level(VmContext& ctx, std::span<const Value> args) {
  static const char* const kNames[] = {"none", "error", "warning", "info", "debug"};
  LogLevel level;
  if (!args[0].is_keyword() || !parse_log_level(std::string(name_text(args[0])), level)) {
    return type_error(ctx.native().name, "one of :none :error :warning :info :debug", args[0]);
  }
  Value old = kw(kNames[static_cast<int>(runtime_options().log_level)]);
  set_log_level(level);
  return old;
}

}  // namespace batuta::actor
