// string.cpp: see string.h.
#include "core/string.h"

#include <bit>
#include <cstdint>
#include <cstring>
#include <new>
#include <string>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "core/equality.h"
#include "core/printer.h"
#include "core/utf8.h"

namespace batuta {

namespace {

size_t string_alloc_size(size_t bytes) { return offsetof(String, bytes) + bytes + 1; }

// A string of byte_length bytes, NUL-terminated, the bytes themselves
// left for the caller to write.
String* allocate_string_bytes(size_t byte_length, size_t char_count) {
  void* mem = allocate_bytes(string_alloc_size(byte_length));
  // Built field by field: clang does not elide the copy of a base-class
  // subobject in aggregate initialisation (CWG2403), and Object is not copyable.
  auto* s = static_cast<String*>(mem);
  new (static_cast<Object*>(s)) Object(Kind::String);
  s->byte_length = static_cast<uint32_t>(byte_length);
  s->char_count = static_cast<uint32_t>(char_count);
  new (&s->cached_hash) std::atomic<uint64_t>(0);
  s->bytes[byte_length] = '\0';
  return s;
}

String* allocate_string(std::string_view bytes, size_t char_count) {
  String* s = allocate_string_bytes(bytes.size(), char_count);
  std::memcpy(s->bytes, bytes.data(), bytes.size());
  return s;
}

void visit_no_children(Object*, ChildVisitor) {}

void destroy_string(Object* o) {
  auto* s = static_cast<String*>(o);
  size_t size = string_alloc_size(s->byte_length);
  s->~String();
  free_bytes(s, size);
}

bool string_equals(const Object* a, const Value& b) {
  if (!is_string(b)) return false;
  const auto* x = static_cast<const String*>(a);
  const String* y = as_string(b);
  return x->byte_length == y->byte_length && std::memcmp(x->bytes, y->bytes, x->byte_length) == 0;
}

uint64_t string_hash(const Object* o) { return static_cast<const String*>(o)->hash(); }

void string_print(const Object* o, Printer& p) {
  auto sv = static_cast<const String*>(o)->view();
  if (p.readably()) {
    print_string_literal(sv, p);
  } else {
    p.write(sv);
  }
}

// Byte order of UTF-8 is code point order, so memcmp orders by code points.
int string_compare(const Object* a, const Object* b) {
  auto x = static_cast<const String*>(a)->view(), y = static_cast<const String*>(b)->view();
  int c = x.compare(y);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

}  // namespace

const KindOps kStringOps = {visit_no_children, destroy_string, string_equals, string_hash, string_print, string_compare};

uint64_t String::hash() const {
  uint64_t h = cached_hash.load(std::memory_order_relaxed);
  if (h == 0) {
    h = XXH3_64bits(bytes, byte_length) | 1;  // never 0, which means "not computed"
    cached_hash.store(h, std::memory_order_relaxed);
  }
  return h;
}

Result<Value> make_string(std::string_view bytes) {
  size_t bad = 0, count = 0;
  if (bytes.size() > UINT32_MAX) return make_error(ErrorKind::InvalidArgument, "string longer than 4 GiB");
  if (!utf8::validate(bytes, &bad, &count)) {
    return make_error(ErrorKind::InvalidUtf8, "invalid UTF-8 at byte " + std::to_string(bad));
  }
  return Value::adopt(allocate_string(bytes, count));
}

namespace {
// The characters of valid UTF-8: the bytes that are not continuation bytes
// (10xxxxxx), counted eight at a time (bit 7 set and bit 6 clear), since
// splitting and joining large texts count every byte they make.
size_t count_chars(std::string_view s) {
  constexpr uint64_t kHighBits = 0x8080808080808080ULL;
  size_t continuation = 0, i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    continuation += static_cast<size_t>(std::popcount(w & ~(w << 1) & kHighBits));
  }
  for (; i < s.size(); ++i) continuation += (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80;
  return s.size() - continuation;
}
}  // namespace

Value make_string_from_utf8(std::string_view valid_utf8) {
  return Value::adopt(allocate_string(valid_utf8, count_chars(valid_utf8)));
}

StringDraft draft_string(size_t byte_length) {
  String* s = allocate_string_bytes(byte_length, 0);
  return StringDraft{Value::adopt(s), s->bytes, byte_length};
}

Value finish_string(StringDraft draft, size_t char_count) {
  object_as<String>(draft.value)->char_count = static_cast<uint32_t>(char_count);
  return std::move(draft.value);
}

Result<Value> finish_checked_string(StringDraft draft) {
  size_t bad = 0, count = 0;
  if (!utf8::validate(std::string_view(draft.bytes, draft.size), &bad, &count)) {
    return make_error(ErrorKind::InvalidUtf8, "invalid UTF-8 at byte " + std::to_string(bad));
  }
  return finish_string(std::move(draft), count);
}

Value string_concat(const Value& a, const Value& b) {
  const String* x = as_string(a);
  const String* y = as_string(b);
  std::string joined;
  joined.reserve(x->byte_length + y->byte_length);
  joined.append(x->view());
  joined.append(y->view());
  return Value::adopt(allocate_string(joined, x->char_count + y->char_count));
}

}  // namespace batuta
