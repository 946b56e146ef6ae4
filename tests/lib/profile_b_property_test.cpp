// profile_b_property_test.cpp: random Profile B expressions against their
// hand-built Profile A trees.
//
// Each generated expression is a tree (arithmetic, comparisons, booleans,
// calls, if) printed as Profile B text with only the parentheses the
// precedence rules need (plus some redundant ones at random). Properties:
//   1. the text desugars to exactly the tree (the same Profile A form);
//   2. evaluated through a Session, the Profile B text and the printed tree
//      (Profile A) give the same value, or both fail with the same panic.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "core/equality.h"
#include "core/list.h"
#include "core/name.h"
#include "core/number.h"
#include "core/printer.h"
#include "lib/eval.h"
#include "read/profile.h"

namespace batuta {
namespace {

struct Expr {
  enum Kind { Int, Bool, Unary, Binary, Call, If } kind;
  explicit Expr(Kind k) : kind(k) {}
  int64_t number = 0;
  bool truth = false;
  std::string op;  // operator or function name
  std::vector<Expr> kids;
};

// Binding power as the grammar has it: binary 2..6 (docs/grammar.md),
// unary 7, application 8, primary 9.
int precedence(const Expr& e) {
  switch (e.kind) {
    case Expr::Int: case Expr::Bool: case Expr::If: return 9;
    case Expr::Call: return 8;
    case Expr::Unary: return 7;
    case Expr::Binary:
      if (e.op == "or") return 2;
      if (e.op == "and") return 3;
      if (e.op == "+" || e.op == "-") return 5;
      if (e.op == "*" || e.op == "/" || e.op == "mod") return 6;
      return 4;  // comparisons
  }
  return 9;
}

class Generator {
 public:
  explicit Generator(uint64_t seed) : rng_(seed) {}

  Expr number(int depth) {
    uint64_t roll = depth <= 0 ? 0 : rng_() % 10;
    if (roll < 3) return leaf_int();
    if (roll < 4) return unary("-", number(depth - 1));
    if (roll < 7) {
      static const char* const ops[] = {"+", "-", "*", "/", "mod"};
      return binary(ops[rng_() % 5], number(depth - 1), number(depth - 1));
    }
    if (roll < 9) {
      static const char* const one[] = {"inc", "dec", "abs"};
      static const char* const two[] = {"max", "min"};
      Expr call{Expr::Call};
      if (rng_() % 2) {
        call.op = one[rng_() % 3];
        call.kids.push_back(number(depth - 1));
      } else {
        call.op = two[rng_() % 2];
        call.kids.push_back(number(depth - 1));
        call.kids.push_back(number(depth - 1));
      }
      return call;
    }
    Expr e{Expr::If};
    e.kids.push_back(boolean(depth - 1));
    e.kids.push_back(number(depth - 1));
    e.kids.push_back(number(depth - 1));
    return e;
  }

  Expr boolean(int depth) {
    uint64_t roll = depth <= 0 ? 0 : rng_() % 10;
    if (roll < 2) {
      Expr e{Expr::Bool};
      e.truth = rng_() % 2;
      return e;
    }
    if (roll < 4) return unary("not", boolean(depth - 1));
    if (roll < 6) return binary(rng_() % 2 ? "and" : "or", boolean(depth - 1), boolean(depth - 1));
    if (roll < 8) {
      static const char* const ops[] = {"=", "not=", "<", "<=", ">", ">="};
      return binary(ops[rng_() % 6], number(depth - 1), number(depth - 1));
    }
    return binary(rng_() % 2 ? "=" : "not=", boolean(depth - 1), boolean(depth - 1));
  }

  // Profile B text of `e` where the context needs binding power `needed`.
  std::string text(const Expr& e, int needed) {
    bool wrap = precedence(e) < needed || ((e.kind == Expr::Binary || e.kind == Expr::Unary) && rng_() % 5 == 0);
    if (!wrap) return bare(e);
    if (e.kind == Expr::Unary) {
      // Inside parentheses `(- x y)` would be a prefix call: the operand of
      // a parenthesised unary operator is a primary.
      return "(" + e.op + " " + text(e.kids[0], 9) + ")";
    }
    return "(" + bare(e) + ")";
  }

  static Value form(const Expr& e) {
    switch (e.kind) {
      case Expr::Int: return make_integer(e.number);
      case Expr::Bool: return Value::boolean(e.truth);
      case Expr::If: return list_from({symbol("if"), form(e.kids[0]), form(e.kids[1]), form(e.kids[2])});
      default: {
        std::vector<Value> items{symbol(e.op)};
        for (const Expr& k : e.kids) items.push_back(form(k));
        return list_from(items);
      }
    }
  }

