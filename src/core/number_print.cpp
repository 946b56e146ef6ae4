// number_print.cpp: the printed forms of numbers (number.h, print_number).
//
// Integers print as plain decimal digits (big ones too: no N suffix), ratios
// as num/den, and floats as Clojure (Java's Double.toString) prints them,
// but with the SHORTEST digits that read back to the same double:
//   1.0  3.14  -0.0  1234567.0  0.001   (plain when 1e-3 <= |x| < 1e7)
//   1.0E7  1.0E-4  1.2345678901234567E19  (else one digit, point, E exponent)
//   ##Inf  ##-Inf  ##NaN
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "core/number_internal.h"
#include "core/printer.h"

namespace batuta {

namespace {

// The decimal digits of x > 0 (no point, no trailing exponent) and the
// exponent of the first one: x ~ 0.D * 10 * 10^exponent. precision < 0
// gives the shortest digits that read back to x; otherwise x correctly
// rounded to 1 + precision significant digits.
void scientific_digits(double x, int precision, std::string& digits, int& exponent) {
  char buf[64];
  std::to_chars_result r = precision < 0
                               ? std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific)
                               : std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific, precision);
  // Cannot fail: 64 bytes hold any double in these forms, "D.DDDe+XX" or "De-XX".
  std::string_view s(buf, static_cast<size_t>(r.ptr - buf));
  size_t e_pos = s.find('e');
  digits.assign(1, s[0]);
  if (e_pos > 1) digits.append(s.substr(2, e_pos - 2));  // skip the point
  exponent = std::atoi(std::string(s.substr(e_pos + 1)).c_str());
}

void print_double(double d, std::string& out) {
  if (std::isnan(d)) {
    out += "##NaN";
    return;
  }
  if (std::isinf(d)) {
    out += d > 0 ? "##Inf" : "##-Inf";
    return;
  }
  if (d == 0) {
    out += std::signbit(d) ? "-0.0" : "0.0";
    return;
  }
  std::string digits;
  int exponent = 0;
  scientific_digits(std::fabs(d), -1, digits, exponent);
  if (digits.size() == 1) {
    // Java always shows a digit after the point, and then picks the closest
    // two-digit decimal rather than padding the shortest with a zero. The two
    // differ only for subnormals: 4.9E-324, not 5.0E-324.
    std::string two;
    int two_exponent = 0;
    scientific_digits(std::fabs(d), 1, two, two_exponent);
    if (two.size() == 2 && two[1] != '0') {
      digits = two;
      exponent = two_exponent;
    }
  }

  if (d < 0) out += '-';
  if (exponent >= -3 && exponent < 7) {
    if (exponent >= 0) {
      size_t int_len = static_cast<size_t>(exponent) + 1;
      if (digits.size() <= int_len) {
        out += digits;
        out.append(int_len - digits.size(), '0');
        out += ".0";
      } else {
        out.append(digits, 0, int_len);
        out += '.';
        out.append(digits, int_len, std::string::npos);
      }
    } else {
      out += "0.";
      out.append(static_cast<size_t>(-exponent - 1), '0');
      out += digits;
    }
    return;
  }
  out += digits[0];
  out += '.';
  if (digits.size() > 1) {
    out.append(digits, 1, std::string::npos);
  } else {
    out += '0';
  }
  out += 'E';
  out += std::to_string(exponent);
}

}  // namespace

void print_number(const Value& v, Printer& p) {
  if (v.is_fixnum()) {
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v.as_fixnum());
    (void)ec;
    p.write(std::string_view(buf, static_cast<size_t>(end - buf)));
  } else if (v.is_double()) {
    print_double(v.as_double(), p.out());
  } else if (is_bigint(v)) {
    print_bigint(bigint_value(v), p.out());
  } else if (is_ratio(v)) {
    ops_of(v.as_object()).print(v.as_object(), p);
  } else {
    p.print(v);  // not a number: print whatever it is
  }
}

std::string number_to_string(const Value& v) {
  Printer p(true);
  print_number(v, p);
  return p.take();
}

}  // namespace batuta
