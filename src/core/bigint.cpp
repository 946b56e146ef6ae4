// bigint.cpp: the BigInt kind (integers outside the fixnum range), the
// conversions between BigInteger and Values or doubles, and integer parsing.
// See number_internal.h for the invariants.
#include <bit>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <string>

#include <boost/throw_exception.hpp>

#include "core/equality.h"
#include "core/number_internal.h"
#include "core/printer.h"

// The library is built without exceptions (BOOST_NO_EXCEPTIONS), so Boost
// calls these instead of throwing. Every cpp_int operation that could throw
// (division by zero, bit queries on zero or negatives, string parsing) is
// guarded by its caller, so reaching here is a bug in the runtime.
namespace boost {
void throw_exception(std::exception const& e) {
  std::fprintf(stderr, "batuta: internal error: Boost raised: %s\n", e.what());
  std::abort();
}
void throw_exception(std::exception const& e, boost::source_location const& loc) {
  std::fprintf(stderr, "batuta: internal error: Boost raised: %s (%s:%u)\n", e.what(), loc.file_name(),
               static_cast<unsigned>(loc.line()));
  std::abort();
}
}  // namespace boost

namespace batuta {

namespace {

using boost::multiprecision::limb_type;
constexpr unsigned kLimbBits = sizeof(limb_type) * 8;  // 64 natively, 32 on wasm32

// The magnitude's limbs, least significant first. cpp_int keeps them
// normalised (no high zero limbs; zero is one zero limb), which makes the
// limb sequence a canonical encoding of the magnitude.
struct Magnitude {
  const limb_type* limbs;
  unsigned size;
  explicit Magnitude(const BigInteger& x) : limbs(x.backend().limbs()), size(x.backend().size()) {}

  unsigned bit_length() const {
    limb_type top = limbs[size - 1];
    if (top == 0) return 0;  // only zero has a zero top limb
    return (size - 1) * kLimbBits + (kLimbBits - std::countl_zero(top));
  }
  // Bits [offset, offset + 64) of the magnitude, as one word.
  uint64_t bits_at(unsigned offset) const {
    uint64_t r = 0;
    unsigned k = 0;
    while (k < 64) {
      unsigned pos = offset + k;
      unsigned li = pos / kLimbBits;
      if (li >= size) break;
      unsigned bi = pos % kLimbBits;
      r |= static_cast<uint64_t>(limbs[li] >> bi) << k;
      k += kLimbBits - bi;
    }
    return r;
  }
  // Whether any bit below `offset` is set.
  bool any_below(unsigned offset) const {
    unsigned whole = offset / kLimbBits;
    for (unsigned i = 0; i < whole && i < size; ++i)
      if (limbs[i] != 0) return true;
    unsigned rest = offset % kLimbBits;
    if (rest == 0 || whole >= size) return false;
    return (limbs[whole] & ((limb_type{1} << rest) - 1)) != 0;
  }
};

bool is_negative(const BigInteger& x) { return x.backend().sign(); }

Value allocate_bigint(BigInteger&& x) {
  void* mem = allocate_bytes(sizeof(BigInt));
  return Value::adopt(new (mem) BigInt(std::move(x)));
}

// --- the kind ---------------------------------------------------------------

void bigint_visit(Object*, ChildVisitor) {}

void bigint_destroy(Object* o) {
  static_cast<BigInt*>(o)->~BigInt();
  free_bytes(o, sizeof(BigInt));
}

bool bigint_equals(const Object* a, const Value& b) {
  return is_bigint(b) && static_cast<const BigInt*>(a)->value == bigint_value(b);
}

uint64_t bigint_hash(const Object* o) { return hash_bigint(static_cast<const BigInt*>(o)->value); }

void bigint_print(const Object* o, Printer& p) { print_bigint(static_cast<const BigInt*>(o)->value, p.out()); }

// compare() routes every number through compare_numbers; this is for
// callers that hold two objects of the Number class.
int bigint_compare(const Object* a, const Object* b) {
  return compare_numbers(Value::share(const_cast<Object*>(a)), Value::share(const_cast<Object*>(b)));
}

int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 99;
}

}  // namespace

const KindOps kBigIntOps = {bigint_visit, bigint_destroy, bigint_equals, bigint_hash, bigint_print, bigint_compare};

// --- conversions ------------------------------------------------------------

Value make_integer(int64_t i) {
  if (Value::fits_fixnum(i)) return Value::fixnum(i);
  return allocate_bigint(BigInteger(i));
}

Value integer_from_big(BigInteger&& x) {
  Magnitude m(x);
  unsigned bits = m.bit_length();
  // [-2^49, 2^49): magnitudes below 2^49, plus -2^49 itself.
  if (bits <= 49 || (bits == 50 && is_negative(x) && m.bits_at(0) == (uint64_t{1} << 49))) {
    int64_t mag = static_cast<int64_t>(m.bits_at(0));
    return Value::fixnum(is_negative(x) ? -mag : mag);
  }
  return allocate_bigint(std::move(x));
}

unsigned big_bit_length(const BigInteger& x) { return Magnitude(x).bit_length(); }

