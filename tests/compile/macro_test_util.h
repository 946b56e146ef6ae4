// macro_test_util.h: a deterministic ExpandContext and helpers for the core
// macro tests: read a form, expand it with its core macro, print the result.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "compile/core_macros.h"
#include "compile/macros_util.h"
#include "core/equality.h"
#include "core/list.h"
#include "core/name.h"
#include "core/printer.h"
#include "core/vector.h"
#include "read/reader.h"

namespace batuta::test {

// Gensyms count from 1 per context; symbols resolve as if batuta.core
// defined a handful of functions and everything else were in `user`.
class TestExpandContext : public ExpandContext {
 public:
  explicit TestExpandContext(SourceMap& map) : map_(map) {}

  Value gensym(std::string_view prefix) override {
    return symbol(std::string(prefix) + "__" + std::to_string(++counter_) + "__auto__");
  }

  Value qualify_symbol(const Value& sym) override {
    static const std::unordered_set<std::string_view> special = {
        "if", "do", "let*", "loop*", "recur", "fn*", "letfn*", "quote", "var", "def", "def*"};
    static const std::unordered_set<std::string_view> core = {"map", "inc", "+", "seq", "list", "when", "println"};
    const Name* n = sym.as_name();
    if (n->has_namespace() || special.count(n->full())) return sym;
    if (core.count(n->full())) return symbol("batuta.core", n->full());
    return symbol("user", n->full());
  }

  Error error_at(const Value& form, std::string message) override {
    std::string where = "test.ba:?:?";
    if (const SourcePos* p = position_of(form))
      where = "test.ba:" + std::to_string(p->line) + ":" + std::to_string(p->column);
    return make_error(ErrorKind::ParseError, where + ": " + message);
  }

  void copy_position(const Value& from, const Value& to) override {
    const SourcePos* p = position_of(from);
    if (p && to.is_object()) copied_[to.as_object()] = {to, *p};
  }

  // Each expansion in a test starts counting gensyms from 1 again.
  void reset_gensyms() { counter_ = 0; }

  const SourcePos* position_of(const Value& form) const {
    if (const SourcePos* p = map_.position_of(form)) return p;
    if (!form.is_object()) return nullptr;
    auto it = copied_.find(form.as_object());
    return it == copied_.end() ? nullptr : &it->second.pos;
  }

 private:
  struct Copied {
    Value form;  // keeps the address from being reused
    SourcePos pos;
  };
  SourceMap& map_;
  int counter_ = 0;
  std::unordered_map<const void*, Copied> copied_;
};

// One test's reader state and context.
class MacroTest : public ::testing::Test {
 protected:
  MacroTest() : cx_(map_) {}

  Value read(std::string_view src) {
    auto r = read_all(src, "test.ba", map_);
    EXPECT_TRUE(r.ok()) << src << " -> " << (r.ok() ? "" : r.error().message);
    if (!r.ok() || r.value().size() != 1) return Value();
    return r.value()[0];
  }

  // Expands the single form in src with the core macro at its head (or
  // expand_pipeline when it contains |>); "error: message" on failure.
  std::string expand(std::string_view src) {
    Value form = read(src);
    last_form_ = form;
    cx_.reset_gensyms();
    Result<Value> r = has_pipeline_operator(form) ? expand_pipeline(form, cx_) : expand_with_head(form);
    if (!r.ok()) return "error: " + r.error().message;
    last_expansion_ = r.value();
    return pr_str(r.value());
  }

  // Whether the expansion of src equals (=) the form `expected` reads as:
  // for expansions holding sets, whose printed order is the hash order.
  ::testing::AssertionResult expands_equal(std::string_view src, std::string_view expected) {
    std::string got = expand(src);
    Value want = read(expected);
    if (equals(last_expansion_, want) && got.rfind("error:", 0) != 0) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << src << " expanded to " << got << ", expected " << expected;
  }

  Result<Value> expand_with_head(const Value& form) {
    if (!is_cons(form) || !list_first(form).is_symbol()) return make_error(ErrorKind::TypeError, "not a macro call");
    CoreMacroFn fn = find_core_macro(name_text(list_first(form)));
    if (!fn) return make_error(ErrorKind::TypeError, "no core macro " + std::string(name_text(list_first(form))));
    return fn(form, cx_);
  }

  SourceMap map_;
  TestExpandContext cx_;
  Value last_form_;
  Value last_expansion_;
};

// Every list in `form` (outside quote) whose head is a bare symbol naming a
// core macro: an expansion must contain none (it may use only special forms
// and calls), unless the user's own code put one there.
inline std::string first_unexpanded_macro(const Value& form) {
  if (is_cons(form) && list_first(form).is_symbol()) {
    const Value& head = list_first(form);
    std::string_view h = name_text(head);
    if (h == "quote") return "";
    if (is_core_macro_name(h) && !head.as_name()->has_namespace()) return std::string(h);
  }
  if (!is_cons(form) && !is_vector(form)) return "";
  for (const Value& v : macros::elements(form)) {
    std::string inner = first_unexpanded_macro(v);
    if (!inner.empty()) return inner;
  }
  return "";
}

}  // namespace batuta::test
