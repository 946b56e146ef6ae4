// profile_robustness_test.cpp: Profiles B and C on random and mutated input.
//
// Properties: reading never crashes or hangs; the outcome is a list of forms
// or a ParseError whose message starts with "fuzz.ba:LINE:COLUMN: "; every
// heap form read has a source position; and every form read prints as
// Profile A text that the Profile A reader reads back to an equal value.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "core/equality.h"
#include "profile_test_util.h"
#include "read/reader.h"

namespace batuta::test {
namespace {

bool has_position_prefix(const std::string& message) {
  const std::string file = "fuzz.ba:";
  if (message.rfind(file, 0) != 0) return false;
  size_t i = file.size();
  auto digits = [&]() {
    size_t start = i;
    while (i < message.size() && message[i] >= '0' && message[i] <= '9') ++i;
    return i > start;
  };
  if (!digits() || i >= message.size() || message[i++] != ':') return false;
  if (!digits()) return false;
  return message.compare(i, 2, ": ") == 0;
}

// Checks one input; true when it read without error.
bool check_input(const std::string& src, Profile profile, uint64_t seed) {
  SourceMap map;
  auto r = read_program(src, "fuzz.ba", map, "user", profile);
  if (!r.ok()) {
    EXPECT_EQ(r.error().kind, ErrorKind::ParseError) << "seed " << seed;
    EXPECT_TRUE(has_position_prefix(r.error().message)) << "seed " << seed << ": " << r.error().message << "\n" << src;
    return false;
  }
  for (const Value& form : r.value()) {
    std::vector<Value> all;
    collect_heap_forms(form, all);
    for (const Value& v : all) EXPECT_NE(map.position_of(v), nullptr) << "seed " << seed << ": " << pr_str(v) << "\n" << src;
    std::string printed = pr_str(form);
    if (printed.find("##NaN") != std::string::npos) continue;
    SourceMap again_map;
    auto again = read_all(printed, "printed.ba", again_map);
    EXPECT_TRUE(again.ok()) << "seed " << seed << ": " << printed;
    if (again.ok() && again.value().size() == 1) {
      EXPECT_TRUE(equals(form, again.value()[0])) << "seed " << seed << ": " << printed;
    }
  }
  return true;
}

// The surface grammar's vocabulary, so random programs reach deep into it.
const char* const kTokens[] = {
    "x", "f", "g", "1", "-1", "2.5", "\"s\"", ":k", "::k", "\\a", "nil", "+", "-", "*", "/", "mod", "=", "not=", "<",
    "<=", ">", ">=", "and", "or", "not", "|>", "if", "then", "else", "let", "in", "define", "->", "when", "cond",
    "match", "(", ")", "(", ")", "[", "]", "{", "}", "#{", "#(", "%", "%2", "'", "`", "~", "@", "::", "#_", "\n",
    "\n", "\n  ", "\n    ", "\n\t", ";c\n", "#|c|#", "_", "&", "(+)", "(count *)", "Int", "iso", "#\"r\"",
};

TEST(ProfileRobustness, RandomTokenSequences) {
  const uint64_t seed = std::random_device{}();
  std::mt19937_64 rng(seed);
  int ok[2] = {0, 0};
  const int runs = 100000;
  for (int i = 0; i < runs; ++i) {
    size_t len = rng() % 16;
    std::string src;
    for (size_t j = 0; j < len; ++j) {
      src += kTokens[rng() % (sizeof kTokens / sizeof kTokens[0])];
      if (rng() % 4 != 0) src += ' ';
    }
    for (int p = 0; p < 2; ++p) {
      if (check_input(src, p == 0 ? Profile::B : Profile::C, seed)) ++ok[p];
    }
    if (HasFailure()) {
      ADD_FAILURE() << "seed " << seed << " input #" << i << ":\n" << src;
      return;
    }
  }
  // Both outcomes must be exercised, or the generator is useless.
  for (int p = 0; p < 2; ++p) {
    EXPECT_GT(ok[p], runs / 50) << "seed " << seed;
    EXPECT_LT(ok[p], runs - runs / 50) << "seed " << seed;
  }
}

TEST(ProfileRobustness, RandomBytes) {
  const uint64_t seed = std::random_device{}();
  std::mt19937_64 rng(seed);
  const char syntax[] = "()[]{}#\"\\;'`~@:,% \n\t_|&/.+-<>=0123456789abefinotx";
  for (int i = 0; i < 40000; ++i) {
    size_t len = rng() % 24;
    std::string src;
    for (size_t j = 0; j < len; ++j) {
      if (rng() % 10 < 8) src.push_back(syntax[rng() % (sizeof syntax - 1)]);
      else src.push_back(static_cast<char>(rng() % 256));
    }
    check_input(src, rng() % 2 ? Profile::B : Profile::C, seed);
    if (HasFailure()) {
      ADD_FAILURE() << "seed " << seed << " input #" << i;
      return;
    }
  }
}

const char* const kPrograms[] = {
    "define factorial n =\n  if n <= 1 then 1\n  else n * factorial (n - 1)\n"
    "println (factorial 20)\n"
    "data |> map f |> filter p\n"
    "query :users\n  |> where (age > 18)\n  |> group-by :country\n"
    "  |> aggregate {:count (count *) :avg-age (avg :age)}\n"
    "let [a b] = [1 2] in #(% + a) b\n(defn g [x] (+ x 1))\n",
    "define factorial n\n  if n <= 1 -> 1\n  else -> n * factorial (n - 1)\n"
    "define handle msg\n  match msg\n    {:ok v} when v > 0 ->\n      println v\n      v\n    _ -> nil\n"
    "define main\n  println \"a\"\n  xs\n  |> map inc\n"
    "cond\n  a -> 1\n  else -> 2\n",
};

TEST(ProfileRobustness, MutatedPrograms) {
  const uint64_t seed = std::random_device{}();
  std::mt19937_64 rng(seed);
  const char pieces[] = "()[]{} \n\t-+*=<>|:;#'\"";
  for (int i = 0; i < 20000; ++i) {
    int which = static_cast<int>(rng() % 2);
    std::string src = kPrograms[which];
    int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits && !src.empty(); ++e) {
      size_t at = rng() % src.size();
      switch (rng() % 4) {
        case 0: src.erase(at, 1 + rng() % 3); break;
        case 1: src.insert(at, 1, pieces[rng() % (sizeof pieces - 1)]); break;
        case 2: src.insert(at, src.substr(rng() % src.size(), rng() % 12)); break;
        default: src[at] = pieces[rng() % (sizeof pieces - 1)]; break;
      }
    }
    check_input(src, which == 0 ? Profile::B : Profile::C, seed);
    if (HasFailure()) {
      ADD_FAILURE() << "seed " << seed << " mutation #" << i << ":\n" << src;
      return;
    }
  }
}

}  // namespace
}  // namespace batuta::test
