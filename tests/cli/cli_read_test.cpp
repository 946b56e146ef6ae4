// cli_read_test.cpp: `batuta read`, the reader alone.
#include <gtest/gtest.h>

#include <string>

#include "cli_test_support.h"

namespace batuta::cli_test {
namespace {

TEST(CliRead, PrintsEachFormCanonically) {
  TempDir dir;
  const std::string file = dir.write("forms.ba",
                                     "; a comment\n"
                                     "(defn  f [x]\n   (+ x 1))   #_(discarded)\n"
                                     "[1, 2,3] {:a 1, :b \"two\"}\n"
                                     "'x `y #| block |# 1_000 #x1F\n"
                                     "{:compute 1 2} #{:s}\n");
  const Outcome r = run_batuta({"read", file});
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out,
            "(defn f [x] (+ x 1))\n"
            "[1 2 3]\n"
            "{:a 1 :b \"two\"}\n"
            "(quote x)\n"
            "(syntax-quote y)\n"
            "1000\n"
            "31\n"
            "{:compute 1 2}\n"
            "#{:s}\n");
}

TEST(CliRead, EmptyFilePrintsNothing) {
  TempDir dir;
  const Outcome r = run_batuta({"read", dir.write("empty.ba", "")});
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.status, 0);
}

TEST(CliRead, ReadErrorGivesFileLineColumn) {
  TempDir dir;
  const std::string file = dir.write("bad.ba", "(ok)\n(a\n  (b");
  const Outcome r = run_batuta({"read", file});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, file + ":3:3: unclosed ( opened at 3:3: expected ) before the end of input at 3:5\n");
}

TEST(CliRead, InvalidUtf8IsAReadError) {
  TempDir dir;
  const std::string file = dir.write("latin1.ba", "(println \"caf\xe9\")\n");
  const Outcome r = run_batuta({"read", file});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, file + ":1:14: invalid UTF-8\n");
}

TEST(CliRead, MissingFileIsAUsageError) {
  TempDir dir;
  const std::string missing = dir.file("absent.ba");
  const Outcome r = run_batuta({"read", missing});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "batuta: cannot read " + missing + ": No such file or directory\n");
}

}  // namespace
}  // namespace batuta::cli_test
