// json_round_trip_test.cpp: batuta.json (lib/native_json.cpp).
//
// Properties, on random JSON-shaped Batuta values (nil, booleans, fixnums,
// big integers, finite floats, strings of awkward characters, vectors,
// maps with string or keyword keys, nested up to depth 4):
//   1. (json/read-str (json/write-str v)) = v, with and without
//      :escape-unicode, and with :key-fn keyword for keyword keys;
//   2. writing is a fixed point: write(read(write(v))) == write(v);
//   3. with :escape-unicode the output is pure ASCII;
//   4. every proper prefix of a written document, and random corruptions of
//      it, are read as a positioned error or a value, never a crash.
// Plus examples of the exact texts users rely on.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "core/equality.h"
#include "core/map.h"
#include "core/utf8.h"
#include "lib_test_util.h"

namespace batuta::lib_test {
namespace {

Outcome json(std::string_view name, std::vector<Value> args) {
  return call_fn(native(name, "batuta.json"), std::move(args));
}

class Generator {
 public:
  explicit Generator(uint32_t seed) : rng_(seed) {}

  Value value(int depth, bool keyword_keys) {
    int pick = roll(depth >= 4 ? 6 : 8);
    switch (pick) {
      case 0: return Value();
      case 1: return Value::boolean(roll(2) == 1);
      case 2: return make_integer(static_cast<int64_t>(rng_()) - (int64_t{1} << 31));
      case 3: return big_integer();
      case 4: return Value::from_double(a_double());
      case 5: return S(a_string(12));
      case 6: {
        std::vector<Value> items;
        for (int i = roll(5); i > 0; --i) items.push_back(value(depth + 1, keyword_keys));
        return vector_from(items);
      }
      default: {
        Value m = empty_map();
        for (int i = roll(5); i > 0; --i) {
          Value key = keyword_keys ? keyword(a_name()) : S(a_string(6));
          m = map_assoc(std::move(m), key, value(depth + 1, keyword_keys));
        }
        return m;
      }
    }
  }

 private:
  int roll(int n) { return static_cast<int>(rng_() % static_cast<uint32_t>(n)); }

  Value big_integer() {
    std::string digits = roll(2) == 0 ? "-" : "";
    digits += static_cast<char>('1' + roll(9));
    for (int i = 15 + roll(30); i > 0; --i) digits += static_cast<char>('0' + roll(10));
    return parse_integer(digits).value();
  }

  double a_double() {
    static const double specials[] = {0.0, -0.0, 0.1, 1.0, -2.5, 1e-9, 1e21, 1.7976931348623157e308, 4.9e-324, 3.0};
    if (roll(3) == 0) return specials[roll(10)];
    std::uniform_real_distribution<double> mantissa(-1.0, 1.0);
    std::uniform_int_distribution<int> exponent(-300, 300);
    return std::ldexp(mantissa(rng_), exponent(rng_) / 3);
  }

  // Characters that need care: quotes, backslashes, control characters,
  // non-ASCII, U+2028, characters outside the BMP.
  std::string a_string(int max_len) {
    static const char32_t pool[] = {U'a', U'Z', U'0', U' ', U'"', U'\\', U'/', 0x00, 0x01, U'\n', U'\t', 0x1F, 0x7F,
                                    U'é', 0x2028, 0x2029, U'中', 0xFFFF, 0x1F600, 0x10FFFF};
    std::string out;
    for (int i = roll(max_len + 1); i > 0; --i) utf8::encode(pool[roll(sizeof pool / sizeof pool[0])], out);
    return out;
  }

  std::string a_name() {
    std::string out(1, static_cast<char>('a' + roll(26)));
    for (int i = roll(8); i > 0; --i) out += "abcxyz-09"[roll(9)];
    return out;
  }

