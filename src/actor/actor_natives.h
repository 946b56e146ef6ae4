// actor_natives.h: installing the actor runtime into the language.
//
// install_actor_natives() (before boot(), see lib/eval.h) interns one var
// per actor_natives.def entry in batuta.core and installs the vm hook that
// drives the main program's waits (g_drive_suspended_fiber).
// actor_library_source() is the part written in Batuta (src/actor/ba/
// actor.ba, embedded at build time): receive, receive-timeout,
// receive-with-priority, call, sleep, defactor, defsupervisor... It needs
// the compiler, which this layer cannot use, so the CLI evaluates it after
// boot() (cli_common.cpp, boot_or_report).
#pragma once

#include <span>
#include <string_view>

#include "core/status.h"
#include "core/value.h"
#include "vm/fiber.h"

namespace batuta {

namespace actor {
#define BATUTA_ACTOR_NATIVE(name, fn, min, max, variadic, doc, arglists) \
  Result<Value> fn(VmContext& ctx, std::span<const Value> args);
#include "actor/actor_natives.def"
#undef BATUTA_ACTOR_NATIVE
}  // namespace actor

void install_actor_natives();

// The Batuta half of the actor layer, to be evaluated after boot(); its
// forms start with (in-ns 'batuta.core).
std::string_view actor_library_source();
// The file name its positions carry.
inline constexpr std::string_view kActorLibraryFile = "batuta/actor.ba";

}  // namespace batuta
