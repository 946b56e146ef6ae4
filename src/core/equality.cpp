// equality.cpp: `=`, hash and compare over all values. Immediates are
// handled here; heap objects dispatch through their kind's KindOps.
#include "core/equality.h"

#include "core/name.h"
#include "core/number.h"
#include "core/object.h"

namespace batuta {

uint64_t mix_hash(uint64_t h) {
  // The finaliser of MurmurHash3 / splitmix64: every input bit affects
  // every output bit, so sequential integers spread across a trie.
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDull;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53ull;
  h ^= h >> 33;
  return h;
}

void OrderedHasher::add(const Value& v) {
  h = h * 31 + hash(v);
  ++n;
}
uint64_t OrderedHasher::finish() const { return mix_hash(h ^ n); }

void UnorderedHasher::add_entry(const Value& key, const Value& val) {
  sum += mix_hash(hash(key) * 31 + hash(val));
  ++n;
}
void UnorderedHasher::add(const Value& v) {
  sum += hash(v);
  ++n;
}
uint64_t UnorderedHasher::finish(uint64_t seed) const { return mix_hash(sum ^ seed ^ (n << 32)); }

namespace {

constexpr uint64_t kNilHash = 0x6A09E667F3BCC908ull;
constexpr uint64_t kFalseHash = 0xBB67AE8584CAA73Bull;
constexpr uint64_t kTrueHash = 0x3C6EF372FE94F82Bull;
constexpr uint64_t kCharSeed = 0xA54FF53A5F1D36F1ull;
constexpr uint64_t kKeywordSeed = 0x510E527FADE682D1ull;
constexpr uint64_t kSymbolSeed = 0x9B05688C2B3E6C1Full;

int sign(int c) { return c < 0 ? -1 : c > 0 ? 1 : 0; }

// Clojure's order for names: no namespace first, then by namespace, then name.
int compare_names(const Name* a, const Name* b) {
  if (a->has_namespace() != b->has_namespace()) return a->has_namespace() ? 1 : -1;
  if (int c = a->ns().compare(b->ns()); c != 0) return sign(c);
  return sign(a->name().compare(b->name()));
}

}  // namespace

bool equals(const Value& a, const Value& b) {
  if (a.identical(b)) return !a.is_double() || a.as_double() == a.as_double();  // ##NaN is not = to itself
  if (a.is_double()) return b.is_double() && a.as_double() == b.as_double();  // 0.0 = -0.0
  if (a.is_object()) {
    // Lists and vectors (seq.cpp) do not know lazy seqs; a lazy seq knows
    // them, so it compares from its side whichever side it is on.
    if (is_kind(b, Kind::LazySeq) && !is_kind(a, Kind::LazySeq)) return ops_of(b.as_object()).equals(b.as_object(), a);
    return ops_of(a.as_object()).equals(a.as_object(), b);
  }
  if (b.is_object()) return ops_of(b.as_object()).equals(b.as_object(), a);
  return false;  // distinct immediates of any other kind are never equal
}

uint64_t hash(const Value& v) {
  if (v.is_fixnum() || v.is_double()) return hash_number(v);
  if (v.is_object()) return ops_of(v.as_object()).hash(v.as_object());
  if (v.is_nil()) return kNilHash;
  if (v.is_false()) return kFalseHash;
  if (v.is_true()) return kTrueHash;
  if (v.is_char()) return mix_hash(kCharSeed ^ v.as_char());
  if (v.is_keyword()) return v.as_name()->hash ^ kKeywordSeed;
  return v.as_name()->hash ^ kSymbolSeed;
}

OrderClass order_class(const Value& v) {
  if (v.is_fixnum() || v.is_double()) return OrderClass::Number;
  if (v.is_nil()) return OrderClass::Nil;
  if (v.is_bool()) return OrderClass::Boolean;
  if (v.is_char()) return OrderClass::Character;
  if (v.is_keyword()) return OrderClass::Keyword;
  if (v.is_symbol()) return OrderClass::Symbol;
  switch (v.as_object()->kind) {
    case Kind::BigInt:
    case Kind::Ratio:
      return OrderClass::Number;
    case Kind::String:
      return OrderClass::String;
    case Kind::Tuple:
      return OrderClass::Tuple;
    case Kind::EmptyList:
    case Kind::Cons:
    case Kind::Vector:
      return OrderClass::Sequential;
    case Kind::ArrayMap:
    case Kind::HashMap:
    case Kind::SortedMap:
      return OrderClass::Map;
    case Kind::HashSet:
    case Kind::SortedSet:
      return OrderClass::Set;
    default:
      return OrderClass::Other;
  }
}

int compare(const Value& a, const Value& b) {
  OrderClass ca = order_class(a), cb = order_class(b);
  if (ca != cb) return ca < cb ? -1 : 1;
  switch (ca) {
    case OrderClass::Nil:
      return 0;
    case OrderClass::Boolean:
      return a.is_true() == b.is_true() ? 0 : a.is_true() ? 1 : -1;
    case OrderClass::Number:
      return compare_numbers(a, b);
    case OrderClass::Character:
      return a.as_char() < b.as_char() ? -1 : a.as_char() > b.as_char() ? 1 : 0;
    case OrderClass::Keyword:
    case OrderClass::Symbol:
      return a.identical(b) ? 0 : compare_names(a.as_name(), b.as_name());
    case OrderClass::Other:
      if (a.as_object()->kind != b.as_object()->kind) return a.as_object()->kind < b.as_object()->kind ? -1 : 1;
      [[fallthrough]];
    default:
      return ops_of(a.as_object()).compare(a.as_object(), b.as_object());
  }
}

}  // namespace batuta
