// progress.h: watching the store's statements while they run: a progress
// bar on stderr for long ones, and Ctrl-C (an interrupt request) stopping
// them.
//
// DuckDB runs a statement inside duckdb_execute_prepared on the calling
// thread (with its worker threads). One watcher thread per process (made
// on the first statement) looks at the running statement every
// kWatchTickMs:
//   - when an interrupt was requested (vm/fiber.h request_interrupt(): the
//     REPL's Ctrl-C), it takes the request and calls duckdb_interrupt on
//     the statement's connection; the statement then fails and
//     Store::query reports kInterruptedMessage;
//   - once the statement has run for the bar's delay, it draws
//     `[=====>     ]  42%` from duckdb_query_progress on stderr, when
//     stderr is a terminal (or gives the fraction to a test's sink), and
//     the bar is erased when the statement ends.
// A streaming result (for-each) is not watched: its rows reach Batuta
// code, which stops at Ctrl-C by itself (vm/fiber.h).
// The statement's thread only stores a few atomics and takes one
// uncontended lock when it ends; it wakes the watcher only when the
// watcher sleeps (it does, without a timeout, once no statement has
// started for a whole tick), so a stream of short statements costs no
// wake-ups.
#pragma once

#include "query/duckdb_api.h"

namespace batuta::query {

constexpr int kWatchTickMs = 50;
constexpr int kDefaultBarDelayMs = 500;
constexpr const char* kInterruptedMessage = "interrupted: Ctrl-C stopped the query; nothing of it was kept";

// Sets the connection up so that DuckDB tracks progress without printing
// its own bar (Store::open).
void configure_progress(duckdb_connection con);

// Brackets one statement's execution on `con` (Store::query).
class StatementWatch {
 public:
  explicit StatementWatch(duckdb_connection con);
  ~StatementWatch();
  StatementWatch(const StatementWatch&) = delete;
  StatementWatch& operator=(const StatementWatch&) = delete;
  // Ends the watch (erasing a bar); true when Ctrl-C interrupted the
  // statement, which then returned `state`.
  bool finish(duckdb_state state);

 private:
  bool finished_ = false;
};

// For tests: the progress fractions (0..1) go to `sink` instead of the
// terminal, from the statement's delay on (nullptr restores the terminal
// bar); `delay_ms` replaces kDefaultBarDelayMs.
using ProgressSink = void (*)(double fraction);
void set_progress_sink(ProgressSink sink, int delay_ms);

}  // namespace batuta::query