bool big_fits_int64(const BigInteger& x) {
  Magnitude m(x);
  unsigned bits = m.bit_length();
  return bits <= 63 || (bits == 64 && is_negative(x) && m.bits_at(0) == (uint64_t{1} << 63));
}

int64_t big_to_int64(const BigInteger& x) {
  uint64_t mag = Magnitude(x).bits_at(0);
  // Negating in uint64 then converting is exact for -2^63 too.
  return static_cast<int64_t>(is_negative(x) ? uint64_t{0} - mag : mag);
}

double big_to_double(const BigInteger& x) {
  Magnitude m(x);
  unsigned bits = m.bit_length();
  double d;
  if (bits <= 64) {
    d = static_cast<double>(m.bits_at(0));  // the hardware rounds to nearest even
  } else {
    // Keep the top 64 bits and fold everything below into a sticky low bit:
    // the 64 -> 53 bit rounding then sees "above half" exactly when the full
    // value is, so rounding once here equals rounding the exact value.
    unsigned shift = bits - 64;
    uint64_t top = m.bits_at(shift) | (m.any_below(shift) ? 1 : 0);
    d = std::ldexp(static_cast<double>(top), static_cast<int>(shift));  // exact, or inf past the range
  }
  return is_negative(x) ? -d : d;
}

BigInteger big_from_integral_double(double d) {
  int exp = 0;
  double frac = std::frexp(std::fabs(d), &exp);  // |d| = frac * 2^exp, frac in [0.5, 1)
  auto mantissa = static_cast<uint64_t>(std::ldexp(frac, 53));
  BigInteger r(mantissa);
  int shift = exp - 53;
  if (shift >= 0) {
    r <<= shift;
  } else {
    r >>= -shift;  // the dropped bits are zero because d is integral
  }
  if (d < 0) r = -r;
  return r;
}

uint64_t hash_bigint(const BigInteger& x) {
  // Folds 64-bit words of the magnitude (not limbs), so that native (64-bit
  // limbs) and wasm32 (32-bit limbs) builds hash, and so order maps, alike.
  Magnitude m(x);
  unsigned bits = m.bit_length();
  uint64_t h = kBigIntHashSeed ^ (is_negative(x) ? 0xFF : 0);
  for (unsigned offset = 0; offset < bits; offset += 64) h = mix_hash(h ^ m.bits_at(offset)) + offset;
  return mix_hash(h);
}

void print_bigint(const BigInteger& x, std::string& out) { out += x.str(); }

Result<Value> parse_integer(std::string_view text, int radix) {
  if (radix < 2 || radix > 36) {
    return make_error(ErrorKind::InvalidArgument, "parse-integer: radix " + std::to_string(radix) + " is not in 2..36");
  }
  std::string_view digits = text;
  bool negative = false;
  if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) {
    negative = digits[0] == '-';
    digits.remove_prefix(1);
  }
  if (digits.empty()) {
    return make_error(ErrorKind::ParseError, "invalid integer literal \"" + std::string(text) + "\": no digits");
  }
  for (char c : digits) {
    if (digit_value(c) >= radix) {
      char shown[8];
      if (static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7F) {
        shown[0] = c;
        shown[1] = 0;
      } else {
        std::snprintf(shown, sizeof shown, "\\x%02X", static_cast<unsigned>(static_cast<unsigned char>(c)));
      }
      return make_error(ErrorKind::ParseError, "invalid digit '" + std::string(shown) + "' for radix " + std::to_string(radix) +
                                                   " in integer literal \"" + std::string(text) + "\"");
    }
  }
  // Word-sized literals (nearly all of them) need no big arithmetic.
  uint64_t acc = 0;
  bool overflow = false;
  for (char c : digits) {
    if (__builtin_mul_overflow(acc, static_cast<uint64_t>(radix), &acc) ||
        __builtin_add_overflow(acc, static_cast<uint64_t>(digit_value(c)), &acc)) {
      overflow = true;
      break;
    }
  }
  if (!overflow && acc <= static_cast<uint64_t>(INT64_MAX)) {
    int64_t v = static_cast<int64_t>(acc);
    return make_integer(negative ? -v : v);
  }
  // Big literal: consume chunks of digits whose value fits a word, so the
  // big multiply-add runs once per chunk rather than once per digit.
  uint64_t chunk_scale_max = 1;
  size_t chunk_len = 0;
  while (chunk_scale_max <= UINT64_MAX / static_cast<uint64_t>(radix) / static_cast<uint64_t>(radix)) {
    chunk_scale_max *= static_cast<uint64_t>(radix);
    ++chunk_len;
  }
  BigInteger big = 0;
  for (size_t i = 0; i < digits.size(); i += chunk_len) {
    size_t n = std::min(chunk_len, digits.size() - i);
    uint64_t chunk = 0, scale = 1;
    for (size_t j = i; j < i + n; ++j) {
      chunk = chunk * static_cast<uint64_t>(radix) + static_cast<uint64_t>(digit_value(digits[j]));
      scale *= static_cast<uint64_t>(radix);
    }
    big *= scale;
    big += chunk;
  }
  if (negative) big = -big;
  return integer_from_big(std::move(big));
}

}  // namespace batuta