 private:
  Expr leaf_int() {
    Expr e{Expr::Int};
    e.number = static_cast<int64_t>(rng_() % 21);
    return e;
  }
  static Expr unary(const char* op, Expr operand) {
    Expr e{Expr::Unary};
    e.op = op;
    e.kids.push_back(std::move(operand));
    return e;
  }
  static Expr binary(const char* op, Expr left, Expr right) {
    Expr e{Expr::Binary};
    e.op = op;
    e.kids.push_back(std::move(left));
    e.kids.push_back(std::move(right));
    return e;
  }

  std::string bare(const Expr& e) {
    switch (e.kind) {
      case Expr::Int: return std::to_string(e.number);
      case Expr::Bool: return e.truth ? "true" : "false";
      case Expr::Unary: return e.op + " " + text(e.kids[0], 7);
      case Expr::Binary: {
        int p = precedence(e);
        return text(e.kids[0], p) + " " + e.op + " " + text(e.kids[1], p + 1);  // left-associative
      }
      case Expr::Call: {
        std::string s = e.op;
        for (const Expr& k : e.kids) s += " " + text(k, 9);
        return s;
      }
      case Expr::If:
        return "(if " + text(e.kids[0], 0) + " then " + text(e.kids[1], 0) + " else " + text(e.kids[2], 0) + ")";
    }
    return "";
  }

  std::mt19937_64 rng_;
};

// The value's printed form, or "panic: <first line of the report>".
std::string outcome(Session& session, Profile profile, const std::string& source) {
  session.set_profile(profile);
  EvalError error;
  auto r = session.eval_source(source, "prop.ba", &error);
  if (r.ok()) return pr_str(r.value());
  return error.report.substr(0, error.report.find('\n'));
}

class ProfileBProperty : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_TRUE(boot().ok()); }
};

TEST_F(ProfileBProperty, RandomExpressionsDesugarAndEvaluateLikeProfileA) {
  const uint64_t seed = std::random_device{}();
  Generator gen(seed);
  Session session;
  int evaluated = 0, panicked = 0;
  for (int i = 0; i < 20000; ++i) {
    Expr e = i % 2 == 0 ? gen.number(1 + i % 5) : gen.boolean(1 + i % 5);
    std::string b_text = gen.text(e, 0);
    Value expected = Generator::form(e);
    std::string a_text = pr_str(expected);

    SourceMap map;
    auto forms = read_program(b_text, "prop.ba", map, "user", Profile::B);
    ASSERT_TRUE(forms.ok()) << "seed " << seed << ": " << b_text << "\n" << forms.error().message;
    ASSERT_EQ(forms.value().size(), 1u) << "seed " << seed << ": " << b_text;
    ASSERT_TRUE(equals(forms.value()[0], expected))
        << "seed " << seed << "\n  B text:   " << b_text << "\n  desugars: " << pr_str(forms.value()[0])
        << "\n  expected: " << a_text;

    std::string from_b = outcome(session, Profile::B, b_text);
    std::string from_a = outcome(session, Profile::A, a_text);
    ASSERT_EQ(from_b, from_a) << "seed " << seed << "\n  B text: " << b_text << "\n  A text: " << a_text;
    if (from_b.rfind("panic: ", 0) == 0) ++panicked;
    else ++evaluated;
  }
  // Most expressions must produce values for the comparison to mean much.
  EXPECT_GT(evaluated, 15000) << "seed " << seed;
  std::printf("seed %llu: %d values, %d panics\n", static_cast<unsigned long long>(seed), evaluated, panicked);
}

// The same Session switches profile per source; a #lang line wins.
TEST_F(ProfileBProperty, SessionProfileAndPragma) {
  Session session;
  EXPECT_EQ(outcome(session, Profile::B, "1 + 2 * 3"), "7");
  EXPECT_EQ(outcome(session, Profile::B, "#lang batuta/a\n(+ 1 (* 2 3))"), "7");
  EXPECT_EQ(outcome(session, Profile::A, "#lang batuta/c\ndefine sq x\n  x * x\nsq 9"), "81");
  EXPECT_EQ(outcome(session, Profile::A, "(+ 1 2)"), "3");
  EXPECT_EQ(outcome(session, Profile::B, "1 +"), "prop.ba:1:4: expected an expression after +, got the end of input");
  EvalError error;
  session.set_profile(Profile::B);
  EXPECT_FALSE(session.eval_source("f (1", "prop.ba", &error).ok());
  EXPECT_TRUE(error.incomplete);
  EXPECT_FALSE(session.eval_source("1 + * 2", "prop.ba", &error).ok());
  EXPECT_FALSE(error.incomplete);
}

}  // namespace
}  // namespace batuta
