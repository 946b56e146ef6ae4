// fib_program.h: the doubly recursive fib, assembled by hand, shared by the
// native vm tests and the wasm32 test (so it uses no GoogleTest).
//   (defn fib [n] (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2)))))
// Calls go through `var` with CallVar, as compiled code's calls to a defn do.
#pragma once

#include "core/number.h"
#include "vm/assembler.h"
#include "vm/var.h"

namespace batuta::vm_test {

inline Result<Value> assemble_fib(Var* var) {
  Assembler a("fib", "test.ba", 1);
  auto recurse = a.new_label();
  a.load_k(1, make_integer(2));
  a.lt(2, 0, 1);
  a.jmp_if_not(2, recurse);
  a.ret(0);
  a.bind(recurse);
  a.load_k(2, make_integer(1));
  a.sub(2, 0, 2);
  a.call_var(1, 1, var);
  a.load_k(3, make_integer(2));
  a.sub(3, 0, 3);
  a.call_var(2, 1, var);
  a.add(0, 1, 2);
  a.ret(0);
  return a.finish();
}

}  // namespace batuta::vm_test
