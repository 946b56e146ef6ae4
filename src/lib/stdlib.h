// stdlib.h: the library written in Batuta, embedded in the binary, and
// loading it when it is first needed.
//
// The .ba files are turned into C++ string constants at build time
// (cmake/embed_sources.cmake: BATUTA_STDLIB_SOURCES for this layer,
// BATUTA_ACTOR_SOURCES for the actor layer), so `batuta` never reads its
// library from an install path. Each file has a load trigger:
//   Boot       loaded when its table is registered (boot() registers
//              embedded_stdlib(), so batuta.core is always there)
//   Namespace  loaded on the first use of its namespace: require, a
//              qualified name (batuta.test/run-tests, set/union),
//              ns-publics. Its natives may populate the namespace before,
//              so "has vars" does not mean "loaded": the table keeps that.
//   Symbols    loaded on the first reference to a name it defines, or to
//              one of the extra names of its entry (defactor, call, sleep,
//              receive... load actor.ba)
// Start-up then compiles only batuta.core: a program pays for batuta.test
// or the actor library only when it uses them.
//
// The lazy triggers work through the compiler: a symbol that does not
// resolve is offered to this table (g_unresolved_symbol_hook,
// compile/compiler.h), which loads the file that defines it and lets the
// compiler look again. `resolve` (so `doc` and `source`) goes through the
// same lookup. A load holds one process-wide lock, so two threads never
// load the same file twice; a load that names its own file again (a forward
// reference) just fails to resolve, as it would in any file.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/object.h"  // Value's inline reference counting
#include "core/status.h"
#include "core/value.h"

namespace batuta {

enum class LoadTrigger : uint8_t { Boot, Namespace, Symbols };

struct EmbeddedSource {
  std::string_view ns;    // the namespace its forms start in, e.g. batuta.core
  std::string_view path;  // e.g. core.ba (traces say batuta/core.ba)
  std::string_view text;
  LoadTrigger trigger;
  // Symbols: the unqualified names whose first reference loads it.
  std::span<const std::string_view> symbols;
};

// This layer's files (generated), in load order.
std::span<const EmbeddedSource> embedded_stdlib();

// Adds a table of embedded files: its Boot entries are loaded now, in
// order, the others wait for their trigger. Registering a table again does
// nothing. Fails only when a Boot entry does not load (a bug), with
// "the embedded library batuta/x.ba does not load: <report>".
Result<bool> register_embedded_sources(std::span<const EmbeddedSource> table);

// Every embedded file of the namespace `name` (a symbol), loaded now if it
// was not: require and ns-publics see the whole namespace (batuta.test's
// deftest, batuta.core's defactor). True when `name` has embedded files,
// false when it has none. Fails as register does.
Result<bool> load_embedded_namespace(const Value& name);

// Whether the embedded file `path` (e.g. "test.ba") is registered and
// loaded, for tests of what start-up loads.
bool embedded_file_loaded(std::string_view path);

// The names of Symbols entries not loaded yet, so the REPL completes them.
std::vector<std::string_view> unloaded_embedded_names();

}  // namespace batuta
