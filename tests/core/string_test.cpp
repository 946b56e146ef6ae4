// Tests of strings, UTF-8 handling, characters and the printer's handling of
// immediates, strings and tuples.
#include <gtest/gtest.h>

#include <cstring>

#include "core/equality.h"
#include "core/name.h"
#include "core/printer.h"
#include "core/string.h"
#include "core/tuple.h"
#include "core/utf8.h"

namespace batuta {
namespace {

TEST(String, MakeValidatesUtf8) {
  auto ok = make_string("héllo wörld ✓ 𝄞");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(as_string(ok.value())->char_count, 15u);
  EXPECT_EQ(string_view_of(ok.value()), "héllo wörld ✓ 𝄞");

  struct Bad {
    std::string bytes;
    size_t offset;
  };
  for (const Bad& bad : {Bad{"ab\xff", 2}, Bad{"\xc0\xaf", 0}, Bad{"x\xe0\x80\xaf", 1}, Bad{"\xed\xa0\x80", 0},
                         Bad{"\xf4\x90\x80\x80", 0}, Bad{"abc\xe2\x82", 3}, Bad{"\x80", 0}}) {
    auto r = make_string(bad.bytes);
    ASSERT_FALSE(r.ok()) << bad.bytes;
    EXPECT_EQ(r.error().kind, ErrorKind::InvalidUtf8);
    EXPECT_EQ(r.error().message, "invalid UTF-8 at byte " + std::to_string(bad.offset));
  }
}

// validate skips ASCII eight bytes at a time: a bad byte or a multi-byte
// character at every offset around those words is still found and counted.
TEST(String, ValidationAroundAsciiRuns) {
  for (size_t prefix = 0; prefix < 20; ++prefix) {
    SCOPED_TRACE("prefix = " + std::to_string(prefix));
    std::string ascii(prefix, 'a');
    size_t bad = 0, count = 0;
    EXPECT_TRUE(utf8::validate(ascii + "é" + ascii, &bad, &count));
    EXPECT_EQ(count, 2 * prefix + 1);
    EXPECT_FALSE(utf8::validate(ascii + "\xff" + ascii, &bad, &count));
    EXPECT_EQ(bad, prefix);
    EXPECT_FALSE(utf8::validate(ascii + "\xe2\x82", &bad, &count));
    EXPECT_EQ(bad, prefix);
  }
}

TEST(String, DraftsAreWrittenThenPublished) {
  StringDraft draft = draft_string(6);
  std::memcpy(draft.bytes, "h\xc3\xa9llo", 6);
  Value s = finish_string(std::move(draft), 5);
  EXPECT_EQ(string_view_of(s), "héllo");
  EXPECT_EQ(as_string(s)->char_count, 5u);
  EXPECT_TRUE(equals(s, make_string_from_utf8("héllo")));

  StringDraft checked = draft_string(3);
  std::memcpy(checked.bytes, "a\xc3\xa9", 3);
  Result<Value> ok = finish_checked_string(std::move(checked));
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(as_string(ok.value())->char_count, 2u);

  uint64_t live = allocation_stats().bytes_live;
  StringDraft bad = draft_string(2);
  std::memcpy(bad.bytes, "a\xff", 2);
  Result<Value> r = finish_checked_string(std::move(bad));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "invalid UTF-8 at byte 1");
  EXPECT_EQ(allocation_stats().bytes_live, live);  // the rejected draft is freed
}

TEST(String, EmbeddedNulIsKept) {
  auto r = make_string(std::string_view("a\0b", 3));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(string_view_of(r.value()).size(), 3u);
  EXPECT_EQ(pr_str(r.value()), "\"a\\u{0}b\"");
}

TEST(String, EqualityAndCachedHash) {
  Value a = make_string_from_utf8("same"), b = make_string_from_utf8("same"), c = make_string_from_utf8("diff");
  EXPECT_TRUE(equals(a, b));
  EXPECT_FALSE(equals(a, c));
  EXPECT_EQ(hash(a), hash(b));
  EXPECT_NE(hash(a), hash(c));
  EXPECT_EQ(hash(a), hash(a));  // second call reads the cache
  EXPECT_FALSE(equals(a, keyword("same")));
  EXPECT_FALSE(equals(a, symbol("same")));
}

TEST(String, ConcatAndCompare) {
  Value ab = string_concat(make_string_from_utf8("añ"), make_string_from_utf8("b"));
  EXPECT_EQ(string_view_of(ab), "añb");
  EXPECT_EQ(as_string(ab)->char_count, 3u);
  EXPECT_LT(compare(make_string_from_utf8("abc"), make_string_from_utf8("abd")), 0);
  EXPECT_GT(compare(make_string_from_utf8("b"), make_string_from_utf8("abc")), 0);
  EXPECT_EQ(compare(make_string_from_utf8("x"), make_string_from_utf8("x")), 0);
  // UTF-8 byte order is code point order.
  EXPECT_LT(compare(make_string_from_utf8("z"), make_string_from_utf8("é")), 0);
}

TEST(Printer, StringsReadableAndHuman) {
  Value s = make_string_from_utf8("say \"hi\"\n\tback\\slash \x01");
  EXPECT_EQ(pr_str(s), "\"say \\\"hi\\\"\\n\\tback\\\\slash \\u{1}\"");
  EXPECT_EQ(print_str(s), "say \"hi\"\n\tback\\slash \x01");
  EXPECT_EQ(pr_str(make_string_from_utf8("ünï")), "\"ünï\"");
}

TEST(Printer, Characters) {
  EXPECT_EQ(pr_str(Value::character('a')), "\\a");
  EXPECT_EQ(pr_str(Value::character('\n')), "\\newline");
  EXPECT_EQ(pr_str(Value::character(' ')), "\\space");
  EXPECT_EQ(pr_str(Value::character('\t')), "\\tab");
  EXPECT_EQ(pr_str(Value::character(0x01)), "\\u0001");
  EXPECT_EQ(pr_str(Value::character(U'λ')), "\\λ");
  EXPECT_EQ(print_str(Value::character(U'λ')), "λ");
  EXPECT_EQ(print_str(Value::character('\n')), "\n");
}

TEST(Printer, ConstantsNamesAndTuples) {
  EXPECT_EQ(pr_str(Value::nil()), "nil");
  EXPECT_EQ(pr_str(Value::boolean(true)), "true");
  EXPECT_EQ(pr_str(Value::boolean(false)), "false");
  EXPECT_EQ(pr_str(keyword("compute")), ":compute");
  EXPECT_EQ(pr_str(symbol("x")), "x");
  Value t = make_tuple({keyword("compute"), Value::fixnum(1), Value::fixnum(2)});
  EXPECT_EQ(pr_str(t), "{:compute 1 2}");
  EXPECT_EQ(pr_str(make_tuple({keyword("shutdown")})), "{:shutdown}");
  EXPECT_EQ(pr_str(make_tuple({keyword("greet"), make_string_from_utf8("World"), Value::nil()})),
            "{:greet \"World\" nil}");
  EXPECT_EQ(print_str(make_tuple({keyword("greet"), make_string_from_utf8("World"), Value::nil()})),
            "{:greet World nil}");
}

TEST(Tuple, StructuralEqualityOrderAndNth) {
  Value a = make_tuple({keyword("exit"), Value::fixnum(7), keyword("normal")});
  Value b = make_tuple({keyword("exit"), Value::fixnum(7), keyword("normal")});
  Value c = make_tuple({keyword("exit"), Value::fixnum(8), keyword("normal")});
  EXPECT_TRUE(equals(a, b));
  EXPECT_EQ(hash(a), hash(b));
  EXPECT_FALSE(equals(a, c));
  EXPECT_LT(compare(a, c), 0);
  EXPECT_LT(compare(make_tuple({Value::fixnum(9)}), a), 0);  // smaller tuples first
  auto second = tuple_nth(a, 1);
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(equals(second.value(), Value::fixnum(7)));
  auto bad = tuple_nth(a, 3);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::IndexOutOfBounds);
  EXPECT_EQ(bad.error().message, "index 3 out of range for a tuple of size 3");
}

