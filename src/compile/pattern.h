// pattern.h: the pattern compiler. Clauses `pattern -> expr` and
// `pattern when guard -> expr` in, plain code (if, let* and calls of the
// batuta.core/match-* tests) out. It serves `match` (macros_match.cpp) and
// is the API the actor runtime expands `receive` clauses through.
//
// Patterns (LANGUAGE.md "Clauses and arrows", docs/patterns.md):
//   _                  matches anything, binds nothing
//   x                  matches anything, binds x (always a fresh binding:
//                      a symbol bound outside is shadowed, not compared;
//                      compare with a guard). A symbol twice in one
//                      pattern is an error.
//   42 "s" :k \c nil true 1.5 1/2 'sym
//                      literals: equal under `=` (so 1 does not match 1.0)
//   [a b & rest]       a vector, list or lazy sequence of exactly 2
//                      elements (at least 2 with `& rest`; rest is the
//                      remaining sequence, () when none is left)
//   {:k p "s" q}       a map holding the keys :k and "s" whose values match
//                      p and q; other keys may be present. Keys are literals.
//   {:tag a b}         an odd number of brace elements: a tuple of exactly
//                      that many elements, each matching its pattern
//   p :: Type          the reader keeps the annotation beside the form
//                      (read/source_map.h), so the pattern is p; nothing
//                      is checked at run time
// Patterns nest freely.
//
// The code built for clauses c1..cn against a subject symbol v is a
// decision tree. A clause whose pattern is a tuple of n elements or a
// non-empty map can only match a value of that one kind; a run of such
// clauses is tried kind by kind, the subject's kind tested once:
//   (if (match-tuple? v 3) (CLAUSES-OF-TUPLE3 ... REST)
//     (if (%match-map? v) (CLAUSES-OF-MAP ... REST)
//       REST))
// where each clause of a branch tests only its parts (the kind is known),
// a tuple branch with several tagged clauses reads element 0 once, and
// REST is what follows the run. Other clauses are tried in order:
//   (if TEST (let* [BINDINGS] BODY) NEXT)
// TEST is an expression that is true exactly when the pattern fits (and,
// with a guard, the guard holds under the pattern's bindings); it never
// fails on a value of the wrong shape. A clause whose pattern cannot fail
// (given what the branch knows) and has no guard ends its chain. Each body
// is in the position of the whole match, so `recur` in a body works,
// nothing is allocated to try a clause, and every test is one instruction
// (IsTuple, IsMap, HasKeyK, EqK fused with their branch; ElemK, GetK).
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "compile/expand_context.h"
#include "compile/macros_util.h"

namespace batuta {

struct MatchClause {
  Value pattern;
  Value guard;  // the `when` expression; meaningful only when has_guard
  bool has_guard = false;
  Value body;
};

// Splits clause forms (what follows the subject of `(match x ...)`) into
// clauses: `p -> e` or `p when g -> e`, one after another. `what` names the
// form in errors ("match", "receive"); `where` positions them.
Result<std::vector<MatchClause>> parse_match_clauses(std::span<const Value> forms, std::string_view what,
                                                     const Value& where, ExpandContext& cx);

// Checks a pattern without building anything: an unsupported form (a list
// other than a quote, a set, a qualified symbol...) or a symbol bound twice
// is an error positioned at `where`.
Result<bool> check_pattern(const Value& pattern, const Value& where, ExpandContext& cx);

// The test of one clause against the value of `subject` (a symbol bound by
// the caller): an expression true exactly when the pattern fits and the
// guard, if any, holds. Nil when the clause always matches.
Result<Value> clause_test(const MatchClause& clause, const Value& subject, const Value& where, ExpandContext& cx);

// The let* bindings [sym expr ...] a pattern makes against `subject`; only
// valid where the pattern's test has succeeded.
Result<macros::Forms> pattern_bindings(const Value& pattern, const Value& subject, ExpandContext& cx);

// The whole chain: the first clause that matches `subject` (a symbol the
// caller bound) runs its body with its bindings; when none matches,
// `no_match` is evaluated (e.g. `(batuta.core/%match-failed v "f:1:2")` for
// match; receive leaves the message in the mailbox instead).
Result<Value> build_match(const Value& subject, std::span<const MatchClause> clauses, const Value& no_match,
                          const Value& where, ExpandContext& cx);

// Whether the pattern binds the symbol `name` (anywhere inside it).
bool pattern_binds(const Value& pattern, const Value& name);

// "file:line:column" of a form, as errors at it would name it.
std::string position_text(const Value& form, ExpandContext& cx);

}  // namespace batuta
