// print_result.h: how the REPL and `batuta -e` show the value of a form.
//
// A value may hold lazy seqs that have not run yet; printing realises
// them. Core's printer cannot fail (a failing thunk would print as the
// sequence ending there, and its error would surface at some later form),
// so the lazy seqs are realised first, each thunk in a fiber of its own,
// and a failure becomes the result: the form that was being shown fails
// with the error and the Batuta trace of the code that failed.
#pragma once

#include <string>

#include "core/status.h"
#include "core/value.h"

namespace batuta {

// The readable form of v (pr-str), or an error whose message is the whole
// report, ready to print: "panic: /: division by zero\n  at f (t.ba:1:5)\n...".
Result<std::string> pr_str_realized(const Value& v);

}  // namespace batuta
