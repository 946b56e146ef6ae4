// profile_b_test.cpp: Profile B text to the Profile A forms it desugars to
// (golden tests; LANGUAGE.md "Surface syntax", docs/grammar.md).
#include <gtest/gtest.h>

#include "profile_test_util.h"

namespace batuta::test {
namespace {

// --- the seed's examples -------------------------------------------------------------

TEST(ProfileB, SeedFactorial) {
  EXPECT_EQ(b("define factorial n =\n"
              "  if n <= 1 then 1\n"
              "  else n * factorial (n - 1)\n"),
            "(defn factorial [n] (if (<= n 1) 1 (* n (factorial (- n 1)))))");
}

TEST(ProfileB, SeedInfixAndPipeline) {
  EXPECT_EQ(b("x + y * z"), "(+ x (* y z))");
  EXPECT_EQ(b("data |> map f |> filter p"), "(filter p (map f data))");
  EXPECT_EQ(b("x |> f |> g"), "(g (f x))");
  EXPECT_EQ(b("x |> f a |> g"), "(g (f a x))");
}

TEST(ProfileB, SeedQueryPipeline) {
  // "Sulise Desugaring in Action", written in Profile B: each stage is a
  // call that receives the relation as its last argument.
  EXPECT_EQ(b("query :users\n"
              "  |> where (age > 18)\n"
              "  |> group-by :country\n"
              "  |> aggregate {:count (count *) :avg-age (avg :age)}\n"),
            "(aggregate {:count (count *) :avg-age (avg :age)} (group-by :country (where (> age 18) (query :users))))");
}

TEST(ProfileB, SeedProfileAFormsReadUnchanged) {
  // A parenthesised Profile A form means the same in Profile B.
  EXPECT_EQ(b("(define factorial (n)\n"
              "  (if (<= n 1) 1\n"
              "      (* n (factorial (- n 1)))))"),
            "(define factorial (n) (if (<= n 1) 1 (* n (factorial (- n 1)))))");
  EXPECT_EQ(b("(let [x 10\n      y 20]\n  (+ x y))"), "(let [x 10 y 20] (+ x y))");
  EXPECT_EQ(b("(* (+ 1 2) (- 10 5))"), "(* (+ 1 2) (- 10 5))");
  EXPECT_EQ(b("(match value\n  {:ok result} -> result\n  {:error reason} -> (handle-error reason))"),
            "(match value {:ok result} -> result {:error reason} -> (handle-error reason))");
  EXPECT_EQ(b("(defactor greeter []\n  (receive\n    {:greet name} -> (println \"Hello,\" name \"!\")))"),
            "(defactor greeter [] (receive {:greet name} -> (println \"Hello,\" name \"!\")))");
  EXPECT_EQ(b("(if (> x 0) \"pos\" \"neg\")"), "(if (> x 0) \"pos\" \"neg\")");
  EXPECT_EQ(b("(defn f [x] (+ x 1))"), "(defn f [x] (+ x 1))");
}

// --- precedence and associativity ------------------------------------------------------

TEST(ProfileB, PrecedenceLoosestFirst) {
  EXPECT_EQ(b("a or b and c"), "(or a (and b c))");
  EXPECT_EQ(b("a and b = c"), "(and a (= b c))");
  EXPECT_EQ(b("a = b + c"), "(= a (+ b c))");
  EXPECT_EQ(b("a + b * c"), "(+ a (* b c))");
  EXPECT_EQ(b("a * b + c"), "(+ (* a b) c)");
  EXPECT_EQ(b("- a * b"), "(* (- a) b)");
  EXPECT_EQ(b("not a and b"), "(and (not a) b)");
  EXPECT_EQ(b("f a * g b"), "(* (f a) (g b))");
  EXPECT_EQ(b("x |> f or g"), "ERROR: t.ba:1:8: expected a function or a call after |>, got an infix expression");
  EXPECT_EQ(b("a mod b + c / d"), "(+ (mod a b) (/ c d))");
  EXPECT_EQ(b("a not= b"), "(not= a b)");
  EXPECT_EQ(b("a < b or a <= b or a > b or a >= b"), "(or (or (or (< a b) (<= a b)) (> a b)) (>= a b))");
}

TEST(ProfileB, BinaryOperatorsGroupLeft) {
  EXPECT_EQ(b("a - b - c"), "(- (- a b) c)");
  EXPECT_EQ(b("a / b / c"), "(/ (/ a b) c)");
  EXPECT_EQ(b("a - b + c"), "(+ (- a b) c)");
  EXPECT_EQ(b("a * b mod c"), "(mod (* a b) c)");
  EXPECT_EQ(b("a < b < c"), "(< (< a b) c)");
  EXPECT_EQ(b("a and b and c"), "(and (and a b) c)");
  EXPECT_EQ(b("a - (b - c)"), "(- a (- b c))");
}

TEST(ProfileB, UnaryOperators) {
  EXPECT_EQ(b("- x"), "(- x)");
  EXPECT_EQ(b("- - x"), "(- (- x))");
  EXPECT_EQ(b("not not x"), "(not (not x))");
  EXPECT_EQ(b("- f x"), "(- (f x))");
  EXPECT_EQ(b("a - - b"), "(- a (- b))");
  EXPECT_EQ(b("not a = b"), "(= (not a) b)");
  EXPECT_EQ(b("-1 + x"), "(+ -1 x)");  // -1 is a number literal
}

// --- application -------------------------------------------------------------------------

TEST(ProfileB, ApplicationByJuxtaposition) {
  EXPECT_EQ(b("f a b"), "(f a b)");
  EXPECT_EQ(b("f (g x) y"), "(f (g x) y)");
  EXPECT_EQ(b("n * factorial (n - 1)"), "(* n (factorial (- n 1)))");
  EXPECT_EQ(b("f -1"), "(f -1)");
  EXPECT_EQ(b("n-1"), "n-1");  // one symbol: operators need spaces
  EXPECT_EQ(b("println \"a\" :k \\c 1/3 [1 2]"), "(println \"a\" :k \\c 1/3 [1 2])");
  EXPECT_EQ(b("group-by :country rows"), "(group-by :country rows)");
}

TEST(ProfileB, Parentheses) {
  EXPECT_EQ(b("(a + b) * c"), "(* (+ a b) c)");
  EXPECT_EQ(b("(now)"), "(now)");          // one primary: a call, as in Profile A
  EXPECT_EQ(b("(f x)"), "(f x)");
  EXPECT_EQ(b("((f x))"), "((f x))");
  EXPECT_EQ(b("()"), "()");
  EXPECT_EQ(b("(+ 1 2 3)"), "(+ 1 2 3)");  // an operator first: a prefix call
  EXPECT_EQ(b("(- n 1)"), "(- n 1)");
  EXPECT_EQ(b("(not x)"), "(not x)");
  EXPECT_EQ(b("reduce (+) 0 xs"), "(reduce + 0 xs)");  // a lone operator is the function
  EXPECT_EQ(b("map (-) xs"), "(map - xs)");
  EXPECT_EQ(b("(count *)"), "(count *)");  // an operator before ) is an operand
  EXPECT_EQ(b("(a + b)"), "(+ a b)");
  // A group starting with - or not is a prefix call unless another
  // operator follows in it.
  EXPECT_EQ(b("(- 3 + 1)"), "(+ (- 3) 1)");
  EXPECT_EQ(b("(not a or b)"), "(or (not a) b)");
  EXPECT_EQ(b("(- f x)"), "(- f x)");
  EXPECT_EQ(b("(- (f x))"), "(- (f x))");
  EXPECT_EQ(b("(- - x)"), "(- (- x))");
  EXPECT_EQ(b("(not not x)"), "(not (not x))");
  EXPECT_EQ(b("(- x -)"), "(- x -)");
  EXPECT_EQ(b("(- x (y + 1))"), "(- x (+ y 1))");
}

TEST(ProfileB, CollectionsHoldPrimaries) {
  EXPECT_EQ(b("[1 2 (n - 1)]"), "[1 2 (- n 1)]");
  EXPECT_EQ(b("[+ - * / mod]"), "[+ - * / mod]");
  EXPECT_EQ(b("{:a (x + 1) :b [y]}"), "{:a (+ x 1) :b [y]}");
  EXPECT_EQ(b("{:compute 1 2}"), "{:compute 1 2}");
  EXPECT_EQ(b("#{(2 + 3)}"), "#{(+ 2 3)}");
  EXPECT_EQ(b("[a & rest]"), "[a & rest]");
  EXPECT_EQ(b("[if then else in]"), "[if then else in]");
  EXPECT_EQ(b("{:a 1 :a 2}"), "ERROR: t.ba:1:7: duplicate key :a in map literal");
}

TEST(ProfileB, QuotesAndFnLiterals) {
  EXPECT_EQ(b("'(a + b)"), "(quote (+ a b))");
  EXPECT_EQ(b("'+"), "(quote +)");
  EXPECT_EQ(b("`(f ~x ~@ys)"), "(syntax-quote (f (unquote x) (unquote-splicing ys)))");
  EXPECT_EQ(b("@state"), "(deref state)");
  std::string fn = b("#(% * 2)");
  EXPECT_EQ(fn.substr(0, 9), "(fn [%1__");
  EXPECT_NE(fn.find("] (* %1__"), std::string::npos) << fn;
  EXPECT_EQ(b("#(now)").substr(0, 15), "(fn [] (now))");
  std::string two = b("#(+ %1 %2)");
  EXPECT_NE(two.find("(+ %1__"), std::string::npos) << two;
}

TEST(ProfileB, Literals) {
  EXPECT_EQ(b("[1_000 #x1F 1/3 2.5 ##Inf \"a\\nb\" \\newline :k ::local nil true false]"),
            "[1000 31 1/3 2.5 ##Inf \"a\\nb\" \\newline :k :user/local nil true false]");
  EXPECT_EQ(b("#\"[a-z]+\""), "(re-pattern \"[a-z]+\")");
  EXPECT_EQ(b("\"x\" ; a comment\n#| block |#\n2 #_(discarded form)\n#_ #_ a b\nc"), "\"x\"\n2\nc");
  // A comment in column 1 does not make the token after it start a form.
  EXPECT_EQ(b("f ; call\n#| c |# x"), "(f x)");
}

// --- define, if, let ----------------------------------------------------------------------

TEST(ProfileB, Define) {
  EXPECT_EQ(b("define f x = x + 1"), "(defn f [x] (+ x 1))");
  EXPECT_EQ(b("define add x y = x + y"), "(defn add [x y] (+ x y))");
  EXPECT_EQ(b("define pi = 3.14"), "(def pi 3.14)");
  EXPECT_EQ(b("define first-two [a b & _] = [a b]"), "(defn first-two [[a b & _]] [a b])");
  EXPECT_EQ(b("define f x = define g y = y"), "(defn f [x] (defn g [y] y))");
  EXPECT_EQ(b("define f x"), "(define f x)");  // no `=`: a call of define (Profile A's define)
}

TEST(ProfileB, IfThenElse) {
  EXPECT_EQ(b("if a then b else c"), "(if a b c)");
  EXPECT_EQ(b("if a then b"), "(if a b)");
  EXPECT_EQ(b("if x > 0 then x else - x"), "(if (> x 0) x (- x))");
  EXPECT_EQ(b("if a then if b then c else d else e"), "(if a (if b c d) e)");
  EXPECT_EQ(b("1 + if a then 2 else 3 + 4"), "(+ 1 (if a 2 (+ 3 4)))");  // else extends to the right
  EXPECT_EQ(b("(if a then b else c) + 1"), "(+ (if a b c) 1)");
  EXPECT_EQ(b("f (if a then b else c)"), "(f (if a b c))");
  EXPECT_EQ(b("if (f x) 1 2"), "(if (f x) 1 2)");  // no then: the Profile A if
}

TEST(ProfileB, LetIn) {
  EXPECT_EQ(b("let x = 1 in x + 2"), "(let [x 1] (+ x 2))");
  EXPECT_EQ(b("let x = 1 in let y = x * 2 in x + y"), "(let [x 1] (let [y (* x 2)] (+ x y)))");
  EXPECT_EQ(b("let [a b] = pair in a - b"), "(let [[a b] pair] (- a b))");
  EXPECT_EQ(b("let {:keys [a]} = m in a"), "(let [{:keys [a]} m] a)");
  EXPECT_EQ(b("(let [x 1] x)"), "(let [x 1] x)");  // the Profile A let
}

// --- pipelines ---------------------------------------------------------------------------

TEST(ProfileB, ThreadLast) {
  EXPECT_EQ(b("xs |> map inc"), "(map inc xs)");
  EXPECT_EQ(b("xs |> (map inc)"), "(map inc xs)");
  EXPECT_EQ(b("m |> :name"), "(:name m)");
  EXPECT_EQ(b("x |> (f)"), "(f x)");
  EXPECT_EQ(b("x + 1 |> str"), "(str (+ x 1))");
  EXPECT_EQ(b("xs |> map inc |> reduce (+) 0"), "(reduce + 0 (map inc xs))");
  std::string fn = b("5 |> #(% * 2)");
  EXPECT_EQ(fn.substr(0, 6), "((fn [") << fn;
  EXPECT_EQ(fn.substr(fn.size() - 4), ") 5)") << fn;
  EXPECT_EQ(b("x |> a + b"), "ERROR: t.ba:1:8: expected a function or a call after |>, got an infix expression");
  EXPECT_EQ(b("x |> if a then f else g"), "ERROR: t.ba:1:6: expected a function or a call after |>, got an if expression");
}

// --- layout -----------------------------------------------------------------------------

TEST(ProfileB, ColumnOneStartsATopLevelForm) {
  EXPECT_EQ(b("f a\n  b\ng c\n"), "(f a b)\n(g c)");
  EXPECT_EQ(b("x =\n    1 +\n  2\ny"), "(= x (+ 1 2))\ny");
  EXPECT_EQ(b("  1 + 2\n3"), "(+ 1 2)\n3");  // the first form may start indented
  EXPECT_EQ(b("(f\n1\n2)"), "(f 1 2)");        // inside brackets lines do not split forms
  EXPECT_EQ(b(""), "");
  EXPECT_EQ(b("; only a comment\n"), "");
}

TEST(ProfileB, Pragma) {
  EXPECT_EQ(desugar("#lang batuta/b\nx + 1\n", Profile::A), "(+ x 1)");
  EXPECT_EQ(desugar("#lang batuta/a\n(+ x 1)\n", Profile::B), "(+ x 1)");
  EXPECT_EQ(desugar("#lang batuta/c\ndefine f x\n  x\n", Profile::A), "(defn f [x] x)");
  EXPECT_EQ(desugar("#lang  batuta/b  \r\nf x", Profile::A), "(f x)");
  EXPECT_EQ(desugar("#lang batuta/z\n1", Profile::B),
            "ERROR: t.ba:1:1: unknown #lang batuta/z (expected batuta/a, batuta/b or batuta/c)");
  EXPECT_EQ(profile_of("#lang batuta/b\n"), Profile::B);
  EXPECT_EQ(profile_of("#lang batuta/c"), Profile::C);
  EXPECT_EQ(profile_of("(+ 1 2)", Profile::C), Profile::C);
  EXPECT_EQ(profile_of("#lang batuta/a\n", Profile::C), Profile::A);
}

TEST(ProfileB, NamespacedKeywordsFollowTheCurrentNamespace) {
  SourceMap map;
  ProgramReader reader("::a\n::b\n", "t.ba", map, "one", Profile::B);
  Value v;
  ASSERT_TRUE(reader.read(v).ok());
  EXPECT_EQ(pr_str(v), ":one/a");
  reader.set_namespace("two");
  ASSERT_TRUE(reader.read(v).ok());
  EXPECT_EQ(pr_str(v), ":two/b");
}

TEST(ProfileB, AnnotationsAreRecordedNotElements) {
  SourceMap map;
  auto forms = read_program("define f x :: Int y = x\n(reply v :: val)", "t.ba", map, "user", Profile::B);
  ASSERT_TRUE(forms.ok()) << forms.error().message;
  ASSERT_EQ(forms.value().size(), 2u);
  EXPECT_EQ(pr_str(forms.value()[0]), "(defn f [x y] x)");
  Value params = list_first(list_rest(list_rest(forms.value()[0])));
  ASSERT_NE(map.annotation_of(params, 0), nullptr);
  EXPECT_EQ(pr_str(*map.annotation_of(params, 0)), "Int");
  EXPECT_EQ(map.annotation_of(params, 1), nullptr);
  EXPECT_EQ(pr_str(forms.value()[1]), "(reply v)");
  ASSERT_NE(map.annotation_of(forms.value()[1], 1), nullptr);
  EXPECT_EQ(pr_str(*map.annotation_of(forms.value()[1], 1)), "val");
}

}  // namespace
}  // namespace batuta::test
