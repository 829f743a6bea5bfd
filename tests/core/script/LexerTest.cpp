// The lexer: token kinds, exact positions, Python's indentation rules,
// literals and escapes, and its errors in CPython 3.11's words.
#include <gtest/gtest.h>

#include "script/Lexer.hpp"

namespace coroscope::script {
namespace {

// show() renders tokens as "KIND@line:col[text]" for compact expectations.
std::string show(std::string_view source) {
  std::string out;
  for (const Token& t : Lexer(source).tokenize()) {
    static const char* const kinds[] = {"NAME",   "NUM",    "STR", "OP", "NL",
                                        "INDENT", "DEDENT", "END", "ERR"};
    if (!out.empty()) out += " ";
    out += std::string(kinds[static_cast<int>(t.kind)]) + "@" + std::to_string(t.line) + ":" +
           std::to_string(t.col);
    if (t.kind == TokenKind::Name || t.kind == TokenKind::Op || t.kind == TokenKind::Number) {
      out += "[" + t.text + "]";
    } else if (t.kind == TokenKind::String) {
      out += "[" + t.value + "]";
    } else if (t.kind == TokenKind::Error) {
      out += "[" + t.message + "]";
    }
  }
  return out;
}

Token only(std::string_view source) {
  return Lexer(source).tokenize().front();
}

TEST(Lexer, PositionsAreOneBased) {
  EXPECT_EQ(show("x = f(1)\n"),
            "NAME@1:1[x] OP@1:3[=] NAME@1:5[f] OP@1:6[(] NUM@1:7[1] OP@1:8[)] NL@1:9 END@2:1");
  EXPECT_EQ(show("é = 'ü'; y"),
            "NAME@1:1[é] OP@1:3[=] STR@1:5[ü] OP@1:8[;] NAME@1:10[y] NL@1:11 END@1:11");
}

TEST(Lexer, IndentDedentAndBlankLines) {
  EXPECT_EQ(show("if a:\n    b\n\n  # c\n    c\nd\n"),
            "NAME@1:1[if] NAME@1:4[a] OP@1:5[:] NL@1:6 INDENT@2:1 NAME@2:5[b] NL@2:6 NAME@5:5[c] "
            "NL@5:6 DEDENT@6:1 NAME@6:1[d] NL@6:2 END@7:1");
  EXPECT_EQ(show("if a:\n  if b:\n    c\n"),
            "NAME@1:1[if] NAME@1:4[a] OP@1:5[:] NL@1:6 INDENT@2:1 NAME@2:3[if] NAME@2:6[b] "
            "OP@2:7[:] NL@2:8 INDENT@3:1 NAME@3:5[c] NL@3:6 DEDENT@4:1 DEDENT@4:1 END@4:1");
}

TEST(Lexer, TabsAreMultiplesOfEight) {
  // A tab then eight spaces is not deeper than eight spaces then a tab... both are 16.
  EXPECT_EQ(show("if a:\n\t        b\n        \tc\n"),
            "NAME@1:1[if] NAME@1:4[a] OP@1:5[:] NL@1:6 INDENT@2:1 NAME@2:10[b] NL@2:11 "
            "NAME@3:10[c] NL@3:11 DEDENT@4:1 END@4:1");
}

TEST(Lexer, InconsistentDedent) {
  const Token t = Lexer("if a:\n    b\n  c\n").tokenize().back();
  EXPECT_EQ(t.kind, TokenKind::Error);
  EXPECT_EQ(t.error_type, ErrorType::IndentationError);
  EXPECT_EQ(t.message, "unindent does not match any outer indentation level");
  EXPECT_EQ(t.line, 3);
  EXPECT_EQ(t.col, 4);  // CPython: just past the end of the line
}

TEST(Lexer, LineJoining) {
  EXPECT_EQ(show("x = (1,\n     2) + \\\n  3\n"),
            "NAME@1:1[x] OP@1:3[=] OP@1:5[(] NUM@1:6[1] OP@1:7[,] NUM@2:6[2] OP@2:7[)] OP@2:9[+] "
            "NUM@3:3[3] NL@3:4 END@4:1");
}

TEST(Lexer, Numbers) {
  EXPECT_EQ(only("0xFF").int_value, 255);
  EXPECT_EQ(only("0o1_7").int_value, 15);
  EXPECT_EQ(only("0b1010").int_value, 10);
  EXPECT_EQ(only("1_000_000").int_value, 1000000);
  EXPECT_EQ(only("9223372036854775807").int_value, INT64_MAX);
  EXPECT_FALSE(only("9223372036854775807").int_overflow);
  EXPECT_TRUE(only("9223372036854775808").int_overflow);
  EXPECT_EQ(only("9223372036854775808").text, "9223372036854775808");
  EXPECT_TRUE(only("1.").is_float);
  EXPECT_DOUBLE_EQ(only(".5").float_value, 0.5);
  EXPECT_DOUBLE_EQ(only("1e-3").float_value, 0.001);
  EXPECT_DOUBLE_EQ(only("2.5E+2").float_value, 250);
  EXPECT_DOUBLE_EQ(only("1_0.0_1").float_value, 10.01);
  EXPECT_EQ(only("0").int_value, 0);
  EXPECT_EQ(only("000").int_value, 0);
  EXPECT_EQ(show("1.real"), "ERR@1:2[invalid decimal literal]");
  EXPECT_EQ(show("x = 0x"), "NAME@1:1[x] OP@1:3[=] ERR@1:6[invalid hexadecimal literal]");
  EXPECT_EQ(show("1__0"), "ERR@1:2[invalid decimal literal]");
}

TEST(Lexer, Strings) {
  EXPECT_EQ(only("'a\\tb'").value, "a\tb");
  EXPECT_EQ(only("\"it's\"").value, "it's");
  EXPECT_EQ(only("'\\x41\\u00e9\\U0001F600\\101\\0'").value, std::string("Aé😀A") + '\0');
  EXPECT_EQ(only("'\\q\\d'").value, "\\q\\d");  // unknown escapes are kept
  EXPECT_EQ(only("'a\\\nb'").value, "ab");
  EXPECT_EQ(only("r'\\n\\''").value, "\\n\\'");
  EXPECT_EQ(only("b'\\xff\\u0041'").value, "\xff\\u0041");
  EXPECT_TRUE(only("Rb'x'").is_bytes);
  EXPECT_EQ(only("'''a\n'b'\n\"\"c'''").value, "a\n'b'\n\"\"c");
  const Token f = only("f'{x!r:>10}'");
  EXPECT_TRUE(f.is_fstring);
  EXPECT_EQ(f.body, "{x!r:>10}");
  EXPECT_EQ(f.body_col, 3);
  EXPECT_EQ(show("'a' \"b\""), "STR@1:1[a] STR@1:5[b] NL@1:8 END@1:8");
}

TEST(Lexer, Operators) {
  EXPECT_EQ(show("a **= b // c -> d >>= e := f ... != g"),
            "NAME@1:1[a] OP@1:3[**=] NAME@1:7[b] OP@1:9[//] NAME@1:12[c] OP@1:14[->] NAME@1:17[d] "
            "OP@1:19[>>=] NAME@1:23[e] OP@1:25[:=] NAME@1:28[f] OP@1:30[...] OP@1:34[!=] "
            "NAME@1:37[g] NL@1:38 END@1:38");
}

TEST(Lexer, Errors) {
  EXPECT_EQ(show("s = 'abc\n"),
            "NAME@1:1[s] OP@1:3[=] ERR@1:5[unterminated string literal (detected at line 1)]");
  EXPECT_EQ(show("s = '''abc\n\n"),
            "NAME@1:1[s] OP@1:3[=] ERR@1:5[unterminated triple-quoted string literal (detected at "
            "line 2)]");
  EXPECT_EQ(show("x € 2"), "NAME@1:1[x] ERR@1:3[invalid character '€' (U+20AC)]");
  EXPECT_EQ(show("(]"),
            "OP@1:1[(] ERR@1:2[closing parenthesis ']' does not match opening "
            "parenthesis '(']");
  EXPECT_EQ(show("x)"), "NAME@1:1[x] ERR@1:2[unmatched ')']");
  EXPECT_EQ(show("f(\n"), "NAME@1:1[f] OP@1:2[(] ERR@1:2['(' was never closed]");
  EXPECT_EQ(show(std::string("a\0", 2)),
            "NAME@1:1[a] ERR@1:2[source code cannot contain null bytes]");
  const Token tab = Lexer("if a:\n        b\n\tc\n").tokenize().back();
  EXPECT_EQ(tab.error_type, ErrorType::TabError);
  EXPECT_EQ(tab.message, "inconsistent use of tabs and spaces in indentation");
}

TEST(Lexer, ExpressionModeStartsAtGivenPosition) {
  const std::vector<Token> ts = Lexer("a +\n b", Lexer::Mode::Expression, 4, 10).tokenize();
  ASSERT_EQ(ts.size(), 4u);
  EXPECT_EQ(ts[0].line, 4);
  EXPECT_EQ(ts[0].col, 10);
  EXPECT_EQ(ts[2].line, 5);
  EXPECT_EQ(ts[2].col, 2);
  EXPECT_EQ(ts[3].kind, TokenKind::EndMarker);
}

}  // namespace
}  // namespace coroscope::script
