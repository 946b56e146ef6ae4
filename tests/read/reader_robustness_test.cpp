// reader_robustness_test.cpp: the reader on arbitrary and mutated input.
//
// Properties: reading never crashes or hangs; the outcome is a list of forms
// or a ParseError whose message starts with "file:line:column: "; and every
// successfully read form (without ##NaN, which is not = to itself) prints
// to text that reads back to an equal value.
#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <string>

#include "core/equality.h"
#include "core/printer.h"
#include "read/reader.h"

namespace batuta {
namespace {

// Checks one input; returns true when it read without error.
bool check_input(const std::string& src, uint64_t seed) {
  SourceMap m;
  auto r = read_all(src, "fuzz.ba", m);
  if (!r.ok()) {
    EXPECT_EQ(r.error().kind, ErrorKind::ParseError) << "seed " << seed;
    EXPECT_EQ(r.error().message.rfind("fuzz.ba:", 0), 0u) << "seed " << seed << ": " << r.error().message;
    return false;
  }
  for (const Value& form : r.value()) {
    std::string printed = pr_str(form);
    if (printed.find("##NaN") != std::string::npos) continue;
    SourceMap m2;
    auto again = read_all(printed, "printed.ba", m2);
    EXPECT_TRUE(again.ok()) << "seed " << seed << ": " << printed << " -> "
                            << (again.ok() ? "" : again.error().message);
    if (!again.ok()) continue;
    EXPECT_EQ(again.value().size(), 1u) << "seed " << seed << ": " << printed;
    if (again.value().size() == 1) {
      EXPECT_TRUE(equals(form, again.value()[0])) << "seed " << seed << ": " << printed << " vs "
                                                  << pr_str(again.value()[0]);
    }
  }
  return true;
}

// Bytes biased towards the reader's syntax so random strings reach deep
// into it, plus any byte at all.
const char kSyntax[] = "()[]{}#\"\\;'`~@:,% \n_|&/.+-0123456789abexNrZ^!?";

TEST(ReaderRobustness, RandomShortByteStrings) {
  const uint64_t seed = std::random_device{}();
  std::mt19937_64 rng(seed);
  int read_ok = 0;
  for (int i = 0; i < 200000; ++i) {
    size_t len = rng() % 24;
    std::string src;
    for (size_t j = 0; j < len; ++j) {
      uint64_t roll = rng() % 10;
      if (roll < 7) src.push_back(kSyntax[rng() % (sizeof kSyntax - 1)]);
      else src.push_back(static_cast<char>(rng() % 256));
    }
    if (check_input(src, seed)) ++read_ok;
    if (HasFailure()) {
      ADD_FAILURE() << "seed " << seed << " input #" << i;
      return;
    }
  }
  // Both outcomes must be exercised, or the generator is useless.
  EXPECT_GT(read_ok, 1000) << "seed " << seed;
  EXPECT_LT(read_ok, 199000) << "seed " << seed;
}

const char* const kPrograms[] = {
    R"((ns demo.core)
(defn fact :: [Int -> Int] [n]
  (if (<= n 1) 1 (* n (fact (- n 1)))))
(def m {:a 1, :b [1 2 3] :c #{:x :y}})
(def t {:compute 1/3 2.5e3})
(println "hi\n\u{1F600}" \a \newline #x1F 12N ##Inf)
#_(ignored form)
#| block #| nested |# |#
(map #(+ % %2) xs ys)
`(let [x# ~a] ~@body)
(re-find #"\d+" s)
@state 'sym ::local
)",
    R"((defactor counter :: Counter [state]
  (receive
    {:process data :: iso Data} -> (reply data :: val)
    {:exit pid reason} -> nil))
[data :: iso Data other]
(let [x 1_000_000 y -2/4 z +5] (str x y z "multi
line"))
)",
};

TEST(ReaderRobustness, MutatedPrograms) {
  const uint64_t seed = std::random_device{}();
  std::mt19937_64 rng(seed);
  for (const char* program : kPrograms) ASSERT_TRUE(check_input(program, 0)) << program;
  for (int i = 0; i < 60000; ++i) {
    std::string src = kPrograms[rng() % (sizeof kPrograms / sizeof kPrograms[0])];
    int mutations = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < mutations && !src.empty(); ++k) {
      size_t at = rng() % src.size();
      switch (rng() % 5) {
        case 0: src[at] = static_cast<char>(rng() % 256); break;
        case 1: src[at] = kSyntax[rng() % (sizeof kSyntax - 1)]; break;
        case 2: src.erase(at, 1 + rng() % 8); break;
        case 3: src.insert(at, 1, kSyntax[rng() % (sizeof kSyntax - 1)]); break;
        case 4: {
          size_t len = 1 + rng() % 16;
          src.insert(at, src.substr(at, len));
          break;
        }
      }
    }
    check_input(src, seed);
    if (HasFailure()) {
      ADD_FAILURE() << "seed " << seed << " mutation #" << i << " input:\n" << src;
      return;
    }
  }
}

// Linear time: a few MB of forms on one line, a long string, many comments.
TEST(ReaderRobustness, LargeInputsReadInLinearTime) {
  std::string src = "[";
  for (int i = 0; i < 300000; ++i) src += "(f :k \"s\" 1.5 x) ";
  src += "]";
  src += "\"" + std::string(2000000, 'a') + "\"";
  for (int i = 0; i < 100000; ++i) src += "#| c |# ; line\n";
  auto start = std::chrono::steady_clock::now();
  SourceMap m;
  auto r = read_all(src, "big.ba", m);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r.value().size(), 2u);
  EXPECT_LT(seconds, 10.0);
  // An error at the very end of a big one-line input is found in linear time too.
  std::string bad = std::string(src.begin(), src.begin() + 3000000) + " )";
  SourceMap m2;
  EXPECT_FALSE(read_all(bad, "bad.ba", m2).ok());
}

}  // namespace
}  // namespace batuta
