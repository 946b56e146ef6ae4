// duckdb_api.cpp: see duckdb_api.h.
#include "query/duckdb_api.h"

#include <dlfcn.h>

#include <cstdlib>
#include <string>
#include <vector>

namespace batuta::query {

DuckDbApi g_duckdb_api;

namespace {

struct LoadOutcome {
  bool ok = false;
  std::string error;
};

LoadOutcome load_once() {
  std::vector<std::string> candidates;
  if (const char* env = std::getenv("BATUTA_DUCKDB_LIBRARY"); env != nullptr && *env != '\0') candidates.push_back(env);
#ifdef BATUTA_DUCKDB_LIBRARY_PATH
  candidates.push_back(BATUTA_DUCKDB_LIBRARY_PATH);
#endif
  candidates.push_back("libduckdb.so");
  void* handle = nullptr;
  std::string tried;
  for (const std::string& path : candidates) {
    handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle != nullptr) break;
    const char* why = dlerror();
    tried += "\n  " + path + ": " + (why != nullptr ? why : "not found");
  }
  if (handle == nullptr) return {false, "cannot load DuckDB, which the store needs; tried:" + tried};
  // The handle is kept for the process's life: the store lives as long.
#define BATUTA_DUCKDB_FUNCTION(name)                                                        \
  g_duckdb_api.name = reinterpret_cast<decltype(&::name)>(dlsym(handle, #name));            \
  if (g_duckdb_api.name == nullptr) return {false, "the DuckDB library lacks " #name " (a different version?)"};
#include "query/duckdb_functions.def"
#undef BATUTA_DUCKDB_FUNCTION
  return {true, ""};
}

const LoadOutcome& outcome() {
  static const LoadOutcome loaded = load_once();  // C++ makes this initialisation thread-safe
  return loaded;
}

}  // namespace

Result<bool> load_duckdb() {
  const LoadOutcome& o = outcome();
  if (!o.ok) return make_error(ErrorKind::IllegalState, o.error);
  return true;
}

bool duckdb_loaded() { return outcome().ok; }

}  // namespace batuta::query
