// eval.cpp: see eval.h.
#include "lib/eval.h"

#include <cstdio>

#include "compile/compiler.h"
#include "core/list.h"
#include "core/name.h"
#include "core/platform.h"
#include "core/printer.h"
#include "core/string.h"
#include "lib/natives.h"
#include "lib/runtime.h"
#include "lib/stdlib.h"
#include "read/profile.h"
#include "read/reader.h"
#include "read/source_map.h"
#include "vm/fiber.h"
#include "vm/var.h"

namespace batuta {

namespace {

Var* core_var(std::string_view name) { return intern_var(core_namespace(), symbol(name)); }

// Runs one compiled top-level form.
Result<Value> run_toplevel(const Value& closure, EvalError* error) {
  Fiber fiber(closure, {});
  run(fiber);
  // A form waiting in receive (the main program is an actor): the actor
  // layer, when installed, runs the other actors until it can go on.
  if (fiber.status() == FiberStatus::Suspended && g_drive_suspended_fiber != nullptr) {
    g_drive_suspended_fiber(fiber);
  }
  switch (fiber.status()) {
    case FiberStatus::Done:
      return fiber.result();
    case FiberStatus::Error: {
      const FiberError& fe = fiber.error();
      if (error != nullptr) *error = EvalError{EvalError::Phase::Run, fe.error.kind, "panic: " + fe.to_string()};
      return fe.error;
    }
    case FiberStatus::Suspended:
    case FiberStatus::Ready:
      break;
  }
  Error e = make_error(ErrorKind::IllegalState,
                       "the program suspended (receive, call, sleep...) where nothing can resume it");
  if (error != nullptr) *error = EvalError{EvalError::Phase::Run, e.kind, "panic: " + e.message};
  return e;
}

}  // namespace

Result<Value> eval_form_in(Namespace*& ns, const Value& form, const SourceMap* map, const std::string& file,
                           SourcePos pos, EvalError* error, ToplevelObserver* observer) {
  CompileEnv env{ns, const_cast<SourceMap*>(map), file, pos};
  // A top-level do runs form by form, so a macro it defines is usable by
  // the forms after it. Anything else is compiled from the expansion made
  // here, which the compiler would otherwise compute again (expanding
  // core.ba twice cost 7% of start-up).
  std::vector<Value> parts;
  Value expansion;
  auto split = split_toplevel_do(form, env, parts, &expansion);
  if (!split) {
    if (error != nullptr) *error = EvalError{EvalError::Phase::Compile, split.error().kind, split.error().message};
    return split.take_error();
  }
  if (split.value()) {
    Value last;
    for (const Value& part : parts) {
      const SourcePos* p = map != nullptr ? map->position_of(part) : nullptr;
      auto r = eval_form_in(ns, part, map, file, p != nullptr ? *p : pos, error, observer);
      if (!r) return r;
      last = std::move(r.value());
    }
    return last;
  }
  auto closure = compile_toplevel(expansion, env);
  if (!closure) {
    if (error != nullptr) *error = EvalError{EvalError::Phase::Compile, closure.error().kind, closure.error().message};
    return closure.take_error();
  }
  if (observer != nullptr && !observer->before_run(expansion, closure.value())) return Value();
  set_current_namespace(ns);
  auto result = run_toplevel(closure.value(), error);
  // in-ns (or ns) may have changed the current namespace.
  ns = current_namespace_of_thread();
  return result;
}

namespace {

// The observer of the Session evaluating on this thread, for the files
// require loads (ToplevelObserver).
thread_local ToplevelObserver* t_load_observer = nullptr;

// Sets t_load_observer for a Session's evaluation with an observer; an
// evaluation without one (eval, load-string inside a running program)
// keeps the one around it.
class LoadObserverScope {
 public:
  explicit LoadObserverScope(ToplevelObserver* observer) : saved_(t_load_observer) {
    if (observer != nullptr) t_load_observer = observer;
  }
  ~LoadObserverScope() { t_load_observer = saved_; }

