// Python's repr of floats, strings and bytes. Every expected string was
// printed by /usr/bin/python3 (CPython 3.11), never written from memory.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "script/Repr.hpp"

namespace coroscope::script {
namespace {

TEST(ReprTest, FloatsAsPythonWritesThem) {
  const double inf = std::numeric_limits<double>::infinity();
  const std::pair<double, const char*> cases[] = {
      {0.1, "0.1"},
      {1.0, "1.0"},
      {-0.0, "-0.0"},
      {1e16, "1e+16"},
      {1e15, "1000000000000000.0"},
      {123456789012345678.0, "1.2345678901234568e+17"},
      {1e-5, "1e-05"},
      {0.0001, "0.0001"},
      {1.5e-7, "1.5e-07"},
      {inf, "inf"},
      {-inf, "-inf"},
      {std::nan(""), "nan"},
      {2.5, "2.5"},
      {1.0 / 3, "0.3333333333333333"},
      {1e22, "1e+22"},
      {1e300, "1e+300"},
      {5e-324, "5e-324"},
      {100.0, "100.0"},
      {1234567890123456.0, "1234567890123456.0"},
      {12345678901234567.0, "1.2345678901234568e+16"},
  };
  for (const auto& [x, text] : cases) EXPECT_EQ(repr_float(x), text);
}

TEST(ReprTest, StringsPickTheirQuotesAndEscapeLikePython) {
  EXPECT_EQ(repr_str("a"), "'a'");
  EXPECT_EQ(repr_str("it's"), "\"it's\"");
  EXPECT_EQ(repr_str("say \"hi\""), "'say \"hi\"'");
  EXPECT_EQ(repr_str("both ' and \""), "'both \\' and \"'");
  EXPECT_EQ(repr_str("tab\there"), "'tab\\there'");
  EXPECT_EQ(repr_str("nl\n"), "'nl\\n'");
  EXPECT_EQ(repr_str("back\\slash"), "'back\\\\slash'");
  EXPECT_EQ(repr_str(std::string_view("\x00\x7f\xc2\x80", 4)), "'\\x00\\x7f\\x80'");
  EXPECT_EQ(repr_str("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"),
            "'\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80'");
  EXPECT_EQ(repr_str("\xe2\x80\x8b"), "'\\u200b'");  // zero width space
  EXPECT_EQ(repr_str(""), "''");
}

TEST(ReprTest, BytesLikePython) {
  EXPECT_EQ(repr_bytes(std::string_view("abc\x00\xff'\"", 7)), "b'abc\\x00\\xff\\'\"'");
  EXPECT_EQ(repr_bytes("it's"), "b\"it's\"");
  EXPECT_EQ(repr_bytes(""), "b''");
}

TEST(ReprTest, IntsAreDecimal) {
  EXPECT_EQ(repr_int(0), "0");
  EXPECT_EQ(repr_int(-42), "-42");
  EXPECT_EQ(repr_int(INT64_MIN), "-9223372036854775808");
}

}  // namespace
}  // namespace coroscope::script
