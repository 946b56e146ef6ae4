// profile_position_test.cpp: every form Profiles B and C produce carries
// its source position in the SourceMap, as Profile A forms do.
#include <gtest/gtest.h>

#include "core/equality.h"
#include "profile_test_util.h"

namespace batuta::test {
namespace {

struct Read {
  SourceMap map;
  std::vector<Value> forms;
};

void read_into(Read& r, std::string_view src, Profile p) {
  auto forms = read_program(src, "t.ba", r.map, "user", p);
  ASSERT_TRUE(forms.ok()) << forms.error().message;
  r.forms = forms.value();
}

std::string at(const SourcePos* p) {
  return p == nullptr ? "none" : std::to_string(p->line) + ":" + std::to_string(p->column);
}

TEST(ProfilePositions, OperatorFormsSitAtTheirOperator) {
  Read r;
  read_into(r, "x + y * z", Profile::B);
  const Value& plus = r.forms[0];
  EXPECT_EQ(at(r.map.position_of(plus)), "1:3");
  EXPECT_EQ(at(r.map.element_position(plus, 0)), "1:3");
  EXPECT_EQ(at(r.map.element_position(plus, 1)), "1:1");
  EXPECT_EQ(at(r.map.element_position(plus, 2)), "1:7");
  const Value& times = list_first(list_rest(list_rest(plus)));
  EXPECT_EQ(at(r.map.position_of(times)), "1:7");
  EXPECT_EQ(at(r.map.element_position(times, 1)), "1:5");
  EXPECT_EQ(at(r.map.element_position(times, 2)), "1:9");
  EXPECT_EQ(*r.map.file_of(plus), "t.ba");
}

TEST(ProfilePositions, CallsDefinitionsAndGroups) {
  Read r;
  read_into(r, "define f x =\n  g (h x) [x]\n", Profile::B);
  const Value& defn = r.forms[0];
  EXPECT_EQ(pr_str(defn), "(defn f [x] (g (h x) [x]))");
  EXPECT_EQ(at(r.map.position_of(defn)), "1:1");
  EXPECT_EQ(at(r.map.element_position(defn, 1)), "1:8");
  Value params = list_first(list_rest(list_rest(defn)));
  EXPECT_EQ(at(r.map.position_of(params)), "1:10");
  Value body = list_first(list_rest(list_rest(list_rest(defn))));
  EXPECT_EQ(at(r.map.position_of(body)), "2:3");        // a call sits at its head
  Value group = list_first(list_rest(body));
  EXPECT_EQ(at(r.map.position_of(group)), "2:5");       // a parenthesised call at its (
  Value vec = list_first(list_rest(list_rest(body)));
  EXPECT_EQ(at(r.map.position_of(vec)), "2:11");
}

TEST(ProfilePositions, ProfileCConditionals) {
  Read r;
  read_into(r, "define f n\n  if n < 0 -> :neg\n  else -> \"pos\"\n", Profile::C);
  Value cond = list_first(list_rest(list_rest(list_rest(r.forms[0]))));
  EXPECT_EQ(pr_str(cond), "(cond (< n 0) :neg :else \"pos\")");
  EXPECT_EQ(at(r.map.position_of(cond)), "2:3");
  EXPECT_EQ(at(r.map.element_position(cond, 1)), "2:8");
  EXPECT_EQ(at(r.map.element_position(cond, 3)), "3:3");   // :else at the else
  EXPECT_EQ(at(r.map.element_position(cond, 4)), "3:11");
  Value str = list_first(list_rest(list_rest(list_rest(list_rest(cond)))));
  EXPECT_EQ(at(r.map.position_of(str)), "3:11");
}

TEST(ProfilePositions, PragmaLineCounts) {
  Read r;
  read_into(r, "#lang batuta/b\n\nf x\n", Profile::A);
  EXPECT_EQ(at(r.map.position_of(r.forms[0])), "3:1");
}

// Every heap form of `src` has a position and names the file.
void expect_all_positioned(std::string_view src, Profile p) {
  Read r;
  read_into(r, src, p);
  for (const Value& form : r.forms) {
    std::vector<Value> all;
    collect_heap_forms(form, all);
    for (const Value& v : all) {
      const SourcePos* pos = r.map.position_of(v);
      EXPECT_NE(pos, nullptr) << pr_str(v) << " in " << pr_str(form);
      if (pos != nullptr) {
        EXPECT_GT(pos->line, 0u) << pr_str(v);
      }
      if (r.map.file_of(v) != nullptr) {
        EXPECT_EQ(*r.map.file_of(v), "t.ba");
      }
    }
  }
}

TEST(ProfilePositions, EveryFormIsPositioned) {
  expect_all_positioned(
      "define factorial n =\n  if n <= 1 then 1\n  else n * factorial (n - 1)\n"
      "query :users\n  |> where (age > 18)\n  |> aggregate {:count (count *) :avg-age (avg :age)}\n"
      "let [a b] = [1 2] in #(% + a) b\n"
      "'(a + b) `(f ~x) @y #\"re\" 1/3 123456789012345678901234567890\n"
      "(defn g [x] (+ x 1)) {:t 1 2} [(- n 1)] (count *) (+)\n",
      Profile::B);
  expect_all_positioned(
      "define factorial n\n  if n <= 1 -> 1\n  else -> n * factorial (n - 1)\n"
      "define handle msg\n  match msg\n    {:ok v} when v > 0 ->\n      println v\n      v\n    _ -> nil\n"
      "define main\n  println \"a\"\n  println \"b\"\n"
      "cond\n  a -> 1\n  else -> 2\n",
      Profile::C);
}

}  // namespace
}  // namespace batuta::test
