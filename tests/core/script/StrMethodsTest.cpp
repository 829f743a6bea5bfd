// str methods. Every expected value was printed by /usr/bin/python3 (CPython 3.11).
#include <gtest/gtest.h>

#include "script/StrMethods.hpp"

namespace coroscope::script {
namespace {

TEST(StrMethodsTest, Split) {
  EXPECT_EQ(split("  a b\t\nc  "), (Strings{"a", "b", "c"}));
  EXPECT_EQ(split("a,b,,c", ","), (Strings{"a", "b", "", "c"}));
  EXPECT_EQ(split("a,b,c", ",", 1), (Strings{"a", "b,c"}));
  EXPECT_EQ(split(""), Strings{});
  EXPECT_EQ(split("", ","), Strings{""});
  EXPECT_EQ(split("a b", " "), (Strings{"a", "b"}));
  EXPECT_EQ(split("a  b", " "), (Strings{"a", "", "b"}));
  EXPECT_EQ(split("  a b c  ", std::nullopt, 1), (Strings{"a", "b c  "}));
  EXPECT_EQ(split(" a ", std::nullopt, 0), Strings{"a "});
  EXPECT_EQ(rsplit("a b c", std::nullopt, 1), (Strings{"a b", "c"}));
  EXPECT_EQ(rsplit("  a b c  ", std::nullopt, 1), (Strings{"  a b", "c"}));
  EXPECT_EQ(rsplit("a b c", " ", 1), (Strings{"a b", "c"}));
  EXPECT_EQ(rsplit("abc", ",", 1), Strings{"abc"});
  EXPECT_EQ(rsplit(" a ", std::nullopt, 0), Strings{" a"});
  EXPECT_EQ(splitlines("a\nb\r\nc\n"), (Strings{"a", "b", "c"}));
}

TEST(StrMethodsTest, StripReplaceFind) {
  EXPECT_EQ(strip(" x "), "x");
  EXPECT_EQ(strip("xxhixx", "x"), "hi");
  EXPECT_EQ(replace("aaa", "a", "b", 2), "bba");
  EXPECT_EQ(replace("ab", "", "-"), "-a-b-");
  EXPECT_EQ(find("hello", "l"), 2);
  EXPECT_EQ(rfind("hello", "l"), 3);
  EXPECT_EQ(find("hello", "l", {3, {}}), 3);
  EXPECT_EQ(find("abc", ""), 0);
  EXPECT_EQ(find("h\xc3\xa9llo", "l"), 2) << "indexes count characters";
  EXPECT_EQ(count("hello", "l"), 2);
  EXPECT_EQ(count("aaaa", "aa"), 2);
  EXPECT_TRUE(startswith("hello", "he"));
  EXPECT_TRUE(endswith("abc", ""));
}

TEST(StrMethodsTest, PaddingAndParts) {
  EXPECT_EQ(center("ab", 7, "*"), "***ab**");
  EXPECT_EQ(center("abc", 6), " abc  ");
  EXPECT_EQ(zfill("42", 5), "00042");
  EXPECT_EQ(zfill("-42", 5), "-0042");
  EXPECT_EQ(ljust("x", 3, "-"), "x--");
  EXPECT_EQ(rjust("ab", 4), "  ab");
  EXPECT_EQ(partition("a=b=c", "="), (Strings{"a", "=", "b=c"}));
  EXPECT_EQ(rpartition("a=b=c", "="), (Strings{"a=b", "=", "c"}));
}

TEST(StrMethodsTest, CaseAndTests) {
  EXPECT_EQ(title("hello world"), "Hello World");
  EXPECT_EQ(capitalize("hELLo"), "Hello");
  EXPECT_EQ(swapcase("Hi"), "hI");
  EXPECT_FALSE(isdigit("1a"));
  EXPECT_TRUE(isspace("  "));
  EXPECT_FALSE(isspace(""));
  EXPECT_EQ(reversed("hello"), "olleh");
  EXPECT_EQ(reversed("a\xc3\xa9"),
            "\xc3\xa9"
            "a");
}

}  // namespace
}  // namespace coroscope::script
