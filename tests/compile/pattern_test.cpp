// pattern_test.cpp: the pattern compiler (compile/pattern.h) and the forms
// built on it (match, ?, deferror, return*): what the clauses expand to,
// the IR and instructions they become, what they do when run, and the
// texts of their errors.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "compile/compiler.h"
#include "compile/pattern.h"
#include "core/printer.h"
#include "lib/eval.h"
#include "macro_test_util.h"
#include "read/reader.h"
#include "vm/function.h"
#include "vm/opcodes.h"

namespace batuta::test {
namespace {

// --- expansion (no VM) -----------------------------------------------------------

class PatternExpansion : public MacroTest {
 protected:
  // The clauses of src (the forms of one list) through build_match against
  // the subject symbol `v`, with `:none` when nothing matches.
  std::string chain(std::string_view src) {
    Value form = read(src);
    cx_.reset_gensyms();
    macros::Forms forms = macros::elements(form);
    auto clauses = parse_match_clauses(forms, "match", form, cx_);
    if (!clauses.ok()) return "error: " + clauses.error().message;
    auto code = build_match(symbol("v"), clauses.value(), keyword("none"), form, cx_);
    if (!code.ok()) return "error: " + code.error().message;
    return pr_str(code.value());
  }
};

TEST_F(PatternExpansion, LiteralsCompareWithEqualsAndSymbolsBind) {
  EXPECT_EQ(chain("(0 -> :zero n -> n)"), "(if (batuta.core/= v 0) :zero (let* [n v] n))");
  EXPECT_EQ(chain("(\"s\" -> 1 'sym -> 2 nil -> 3)"),
            "(if (batuta.core/= v \"s\") 1 (if (batuta.core/= v (quote sym)) 2 (if (batuta.core/= v nil) 3 :none)))");
}

TEST_F(PatternExpansion, AnIrrefutableClauseEndsTheChain) {
  EXPECT_EQ(chain("(_ -> 1 2 -> 2)"), "1");
  EXPECT_EQ(chain("(x -> x)"), "(let* [x v] x)");
}

TEST_F(PatternExpansion, TuplesTestSizeThenElements) {
  EXPECT_EQ(chain("({:compute x y} -> (+ x y))"),
            "(if (if (batuta.core/match-tuple? v 3) (batuta.core/= (batuta.core/match-elem v 0) :compute) false) "
            "(let* [x (batuta.core/match-elem v 1) y (batuta.core/match-elem v 2)] (+ x y)) :none)");
}

TEST_F(PatternExpansion, MapsTestEachKeyAndNestedValuesAreNamedOnce) {
  EXPECT_EQ(chain("({:ok v} -> v)"),
            "(if (batuta.core/match-key? v :ok) (let* [v (batuta.core/get v :ok)] v) :none)");
  EXPECT_EQ(chain("({:user {:id 1}} -> :one)"),
            "(if (if (batuta.core/match-key? v :user) (let* [p__1__auto__ (batuta.core/get v :user)] "
            "(if (batuta.core/match-key? p__1__auto__ :id) (batuta.core/= (batuta.core/get p__1__auto__ :id) 1) "
            "false)) false) :one :none)");
}

TEST_F(PatternExpansion, VectorsCountThenTakeElementsAndTheRest) {
  EXPECT_EQ(chain("([a & r] -> r)"),
            "(if (batuta.core/match-seq-min? v 1) (let* [a (batuta.core/nth v 0) r (batuta.core/nthrest v 1)] r) :none)");
  EXPECT_EQ(chain("([] -> 0)"), "(if (batuta.core/match-seq? v 0) 0 :none)");
}

TEST_F(PatternExpansion, GuardsSeeTheBindings) {
  EXPECT_EQ(chain("(n when (> n 0) -> :pos _ -> :other)"), "(if (let* [n v] (> n 0)) (let* [n v] :pos) :other)");
}

TEST_F(PatternExpansion, SyntaxQuotedClauseWordsAreAccepted) {
  // A macro writing clauses with ` gets batuta.core/-> and user/_.
  EXPECT_EQ(chain("(user/_ batuta.core/when true batuta.core/-> 1)"), "(if true 1 :none)");
}

TEST_F(PatternExpansion, MalformedClausesAndPatternsAreErrors) {
  EXPECT_EQ(chain("(1 :one)"),
            "error: test.ba:1:1: match: expected clauses of the form `pattern -> expr` or `pattern when guard -> "
            "expr`; after the pattern 1 came :one");
  EXPECT_EQ(chain("(1 ->)"), "error: test.ba:1:1: match: the clause for 1 has no expression after ->");
  EXPECT_EQ(chain("(x when -> 1)"), "error: test.ba:1:1: match: `when` after the pattern x needs a guard expression");
  EXPECT_EQ(chain("([a a] -> a)"),
            "error: test.ba:1:1: the symbol a is bound twice in one pattern; to require equal values, bind two names "
            "and compare them in a guard");
  EXPECT_EQ(chain("((f x) -> 1)"),
            "error: test.ba:1:1: unsupported pattern (f x): a list is not a pattern (write [a b] for a sequence, "
            "'(a b) for a literal list)");
  EXPECT_EQ(chain("(#{1} -> 1)"), "error: test.ba:1:1: unsupported pattern #{1}");
  EXPECT_EQ(chain("(a/b -> 1)"),
            "error: test.ba:1:1: a pattern can't bind the qualified symbol a/b; to compare with a value, bind a plain "
            "symbol and use a guard");
  EXPECT_EQ(chain("({k 1} -> 1)"),
            "error: test.ba:1:1: map pattern keys must be literals (:k, \"k\", 1, 'sym), got k in {k 1}; the value "
            "goes after the key: {:k k}");
  EXPECT_EQ(chain("([a &] -> 1)"), "error: test.ba:1:1: & must be followed by exactly one pattern, at the end of [a &]");
}

TEST_F(PatternExpansion, MatchAndTryExpansions) {
  EXPECT_EQ(expand("(match 1)"), "error: test.ba:1:1: match needs at least one clause: (match x pattern -> expr ...)");
  EXPECT_EQ(expand("(match (f) 1 -> :one)"),
            "(let* [match__1__auto__ (f)] (if (batuta.core/= match__1__auto__ 1) :one "
            "(batuta.core/%match-failed match__1__auto__ \"test.ba:1:1\")))");
  EXPECT_EQ(expand("(? (f))"),
            "(let* [result__1__auto__ (f)] (if (batuta.core/ok? result__1__auto__) (batuta.core/get result__1__auto__ "
            ":ok) (return* (batuta.core/propagated-error result__1__auto__))))");
  EXPECT_EQ(expand("(? r 0)"),
            "(let* [result__1__auto__ r] (if (batuta.core/ok? result__1__auto__) (batuta.core/get result__1__auto__ "
            ":ok) 0))");
  EXPECT_EQ(expand("(? a b c)"),
            "error: test.ba:1:1: ? takes a result and an optional default: (? r) or (? r default), got 3 arguments");
  EXPECT_EQ(expand("(deferror E :a :b)"),
            "(def E (batuta.core/hash-map :error-set (quote E) :errors [:a :b]))");
  EXPECT_EQ(expand("(deferror E :a :a)"), "error: test.ba:1:1: deferror E: :a is listed twice");
}

// --- compiled and run ------------------------------------------------------------

class PatternRun : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_TRUE(boot().ok()); }

