// macros_util.h: building blocks shared by the core macro expanders
// (macros_*.cpp, destructure.cpp).
//
// Expanders take a macro call apart into a std::vector of its elements,
// check the shape, and build the expansion from plain lists, vectors and
// symbols. Core functions are named fully qualified (core_sym), special
// forms bare (sym), as expand_context.h requires.
#pragma once

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "compile/expand_context.h"
#include "core/object.h"  // Value's retain/release
#include "core/status.h"
#include "core/value.h"

namespace batuta::macros {

// Propagates an Error out of the enclosing function returning a Result:
//   BATUTA_MACRO_TRY(Value, body, build_body(...));
#define BATUTA_MACRO_TRY(type, var, expr)                    \
  auto var##_result_ = (expr);                               \
  if (!var##_result_.ok()) return var##_result_.take_error(); \
  type var = std::move(var##_result_).value()

using Forms = std::vector<Value>;

// A plain symbol (`if`, `let*`, or a name with a namespace `a/b`).
Value sym(std::string_view text);
// `batuta.core/<name>`: how expansions call core functions.
Value core_sym(std::string_view name);
Value kw(std::string_view text);
// A string value from valid UTF-8 text.
Value make_string_literal(std::string_view utf8);

Value make_list(std::span<const Value> items);
Value make_list(std::initializer_list<Value> items);
Value make_vector(std::span<const Value> items);
// (quote x)
Value quoted(Value x);
// (head a b ...) with the elements of `tail` after head.
Value call_with(Value head, std::span<const Value> tail);

// The elements of a list, vector, set or tuple, in order (empty for
// anything else).
Forms elements(const Value& coll);
// Elements [from, end) of a vector of forms, as a new vector.
Forms slice(const Forms& forms, size_t from, size_t end = static_cast<size_t>(-1));
// `forms` with `head` in front.
Forms prepend(Value head, const Forms& forms);

bool is_symbol_named(const Value& v, std::string_view text);
// A symbol without a namespace part.
bool is_plain_symbol(const Value& v);
// A list whose first element is the symbol `head`.
bool is_call_to(const Value& v, std::string_view head);
// A bare symbol a binding form may bind: plain, not `&`.
bool is_bindable_symbol(const Value& v);

// A sequence of body forms as one form: nil for none, the form itself for
// one, (do ...) for more.
Value body_form(std::span<const Value> forms);
// (do forms...), always.
Value do_form(std::span<const Value> forms);

// How a form is shown in an error message: its readable text, abbreviated.
std::string show(const Value& form);
// The macro's name as written at the head of the call, for messages.
std::string head_name(const Forms& call);

}  // namespace batuta::macros
