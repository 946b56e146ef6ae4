// macros_match.cpp: `match` (LANGUAGE.md "Clauses and arrows"), built on
// the pattern compiler (pattern.h).
#include <string>

#include "compile/core_macros.h"
#include "compile/macros_util.h"
#include "compile/pattern.h"
#include "core/string.h"

namespace batuta {

using namespace macros;

// (match subject p1 -> e1 p2 when g -> e2 ...):
//   (let* [v subject] (if TEST1 (let* [..] e1) (if TEST2 ... (match-failed v "file:line:col"))))
// The subject is evaluated once; no matching clause panics with the value
// (abbreviated) and the position of the match.
Result<Value> expand_match(const Value& form, ExpandContext& cx) {
  Forms call = elements(form);
  if (call.size() < 2) return cx.error_at(form, "match needs a value to match: (match x pattern -> expr ...)");
  if (call.size() < 3) return cx.error_at(form, "match needs at least one clause: (match x pattern -> expr ...)");
  Forms clause_forms = slice(call, 2);
  BATUTA_MACRO_TRY(std::vector<MatchClause>, clauses, parse_match_clauses(clause_forms, "match", form, cx));
  Value subject = cx.gensym("match");
  Value no_match =
      make_list({core_sym("match-failed"), subject, make_string_literal(position_text(form, cx))});
  BATUTA_MACRO_TRY(Value, chain, build_match(subject, clauses, no_match, form, cx));
  Value out = make_list({sym("let*"), make_vector(Forms{subject, call[1]}), chain});
  cx.copy_position(form, out);
  return out;
}

}  // namespace batuta
