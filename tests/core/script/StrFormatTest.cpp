// format() and str.format. Every expected string and error was printed by
// /usr/bin/python3 (CPython 3.11).
#include <gtest/gtest.h>

#include "script/Object.hpp"
#include "script/StrFormat.hpp"

namespace coroscope::script {
namespace {

Value s(const char* text) {
  return Value(make_str(text));
}
Value i(std::int64_t v) {
  return Value::integer(v);
}

std::string run(const char* fmt, std::vector<Value> args, const DictObject* kwargs = nullptr) {
  FormatResult r = brace_format(fmt, args, kwargs, nullptr);
  return r.ok() ? r.text : r.error_type + ": " + r.message;
}

TEST(StrFormatTest, Fields) {
  Value kw(make_dict());
  auto* d = kw.as<DictObject>();
  d->set(s("x"), i(1));
  d->set(s("y"), s("s"));
  d->set(s("w"), i(5));
  EXPECT_EQ(run("{} {}", {i(1), s("a")}), "1 a");
  EXPECT_EQ(run("{0}{1}{0}", {s("a"), s("b")}), "aba");
  EXPECT_EQ(run("{x}-{y!r}", {}, d), "1-'s'");
  EXPECT_EQ(run("{:>6.2f}|", {Value::real(3.14159)}), "  3.14|");
  EXPECT_EQ(run("{{}} {}", {i(5)}), "{} 5");
  EXPECT_EQ(run("{:{w}}|", {s("ab")}, d), "ab   |");
  EXPECT_EQ(run("{:{}}|", {s("ab"), i(5)}), "ab   |");
  EXPECT_EQ(run("{:{}{}}|", {Value::real(3.14159), s(">"), i(8)}), " 3.14159|");
  EXPECT_EQ(run("{0[1]}", {Value(make_list({i(10), i(20)}))}), "20");
  EXPECT_EQ(run("{!r:>8}", {s("a")}), "     'a'");
  EXPECT_EQ(run("{}", {Value(make_list({i(1), s("a")}))}), "[1, 'a']");
  EXPECT_EQ(run("{:d}", {Value::boolean(true)}), "1");
  EXPECT_EQ(run("{}", {Value::boolean(true)}), "True");
  EXPECT_EQ(run("{:>5}", {Value::boolean(true)}), "    1");
  EXPECT_EQ(run("{0:}", {Value::real(1.0)}), "1.0");
  EXPECT_EQ(run("{:,}", {i(1234567)}), "1,234,567");
  EXPECT_EQ(run("{:.3}", {s("abcdef")}), "abc");
}

TEST(StrFormatTest, ErrorsInPythonsWords) {
  EXPECT_EQ(run("{:5}", {Value()}),
            "TypeError: unsupported format string passed to NoneType.__format__");
  EXPECT_EQ(run("{0} {}", {i(1), i(2)}),
            "ValueError: cannot switch from manual field specification to automatic field "
            "numbering");
  EXPECT_EQ(run("{", {}), "ValueError: Single '{' encountered in format string");
  EXPECT_EQ(run("}", {}), "ValueError: Single '}' encountered in format string");
  EXPECT_EQ(run("{} {}", {i(1)}),
            "IndexError: Replacement index 1 out of range for positional args tuple");
  EXPECT_EQ(run("{x}", {}), "KeyError: 'x'");
  EXPECT_EQ(run("{:x}", {s("a")}), "ValueError: Unknown format code 'x' for object of type 'str'");
  EXPECT_EQ(run("{:>5}", {Value(make_list({i(1)}))}),
            "TypeError: unsupported format string passed to list.__format__");
  EXPECT_EQ(run("{!z}", {i(1)}), "ValueError: Unknown conversion specifier z");
}

TEST(StrFormatTest, FormatBuiltin) {
  EXPECT_EQ(format_value(Value(), "").text, "None");
  EXPECT_EQ(format_value(Value(make_list({i(1)})), "").text, "[1]");
}

}  // namespace
}  // namespace coroscope::script
