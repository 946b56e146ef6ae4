// instructions_inline.h: the semantics of the VM's instructions that both
// executors share: the interpreter's dispatch loop (interpreter.cpp) and the
// native code `batuta compile` generates from bytecode (aot/codegen.cpp,
// vm/native_code.h). Internal to the vm layer and the generated code.
//
// Each executor owns only its control flow (dispatch, jumps, handing an
// instruction over); what an instruction computes is written once, here,
// so the two cannot drift apart. The fast paths are inline (the generated
// code depends on g++ folding them into straight-line code); the slow
// paths live out of line in instructions.cpp.
#pragma once

#include <cstdint>
#include <new>

#include "core/array_map.h"
#include "core/equality.h"
#include "core/map.h"
#include "core/number.h"
#include "core/tuple.h"
#include "core/vector.h"
#include "vm/interpreter.h"
#include "vm/native_code.h"

namespace batuta::vm_detail {

// A constant operand known to be a fixnum; converts to the Value for the
// slow paths.
struct FixnumK {
  const Value& value;
  int64_t as_fixnum() const { return value.as_fixnum(); }
  int64_t scaled_fixnum() const { return value.scaled_fixnum(); }
  operator const Value&() const { return value; }
};

// The same constant as generated code has it: its word, written in as a
// literal (aot/codegen.cpp), for the fast paths; the slow paths still read
// the frame's constant (FixnumK).
struct FixnumWord {
  uint64_t word;
  int64_t scaled_fixnum() const { return static_cast<int64_t>(word << 14); }
};
BATUTA_ALWAYS_INLINE uint64_t operand_word(const Value& v) { return v.bits(); }
BATUTA_ALWAYS_INLINE uint64_t operand_word(const FixnumK& k) { return k.value.bits(); }
BATUTA_ALWAYS_INLINE uint64_t operand_word(const FixnumWord& k) { return k.word; }

// The fast paths of the numeric instructions with a constant operand
// (AddK, SubK, LtK...): Assembler::finish guarantees that constant is a
// fixnum, so only the register is tested.
BATUTA_VM_HOT bool fixnum_operands(const Value& a, const Value& b) { return a.both_fixnum(b); }
BATUTA_VM_HOT bool fixnum_operands(const Value& a, const FixnumK& k) {
  (void)k;
  return a.is_fixnum();
}
BATUTA_ALWAYS_INLINE bool fixnum_operands(const Value& a, const FixnumWord& k) {
  (void)k;
  return a.is_fixnum();
}
// Fixnum arithmetic on the words themselves. A fixnum is kFixnumTag over a
// 50-bit two's-complement payload, so its word shifted left by 14 is the
// payload times 2^14 as an int64. Adding or subtracting two of those, or
// multiplying one by the other's payload, overflows int64 exactly when the
// result leaves the fixnum range; the result's word is the tag over the top
// 50 bits. Four or five machine instructions, no range compares.
enum class FixnumOp { Add, Subtract, Multiply };
template <FixnumOp op>
BATUTA_ALWAYS_INLINE bool fixnum_words(uint64_t a, uint64_t b, uint64_t& out) {
  int64_t scaled_a = static_cast<int64_t>(a << 14), scaled_b = static_cast<int64_t>(b << 14), r;
  bool overflow;
  if constexpr (op == FixnumOp::Add) {
    overflow = __builtin_add_overflow(scaled_a, scaled_b, &r);
  } else if constexpr (op == FixnumOp::Subtract) {
    overflow = __builtin_sub_overflow(scaled_a, scaled_b, &r);
  } else {
    overflow = __builtin_mul_overflow(scaled_a, scaled_b >> 14, &r);
  }
  if (overflow) return false;
  out = Value::kFixnumTag | (static_cast<uint64_t>(r) >> 14);
  return true;
}

// The fast path of Add/Sub/Mul (a register on the right) and AddK/SubK (a
// FixnumK): out = a op b when both are fixnums and so is the result, else
// false with out untouched. Always inlined: g++ stops inlining ordinary
// inline functions into a large generated function, and an out-of-line
// call would also keep `out` in memory.
template <FixnumOp op, class Rhs>
BATUTA_ALWAYS_INLINE bool fixnum_arith_word(const Value& a, const Rhs& b, uint64_t& out) {
  return fixnum_operands(a, b) && fixnum_words<op>(a.bits(), operand_word(b), out);
}
template <FixnumOp op, class Rhs>
BATUTA_ALWAYS_INLINE bool fixnum_arith(const Value& a, const Rhs& b, Value& out) {
  uint64_t word;
  if (!fixnum_arith_word<op>(a, b, word)) return false;
  out = Value::from_bits(word);
  return true;
}
BATUTA_VM_HOT bool add_fixnum_k(const Value& a, const FixnumK& k, Value& out) {
  return fixnum_arith<FixnumOp::Add>(a, k, out);
}
BATUTA_VM_HOT bool subtract_fixnum_k(const Value& a, const FixnumK& k, Value& out) {
  return fixnum_arith<FixnumOp::Subtract>(a, k, out);
}

BATUTA_VM_HOT bool multiply_fixnum_k(const Value& a, const FixnumK& k, Value& out) {
  return fixnum_arith<FixnumOp::Multiply>(a, k, out);
}

using ArithOp = Result<Value> (*)(const Value&, const Value&);

// IsEven and TestEven off the fixnum path: a big integer, or the error
// even? and odd? give for anything else.
bool parity_slow(const Value& v, uint32_t remainder, Value& out, Error& error);

// The general path of Add/Sub/Mul (AddK, SubK): out = op(b, c), or false
// with `error` (out untouched).
bool arith_slow(ArithOp op, const Value& b, const Value& c, Value& out, Error& error);
// The general path of the comparisons: out = (less_lhs < less_rhs) (<= when
// or_equal) as a boolean, or false with `error` (out untouched). `name` is
// the operator the error names.
bool compare_slow(const Value& less_lhs, const Value& less_rhs, bool or_equal, const char* name, Value& out,
                  Error& error);
// The same two for native code, which does not raise: false means the
// instruction fails, and native code hands it to the interpreter, which
// computes it again (both are pure) and raises the error.
bool arith_slow_or_fail(ArithOp op, const Value& b, const Value& c, Value& out);
bool compare_slow_or_fail(const Value& less_lhs, const Value& less_rhs, bool or_equal, const char* name,
                          Value& out);

// Closure: a closure of the proto proto_value capturing from the frame's
// registers R and captured values U. ClosureShared: a letfn sibling
// sharing the running closure's captured values (the group shares one
// capture list, so siblings need no cycle of references).
void make_closure_in(const Value& proto_value, const Value* R, const Value* U, Value& out);
void make_shared_closure(const Value& proto_value, const Closure* running, Value& out);

// LoadSelf. Not R[-1]: after a CallVar that slot is nil (see
// load_var_callee in interpreter.cpp).
BATUTA_VM_HOT void load_self(const Closure* running, Value& out) {
  out = Value::share(const_cast<Closure*>(running));
}

// is_map (core/map.h) inlined for the pattern tests.
BATUTA_ALWAYS_INLINE bool is_map_object(const Value& v) {
  return v.is_object() && (v.as_object()->kind == Kind::ArrayMap || v.as_object()->kind == Kind::HashMap);
}

// TestTuple and IsTuple: v is a tuple of exactly n elements.
BATUTA_ALWAYS_INLINE bool is_tuple_of(const Value& v, uint32_t n) { return is_tuple(v) && as_tuple(v)->size == n; }

// (= v k) against a constant: a constant held in the word itself (nil, a
// boolean, a keyword, a character, a fixnum) equals only the same word,
// so most pattern literals need no call.
BATUTA_ALWAYS_INLINE bool equals_constant(const Value& v, const Value& k) {
  if (v.identical(k)) return true;
  if (is_word_constant(k)) return false;
  return equals(v, k);
}

// The value in the map m (is_map_object(m)) of a key equal only to its
// own word (vm/native_code.h's is_word_constant), or nullptr: for a small
// array map, a scan of the keys' words.
BATUTA_ALWAYS_INLINE const Value* find_word_key(const Value& m, uint64_t word) {
  const Object* o = m.as_object();
  if (o->kind == Kind::ArrayMap) [[likely]] {
    const auto* a = static_cast<const ArrayMap*>(o);
    // The first key is tested before the loop: a message map has one or
    // two keys, and the loop's set-up (the end pointer) then costs more
    // than the test.
    uint32_t n = a->count();
    const Value* s = a->slots();
    if (n == 0) return nullptr;
    if (s->bits() == word) return s + 1;
    for (const Value* end = s + 2 * n; (s += 2) != end;)
      if (s->bits() == word) return s + 1;
    return nullptr;
  }
  return map_find(m, Value::from_bits(word));
}

// The value of `key` in the map m (is_map_object(m)), or nullptr. A
// pattern's key is nearly always a keyword and its map a small array map:
// then the entries' words are scanned here, since a key held in the word
// (a keyword, a fixnum: integers in the fixnum range are never BigInts)
// equals only the same word, as in equals_constant. Everything else goes
// through map_find.
BATUTA_ALWAYS_INLINE const Value* find_key_constant(const Value& m, const Value& key) {
  if (is_word_constant(key)) [[likely]] return find_word_key(m, key.bits());
  return map_find(m, key);
}

// TestKeyK, HasKeyK, TestGetK: the value of K in v when v is a map holding
// it, else nullptr.
BATUTA_ALWAYS_INLINE const Value* map_value_of_key(const Value& v, const Value& key) {
  return is_map_object(v) ? find_key_constant(v, key) : nullptr;
}

// out = v, where v may live in the collection `out` holds (TestGetK's
// value, an element): copied first, then stored. Most values a pattern
// moves around are immediates (keywords, fixnums), so one test covers the
// common case, neither the new nor the old value an object: a plain store,
// no count to change.
BATUTA_VM_HOT void assign(Value& out, const Value& v) {
  constexpr uint64_t kObjectTop = Value::kObjectTag >> 48;
  uint64_t new_bits = v.bits(), old_bits = out.bits();
  if (static_cast<int>((new_bits >> 48) != kObjectTop) & static_cast<int>((old_bits >> 48) != kObjectTop)) [[likely]] {
    ::new (static_cast<void*>(&out)) Value(Value::from_bits(new_bits));  // both immediates: nothing to count
    return;
  }
  Value x = v;
  out = std::move(x);
}

// TestGetK's store of the value found.
BATUTA_VM_HOT void store_found(const Value* inside, Value& out) { assign(out, *inside); }

// ElemK for vectors (out of line: the tuple case is the pattern's).
void vector_element_k(const Value& coll, uint32_t i, Value& out);

// ElemK: element i of a tuple or vector, nil when out of range or another
// kind. The element is copied before `out` is written, as out may be the
// register holding the collection.
BATUTA_VM_HOT void element_k(const Value& coll, uint32_t i, Value& out) {
  if (is_tuple(coll)) [[likely]] {
    const Tuple* t = as_tuple(coll);
    if (i < t->size) {
      assign(out, t->items[i]);
    } else {
      out = Value();
    }
    return;
  }
  vector_element_k(coll, i, out);
}

// GetK: (get coll key).
void get_k(const Value& coll, const Value& key, Value& out);

// --- deferred register writes in generated code (aot/codegen.cpp) ---
//
// Generated code writes an immediate or a borrowed word to a local only,
// and commits the locals to the frame where the interpreter will read them
// (codegen.cpp, write_function). These are the words and the commit.

inline constexpr uint64_t kNilWord = Value::kConstTag;

BATUTA_ALWAYS_INLINE uint64_t object_word(const Object* o) {
  return Value::kObjectTag | static_cast<uint64_t>(reinterpret_cast<uintptr_t>(o));
}

// ElemK's word, borrowed from the collection: element i of a tuple or
// vector, nil when out of range or another kind (as element_k).
BATUTA_ALWAYS_INLINE uint64_t element_word(const Value& coll, uint32_t i) {
  if (is_tuple(coll)) [[likely]] {
    const Tuple* t = as_tuple(coll);
    return i < t->size ? t->items[i].bits() : kNilWord;
  }
  return is_vector(coll) && i < vector_count(coll) ? vector_at(coll, i).bits() : kNilWord;
}

// A commit takes a reference for each new word first, then stores it over
// the old one, releasing that: a new word may be borrowed from an old one.
BATUTA_ALWAYS_INLINE void retain_word(uint64_t word) {
  if ((word & Value::kTagMask) == Value::kObjectTag)
    detail::retain(reinterpret_cast<Object*>(static_cast<uintptr_t>(word & Value::kPayloadMask)));
}
BATUTA_ALWAYS_INLINE void replace_with_retained(Value& reg, uint64_t word) {
  Value old(std::move(reg));
  ::new (static_cast<void*>(&reg)) Value(Value::from_bits(word));  // adopts the reference retain_word took
}

// --- register reads in generated code (aot/codegen.cpp) ---
//
// Native code reads each register it names from a local `uint64_t rN`, a
// copy of the frame's word made on entry and after each write (writes go
// to the frame). A local's address is never taken, so g++ may keep it in
// a machine register; a Value is made from it only for the length of an
// expression: `RegisterView(r3).value()`, a non-owning Value of the word (no
// count taken, none released). value() is a const lvalue on purpose: the
// member of a temporary would be an xvalue, and a by-value parameter
// (var_set's) would then be moved from it, taking a reference nobody gave.
class RegisterView {
 public:
  BATUTA_ALWAYS_INLINE explicit RegisterView(uint64_t bits) {
    ::new (static_cast<void*>(&value_)) Value(Value::from_bits(bits));
  }
  BATUTA_ALWAYS_INLINE ~RegisterView() {}
  BATUTA_ALWAYS_INLINE const Value& value() const { return value_; }

 private:
  union {
    Value value_;
  };
};

}  // namespace batuta::vm_detail
