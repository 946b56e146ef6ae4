// instant.h: instants, points in time with microsecond precision.
//
// An Instant is a count of microseconds since 1970-01-01T00:00:00Z (UTC,
// no leap seconds: the POSIX time line), which is exactly what a database
// TIMESTAMP holds, so instants cross to the store and back without loss.
// It prints, readably and humanly, as `#inst "2026-11-23T10:00:00.000000Z"`
// (always six fraction digits and `Z`), which the reader reads back.
// Instants equal and hash by their count and order chronologically within
// compare()'s "other kinds" rank.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/object.h"

namespace batuta {

struct Instant : Object {
  int64_t micros;  // since the Unix epoch, UTC
  explicit Instant(int64_t us) : Object(Kind::Instant), micros(us) {}
};

Value make_instant(int64_t micros_since_epoch);
inline bool is_instant(const Value& v) { return is_kind(v, Kind::Instant); }
inline int64_t instant_micros(const Value& v) { return object_as<const Instant>(v)->micros; }

// "2026-11-23T10:00:00.000000Z".
std::string format_instant(int64_t micros_since_epoch);

// RFC 3339 text: `YYYY-MM-DD`, optionally `THH:MM[:SS[.fraction]]` and a
// zone `Z` or `+HH:MM`/`-HH:MM` (no zone means UTC). Fractions beyond
// microseconds are truncated. False for anything else, out-of-range
// fields included (month 13, February 30).
bool parse_instant(std::string_view text, int64_t& micros_since_epoch);

// The current wall-clock time (platform clock, microseconds).
int64_t now_micros();

}  // namespace batuta
