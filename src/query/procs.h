// procs.h: Batuta code kept in the database: stored procedures (defproc,
// call-proc) and triggers (deftrigger, triggers.h).
//
// Each definition is a row of the catalog table "batuta$code" (kind
// "proc" or "trigger", name, the trigger's table and events, the
// namespace it was defined in, and its source: the printed
// `(fn name [params] body...)` form), so it survives in a `--db FILE`
// database. This process keeps the definitions in memory with their
// compiled functions: a definition made here is compiled by the compiler
// as usual; one read from the catalog (made by an earlier process) is
// compiled from its source, in its namespace, on first use. A function the
// source names must exist then (defined or required by the program), or
// the call fails naming it.
//
// Every access holds the store's lock (the registry belongs to the store
// that is open, and is forgotten when it closes: forget_stored_code).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/value.h"
#include "vm/fiber.h"

namespace batuta::query {

class Store;

enum class TriggerEvent : uint8_t { Insert = 1, Update = 2, Delete = 4 };

struct StoredCode {
  bool is_trigger = false;
  std::string name;
  std::string table;   // triggers: the table watched
  uint8_t events = 0;  // triggers: TriggerEvent bits
  std::string ns;      // the namespace the source is compiled in
  std::string source;  // (fn name [params] body...)
  std::string doc;     // procs: the docstring, or ""
  Value fn;            // compiled, or nil until first use
};

// The definitions of the open store, read from its catalog on first use.
// Pointers stay valid until the definition is replaced or dropped.
Result<StoredCode*> find_proc(Store& s, std::string_view name);
Result<std::vector<StoredCode*>> triggers_of(Store& s, std::string_view table);
Result<std::vector<StoredCode*>> all_stored_code(Store& s);

// Records a definition in the catalog and in memory (replacing one of the
// same kind and name); `code.fn` is its compiled function.
Result<bool> store_code(Store& s, StoredCode code);
// drop-proc! and drop-trigger!: removes the definition `name` names
// (outside any transaction); true when there was one.
Result<Value> drop_code(std::string_view op, bool is_trigger, const Value& name);

// The function of a definition, compiling its source on first use. `op`
// names the caller in errors ("call-proc").
Result<Value> compiled_fn(StoredCode& code, std::string_view op);

// defproc and deftrigger: stores `code` (its namespace: the current one)
// outside any transaction; returns its name as a keyword.
Result<Value> define_code(std::string_view op, StoredCode code);

// Forgets the definitions held in memory (Store::close).
void forget_stored_code();

}  // namespace batuta::query
