// number.h: the numeric tower.
//
//   integer   fixnum immediate (value.h) in [-2^49, 2^49), else a BigInt
//             object. Every integer has exactly one representation: results
//             that fit a fixnum are always fixnums, so `=` and hash need no
//             cross-representation cases.
//   ratio     an exact fraction, always normalised (lowest terms, positive
//             denominator, denominator never 1: 2/1 is the integer 2).
//   float     an IEEE double immediate.
//
// Integer arithmetic never overflows silently: it promotes to big integers
// (as Erlang and Python do). `/` of integers gives a ratio when inexact. A
// float anywhere in an operation makes the result a float. `quot`, `rem`
// and `mod` are integer division with Clojure's signs: quot truncates toward
// zero, rem has the sign of the dividend, mod the sign of the divisor.
// Failing operations (a non-number operand, integer division by zero)
// return an Error naming the operation and the offending value.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/object.h"
#include "core/status.h"

namespace batuta {

class Printer;

bool is_number(const Value& v);
bool is_integer(const Value& v);  // fixnum or BigInt
bool is_ratio(const Value& v);
inline bool is_float(const Value& v) { return v.is_double(); }

// Any int64 as an integer Value (a fixnum when it fits, else a BigInt).
Value make_integer(int64_t i);
// Parses an integer literal body: optional sign, digits in the given radix
// (2..36), no separators (the reader strips `_`). Big results become BigInts.
Result<Value> parse_integer(std::string_view digits, int radix = 10);
// A normalised ratio num/den of two integer Values (den non-zero).
Result<Value> make_ratio(const Value& num, const Value& den);

// Arithmetic. `op` errors name the operation ("+", "quot", ...).
Result<Value> add(const Value& a, const Value& b);
Result<Value> subtract(const Value& a, const Value& b);
Result<Value> multiply(const Value& a, const Value& b);
Result<Value> divide(const Value& a, const Value& b);  // `/`
Result<Value> quot(const Value& a, const Value& b);
Result<Value> rem(const Value& a, const Value& b);
Result<Value> mod(const Value& a, const Value& b);
Result<Value> negate(const Value& a);

// Fast paths the VM inlines: fixnum op fixnum without allocation. Return
// false when the operands are not both fixnums or the result does not fit
// a fixnum; the caller then takes the general path above.
inline bool add_fixnums(const Value& a, const Value& b, Value& out) {
  if (!a.both_fixnum(b)) return false;
  int64_t r = a.as_fixnum() + b.as_fixnum();  // |operands| < 2^49: cannot overflow int64
  if (!Value::fits_fixnum(r)) return false;
  out = Value::fixnum(r);
  return true;
}
inline bool subtract_fixnums(const Value& a, const Value& b, Value& out) {
  if (!a.both_fixnum(b)) return false;
  int64_t r = a.as_fixnum() - b.as_fixnum();
  if (!Value::fits_fixnum(r)) return false;
  out = Value::fixnum(r);
  return true;
}

inline bool multiply_fixnums(const Value& a, const Value& b, Value& out) {
  if (!a.both_fixnum(b)) return false;
  int64_t r;  // a product of two 50-bit values can overflow int64
  if (__builtin_mul_overflow(a.as_fixnum(), b.as_fixnum(), &r) || !Value::fits_fixnum(r)) return false;
  out = Value::fixnum(r);
  return true;
}

// `==`: numeric equality across representations ((== 1 1.0) is true).
// Errors when either operand is not a number.
Result<bool> numbers_equivalent(const Value& a, const Value& b);
// Numeric order across representations; ##NaN sorts after every number and
// equal to itself, so this is a total order usable for sorting.
int compare_numbers(const Value& a, const Value& b);
// Hash of a number consistent with `=` (fixnum, double; heap numbers too).
uint64_t hash_number(const Value& v);
// Readable form: 42, -7, 3.14, 1.0, 1.0E-9, ##Inf, ##-Inf, ##NaN, 1/3,
// 18446744073709551616 (big integers as plain digits, no N).
void print_number(const Value& v, Printer& p);
std::string number_to_string(const Value& v);

// Conversions for natives: an integer Value in int64 range, or an error.
Result<int64_t> to_int64(const Value& v, std::string_view op);
Result<double> to_double(const Value& v, std::string_view op);  // any number

}  // namespace batuta
