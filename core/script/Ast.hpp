#pragma once
// Ast: the syntax tree of a Coroscope script, shaped like Python's `ast` module.
//
//   ParseResult r = parse(source, "x.py");
//   for (const StmtPtr& s : r.module->body) {
//     if (const auto* a = std::get_if<Assign>(&s->node)) eval(*a->value);
//   }
//   std::cout << dump(*r.module);   // one statement a line, expressions as S-expressions
//
// Every node has a Loc: 1-based line, 1-based column (in code points), and an
// exclusive end. Nodes are owned by their parent through std::unique_ptr; an
// optional child (Return's value, Slice's bounds) is a null pointer.

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace coroscope::script {

class Value;

struct Loc {
  int line = 0, col = 0, end_line = 0, end_col = 0;
};

struct Expr;
struct Stmt;
using ExprPtr = std::unique_ptr<Expr>;
using StmtPtr = std::unique_ptr<Stmt>;
using ExprList = std::vector<ExprPtr>;
using Body = std::vector<StmtPtr>;

enum class Ctx { Load, Store, Del };
enum class BoolOpKind { And, Or };
enum class UnaryOpKind { Not, USub, UAdd, Invert };
enum class BinOpKind {
  Add,
  Sub,
  Mult,
  Div,
  FloorDiv,
  Mod,
  Pow,
  LShift,
  RShift,
  BitOr,
  BitXor,
  BitAnd
};
enum class CmpOpKind { Eq, NotEq, Lt, LtE, Gt, GtE, Is, IsNot, In, NotIn };

// ---- expressions
// NameScope: where a name lives in the function it appears in; Python fixes it
// when the function is compiled, so the evaluator finds it once and keeps it
// in the node.
enum class NameScope : std::uint8_t { Unknown, Local, Global, Nonlocal, Other };
struct Name {
  std::string id;
  Ctx ctx = Ctx::Load;
  // The evaluator's caches: where the name lives, and the slot it was last
  // found in (valid while that scope's serial and the binding epoch match).
  mutable NameScope scope = NameScope::Unknown;
  mutable std::uint64_t slot_scope = 0, slot_epoch = 0;
  mutable Value* slot = nullptr;
  mutable bool slot_builtin = false;  // the slot is a builtin's: never stored into
};
struct Constant {
  enum class Kind { None, True, False, Ellipsis, Int, Float, Str, Bytes } kind = Kind::None;
  std::int64_t int_value = 0;
  bool int_overflow = false;  // the literal does not fit int64; text holds its digits
  double float_value = 0;
  std::string text;  // Str and Bytes: the value; Int with overflow: the source text
};
struct BoolOp {
  BoolOpKind op;
  ExprList values;  // two or more
};
struct UnaryOp {
  UnaryOpKind op;
  ExprPtr operand;
};
struct BinOp {
  ExprPtr left;
  BinOpKind op;
  ExprPtr right;
};
struct Compare {
  ExprPtr left;
  std::vector<CmpOpKind> ops;
  ExprList comparators;  // same length as ops
};
struct IfExp {
  ExprPtr test, body, orelse;
};
struct Arg {
  std::string name;
  Loc loc;
};
// Arguments: `def f(a, b=1, *args, c, d=2, **kw)`; defaults belong to the last
// positional parameters; kw_defaults runs parallel to kwonly (null = required).
struct Arguments {
  std::vector<Arg> args;
  ExprList defaults;
  std::unique_ptr<Arg> vararg;
  std::vector<Arg> kwonly;
  ExprList kw_defaults;
  std::unique_ptr<Arg> kwarg;
};
struct Lambda {
  Arguments args;
  ExprPtr body;
  bool is_generator = false;
};
struct Keyword {
  std::string arg;  // empty for **value
  ExprPtr value;
  Loc loc;
};
struct Call {
  ExprPtr func;
  ExprList args;  // may hold Starred (*args)
  std::vector<Keyword> keywords;
};
struct Attribute {
  ExprPtr value;
  std::string attr;
  Ctx ctx = Ctx::Load;
};
struct Slice {
  ExprPtr lower, upper, step;  // each may be null
};
struct Subscript {
  ExprPtr value;
  ExprPtr slice;  // an expression, a Slice, or a Tuple of them
  Ctx ctx = Ctx::Load;
};
struct Starred {
  ExprPtr value;
  Ctx ctx = Ctx::Load;
};
struct List {
  ExprList elts;
  Ctx ctx = Ctx::Load;
};
struct Tuple {
  ExprList elts;
  Ctx ctx = Ctx::Load;
};
struct Set {
  ExprList elts;
};
struct Dict {
  ExprList keys;  // a null key means `**values[i]`
  ExprList values;
};
struct Comprehension {
  ExprPtr target, iter;
  ExprList ifs;
};
struct ListComp {
  ExprPtr elt;
  std::vector<Comprehension> generators;
};
struct SetComp {
  ExprPtr elt;
  std::vector<Comprehension> generators;
};
struct GeneratorExp {
  ExprPtr elt;
  std::vector<Comprehension> generators;
};
struct DictComp {
  ExprPtr key, value;
  std::vector<Comprehension> generators;
};
struct Yield {
  ExprPtr value;  // may be null
};
struct FormattedValue {
  ExprPtr value;
  int conversion = -1;  // -1, 's', 'r' or 'a'
  ExprPtr format_spec;  // a JoinedStr, or null
};
struct JoinedStr {
  ExprList values;  // Constant (Str) and FormattedValue
};

struct Expr {
  Loc loc;
  std::variant<Name, Constant, BoolOp, UnaryOp, BinOp, Compare, IfExp, Lambda, Call, Attribute,
               Subscript, Slice, Starred, List, Tuple, Set, Dict, ListComp, SetComp, GeneratorExp,
               DictComp, Yield, FormattedValue, JoinedStr>
      node;
  int depth = 1;  // height of this subtree (the parser bounds it)
};

// ---- statements
struct ExprStmt {
  ExprPtr value;
};
struct Assign {
  ExprList targets;  // `a = b = v` has two
  ExprPtr value;
};
struct AugAssign {
  ExprPtr target;
  BinOpKind op;
  ExprPtr value;
};
struct If {
  ExprPtr test;
  Body body, orelse;  // elif is an orelse holding one If
};
struct While {
  ExprPtr test;
  Body body, orelse;
};
struct For {
  ExprPtr target, iter;
  Body body, orelse;
};
struct Break {};
struct Continue {};
struct Pass {};
struct FunctionDef {
  std::string name;
  Arguments args;
  Body body;
  bool is_generator = false;  // the body (not a nested def or lambda) contains yield
};
struct Return {
  ExprPtr value;  // may be null
};
struct ClassDef {
  std::string name;
  ExprList bases;
  std::vector<Keyword> keywords;
  Body body;
};
struct ExceptHandler {
  ExprPtr type;      // null for a bare `except:`
  std::string name;  // empty without `as`
  Body body;
  Loc loc;
};
struct Try {
  Body body;
  std::vector<ExceptHandler> handlers;
  Body orelse, finalbody;
};
struct Raise {
  ExprPtr exc, cause;  // each may be null
};
struct WithItem {
  ExprPtr context_expr, optional_vars;  // optional_vars may be null
};
struct With {
  std::vector<WithItem> items;
  Body body;
};
struct Assert {
  ExprPtr test, msg;  // msg may be null
};
struct Global {
  std::vector<std::string> names;
};
struct Nonlocal {
  std::vector<std::string> names;
};
struct Alias {
  std::string name;    // dotted for `import a.b`; "*" for `from m import *`
  std::string asname;  // empty without `as`
  Loc loc;
};
struct Import {
  std::vector<Alias> names;
};
struct ImportFrom {
  std::string module;  // may be empty for `from . import x`
  std::vector<Alias> names;
  int level = 0;  // leading dots
};
struct Delete {
  ExprList targets;
};

struct Stmt {
  Loc loc;
  std::variant<ExprStmt, Assign, AugAssign, If, While, For, Break, Continue, Pass, FunctionDef,
               Return, ClassDef, Try, Raise, With, Assert, Global, Nonlocal, Import, ImportFrom,
               Delete>
      node;
};

struct Module {
  Body body;
};

// dump() renders a module one statement a line (bodies indented by two
// spaces) with every node's line:col, for tests and debugging.
std::string dump(const Module& module);
std::string dump(const Expr& expr);

// expr_name() is Python's word for an expression in messages: "literal",
// "function call", "tuple", ...
const char* expr_name(const Expr& expr);

}  // namespace coroscope::script
