// printf-style formatting, "fmt % args". Every expected string and error was
// printed by /usr/bin/python3 (CPython 3.11).
#include <gtest/gtest.h>

#include "script/Object.hpp"
#include "script/Percent.hpp"

namespace coroscope::script {
namespace {

Value s(const char* text) {
  return Value(make_str(text));
}
Value i(std::int64_t v) {
  return Value::integer(v);
}
Value f(double v) {
  return Value::real(v);
}
Value tuple(std::vector<Value> items) {
  return Value(make_tuple(std::move(items)));
}

std::string run(const char* format, const Value& args) {
  PercentResult r = percent_format(format, args);
  return r.ok() ? r.text : r.error_type + ": " + r.message;
}

TEST(PercentTest, TheSeedsFormats) {
  EXPECT_EQ(run("%5.1f|%-5s|%d|%x|%r|%c|%%|%05d|%+d|% d|%e|%g|%.3s|%i|%o|%#x|%5s|%-6.2f|",
                tuple({f(3.14159), s("ab"), f(3.7), i(255), s("a"), i(65), i(-42), i(5), i(7),
                       f(12345.678), f(0.00001234), s("abcdef"), i(9), i(8), i(255), s("\xc3\xa9"),
                       f(2.5)})),
            "  3.1|ab   |3|ff|'a'|A|%|-0042|+5| 7|1.234568e+04|1.234e-05|abc|9|10|0xff|    "
            "\xc3\xa9|2.50  |");
  EXPECT_EQ(run("foo: done   t=%.1f", f(1.0)), "foo: done   t=1.0");
  EXPECT_EQ(run("%s: got %d", tuple({s("consumer-1"), i(3)})), "consumer-1: got 3");
}

TEST(PercentTest, MoreConversions) {
  EXPECT_EQ(run("%.3d", i(5)), "005");
  EXPECT_EQ(run("%5.2s", s("abc")), "   ab");
  EXPECT_EQ(run("%-05d", i(42)), "42   ");
  EXPECT_EQ(run("%c", s("x")), "x");
  EXPECT_EQ(run("%d", Value::boolean(true)), "1");
  EXPECT_EQ(run("%f", i(3)), "3.000000");
  EXPECT_EQ(run("%s", Value()), "None");
  EXPECT_EQ(run("%*d", tuple({i(5), i(42)})), "   42");
  EXPECT_EQ(run("%.*f", tuple({i(2), f(3.14159)})), "3.14");
  EXPECT_EQ(run("%d", f(3.99)), "3");
  EXPECT_EQ(run("%d", f(-3.99)), "-3");
  EXPECT_EQ(run("%ld", i(5)), "5");
  EXPECT_EQ(run("%10.4f|%-10x|", tuple({f(3.14159), i(255)})), "    3.1416|ff        |");
  EXPECT_EQ(run("%+.2e", f(12345.678)), "+1.23e+04");
  EXPECT_EQ(run("%G", f(1e-10)), "1E-10");
  Value l(make_list({i(1), s("a")}));
  EXPECT_EQ(run("%s", l), "[1, 'a']");
  Value d(make_dict());
  d.as<DictObject>()->set(s("a"), i(1));
  d.as<DictObject>()->set(s("b"), s("x"));
  EXPECT_EQ(run("%(a)s-%(b)r", d), "1-'x'");
}

TEST(PercentTest, ErrorsInPythonsWords) {
  EXPECT_EQ(run("%x", f(3.0)), "TypeError: %x format: an integer is required, not float");
  EXPECT_EQ(run("%s", tuple({i(1), i(2)})),
            "TypeError: not all arguments converted during string formatting");
  EXPECT_EQ(run("%s %s", tuple({i(1)})), "TypeError: not enough arguments for format string");
  EXPECT_EQ(run("%d", s("x")), "TypeError: %d format: a real number is required, not str");
  EXPECT_EQ(run("%e", s("x")), "TypeError: must be real number, not str");
  EXPECT_EQ(run("%c", i(-1)), "OverflowError: %c arg not in range(0x110000)");
  EXPECT_EQ(run("%c", s("ab")), "TypeError: %c requires int or char");
  EXPECT_EQ(run("%(a)s", tuple({i(1)})), "TypeError: format requires a mapping");
  EXPECT_EQ(run("%s%", i(1)), "ValueError: incomplete format");
  EXPECT_EQ(run("%z", i(1)), "ValueError: unsupported format character 'z' (0x7a) at index 1");
}

}  // namespace
}  // namespace coroscope::script
