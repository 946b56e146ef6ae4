// fuse_sequences.h: a literal sequence pipeline under reduce, compiled to
// one loop (docs/internals/compiler.md, "Pipeline fusion").
//
//   (reduce f init (filter p (map g (range n))))
//
// becomes a loop* over the range that runs g, then p, then f on each
// element in turn: no lazy sequence, no stage closure, and a literal
// (fn [x] ...) stage is applied in place. The rewrite is a form-to-form
// step the analyzer takes before it analyses a call of `reduce`, so the
// loop it returns is analysed (and optimised, emitted, compiled to C++)
// like any other code.
#pragma once

#include <string_view>

#include "core/status.h"
#include "core/value.h"

namespace batuta {

// What the rewrite asks of the analyzer about the place the form is in.
class FusionContext {
 public:
  virtual ~FusionContext() = default;
  // A symbol no user code can have written.
  virtual Value gensym(std::string_view prefix) = 0;
  // True when `sym` names a local in scope here.
  virtual bool is_local(const Value& sym) = 0;
  // The name of the batuta.core var or core macro `sym` resolves to here,
  // or "" when it is a local, a var of another namespace, or nothing.
  virtual std::string_view core_name(const Value& sym) = 0;
  // `form` with its head macro-expanded until it is no macro call (a
  // function call, a special form, or not a list).
  virtual Result<Value> expand_head(const Value& form) = 0;
};

// `form` is a call of batuta.core/reduce (the caller has checked the head).
// When its collection is a literal nest of core map/filter/remove/keep/
// take-while/take calls (or a range), returns the loop that computes the
// same value with the same calls in the same order; otherwise returns the
// form itself, with its collection argument macro-expanded at the head.
Result<Value> fuse_reduce(const Value& form, FusionContext& cx);

}  // namespace batuta
