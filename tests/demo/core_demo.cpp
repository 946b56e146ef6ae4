// core_demo.cpp: what `make run` shows until the language runs: the core
// value layer at work (numbers, strings, keywords, persistent collections,
// equality and printing), each line a Batuta expression and its value.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/equality.h"
#include "core/hash_set.h"
#include "core/list.h"
#include "core/map.h"
#include "core/name.h"
#include "core/number.h"
#include "core/printer.h"
#include "core/sorted_map.h"
#include "core/string.h"
#include "core/tuple.h"
#include "core/vector.h"
#include "core/version.h"

using namespace batuta;

namespace {

void show(const char* expr, const Value& v) { std::printf("  %-44s ;=> %s\n", expr, pr_str(v).c_str()); }

Value must(Result<Value> r) {
  if (!r.ok()) {
    std::fprintf(stderr, "core_demo: %s\n", r.error().message.c_str());
    std::exit(1);
  }
  return std::move(r).value();
}

Value ints(std::initializer_list<int64_t> xs) {
  Value v = empty_vector();
  for (int64_t x : xs) v = vector_conj(std::move(v), Value::fixnum(x));
  return v;
}

}  // namespace

int main() {
  std::printf("Batuta %s: the core value layer\n\n", kVersion);

  std::printf("Numbers never overflow silently; / is exact:\n");
  Value big = Value::fixnum(1);
  for (int i = 0; i < 64; ++i) big = must(multiply(big, Value::fixnum(2)));
  show("(reduce * (repeat 64 2))", big);
  show("(/ 1 3)", must(divide(Value::fixnum(1), Value::fixnum(3))));
  show("(+ 1/3 2/3)", must(add(must(divide(Value::fixnum(1), Value::fixnum(3))),
                                 must(divide(Value::fixnum(2), Value::fixnum(3))))));
  show("(* 1.5 2)", must(multiply(Value::from_double(1.5), Value::fixnum(2))));
  show("(mod -7 2)", must(mod(Value::fixnum(-7), Value::fixnum(2))));
  show("(= 1 1.0)", Value::boolean(equals(Value::fixnum(1), Value::from_double(1.0))));

  std::printf("\nPersistent collections share structure:\n");
  Value v1 = ints({1, 2, 3, 4, 5});
  Value v2 = vector_conj(v1, Value::fixnum(6));
  show("v1", v1);
  show("(conj v1 6)", v2);
  Value m = map_from(std::initializer_list<Value>{keyword("name"), make_string_from_utf8("Alice"), keyword("age"),
                                                  Value::fixnum(30)});
  show("m", m);
  show("(assoc m :email \"alice@example.com\")",
       map_assoc(m, keyword("email"), make_string_from_utf8("alice@example.com")));
  show("(get m :name)", map_get(m, keyword("name")));
  Value list = list_from(std::initializer_list<Value>{Value::fixnum(1), Value::fixnum(2)});
  show("(= [1 2] '(1 2))", Value::boolean(equals(ints({1, 2}), list)));
  show("#{:a :b :c}", set_from(std::initializer_list<Value>{keyword("a"), keyword("b"), keyword("c")}));
  show("(sorted-map 3 :c 1 :a 2 :b)",
       must(sorted_map_from(std::initializer_list<Value>{Value::fixnum(3), keyword("c"), Value::fixnum(1), keyword("a"),
                                                    Value::fixnum(2), keyword("b")})));
  show("{:compute 1 2}", make_tuple({keyword("compute"), Value::fixnum(1), Value::fixnum(2)}));
  return 0;
}
