// value.h: the one-word Value.
//
// Every Batuta value is a single 64-bit word, NaN-boxed:
//
//   any bit pattern whose top 13 bits are not all 1   a double (IEEE 754)
//   0xFFF8 | 48-bit pointer                           a heap object (object.h)
//   0xFFF9 | 0 / 1 / 2                                nil / false / true
//   0xFFFA | code point                               a character
//   0xFFFB | pointer | 0 or 1                         a keyword (0) or symbol (1),
//                                                     pointing at its interned Name
//   0xFFFC..0xFFFF | 50-bit two's complement          a fixnum in [-2^49, 2^49)
//
// Doubles are stored as themselves; the only double that would collide with a
// boxed pattern is a NaN with the sign bit set, and every NaN is canonicalised
// to 0x7FF8'0000'0000'0000 when a double Value is made, so the encoding is
// unambiguous. Pointers fit in 48 bits on x86-64, aarch64 and wasm32.
//
// Fixnums, doubles, nil, booleans, characters, keywords and symbols therefore
// never allocate; arithmetic on them is bit manipulation (number.h).
//
// Ownership: a Value that holds a heap object owns one reference to it.
// Copying retains, destroying releases, moving transfers. Functions that take
// a Value by value consume it; persistent operations exploit that: when the
// caller moves in the only reference (`v = conj(std::move(v), x)`), the
// object is updated in place (see object.h, "Uniqueness").
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <utility>

#if defined(__GNUC__) || defined(__clang__)
#define BATUTA_ALWAYS_INLINE __attribute__((always_inline)) inline
#else
#define BATUTA_ALWAYS_INLINE inline
#endif

namespace batuta {

struct Object;
struct Name;

namespace detail {
// Reference-count primitives, defined inline in object.h. Declared here so the
// Value special members can call them without including the object model.
inline void retain(Object* o);
inline void release(Object* o);
}  // namespace detail

class Value {
 public:
  static constexpr uint64_t kBoxMask = 0xFFF8'0000'0000'0000ull;
  static constexpr uint64_t kTagMask = 0xFFFF'0000'0000'0000ull;
  static constexpr uint64_t kPayloadMask = 0x0000'FFFF'FFFF'FFFFull;
  static constexpr uint64_t kObjectTag = 0xFFF8'0000'0000'0000ull;
  static constexpr uint64_t kConstTag = 0xFFF9'0000'0000'0000ull;
  static constexpr uint64_t kCharTag = 0xFFFA'0000'0000'0000ull;
  static constexpr uint64_t kNameTag = 0xFFFB'0000'0000'0000ull;
  static constexpr uint64_t kFixnumTag = 0xFFFC'0000'0000'0000ull;
  static constexpr uint64_t kFixnumPayload = 0x0003'FFFF'FFFF'FFFFull;
  static constexpr uint64_t kCanonicalNaN = 0x7FF8'0000'0000'0000ull;

  static constexpr int64_t kFixnumMin = -(int64_t{1} << 49);
  static constexpr int64_t kFixnumMax = (int64_t{1} << 49) - 1;

  // --- construction -------------------------------------------------------
  Value() : bits_(kConstTag) {}  // nil
  static Value nil() { return Value(kConstTag); }
  static Value boolean(bool b) { return Value(kConstTag | (b ? 2 : 1)); }
  static Value fixnum(int64_t i) {
    // Precondition: fits_fixnum(i). Use number.h's make_integer otherwise.
    return Value(kFixnumTag | (static_cast<uint64_t>(i) & kFixnumPayload));
  }
  static constexpr bool fits_fixnum(int64_t i) { return i >= kFixnumMin && i <= kFixnumMax; }
  static Value from_double(double d) {
    if (d != d) return Value(kCanonicalNaN);
    return Value(std::bit_cast<uint64_t>(d));
  }
  static Value character(char32_t c) { return Value(kCharTag | c); }
  // Adopts one reference: the caller gives up the reference it held.
  static Value adopt(Object* o) {
    return Value(kObjectTag | static_cast<uint64_t>(reinterpret_cast<uintptr_t>(o)));
  }
  // Shares the object: takes a new reference.
  static Value share(Object* o) {
    detail::retain(o);
    return adopt(o);
  }
  static Value keyword(const Name* n) { return Value(kNameTag | reinterpret_cast<uintptr_t>(n)); }
  static Value symbol(const Name* n) { return Value(kNameTag | reinterpret_cast<uintptr_t>(n) | 1); }
  static Value from_bits(uint64_t b) { return Value(b); }  // no retain: for immediates only

