// The parser: golden dumps (positions, precedence, f-strings, targets), every
// conformance program parses, syntax errors match CPython 3.11 exactly
// (message, line, column and the printed caret; each expectation below was
// produced by /usr/bin/python3 3.11.2), unsupported Python is named, and no
// input crashes or exhausts the stack.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "script/Parser.hpp"

namespace coroscope::script {
namespace {

std::string dump_of(std::string_view source) {
  ParseResult r = parse(source, "t.py");
  if (!r.ok()) return "ERROR " + r.error->format();
  return dump(*r.module);
}

std::string error_of(std::string_view source) {
  ParseResult r = parse(source, "t.py");
  if (r.ok()) return "OK";
  const SyntaxError& e = *r.error;
  return std::string(e.type_name()) + " " + std::to_string(e.line) + ":" + std::to_string(e.col) +
         " " + e.message;
}

TEST(Parser, AssignmentAndCallPositions) {
  EXPECT_EQ(dump_of("x = 1\nprint(x, end='')\n"),
            "Assign 1:1 [(Name 1:1 x Store)] (Constant 1:5 1)\n"
            "Expr 2:1 (Call 2:1 (Name 2:1 print) (Name 2:7 x) end=(Constant 2:14 ''))\n");
}

TEST(Parser, ArithmeticPrecedence) {
  EXPECT_EQ(dump_of("a + b * c ** -d\n"),
            "Expr 1:1 (Add 1:1 (Name 1:1 a) (Mult 1:5 (Name 1:5 b) (Pow 1:9 (Name 1:9 c) "
            "(USub 1:14 (Name 1:15 d)))))\n");
  EXPECT_EQ(dump_of("-x ** 2\n"), "Expr 1:1 (USub 1:1 (Pow 1:2 (Name 1:2 x) (Constant 1:7 2)))\n");
  EXPECT_EQ(dump_of("a - b - c\n"),
            "Expr 1:1 (Sub 1:1 (Sub 1:1 (Name 1:1 a) (Name 1:5 b)) (Name 1:9 c))\n");
  EXPECT_EQ(dump_of("2 ** 3 ** 2\n"),
            "Expr 1:1 (Pow 1:1 (Constant 1:1 2) (Pow 1:6 (Constant 1:6 3) (Constant 1:11 2)))\n");
  EXPECT_EQ(dump_of("a | b ^ c & d << 1\n"),
            "Expr 1:1 (BitOr 1:1 (Name 1:1 a) (BitXor 1:5 (Name 1:5 b) (BitAnd 1:9 (Name 1:9 c) "
            "(LShift 1:13 (Name 1:13 d) (Constant 1:18 1)))))\n");
}

TEST(Parser, BooleanAndComparisonPrecedence) {
  EXPECT_EQ(
      dump_of("not a == b and c\n"),
      "Expr 1:1 (And 1:1 (Not 1:1 (Compare 1:5 (Name 1:5 a) Eq (Name 1:10 b))) (Name 1:16 c))\n");
  EXPECT_EQ(dump_of("a < b <= c != d\n"),
            "Expr 1:1 (Compare 1:1 (Name 1:1 a) Lt (Name 1:5 b) LtE (Name 1:10 c) NotEq (Name 1:15 "
            "d))\n");
  EXPECT_EQ(dump_of("a not in b is not c in d\n"),
            "Expr 1:1 (Compare 1:1 (Name 1:1 a) NotIn (Name 1:10 b) IsNot (Name 1:19 c) In (Name "
            "1:24 d))\n");
  EXPECT_EQ(dump_of("a or b and not c\n"),
            "Expr 1:1 (Or 1:1 (Name 1:1 a) (And 1:6 (Name 1:6 b) (Not 1:12 (Name 1:16 c))))\n");
}

TEST(Parser, ConditionalAndLambda) {
  EXPECT_EQ(dump_of("x = a if b else c if d else e\n"),
            "Assign 1:1 [(Name 1:1 x Store)] (IfExp 1:5 (Name 1:10 b) (Name 1:5 a) (IfExp 1:17 "
            "(Name 1:22 d) (Name 1:17 c) (Name 1:29 e)))\n");
  EXPECT_EQ(dump_of("f = lambda x, y=2, *a, k, **kw: x + y\n"),
            "Assign 1:1 [(Name 1:1 f Store)] (Lambda 1:5 (args x y=(Constant 1:17 2) *a k **kw) "
            "(Add 1:33 (Name 1:33 x) (Name 1:37 y)))\n");
  EXPECT_EQ(dump_of("g = lambda: (yield)\n"),
            "Assign 1:1 [(Name 1:1 g Store)] (Lambda 1:5 (args) generator (Yield 1:14 -))\n");
}

TEST(Parser, UnpackingTargets) {
  EXPECT_EQ(dump_of("a, *b, (c, d) = x\n"),
            "Assign 1:1 [(Tuple 1:1 [(Name 1:1 a Store) (Starred 1:4 (Name 1:5 b Store) Store) "
            "(Tuple 1:8 [(Name 1:9 c Store) (Name 1:12 d Store)] Store)] Store)] (Name 1:17 x)\n");
  EXPECT_EQ(dump_of("a = b = [1, 2]\n"),
            "Assign 1:1 [(Name 1:1 a Store) (Name 1:5 b Store)] (List 1:9 [(Constant 1:10 1) "
            "(Constant 1:13 2)])\n");
  EXPECT_EQ(
      dump_of("x.y[0], [p, q] = 1, 2\n"),
      "Assign 1:1 [(Tuple 1:1 [(Subscript 1:1 (Attribute 1:1 (Name 1:1 x) y) (Constant 1:5 0) "
      "Store) (List 1:9 [(Name 1:10 p Store) (Name 1:13 q Store)] Store)] Store)] (Tuple "
      "1:18 [(Constant 1:18 1) (Constant 1:21 2)])\n");
  EXPECT_EQ(
      dump_of("x += 1\ndel a[1:2], b.c\n"),
      "AugAssign 1:1 (Name 1:1 x Store) Add= (Constant 1:6 1)\n"
      "Delete 2:1 [(Subscript 2:5 (Name 2:5 a) (Slice 2:7 (Constant 2:7 1) (Constant 2:9 2) -) "
      "Del) (Attribute 2:13 (Name 2:13 b) c Del)]\n");
}

TEST(Parser, FStrings) {
  EXPECT_EQ(dump_of("f'a{x!r:>10}b'\n"),
            "Expr 1:1 (JoinedStr 1:1 (Constant 1:1 'a') (FormattedValue 1:1 (Name 1:5 x) !r "
            ":(JoinedStr 1:1 (Constant 1:1 '>10'))) (Constant 1:1 'b'))\n");
  EXPECT_EQ(dump_of("f'{a + 1:{w}.{p}f} {{}}' 'x\\n'\n"),
            "Expr 1:1 (JoinedStr 1:1 (FormattedValue 1:1 (Add 1:4 (Name 1:4 a) (Constant 1:8 1)) "
            ":(JoinedStr 1:1 (FormattedValue 1:1 (Name 1:11 w)) (Constant 1:1 '.') (FormattedValue "
            "1:1 (Name 1:15 p)) (Constant 1:1 'f'))) (Constant 1:1 ' {}x\\n'))\n");
  EXPECT_EQ(dump_of("f'{d[\"k\"]=}'\n"),
            "Expr 1:1 (JoinedStr 1:1 (Constant 1:1 'd[\"k\"]=') (FormattedValue 1:1 (Subscript 1:4 "
            "(Name 1:4 d) (Constant 1:6 'k')) !r))\n");
}

TEST(Parser, Literals) {
  EXPECT_EQ(dump_of("0x_ff, 0o17, 0b101, 1_000, 1.5e3, .5, 1., 99999999999999999999\n"),
            "Expr 1:1 (Tuple 1:1 [(Constant 1:1 255) (Constant 1:8 15) (Constant 1:14 5) (Constant "
            "1:21 1000) (Constant 1:28 1500) (Constant 1:35 0.5) (Constant 1:39 1) (Constant 1:43 "
            "99999999999999999999!overflow)])\n");
  EXPECT_EQ(dump_of("b'\\x00a' + r'\\n' + '\\u00e9\\q' + ...\n"),
            "Expr 1:1 (Add 1:1 (Add 1:1 (Add 1:1 (Constant 1:1 b'\\x00a') (Constant 1:12 '\\\\n')) "
            "(Constant 1:20 'é\\\\q')) (Constant 1:33 Ellipsis))\n");
  EXPECT_EQ(dump_of("s = '''a\nb'''\nt = None, True, False\n"),
            "Assign 1:1 [(Name 1:1 s Store)] (Constant 1:5 'a\\nb')\n"
            "Assign 3:1 [(Name 3:1 t Store)] (Tuple 3:5 [(Constant 3:5 None) (Constant 3:11 True) "
            "(Constant 3:17 False)])\n");
}

TEST(Parser, Containers) {
  EXPECT_EQ(
      dump_of("[x*y for x in a if x for y in b], {k: v for k, v in d}, {1, 2}, {**m, 'a': 1}, "
              "(i for i in r), ()\n"),
      "Expr 1:1 (Tuple 1:1 [(ListComp 1:1 (Mult 1:2 (Name 1:2 x) (Name 1:4 y)) for (Name "
      "1:10 x Store) in (Name 1:15 a) if (Name 1:20 x) for (Name 1:26 y Store) in (Name 1:31 "
      "b)) (DictComp 1:35 (Name 1:36 k):(Name 1:39 v) for (Tuple 1:45 [(Name 1:45 k Store) "
      "(Name 1:48 v Store)] Store) in (Name 1:53 d)) (Set 1:57 [(Constant 1:58 1) (Constant "
      "1:61 2)]) (Dict 1:65 **(Name 1:68 m) (Constant 1:71 'a'):(Constant 1:76 1)) "
      "(GeneratorExp 1:80 (Name 1:81 i) for (Name 1:87 i Store) in (Name 1:92 r)) (Tuple "
      "1:96 [])])\n");
  EXPECT_EQ(dump_of("a[::2], a[1:2, 3], f(*args, k=1, **kw), sum(x for x in y)\n"),
            "Expr 1:1 (Tuple 1:1 [(Subscript 1:1 (Name 1:1 a) (Slice 1:3 - - (Constant 1:5 2))) "
            "(Subscript 1:9 (Name 1:9 a) (Tuple 1:11 [(Slice 1:11 (Constant 1:11 1) (Constant 1:13 "
            "2) -) (Constant 1:16 3)])) (Call 1:20 (Name 1:20 f) (Starred 1:22 (Name 1:23 args)) "
            "k=(Constant 1:31 1) **(Name 1:36 kw)) (Call 1:41 (Name 1:41 sum) (GeneratorExp 1:44 "
            "(Name 1:45 x) for (Name 1:51 x Store) in (Name 1:56 y)))])\n");
}

TEST(Parser, CompoundStatements) {
  const char* source =
      "import a.b as c, d\n"
      "from .m import (x, y as z)\n"
      "from q import *\n"
      "class K(Base, metaclass=M):\n"
      "    def run(self, *args, key=None, **kw):\n"
      "        global g\n"
      "        for i in range(3):\n"
      "            if i: continue\n"
      "            elif i > 1:\n"
      "                break\n"
      "            else:\n"
      "                pass\n"
      "        else:\n"
      "            x = yield i\n"
      "        while True:\n"
      "            return\n"
      "try:\n"
      "    with open(p) as f, g:\n"
      "        raise E('x') from None\n"
      "except (A, B) as e:\n"
      "    raise\n"
      "except:\n"
      "    assert x, 'msg'\n"
      "else:\n"
      "    def inner():\n"
      "        def deeper():\n"
      "            nonlocal v\n"
      "            yield 1\n"
      "        return deeper\n"
      "finally:\n"
      "    x = 1; y = 2;\n";
  EXPECT_EQ(dump_of(source),
            "Import 1:1 a.b as c d\n"
            "ImportFrom 2:1 .m: x y as z\n"
            "ImportFrom 3:1 q: *\n"
            "ClassDef 4:1 K [(Name 4:9 Base)] metaclass=(Name 4:25 M)\n"
            "  FunctionDef 5:5 run (args self *args key=(Constant 5:30 None) **kw) generator\n"
            "    Global 6:9 g\n"
            "    For 7:9 (Name 7:13 i Store) in (Call 7:18 (Name 7:18 range) (Constant 7:24 3))\n"
            "      If 8:13 (Name 8:16 i)\n"
            "        Continue 8:19\n"
            "      else:\n"
            "        If 9:13 (Compare 9:18 (Name 9:18 i) Gt (Constant 9:22 1))\n"
            "          Break 10:17\n"
            "        else:\n"
            "          Pass 12:17\n"
            "    else:\n"
            "      Assign 14:13 [(Name 14:13 x Store)] (Yield 14:17 (Name 14:23 i))\n"
            "    While 15:9 (Constant 15:15 True)\n"
            "      Return 16:13 -\n"
            "Try 17:1\n"
            "  With 18:5 (Call 18:10 (Name 18:10 open) (Name 18:15 p)) as (Name 18:21 f Store) "
            "(Name 18:24 g)\n"
            "    Raise 19:9 (Call 19:15 (Name 19:15 E) (Constant 19:17 'x')) from (Constant 19:27 "
            "None)\n"
            "except 20:1 (Tuple 20:8 [(Name 20:9 A) (Name 20:12 B)]) as e\n"
            "  Raise 21:5 -\n"
            "except 22:1 -\n"
            "  Assert 23:5 (Name 23:12 x) (Constant 23:15 'msg')\n"
            "else:\n"
            "  FunctionDef 25:5 inner (args)\n"
            "    FunctionDef 26:9 deeper (args) generator\n"
            "      Nonlocal 27:13 v\n"
            "      Expr 28:13 (Yield 28:13 (Constant 28:19 1))\n"
            "    Return 29:9 (Name 29:16 deeper)\n"
            "finally:\n"
            "  Assign 31:5 [(Name 31:5 x Store)] (Constant 31:9 1)\n"
            "  Assign 31:12 [(Name 31:12 y Store)] (Constant 31:16 2)\n");
}

TEST(Parser, IndentationRules) {
  // Tabs count to multiples of 8; blank and comment lines, brackets and
  // backslashes do not end a logical line.
  EXPECT_EQ(dump_of("if a:\n\tx = [1,\n  2]\n        # comment\n\n\ty = 1 + \\\n 2\n"),
            "If 1:1 (Name 1:4 a)\n"
            "  Assign 2:2 [(Name 2:2 x Store)] (List 2:6 [(Constant 2:7 1) (Constant 3:3 2)])\n"
            "  Assign 6:2 [(Name 6:2 y Store)] (Add 6:6 (Constant 6:6 1) (Constant 7:2 2))\n");
  EXPECT_EQ(dump_of("x = 1"), "Assign 1:1 [(Name 1:1 x Store)] (Constant 1:5 1)\n");
  EXPECT_EQ(dump_of(""), "");
  EXPECT_EQ(dump_of("\n\n# only a comment"), "");
  EXPECT_EQ(dump_of("if x:\r\n    y\r\n"), "If 1:1 (Name 1:4 x)\n  Expr 2:5 (Name 2:5 y)\n");
}

TEST(Parser, GeneratorFlagIgnoresNestedFunctions) {
  EXPECT_EQ(dump_of("def f():\n    g = lambda: (yield)\n    return g\n"),
            "FunctionDef 1:1 f (args)\n"
            "  Assign 2:5 [(Name 2:5 g Store)] (Lambda 2:9 (args) generator (Yield 2:18 -))\n"
            "  Return 3:5 (Name 3:12 g)\n");
}

int parse_all_in(const char* dir) {
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".py") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    ParseResult r = parse(text.str(), entry.path().filename().string());
    EXPECT_TRUE(r.ok()) << entry.path() << "\n" << (r.error ? r.error->format() : "");
    ++count;
  }
  return count;
}

