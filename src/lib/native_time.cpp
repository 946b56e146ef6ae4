// native_time.cpp: instants and durations (the time section of natives.def).
//
// Instants (core/instant.h) count microseconds since the Unix epoch, UTC.
// Durations are plain numbers of milliseconds, as Erlang's timer:seconds/1
// returns them and as every Batuta timeout takes them, so
// `(receive-timeout (seconds 5) ...)` and `(inst-plus t (minutes 5))` read
// alike. `<`, `>`, `<=`, `>=` order instants (native_numbers.cpp and the
// VM's comparison slow path); `=` and `compare` already do (core).
#include <cmath>
#include <string>

#include "core/instant.h"
#include "core/number.h"
#include "core/printer.h"
#include "core/string.h"
#include "lib/native_util.h"
#include "lib/natives.h"

namespace batuta {

namespace {

constexpr int64_t kMicrosPerMilli = 1'000;
constexpr int64_t kMicrosPerMinute = 60'000'000;

Result<int64_t> instant_arg(VmContext& ctx, const Value& t) {
  if (!is_instant(t)) return lib::expected(lib::op_name(ctx), "an instant", t);
  return instant_micros(t);
}

// n (any real number) times `unit` microseconds, rounded toward zero to a
// whole microsecond; an error when the result leaves the instant range.
Result<int64_t> micros_of(VmContext& ctx, const Value& n, int64_t unit) {
  if (!is_number(n)) return lib::expected(lib::op_name(ctx), "a number", n);
  if (n.is_fixnum()) {
    int64_t out;
    if (!__builtin_mul_overflow(n.as_fixnum(), unit, &out)) return out;
  }
  auto d = to_double(n, lib::op_name(ctx));
  if (!d) return d.take_error();
  double us = std::trunc(d.value() * static_cast<double>(unit));
  // 2^62 microseconds is about 146,000 years: far beyond any calendar date.
  if (!(std::fabs(us) < 4.6e18)) {
    return make_error(ErrorKind::InvalidArgument,
                      std::string(lib::op_name(ctx)) + ": duration out of range: " + pr_str_abbreviated(n));
  }
  return static_cast<int64_t>(us);
}

Result<Value> shifted(VmContext& ctx, int64_t base, const Value& n, int64_t unit, int sign) {
  auto delta = micros_of(ctx, n, unit);
  if (!delta) return delta.take_error();
  int64_t out;
  bool overflow = sign < 0 ? __builtin_sub_overflow(base, delta.value(), &out)
                           : __builtin_add_overflow(base, delta.value(), &out);
  if (overflow) {
    return make_error(ErrorKind::InvalidArgument, std::string(lib::op_name(ctx)) + ": instant out of range");
  }
  return make_instant(out);
}

Result<Value> shifted_from(VmContext& ctx, const Value& t, const Value& n, int64_t unit, int sign) {
  auto base = instant_arg(ctx, t);
  if (!base) return base.take_error();
  return shifted(ctx, base.value(), n, unit, sign);
}

// A duration in milliseconds: n * factor, exact for integers and ratios.
Result<Value> duration(VmContext& ctx, const Value& n, int64_t factor) {
  if (!is_number(n)) return lib::expected(lib::op_name(ctx), "a number", n);
  return multiply(n, Value::fixnum(factor));
}

}  // namespace

Result<Value> n_now(VmContext&, std::span<const Value>) { return make_instant(now_micros()); }

Result<Value> n_inst(VmContext& ctx, std::span<const Value> args) {
  const Value& x = args[0];
  if (is_instant(x)) return x;
  if (is_integer(x)) {
    // Microseconds of today's dates exceed a fixnum (2^49): big integers too.
    auto us = to_int64(x, "inst");
    if (!us) return us.take_error();
    return make_instant(us.value());
  }
  if (is_string(x)) {
    int64_t us;
    if (parse_instant(string_view_of(x), us)) return make_instant(us);
    return make_error(ErrorKind::InvalidArgument, "inst: not an RFC 3339 instant: " + pr_str_abbreviated(x));
  }
  return lib::expected(lib::op_name(ctx), "a string or microseconds since the epoch", x);
}

Result<Value> n_inst_p(VmContext&, std::span<const Value> args) { return Value::boolean(is_instant(args[0])); }

Result<Value> n_inst_ms(VmContext& ctx, std::span<const Value> args) {
  auto us = instant_arg(ctx, args[0]);
  if (!us) return us.take_error();
  int64_t v = us.value();
  // Floor division: an instant before the epoch rounds down too.
  int64_t ms = v / kMicrosPerMilli - ((v % kMicrosPerMilli) < 0 ? 1 : 0);
  return make_integer(ms);
}

Result<Value> n_inst_micros(VmContext& ctx, std::span<const Value> args) {
  auto us = instant_arg(ctx, args[0]);
  if (!us) return us.take_error();
  return make_integer(us.value());
}

Result<Value> n_inst_plus(VmContext& ctx, std::span<const Value> args) {
  return shifted_from(ctx, args[0], args[1], kMicrosPerMilli, 1);
}

Result<Value> n_inst_diff(VmContext& ctx, std::span<const Value> args) {
  auto a = instant_arg(ctx, args[0]);
  if (!a) return a.take_error();
  auto b = instant_arg(ctx, args[1]);
  if (!b) return b.take_error();
  // Both fit in 63 bits and differ by less than 2^63 in any real use; a
  // difference that overflows is computed exactly as a big integer.
  auto micros = subtract(make_integer(a.value()), make_integer(b.value()));
  if (!micros) return micros;
  return divide(micros.value(), Value::fixnum(kMicrosPerMilli));
}

Result<Value> n_days_ago(VmContext& ctx, std::span<const Value> args) {
  return shifted(ctx, now_micros(), args[0], 1440 * kMicrosPerMinute, -1);
}
Result<Value> n_hours_ago(VmContext& ctx, std::span<const Value> args) {
  return shifted(ctx, now_micros(), args[0], 60 * kMicrosPerMinute, -1);
}
Result<Value> n_minutes_ago(VmContext& ctx, std::span<const Value> args) {
  return shifted(ctx, now_micros(), args[0], kMicrosPerMinute, -1);
}
Result<Value> n_minutes_before(VmContext& ctx, std::span<const Value> args) {
  return shifted_from(ctx, args[0], args[1], kMicrosPerMinute, -1);
}
Result<Value> n_minutes_after(VmContext& ctx, std::span<const Value> args) {
  return shifted_from(ctx, args[0], args[1], kMicrosPerMinute, 1);
}

Result<Value> n_millis(VmContext& ctx, std::span<const Value> args) { return duration(ctx, args[0], 1); }
Result<Value> n_seconds(VmContext& ctx, std::span<const Value> args) { return duration(ctx, args[0], 1'000); }
Result<Value> n_minutes(VmContext& ctx, std::span<const Value> args) { return duration(ctx, args[0], 60'000); }
Result<Value> n_hours(VmContext& ctx, std::span<const Value> args) { return duration(ctx, args[0], 3'600'000); }
Result<Value> n_days(VmContext& ctx, std::span<const Value> args) { return duration(ctx, args[0], 86'400'000); }

}  // namespace batuta
