// number_internal.h: the heap representations of the numeric tower.
//
// PRIVATE to the number implementation (number.cpp, bigint.cpp, ratio.cpp,
// number_print.cpp). Everything else goes through number.h, so that
// Boost.Multiprecision never leaks into the rest of the runtime and a faster
// big-integer backend can replace it by changing this file and bigint.cpp.
//
// Invariants (what makes `=` and hash trivial across representations):
//   BigInt  its value lies OUTSIDE the fixnum range [-2^49, 2^49); a value
//           inside the range is always a fixnum (integer_from_big).
//   Ratio   num/den in lowest terms, den > 1, num != 0; num and den are each
//           a fixnum or a BigInt Value (so visit_children can free them).
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>

#include <boost/multiprecision/cpp_int.hpp>

#include "core/number.h"

namespace batuta {

// Limb storage of big integers goes through allocate_bytes/free_bytes, so
// allocation_stats() sees big-integer memory too (and tests can prove it is
// all returned).
template <class T>
struct LimbAllocator {
  using value_type = T;
  LimbAllocator() = default;
  template <class U>
  LimbAllocator(const LimbAllocator<U>&) {}  // NOLINT: rebinding copy
  T* allocate(size_t n) { return static_cast<T*>(allocate_bytes(n * sizeof(T))); }
  void deallocate(T* p, size_t n) { free_bytes(p, n * sizeof(T)); }
  template <class U>
  bool operator==(const LimbAllocator<U>&) const { return true; }
  template <class U>
  bool operator!=(const LimbAllocator<U>&) const { return false; }
};

// Unlimited precision, sign-magnitude, unchecked (nothing can overflow an
// unlimited integer; the checks we need, such as division by zero, are done
// by the callers before any cpp_int operation that could throw), and no
// expression templates, so `auto` is always a value.
using BigInteger = boost::multiprecision::number<
    boost::multiprecision::cpp_int_backend<0, 0, boost::multiprecision::signed_magnitude,
                                           boost::multiprecision::unchecked,
                                           LimbAllocator<boost::multiprecision::limb_type>>,
    boost::multiprecision::et_off>;

struct BigInt : Object {
  BigInteger value;
  explicit BigInt(BigInteger&& v) : Object(Kind::BigInt), value(std::move(v)) {}
};

struct Ratio : Object {
  Value num;
  Value den;
  Ratio(Value n, Value d) : Object(Kind::Ratio), num(std::move(n)), den(std::move(d)) {}
};

inline bool is_bigint(const Value& v) { return is_kind(v, Kind::BigInt); }
inline const BigInteger& bigint_value(const Value& v) { return object_as<const BigInt>(v)->value; }
inline const Ratio* as_ratio(const Value& v) { return object_as<const Ratio>(v); }

// Read access to an integer Value (fixnum or BigInt) as a BigInteger without
// copying a BigInt: a fixnum is widened into the local, which lives inline
// in the cpp_int (no allocation). Not copyable: it may point into itself.
class BigView {
 public:
  explicit BigView(const Value& integer) {
    if (integer.is_fixnum()) {
      local_ = integer.as_fixnum();
      p_ = &local_;
    } else {
      p_ = &bigint_value(integer);
    }
  }
  BigView(const BigView&) = delete;
  BigView& operator=(const BigView&) = delete;
  const BigInteger& operator*() const { return *p_; }
  const BigInteger* operator->() const { return p_; }

 private:
  BigInteger local_;
  const BigInteger* p_;
};

// --- integers (bigint.cpp) --------------------------------------------------
// The canonical Value of an integer: a fixnum when it fits, else a BigInt.
Value integer_from_big(BigInteger&& x);
inline Value integer_from_big(const BigInteger& x) { return integer_from_big(BigInteger(x)); }
// Number of significant bits of |x| (0 for zero).
unsigned big_bit_length(const BigInteger& x);
bool big_fits_int64(const BigInteger& x);
int64_t big_to_int64(const BigInteger& x);  // precondition: big_fits_int64
// Correctly rounded to nearest (ties to even); ±inf beyond the double range.
double big_to_double(const BigInteger& x);
// A finite double as an exact integer (precondition: d is finite and integral).
BigInteger big_from_integral_double(double d);
uint64_t hash_bigint(const BigInteger& x);
void print_bigint(const BigInteger& x, std::string& out);

// --- ratios (ratio.cpp) -----------------------------------------------------
// The canonical Value of num/den (den != 0, checked by the caller): lowest
// terms, positive denominator, an integer when den divides num.
Value ratio_from_big(BigInteger num, BigInteger den);
// The same for int64 parts, without big arithmetic when the parts are small.
Value ratio_from_int64(int64_t num, int64_t den);
// Makes the Ratio object from parts that already satisfy the invariants.
Value make_ratio_object(Value num, Value den);
// num/den correctly rounded to a double (den > 0).
double ratio_to_double(const BigInteger& num, const BigInteger& den);
uint64_t hash_ratio(const Ratio* r);

// Seeds that keep the hashes of different number classes apart.
inline constexpr uint64_t kFixnumHashSeed = 0x243F6A8885A308D3ull;
inline constexpr uint64_t kBigIntHashSeed = 0x13198A2E03707344ull;
inline constexpr uint64_t kRatioHashSeed = 0xA4093822299F31D0ull;
inline constexpr uint64_t kFloatHashSeed = 0x082EFA98EC4E6C89ull;

}  // namespace batuta
