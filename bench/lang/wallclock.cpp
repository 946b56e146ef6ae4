// wallclock: run a command several times and report its median wall time
// and peak memory, for bench/lang/run.sh.
//
//   wallclock RUNS WARMUP TIMEOUT BUDGET OUT -- COMMAND [ARGS...]
//
// Runs COMMAND WARMUP times untimed (to fill the page cache), then up to
// RUNS times timed, one after the other. Once the timed runs have taken
// BUDGET seconds in all, no further run starts, so a slow runtime cannot
// stretch a benchmark session without bound (at least one run is timed). Each run's stdout goes to the file OUT
// and its stderr to OUT.err (both truncated per run, so they hold the last
// run's output for the caller to check). Prints on stdout, one
// "name value" pair a line:
//
//   median_seconds  median wall time of the timed runs
//   min_seconds     fastest timed run
//   median_cpu_seconds  median of each run's user + system CPU time, which
//                   a busy machine inflates much less than wall time
//   median_rss_kb   median of each run's peak resident set (ru_maxrss)
//   runs            how many runs were timed (RUNS, or fewer on BUDGET)
//
// Wall time is CLOCK_MONOTONIC around posix_spawn .. wait4, so it includes
// process creation and exit, which is what a user waiting for
// `batuta run hello.ba` sees; the spawn itself costs tens of microseconds.
// Peak memory comes from wait4's rusage of that one child (exec'd
// descendants such as `clojure` -> java keep the pid and count too).
//
// A run that exits non-zero, dies of a signal or outlives TIMEOUT seconds
// ends the measurement: "failed <reason>" is printed and the exit status
// is 1. A native tool, not library code: POSIX is fine here.
#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <spawn.h>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace {

volatile sig_atomic_t g_timed_out = 0;

void on_alarm(int) { g_timed_out = 1; }

double now_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

template <typename T>
T median(std::vector<T> xs) {
  std::sort(xs.begin(), xs.end());
  size_t n = xs.size();
  return n % 2 == 1 ? xs[n / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2;
}

struct RunResult {
  double seconds = 0;
  double cpu_seconds = 0;
  long max_rss_kb = 0;
  std::string failure;  // empty when the run succeeded
};

RunResult run_once(char** argv, const std::string& out, unsigned timeout_seconds) {
  RunResult r;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::string err = out + ".err";
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);

  double start = now_seconds();
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    r.failure = std::string("cannot start ") + argv[0] + ": " + std::strerror(rc);
    return r;
  }

  // SIGALRM has no SA_RESTART, so it interrupts wait4 with EINTR.
  g_timed_out = 0;
  alarm(timeout_seconds);
  int status = 0;
  rusage usage{};
  for (;;) {
    pid_t got = wait4(pid, &status, 0, &usage);
    if (got == pid) break;
    if (got < 0 && errno == EINTR) {
      if (g_timed_out) kill(pid, SIGKILL);
      continue;
    }
    r.failure = std::string("wait4: ") + std::strerror(errno);
    alarm(0);
    return r;
  }
  alarm(0);
  r.seconds = now_seconds() - start;
  r.max_rss_kb = usage.ru_maxrss;  // kilobytes on Linux
  auto tv = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6; };
  r.cpu_seconds = tv(usage.ru_utime) + tv(usage.ru_stime);

  if (g_timed_out) {
    r.failure = "timeout after " + std::to_string(timeout_seconds) + " s";
  } else if (WIFSIGNALED(status)) {
    r.failure = std::string("killed by signal ") + strsignal(WTERMSIG(status));
  } else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
    r.failure = "exit status " + std::to_string(WEXITSTATUS(status));
  }
  return r;
}

int usage_error() {
  std::fprintf(stderr, "usage: wallclock RUNS WARMUP TIMEOUT BUDGET OUT -- COMMAND [ARGS...]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 8 || std::strcmp(argv[6], "--") != 0) return usage_error();
  int runs = std::atoi(argv[1]);
  int warmup = std::atoi(argv[2]);
  int timeout = std::atoi(argv[3]);
  double budget = std::atof(argv[4]);
  std::string out = argv[5];
  char** command = argv + 7;
  if (runs < 1 || warmup < 0 || timeout < 1 || budget <= 0) return usage_error();

  struct sigaction sa{};
  sa.sa_handler = on_alarm;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;
  sigaction(SIGALRM, &sa, nullptr);

  std::vector<double> seconds;
  std::vector<double> cpu_seconds;
  std::vector<long> rss;
  double timed_total = 0;
  for (int i = 0; i < warmup + runs && timed_total < budget; ++i) {
    RunResult r = run_once(command, out, static_cast<unsigned>(timeout));
    if (!r.failure.empty()) {
      std::printf("failed %s\n", r.failure.c_str());
      return 1;
    }
    if (i < warmup) continue;
    seconds.push_back(r.seconds);
    timed_total += r.seconds;
    cpu_seconds.push_back(r.cpu_seconds);
    rss.push_back(r.max_rss_kb);
  }
  std::printf("median_seconds %.6f\n", median(seconds));
  std::printf("min_seconds %.6f\n", *std::min_element(seconds.begin(), seconds.end()));
  std::printf("median_cpu_seconds %.6f\n", median(cpu_seconds));
  std::printf("median_rss_kb %ld\n", median(rss));
  std::printf("runs %zu\n", seconds.size());
  return 0;
}