 private:
  ToplevelObserver* saved_;
};

}  // namespace

ToplevelObserver* current_load_observer() { return t_load_observer; }

namespace {

struct BootState {
  Mutex lock;
  bool done = false;
  bool ok = false;
  std::string failure;
};

BootState& boot_state() {
  static BootState* s = new BootState();  // never destroyed: boot is once per process
  return *s;
}

}  // namespace

Result<bool> boot() {
  BootState& s = boot_state();
  LockGuard guard(s.lock);
  if (s.done) {
    if (s.ok) return true;
    return make_error(ErrorKind::IllegalState, s.failure);
  }
  s.done = true;
  install_natives();
  install_runtime_natives();
  // The library written in Batuta, embedded at build time: batuta.core now,
  // the rest when a program first uses it (stdlib.h).
  auto loaded = register_embedded_sources(embedded_stdlib());
  if (!loaded) {
    s.failure = loaded.error().message;
    return make_error(ErrorKind::IllegalState, s.failure);
  }
  s.ok = true;
  return true;
}

Session::Session() : ns_(user_namespace()) {}

Session::~Session() = default;

Namespace* Session::current_namespace() const { return ns_; }

std::string Session::current_namespace_name() const { return std::string(name_text(ns_->name)); }

Result<Value> Session::eval_source(std::string_view source, std::string_view file, EvalError* error,
                                   ToplevelObserver* observer) {
  SourceMap map;
  std::string file_name(file);
  LoadObserverScope load_observer(observer);
  ProgramReader reader(source, file_name, map, name_text(ns_->name), profile_);
  Value last;
  for (;;) {
    Value form;
    auto more = reader.read(form);
    if (!more) {
      if (error != nullptr) {
        const ReadError* re = reader.last_error();
        *error = EvalError{EvalError::Phase::Read, more.error().kind, more.error().message,
                           re != nullptr && reader.incomplete()};
      }
      return more.take_error();
    }
    if (!more.value()) break;
    auto r = eval_form_in(ns_, form, &map, file_name, reader.last_position(), error, observer);
    if (!r) return r;
    last = std::move(r.value());
    reader.set_namespace(name_text(ns_->name));
  }
  return last;
}

Result<Value> Session::eval_file(const std::string& path, EvalError* error, ToplevelObserver* observer) {
  std::string text;
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    Error e = make_error(ErrorKind::InvalidArgument, "cannot read " + path);
    if (error != nullptr) *error = EvalError{EvalError::Phase::Read, e.kind, e.message};
    return e;
  }
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
  std::fclose(f);
  return eval_program(text, path, error, observer);
}

Result<Value> Session::eval_program(std::string_view text, const std::string& path, EvalError* error,
                                    ToplevelObserver* observer) {
  set_current_file(path);
  return eval_source(text, path, error, observer);
}

Result<Value> Session::eval_repl_input(std::string_view source, EvalError* error) {
  EvalError local;
  EvalError* err = error != nullptr ? error : &local;
  auto r = eval_source(source, "<repl>", err);
  if (r) {
    Var* v1 = core_var("*1");
    Var* v2 = core_var("*2");
    Var* v3 = core_var("*3");
    Value old1, old2;
    var_get(v1, old1);
    var_get(v2, old2);
    var_set(v3, old2);
    var_set(v2, old1);
    var_set(v1, r.value());
  } else if (!err->incomplete) {
    var_set(core_var("*e"), make_string_from_utf8(err->report));
  }
  return r;
}

void Session::set_command_line_args(const std::vector<std::string>& args) {
  std::vector<Value> items;
  for (const std::string& a : args) {
    auto s = make_string(a);
    items.push_back(s ? s.value() : make_string_from_utf8("?"));
  }
  var_set(core_var("*command-line-args*"), items.empty() ? Value() : list_from(items));
}

std::vector<std::string> Session::completions(std::string_view prefix) const {
  return completions_in(ns_, prefix);
}

}  // namespace batuta