TEST(Parser, EveryConformanceProgramParses) {
  EXPECT_GE(parse_all_in(COROSCOPE_SCRIPT_CASES_DIR), 26);
}

TEST(Parser, EveryDemoParses) {
  EXPECT_GE(parse_all_in(COROSCOPE_DEMOS_DIR), 5);
}

struct ErrorCase {
  const char* name;
  const char* source;
  const char* type;
  const char* message;
  int line, col;
  const char* printed;  // python3 x.py's stderr
};

void PrintTo(const ErrorCase& c, std::ostream* os) {
  *os << c.name;
}

// Generated by running /usr/bin/python3 (3.11.2) on each source as x.py.
const ErrorCase kCpythonErrors[] = {
    {"c01", "print(1 +)\n", "SyntaxError", "invalid syntax", 1, 10,
     "  File \"x.py\", line 1\n    print(1 +)\n             ^\nSyntaxError: invalid syntax\n"},
    {"c02", "if x\n    pass\n", "SyntaxError", "expected ':'", 1, 5,
     "  File \"x.py\", line 1\n    if x\n        ^\nSyntaxError: expected ':'\n"},
    {"c03", "x = (1 +\n", "SyntaxError", "'(' was never closed", 1, 5,
     "  File \"x.py\", line 1\n    x = (1 +\n        ^\nSyntaxError: '(' was never closed\n"},
    {"c04", "x = 1)\n", "SyntaxError", "unmatched ')'", 1, 6,
     "  File \"x.py\", line 1\n    x = 1)\n         ^\nSyntaxError: unmatched ')'\n"},
    {"c05", "if x:\npass\n", "IndentationError",
     "expected an indented block after 'if' statement on line 1", 2, 1,
     "  File \"x.py\", line 2\n    pass\n    ^\nIndentationError: expected an indented block after "
     "'if' statement on line 1\n"},
    {"c06", "x = 1\n    y = 2\n", "IndentationError", "unexpected indent", 2, 4,
     "  File \"x.py\", line 2\n    y = 2\nIndentationError: unexpected indent\n"},
    {"c07", "if x:\n        a\n    b\n", "IndentationError",
     "unindent does not match any outer indentation level", 3, 6,
     "  File \"x.py\", line 3\n    b\n     ^\nIndentationError: unindent does not match any outer "
     "indentation level\n"},
    {"c08", "s = 'abc\n", "SyntaxError", "unterminated string literal (detected at line 1)", 1, 5,
     "  File \"x.py\", line 1\n    s = 'abc\n        ^\nSyntaxError: unterminated string literal "
     "(detected at line 1)\n"},
    {"c09", "s = '''abc\n\n", "SyntaxError",
     "unterminated triple-quoted string literal (detected at line 2)", 1, 5,
     "  File \"x.py\", line 1\n    s = '''abc\n        ^\nSyntaxError: unterminated triple-quoted "
     "string literal (detected at line 2)\n"},
    {"c10", "x = 1 € 2\n", "SyntaxError", "invalid character '€' (U+20AC)", 1, 7,
     "  File \"x.py\", line 1\n    x = 1 € 2\n          ^\nSyntaxError: invalid character '€' "
     "(U+20AC)\n"},
    {"c17", "x = [1, 2\ny = 3\n", "SyntaxError", "'[' was never closed", 1, 5,
     "  File \"x.py\", line 1\n    x = [1, 2\n        ^\nSyntaxError: '[' was never closed\n"},
    {"c18", "f(a for a in b, c)\n", "SyntaxError", "Generator expression must be parenthesized", 1,
     3,
     "  File \"x.py\", line 1\n    f(a for a in b, c)\n      ^^^^^^^^^^^^\nSyntaxError: Generator "
     "expression must be parenthesized\n"},
    {"c19", "1 = x\n", "SyntaxError",
     "cannot assign to literal here. Maybe you meant '==' instead of '='?", 1, 1,
     "  File \"x.py\", line 1\n    1 = x\n    ^\nSyntaxError: cannot assign to literal here. Maybe "
     "you meant '==' instead of '='?\n"},
    {"c20", "def f(:\n    pass\n", "SyntaxError", "invalid syntax", 1, 7,
     "  File \"x.py\", line 1\n    def f(:\n          ^\nSyntaxError: invalid syntax\n"},
    {"c21", "print 'hello'\n", "SyntaxError",
     "Missing parentheses in call to 'print'. Did you mean print(...)?", 1, 1,
     "  File \"x.py\", line 1\n    print 'hello'\n    ^^^^^^^^^^^^^\nSyntaxError: Missing "
     "parentheses in call to 'print'. Did you mean print(...)?\n"},
    {"c22", "x = (1, 2]\n", "SyntaxError",
     "closing parenthesis ']' does not match opening parenthesis '('", 1, 10,
     "  File \"x.py\", line 1\n    x = (1, 2]\n             ^\nSyntaxError: closing parenthesis "
     "']' does not match opening parenthesis '('\n"},
    {"c23", "while True\n    pass\n", "SyntaxError", "expected ':'", 1, 11,
     "  File \"x.py\", line 1\n    while True\n              ^\nSyntaxError: expected ':'\n"},
    {"c24", "for x in y:\nz\n", "IndentationError",
     "expected an indented block after 'for' statement on line 1", 2, 1,
     "  File \"x.py\", line 2\n    z\n    ^\nIndentationError: expected an indented block after "
     "'for' statement on line 1\n"},
    {"c25", "def f():\nreturn 1\n", "IndentationError",
     "expected an indented block after function definition on line 1", 2, 1,
     "  File \"x.py\", line 2\n    return 1\n    ^\nIndentationError: expected an indented block "
     "after function definition on line 1\n"},
    {"c26", "x = 0x\n", "SyntaxError", "invalid hexadecimal literal", 1, 6,
     "  File \"x.py\", line 1\n    x = 0x\n         ^\nSyntaxError: invalid hexadecimal literal\n"},
    {"c27", "x = 1 +\n", "SyntaxError", "invalid syntax", 1, 8,
     "  File \"x.py\", line 1\n    x = 1 +\n           ^\nSyntaxError: invalid syntax\n"},
    {"c28", "else:\n    pass\n", "SyntaxError", "invalid syntax", 1, 1,
     "  File \"x.py\", line 1\n    else:\n    ^^^^\nSyntaxError: invalid syntax\n"},
    {"c29", "class A\n    pass\n", "SyntaxError", "expected ':'", 1, 8,
     "  File \"x.py\", line 1\n    class A\n           ^\nSyntaxError: expected ':'\n"},
    {"c30", "f() = 3\n", "SyntaxError",
     "cannot assign to function call here. Maybe you meant '==' instead of '='?", 1, 1,
     "  File \"x.py\", line 1\n    f() = 3\n    ^^^\nSyntaxError: cannot assign to function call "
     "here. Maybe you meant '==' instead of '='?\n"},
    {"c31", "x = 'a' 'b' +\n", "SyntaxError", "invalid syntax", 1, 14,
     "  File \"x.py\", line 1\n    x = 'a' 'b' +\n                 ^\nSyntaxError: invalid "
     "syntax\n"},
    {"c32", "\tif x:\n\t\tpass\n", "IndentationError", "unexpected indent", 1, 1,
     "  File \"x.py\", line 1\n    if x:\nIndentationError: unexpected indent\n"},
    {"c33", "try:\n    pass\n", "SyntaxError", "expected 'except' or 'finally' block", 2, 9,
     "  File \"x.py\", line 2\n    pass\nSyntaxError: expected 'except' or 'finally' block\n"},
    {"c34", "x = 1 2\n", "SyntaxError", "invalid syntax", 1, 7,
     "  File \"x.py\", line 1\n    x = 1 2\n          ^\nSyntaxError: invalid syntax\n"},
    {"c35", "def f(x, x): pass\n", "SyntaxError", "duplicate argument 'x' in function definition",
     1, 10,
     "  File \"x.py\", line 1\n    def f(x, x): pass\n             ^\nSyntaxError: duplicate "
     "argument 'x' in function definition\n"},
    {"c36", "return\n", "SyntaxError", "'return' outside function", 1, 1,
     "  File \"x.py\", line 1\n    return\n    ^^^^^^\nSyntaxError: 'return' outside function\n"},
    {"c37",
     "((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((("
     "((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((("
     "((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((("
     "(((((((((((((((((((((\n",
     "SyntaxError", "too many nested parentheses", 1, 201,
     "  File \"x.py\", line 1\n    "
     "((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((("
     "((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((("
     "((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((("
     "(((((((((((((((((((((\n                                                                      "
     "                                                                                             "
     "                                         ^\nSyntaxError: too many nested parentheses\n"},
    {"c38", "a = f'{x!z}'\n", "SyntaxError",
     "f-string: invalid conversion character: expected 's', 'r', or 'a'", 1, 13,
     "  File \"x.py\", line 1\n    a = f'{x!z}'\n                ^\nSyntaxError: f-string: invalid "
     "conversion character: expected 's', 'r', or 'a'\n"},
    {"c39", "del f()\n", "SyntaxError", "cannot delete function call", 1, 5,
     "  File \"x.py\", line 1\n    del f()\n        ^^^\nSyntaxError: cannot delete function "
     "call\n"},
    {"c42", "x = }\n", "SyntaxError", "unmatched '}'", 1, 5,
     "  File \"x.py\", line 1\n    x = }\n        ^\nSyntaxError: unmatched '}'\n"},
    {"c43", "if True:\n    x = 1\n  y = 2\n", "IndentationError",
     "unindent does not match any outer indentation level", 3, 8,
     "  File \"x.py\", line 3\n    y = 2\n         ^\nIndentationError: unindent does not match "
     "any outer indentation level\n"},
    {"c44", "import\n", "SyntaxError", "invalid syntax", 1, 7,
     "  File \"x.py\", line 1\n    import\n          ^\nSyntaxError: invalid syntax\n"},
    {"c45", "f(**k, *a)\n", "SyntaxError",
     "iterable argument unpacking follows keyword argument unpacking", 1, 8,
     "  File \"x.py\", line 1\n    f(**k, *a)\n           ^\nSyntaxError: iterable argument "
     "unpacking follows keyword argument unpacking\n"},
    {"c46", "f(a=1, b)\n", "SyntaxError", "positional argument follows keyword argument", 1, 9,
     "  File \"x.py\", line 1\n    f(a=1, b)\n            ^\nSyntaxError: positional argument "
     "follows keyword argument\n"},
    {"c47", "def f(a=1, b): pass\n", "SyntaxError", "non-default argument follows default argument",
     1, 12,
     "  File \"x.py\", line 1\n    def f(a=1, b): pass\n               ^\nSyntaxError: non-default "
     "argument follows default argument\n"},
    {"c48", "x += 1, y += 2\n", "SyntaxError", "invalid syntax", 1, 11,
     "  File \"x.py\", line 1\n    x += 1, y += 2\n              ^^\nSyntaxError: invalid "
     "syntax\n"},
    {"c49", "a, b += 1\n", "SyntaxError",
     "'tuple' is an illegal expression for augmented assignment", 1, 1,
     "  File \"x.py\", line 1\n    a, b += 1\n    ^^^^\nSyntaxError: 'tuple' is an illegal "
     "expression for augmented assignment\n"},
    {"c50", "x = 09\n", "SyntaxError",
     "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal "
     "integers",
     1, 5,
     "  File \"x.py\", line 1\n    x = 09\n        ^\nSyntaxError: leading zeros in decimal "
     "integer literals are not permitted; use an 0o prefix for octal integers\n"},
    {"c51", "x = f'{'\n", "SyntaxError", "f-string: expecting '}'", 1, 9,
     "  File \"x.py\", line 1\n    x = f'{'\n            ^\nSyntaxError: f-string: expecting "
     "'}'\n"},
    {"c52", "with a as b c: pass\n", "SyntaxError", "invalid syntax", 1, 13,
     "  File \"x.py\", line 1\n    with a as b c: pass\n                ^\nSyntaxError: invalid "
     "syntax\n"},
    {"c53", "global x y\n", "SyntaxError", "invalid syntax", 1, 10,
     "  File \"x.py\", line 1\n    global x y\n             ^\nSyntaxError: invalid syntax\n"},
    {"c54", "x = \"abc\n", "SyntaxError", "unterminated string literal (detected at line 1)", 1, 5,
     "  File \"x.py\", line 1\n    x = \"abc\n        ^\nSyntaxError: unterminated string literal "
     "(detected at line 1)\n"},
    {"c55", "nonlocal x\n", "SyntaxError", "nonlocal declaration not allowed at module level", 1, 1,
     "  File \"x.py\", line 1\n    nonlocal x\n    ^^^^^^^^^^\nSyntaxError: nonlocal declaration "
     "not allowed at module level\n"},
    {"c56", "break\n", "SyntaxError", "'break' outside loop", 1, 1,
     "  File \"x.py\", line 1\n    break\n    ^^^^^\nSyntaxError: 'break' outside loop\n"},
    {"c57", "x = a if b\n", "SyntaxError", "expected 'else' after 'if' expression", 1, 5,
     "  File \"x.py\", line 1\n    x = a if b\n        ^^^^^^\nSyntaxError: expected 'else' after "
     "'if' expression\n"},
    {"c58", "x = 1 if 2 else\n", "SyntaxError", "invalid syntax", 1, 16,
     "  File \"x.py\", line 1\n    x = 1 if 2 else\n                   ^\nSyntaxError: invalid "
     "syntax\n"},
    {"c59", "pass\n  \n\n   pass\n", "IndentationError", "unexpected indent", 4, 3,
     "  File \"x.py\", line 4\n    pass\nIndentationError: unexpected indent\n"},
    {"c60", "for x in range(3):\n    pass\nelse\n", "SyntaxError", "expected ':'", 3, 5,
     "  File \"x.py\", line 3\n    else\n        ^\nSyntaxError: expected ':'\n"},
    {"c61", "x = [i for i in]\n", "SyntaxError", "invalid syntax", 1, 16,
     "  File \"x.py\", line 1\n    x = [i for i in]\n                   ^\nSyntaxError: invalid "
     "syntax\n"},
    {"c62", "import a.b as\n", "SyntaxError", "invalid syntax", 1, 14,
     "  File \"x.py\", line 1\n    import a.b as\n                 ^\nSyntaxError: invalid "
     "syntax\n"},
    {"c63", "def f():\n    x = 1\n   return x\n", "IndentationError",
     "unindent does not match any outer indentation level", 3, 12,
     "  File \"x.py\", line 3\n    return x\n            ^\nIndentationError: unindent does not "
     "match any outer indentation level\n"},
    {"c64", "x = 'abc' \\ y\n", "SyntaxError",
     "unexpected character after line continuation character", 1, 12,
     "  File \"x.py\", line 1\n    x = 'abc' \\ y\n               ^\nSyntaxError: unexpected "
     "character after line continuation character\n"},
    {"c66", "x = $\n", "SyntaxError", "invalid syntax", 1, 5,
     "  File \"x.py\", line 1\n    x = $\n        ^\nSyntaxError: invalid syntax\n"},
    {"c68", "f(x for x in y)\nf(*)\n", "SyntaxError", "invalid syntax", 2, 4,
     "  File \"x.py\", line 2\n    f(*)\n       ^\nSyntaxError: invalid syntax\n"},
    {"c69", "a = 1; b = \n", "SyntaxError", "invalid syntax", 1, 12,
     "  File \"x.py\", line 1\n    a = 1; b = \n               ^\nSyntaxError: invalid syntax\n"},
    {"c70", "x = [\n  1,\n  2\n", "SyntaxError", "'[' was never closed", 1, 5,
     "  File \"x.py\", line 1\n    x = [\n        ^\nSyntaxError: '[' was never closed\n"},
    {"u2", "if x y:\n  pass\n", "SyntaxError", "invalid syntax", 1, 6,
     "  File \"x.py\", line 1\n    if x y:\n         ^\nSyntaxError: invalid syntax\n"},
    {"u4", "try x:\n  pass\n", "SyntaxError", "expected ':'", 1, 5,
     "  File \"x.py\", line 1\n    try x:\n        ^\nSyntaxError: expected ':'\n"},
    {"u6", "def f() x:\n  pass\n", "SyntaxError", "expected ':'", 1, 9,
     "  File \"x.py\", line 1\n    def f() x:\n            ^\nSyntaxError: expected ':'\n"},
    {"u8", "def f:\n  pass\n", "SyntaxError", "expected '('", 1, 6,
     "  File \"x.py\", line 1\n    def f:\n         ^\nSyntaxError: expected '('\n"},
    {"u9", "x = [1 2]\n", "SyntaxError", "invalid syntax. Perhaps you forgot a comma?", 1, 6,
     "  File \"x.py\", line 1\n    x = [1 2]\n         ^^^\nSyntaxError: invalid syntax. Perhaps "
     "you forgot a comma?\n"},
    {"u10", "for x in y\n  pass\n", "SyntaxError", "expected ':'", 1, 11,
     "  File \"x.py\", line 1\n    for x in y\n              ^\nSyntaxError: expected ':'\n"},
    {"u11", "try:\n  pass\nexcept ValueError\n  pass\n", "SyntaxError", "expected ':'", 3, 18,
     "  File \"x.py\", line 3\n    except ValueError\n                     ^\nSyntaxError: "
     "expected ':'\n"},
    {"u14", "x = 1 \\\n", "SyntaxError", "unexpected EOF while parsing", 1, 8,
     "  File \"x.py\", line 1\n    x = 1 \\\n           ^\nSyntaxError: unexpected EOF while "
     "parsing\n"},
    {"u15", "x = '\\x4'\n", "SyntaxError",
     "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: truncated \\xXX "
     "escape",
     1, 10,
     "  File \"x.py\", line 1\n    x = '\\x4'\n             ^\nSyntaxError: (unicode error) "
     "'unicodeescape' codec can't decode bytes in position 0-2: truncated \\xXX escape\n"},
    {"u16", "x = 1__0\n", "SyntaxError", "invalid decimal literal", 1, 6,
     "  File \"x.py\", line 1\n    x = 1__0\n         ^\nSyntaxError: invalid decimal literal\n"},
    {"u17", "x = 12abc\n", "SyntaxError", "invalid decimal literal", 1, 6,
     "  File \"x.py\", line 1\n    x = 12abc\n         ^\nSyntaxError: invalid decimal literal\n"},
    {"u18", "x = 0b12\n", "SyntaxError", "invalid digit '2' in binary literal", 1, 8,
     "  File \"x.py\", line 1\n    x = 0b12\n           ^\nSyntaxError: invalid digit '2' in "
     "binary literal\n"},
    {"u20", "x = f'{}'\n", "SyntaxError", "f-string: empty expression not allowed", 1, 10,
     "  File \"x.py\", line 1\n    x = f'{}'\n             ^\nSyntaxError: f-string: empty "
     "expression not allowed\n"},
    {"u21", "x = f'}'\n", "SyntaxError", "f-string: single '}' is not allowed", 1, 9,
     "  File \"x.py\", line 1\n    x = f'}'\n            ^\nSyntaxError: f-string: single '}' is "
     "not allowed\n"},
    {"u23",
     "x = \x01"
     "\n",
     "SyntaxError", "invalid non-printable character U+0001", 1, 5,
     "  File \"x.py\", line 1\n    x = \x01"
     "\n        ^\nSyntaxError: invalid non-printable character U+0001\n"},
    {"u24", "  x = 1\n", "IndentationError", "unexpected indent", 1, 2,
     "  File \"x.py\", line 1\n    x = 1\nIndentationError: unexpected indent\n"},
    {"u25", "def f(*, **k): pass\n", "SyntaxError", "named arguments must follow bare *", 1, 7,
     "  File \"x.py\", line 1\n    def f(*, **k): pass\n          ^\nSyntaxError: named arguments "
     "must follow bare *\n"},
    {"u28", "x = yield = 3\n", "SyntaxError", "assignment to yield expression not possible", 1, 5,
     "  File \"x.py\", line 1\n    x = yield = 3\n        ^^^^^\nSyntaxError: assignment to yield "
     "expression not possible\n"},
    {"u29", "(a, 1) = x\n", "SyntaxError", "cannot assign to literal", 1, 5,
     "  File \"x.py\", line 1\n    (a, 1) = x\n        ^\nSyntaxError: cannot assign to literal\n"},
    {"u31", "a + 1 = 2\n", "SyntaxError",
     "cannot assign to expression here. Maybe you meant '==' instead of '='?", 1, 1,
     "  File \"x.py\", line 1\n    a + 1 = 2\n    ^^^^^\nSyntaxError: cannot assign to expression "
     "here. Maybe you meant '==' instead of '='?\n"},
    {"u32", "del a, 1\n", "SyntaxError", "cannot delete literal", 1, 8,
     "  File \"x.py\", line 1\n    del a, 1\n           ^\nSyntaxError: cannot delete literal\n"},
    {"u34", "if x:\n  pass\n elif y:\n  pass\n", "IndentationError",
     "unindent does not match any outer indentation level", 3, 9,
     "  File \"x.py\", line 3\n    elif y:\n           ^\nIndentationError: unindent does not "
     "match any outer indentation level\n"},
    {"u35", "if x = 1:\n  pass\n", "SyntaxError",
     "invalid syntax. Maybe you meant '==' or ':=' instead of '='?", 1, 4,
     "  File \"x.py\", line 1\n    if x = 1:\n       ^^^^^\nSyntaxError: invalid syntax. Maybe you "
     "meant '==' or ':=' instead of '='?\n"},
    {"u37", "while x:\n    pass\nelse:\npass\n", "IndentationError",
     "expected an indented block after 'else' statement on line 3", 4, 1,
     "  File \"x.py\", line 4\n    pass\n    ^\nIndentationError: expected an indented block after "
     "'else' statement on line 3\n"},
    {"u41", "class A:\npass\n", "IndentationError",
     "expected an indented block after class definition on line 1", 2, 1,
     "  File \"x.py\", line 2\n    pass\n    ^\nIndentationError: expected an indented block after "
     "class definition on line 1\n"},
    {"u45", "def g(**a, b): pass\n", "SyntaxError", "arguments cannot follow var-keyword argument",
     1, 12,
     "  File \"x.py\", line 1\n    def g(**a, b): pass\n               ^\nSyntaxError: arguments "
     "cannot follow var-keyword argument\n"},
    {"u46", "lambda x=1, y: x\n", "SyntaxError", "non-default argument follows default argument", 1,
     13,
     "  File \"x.py\", line 1\n    lambda x=1, y: x\n                ^\nSyntaxError: non-default "
     "argument follows default argument\n"},
    {"v1", "if x:\n    pass\ns = 'abc\n", "SyntaxError",
     "unterminated string literal (detected at line 3)", 3, 5,
     "  File \"x.py\", line 3\n    s = 'abc\n        ^\nSyntaxError: unterminated string literal "
     "(detected at line 3)\n"},
    {"v2", "x = (1,\ny = 2\n", "SyntaxError", "'(' was never closed", 1, 5,
     "  File \"x.py\", line 1\n    x = (1,\n        ^\nSyntaxError: '(' was never closed\n"},
    {"v3", "def f(x):\n\tif x:\n        return 1\n", "TabError",
     "inconsistent use of tabs and spaces in indentation", 3, 1,
     "  File \"x.py\", line 3\n    return 1\nTabError: inconsistent use of tabs and spaces in "
     "indentation\n"},
    {"v4", "print(f'{x!r:>{w}')\n", "SyntaxError", "f-string: expecting '}'", 1, 19,
     "  File \"x.py\", line 1\n    print(f'{x!r:>{w}')\n                      ^\nSyntaxError: "
     "f-string: expecting '}'\n"},
    {"v5", "x = [1, 2, 3\nprint(x)\n", "SyntaxError", "'[' was never closed", 1, 5,
     "  File \"x.py\", line 1\n    x = [1, 2, 3\n        ^\nSyntaxError: '[' was never closed\n"},
    {"v6", "f(a b)\n", "SyntaxError", "invalid syntax. Perhaps you forgot a comma?", 1, 3,
     "  File \"x.py\", line 1\n    f(a b)\n      ^^^\nSyntaxError: invalid syntax. Perhaps you "
     "forgot a comma?\n"},
    {"v7", "x = {1: 2 3: 4}\n", "SyntaxError", "invalid syntax. Perhaps you forgot a comma?", 1, 9,
     "  File \"x.py\", line 1\n    x = {1: 2 3: 4}\n            ^^^\nSyntaxError: invalid syntax. "
     "Perhaps you forgot a comma?\n"},
    // Probing for the missing comma once more failed at the same token (lambda) and recursed
    // until the stack ran out (found by the fuzzer).
    {"v7b", "x = (a lambda: 1)\n", "SyntaxError", "invalid syntax. Perhaps you forgot a comma?", 1,
     6,
     "  File \"x.py\", line 1\n    x = (a lambda: 1)\n         ^^^^^^^^^^^\nSyntaxError: invalid "
     "syntax. Perhaps you forgot a comma?\n"},
    {"v8", "for x in 1, 2: continue\ncontinue\n", "SyntaxError", "'continue' not properly in loop",
     2, 1,
     "  File \"x.py\", line 2\n    continue\n    ^^^^^^^^\nSyntaxError: 'continue' not properly in "
     "loop\n"},
    {"v9", "class C:\n    return 1\n", "SyntaxError", "'return' outside function", 2, 5,
     "  File \"x.py\", line 2\n    return 1\n    ^^^^^^^^\nSyntaxError: 'return' outside "
     "function\n"},
    {"v11", "x = 'abc' 'def\n", "SyntaxError", "unterminated string literal (detected at line 1)",
     1, 11,
     "  File \"x.py\", line 1\n    x = 'abc' 'def\n              ^\nSyntaxError: unterminated "
     "string literal (detected at line 1)\n"},
    {"v12", "if True:\n    pass\n  else:\n    pass\n", "IndentationError",
     "unindent does not match any outer indentation level", 3, 8,
     "  File \"x.py\", line 3\n    else:\n         ^\nIndentationError: unindent does not match "
     "any outer indentation level\n"},
};

