// destructure.cpp: Clojure's destructuring, down to plain let* bindings.
#include "compile/destructure.h"

#include <string>

#include "core/list.h"
#include "core/map.h"
#include "core/name.h"
#include "core/string.h"
#include "core/vector.h"

namespace batuta::macros {

namespace {

Result<bool> bind_symbol(const Value& pattern, Value value, ExpandContext& cx, const Value& where, Forms& out) {
  if (pattern.as_name()->has_namespace())
    return cx.error_at(where, "can't bind qualified name: " + std::string(name_text(pattern)));
  if (name_text(pattern) == "&") return cx.error_at(where, "Unsupported binding form: &");
  out.push_back(pattern);
  out.push_back(std::move(value));
  return true;
}

// [a b & rest :as all]
Result<bool> bind_vector(const Value& pattern, Value value, ExpandContext& cx, Forms& out) {
  Forms items = elements(pattern);
  Value whole = cx.gensym("vec");
  out.push_back(whole);
  out.push_back(std::move(value));
  int64_t position = 0;
  bool seen_rest = false;
  for (size_t i = 0; i < items.size(); ++i) {
    const Value& item = items[i];
    if (is_symbol_named(item, "&")) {
      if (seen_rest) return cx.error_at(pattern, "only one & is allowed in a binding vector");
      if (i + 1 >= items.size() || items[i + 1].is_keyword())
        return cx.error_at(pattern, "& must be followed by a binding form in " + show(pattern));
      seen_rest = true;
      Value rest = make_list({core_sym("nthnext"), whole, Value::fixnum(position)});
      // `& {:keys [..]}`: the rest is keyword arguments, read as a map.
      if (is_map(items[i + 1])) rest = make_list({core_sym("apply"), core_sym("hash-map"), rest});
      BATUTA_MACRO_TRY(bool, ok, destructure(items[i + 1], rest, cx, pattern, out));
      (void)ok;
      ++i;
      continue;
    }
    if (item.is_keyword() && name_text(item) == "as") {
      if (i + 2 != items.size() || !is_bindable_symbol(items[i + 1]))
        return cx.error_at(pattern, ":as must be followed by a symbol, at the end of " + show(pattern));
      out.push_back(items[i + 1]);
      out.push_back(whole);
      break;
    }
    if (seen_rest) return cx.error_at(pattern, "only :as may follow the & binding form in " + show(pattern));
    Value nth = make_list({core_sym("nth"), whole, Value::fixnum(position), Value::nil()});
    BATUTA_MACRO_TRY(bool, ok, destructure(item, nth, cx, pattern, out));
    (void)ok;
    ++position;
  }
  return true;
}

// (batuta.core/get m key) or, with an :or default, (batuta.core/get m key default).
Value lookup(const Value& map_sym, Value key, const Value* default_value) {
  if (default_value) return make_list({core_sym("get"), map_sym, std::move(key), *default_value});
  return make_list({core_sym("get"), map_sym, std::move(key)});
}

const Value* or_default(const Value& or_map, const Value& local) {
  return or_map.is_nil() ? nullptr : map_find(or_map, local);
}

// {:keys [a ns/b :c]}, {:strs [a]}, {:syms [a]}, {:ns/keys [a]}.
Result<bool> bind_named_keys(const Value& pattern, const Value& directive, const Value& names, const Value& whole,
                             const Value& or_map, ExpandContext& cx, Forms& out) {
  const Name* d = directive.as_name();
  std::string_view kind = d->name();
  std::string_view directive_ns = d->ns();
  if (!is_vector(names))
    return cx.error_at(pattern, show(directive) + " must be followed by a vector of symbols, got " +
                                    show(names));
  for (const Value& n : elements(names)) {
    if (!n.is_symbol() && !(n.is_keyword() && kind == "keys"))
      return cx.error_at(pattern, "Unsupported binding form in " + show(directive) + ": " + show(n));
    const Name* name = n.as_name();
    std::string_view local_text = name->name();
    std::string_view key_ns = name->has_namespace() ? name->ns() : directive_ns;
    if (local_text == "&") return cx.error_at(pattern, "Unsupported binding form: &");
    Value local = sym(local_text);
    Value key;
    if (kind == "keys") {
      key = key_ns.empty() ? keyword(local_text) : keyword(key_ns, local_text);
    } else if (kind == "strs") {
      if (name->has_namespace()) return cx.error_at(pattern, ":strs takes plain symbols, got " + show(n));
      key = make_string_from_utf8(local_text);
    } else {
      key = quoted(key_ns.empty() ? symbol(local_text) : symbol(key_ns, local_text));
    }
    out.push_back(local);
    out.push_back(lookup(whole, std::move(key), or_default(or_map, local)));
  }
  return true;
}

bool is_directive(const Value& key, std::string_view which) {
  return key.is_keyword() && key.as_name()->name() == which;
}

// {:keys [a] :or {a 1} :as m, x :x, [p q] :pair}
Result<bool> bind_map(const Value& pattern, Value value, ExpandContext& cx, Forms& out) {
  Value whole = cx.gensym("map");
  out.push_back(whole);
  out.push_back(std::move(value));
  Value or_map;
  if (const Value* as = map_find(pattern, kw("as"))) {
    if (!is_bindable_symbol(*as)) return cx.error_at(pattern, ":as must be followed by a symbol, got " + show(*as));
    out.push_back(*as);
    out.push_back(whole);
  }
  if (const Value* defaults = map_find(pattern, kw("or"))) {
    if (!is_map(*defaults)) return cx.error_at(pattern, ":or must be followed by a map, got " + show(*defaults));
    or_map = *defaults;
  }
  MapCursor entries(pattern);
  const Value* key;
  const Value* val;
  while (entries.next(key, val)) {
    if (key->is_keyword() && !key->as_name()->has_namespace() &&
        (name_text(*key) == "as" || name_text(*key) == "or"))
      continue;
    if (is_directive(*key, "keys") || is_directive(*key, "strs") || is_directive(*key, "syms")) {
      BATUTA_MACRO_TRY(bool, ok, bind_named_keys(pattern, *key, *val, whole, or_map, cx, out));
      (void)ok;
      continue;
    }
    if (key->is_symbol()) {
      const Value* default_value = or_default(or_map, *key);
      BATUTA_MACRO_TRY(bool, ok, bind_symbol(*key, lookup(whole, *val, default_value), cx, pattern, out));
      (void)ok;
      continue;
    }
    if (is_vector(*key) || is_map(*key)) {
      BATUTA_MACRO_TRY(bool, ok, destructure(*key, lookup(whole, *val, nullptr), cx, pattern, out));
      (void)ok;
      continue;
    }
    return cx.error_at(pattern, "Unsupported binding form: " + show(*key));
  }
  return true;
}

}  // namespace

bool is_destructuring_pattern(const Value& pattern) { return is_vector(pattern) || is_map(pattern); }

Result<bool> destructure(const Value& pattern, Value value, ExpandContext& cx, const Value& where, Forms& out) {
  if (pattern.is_symbol()) return bind_symbol(pattern, std::move(value), cx, where, out);
  if (is_vector(pattern)) return bind_vector(pattern, std::move(value), cx, out);
  if (is_map(pattern)) return bind_map(pattern, std::move(value), cx, out);
  return cx.error_at(pattern.is_object() ? pattern : where, "Unsupported binding form: " + show(pattern));
}

Result<Forms> destructure_bindings(const Forms& pairs, ExpandContext& cx, const Value& where) {
  Forms out;
  out.reserve(pairs.size());
  for (size_t i = 0; i + 1 < pairs.size(); i += 2) {
    BATUTA_MACRO_TRY(bool, ok, destructure(pairs[i], pairs[i + 1], cx, where, out));
    (void)ok;
  }
  return out;
}

}  // namespace batuta::macros
