// reader_position_test.cpp: source positions and :: annotations.
#include <gtest/gtest.h>

#include "core/list.h"
#include "core/map.h"
#include "core/name.h"
#include "core/tuple.h"
#include "core/vector.h"
#include "reader_test_util.h"

namespace batuta {
namespace {

using test::read_one;

SourcePos P(uint32_t line, uint32_t column) { return SourcePos{line, column}; }

TEST(ReaderPositions, NestedFormsAndElements) {
  SourceMap m;
  //                        col: 1234567890
  Value form = read_one("(defn f [x]\n  (+ x\n     1))", &m);
  ASSERT_NE(m.position_of(form), nullptr);
  EXPECT_EQ(*m.position_of(form), P(1, 1));
  EXPECT_EQ(*m.element_position(form, 0), P(1, 2));   // defn
  EXPECT_EQ(*m.element_position(form, 1), P(1, 7));   // f
  EXPECT_EQ(*m.element_position(form, 2), P(1, 9));   // [x]
  EXPECT_EQ(*m.element_position(form, 3), P(2, 3));   // (+ x 1)
  EXPECT_EQ(m.element_position(form, 4), nullptr);
  const Value& params = list_first(list_rest(list_rest(form)));
  EXPECT_EQ(*m.position_of(params), P(1, 9));
  EXPECT_EQ(*m.element_position(params, 0), P(1, 10));
  const Value& body = list_first(list_rest(list_rest(list_rest(form))));
  EXPECT_EQ(*m.position_of(body), P(2, 3));
  EXPECT_EQ(*m.element_position(body, 0), P(2, 4));
  EXPECT_EQ(*m.element_position(body, 1), P(2, 6));
  EXPECT_EQ(*m.element_position(body, 2), P(3, 6));
  ASSERT_NE(m.file_of(form), nullptr);
  EXPECT_EQ(*m.file_of(form), "test.ba");
}

TEST(ReaderPositions, ColumnsCountCharactersNotBytes) {
  SourceMap m;
  Value v = read_one("[\"\u00e9\u00e9\" \u4e16 \U0001F600 x]", &m);
  EXPECT_EQ(*m.element_position(v, 0), P(1, 2));
  EXPECT_EQ(*m.element_position(v, 1), P(1, 7));
  EXPECT_EQ(*m.element_position(v, 2), P(1, 9));
  EXPECT_EQ(*m.element_position(v, 3), P(1, 11));
  // The string object itself is recorded too.
  EXPECT_EQ(*m.position_of(vector_at(v, 0)), P(1, 2));
}

TEST(ReaderPositions, MapsSetsTuplesInSourceOrder) {
  SourceMap m;
  Value map = read_one("{:a 1\n :b 2}", &m);
  EXPECT_EQ(*m.position_of(map), P(1, 1));
  EXPECT_EQ(*m.element_position(map, 0), P(1, 2));
  EXPECT_EQ(*m.element_position(map, 1), P(1, 5));
  EXPECT_EQ(*m.element_position(map, 2), P(2, 2));
  EXPECT_EQ(*m.element_position(map, 3), P(2, 5));
  Value t = read_one("  {:exit p r}", &m);
  EXPECT_EQ(*m.position_of(t), P(1, 3));
  EXPECT_EQ(*m.element_position(t, 2), P(1, 12));
  Value s = read_one("#{1 2}", &m);
  EXPECT_EQ(*m.position_of(s), P(1, 1));
  EXPECT_EQ(*m.element_position(s, 1), P(1, 5));
}

TEST(ReaderPositions, ReaderMacros) {
  SourceMap m;
  Value q = read_one("[ 'x]", &m);
  const Value& quoted = vector_at(q, 0);
  EXPECT_EQ(*m.position_of(quoted), P(1, 3));
  EXPECT_EQ(*m.element_position(quoted, 0), P(1, 3));
  EXPECT_EQ(*m.element_position(quoted, 1), P(1, 4));
  Value f = read_one("#(+ % 1)", &m);
  EXPECT_EQ(*m.position_of(f), P(1, 1));
  const Value& body = list_first(list_rest(list_rest(f)));
  EXPECT_EQ(*m.position_of(body), P(1, 2));
  EXPECT_EQ(*m.element_position(body, 1), P(1, 5));
}

TEST(ReaderPositions, ImmortalEmptiesAndImmediatesHaveNoAddressEntry) {
  SourceMap m;
  Value v = read_one("[() x]", &m);
  EXPECT_EQ(m.position_of(list_first(empty_list())), nullptr);
  EXPECT_EQ(m.position_of(vector_at(v, 0)), nullptr);  // the shared ()
  EXPECT_EQ(*m.element_position(v, 0), P(1, 2));      // known through its parent
  EXPECT_EQ(m.position_of(vector_at(v, 1)), nullptr);  // a symbol
  EXPECT_EQ(*m.element_position(v, 1), P(1, 5));
}

TEST(ReaderPositions, FormsStayAliveInTheMap) {
  SourceMap m;
  const void* address;
  {
    Value v = read_one("(a b)", &m);
    address = v.as_object();
  }
  // The reader's Value is gone; the map still holds the list.
  Value other = read_one("(c d)", &m);
  EXPECT_NE(other.as_object(), address);
  EXPECT_EQ(m.form_count(), 2u);
}

TEST(ReaderAnnotations, AnnotateThePrecedingElement) {
  SourceMap m;
  Value v = read_one("[data :: Data other]", &m);
  ASSERT_EQ(vector_count(v), 2u);  // the annotation is not an element
  EXPECT_EQ(name_text(vector_at(v, 1)), "other");
  ASSERT_NE(m.annotation_of(v, 0), nullptr);
  EXPECT_EQ(pr_str(*m.annotation_of(v, 0)), "Data");
  EXPECT_EQ(m.annotation_of(v, 1), nullptr);
  EXPECT_EQ(*m.element_position(v, 1), P(1, 15));
}

TEST(ReaderAnnotations, CapabilitiesAndFunctionTypes) {
  SourceMap m;
  Value v = read_one("[data :: iso Data]", &m);
  ASSERT_EQ(vector_count(v), 1u);
  EXPECT_EQ(pr_str(*m.annotation_of(v, 0)), "(iso Data)");
  EXPECT_EQ(*m.position_of(*m.annotation_of(v, 0)), P(1, 10));
  Value reply = read_one("(reply v :: val)", &m);
  EXPECT_EQ(list_count(reply), 2u);
  EXPECT_EQ(pr_str(*m.annotation_of(reply, 1)), "val");
  Value defn = read_one("(defn add :: [Int Int -> Int] [a b] (+ a b))", &m);
  EXPECT_EQ(list_count(defn), 4u);
  EXPECT_EQ(pr_str(*m.annotation_of(defn, 1)), "[Int Int -> Int]");
  // Braces: the annotation does not count towards the map/tuple rule.
  Value msg = read_one("{:process data :: iso Data}", &m);
  ASSERT_TRUE(is_map(msg));
  EXPECT_EQ(map_count(msg), 1u);
  EXPECT_EQ(pr_str(*m.annotation_of(msg, 1)), "(iso Data)");
  Value t = read_one("{:compute x :: Int y :: Int}", &m);
  ASSERT_TRUE(is_tuple(t));
  EXPECT_EQ(pr_str(*m.annotation_of(t, 1)), "Int");
  EXPECT_EQ(pr_str(*m.annotation_of(t, 2)), "Int");
  // ::keyword is still a keyword, not an annotation.
  Value k = read_one("[a ::b]", &m);
  EXPECT_EQ(vector_count(k), 2u);
}

}  // namespace
}  // namespace batuta