class CpythonError : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(CpythonError, MatchesPython311) {
  const ErrorCase& c = GetParam();
  ParseResult r = parse(c.source, "x.py");
  ASSERT_FALSE(r.ok()) << c.source;
  const SyntaxError& e = *r.error;
  EXPECT_EQ(e.type_name(), std::string(c.type));
  EXPECT_EQ(e.message, c.message);
  EXPECT_EQ(e.line, c.line);
  EXPECT_EQ(e.col, c.col);
  EXPECT_EQ(e.format(), c.printed);
}

INSTANTIATE_TEST_SUITE_P(Parser, CpythonError, ::testing::ValuesIn(kCpythonErrors),
                         [](const auto& p) { return std::string(p.param.name); });

TEST(Parser, UnsupportedFeaturesAreNamed) {
  EXPECT_EQ(error_of("async def f():\n    pass\n"),
            "SyntaxError 1:1 `async def` is not supported by Coroscope scripts");
  EXPECT_EQ(error_of("def f():\n    async for x in y:\n        pass\n"),
            "SyntaxError 2:5 `async for` is not supported by Coroscope scripts");
  EXPECT_EQ(error_of("async with a:\n    pass\n"),
            "SyntaxError 1:1 `async with` is not supported by Coroscope scripts");
  EXPECT_EQ(error_of("def f():\n    return await g()\n"),
            "SyntaxError 2:12 `await` is not supported by Coroscope scripts");
  EXPECT_EQ(error_of("match x:\n    case 1:\n        pass\n"),
            "SyntaxError 1:1 `match` statements are not supported by Coroscope scripts");
  EXPECT_EQ(error_of("if (n := 10) > 5:\n    pass\n"),
            "SyntaxError 1:7 the walrus operator `:=` is not supported by Coroscope scripts");
  EXPECT_EQ(error_of("@decorator\ndef f():\n    pass\n"),
            "SyntaxError 1:1 decorators (`@`) are not supported by Coroscope scripts");
  EXPECT_EQ(error_of("x: int = 1\n"),
            "SyntaxError 1:2 type annotations are not supported by Coroscope scripts");
  EXPECT_EQ(error_of("def f(x: int):\n    pass\n"),
            "SyntaxError 1:8 type annotations are not supported by Coroscope scripts");
  EXPECT_EQ(error_of("def g():\n    yield from h()\n"),
            "SyntaxError 2:5 `yield from` is not supported by Coroscope scripts");
  EXPECT_EQ(error_of("x = 2j\n"),
            "SyntaxError 1:5 complex numbers are not supported by Coroscope scripts");
  // Soft keyword: `match` stays an ordinary name elsewhere.
  EXPECT_EQ(error_of("from re import match\nm = match('a', 'a')\nmatch('b', s)\n"), "OK");
}

