// status.h: errors as values inside the runtime.
//
// The core, read, vm and compile layers are built without C++ exceptions (the
// wasm32 toolchain has none). An operation that can fail returns Result<T>:
// either a T or an Error naming its kind (error_kinds.def) and a message for
// humans. Higher layers turn an Error into a Batuta panic with a position.
#pragma once

#include <string>
#include <utility>
#include <variant>

#include "core/object.h"  // Error holds a Value: its copy and destruction need the object model
#include "core/value.h"

namespace batuta {

enum class ErrorKind : unsigned char {
#define BATUTA_ERROR_KIND(E, kw) E,
#include "core/error_kinds.def"
#undef BATUTA_ERROR_KIND
};

// The keyword name of an error kind, e.g. "type-error".
const char* error_kind_name(ErrorKind k);

struct Error {
  ErrorKind kind;
  std::string message;
  // A panic's reason as the value given to `panic` (a keyword, map,
  // tuple...), so it reaches exit reasons and call-in-fiber as data; nil
  // for every other error, whose message is all there is.
  Value reason;
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Error e) : v_(std::move(e)) {}      // NOLINT
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const T& value() const& { return std::get<0>(v_); }
  const Error& error() const { return std::get<1>(v_); }
  Error&& take_error() { return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

inline Error make_error(ErrorKind k, std::string message) { return Error{k, std::move(message), Value()}; }

}  // namespace batuta
