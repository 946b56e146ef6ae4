// cli_common.cpp: see cli_common.h.
#include "cli/cli_common.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "actor/actor_natives.h"
#include "actor/runtime.h"
#include "lib/stdlib.h"
#include "query/query_natives.h"
#include "query/store.h"
#include "vm/var.h"

namespace batuta::cli {

bool read_file_text(const std::string& path, std::string& out, std::string& error) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    error = "cannot read " + path + ": " + std::strerror(errno);
    return false;
  }
  out.clear();
  char buffer[1 << 16];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) out.append(buffer, n);
  // fopen succeeds on a directory; the read then fails with EISDIR.
  const bool failed = std::ferror(f) != 0;
  const int read_errno = errno;
  std::fclose(f);
  if (failed) {
    error = "cannot read " + path + ": " + std::strerror(read_errno);
    return false;
  }
  return true;
}

void print_cli_error(const std::string& message) {
  std::fflush(stdout);  // keep the program's own output before the message
  std::fprintf(stderr, "batuta: %s\n", message.c_str());
}

void print_eval_error(const EvalError& error) {
  std::fflush(stdout);
  std::string text = error.report;
  if (text.empty() || text.back() != '\n') text.push_back('\n');
  std::fputs(text.c_str(), stderr);
  std::fflush(stderr);
}

bool boot_or_report() {
  install_query_natives();  // batuta.query, referred into user (query/query_natives.h)
  install_actor_natives();  // spawn, send, receive primitives... (actor/actor_natives.h)
  Result<bool> booted = boot();
  if (!booted.ok()) {
    print_cli_error("the runtime failed to start: " + booted.error().message);
    return false;
  }
  // The actor layer's part written in Batuta (call, defactor, what receive
  // waits with...) needs the compiler, so it is registered here, after
  // boot: actor_boot.ba loads now, actor.ba when a program first names it.
  auto actor_library = register_embedded_sources(embedded_actor_library());
  if (!actor_library.ok()) {
    print_cli_error("the runtime failed to start: " + actor_library.error().message);
    return false;
  }
  return true;
}

int finish(int status) {
  const bool lost_output = std::fflush(stdout) != 0 || std::ferror(stdout) != 0;
  if (lost_output && status == kExitOk) {
    std::fprintf(stderr, "batuta: error writing standard output: %s\n", std::strerror(errno));
    status = kExitFailure;
  }
  std::fflush(stderr);
  // Every command ends here: the actor runtime (started by any use of an
  // actor, a panic included) stops its workers and frees its actors,
  // whichever command ran. A no-op when it never started or already stopped.
  actor::shutdown_runtime();
#if defined(__SANITIZE_ADDRESS__)
  // The store's query functions hold closures, which LeakSanitizer cannot
  // see through DuckDB's NaN-boxed extra info; a normal build keeps the
  // store (committed writes are already durable) and exits at once.
  query::Store::close();
  // Leak checking: what only vars keep alive is freed now, since
  // LeakSanitizer cannot follow the NaN-boxed pointers vars hold. A normal
  // build leaves the heap to the operating system (faster exit).
  unbind_all_vars();
#endif
  return status;
}

}  // namespace batuta::cli
