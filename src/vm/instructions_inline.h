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
#include "vm/interpreter.h"

namespace batuta::vm_detail {

// A constant operand known to be a fixnum; converts to the Value for the
// slow paths.
struct FixnumK {
  const Value& value;
  int64_t as_fixnum() const { return value.as_fixnum(); }
  operator const Value&() const { return value; }
};

// The fast paths of the numeric instructions with a constant operand
// (AddK, SubK, LtK...): Assembler::finish guarantees that constant is a
// fixnum, so only the register is tested.
BATUTA_VM_HOT bool fixnum_operands(const Value& a, const Value& b) { return a.both_fixnum(b); }
BATUTA_VM_HOT bool fixnum_operands(const Value& a, const FixnumK& k) {
  (void)k;
  return a.is_fixnum();
}
BATUTA_VM_HOT bool add_fixnum_k(const Value& a, const FixnumK& k, Value& out) {
  if (!a.is_fixnum()) return false;
  int64_t r = a.as_fixnum() + k.as_fixnum();  // both below 2^49 in magnitude: no int64 overflow
  if (!Value::fits_fixnum(r)) return false;
  out = Value::fixnum(r);
  return true;
}
BATUTA_VM_HOT bool subtract_fixnum_k(const Value& a, const FixnumK& k, Value& out) {
  if (!a.is_fixnum()) return false;
  int64_t r = a.as_fixnum() - k.as_fixnum();
  if (!Value::fits_fixnum(r)) return false;
  out = Value::fixnum(r);
  return true;
}

BATUTA_VM_HOT bool multiply_fixnum_k(const Value& a, const FixnumK& k, Value& out) {
  if (!a.is_fixnum()) return false;
  int64_t r;
  if (__builtin_mul_overflow(a.as_fixnum(), k.as_fixnum(), &r) || !Value::fits_fixnum(r)) return false;
  out = Value::fixnum(r);
  return true;
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
  if (!k.is_object() && !k.is_double()) return false;
  return equals(v, k);
}

// The value of `key` in the map m (is_map_object(m)), or nullptr. A
// pattern's key is nearly always a keyword and its map a small array map:
// then the entries are scanned here, a keyword key equal only to the same
// word (or to an object that says it is equal: champ::keys_equal's rule).
// Everything else goes through map_find.
BATUTA_ALWAYS_INLINE const Value* find_key_constant(const Value& m, const Value& key) {
  const Object* o = m.as_object();
  if (o->kind == Kind::ArrayMap && !key.is_object() && !key.is_double()) [[likely]] {
    const auto* a = static_cast<const ArrayMap*>(o);
    const Value* s = a->slots();
    for (uint32_t i = 0, n = a->count(); i < n; ++i) {
      if (s[2 * i].identical(key)) return &s[2 * i + 1];
      if (s[2 * i].is_object() && equals(s[2 * i], key)) [[unlikely]] return &s[2 * i + 1];
    }
    return nullptr;
  }
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


}  // namespace batuta::vm_detail
