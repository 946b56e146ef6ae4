// name.cpp: the intern table of keywords and symbols. See name.h.
#include "core/name.h"

#include <cstring>
#include <new>
#include <string>
#include <unordered_map>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "core/platform.h"
#include "core/printer.h"

namespace batuta {

namespace {

class InternTable {
 public:
  const Name* intern(std::string_view full, size_t ns_length) {
    LockGuard guard(mutex_);
    auto it = names_.find(full);
    if (it != names_.end()) return it->second;
    // Immortal: allocated once, never counted, never freed.
    void* mem = ::operator new(offsetof(Name, text) + full.size() + 1);
    // Built field by field: Object is not copyable, and clang does not elide
    // a base-class copy in aggregate initialisation (CWG2403).
    auto* n = static_cast<Name*>(mem);
    new (static_cast<Object*>(n)) Object(Kind::Name, 0);
    n->hash = XXH3_64bits(full.data(), full.size());
    n->length = static_cast<uint32_t>(full.size());
    n->ns_length = static_cast<uint32_t>(ns_length);
    std::memcpy(n->text, full.data(), full.size());
    n->text[full.size()] = '\0';
    names_.emplace(n->full(), n);
    return n;
  }

 private:
  Mutex mutex_;
  std::unordered_map<std::string_view, const Name*> names_;
};

InternTable& table() {
  static InternTable* t = new InternTable();  // never destroyed: names outlive static destructors
  return *t;
}

size_t namespace_length(std::string_view full) {
  size_t slash = full.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == full.size()) return 0;
  return slash;
}

const Name* intern(std::string_view full) { return table().intern(full, namespace_length(full)); }

const Name* intern(std::string_view ns, std::string_view name) {
  if (ns.empty()) return table().intern(name, 0);
  std::string full;
  full.reserve(ns.size() + 1 + name.size());
  full.append(ns).append(1, '/').append(name);
  return table().intern(full, ns.size());
}

// Names are immortal and reached only through keyword and symbol
// immediates, which equality.cpp and printer.cpp handle directly; these
// operations exist so the dispatch table is total.
void visit_no_children(Object*, ChildVisitor) {}
void destroy_never(Object*) {}
bool name_equals(const Object* a, const Value& b) { return b.is_object() && b.as_object() == a; }
uint64_t name_hash(const Object* o) { return static_cast<const Name*>(o)->hash; }
void name_print(const Object* o, Printer& p) { p.write(static_cast<const Name*>(o)->full()); }
int name_compare(const Object* a, const Object* b) {
  int c = static_cast<const Name*>(a)->full().compare(static_cast<const Name*>(b)->full());
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

}  // namespace

const KindOps kNameOps = {visit_no_children, destroy_never, name_equals, name_hash, name_print, name_compare};

Value keyword(std::string_view full) { return Value::keyword(intern(full)); }
Value symbol(std::string_view full) { return Value::symbol(intern(full)); }
Value keyword(std::string_view ns, std::string_view name) { return Value::keyword(intern(ns, name)); }
Value symbol(std::string_view ns, std::string_view name) { return Value::symbol(intern(ns, name)); }

}  // namespace batuta
