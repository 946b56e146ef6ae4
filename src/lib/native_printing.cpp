// native_printing.cpp: print, println, pr, prn and their -str forms, with
// core's printer (core/printer.h): print/println write the human form, pr/prn
// the readable one. Output goes through output.h (stdout, or the innermost
// with-out-str capture).
#include <string>

#include "core/printer.h"
#include "core/string.h"
#include "lib/native_util.h"
#include "lib/natives.h"
#include "lib/output.h"

namespace batuta {

namespace {

// The args in the chosen form separated by single spaces, optionally
// followed by a newline. The lazy seqs inside the args are realised first,
// on the native's fiber: a failing thunk fails the print call with its
// error and Batuta trace (the position of the code that failed, then of the
// call that printed), and nothing is printed.
Result<std::string> render(VmContext& ctx, std::span<const Value> args, bool readably, bool newline) {
  for (const Value& a : args) {
    Result<bool> realized = lazy_seq_realize_deep(a, lib::runner_of(ctx));
    if (!realized) return realized.take_error();
  }
  Printer p(readably);
  for (size_t i = 0; i < args.size(); ++i) {
    if (i > 0) p.write(' ');
    p.print(args[i]);
  }
  if (newline) p.write('\n');
  Result<bool> pending = lib::check_realize_error();
  if (!pending) return pending.take_error();
  return p.take();
}

Result<Value> print_out(VmContext& ctx, std::span<const Value> args, bool readably, bool newline) {
  Result<std::string> s = render(ctx, args, readably, newline);
  if (!s) return s.take_error();
  write_output(s.value());
  return Value();
}

Result<Value> print_to_string(VmContext& ctx, std::span<const Value> args, bool readably, bool newline) {
  Result<std::string> s = render(ctx, args, readably, newline);
  if (!s) return s.take_error();
  return make_string_from_utf8(s.value());
}

}  // namespace

Result<Value> n_print(VmContext& ctx, std::span<const Value> args) { return print_out(ctx, args, false, false); }
Result<Value> n_println(VmContext& ctx, std::span<const Value> args) { return print_out(ctx, args, false, true); }
Result<Value> n_pr(VmContext& ctx, std::span<const Value> args) { return print_out(ctx, args, true, false); }
Result<Value> n_prn(VmContext& ctx, std::span<const Value> args) { return print_out(ctx, args, true, true); }
Result<Value> n_pr_str(VmContext& ctx, std::span<const Value> args) { return print_to_string(ctx, args, true, false); }
Result<Value> n_prn_str(VmContext& ctx, std::span<const Value> args) { return print_to_string(ctx, args, true, true); }
Result<Value> n_print_str(VmContext& ctx, std::span<const Value> args) { return print_to_string(ctx, args, false, false); }
Result<Value> n_println_str(VmContext& ctx, std::span<const Value> args) { return print_to_string(ctx, args, false, true); }

Result<Value> n_newline(VmContext&, std::span<const Value>) {
  write_output("\n");
  return Value();
}

Result<Value> n_flush(VmContext&, std::span<const Value>) {
  flush_output();
  return Value();
}

Result<Value> n_push_output_capture(VmContext&, std::span<const Value>) {
  push_output_capture();
  return Value();
}

Result<Value> n_pop_output_capture(VmContext& ctx, std::span<const Value>) {
  std::string captured;
  if (!pop_output_capture(captured)) {
    return make_error(ErrorKind::IllegalState, std::string(lib::op_name(ctx)) + ": no output capture is active");
  }
  return make_string_from_utf8(captured);
}

}  // namespace batuta
