// natives.cpp: installs the natives of natives.def as vars, and the
// lazy-sequence realiser hook core uses (core/lazy_seq.h).
#include "lib/natives.h"

#include "core/lazy_seq.h"
#include "core/map.h"
#include "core/name.h"
#include "core/string.h"
#include "vm/function.h"
#include "vm/var.h"

namespace batuta {

namespace {

struct NativeEntry {
  const char* ns;
  const char* name;
  NativeFn fn;
  Arity arity;
  const char* doc;
  const char* arglists;
};

constexpr NativeEntry kNatives[] = {
#define BATUTA_NATIVE(NS, name, fn, min, max, variadic, doc, arglists) \
  {"batuta." #NS, name, &fn, Arity{min, variadic ? uint16_t{min} : uint16_t{max}, variadic}, doc, arglists},
#include "lib/natives.def"
#undef BATUTA_NATIVE
};

// Core meets an unrealised lazy seq with no VM at hand (=, hash, print):
// the thunk runs in a fiber of its own. It may not suspend (a receive
// inside a lazy seq's body must be realised from Batuta code instead).
Result<Value> realize_in_fresh_fiber(const Value& thunk) {
  Fiber fiber(thunk, {});
  switch (run(fiber)) {
    case FiberStatus::Done:
      return fiber.result();
    case FiberStatus::Error:
      return fiber.error().error;
    default:
      return make_error(ErrorKind::IllegalState,
                        "lazy-seq: the body of a lazy sequence suspended while being realised by a native function");
  }
}

// batuta.math's constants: vars holding a float, documented like the natives.
struct ConstantEntry {
  const char* ns;
  const char* name;
  double value;
  const char* doc;
};

constexpr ConstantEntry kConstants[] = {
    {"batuta.math", "PI", 3.14159265358979323846, "The double closest to pi, the ratio of a circle's circumference to its diameter."},
    {"batuta.math", "E", 2.71828182845904523536, "The double closest to e, the base of the natural logarithms."},
};

}  // namespace

void install_natives() {
  set_lazy_seq_realizer(&realize_in_fresh_fiber);
  for (const NativeEntry& e : kNatives) {
    define_native(find_or_create_namespace(symbol(e.ns)), e.name, e.arity, e.fn, e.doc, e.arglists);
  }
  for (const ConstantEntry& c : kConstants) {
    Namespace* ns = find_or_create_namespace(symbol(c.ns));
    Var* var = intern_var(ns, symbol(c.name));
    var_set(var, Value::from_double(c.value));
    set_var_meta(var, map_from(std::initializer_list<Value>{keyword("doc"), make_string_from_utf8(c.doc), keyword("ns"),
                                                            ns->name, keyword("name"), symbol(c.name)}));
  }
}

}  // namespace batuta
