// Statements: simple statements separated by ';', compound statements with
// their indented blocks, and the checks CPython's compiler makes after a clean
// parse ('return' outside function, ...), recorded as deferred errors.
#include <set>

#include "script/ParserImpl.hpp"

namespace coroscope::script {
namespace {

Loc end_of(const Token& start, const Body& body) {
  const Loc& last = body.back()->loc;
  return {start.line, start.col, last.end_line, last.end_col};
}

bool is_augassign(const Token& t) {
  static const std::set<std::string, std::less<>> ops = {
      "+=", "-=", "*=", "/=", "//=", "%=", "**=", "&=", "|=", "^=", ">>=", "<<=", "@="};
  return t.kind == TokenKind::Op && ops.count(t.text) > 0;
}

BinOpKind augassign_op(std::string_view text) {
  const std::string_view op = text.substr(0, text.size() - 1);
  if (op == "+") return BinOpKind::Add;
  if (op == "-") return BinOpKind::Sub;
  if (op == "*") return BinOpKind::Mult;
  if (op == "/") return BinOpKind::Div;
  if (op == "//") return BinOpKind::FloorDiv;
  if (op == "%") return BinOpKind::Mod;
  if (op == "**") return BinOpKind::Pow;
  if (op == "&") return BinOpKind::BitAnd;
  if (op == "|") return BinOpKind::BitOr;
  if (op == "^") return BinOpKind::BitXor;
  if (op == ">>") return BinOpKind::RShift;
  return BinOpKind::LShift;
}

}  // namespace

std::unique_ptr<Module> ParserImpl::module() {
  auto m = std::make_unique<Module>();
  while (cur().kind != TokenKind::EndMarker) statement(m->body);
  return m;
}

void ParserImpl::statement(Body& out) {
  const Token& t = cur();
  if (t.kind == TokenKind::Indent) {
    fail("unexpected indent", t.line, t.end_col - 1, t.line, -1, ErrorType::IndentationError);
  }
  if (t.is_op("@")) unsupported(t, "decorators (`@`) are");
  if (t.kind == TokenKind::Name) {
    if (t.text == "if") return out.push_back(if_statement(false));
    if (t.text == "while") return out.push_back(while_statement());
    if (t.text == "for") return out.push_back(for_statement());
    if (t.text == "try") return out.push_back(try_statement());
    if (t.text == "with") return out.push_back(with_statement());
    if (t.text == "def") return out.push_back(function_def());
    if (t.text == "class") return out.push_back(class_def());
    if (t.text == "async") {
      const Token& n = ahead(1);
      if (n.is_name("def")) unsupported(t, "`async def` is");
      if (n.is_name("for")) unsupported(t, "`async for` is");
      if (n.is_name("with")) unsupported(t, "`async with` is");
    }
    if (t.text == "match" && !ahead(1).is_op(":") && !ahead(1).is_op("=") && !ahead(1).is_op(".") &&
        ahead(1).kind != TokenKind::Newline) {
      std::size_t k = pos_;
      while (toks_[k].kind != TokenKind::Newline && toks_[k].kind != TokenKind::EndMarker &&
             toks_[k].kind != TokenKind::Error) {
        ++k;
      }
      if (toks_[k].kind == TokenKind::Newline && toks_[k - 1].is_op(":")) {
        unsupported(t, "`match` statements are");
      }
    }
  }
  simple_statements(out);
}

void ParserImpl::simple_statements(Body& out) {
  for (;;) {
    out.push_back(simple_statement());
    if (!accept_op(";") || cur().kind == TokenKind::Newline) break;
  }
  if (cur().kind != TokenKind::Newline) invalid_syntax();
  pos_++;
}

StmtPtr ParserImpl::simple_statement() {
  const Token t = cur();
  if (t.kind != TokenKind::Name) return expression_statement();
  const Loc here = loc_of(t);
  if (t.text == "pass") return pos_++, make_stmt(here, Pass{});
  if (t.text == "break" || t.text == "continue") {
    pos_++;
    if (loops_ == 0) {
      defer(here, t.text == "break" ? "'break' outside loop" : "'continue' not properly in loop");
    }
    return t.text == "break" ? make_stmt(here, Break{}) : make_stmt(here, Continue{});
  }
  if (t.text == "return") {
    pos_++;
    Return r;
    if (starts_expression(cur())) r.value = star_expressions(false);
    const Loc loc = r.value ? span(here, r.value->loc) : here;
    if (scopes_.empty() || scopes_.back() != 'f') defer(loc, "'return' outside function");
    return make_stmt(loc, std::move(r));
  }
  if (t.text == "raise") {
    pos_++;
    Raise r;
    if (starts_expression(cur())) {
      r.exc = expression();
      if (accept_kw("from")) r.cause = expression();
    }
    return make_stmt(span(here, loc_of(prev())), std::move(r));
  }
  if (t.text == "global" || t.text == "nonlocal") {
    pos_++;
    std::vector<std::string> names;
    do {
      names.push_back(name());
    } while (accept_op(","));
    const Loc loc = span(here, loc_of(prev()));
    if (t.text == "global") return make_stmt(loc, Global{std::move(names)});
    if (scopes_.empty()) defer(loc, "nonlocal declaration not allowed at module level");
    return make_stmt(loc, Nonlocal{std::move(names)});
  }
  if (t.text == "del") {
    pos_++;
    Delete d;
    do {
      ExprPtr target = binary(0);
      targets(*target, Ctx::Del);
      d.targets.push_back(std::move(target));
    } while (accept_op(",") && starts_expression(cur()));
    return make_stmt(span(here, loc_of(prev())), std::move(d));
  }
  if (t.text == "assert") {
    pos_++;
    Assert a;
    a.test = expression();
    if (accept_op(",")) a.msg = expression();
    return make_stmt(span(here, loc_of(prev())), std::move(a));
  }
  if (t.text == "import") return import_statement();
  if (t.text == "from") return from_import();
  return expression_statement();
}

StmtPtr ParserImpl::expression_statement() {
  const Token first = cur();
  ExprPtr e = at_kw("yield") ? yield_expression() : star_expressions(false);
  if (const auto* n = std::get_if<Name>(&e->node);
      n && (n->id == "print" || n->id == "exec") &&
      (cur().kind == TokenKind::String || cur().kind == TokenKind::Number ||
       (cur().kind == TokenKind::Name && !is_keyword(cur().text)))) {
    ExprPtr rest = star_expressions(false);
    fail_range(span(e->loc, rest->loc),
               "Missing parentheses in call to '" + n->id + "'. Did you mean " + n->id + "(...)?");
  }
  if (at_op(":")) unsupported(cur(), "type annotations are");
  if (is_augassign(cur())) {
    const BinOpKind op = augassign_op(cur().text);
    if (cur().text == "@=") unsupported(cur(), "the matrix multiplication operator `@` is");
    if (!std::holds_alternative<Name>(e->node) && !std::holds_alternative<Attribute>(e->node) &&
        !std::holds_alternative<Subscript>(e->node)) {
      fail_range(e->loc, std::string("'") + expr_name(*e) +
                             "' is an illegal expression for augmented assignment");
    }
    pos_++;
    targets(*e, Ctx::Store);
    ExprPtr value = at_kw("yield") ? yield_expression() : star_expressions(false);
    const Loc loc = span(e->loc, value->loc);
    return make_stmt(loc, AugAssign{std::move(e), op, std::move(value)});
  }
  if (!at_op("=")) {
    const Loc loc = e->loc;
    return make_stmt(loc, ExprStmt{std::move(e)});
  }
  ExprList chain;
  chain.push_back(std::move(e));
  while (accept_op("=")) {
    chain.push_back(at_kw("yield") ? yield_expression() : star_expressions(false));
  }
  ExprPtr value = std::move(chain.back());
  chain.pop_back();
  for (ExprPtr& target : chain) {
    const Expr* bad = invalid_target(*target, Ctx::Store);
    if (bad && bad == target.get() && chain.size() == 1 &&
        !std::holds_alternative<Yield>(bad->node) && !std::holds_alternative<Tuple>(bad->node)) {
      fail_range(bad->loc, std::string("cannot assign to ") + expr_name(*bad) +
                               " here. Maybe you meant '==' instead of '='?");
    }
    targets(*target, Ctx::Store);
  }
  const Loc loc = span(chain.front()->loc, value->loc);
  return make_stmt(loc, Assign{std::move(chain), std::move(value)});
}

void ParserImpl::colon(bool forced) {
  if (accept_op(":")) return;
  if (forced || cur().kind == TokenKind::Newline) fail_at(cur(), "expected ':'");
  invalid_syntax();
}

Body ParserImpl::block(const std::string& after, int header_line) {
  Body body;
  if (cur().kind != TokenKind::Newline) {
    simple_statements(body);
    return body;
  }
  pos_++;
  if (cur().kind != TokenKind::Indent) {
    const Token& t = cur();
    if (t.kind == TokenKind::Error) invalid_syntax();
    fail("expected an indented block after " + after + " on line " + std::to_string(header_line),
         t.line, t.col, t.end_line, t.end_col, ErrorType::IndentationError);
  }
  pos_++;
  while (cur().kind != TokenKind::Dedent && cur().kind != TokenKind::EndMarker) statement(body);
  if (cur().kind == TokenKind::Dedent) pos_++;
  return body;
}

StmtPtr ParserImpl::if_statement(bool elif) {
  const Token tok = cur();
  pos_++;
  If s;
  s.test = expression();
  if (at_op("=") && std::holds_alternative<Name>(s.test->node)) {
    pos_++;
    ExprPtr rhs = binary(0);
    if (!at_op("=") && !at_op(":=")) {
      fail_range(span(s.test->loc, rhs->loc),
                 "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
    }
    invalid_syntax();
  }
  colon(false);
  s.body = block(elif ? "'elif' statement" : "'if' statement", tok.line);
  if (at_kw("elif")) {
    s.orelse.push_back(if_statement(true));
  } else if (at_kw("else")) {
    const Token e = cur();
    pos_++;
    colon(true);
    s.orelse = block("'else' statement", e.line);
  }
  const Loc loc = end_of(tok, s.orelse.empty() ? s.body : s.orelse);
  return make_stmt(loc, std::move(s));
}

StmtPtr ParserImpl::while_statement() {
  const Token tok = cur();
  pos_++;
  While s;
  s.test = expression();
  colon(false);
  ++loops_;
  s.body = block("'while' statement", tok.line);
  --loops_;
  if (at_kw("else")) {
    const Token e = cur();
    pos_++;
    colon(true);
    s.orelse = block("'else' statement", e.line);
  }
  const Loc loc = end_of(tok, s.orelse.empty() ? s.body : s.orelse);
  return make_stmt(loc, std::move(s));
}

StmtPtr ParserImpl::for_statement() {
  const Token tok = cur();
  pos_++;
  For s;
  s.target = target_list();
  expect_kw("in");
  s.iter = star_expressions(false);
  colon(false);
  ++loops_;
  s.body = block("'for' statement", tok.line);
  --loops_;
  if (at_kw("else")) {
    const Token e = cur();
    pos_++;
    colon(true);
    s.orelse = block("'else' statement", e.line);
  }
  const Loc loc = end_of(tok, s.orelse.empty() ? s.body : s.orelse);
  return make_stmt(loc, std::move(s));
}

StmtPtr ParserImpl::try_statement() {
  const Token tok = cur();
  pos_++;
  colon(true);
  Try s;
  s.body = block("'try' statement", tok.line);
  while (at_kw("except")) {
    const Token e = cur();
    pos_++;
    if (at_op("*")) unsupported(e, "`except*` is");
    ExceptHandler h;
    if (!at_op(":")) {
      h.type = expression();
      if (accept_kw("as")) h.name = name();
    }
    colon(false);
    h.body = block("'except' statement", e.line);
    h.loc = end_of(e, h.body);
    s.handlers.push_back(std::move(h));
  }
  if (!s.handlers.empty() && at_kw("else")) {
    const Token e = cur();
    pos_++;
    colon(true);
    s.orelse = block("'else' statement", e.line);
  }
  if (at_kw("finally")) {
    const Token f = cur();
    pos_++;
    colon(true);
    s.finalbody = block("'finally' statement", f.line);
  }
  if (s.handlers.empty() && s.finalbody.empty()) {
    std::size_t k = pos_ > 0 ? pos_ - 1 : 0;
    while (k > 0 && toks_[k].kind == TokenKind::Dedent) --k;
    const Token& t = toks_[k];
    fail("expected 'except' or 'finally' block", t.line, t.col, t.line, -1);
  }
  const Body& last = !s.finalbody.empty() ? s.finalbody
                     : !s.orelse.empty()  ? s.orelse
                                          : s.handlers.back().body;
  const Loc loc = end_of(tok, last);
  return make_stmt(loc, std::move(s));
}

StmtPtr ParserImpl::with_statement() {
  const Token tok = cur();
  pos_++;
  With s;
  do {
    WithItem item;
    item.context_expr = expression();
    if (accept_kw("as")) {
      item.optional_vars = binary(0);
      targets(*item.optional_vars, Ctx::Store);
    }
    s.items.push_back(std::move(item));
  } while (accept_op(","));
  colon(false);
  s.body = block("'with' statement", tok.line);
  const Loc loc = end_of(tok, s.body);
  return make_stmt(loc, std::move(s));
}

void ParserImpl::parameters(Arguments& a, bool lambda) {
  const std::string_view end = lambda ? ":" : ")";
  bool star = false;
  std::set<std::string, std::less<>> seen;
  auto arg = [&]() {
    if (cur().kind != TokenKind::Name || is_keyword(cur().text)) invalid_syntax();
    Arg x{cur().text, loc_of(cur())};
    pos_++;
    if (!lambda && at_op(":")) unsupported(cur(), "type annotations are");
    if (!seen.insert(x.name).second) {
      defer(x.loc, "duplicate argument '" + x.name + "' in function definition");
    }
    return x;
  };
  while (!at_op(end)) {
    if (at_op("/")) unsupported(cur(), "positional-only parameters (`/`) are");
    if (accept_op("**")) {
      a.kwarg = std::make_unique<Arg>(arg());
      accept_op(",");
      if (!at_op(end)) fail_at(cur(), "arguments cannot follow var-keyword argument");
      break;
    }
    if (at_op("*")) {
      const Token s = cur();
      pos_++;
      if (star) fail_at(s, "* argument may appear only once");
      star = true;
      if (at_op(",") || at_op(end)) {
        const Token& next = at_op(",") ? ahead(1) : cur();
        if (next.is_op("**") || next.is_op(end)) fail_at(s, "named arguments must follow bare *");
      } else {
        a.vararg = std::make_unique<Arg>(arg());
      }
    } else {
      Arg x = arg();
      ExprPtr d;
      if (accept_op("=")) d = expression();
      if (star) {
        a.kwonly.push_back(std::move(x));
        a.kw_defaults.push_back(std::move(d));
      } else {
        if (d) {
          a.defaults.push_back(std::move(d));
        } else if (!a.defaults.empty()) {
          fail_range(x.loc, "non-default argument follows default argument");
        }
        a.args.push_back(std::move(x));
      }
    }
    if (!accept_op(",")) break;
  }
}

StmtPtr ParserImpl::function_def() {
  const Token tok = cur();
  pos_++;
  FunctionDef f;
  f.name = name();
  if (!at_op("(")) fail_at(cur(), "expected '('");
  pos_++;
  parameters(f.args, false);
  expect_op(")");
  if (at_op("->")) unsupported(cur(), "type annotations are");
  colon(true);
  generator_flags_.push_back(&f.is_generator);
  scopes_.push_back('f');
  const int loops = loops_;
  loops_ = 0;
  f.body = block("function definition", tok.line);
  loops_ = loops;
  scopes_.pop_back();
  generator_flags_.pop_back();
  const Loc loc = end_of(tok, f.body);
  return make_stmt(loc, std::move(f));
}

StmtPtr ParserImpl::class_def() {
  const Token tok = cur();
  pos_++;
  ClassDef c;
  c.name = name();
  if (at_op("(")) {
    const Token open = cur();
    pos_++;
    Call call;
    call_arguments(call, open.line, open.col);
    c.bases = std::move(call.args);
    c.keywords = std::move(call.keywords);
  }
  colon(false);
  scopes_.push_back('c');
  const int loops = loops_;
  loops_ = 0;
  std::vector<bool*> flags;
  flags.swap(generator_flags_);  // a yield in a class body is outside any function
  c.body = block("class definition", tok.line);
  flags.swap(generator_flags_);
  loops_ = loops;
  scopes_.pop_back();
  const Loc loc = end_of(tok, c.body);
  return make_stmt(loc, std::move(c));
}

StmtPtr ParserImpl::import_statement() {
  const Token tok = cur();
  pos_++;
  Import s;
  do {
    const Token start = cur();
    Alias a;
    a.name = name();
    while (accept_op(".")) a.name += "." + name();
    if (accept_kw("as")) a.asname = name();
    a.loc = span(start, prev());
    s.names.push_back(std::move(a));
  } while (accept_op(","));
  return make_stmt(span(tok, prev()), std::move(s));
}

StmtPtr ParserImpl::from_import() {
  const Token tok = cur();
  pos_++;
  ImportFrom s;
  for (;;) {
    if (accept_op(".")) {
      s.level += 1;
    } else if (accept_op("...")) {
      s.level += 3;
    } else {
      break;
    }
  }
  if (!at_kw("import")) {
    s.module = name();
    while (accept_op(".")) s.module += "." + name();
  }
  expect_kw("import");
  if (at_op("*")) {
    s.names.push_back({"*", "", loc_of(cur())});
    pos_++;
  } else {
    const bool paren = accept_op("(");
    do {
      if (paren && at_op(")")) break;
      const Token start = cur();
      Alias a;
      a.name = name();
      if (accept_kw("as")) a.asname = name();
      a.loc = span(start, prev());
      s.names.push_back(std::move(a));
    } while (accept_op(","));
    if (paren) expect_op(")");
  }
  return make_stmt(span(tok, prev()), std::move(s));
}

}  // namespace coroscope::script
