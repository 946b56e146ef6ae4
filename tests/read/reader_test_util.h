// reader_test_util.h: helpers shared by the reader tests.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/equality.h"
#include "core/printer.h"
#include "read/reader.h"

namespace batuta::test {

// Reads exactly one form; fails the test otherwise.
inline Value read_one(std::string_view src, SourceMap* map = nullptr) {
  SourceMap local;
  SourceMap& m = map ? *map : local;
  auto r = read_all(src, "test.ba", m);
  EXPECT_TRUE(r.ok()) << src << " -> " << (r.ok() ? "" : r.error().message);
  if (!r.ok()) return Value();
  EXPECT_EQ(r.value().size(), 1u) << src;
  return r.value().empty() ? Value() : r.value()[0];
}

// The printed (readable) form of the single form in src.
inline std::string read_pr(std::string_view src) { return pr_str(read_one(src)); }

// The error message reading src gives ("" when it reads fine).
inline std::string read_error(std::string_view src, std::string file = "main.ba") {
  SourceMap m;
  auto r = read_all(src, std::move(file), m);
  if (r.ok()) return "";
  EXPECT_EQ(r.error().kind, ErrorKind::ParseError);
  return r.error().message;
}

}  // namespace batuta::test
