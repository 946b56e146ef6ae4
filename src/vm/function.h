// function.h: the callable kinds of the VM: Proto, Closure and Native.
//
// A Proto is the compiled code of one function: instructions, constants, a
// source position per instruction and the shape of its frame. It is
// immutable once built (the Assembler builds it) and shared by every
// closure made from it.
//
// A Closure is a Proto plus the values it captured when it was made. Data is
// immutable, so capture is by value: there are no upvalue cells to close, a
// closure simply copies the Values (Lua's open upvalues are unnecessary).
//
// A Native is a function written in C++ (the native ABI: a span of Values
// in, a Value or an Error out), with a name and an arity the VM checks
// before calling it, so natives never see a wrong argument count.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/source_pos.h"
#include "core/object.h"
#include "core/status.h"
#include "vm/opcodes.h"

namespace batuta {

class VmContext;
class Fiber;
namespace vm_detail {
struct Frame;
}

// How the CLOSURE instruction fills captured value i of a new closure.
struct CaptureSource {
  bool from_capture;  // false: register `index` of the frame running CLOSURE;
                      // true: captured value `index` of that frame's closure
  uint8_t index;
};

// How many arguments a function takes: [min, max], or min and more when
// variadic.
struct Arity {
  uint16_t min = 0;
  uint16_t max = 0;
  bool variadic = false;

  bool accepts(size_t argc) const { return argc >= min && (variadic || argc <= max); }
  // "1", "1 or 2", "1 to 3", "2 or more".
  std::string describe() const;
};

// `wrong number of arguments (3) passed to inc; it takes 1`
Error arity_error(std::string_view function_name, size_t argc, const Arity& arity);
Error arity_error(std::string_view function_name, size_t argc, const std::string& takes);

struct Proto : Object {
  std::vector<Instruction> code;
  std::vector<SourcePos> positions;  // parallel to code
  std::vector<Value> constants;      // literals, vars (GETVAR/SETVAR), nested protos (CLOSURE)
  std::vector<CaptureSource> captures;
  std::string name;  // "fib"; "fn" for an anonymous function
  std::string file;  // source file, for stack traces
  // Arguments arrive in registers 0..num_params-1; a variadic function gets
  // the extra arguments as a list (nil when there are none) in register
  // num_params, as Clojure's `& rest` does.
  uint8_t num_params = 0;
  bool variadic = false;
  // Registers 0..num_registers-1; always covers the parameters, the rest
  // list and every call window (A..A+B of CALL).
  uint16_t num_registers = 1;
  // The argument count a call enters this proto with directly, with no
  // rest list to build and no overload to pick: num_params, or
  // kNoDirectArgc when variadic. One compare on the call's fast path (set
  // by Assembler::finish).
  static constexpr uint16_t kNoDirectArgc = UINT16_MAX;
  uint16_t direct_argc = kNoDirectArgc;
  // The native code installed for this proto's bytecode (a NativeEntry,
  // vm/native_code.h), or nullptr; set by Assembler::finish. The
  // interpreter enters it where a frame of this proto starts or resumes
  // running and at backward jumps.
  void (*native_code)(Fiber& fiber, vm_detail::Frame& frame) = nullptr;

  // A multi-arity function: the protos of its other arities (each with no
  // overloads of its own). A closure is made of the first; every arity
  // shares its captured values, so they all have this proto's capture
  // list. A call picks the first proto whose arity accepts the arguments.
  std::vector<Value> overloads;

  Proto() : Object(Kind::Proto) {}
  Arity arity() const { return Arity{num_params, num_params, variadic}; }
  // The proto that runs a call with argc arguments, or nullptr.
  const Proto* select(size_t argc) const;
  // "1", "1 or 2", "2, 3 or more" across every arity, for arity errors.
  std::string describe_arities() const;
  SourcePos position_of(const Instruction* pc) const {
    size_t i = static_cast<size_t>(pc - code.data());
    return i < positions.size() ? positions[i] : SourcePos{};
  }
};

struct Closure : Object {
  Value proto_value;  // the Proto, owned
  uint32_t num_captures;
  Value captures[1];  // num_captures Values follow (at least one slot allocated)

  const Proto* proto() const { return object_as<const Proto>(proto_value); }
};

using NativeFn = Result<Value> (*)(VmContext& ctx, std::span<const Value> args);

struct Native : Object {
  NativeFn fn;
  Arity arity;
  std::string name;

  Native() : Object(Kind::Native), fn(nullptr) {}
};

// A new, empty Proto to fill in (the Assembler does); publish it as a Value.
Proto* new_proto();
// A closure of `proto` with the given captured values (their count must be
// proto's captures.size()).
Value make_closure(Value proto, std::span<const Value> captures);
// A closure whose n captured values are nil, for the CLOSURE instruction to
// fill before the closure is published.
Closure* new_closure(Value proto, uint32_t n);
Value make_native(std::string_view name, Arity arity, NativeFn fn);

inline bool is_proto(const Value& v) { return is_kind(v, Kind::Proto); }
inline bool is_closure(const Value& v) { return is_kind(v, Kind::Closure); }
inline bool is_native(const Value& v) { return is_kind(v, Kind::Native); }
inline bool is_function(const Value& v) { return is_closure(v) || is_native(v); }

// The name a stack trace or an arity error shows for a callable.
std::string_view function_name(const Value& callable);

}  // namespace batuta
