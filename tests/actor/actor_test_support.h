// actor_test_support.h: running Batuta programs on a fresh actor runtime.
#pragma once

#include <string>

#include "actor/actor_natives.h"
#include "actor/runtime.h"
#include "core/printer.h"
#include "lib/eval.h"
#include "lib/stdlib.h"

namespace batuta::actor_test {

// boot() plus the actor layer, as the CLI does it (once per process).
inline void boot_language() {
  static bool done = false;
  if (done) return;
  done = true;
  install_actor_natives();
  auto booted = boot();
  if (!booted.ok()) {
    std::fprintf(stderr, "boot failed: %s\n", booted.error().message.c_str());
    std::abort();
  }
  auto actor_library = register_embedded_sources(embedded_actor_library());
  if (!actor_library.ok()) {
    std::fprintf(stderr, "the actor library failed: %s\n", actor_library.error().message.c_str());
    std::abort();
  }
}

// Runs a program on a new runtime with these options, then runs the system
// until quiescent; the printed value of its last form, or "ERROR: report".
inline std::string run_program(const std::string& source, actor::RuntimeOptions options = {}) {
  boot_language();
  actor::shutdown_runtime();
  actor::configure_runtime(options);
  Session session;
  EvalError error;
  auto r = session.eval_source(source, "test.ba", &error);
  actor::run_until_quiescent();
  if (!r.ok()) return "ERROR: " + error.report;
  return pr_str(r.value());
}

}  // namespace batuta::actor_test
