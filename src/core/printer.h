// printer.h: the readable and the human printed forms.
//
// Readable (pr, prn, pr-str): what the reader reads back to an equal value:
// strings quoted and escaped, characters as \a, keywords :a, maps without
// commas {:a 1 :b 2}, sets #{1}, tuples {:compute 1 2}, ratios 1/3, big
// integers as plain digits, ##Inf ##-Inf ##NaN.
// Human (print, println, str): strings and characters as their raw text;
// everything else as in the readable form.
#pragma once

#include <string>
#include <string_view>

#include "core/value.h"

namespace batuta {

class Printer {
 public:
  explicit Printer(bool readably) : readably_(readably) {}
  bool readably() const { return readably_; }
  void write(std::string_view s) { out_.append(s); }
  void write(char c) { out_.push_back(c); }
  void print(const Value& v);  // dispatches on the value's kind
  // Writes open, the elements separated by one space, then close.
  template <class Cursor>
  void print_sequence(std::string_view open, Cursor& next, std::string_view close) {
    write(open);
    bool first = true;
    while (const Value* e = next()) {
      if (!first) write(' ');
      first = false;
      print(*e);
    }
    write(close);
  }
  std::string& out() { return out_; }
  std::string take() { return std::move(out_); }

 private:
  bool readably_;
  std::string out_;
};

std::string pr_str(const Value& v);     // readable form
std::string print_str(const Value& v);  // human form
// The readable form cut to at most max_bytes (then "..."), so an error
// message about a huge value stays readable.
std::string pr_str_abbreviated(const Value& v, size_t max_bytes = 80);
// An offending value as error messages show it: `"a" (a string)`,
// `42 (an integer)`, `nil`.
std::string describe_value(const Value& v);

// Writes s as a readable string literal with escapes.
void print_string_literal(std::string_view s, Printer& p);

}  // namespace batuta
