// macros_syntax_quote.cpp: `form, read as (syntax-quote form).
//
// Clojure's rules:
//   symbols       qualified by cx.qualify_symbol (special forms stay bare),
//                 `&` stays bare, `x#` becomes one gensym per syntax-quote
//   (unquote x)   x itself, evaluated
//   (unquote-splicing x) inside a collection: x's elements spliced in
//   collections   rebuilt at run time from their parts:
//                 lists   (batuta.core/seq (batuta.core/concat part...))
//                 vectors (batuta.core/vec (batuta.core/concat part...))
//                 maps    (batuta.core/apply batuta.core/hash-map (batuta.core/concat part...))
//                 sets    (batuta.core/apply batuta.core/hash-set (batuta.core/concat part...))
//                 tuples  (batuta.core/apply batuta.core/tuple (batuta.core/concat part...))
//                 where a part is (batuta.core/list elem) or the spliced
//                 form. A collection with nothing spliced uses the direct
//                 constructor instead: (batuta.core/list a b), (batuta.core/vector a b),
//                 (batuta.core/hash-map k v), (batuta.core/hash-set a), (batuta.core/tuple a b).
//   everything else (keywords, numbers, strings, characters, nil,
//   booleans) stays as it is.
// A syntax-quote inside another one is not supported (a clear error).
#include <string>
#include <utility>
#include <vector>

#include "compile/core_macros.h"
#include "compile/macros_util.h"
#include "core/hash_set.h"
#include "core/list.h"
#include "core/map.h"
#include "core/name.h"
#include "core/tuple.h"
#include "core/vector.h"

namespace batuta {

using namespace macros;

namespace {

class SyntaxQuoter {
 public:
  explicit SyntaxQuoter(ExpandContext& cx) : cx_(cx) {}

  Result<Value> quote(const Value& x) {
    if (x.is_symbol()) return quote_symbol(x);
    if (is_cons(x)) {
      const Value& head = list_first(x);
      if (is_symbol_named(head, "unquote")) return unquoted(x);
      if (is_symbol_named(head, "unquote-splicing"))
        return cx_.error_at(x, "unquote-splicing (~@) used outside a list, vector, map or set");
      if (is_symbol_named(head, "syntax-quote"))
        return cx_.error_at(x, "nested syntax-quote is not supported");
      return collection(x, "list", "seq");
    }
    if (is_empty_list(x)) return make_list({core_sym("list")});
    if (is_vector(x)) return collection(x, "vector", "vec");
    if (is_set(x)) return collection(x, "hash-set", nullptr);
    if (is_tuple(x)) return collection(x, "tuple", nullptr);
    if (is_map(x)) return map(x);
    return x;  // self-evaluating
  }

 private:
  Result<Value> quote_symbol(const Value& s) {
    const Name* n = s.as_name();
    std::string_view text = n->full();
    if (text == "&") return quoted(s);
    if (!n->has_namespace() && text.size() > 1 && text.back() == '#') {
      for (const auto& [from, to] : gensyms_)
        if (from.identical(s)) return quoted(to);
      Value fresh = cx_.gensym(text.substr(0, text.size() - 1));
      gensyms_.emplace_back(s, fresh);
      return quoted(fresh);
    }
    return quoted(cx_.qualify_symbol(s));
  }

  Result<Value> unquoted(const Value& x) {
    if (list_count(x) != 2) return cx_.error_at(x, "unquote (~) takes exactly one form");
    return list_first(list_rest(x));
  }

  // One element's part: (batuta.core/list elem'), or the spliced form.
  Result<Value> part(const Value& elem, bool& spliced) {
    if (is_call_to(elem, "unquote-splicing")) {
      if (list_count(elem) != 2) return cx_.error_at(elem, "unquote-splicing (~@) takes exactly one form");
      spliced = true;
      return list_first(list_rest(elem));
    }
    return quote(elem);
  }

  // `items` quoted one by one; `any_spliced` tells whether a part is a
  // spliced form rather than one element.
  Result<Forms> parts(const Forms& items, std::vector<bool>& is_splice) {
    Forms out;
    for (const Value& item : items) {
      bool spliced = false;
      BATUTA_MACRO_TRY(Value, p, part(item, spliced));
      out.push_back(p);
      is_splice.push_back(spliced);
    }
    return out;
  }

  // (constructor parts...) when nothing is spliced; otherwise the parts
  // concatenated and turned into the collection by `from_seq` (a
  // one-argument function such as seq or vec) or by applying the
  // constructor.
  Value build(const char* constructor, const char* from_seq, const Forms& ps, const std::vector<bool>& is_splice,
              const Value& where) {
    bool any = false;
    for (bool b : is_splice) any = any || b;
    Value out;
    if (!any) {
      out = call_with(core_sym(constructor), ps);
    } else {
      Forms pieces{core_sym("concat")};
      for (size_t i = 0; i < ps.size(); ++i)
        pieces.push_back(is_splice[i] ? ps[i] : make_list({core_sym("list"), ps[i]}));
      Value concat = make_list(pieces);
      out = from_seq ? make_list({core_sym(from_seq), concat})
                     : make_list({core_sym("apply"), core_sym(constructor), concat});
    }
    cx_.copy_position(where, out);
    return out;
  }

  Result<Value> collection(const Value& x, const char* constructor, const char* from_seq) {
    std::vector<bool> is_splice;
    BATUTA_MACRO_TRY(Forms, ps, parts(elements(x), is_splice));
    return build(constructor, from_seq, ps, is_splice, x);
  }

  Result<Value> map(const Value& x) {
    Forms items;
    MapCursor entries(x);
    const Value* k;
    const Value* v;
    while (entries.next(k, v)) {
      items.push_back(*k);
      items.push_back(*v);
    }
    std::vector<bool> is_splice;
    BATUTA_MACRO_TRY(Forms, ps, parts(items, is_splice));
    return build("hash-map", nullptr, ps, is_splice, x);
  }

  ExpandContext& cx_;
  std::vector<std::pair<Value, Value>> gensyms_;  // x# -> its gensym, for this syntax-quote
};

}  // namespace

Result<Value> expand_syntax_quote(const Value& form, ExpandContext& cx) {
  Forms call = elements(form);
  if (call.size() != 2) return cx.error_at(form, "syntax-quote takes exactly one form");
  SyntaxQuoter quoter(cx);
  return quoter.quote(call[1]);
}

}  // namespace batuta
