// cli_compile.cpp: `batuta compile FILE [-o OUT] [--emit-cpp DIR|FILE] [--keep] [--native]`.
//
// The steps: read FILE; compile it as `batuta run` would, without running
// it (aot/program_protos.h), collecting its protos; generate two C++
// units, the native code of those protos (aot/codegen.h) and a main that
// embeds the source (aot/program_main.h); compile both with the C++
// compiler this build was made with (the toolchain recorded at configure
// time, cmake/aot_toolchain.cmake), in parallel, through ccache when it is
// installed; link them with libbatuta into OUT.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "aot/codegen.h"
#include "aot/program_main.h"
#include "aot/program_protos.h"
#include "aot/toolchain_config.h"
#include "cli/cli_common.h"
#include "cli/commands.h"

extern char** environ;

namespace batuta::cli {

namespace {

namespace fs = std::filesystem;

// How many lines of a failing compiler's stderr are shown.
constexpr int kCompilerErrorTailLines = 30;

// The two generated units, in the temporary directory and in --emit-cpp DIR.
constexpr const char* kMainUnit = "main.cpp";
constexpr const char* kNativeCodeUnit = "native_code.cpp";

bool write_text(const fs::path& path, const std::string& text, std::string& error) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  bool ok = f != nullptr && std::fwrite(text.data(), 1, text.size(), f) == text.size();
  if (f != nullptr && std::fclose(f) != 0) ok = false;
  if (!ok) error = "cannot write " + path.string() + ": " + std::strerror(errno);
  return ok;
}

bool is_executable(const std::string& path) { return !path.empty() && access(path.c_str(), X_OK) == 0; }

// The last `lines` lines of a file (a compiler's stderr).
std::string tail_of_file(const fs::path& path, int lines) {
  std::string text, ignored;
  if (!read_file_text(path.string(), text, ignored)) return "";
  while (!text.empty() && text.back() == '\n') text.pop_back();
  size_t start = text.size();
  for (int n = 0; n < lines; ++n) {
    const size_t nl = start == 0 ? std::string::npos : text.rfind('\n', start - 1);
    if (nl == std::string::npos) return text;
    start = nl;
  }
  return text.substr(start + 1);
}

// A child process of the compile: its command line and where its stderr goes.
struct Job {
  std::string what;  // "compiling main.cpp", "linking OUT": for errors
  std::vector<std::string> argv;
  fs::path stderr_path;
  pid_t pid = -1;
};

bool start_job(Job& job, std::string& error) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, job.stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  // The compiler's own stdout (rare) joins its stderr, not the user's stdout.
  posix_spawn_file_actions_adddup2(&actions, STDERR_FILENO, STDOUT_FILENO);
  std::vector<char*> args;
  for (std::string& a : job.argv) args.push_back(a.data());
  args.push_back(nullptr);
  const int rc = posix_spawn(&job.pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    error = "cannot run the C++ compiler " + job.argv[0] + ": " + std::strerror(rc);
    return false;
  }
  return true;
}

// Waits for a started job; on failure `error` says how it ended, then the
// tail of its stderr.
bool finish_job(Job& job, std::string& error) {
  int status = 0;
  while (waitpid(job.pid, &status, 0) < 0) {
    if (errno != EINTR) {
      error = std::string("waiting for the C++ compiler: ") + std::strerror(errno);
      return false;
    }
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return true;
  error = "the C++ compiler failed " + job.what + " (";
  error += WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status))
                             : "signal " + std::to_string(WTERMSIG(status));
  error += ")";
  const std::string tail = tail_of_file(job.stderr_path, kCompilerErrorTailLines);
  if (!tail.empty()) error += "\n" + tail;
  return false;
}

// The compiler to run and what goes before it: BATUTA_CXX when set (then
// without ccache), else the one this build used, through ccache if present.
bool pick_compiler(std::vector<std::string>& command, std::string& error) {
  const char* override_cxx = std::getenv("BATUTA_CXX");
  if (override_cxx != nullptr && *override_cxx != '\0') {
    if (!is_executable(override_cxx)) {
      error = std::string("no C++ compiler found: BATUTA_CXX is ") + override_cxx +
              ", which is not an executable file";
      return false;
    }
    command = {override_cxx};
    return true;
  }
  if (!is_executable(toolchain::kCompiler)) {
    error = std::string("no C++ compiler found: ") + toolchain::kCompiler +
            " (the compiler Batuta was built with) is not there; install it or set BATUTA_CXX";
    return false;
  }
  command.clear();
  if (is_executable(toolchain::kLauncher)) command.push_back(toolchain::kLauncher);
  command.push_back(toolchain::kCompiler);
  return true;
}

// The object file a unit of `dir` compiles to.
fs::path object_of(const fs::path& dir, const char* unit) { return (dir / unit).replace_extension(".o"); }

