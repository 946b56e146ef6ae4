// macros_match.cpp: `match` (LANGUAGE.md "Clauses and arrows"), built on
// the pattern compiler (pattern.h).
#include <string>

#include "compile/core_macros.h"
#include "compile/macros_util.h"
#include "compile/pattern.h"
#include "core/name.h"
#include "core/string.h"

namespace batuta {

using namespace macros;

// (match subject p1 -> e1 p2 when g -> e2 ...):
//   (let* [v subject] (if TEST1 (let* [..] e1) (if TEST2 ... (%match-failed v "file:line:col"))))
// The subject is evaluated once; no matching clause panics with the value
// (abbreviated) and the position of the match. A subject that is a local
// is tested where it is, without the copy (nothing can rebind a local
// while the clauses are tried), unless a pattern binds the same name.
Result<Value> expand_match(const Value& form, ExpandContext& cx) {
  Forms call = elements(form);
  if (call.size() < 2) return cx.error_at(form, "match needs a value to match: (match x pattern -> expr ...)");
  if (call.size() < 3) return cx.error_at(form, "match needs at least one clause: (match x pattern -> expr ...)");
  Forms clause_forms = slice(call, 2);
  BATUTA_MACRO_TRY(std::vector<MatchClause>, clauses, parse_match_clauses(clause_forms, "match", form, cx));
  // (A clause binding the subject's own name would shadow it for the
  // bindings that follow: such a match copies the subject as usual.)
  bool local_subject = is_bindable_symbol(call[1]) && !call[1].as_name()->has_namespace() && cx.is_local(call[1]);
  for (const MatchClause& c : clauses) local_subject = local_subject && !pattern_binds(c.pattern, call[1]);
  Value subject = local_subject ? call[1] : cx.gensym("match");
  Value no_match =
      make_list({core_sym("%match-failed"), subject, make_string_literal(position_text(form, cx))});
  BATUTA_MACRO_TRY(Value, chain, build_match(subject, clauses, no_match, form, cx));
  Value out = local_subject ? chain : make_list({sym("let*"), make_vector(Forms{subject, call[1]}), chain});
  cx.copy_position(form, out);
  return out;
}

}  // namespace batuta
