// profile_c_test.cpp: Profile C (Profile B with the offside rule) to the
// Profile A forms it desugars to (golden tests; docs/grammar.md).
#include <gtest/gtest.h>

#include "profile_test_util.h"

namespace batuta::test {
namespace {

TEST(ProfileC, SeedFactorial) {
  EXPECT_EQ(c("define factorial n\n"
              "  if n <= 1 -> 1\n"
              "  else -> n * factorial (n - 1)\n"),
            "(defn factorial [n] (cond (<= n 1) 1 :else (* n (factorial (- n 1)))))");
}

TEST(ProfileC, SeedDesugaringContract) {
  EXPECT_EQ(c("define foo x\n"
              "  if x > 0 -> x\n"
              "  else -> 0\n"),
            "(defn foo [x] (cond (> x 0) x :else 0))");
}

TEST(ProfileC, SeedQueryPipeline) {
  EXPECT_EQ(c("define adults =\n"
              "  query :users\n"
              "  |> where (age > 18)\n"
              "  |> group-by :country\n"
              "  |> aggregate {:count (count *) :avg-age (avg :age)}\n"),
            "(def adults (aggregate {:count (count *) :avg-age (avg :age)} (group-by :country (where (> age 18) "
            "(query :users)))))");
}

TEST(ProfileC, ProfileBIsProfileC) {
  // The seed's Profile B factorial and one-line Profile B forms read the
  // same in Profile C.
  EXPECT_EQ(c("define factorial n =\n"
              "  if n <= 1 then 1\n"
              "  else n * factorial (n - 1)\n"),
            "(defn factorial [n] (if (<= n 1) 1 (* n (factorial (- n 1)))))");
  EXPECT_EQ(c("x + y * z\ndata |> map f |> filter p\n(defn f [x] (+ x 1))"),
            "(+ x (* y z))\n(filter p (map f data))\n(defn f [x] (+ x 1))");
}

TEST(ProfileC, ConditionalChains) {
  EXPECT_EQ(c("define sign n\n"
              "  if n < 0 -> :negative\n"
              "  n = 0 -> :zero\n"
              "  else -> :positive\n"),
            "(defn sign [n] (cond (< n 0) :negative (= n 0) :zero :else :positive))");
  EXPECT_EQ(c("if a -> 1"), "(cond a 1)");
  // A new `if` starts a new chain; a line without -> ends one.
  EXPECT_EQ(c("define f x\n  if a -> 1\n  if b -> 2\n  x\n"), "(defn f [x] (cond a 1) (cond b 2) x)");
  EXPECT_EQ(c("if a -> 1\nelse -> 2\nnext"), "(cond a 1 :else 2)\nnext");
  // A branch's value may be a block of its own.
  EXPECT_EQ(c("define f x\n  if x ->\n    println x\n    x\n  else -> nil\n"),
            "(defn f [x] (cond x (do (println x) x) :else nil))");
}

TEST(ProfileC, CondBlock) {
  EXPECT_EQ(c("cond\n  n = 0 -> 1\n  n > 0 -> 2\n  else -> 3\n"), "(cond (= n 0) 1 (> n 0) 2 :else 3)");
}

TEST(ProfileC, ClauseBlocks) {
  EXPECT_EQ(c("define handle msg\n"
              "  match msg\n"
              "    {:ok v} -> v\n"
              "    {:error e} when e > 1 ->\n"
              "      println \"bad\" e\n"
              "      e\n"
              "    _ -> nil\n"),
            "(defn handle [msg] (match msg {:ok v} -> v {:error e} when (> e 1) -> (do (println \"bad\" e) e) _ -> nil))");
  EXPECT_EQ(c("receive\n  {:greet name} -> println \"Hello,\" name \"!\"\n"),
            "(receive {:greet name} -> (println \"Hello,\" name \"!\"))");
  EXPECT_EQ(c("receive-timeout 100\n  :ping -> :pong\n  timeout -> :late\n"),
            "(receive-timeout 100 :ping -> :pong timeout -> :late)");
}

TEST(ProfileC, BlocksAsBodiesArgumentsAndOperands) {
  EXPECT_EQ(c("define main\n  println \"hi\"\n  println \"there\"\n"), "(defn main [] (println \"hi\") (println \"there\"))");
  EXPECT_EQ(c("define total =\n  1 + 2\n"), "(def total (+ 1 2))");
  EXPECT_EQ(c("define both =\n  a\n  b\n"), "(def both (do a b))");
  EXPECT_EQ(c("define f x = do\n  println x\n  x\n"), "(defn f [x] (do (println x) x))");
  EXPECT_EQ(c("when ready\n  launch 1\n  launch 2\n"), "(when ready (launch 1) (launch 2))");
  EXPECT_EQ(c("x =\n  1 + 2\n"), "(= x (+ 1 2))");
  EXPECT_EQ(c("define k x =\n  if x then\n    1\n  else\n    2\n"), "(defn k [x] (if x 1 2))");
  EXPECT_EQ(c("let y = 2 in\n  y * y\n"), "(let [y 2] (* y y))");
}

TEST(ProfileC, ContinuationLines) {
  EXPECT_EQ(c("xs\n|> map inc\n|> filter odd?\n"), "(filter odd? (map inc xs))");
  EXPECT_EQ(c("total xs\n  + 1\n"), "(+ (total xs) 1)");
  EXPECT_EQ(c("define g x =\n  if x then 1\n  else 2\n"), "(defn g [x] (if x 1 2))");
  EXPECT_EQ(c("f (a\nb\n  c)\n"), "(f (a b c))");  // inside brackets, lines do not matter
}

TEST(ProfileC, NestedBlocks) {
  EXPECT_EQ(c("define outer x\n"
              "  define inner y\n"
              "    y * 2\n"
              "  inner x\n"),
            "(defn outer [x] (defn inner [y] (* y 2)) (inner x))");
  EXPECT_EQ(c("a\n  b\n    c\n  d\ne\n"), "(a (b c) d)\ne");
}

TEST(ProfileC, TabsAloneAreFine) {
  EXPECT_EQ(c("define f x\n\tif x -> 1\n\telse -> 2\n"), "(defn f [x] (cond x 1 :else 2))");
}

TEST(ProfileC, CommentsAndBlankLines) {
  EXPECT_EQ(c("; heading\ndefine f x\n\n  ; inside\n  x + 1 ; trailing\n\nf 2\n"), "(defn f [x] (+ x 1))\n(f 2)");
}

}  // namespace
}  // namespace batuta::test
