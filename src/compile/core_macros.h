// core_macros.h: Batuta's built-in macros, written in C++.
//
// The analyzer asks find_core_macro() for the head symbol of every list it
// meets (after local and var lookup decide the head is not shadowed) and
// calls the expander it returns; the expansion is analysed again, so it
// may contain further macro calls, though the core expanders expand the
// macros they generate themselves and emit only special forms and calls.
//
// The table is core_macros.def; the expanders live in macros_<theme>.cpp.
#pragma once

#include <span>
#include <string_view>

#include "compile/expand_context.h"
#include "core/object.h"  // defines Value's retain/release, which Result<Value> needs

namespace batuta {

// The expander of the core macro `name` (unqualified, or qualified with
// batuta.core/), or nullptr when there is none.
CoreMacroFn find_core_macro(std::string_view name);
bool is_core_macro_name(std::string_view name);
// Every core macro name, in core_macros.def order (REPL completion, docs).
std::span<const std::string_view> core_macro_names();

// `|>` inside a list (LANGUAGE.md): `(x |> f a |> g)` is `(g (f a x))`.
// Each segment between `|>`s is one form or, when it has several, a call;
// each stage is called with the value so far as its LAST argument (a list
// stage gets it appended, any other single form is called with it).
// `|>` with nothing before or after it is an error at `list`.
Result<Value> expand_pipeline(const Value& list, ExpandContext& cx);
// True when `form` is a list with the bare symbol `|>` among its elements:
// the analyzer then calls expand_pipeline before looking at the head.
bool has_pipeline_operator(const Value& form);

// A stage `(map f X)` (filter, flat-map, mapcat) that ->> or |> threaded
// a query form X into: the query pipeline's in-engine step
// (macros_query.cpp); any other form unchanged.
Value query_pipeline_step(const Value& form, ExpandContext& cx);

// Each expander of core_macros.def, e.g. expand_when(form, cx).
#define BATUTA_CORE_MACRO(name, fn) Result<Value> fn(const Value& form, ExpandContext& cx);
#include "compile/core_macros.def"
#undef BATUTA_CORE_MACRO

}  // namespace batuta
