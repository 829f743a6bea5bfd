#pragma once
// ParserImpl: the recursive-descent parser behind parse() (Parser.hpp), split
// over ParserStmt.cpp (statements), ParserExpr.cpp (expressions) and
// ParserFString.cpp (f-strings). Internal to core/script.
//
//   ParserImpl p(tokens, source_lines);
//   std::unique_ptr<Module> m = p.module();   // throws ParserImpl::Abort on the first error
//
// The first error ends the descent with an Abort exception that parse()
// catches; error() then says what and where. Nesting is bounded (kMaxDepth),
// so no input can exhaust the stack.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "script/Ast.hpp"
#include "script/Token.hpp"

namespace coroscope::script {

struct ParseFailure {
  ErrorType type = ErrorType::SyntaxError;
  std::string message;
  int line = 0, col = 0, end_line = 0, end_col = 0;
  bool from_lexer = false;
};

class ParserImpl {
 public:
  struct Abort {};
  static constexpr int kMaxDepth = 1000;

  explicit ParserImpl(std::vector<Token> tokens);

  std::unique_ptr<Module> module();
  const ParseFailure& failure() const { return failure_; }
  // deferred() is an error Python's compiler reports only after a clean parse
  // ('return' outside function, ...); empty message when none.
  const ParseFailure& deferred() const { return deferred_; }

  // Statements (ParserStmt.cpp)
  void statement(Body& out);
  void simple_statements(Body& out);
  StmtPtr simple_statement();
  StmtPtr expression_statement();
  Body block(const std::string& after, int header_line);
  StmtPtr if_statement(bool elif);
  StmtPtr while_statement();
  StmtPtr for_statement();
  StmtPtr try_statement();
  StmtPtr with_statement();
  StmtPtr function_def();
  StmtPtr class_def();
  StmtPtr import_statement();
  StmtPtr from_import();
  void colon(bool forced);
  void parameters(Arguments& args, bool lambda);

  // Expressions (ParserExpr.cpp)
  ExprPtr expression();                        // test: a if b else c, lambda
  ExprPtr star_expressions(bool allow_yield);  // a, *b, c  → Tuple
  ExprPtr star_expression();
  ExprPtr yield_expression();
  ExprPtr disjunction();
  ExprPtr conjunction();
  ExprPtr inversion();
  ExprPtr comparison();
  ExprPtr binary(int level);
  ExprPtr factor();
  ExprPtr power();
  ExprPtr primary();
  ExprPtr atom();
  ExprPtr paren_atom();
  ExprPtr list_atom();
  ExprPtr dict_atom();
  ExprPtr strings();
  ExprPtr lambda();
  ExprPtr subscript_slice();
  ExprPtr slice_item();
  void call_arguments(Call& call, int open_line, int open_col);
  std::vector<Comprehension> comprehensions();
  void targets(Expr& e, Ctx ctx);  // validates and sets Store/Del, or fails
  const Expr* invalid_target(const Expr& e, Ctx ctx) const;

  // F-strings (ParserFString.cpp)
  void fstring(const Token& t, const Loc& whole, ExprList& parts, std::string& pending);
  void fstring_field(const Token& t, const Loc& whole, std::string_view body, std::size_t& i,
                     ExprList& parts, std::string& pending, int nesting);
  ExprPtr target_list();  // `for` and comprehension targets: a, *b, c[0]

  // Tokens and errors
  const Token& cur() const { return toks_[pos_]; }
  const Token& ahead(std::size_t n) const;
  const Token& prev() const { return toks_[pos_ > 0 ? pos_ - 1 : 0]; }
  bool at_op(std::string_view op) const { return cur().is_op(op); }
  bool at_kw(std::string_view kw) const { return cur().is_name(kw); }
  bool accept_op(std::string_view op);
  bool accept_kw(std::string_view kw);
  void expect_op(std::string_view op);
  void expect_kw(std::string_view kw);
  std::string name();  // a NAME that is not a keyword
  bool starts_expression(const Token& t) const;
  static bool is_keyword(std::string_view s);

  [[noreturn]] void fail(std::string message, int line, int col, int end_line, int end_col,
                         ErrorType type = ErrorType::SyntaxError);
  [[noreturn]] void fail_at(const Token& t, std::string message);
  [[noreturn]] void fail_range(const Loc& l, std::string message);
  [[noreturn]] void invalid_syntax();  // at cur(), or the lexer's error there
  [[noreturn]] void unsupported(const Token& t, const std::string& what);
  void defer(const Loc& l, std::string message);

  template <class T>
  ExprPtr make(Loc loc, T&& node);
  template <class T>
  StmtPtr make_stmt(Loc loc, T&& node) {
    auto s = std::make_unique<Stmt>();
    s->loc = loc;
    s->node = std::forward<T>(node);
    return s;
  }
  static Loc span(const Token& a, const Token& b) { return {a.line, a.col, b.end_line, b.end_col}; }
  static Loc span(const Loc& a, const Loc& b) { return {a.line, a.col, b.end_line, b.end_col}; }
  static Loc loc_of(const Token& t) { return {t.line, t.col, t.end_line, t.end_col}; }

  struct DepthGuard {
    explicit DepthGuard(ParserImpl& p);
    ~DepthGuard() { --p.depth_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;
    ParserImpl& p;
  };

  std::vector<Token> toks_;
  std::size_t pos_ = 0;
  int depth_ = 0;
  bool probing_comma_ = false;  // inside invalid_syntax()'s "forgot a comma?" probe
  ParseFailure failure_, deferred_;

  // Where we are, for generator detection and the compiler's checks.
  std::vector<bool*> generator_flags_;  // innermost function or lambda last
  std::vector<char> scopes_;            // 'f' function, 'c' class
  int loops_ = 0;
  Loc last_expression_;  // the latest disjunction, for "Perhaps you forgot a comma?"
  std::size_t last_expression_end_ = 0;
};

int expr_height(const Expr& e);

template <class T>
ExprPtr ParserImpl::make(Loc loc, T&& node) {
  auto e = std::make_unique<Expr>();
  e->loc = loc;
  e->node = std::forward<T>(node);
  e->depth = expr_height(*e);
  if (e->depth > kMaxDepth) fail_range(loc, "too many nested expressions");
  return e;
}

}  // namespace coroscope::script