TEST(Compare, OrderAcrossClasses) {
  // nil < booleans < numbers < characters < strings < keywords < symbols < tuples
  std::vector<Value> ascending = {Value::nil(),
                                  Value::boolean(false),
                                  Value::boolean(true),
                                  Value::fixnum(-5),
                                  Value::character('a'),
                                  make_string_from_utf8("a"),
                                  keyword("a"),
                                  keyword("a/b"),
                                  symbol("a"),
                                  make_tuple({Value::nil()})};
  for (size_t i = 0; i < ascending.size(); ++i) {
    for (size_t j = 0; j < ascending.size(); ++j) {
      int c = compare(ascending[i], ascending[j]);
      EXPECT_EQ(c < 0, i < j) << i << " vs " << j;
      EXPECT_EQ(c == 0, i == j) << i << " vs " << j;
    }
  }
}

TEST(Utf8, EncodeDecodeRoundTrip) {
  for (char32_t c : {char32_t{0}, char32_t{0x7F}, char32_t{0x80}, char32_t{0x7FF}, char32_t{0x800},
                     char32_t{0xFFFF}, char32_t{0x10000}, char32_t{0x10FFFF}}) {
    std::string s;
    utf8::encode(c, s);
    size_t i = 0;
    EXPECT_TRUE(utf8::validate(s));
    EXPECT_EQ(utf8::decode(s, i), c);
    EXPECT_EQ(i, s.size());
  }
  EXPECT_FALSE(utf8::is_scalar_value(0xD800));
  EXPECT_FALSE(utf8::is_scalar_value(0x110000));
}

}  // namespace
}  // namespace batuta
