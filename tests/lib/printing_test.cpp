// Printing through the output capture stack, atoms, and misc natives.
#include "core/map.h"
#include "lib/output.h"
#include "lib_test_util.h"

namespace batuta {
namespace {

using namespace lib_test;

// Runs `body` with output captured, as with-out-str does.
std::string captured(std::initializer_list<std::pair<const char*, std::vector<Value>>> calls) {
  EXPECT_TRUE(call("push-output-capture", {}).ok);
  for (const auto& [name, args] : calls) EXPECT_TRUE(call(name, args).ok) << name;
  Outcome out = call("pop-output-capture", {});
  EXPECT_TRUE(out.ok);
  return out.ok ? std::string(string_view_of(out.value)) : "";
}

TEST(LibPrinting, PrintlnIsHumanPrnIsReadable) {
  Value m = map_from(std::initializer_list<Value>{K("name"), S("Alice")});
  EXPECT_EQ(captured({{"println", {S("hi"), m, Value::character(U'c')}}}), "hi {:name Alice} c\n");
  EXPECT_EQ(captured({{"prn", {S("hi"), m, Value::character(U'c')}}}), "\"hi\" {:name \"Alice\"} \\c\n");
  EXPECT_EQ(captured({{"print", {I(1), I(2)}}, {"newline", {}}, {"pr", {Value()}}}), "1 2\nnil");
  EXPECT_EQ(captured({}), "");
}

TEST(LibPrinting, CapturesNest) {
  ASSERT_TRUE(call("push-output-capture", {}).ok);
  call("print", {S("outer ")});
  ASSERT_TRUE(call("push-output-capture", {}).ok);
  call("print", {S("inner")});
  EXPECT_EQ(pr("pop-output-capture", {}), "\"inner\"");
  call("print", {S("again")});
  EXPECT_EQ(pr("pop-output-capture", {}), "\"outer again\"");
  EXPECT_EQ(output_capture_depth(), 0u);
  EXPECT_EQ(pr("pop-output-capture", {}), "ERROR: pop-output-capture: no output capture is active");
}

TEST(LibPrinting, StringForms) {
  EXPECT_EQ(pr("pr-str", {S("a"), I(1)}), "\"\\\"a\\\" 1\"");
  EXPECT_EQ(pr("print-str", {S("a"), I(1)}), "\"a 1\"");
  EXPECT_EQ(pr("prn-str", {K("k")}), "\":k\\n\"");
  EXPECT_EQ(pr("println-str", {S("x")}), "\"x\\n\"");
}

TEST(LibAtoms, DerefResetCompareAndSet) {
  Value a = call("atom", {I(1)}).value;
  EXPECT_EQ(pr("deref", {a}), "1");
  EXPECT_EQ(pr("reset!", {a, I(2)}), "2");
  EXPECT_EQ(pr("compare-and-set!", {a, I(3), I(9)}), "false");
  EXPECT_EQ(pr("compare-and-set!", {a, I(2), I(9)}), "true");
  EXPECT_EQ(pr("deref", {a}), "9");
  EXPECT_EQ(pr("reset-vals!", {a, K("x")}), "[9 :x]");
  EXPECT_EQ(pr_str(a), "#atom[:x]");
  EXPECT_EQ(pr("atom?", {a}), "true");
  EXPECT_EQ(pr("=", {a, call("atom", {K("x")}).value}), "false");
  EXPECT_EQ(pr("deref", {I(1)}), "ERROR: deref: expected an atom or a var, got 1 (an integer)");
  EXPECT_EQ(pr("reset!", {I(1), I(2)}), "ERROR: reset!: expected an atom, got 1 (an integer)");
  // Stored values are shared: any thread may read them.
  Value v = V({I(1)});
  call("reset!", {a, v});
  EXPECT_TRUE(v.as_object()->is_shared());
}

TEST(LibMisc, GensymTypeNanoTime) {
  std::string g1 = pr("gensym", {}), g2 = pr("gensym", {});
  EXPECT_EQ(g1.rfind("G__", 0), 0u);
  EXPECT_NE(g1, g2);
  EXPECT_EQ(pr("gensym", {S("tmp")}).rfind("tmp", 0), 0u);
  EXPECT_EQ(pr("type", {V({})}), ":vector");
  EXPECT_EQ(pr("type", {I(1)}), ":integer");
  EXPECT_EQ(pr("type", {call("sorted-map", {}).value}), ":sorted-map");
  Outcome t1 = call("nano-time", {}), t2 = call("nano-time", {});
  ASSERT_TRUE(t1.ok && t2.ok);
  EXPECT_LE(pr_str(t1.value).size(), 20u);
  EXPECT_EQ(pr("<=", {t1.value, t2.value}), "true");
}

}  // namespace
}  // namespace batuta