  // The printed value of the last form of src, or "ERROR: report".
  std::string run(std::string_view src) {
    EvalError error;
    auto r = session_.eval_source(src, "p.ba", &error);
    if (!r.ok()) return "ERROR: " + error.report.substr(0, error.report.find('\n'));
    return pr_str(r.value());
  }

  std::string ir(std::string_view src) {
    SourceMap map;
    auto forms = read_all(src, "p.ba", map);
    if (!forms.ok() || forms.value().size() != 1) return "unreadable";
    CompileEnv env{session_.current_namespace(), &map, "p.ba"};
    auto text = ir_text(forms.value()[0], env);
    return text.ok() ? text.value() : "ERROR: " + text.error().message;
  }

  // How many instructions of each given opcode the compiled form holds.
  std::string disassembly(std::string_view src) {
    SourceMap map;
    auto forms = read_all(src, "p.ba", map);
    if (!forms.ok() || forms.value().size() != 1) return "unreadable";
    CompileEnv env{session_.current_namespace(), &map, "p.ba"};
    auto fn = compile_toplevel(forms.value()[0], env);
    if (!fn.ok()) return "ERROR: " + fn.error().message;
    return disassemble(*object_as<const Closure>(fn.value())->proto());
  }

  Session session_;
};

TEST_F(PatternRun, EveryPatternKind) {
  EXPECT_EQ(run("(mapv #(match % nil :nil 1 -> :int 1.0 -> :float \"a\" -> :str \\a -> :char :k -> :kw 'q -> :sym "
                "_ -> :other) [nil 1 1.0 \"a\" \\a :k 'q 2])"),
            "ERROR: p.ba:1:8: match: expected clauses of the form `pattern -> expr` or `pattern when guard -> expr`; "
            "after the pattern nil came :nil");
  EXPECT_EQ(run("(mapv #(match % nil -> :nil 1 -> :int 1.0 -> :float \"a\" -> :str \\a -> :char :k -> :kw 'q -> :sym "
                "_ -> :other) [nil 1 1.0 \"a\" \\a :k 'q 2])"),
            "[:nil :int :float :str :char :kw :sym :other]");
  EXPECT_EQ(run("(match [1 [2 {:a {:t 3 4}}]] [x [y {:a {:t z w}}]] -> [x y z w])"), "[1 2 3 4]");
  EXPECT_EQ(run("(match '(1 2 3) [a & more] -> more)"), "(2 3)");
  EXPECT_EQ(run("(match (range 5) [a b & more] -> [a b (vec more)])"), "[0 1 [2 3 4]]");
  EXPECT_EQ(run("(match {:a 1 :b 2} {:a 1} -> :has-a-1 _ -> :no)"), ":has-a-1");
  EXPECT_EQ(run("(match {:a 2} {:a 1} -> :has-a-1 _ -> :no)"), ":no");
  EXPECT_EQ(run("(match {:shutdown} {:shutdown} -> :stop)"), ":stop");
  EXPECT_EQ(run("(match {:t 1 2} {:t a} -> :map {:t a b} -> [a b])"), "[1 2]");
  EXPECT_EQ(run("(match {:t 1} {:t a} -> [:map a])"), "[:map 1]");
}