TEST(Parser, FormatPrintsLikePython) {
  ParseResult r = parse("x = 1\nif x\n    print(1 +)\n", "lesson.py");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->format(),
            "  File \"lesson.py\", line 2\n    if x\n        ^\nSyntaxError: expected ':'\n");
}

TEST(Parser, HostileInputIsAnErrorNotACrash) {
  EXPECT_EQ(error_of(std::string(100000, '(')), "SyntaxError 1:201 too many nested parentheses");
  EXPECT_EQ(error_of(std::string(100000, '-') + "1\n"),
            "SyntaxError 1:1000 too many nested expressions");
  EXPECT_EQ(error_of(std::string(100000, '[') + std::string(100000, ']')),
            "SyntaxError 1:201 too many nested parentheses");
  std::string chain = "x = 1";
  for (int i = 0; i < 5000; ++i) chain += " + 1";
  EXPECT_EQ(error_of(chain + "\n").substr(0, 24), "SyntaxError 1:5 too many");
  std::string nots;
  for (int i = 0; i < 5000; ++i) nots += "not ";
  EXPECT_NE(error_of(nots + "x\n"), "OK");
  std::string lambdas;
  for (int i = 0; i < 5000; ++i) lambdas += "lambda: ";
  EXPECT_NE(error_of(lambdas + "x\n"), "OK");
  std::string attrs = "x";
  for (int i = 0; i < 5000; ++i) attrs += ".a";
  EXPECT_NE(error_of(attrs + "\n"), "OK");
  // Every prefix of a real program is a clean result, never a crash.
  const std::string program =
      "def f(a, *b, **c):\n    x = [i for i in b if i]\n    return f'{x!r:>{a}}'\n"
      "try:\n    f(1)\nexcept E as e:\n    raise\n";
  for (std::size_t n = 0; n <= program.size(); ++n) (void)parse(program.substr(0, n), "p.py");
  for (unsigned char c = 1; c != 0; ++c)
    (void)parse(std::string("x = ") + static_cast<char>(c), "c.py");
}

}  // namespace
}  // namespace coroscope::script
