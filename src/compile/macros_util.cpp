// macros_util.cpp: building blocks shared by the core macro expanders.
#include "compile/macros_util.h"

#include "core/list.h"
#include "core/name.h"
#include "core/object.h"
#include "core/printer.h"
#include "core/string.h"
#include "core/tuple.h"
#include "core/vector.h"
#include "core/hash_set.h"

namespace batuta::macros {

Value sym(std::string_view text) { return symbol(text); }
Value core_sym(std::string_view name) { return symbol("batuta.core", name); }
Value kw(std::string_view text) { return keyword(text); }
Value make_string_literal(std::string_view utf8) { return make_string_from_utf8(utf8); }

Value make_list(std::span<const Value> items) { return list_from(items); }
Value make_list(std::initializer_list<Value> items) { return list_from(items); }
Value make_vector(std::span<const Value> items) { return vector_from(items); }

Value quoted(Value x) { return make_list({sym("quote"), std::move(x)}); }

Value call_with(Value head, std::span<const Value> tail) {
  Forms items;
  items.reserve(tail.size() + 1);
  items.push_back(std::move(head));
  items.insert(items.end(), tail.begin(), tail.end());
  return make_list(items);
}

Forms elements(const Value& coll) {
  Forms out;
  if (is_list(coll)) {
    out.reserve(list_count(coll));
    ListCursor next(coll);
    while (const Value* v = next()) out.push_back(*v);
  } else if (is_vector(coll)) {
    out.reserve(vector_count(coll));
    VectorCursor next(coll);
    while (const Value* v = next()) out.push_back(*v);
  } else if (is_tuple(coll)) {
    for (const Value& v : as_tuple(coll)->elements()) out.push_back(v);
  } else if (is_set(coll)) {
    SetCursor next(coll);
    while (const Value* v = next()) out.push_back(*v);
  }
  return out;
}

Forms slice(const Forms& forms, size_t from, size_t end) {
  if (end > forms.size()) end = forms.size();
  if (from >= end) return {};
  return Forms(forms.begin() + static_cast<std::ptrdiff_t>(from), forms.begin() + static_cast<std::ptrdiff_t>(end));
}

Forms prepend(Value head, const Forms& forms) {
  Forms out;
  out.reserve(forms.size() + 1);
  out.push_back(std::move(head));
  out.insert(out.end(), forms.begin(), forms.end());
  return out;
}

bool is_symbol_named(const Value& v, std::string_view text) { return v.is_symbol() && name_text(v) == text; }

bool is_plain_symbol(const Value& v) { return v.is_symbol() && !v.as_name()->has_namespace(); }

bool is_call_to(const Value& v, std::string_view head) {
  return is_cons(v) && is_symbol_named(list_first(v), head);
}

bool is_bindable_symbol(const Value& v) { return is_plain_symbol(v) && name_text(v) != "&"; }

Value body_form(std::span<const Value> forms) {
  if (forms.empty()) return Value::nil();
  if (forms.size() == 1) return forms[0];
  return do_form(forms);
}

Value do_form(std::span<const Value> forms) { return call_with(sym("do"), forms); }

std::string show(const Value& form) { return pr_str_abbreviated(form, 60); }

std::string head_name(const Forms& call) {
  if (!call.empty() && call[0].is_symbol()) return std::string(call[0].as_name()->name());
  return "macro";
}

}  // namespace batuta::macros
