// instant.cpp: see instant.h.
#include "core/instant.h"

#include <chrono>
#include <cstdio>
#include <new>

#include "core/equality.h"
#include "core/printer.h"

namespace batuta {

namespace {

constexpr int64_t kMicrosPerSecond = 1'000'000;
constexpr int64_t kMicrosPerDay = 86'400 * kMicrosPerSecond;

// Days since 1970-01-01 of a proleptic Gregorian date. Shifting the year to
// start in March puts the leap day last, so each 400-year era has the same
// shape and the day of the era is a closed formula.
int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t year_of_era = y - era * 400;
  const int64_t day_of_year = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

// The inverse of days_from_civil.
void civil_from_days(int64_t z, int64_t& y, int64_t& m, int64_t& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t day_of_era = z - era * 146097;
  const int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t mp = (5 * day_of_year + 2) / 153;
  d = day_of_year - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = year_of_era + era * 400 + (m <= 2 ? 1 : 0);
}

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0 && (a < 0) != (b < 0)) ? 1 : 0); }

bool leap_year(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int64_t y, int64_t m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap_year(y) ? 29 : kDays[m - 1];
}

// Reads exactly `n` decimal digits at text[i...], advancing i.
bool digits(std::string_view text, size_t& i, int n, int64_t& out) {
  if (i + static_cast<size_t>(n) > text.size()) return false;
  out = 0;
  for (int k = 0; k < n; ++k, ++i) {
    char c = text[i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  return true;
}

bool expect(std::string_view text, size_t& i, char c) {
  if (i >= text.size() || text[i] != c) return false;
  ++i;
  return true;
}

void instant_visit(Object*, ChildVisitor) {}

void instant_destroy(Object* o) {
  auto* t = static_cast<Instant*>(o);
  t->~Instant();
  free_bytes(t, sizeof(Instant));
}

bool instant_equals(const Object* a, const Value& b) {
  return is_instant(b) && static_cast<const Instant*>(a)->micros == instant_micros(b);
}

uint64_t instant_hash(const Object* o) {
  return mix_hash(static_cast<uint64_t>(static_cast<const Instant*>(o)->micros) ^ 0x696E7374616E74ull);  // "instant"
}

void instant_print(const Object* o, Printer& p) {
  p.write("#inst \"");
  p.write(format_instant(static_cast<const Instant*>(o)->micros));
  p.write('"');
}

int instant_compare(const Object* a, const Object* b) {
  int64_t x = static_cast<const Instant*>(a)->micros, y = static_cast<const Instant*>(b)->micros;
  return x < y ? -1 : (x > y ? 1 : 0);
}

}  // namespace

const KindOps kInstantOps = {instant_visit, instant_destroy, instant_equals, instant_hash, instant_print, instant_compare};

Value make_instant(int64_t micros_since_epoch) {
  void* mem = allocate_bytes(sizeof(Instant));
  return Value::adopt(new (mem) Instant(micros_since_epoch));
}

std::string format_instant(int64_t micros) {
  int64_t days = floor_div(micros, kMicrosPerDay);
  int64_t in_day = micros - days * kMicrosPerDay;
  int64_t y, m, d;
  civil_from_days(days, y, m, d);
  int64_t secs = in_day / kMicrosPerSecond;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld.%06lldZ", static_cast<long long>(y),
                static_cast<long long>(m), static_cast<long long>(d), static_cast<long long>(secs / 3600),
                static_cast<long long>(secs / 60 % 60), static_cast<long long>(secs % 60),
                static_cast<long long>(in_day % kMicrosPerSecond));
  return buf;
}

bool parse_instant(std::string_view text, int64_t& out) {
  size_t i = 0;
  int64_t y, mo, d, h = 0, mi = 0, s = 0, frac = 0;
  if (!digits(text, i, 4, y) || !expect(text, i, '-') || !digits(text, i, 2, mo) || !expect(text, i, '-') ||
      !digits(text, i, 2, d)) {
    return false;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo)) return false;
  int64_t offset_minutes = 0;
  if (i < text.size() && (text[i] == 'T' || text[i] == 't' || text[i] == ' ')) {
    ++i;
    if (!digits(text, i, 2, h) || !expect(text, i, ':') || !digits(text, i, 2, mi)) return false;
    if (i < text.size() && text[i] == ':') {
      ++i;
      if (!digits(text, i, 2, s)) return false;
      if (i < text.size() && text[i] == '.') {
        ++i;
        int n = 0;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
          if (n < 6) frac = frac * 10 + (text[i] - '0');
          ++n;
          ++i;
        }
        if (n == 0) return false;
        for (; n < 6; ++n) frac *= 10;
      }
    }
    if (h > 23 || mi > 59 || s > 59) return false;
    if (i < text.size() && (text[i] == 'Z' || text[i] == 'z')) {
      ++i;
    } else if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
      int sign = text[i] == '-' ? -1 : 1;
      ++i;
      int64_t oh, om;
      if (!digits(text, i, 2, oh) || !expect(text, i, ':') || !digits(text, i, 2, om) || oh > 23 || om > 59) {
        return false;
      }
      offset_minutes = sign * (oh * 60 + om);
    }
  }
  if (i != text.size()) return false;
  int64_t seconds = days_from_civil(y, mo, d) * 86'400 + h * 3600 + mi * 60 + s - offset_minutes * 60;
  out = seconds * kMicrosPerSecond + frac;
  return true;
}

int64_t now_micros() {
  auto t = std::chrono::system_clock::now().time_since_epoch();
  return std::chrono::duration_cast<std::chrono::microseconds>(t).count();
}

}  // namespace batuta
