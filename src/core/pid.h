// pid.h: process identifiers, the values that name actors.
//
// A Pid prints as `#actor<node.id.serial>` and is equal to another Pid with
// the same three numbers (Erlang's pid). Core knows nothing of actors: a Pid
// carries an opaque pointer to the actor layer's control block, which the
// Pid keeps alive through the `retain`/`release` pair the actor layer gives
// it (PidTargetOps). So a Pid held after its actor died still points at a
// valid, dead control block: a send to it is dropped, never a crash.
//
// Pids are made shared (atomic count) from the start: they exist to be
// sent to other actors.
#pragma once

#include <cstdint>

#include "core/object.h"

namespace batuta {

// How a Pid keeps its target alive. The functions must be thread-safe.
struct PidTargetOps {
  void (*retain)(void* target);
  void (*release)(void* target);
};

struct Pid : Object {
  uint32_t node;    // 0 for the local node
  uint64_t id;      // unique per node
  uint64_t serial;  // Erlang's serial: 0 until ids wrap
  void* target;     // the actor layer's control block (retained)
  const PidTargetOps* target_ops;
  Pid() : Object(Kind::Pid, -1) {}
};

inline bool is_pid(const Value& v) { return is_kind(v, Kind::Pid); }
inline const Pid* as_pid(const Value& v) { return object_as<const Pid>(v); }

// A new shared Pid for `target`, which it retains through `ops`.
Value make_pid(uint32_t node, uint64_t id, uint64_t serial, void* target, const PidTargetOps* ops);

}  // namespace batuta
