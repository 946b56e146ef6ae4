// core_wasm_test.cpp: the core, read and vm layers, built for wasm32-wasi and run under
// Node's WASI, so the "core builds without exceptions or threads" constraint
// never silently breaks. A plain main (GoogleTest is not built for wasm):
// each CHECK is one test; the last line is "N passed, N failed".
#include <cstdio>
#include <string>

#include "core/collection.h"
#include "core/equality.h"
#include "core/hash_set.h"
#include "core/list.h"
#include "core/map.h"
#include "core/name.h"
#include "core/number.h"
#include "core/printer.h"
#include "core/sorted_map.h"
#include "core/sorted_set.h"
#include "core/string.h"
#include "core/tuple.h"
#include "core/vector.h"
#include "read/reader.h"
#include "../vm/fib_program.h"
#include "vm/assembler.h"
#include "vm/fiber.h"
#include "vm/function.h"
#include "vm/var.h"

using namespace batuta;

namespace {

int passed = 0, failed = 0;

void check(bool ok, const char* what, int line) {
  if (ok) {
    ++passed;
  } else {
    ++failed;
    std::printf("FAIL line %d: %s\n", line, what);
  }
}
#define CHECK(cond) check((cond), #cond, __LINE__)

void check_printed(const Value& v, const char* expected, int line) {
  std::string got = pr_str(v);
  if (got == expected) {
    ++passed;
  } else {
    ++failed;
    std::printf("FAIL line %d: printed %s, expected %s\n", line, got.c_str(), expected);
  }
}
#define CHECK_PRINTS(v, expected) check_printed((v), (expected), __LINE__)

Value I(int64_t i) { return Value::fixnum(i); }
Value must(Result<Value> r) { return r.ok() ? std::move(r).value() : Value::nil(); }

void numbers() {
  Value big = I(1);
  for (int i = 0; i < 64; ++i) big = must(multiply(big, I(2)));
  CHECK_PRINTS(big, "18446744073709551616");
  CHECK_PRINTS(must(subtract(big, must(subtract(big, I(1))))), "1");
  CHECK(must(subtract(big, must(subtract(big, I(1))))).is_fixnum());
  CHECK_PRINTS(must(add(I(Value::kFixnumMax), I(1))), "562949953421312");
  CHECK_PRINTS(must(divide(I(1), I(3))), "1/3");
  CHECK_PRINTS(must(divide(I(4), I(2))), "2");
  CHECK_PRINTS(must(multiply(Value::from_double(1.5), I(2))), "3.0");
  CHECK_PRINTS(must(mod(I(-7), I(2))), "1");
  CHECK_PRINTS(must(rem(I(-7), I(2))), "-1");
  CHECK_PRINTS(Value::from_double(1e-9), "1.0E-9");
  CHECK(!divide(I(1), I(0)).ok());
  CHECK(divide(I(1), I(0)).error().kind == ErrorKind::ArithmeticError);
  CHECK(!add(I(1), make_string_from_utf8("a")).ok());
  CHECK(!equals(I(1), Value::from_double(1.0)));
  CHECK(numbers_equivalent(I(1), Value::from_double(1.0)).value());
  CHECK_PRINTS(must(parse_integer("ZZ", 36)), "1295");
}

void collections() {
  Value v = empty_vector();
  for (int i = 0; i < 2000; ++i) v = vector_conj(std::move(v), I(i));
  CHECK(vector_count(v) == 2000);
  CHECK(equals(vector_at(v, 1234), I(1234)));
  Value v2 = vector_conj(v, I(-1));
  CHECK(vector_count(v) == 2000 && vector_count(v2) == 2001);

  Value m = empty_map();
  for (int i = 0; i < 5000; ++i) m = map_assoc(std::move(m), I(i), I(i * i));
  CHECK(map_count(m) == 5000);
  CHECK(equals(map_get(m, I(70)), I(4900)));
  CHECK(map_get(m, I(-3)).is_nil());
  Value small = map_from(std::initializer_list<Value>{keyword("a"), I(1), keyword("b"), I(2)});
  CHECK_PRINTS(small, "{:a 1 :b 2}");
  CHECK(equals(vector_from({I(1), I(2)}), list_from({I(1), I(2)})));
  CHECK(hash(vector_from({I(1), I(2)})) == hash(list_from({I(1), I(2)})));
  CHECK_PRINTS(set_from(std::initializer_list<Value>{I(1)}), "#{1}");
  Value sm = must(sorted_map_from(std::initializer_list<Value>{I(3), keyword("c"), I(1), keyword("a")}));
  CHECK_PRINTS(sm, "{1 :a 3 :c}");
  CHECK(equals(sm, map_from(std::initializer_list<Value>{I(1), keyword("a"), I(3), keyword("c")})));
  CHECK_PRINTS(sorted_set_from(std::initializer_list<Value>{I(3), I(1), I(2)}), "#{1 2 3}");
  CHECK_PRINTS(make_tuple({keyword("compute"), I(1), I(2)}), "{:compute 1 2}");
  CHECK_PRINTS(must(conj(Value::nil(), I(1))), "(1)");
  CHECK(!nth(vector_from({I(1)}), 5).ok());
}

void strings_and_names() {
  CHECK(make_string("ok ✓").ok());
  CHECK(!make_string("\xff").ok());
  CHECK_PRINTS(make_string_from_utf8("a\"b"), "\"a\\\"b\"");
  CHECK(keyword("user/email").identical(keyword("user", "email")));
  CHECK_PRINTS(keyword("user/email"), ":user/email");
  CHECK_PRINTS(Value::character('\n'), "\\newline");
}

void reader() {
  SourceMap map;
  auto forms = read_all("(defn f [x] {:compute x 2}) #x1A 1/3 \"s\"", "wasm.ba", map);
  CHECK(forms.ok());
  if (forms.ok()) {
    CHECK(forms.value().size() == 4);
    CHECK_PRINTS(forms.value()[0], "(defn f [x] {:compute x 2})");
    CHECK_PRINTS(forms.value()[1], "26");
    CHECK_PRINTS(forms.value()[2], "1/3");
  }
  auto bad = read_all("(+ 1\n  [2 3", "wasm.ba", map);
  CHECK(!bad.ok());
  CHECK(!bad.ok() && bad.error().message.rfind("wasm.ba:2:3: ", 0) == 0);
}

// The VM on wasm32: fib(20) through a var, computed-goto dispatch included.
void vm() {
  Var* fib = intern_var(find_or_create_namespace(symbol("wasm.test")), symbol("fib"));
  Result<Value> proto = vm_test::assemble_fib(fib);
  CHECK(proto.ok());
  if (!proto.ok()) return;
  var_set(fib, make_closure(proto.value(), {}));
  Value f;
  CHECK(var_get(fib, f));
  Fiber fiber(f, std::vector<Value>{I(20)});
  CHECK(run(fiber) == FiberStatus::Done);
  CHECK_PRINTS(fiber.result(), "6765");
  Fiber deep(f, std::vector<Value>{I(100000)}, FiberOptions{.max_depth = 1000});
  CHECK(run(deep) == FiberStatus::Error);
}

void memory() {
  AllocationStats before = allocation_stats();
  {
    Value l = empty_list();
    for (int i = 0; i < 100000; ++i) l = cons(I(i), std::move(l));
  }
  CHECK(allocation_stats().bytes_live == before.bytes_live);
  Value x = I(0);
  uint64_t allocations = allocation_stats().allocations;
  for (int i = 0; i < 1000; ++i) x = must(add(x, Value::from_double(0.5)));
  CHECK(allocation_stats().allocations == allocations);
}

}  // namespace

int main() {
  numbers();
  collections();
  strings_and_names();
  memory();
  reader();
  vm();
  std::printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
