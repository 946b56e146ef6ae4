// macros_errors.cpp: errors as values (LANGUAGE.md "Errors are values"):
// `?` and `deferror`. The functions ok, error, ok?, error? and ! are
// natives (lib/native_match.cpp).
#include <string>

#include "compile/core_macros.h"
#include "compile/macros_util.h"
#include "core/name.h"
#include "core/string.h"

namespace batuta {

using namespace macros;

// (? r default): the value of an ok result, else default (evaluated only
// then).
// (? r): the value of an ok result, else the error is returned at once
// from the enclosing function (the special form return*, an ir::Return):
//   (let* [t r] (if (ok? t) (get t :ok) (return* (propagated-error t))))
// propagated-error panics when r is neither an ok nor an error.
Result<Value> expand_try(const Value& form, ExpandContext& cx) {
  Forms call = elements(form);
  if (call.size() != 2 && call.size() != 3)
    return cx.error_at(form, "? takes a result and an optional default: (? r) or (? r default), got " +
                                 std::to_string(call.size() - 1) + " arguments");
  Value t = cx.gensym("result");
  Value otherwise = call.size() == 3 ? call[2]
                                     : make_list({sym("return*"), make_list({core_sym("propagated-error"), t})});
  Value branch = make_list({sym("if"), make_list({core_sym("ok?"), t}), make_list({core_sym("get"), t, kw("ok")}),
                            otherwise});
  Value out = make_list({sym("let*"), make_vector(Forms{t, call[1]}), branch});
  cx.copy_position(form, out);
  return out;
}

// (deferror Name "doc"? :a :b ...): defines Name as the error set
// {:error-set Name :errors [:a :b ...]}, the value the type checker reads.
Result<Value> expand_deferror(const Value& form, ExpandContext& cx) {
  Forms call = elements(form);
  if (call.size() < 2 || !is_bindable_symbol(call[1]) || call[1].as_name()->has_namespace())
    return cx.error_at(form, "deferror needs a name: (deferror MathError :division-by-zero :overflow)");
  size_t first = 2;
  Value doc;
  if (call.size() > 2 && is_string(call[2])) {
    doc = call[2];
    first = 3;
  }
  Forms errors;
  for (size_t i = first; i < call.size(); ++i) {
    if (!call[i].is_keyword())
      return cx.error_at(form, "deferror " + show(call[1]) + ": each error is a keyword, got " + show(call[i]));
    for (const Value& e : errors)
      if (e.identical(call[i]))
        return cx.error_at(form, "deferror " + show(call[1]) + ": " + show(call[i]) + " is listed twice");
    errors.push_back(call[i]);
  }
  Forms entries{kw("error-set"), quoted(call[1]), kw("errors"), make_vector(errors)};
  Value value = make_list({core_sym("hash-map"), entries[0], entries[1], entries[2], entries[3]});
  Value out = doc.is_nil() ? make_list({sym("def"), call[1], value}) : make_list({sym("def"), call[1], doc, value});
  cx.copy_position(form, out);
  return out;
}

}  // namespace batuta
