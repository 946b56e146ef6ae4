// stdlib.cpp: the table of embedded Batuta files and their loading (see
// stdlib.h).
#include "lib/stdlib.h"

#include <atomic>
#include <memory>
#include <string>

#include "compile/compiler.h"
#include "core/name.h"
#include "core/platform.h"
#include "lib/eval.h"
#include "lib/runtime.h"
#include "read/reader.h"
#include "read/source_map.h"
#include "vm/var.h"

namespace batuta {

namespace {

enum class LoadState : uint8_t { Pending, Loading, Loaded, Failed };

struct Library {
  const EmbeddedSource* source;
  std::atomic<LoadState> state{LoadState::Pending};
  std::string failure;              // set once, under the load lock, when Failed
  std::vector<const Name*> names;  // Symbols: the interned names that load it
};

struct Registry {
  Mutex lock;  // guards tables and libraries (not their state), held briefly
  std::vector<const EmbeddedSource*> tables;
  std::vector<std::unique_ptr<Library>> libraries;
  // Lazy libraries not loaded yet: while zero, an unresolved symbol costs
  // one atomic load here.
  std::atomic<int> pending{0};
  // Held for the whole of a load, so a library is loaded by one thread
  // once; a load on this thread that triggers another runs inside it.
  Mutex load_lock;
};

Registry& registry() {
  static Registry* r = new Registry();  // never destroyed: vars keep the loaded code
  return *r;
}

BATUTA_THREAD_LOCAL bool t_loading = false;  // this thread holds load_lock

// Reads and evaluates every form of the file in its namespace. The
// thread's current namespace and file are restored afterwards: a lazy load
// happens in the middle of compiling someone else's form.
Result<bool> evaluate(const EmbeddedSource& src) {
  std::string file = "batuta/" + std::string(src.path);
  Namespace* saved_ns = current_namespace_of_thread();
  std::string saved_file = current_file();
  set_current_file(file);
  Namespace* ns = find_or_create_namespace(symbol(src.ns));
  SourceMap map;
  Reader reader(src.text, file, map, src.ns);
  std::string failure;
  for (;;) {
    Value form;
    auto more = reader.read(form);
    if (!more) {
      failure = more.error().message;
      break;
    }
    if (!more.value()) break;
    EvalError error;
    if (!eval_form_in(ns, form, &map, file, reader.last_position(), &error)) {
      failure = error.report;
      break;
    }
  }
  set_current_namespace(saved_ns);
  set_current_file(saved_file);
  if (failure.empty()) return true;
  return make_error(ErrorKind::IllegalState, "the embedded library " + file + " does not load: " + failure);
}

// Loads lib unless it is loaded or being loaded by this thread; true when
// this call loaded it.
Result<bool> ensure_loaded(Library& lib) {
  if (lib.state.load(std::memory_order_acquire) == LoadState::Loaded) return false;
  Registry& r = registry();
  const bool outermost = !t_loading;
  if (outermost) r.load_lock.lock();
  t_loading = true;
  Result<bool> result = false;
  switch (lib.state.load(std::memory_order_acquire)) {
    case LoadState::Loaded:
    case LoadState::Loading:  // its own forms name it before defining the name
      break;
    case LoadState::Failed:
      result = make_error(ErrorKind::IllegalState, lib.failure);
      break;
    case LoadState::Pending: {
      lib.state.store(LoadState::Loading, std::memory_order_relaxed);
      Result<bool> loaded = evaluate(*lib.source);
      if (loaded) {
        lib.state.store(LoadState::Loaded, std::memory_order_release);
        result = true;
      } else {
        lib.failure = loaded.error().message;
        lib.state.store(LoadState::Failed, std::memory_order_release);
        result = loaded.take_error();
      }
      if (lib.source->trigger != LoadTrigger::Boot) r.pending.fetch_sub(1, std::memory_order_acq_rel);
      break;
    }
  }
  if (outermost) {
    t_loading = false;
    r.load_lock.unlock();
  }
  return result;
}

Library* find_namespace_library(std::string_view ns) {
  Registry& r = registry();
  LockGuard guard(r.lock);
  for (auto& lib : r.libraries) {
    if (lib->source->trigger == LoadTrigger::Namespace && lib->source->ns == ns) return lib.get();
  }
  return nullptr;
}

Library* find_pending_symbol_library(const Name* name) {
  Registry& r = registry();
  LockGuard guard(r.lock);
  for (auto& lib : r.libraries) {
    if (lib->source->trigger != LoadTrigger::Symbols || lib->state.load(std::memory_order_acquire) != LoadState::Pending) {
      continue;
    }
    for (const Name* n : lib->names) {
      if (n == name) return lib.get();
    }
  }
  return nullptr;
}

// g_unresolved_symbol_hook: `alias/name` or `ns/name` of a Namespace
// library, or a name (bare or batuta.core/) of a Symbols library.
bool load_for_symbol(Namespace* ns, const Value& sym) {
  if (registry().pending.load(std::memory_order_acquire) == 0) return false;
  const Name* n = sym.as_name();
  Library* lib = nullptr;
  if (n->has_namespace()) {
    Value ns_sym = symbol(n->ns());
    Namespace* target = find_alias(ns, ns_sym);
    std::string_view target_name = target != nullptr ? name_text(target->name) : n->ns();
    lib = find_namespace_library(target_name);
    if (lib == nullptr && target_name == "batuta.core") lib = find_pending_symbol_library(symbol(n->name()).as_name());
  } else {
    lib = find_pending_symbol_library(n);
  }
  if (lib == nullptr) return false;
  // A library that fails to load is a bug of the build; the symbol then
  // stays unresolved, and require of its namespace reports why.
  Result<bool> loaded = ensure_loaded(*lib);
  return loaded.ok() && loaded.value();
}

}  // namespace

Result<bool> register_embedded_sources(std::span<const EmbeddedSource> table) {
  Registry& r = registry();
  std::vector<Library*> boot;
  {
    LockGuard guard(r.lock);
    for (const EmbeddedSource* t : r.tables) {
      if (t == table.data()) return true;
    }
    r.tables.push_back(table.data());
    for (const EmbeddedSource& src : table) {
      auto lib = std::make_unique<Library>();
      lib->source = &src;
      for (std::string_view name : src.symbols) lib->names.push_back(symbol(name).as_name());
      if (src.trigger == LoadTrigger::Boot) {
        boot.push_back(lib.get());
      } else {
        r.pending.fetch_add(1, std::memory_order_acq_rel);
      }
      r.libraries.push_back(std::move(lib));
    }
  }
  g_unresolved_symbol_hook = &load_for_symbol;
  for (Library* lib : boot) {
    auto loaded = ensure_loaded(*lib);
    if (!loaded) return loaded.take_error();
  }
  return true;
}

Result<bool> load_embedded_namespace(const Value& name) {
  if (!name.is_symbol()) return false;
  std::vector<Library*> libraries;
  {
    Registry& r = registry();
    LockGuard guard(r.lock);
    for (auto& lib : r.libraries) {
      if (lib->source->ns == name_text(name)) libraries.push_back(lib.get());
    }
  }
  for (Library* lib : libraries) {
    auto loaded = ensure_loaded(*lib);
    if (!loaded) return loaded.take_error();
  }
  return !libraries.empty();
}

bool embedded_file_loaded(std::string_view path) {
  Registry& r = registry();
  LockGuard guard(r.lock);
  for (auto& lib : r.libraries) {
    if (lib->source->path == path) return lib->state.load(std::memory_order_acquire) == LoadState::Loaded;
  }
  return false;
}

std::vector<std::string_view> unloaded_embedded_names() {
  Registry& r = registry();
  LockGuard guard(r.lock);
  std::vector<std::string_view> out;
  for (auto& lib : r.libraries) {
    if (lib->source->trigger != LoadTrigger::Symbols || lib->state.load(std::memory_order_acquire) == LoadState::Loaded) {
      continue;
    }
    out.insert(out.end(), lib->source->symbols.begin(), lib->source->symbols.end());
  }
  return out;
}

}  // namespace batuta
