// runtime.h: the actor runtime's public interface (scheduler, spawning,
// messaging, exits), used by the actor natives, the CLI and the tests.
//
// One runtime per process, started on first use with the options given to
// configure_runtime() (or the defaults). The thread that first uses it is
// the main thread: its code is the main actor (`self` at the top level).
// With zero worker threads (wasm32, or --threads 0, or the deterministic
// test mode) every actor runs on the main thread, inside
// run_until_quiescent() and while the main program waits in receive.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/value.h"
#include "vm/fiber.h"

namespace batuta::actor {

struct Actor;

enum class LogLevel : uint8_t { None, Error, Warning, Info, Debug };

struct RuntimeOptions {
  int threads = -1;            // worker threads; -1: one per hardware thread; 0: run on the main thread
  bool deterministic = false;  // zero threads, seeded choice of the next actor, virtual clock
  uint64_t seed = 0;
  int64_t budget = 2000;       // calls and backward jumps per turn before an actor yields
  LogLevel log_level = LogLevel::Error;
  size_t max_depth = 100000;   // an actor's fiber depth limit
};

// Before the runtime's first use (or after shutdown_runtime()).
void configure_runtime(const RuntimeOptions& options);
const RuntimeOptions& runtime_options();
// Parses "none", "error", "warning"/"warn", "info", "debug".
bool parse_log_level(const std::string& text, LogLevel& out);
void set_log_level(LogLevel level);

// Runs actors until the system is quiescent: no actor runnable and no
// receive timeout pending (call from the main thread, after the main
// program returned).
void run_until_quiescent();
// Kills every actor, stops the workers and frees everything (tests, leak
// checks). The next use starts a fresh runtime.
void shutdown_runtime();

struct SpawnOptions {
  Value definition;    // keyword: the defactor's name, or nil
  Value terminate_fn;  // nil or a function of the reason and the last published state
  bool link = false;   // link to the calling actor
};
// Starts an actor running fn(args...); returns its pid.
Value spawn(Value fn, std::vector<Value> args, const SpawnOptions& options = {});

// Sends msg to pid (dropped when the actor is dead). Never blocks.
void send(const Value& pid, Value msg);

// The calling thread's current actor (the main actor outside any turn).
Actor* current_actor();
Value self_pid();

// Counts for tests: actors alive (not counting the main actor), and
// whether the runtime holds no runnable actor and no pending timer.
size_t live_actor_count();
bool quiescent();

// The deterministic mode's record of which actor ran at each turn (ids),
// so a test can compare two runs of the same seed.
std::vector<uint64_t> deterministic_trace();

// Installs the hook vm's g_drive_suspended_fiber calls (once).
void install_main_driver();

}  // namespace batuta::actor
