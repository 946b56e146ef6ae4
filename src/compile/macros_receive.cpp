// macros_receive.cpp: `receive` and `receive-timeout` (docs/actors.md),
// built on the pattern compiler (pattern.h) and the actor runtime's scan
// natives (actor/actor_natives.cpp, "receive's scan").
//
// (receive p0 -> e0  p1 when g1 -> e1) expands to
//
//   (let* [i (loop* [m (%receive-start nil)]
//              (if TEST0 0
//                (if TEST1 1
//                  (recur (%receive-next nil)))))
//          r (%receive-take)]
//     (if (= i 0) (let* [BINDINGS0 of r] e0) (let* [BINDINGS1 of r] e1)))
//
// Each message is tested once, inline (no closure call per message): the
// scan loop only decides which clause takes which message, %receive-take
// then takes that message out of the mailbox and returns it, and the
// chosen clause's bindings are read from it without testing it again.
// Two natives when the first message is taken (first, take), one more per
// message no clause takes; the scan's state lives in the actor.
// The bodies sit outside the scan loop, in the position of the whole
// receive, so `recur` in a body continues the enclosing loop or function
// (an actor's state). Unmatched messages stay in the mailbox, in order
// (the natives keep them there); %receive-start and %receive-next suspend
// the actor until a message arrives.
//
// receive-timeout binds a deadline first and ends the scan loop with nil
// when %receive-start or %receive-next reports that the deadline passed;
// then its `timeout -> expr` clause runs (and nothing is taken).
// receive-with-priority stays in actor.ba.
#include <string>

#include "compile/core_macros.h"
#include "compile/macros_util.h"
#include "compile/pattern.h"
#include "core/name.h"

namespace batuta {

using namespace macros;

namespace {

Value let_star(const Forms& bindings, const Value& body) {
  if (bindings.empty()) return body;
  return make_list({sym("let*"), make_vector(bindings), body});
}

// what: "receive" or "receive-timeout"; deadline: the deadline expression
// (nil for none); timeout_body: the timeout clause's expression (timed ==
// true only for receive-timeout).
Result<Value> expand_receive_form(const Value& form, const Forms& clause_forms, std::string_view what,
                                  const Value& deadline_expr, bool timed, const Value& timeout_body,
                                  ExpandContext& cx) {
  BATUTA_MACRO_TRY(std::vector<MatchClause>, clauses, parse_match_clauses(clause_forms, what, form, cx));
  Value deadline = cx.gensym("receive-deadline");
  Value msg = cx.gensym("receive-message");
  Value index = cx.gensym("receive-clause");
  Value received = cx.gensym("received");
  Value deadline_arg = timed ? deadline : Value::nil();
  Value first = make_list({core_sym("%receive-start"), deadline_arg});
  Value next = make_list({core_sym("%receive-next"), deadline_arg});

  // The scan loop's body: the index of the first clause whose test
  // passes; none: try the next message.
  Value chain = make_list({sym("recur"), next});
  for (size_t k = clauses.size(); k-- > 0;) {
    BATUTA_MACRO_TRY(Value, test, clause_test(clauses[k], msg, form, cx));
    Value index_k = Value::fixnum(static_cast<int64_t>(k));
    chain = test.is_nil() ? index_k : make_list({sym("if"), test, index_k, chain});
  }
  // A nil from %receive-start or %receive-next is a nil message or the
  // deadline: only then is %receive-timed-out? asked.
  if (timed) {
    Value timed_out = make_list({sym("if"), make_list({core_sym("nil?"), msg}),
                                 make_list({core_sym("%receive-timed-out?")}), Value::boolean(false)});
    chain = make_list({sym("if"), timed_out, Value::nil(), chain});
  }
  Value scan = make_list({sym("loop*"), make_vector(Forms{msg, first}), chain});

  // The chosen clause's body with its bindings, from the last clause back.
  Value dispatch = Value::nil();
  for (size_t k = clauses.size(); k-- > 0;) {
    BATUTA_MACRO_TRY(Forms, bindings, pattern_bindings(clauses[k].pattern, received, cx));
    Value body = let_star(bindings, clauses[k].body);
    if (k + 1 == clauses.size()) {
      dispatch = body;
    } else {
      Value is_k = make_list({core_sym("="), index, Value::fixnum(static_cast<int64_t>(k))});
      dispatch = make_list({sym("if"), is_k, body, dispatch});
    }
  }
  Value take = make_list({core_sym("%receive-take")});
  dispatch = let_star(Forms{received, take}, dispatch);
  if (timed) dispatch = make_list({sym("if"), make_list({core_sym("nil?"), index}), timeout_body, dispatch});

  Forms bindings;
  if (timed) {
    bindings.push_back(deadline);
    bindings.push_back(deadline_expr);
  }
  bindings.push_back(index);
  bindings.push_back(scan);
  Value out = make_list({sym("let*"), make_vector(bindings), dispatch});
  cx.copy_position(form, out);
  return out;
}

// As in pattern.cpp: also qualified (a syntax-quoted macro writes `ns/->`).
bool is_word(const Value& v, std::string_view word) { return v.is_symbol() && v.as_name()->name() == word; }
bool is_timeout_word(const Value& v) { return is_word(v, "timeout"); }
bool is_arrow(const Value& v) { return is_word(v, "->"); }

}  // namespace

Result<Value> expand_receive(const Value& form, ExpandContext& cx) {
  Forms call = elements(form);
  if (call.size() < 2) return cx.error_at(form, "receive needs at least one clause: (receive pattern -> expr ...)");
  return expand_receive_form(form, slice(call, 1), "receive", Value::nil(), false, Value::nil(), cx);
}

// (receive-timeout ms clauses... timeout -> expr): the clause whose pattern
// is the bare symbol `timeout` is the timeout branch, wherever it stands.
Result<Value> expand_receive_timeout(const Value& form, ExpandContext& cx) {
  Forms call = elements(form);
  if (call.size() < 2)
    return cx.error_at(form, "receive-timeout needs a timeout in milliseconds: (receive-timeout ms pattern -> expr ... "
                             "timeout -> expr)");
  Forms rest = slice(call, 2);
  Forms clause_forms;
  Value timeout_body;
  bool has_timeout = false;
  // Walk the clauses (pattern [when guard] -> expr) to find the timeout
  // one; a malformed rest is left to parse_match_clauses to report.
  size_t i = 0;
  while (i < rest.size()) {
    if (is_timeout_word(rest[i]) && i + 1 < rest.size() && is_arrow(rest[i + 1])) {
      if (i + 2 >= rest.size())
        return cx.error_at(form, "receive-timeout: the clause for timeout has no expression after ->");
      if (has_timeout) return cx.error_at(form, "receive-timeout: more than one `timeout -> expr` clause");
      timeout_body = rest[i + 2];
      has_timeout = true;
      i += 3;
      continue;
    }
    size_t end = i + 1;
    if (end < rest.size() && is_word(rest[end], "when")) end += 2;
    end += 2;  // -> expr
    for (; i < end && i < rest.size(); ++i) clause_forms.push_back(rest[i]);
  }
  if (!has_timeout) return cx.error_at(form, "receive-timeout: needs a `timeout -> expr` clause");
  Value deadline = make_list({core_sym("%deadline"), call[1]});
  return expand_receive_form(form, clause_forms, "receive-timeout", deadline, true, timeout_body, cx);
}

}  // namespace batuta
