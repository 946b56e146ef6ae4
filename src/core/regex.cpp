// regex.cpp: see regex.h.
#include "core/regex.h"

#include <new>

#include "core/printer.h"

namespace batuta {

namespace {

void regex_visit(Object*, ChildVisitor) {}

void regex_destroy(Object* o) {
  auto* r = static_cast<Regex*>(o);
  if (r->free_compiled != nullptr) r->free_compiled(r->compiled);
  r->~Regex();
  free_bytes(r, sizeof(Regex));
}

bool regex_equals(const Object*, const Value&) { return false; }  // identity

uint64_t regex_hash(const Object* o) {
  uint64_t x = static_cast<uint64_t>(reinterpret_cast<uintptr_t>(o));
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  return x;
}

// #"..." with the source as written: the reader keeps a regex literal's
// backslashes, so only a bare double quote (one not already escaped, as a
// pattern made by re-pattern may hold) needs a backslash to read back.
void regex_print(const Object* o, Printer& p) {
  const std::string& s = static_cast<const Regex*>(o)->source;
  p.write("#\"");
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      p.write(s[i]);
      p.write(s[++i]);
      continue;
    }
    if (s[i] == '"') p.write('\\');
    p.write(s[i]);
  }
  p.write('"');
}

int regex_compare(const Object* a, const Object* b) {
  const auto& x = static_cast<const Regex*>(a)->source;
  const auto& y = static_cast<const Regex*>(b)->source;
  int c = x.compare(y);
  if (c != 0) return c < 0 ? -1 : 1;
  auto pa = reinterpret_cast<uintptr_t>(a), pb = reinterpret_cast<uintptr_t>(b);
  return pa < pb ? -1 : (pa > pb ? 1 : 0);
}

}  // namespace

const KindOps kRegexOps = {regex_visit, regex_destroy, regex_equals, regex_hash, regex_print, regex_compare};

Value make_regex(std::string source, void* compiled, void (*free_compiled)(void*)) {
  void* mem = allocate_bytes(sizeof(Regex));
  auto* r = new (mem) Regex();
  r->source = std::move(source);
  r->compiled = compiled;
  r->free_compiled = free_compiled;
  return Value::adopt(r);
}

}  // namespace batuta
