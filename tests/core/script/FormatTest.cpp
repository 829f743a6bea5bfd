// The format-spec mini-language. Every expected string, error message
// included, was printed by /usr/bin/python3 (CPython 3.11).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <variant>

#include "script/Format.hpp"

namespace coroscope::script {
namespace {

using Value = std::variant<std::int64_t, double, std::string>;

std::string fmt(const Value& v, std::string_view spec_text) {
  const char* type = std::holds_alternative<std::int64_t>(v) ? "int"
                     : std::holds_alternative<double>(v)     ? "float"
                                                             : "str";
  FormatSpec spec;
  if (std::string err = parse_format_spec(spec_text, type, spec); !err.empty()) return "!" + err;
  Formatted f = std::holds_alternative<std::int64_t>(v)
                    ? format_int(std::get<std::int64_t>(v), spec)
                : std::holds_alternative<double>(v) ? format_float(std::get<double>(v), spec)
                                                    : format_str(std::get<std::string>(v), spec);
  return f.ok() ? f.text : "!" + f.error;
}

TEST(FormatTest, Ints) {
  EXPECT_EQ(fmt(5, "05"), "00005");
  EXPECT_EQ(fmt(-5, "05"), "-0005");
  EXPECT_EQ(fmt(1234567, ","), "1,234,567");
  EXPECT_EQ(fmt(1234567, "_"), "1_234_567");
  EXPECT_EQ(fmt(255, "#x"), "0xff");
  EXPECT_EQ(fmt(255, "X"), "FF");
  EXPECT_EQ(fmt(255, "#o"), "0o377");
  EXPECT_EQ(fmt(5, "b"), "101");
  EXPECT_EQ(fmt(65, "c"), "A");
  EXPECT_EQ(fmt(-42, "+"), "-42");
  EXPECT_EQ(fmt(42, " "), " 42");
  EXPECT_EQ(fmt(42, "<6"), "42    ");
  EXPECT_EQ(fmt(42, "^7"), "  42   ");
  EXPECT_EQ(fmt(42, "*>6"), "****42");
  EXPECT_EQ(fmt(-1234567, "015,"), "-00,001,234,567");
  EXPECT_EQ(fmt(INT64_MIN, ""), "-9223372036854775808");
}

TEST(FormatTest, Floats) {
  EXPECT_EQ(fmt(3.14159, ".2f"), "3.14");
  EXPECT_EQ(fmt(0.5, ".0f"), "0");
  EXPECT_EQ(fmt(2.5, ".0f"), "2");
  EXPECT_EQ(fmt(1e16, ""), "1e+16");
  EXPECT_EQ(fmt(1.5, ""), "1.5");
  EXPECT_EQ(fmt(1.0, ".3"), "1.0");
  EXPECT_EQ(fmt(1234.5, ".3"), "1.23e+03");
  EXPECT_EQ(fmt(0.0001, ".3"), "0.0001");
  EXPECT_EQ(fmt(123.0, ".3"), "1.23e+02");
  EXPECT_EQ(fmt(100.0, ".1"), "1e+02");
  EXPECT_EQ(fmt(1e16, ".20"), "10000000000000000.0");
  EXPECT_EQ(fmt(0.5, ".0"), "0.5");
  EXPECT_EQ(fmt(12345.0, "#.3"), "1.23e+04");
  EXPECT_EQ(fmt(5.0, ".1"), "5e+00");
  EXPECT_EQ(fmt(15.0, ".2"), "1.5e+01");
  EXPECT_EQ(fmt(0.0001234, ".2"), "0.00012");
  EXPECT_EQ(fmt(0.00001234, ".2"), "1.2e-05");
  EXPECT_EQ(fmt(1.0, "g"), "1");
  EXPECT_EQ(fmt(1.0, "#g"), "1.00000");
  EXPECT_EQ(fmt(0.25, "%"), "25.000000%");
  EXPECT_EQ(fmt(0.25, ".1%"), "25.0%");
  EXPECT_EQ(fmt(1e-7, "g"), "1e-07");
  EXPECT_EQ(fmt(123456789.0, "g"), "1.23457e+08");
  EXPECT_EQ(fmt(3.0, "e"), "3.000000e+00");
  EXPECT_EQ(fmt(-0.0, ".1f"), "-0.0");
  EXPECT_EQ(fmt(-0.0, "z.1f"), "0.0");
  EXPECT_EQ(fmt(std::numeric_limits<double>::infinity(), "f"), "inf");
  EXPECT_EQ(fmt(std::nan(""), "F"), "NAN");
  EXPECT_EQ(fmt(1234.5678, ",.2f"), "1,234.57");
  EXPECT_EQ(fmt(3.5, "08.2f"), "00003.50");
  EXPECT_EQ(fmt(-3.5, "=+9.2f"), "-    3.50");
  EXPECT_EQ(fmt(12.0, "n"), "12");
  EXPECT_EQ(fmt(5, ".2f"), "5.00") << "an int takes float codes";
  const std::string big = fmt(1e300, "f");
  EXPECT_EQ(big.substr(0, 20), "10000000000000000525");
  EXPECT_EQ(big.size(), 308u);
}

TEST(FormatTest, Strings) {
  EXPECT_EQ(fmt(std::string("ab"), ">5"), "   ab");
  EXPECT_EQ(fmt(std::string("ab"), "^5"), " ab  ");
  EXPECT_EQ(fmt(std::string("ab"), "5"), "ab   ");
  EXPECT_EQ(fmt(std::string("abcdef"), ".3"), "abc");
  EXPECT_EQ(fmt(std::string("\xc3\xa9"), ">3"), "  \xc3\xa9") << "width counts characters";
}

TEST(FormatTest, ErrorsAreValueErrorsInPythonsWords) {
  EXPECT_EQ(fmt(std::string("ab"), "d"), "!Unknown format code 'd' for object of type 'str'");
  EXPECT_EQ(fmt(1.5, "d"), "!Unknown format code 'd' for object of type 'float'");
  EXPECT_EQ(fmt(5, ".2d"), "!Precision not allowed in integer format specifier");
  EXPECT_EQ(fmt(5, "zz"), "!Unknown format code 'z' for object of type 'int'");
  EXPECT_EQ(fmt(5, "s"), "!Unknown format code 's' for object of type 'int'");
  EXPECT_EQ(fmt(std::string("x"), "=5"), "!'=' alignment not allowed in string format specifier");
  EXPECT_EQ(fmt(5, ",x"), "!Cannot specify ',' with 'x'.");
}

}  // namespace
}  // namespace coroscope::script
