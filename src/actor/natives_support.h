// natives_support.h: what actor_natives.cpp and actor_introspection.cpp
// share: argument checks, error texts, target resolution, and the link and
// monitor operations (lifecycle.cpp). Internal to the actor layer.
#pragma once

#include <string_view>

#include "actor/runtime_internal.h"
#include "core/status.h"
#include "vm/function.h"

namespace batuta::actor {

using actor_native_fn_t = NativeFn;

Value kw(std::string_view name);
// `op: expected <what>, got 42 (an integer)`.
Error type_error(std::string_view op, std::string_view what, const Value& got);
Result<Actor*> pid_arg(std::string_view op, const Value& v);
// Records reason as the actor's panic reason; the error ends its fiber.
Error record_panic(Actor* a, Value reason);
// A pid value naming a (a new Pid object when a is another actor: its own
// pid field belongs to its thread).
Value pid_value_of(Actor* a);
// A pid, a registered name or a singleton definition (started on first use).
Result<Actor*> resolve_target(std::string_view op, const Value& v);
// Starts a request of self to target (call, inspect): a fresh reference,
// which self now awaits, and a monitor of target under it, so target's
// death ends the wait (%take-reply). Returns the reference.
int64_t begin_request(Actor* self, Actor* target);

// --- lifecycle.cpp -------------------------------------------------------------------
Value actor_pid_copy(Actor* a);
void send_to(Actor* target, Value msg);
void link_actors(Actor* x, Actor* y);
void unlink_actors(Actor* x, Actor* y);
// watcher monitors target under ref (a :noproc down comes at once if target is dead).
void add_monitor(Actor* watcher, Actor* target, int64_t ref);
// Removes watcher's monitor ref; false when there was none.
bool remove_monitor(Actor* watcher, int64_t ref);

}  // namespace batuta::actor