TEST_F(PatternRun, GuardsFallThrough) {
  EXPECT_EQ(run("(mapv (fn [x] (match x n when (even? n) -> :even n when (> n 10) -> :big _ -> :small)) [2 11 3])"),
            "[:even :big :small]");
}

TEST_F(PatternRun, NoMatchingClausePanicsWithTheValueAndThePosition) {
  EXPECT_EQ(run("\n  (match {:x 1}\n    {:y y} -> y)"),
            "ERROR: panic: match: no clause matches {:x 1} (the match at p.ba:2:3); add a `_ -> ...` clause for other "
            "values");
  std::string big = run("(match (vec (range 1000)) [] -> 0)");
  EXPECT_LT(big.size(), 250u) << big;
  EXPECT_NE(big.find("no clause matches [0 1 2 3"), std::string::npos) << big;
}

TEST_F(PatternRun, TupleAndMapTestsAreSingleInstructions) {
  EXPECT_EQ(ir("(match (f) {:compute x y} -> x {:ok v} -> v)").find("(call"), ir("(f)").find("(call"));
  std::string code = disassembly("(fn [m] (match m {:compute x y} -> (+ x y) {:ok v} -> v))");
  EXPECT_NE(code.find("TestTuple"), std::string::npos) << code;
  EXPECT_NE(code.find("ElemK"), std::string::npos) << code;
  // The key test and the binding of its value: one lookup.
  EXPECT_NE(code.find("TestGetK"), std::string::npos) << code;
  EXPECT_EQ(code.find("TestKeyK"), std::string::npos) << code;
  // Only the no-match paths call a function.
  auto count = [&](std::string_view s) {
    size_t n = 0;
    for (size_t at = code.find(s); at != std::string::npos; at = code.find(s, at + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count("Call"), count("%match-failed")) << code;
}

// The benchmark's five message shapes (bench/lang/match.ba): the kind of
// the message is tested once per kind, never once per clause; element 0
// of a 3-tuple is read once for both tagged 3-tuple clauses; each test is
// fused with its branch.
TEST_F(PatternRun, MessageShapesCompileToADecisionTree) {
  std::string code = disassembly(
      "(fn [m] (match m {:compute x y} -> (+ x y) {:ok v} -> v {:error _} -> 1 {:exit _ _} -> 2 {:shutdown} -> 4))");
  auto count = [&](std::string_view op) {  // op as a whole word
    size_t n = 0;
    for (size_t at = code.find(op); at != std::string::npos; at = code.find(op, at + 1))
      if (code[at + op.size()] == ' ') ++n;
    return n;
  };
  EXPECT_EQ(count("TestTuple"), 2u) << code;  // 3-tuples, 1-tuples
  EXPECT_EQ(count("TestMap"), 1u) << code;
  EXPECT_EQ(count("TestGetK"), 1u) << code;   // {:ok v}: tested and bound by one lookup
  EXPECT_EQ(count("TestKeyK"), 1u) << code;   // {:error _}
  EXPECT_EQ(count("TestEqK"), 3u) << code;    // :compute, :exit, :shutdown
  EXPECT_EQ(count("ElemK"), 4u) << code;      // the tag once, x, y, the 1-tuple's tag
  EXPECT_EQ(count("JmpIfNot"), 0u) << code;
  if (std::getenv("BATUTA_SHOW_CODE") != nullptr) std::printf("%s\n", code.c_str());
  EXPECT_EQ(run("(mapv (fn [m] (match m {:compute x y} -> (+ x y) {:ok v} -> v {:error _} -> 1 {:exit _ _} -> 2 "
                "{:shutdown} -> 4 _ -> :other)) [{:compute 1 2} {:ok 3} {:error :bad} {:exit 7 :normal} {:shutdown} "
                "{:exit 1} {:other 1 2} {:ok nil} {} [] 5])"),
            "[3 3 1 2 4 :other :other nil :other :other :other]");
}

// Clauses of different kinds keep the order that decides between clauses
// of one kind; a clause of no single kind (a binding, a sequence, {})
// splits the runs, and what follows a run is kept once when it is large.
TEST_F(PatternRun, DecisionTreeKeepsClauseOrder) {
  EXPECT_EQ(run("(mapv (fn [m] (match m {:a x} -> [:a x] {:t x} -> [:t x] {:a 1 :b y} -> :never {:b y} -> [:b y] "
                "{:t 1} -> :never n when (number? n) -> :num {} -> :map {:t _ _} -> :t2 _ -> :other)) "
                "[{:a 1 :b 2} {:b 3} {:t 1} 4 {:c 1} {:t 1 2} (sorted-map :a 1) :k])"),
            "[[:a 1] [:b 3] [:t 1] :num :map :t2 :map :other]");
  EXPECT_EQ(run("(defn walk [xs acc] (match xs {:cons h t} -> (recur t (+ acc h)) {:nil} -> acc "
                "{:many a b} -> (recur b (+ acc a)) _ -> (let [big (vec (range 40))] (count (conj big acc)))))"
                "[(walk {:cons 1 {:many 2 {:cons 3 {:nil}}}} 0) (walk {:cons 1 :bad} 0)]"),
            "[6 41]");
  EXPECT_EQ(run("(match {:x 1 2} {:x a b} when (> a 5) -> :big {:x a b} -> [a b])"), "[1 2]");
  // A local subject is tested in place, also when a pattern rebinds its name.
  EXPECT_EQ(run("(let [m {:t 1 2}] (match m {:t m y} -> [m y]))"), "[1 2]");
  EXPECT_EQ(run("(let [m {:a 1 :b 2}] (match m {:a m :b n} when (< m n) -> [m n]))"), "[1 2]");
  EXPECT_EQ(run("(defn f [m] (match m {:ok v} -> v _ -> m)) [(f {:ok 1}) (f 2)]"), "[1 2]");
}

TEST_F(PatternRun, ReturnLeavesTheFunctionFromAnyPosition) {
  EXPECT_EQ(run("((fn [] (+ 1 (return* 5))))"), "5");
  EXPECT_EQ(run("((fn [] (loop [i 0] (if (= i 3) (return* [:at i]) (recur (inc i))))))"), "[:at 3]");
  EXPECT_EQ(run("(return* 1 2)"), "ERROR: p.ba:1:1: return* takes exactly one form");
  EXPECT_NE(ir("(fn [] (return* 5))").find("(return (const 5))"), std::string::npos) << ir("(fn [] (return* 5))");
}

TEST_F(PatternRun, ErrorsAsValues) {
  EXPECT_EQ(run("[(ok 1) (error :e) (ok? (ok 1)) (error? (error 1)) (ok? {:error 1 :ok 2}) (error? {:error 1 :ok 2})]"),
            "[{:ok 1} {:error :e} true true true false]");
  EXPECT_EQ(run("(! (ok 7))"), "7");
  EXPECT_EQ(run("(! (error :boom))"), "ERROR: panic: {:error :boom}");
  EXPECT_EQ(run("(! 3)"), "ERROR: panic: !: expected a result, {:ok value} or {:error reason}, got 3 (an integer)");
  EXPECT_EQ(run("(defn half [x] (if (odd? x) (error :odd) (ok (quot x 2))))"
                "(defn quarter [x] (let [h (? (half x))] (half h)))"
                "[(quarter 8) (quarter 6) (quarter 3) (? (half 3) :default)]"),
            "[{:ok 2} {:error :odd} {:error :odd} :default]");
  EXPECT_EQ(run("(deferror IoError \"I/O.\" :eof :closed) [IoError (:doc (var-meta (var IoError)))]"),
            "[{:error-set IoError :errors [:eof :closed]} \"I/O.\"]");
}

// An `if` on a comparison is one compare-and-branch instruction followed by
// the Jmp it takes or skips; a comparison whose value is kept stays a
// plain comparison.
TEST_F(PatternRun, ComparisonTestsFuseWithTheirBranch) {
  std::string d = disassembly("(fn [n] (if (< n 2) n (+ n 1)))");
  EXPECT_NE(d.find("TestLtK"), std::string::npos) << d;
  EXPECT_EQ(d.find("JmpIfNot"), std::string::npos) << d;
  d = disassembly("(fn [a b] (if (= a b) 1 2))");
  EXPECT_NE(d.find("TestEq"), std::string::npos) << d;
  d = disassembly("(fn [n] (let [small (< n 2)] (if small [small n] n)))");
  EXPECT_EQ(d.find("TestLtK"), std::string::npos) << d;
  EXPECT_NE(d.find("JmpIfNot"), std::string::npos) << d;
  EXPECT_EQ(run("((fn [n] (let [small (< n 2)] (if small [small n] n))) 1)"), "[true 1]");
}

}  // namespace
}  // namespace batuta::test
