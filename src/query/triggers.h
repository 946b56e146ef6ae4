// triggers.h: triggers (deftrigger): Batuta functions the store runs after
// each insert!, append!, upsert!, update! or delete! on a table, inside the
// write's own transaction. A trigger receives one map describing the write:
//   {:table :inventory :event :update :rows [...] :old [...]}
// :rows are the rows written (insert: as given; update: the new versions;
// delete: the rows deleted), :old (update only) the versions they replaced,
// in the same order. A trigger may read and write the store (its writes
// join the transaction); an error or panic in it aborts the whole write,
// so nothing of it is stored, and the write fails with the trigger's
// message. Triggers are stored code (procs.h): they survive in a database
// file and are compiled from their source on first use in a new process.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/value.h"
#include "query/procs.h"
#include "vm/fiber.h"

namespace batuta::query {

class Store;
struct TableInfo;

// Whether some trigger watches `event` on `table` (after the first call
// per store, an in-memory lookup).
Result<bool> has_triggers(Store& s, std::string_view table, TriggerEvent event);

// Runs the triggers watching `event` on `table`, in definition order, with
// the map above. The caller holds the store and its transaction.
Result<bool> fire_triggers(VmContext& ctx, Store& s, std::string_view table, TriggerEvent event, const Value& rows,
                           const Value& old);

// The rows of the table that `where` (SQL over its columns, with bound
// `params`) matches, as maps with keyword keys: a vector.
Result<Value> rows_where(Store& s, const TableInfo& info, const std::string& where, const std::vector<Value>& params);

// Each row of `rows` with the entries of the map `changes` put in.
Value with_changes(const Value& rows, const Value& changes);

}  // namespace batuta::query
