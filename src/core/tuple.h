// tuple.h: tagged tuples, `{:compute 1 2}`.
//
// A brace form with an odd number of elements reads as a tuple (LANGUAGE.md),
// so messages and the patterns written for them agree. A tuple is a fixed
// array of Values; it compares structurally with other tuples only, and
// orders by size, then element by element (Erlang's tuple order).
#pragma once

#include <atomic>
#include <cstddef>
#include <initializer_list>
#include <span>

#include "core/object.h"
#include "core/status.h"

namespace batuta {

struct Tuple : Object {
  uint32_t size;
  // 0: not computed. Racing threads compute the same bits: relaxed is enough.
  mutable std::atomic<uint64_t> cached_hash;
  Value items[1];                // `size` Values follow (at least 1 slot allocated)

  std::span<const Value> elements() const { return {items, size}; }
};

Value make_tuple(std::span<const Value> elements);
Value make_tuple(std::initializer_list<Value> elements);
inline bool is_tuple(const Value& v) { return is_kind(v, Kind::Tuple); }
inline const Tuple* as_tuple(const Value& v) { return object_as<const Tuple>(v); }
Result<Value> tuple_nth(const Value& t, int64_t i);

}  // namespace batuta