// Compiles the two units in `dir` to objects (in parallel) and links OUT.
// `native`: the native code unit is compiled for the CPU of this machine
// (-march=native: on x86-64, BMI2's three-operand shifts save the copies
// around the value tests), and the binary may then not run on an older
// one; by default it runs on any CPU of the architecture.
bool build_binary(const fs::path& dir, const std::string& out, bool native, std::string& error) {
  std::vector<std::string> compiler;
  if (!pick_compiler(compiler, error)) return false;
  const char* units[] = {kNativeCodeUnit, kMainUnit};
  std::vector<Job> jobs;
  for (const char* unit : units) {
    Job job;
    job.what = std::string("compiling ") + unit;
    job.argv = compiler;
    for (const char* flag : toolchain::kCompileFlags) job.argv.push_back(flag);
    if (native && unit == kNativeCodeUnit) job.argv.push_back("-march=native");
    job.argv.insert(job.argv.end(), {"-c", (dir / unit).string(), "-o", object_of(dir, unit).string()});
    job.stderr_path = dir / (std::string(unit) + ".stderr");
    jobs.push_back(std::move(job));
  }
  bool ok = true;
  size_t started = 0;
  for (Job& job : jobs) {
    if (!start_job(job, error)) {
      ok = false;
      break;
    }
    ++started;
  }
  for (size_t i = 0; i < started; ++i) {
    std::string job_error;
    if (!finish_job(jobs[i], job_error) && ok) {
      ok = false;
      error = job_error;
    }
  }
  if (!ok) return false;
  // The link: the compiler itself (ccache does not cache links).
  Job link;
  link.what = "linking " + out;
  link.argv = {compiler.back()};
  for (const char* unit : units) link.argv.push_back(object_of(dir, unit).string());
  for (const char* input : toolchain::kLinkInputs) link.argv.push_back(input);
  link.argv.insert(link.argv.end(), {"-o", out});
  link.stderr_path = dir / "link.stderr";
  return start_job(link, error) && finish_job(link, error);
}

// --emit-cpp PATH: a directory (existing, or named with a trailing /) gets
// the two units; any other path gets one file holding both, which compiles
// as a single unit.
bool emit_cpp(const std::string& path, const std::string& main_unit, const std::string& native_unit,
              std::string& error) {
  const bool is_dir = fs::is_directory(path) || (!path.empty() && path.back() == '/');
  if (!is_dir) return write_text(path, main_unit + "\n" + native_unit, error);
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec) {
    error = "cannot create " + path + ": " + ec.message();
    return false;
  }
  return write_text(fs::path(path) / kMainUnit, main_unit, error) &&
         write_text(fs::path(path) / kNativeCodeUnit, native_unit, error);
}

// A fresh private directory for the build.
bool make_temp_dir(fs::path& dir, std::string& error) {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/batuta-compile-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) {
    error = "cannot make a temporary directory " + pattern + ": " + std::strerror(errno);
    return false;
  }
  dir = pattern;
  return true;
}

// FILE without its .ba extension; empty when FILE does not end in .ba.
std::string default_compile_output(const std::string& path) {
  constexpr std::string_view kExtension = ".ba";
  if (path.size() <= kExtension.size() || path.compare(path.size() - kExtension.size(), kExtension.size(), kExtension) != 0)
    return "";
  return path.substr(0, path.size() - kExtension.size());
}

}  // namespace

int compile_file(const CompileOptions& options) {
  std::string text, error;
  if (!read_file_text(options.path, text, error)) {
    print_cli_error(error);
    return finish(kExitUsage);
  }
  const bool build = !options.output.empty() || options.emit_cpp.empty();
  std::string output = options.output;
  if (build && output.empty()) {
    output = default_compile_output(options.path);
    if (output.empty()) {
      print_cli_error("compile: " + options.path + " does not end in .ba, so there is no default output name; give -o OUT");
      return finish(kExitUsage);
    }
  }
  if (!boot_or_report()) return finish(kExitFailure);
  EvalError eval_error;
  auto protos = aot::compile_program_protos(text, options.path, &eval_error);
  if (!protos) {
    print_eval_error(eval_error);
    return finish(kExitFailure);
  }
  const std::vector<const Proto*> pointers = protos.value().pointers();
  const std::string native_unit = aot::generate_native_code(pointers);
  const std::string main_unit = aot::generate_program_main(text, options.path, protos.value().loaded_namespaces);
  if (!options.emit_cpp.empty() && !emit_cpp(options.emit_cpp, main_unit, native_unit, error)) {
    print_cli_error(error);
    return finish(kExitFailure);
  }
  if (!build) return finish(kExitOk);

  fs::path dir;
  if (!make_temp_dir(dir, error)) {
    print_cli_error(error);
    return finish(kExitFailure);
  }
  bool ok = write_text(dir / kMainUnit, main_unit, error) && write_text(dir / kNativeCodeUnit, native_unit, error) &&
            build_binary(dir, output, options.native, error);
  if (!ok) print_cli_error(error);
  if (options.keep) {
    std::fprintf(stderr, "batuta: the generated C++ and the objects are kept in %s\n", dir.c_str());
  } else {
    std::error_code ignored;
    fs::remove_all(dir, ignored);
  }
  return finish(ok ? kExitOk : kExitFailure);
}

}  // namespace batuta::cli