  std::mt19937 rng_;
};

std::string text_of(const Outcome& o) {
  EXPECT_TRUE(o.ok) << o.error;
  return o.ok ? std::string(string_view_of(o.value)) : std::string();
}

TEST(JsonRoundTrip, RandomValuesReadBackEqual) {
  Generator gen(20261123);
  for (int i = 0; i < 400; ++i) {
    const bool keyword_keys = i % 2 == 1;
    Value v = gen.value(0, keyword_keys);
    for (bool escape : {false, true}) {
      const std::vector<Value> write_args{v, K("escape-unicode"), Value::boolean(escape)};
      const std::string text = text_of(json("write-str", write_args));
      if (escape) {
        for (unsigned char c : text) ASSERT_LT(c, 0x80) << text;
      }
      // :key-fn nil reads string keys, as no option does.
      const std::vector<Value> read_args{S(text), K("key-fn"), keyword_keys ? native("keyword") : Value()};
      Outcome back = json("read-str", read_args);
      ASSERT_TRUE(back.ok) << back.error << "\n" << text;
      ASSERT_TRUE(equals(back.value, v)) << pr_str(v) << "\n" << text << "\n" << pr_str(back.value);
      ASSERT_EQ(text_of(json("write-str", {back.value, K("escape-unicode"), Value::boolean(escape)})), text);
    }
  }
}

TEST(JsonRoundTrip, FloatsStayFloatsAndKeepTheirSign) {
  EXPECT_EQ(text_of(json("write-str", {V({D(3.0), D(-0.0), D(1e-9), D(1e21)})})), "[3.0,-0.0,1.0E-9,1.0E21]");
  Outcome back = json("read-str", {S("[3.0,-0.0,1.0E-9,1.0E21]")});
  ASSERT_TRUE(back.ok) << back.error;
  EXPECT_EQ(pr_str(back.value), "[3.0 -0.0 1.0E-9 1.0E21]");
  EXPECT_TRUE(std::signbit(vector_at(back.value, 1).as_double()));
}

TEST(JsonRoundTrip, PrefixesAndCorruptionsNeverCrash) {
  Generator gen(7);
  std::mt19937 rng(99);
  for (int i = 0; i < 60; ++i) {
    const std::string text = text_of(json("write-str", {gen.value(0, false)}));
    for (size_t cut = 0; cut < text.size(); ++cut) {
      std::string prefix = text.substr(0, cut);
      auto s = make_string(prefix);
      if (!s) continue;  // cut inside a UTF-8 sequence: not a Batuta string
      Outcome r = json("read-str", {s.value()});
      // A proper prefix of a document is never a document, except a number
      // cut after a digit ("12" of "123"), which is still a number.
      if (!r.ok) {
        EXPECT_EQ(r.error.rfind("json/read-str: ", 0), 0u) << r.error;
        EXPECT_NE(r.error.find(':', 15), std::string::npos) << r.error;
      } else {
        EXPECT_TRUE(is_number(r.value)) << prefix << " => " << pr_str(r.value);
      }
    }
    for (int k = 0; k < 20 && !text.empty(); ++k) {
      std::string bad = text;
      bad[rng() % bad.size()] = "{}[],:\"\\x0-e. "[rng() % 15];
      auto s = make_string(bad);
      if (!s) continue;
      Outcome r = json("read-str", {s.value()});
      if (!r.ok) {
        EXPECT_EQ(r.error.rfind("json/read-str: ", 0), 0u) << r.error;
      }
    }
  }
}

TEST(JsonRead, ErrorsNameLineAndColumnInCharacters) {
  EXPECT_EQ(show(json("read-str", {S("{\n  \"é\": [1,\n   2 3]}")})),
            "ERROR: json/read-str: 3:6: expected ',' or ']' in an array, got '3'");
  EXPECT_EQ(show(json("read-str", {S("[\"a\nb\"]")})),
            "ERROR: json/read-str: 1:4: control character U+000A in a string must be escaped");
  EXPECT_EQ(show(json("read-str", {S("-")})), "ERROR: json/read-str: 1:2: expected a digit after '-', got end of input");
  EXPECT_EQ(show(json("read-str", {S("1.")})), "ERROR: json/read-str: 1:3: expected a digit after '.', got end of input");
  EXPECT_EQ(show(json("read-str", {S("1e+")})),
            "ERROR: json/read-str: 1:4: expected a digit in the exponent, got end of input");
  EXPECT_EQ(show(json("read-str", {S("1e999")})), "ERROR: json/read-str: 1:1: number out of the range of a float: 1e999");
  EXPECT_EQ(show(json("read-str", {S("\"\\udc00\"")})),
            "ERROR: json/read-str: 1:2: unpaired surrogate \\udc00 (a low surrogate with no high one before it)");
  EXPECT_EQ(show(json("read-str", {S("\"\\u12G4\"")})),
            "ERROR: json/read-str: 1:2: \\u must be followed by four hexadecimal digits");
  EXPECT_EQ(show(json("read-str", {I(1)})), "ERROR: json/read-str: expected a string, got 1 (an integer)");
}

TEST(JsonRead, Options) {
  EXPECT_EQ(show(json("read-str", {S("{\"a\":{\"b\":1}}"), K("keywordize?"), Value::boolean(true)})), "{:a {:b 1}}");
  Value opts = map_from(std::initializer_list<Value>{K("key-fn"), native("keyword")});
  EXPECT_EQ(show(json("read-str", {S("{\"a\":1}"), opts})), "{:a 1}");
  EXPECT_EQ(show(json("read-str", {S("{\"a\":1}"), K("key-fn"), native("symbol")})), "{a 1}");
  EXPECT_EQ(show(json("read-str", {S("{\"a\":1,\"a\":2}")})), "{\"a\" 2}");  // the last duplicate wins
  EXPECT_EQ(show(json("read-str", {S("1"), K("key-fn")})),
            "ERROR: json/read-str: options come in pairs (:option value), got an odd number");
  EXPECT_EQ(show(json("read-str", {S("1"), K("bigdec"), Value::boolean(true)})),
            "ERROR: json/read-str: unknown option :bigdec (expected :key-fn or :keywordize?)");
}

TEST(JsonWrite, EscapesWhatJsonAndJavaScriptNeed) {
  EXPECT_EQ(text_of(json("write-str", {S(std::string("a\"b\\c\n\r\t\b\f\x01/", 12) + "\u2028é")})),
            "\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0001/\\u2028é\"");
  EXPECT_EQ(text_of(json("write-str", {S("😀"), K("escape-unicode"), Value::boolean(true)})), "\"\\ud83d\\ude00\"");
}

}  // namespace
}  // namespace batuta::lib_test