  // --- ownership ----------------------------------------------------------
  // Always inlined: these run on every register write of the VM, and GCC's
  // inliner otherwise gives up on them inside the large dispatch loop.
  BATUTA_ALWAYS_INLINE Value(const Value& o) : bits_(o.bits_) {
    if (is_object()) detail::retain(as_object());
  }
  Value(Value&& o) noexcept : bits_(o.bits_) { o.bits_ = kConstTag; }
  BATUTA_ALWAYS_INLINE Value& operator=(const Value& o) {
    if (this != &o) {
      Value tmp(o);
      std::swap(bits_, tmp.bits_);
    }
    return *this;
  }
  // The moved-from Value is left nil, and the old value is released now,
  // not whenever the source happens to die.
  BATUTA_ALWAYS_INLINE Value& operator=(Value&& o) noexcept {
    if (this != &o) {
      Value old(std::move(*this));
      bits_ = o.bits_;
      o.bits_ = kConstTag;
    }
    return *this;
  }
  BATUTA_ALWAYS_INLINE ~Value() {
    if (is_object()) detail::release(as_object());
  }
  // Gives up ownership without releasing; pair with adopt().
  Object* leak_object() {
    Object* o = as_object();
    bits_ = kConstTag;
    return o;
  }

  // --- classification -----------------------------------------------------
  constexpr bool is_double() const { return (bits_ & kBoxMask) != kBoxMask; }
  // The top 16 bits against the tag: a shift and a 16-bit compare, no
  // 64-bit mask and tag constants to load.
  constexpr bool is_object() const { return (bits_ >> 48) == (kObjectTag >> 48); }
  constexpr bool is_nil() const { return bits_ == kConstTag; }
  constexpr bool is_bool() const { return bits_ == (kConstTag | 1) || bits_ == (kConstTag | 2); }
  constexpr bool is_true() const { return bits_ == (kConstTag | 2); }
  constexpr bool is_false() const { return bits_ == (kConstTag | 1); }
  // nil and false are falsey; everything else is truthy.
  constexpr bool truthy() const { return (bits_ & ~uint64_t{1}) != kConstTag; }
  constexpr bool is_char() const { return (bits_ & kTagMask) == kCharTag; }
  constexpr bool is_name() const { return (bits_ & kTagMask) == kNameTag; }
  constexpr bool is_keyword() const { return is_name() && (bits_ & 1) == 0; }
  constexpr bool is_symbol() const { return is_name() && (bits_ & 1) == 1; }
  // The tag is the top 14 bits all ones, so every word at or above it is a
  // fixnum: one compare, and the constant is the one re-tagging uses.
  constexpr bool is_fixnum() const { return bits_ >= kFixnumTag; }
  // Both tops all ones: one AND and one compare instead of two tests.
  constexpr bool both_fixnum(const Value& o) const { return (bits_ & o.bits_) >= kFixnumTag; }

  // --- access (preconditions: the matching is_*) ---------------------------
  constexpr int64_t as_fixnum() const { return static_cast<int64_t>(bits_ << 14) >> 14; }
  // The payload times 2^14: fixnums compare as these do, one shift instead
  // of as_fixnum's two (the fast path of <, <=, > and >=).
  constexpr int64_t scaled_fixnum() const { return static_cast<int64_t>(bits_ << 14); }
  double as_double() const { return std::bit_cast<double>(bits_); }
  constexpr char32_t as_char() const { return static_cast<char32_t>(bits_ & kPayloadMask); }
  Object* as_object() const { return reinterpret_cast<Object*>(static_cast<uintptr_t>(bits_ & kPayloadMask)); }
  const Name* as_name() const {
    return reinterpret_cast<const Name*>(static_cast<uintptr_t>(bits_ & kPayloadMask & ~uint64_t{1}));
  }
  constexpr uint64_t bits() const { return bits_; }

  // Identity (same word). Equal immediates are identical; see equality.h for =.
  constexpr bool identical(const Value& o) const { return bits_ == o.bits_; }

 private:
  explicit Value(uint64_t b) : bits_(b) {}
  uint64_t bits_;
};

static_assert(sizeof(Value) == 8, "a Value is one word");

}  // namespace batuta
