// Expressions, by Python 3.11's precedence (lowest first): lambda, if-else,
// or, and, not, comparisons, |, ^, &, << >>, + -, * / // % @, unary - + ~,
// **, await/primary (calls, attributes, subscripts), atoms.
#include <algorithm>

#include "script/ParserImpl.hpp"

namespace coroscope::script {
namespace {

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

int h(const ExprPtr& e) {
  return e ? e->depth : 0;
}
int h(const ExprList& es) {
  int m = 0;
  for (const ExprPtr& e : es) m = std::max(m, h(e));
  return m;
}
int h(const std::vector<Comprehension>& gs) {
  int m = 0;
  for (const Comprehension& g : gs) m = std::max({m, h(g.target), h(g.iter), h(g.ifs)});
  return m;
}
int h(const std::vector<Keyword>& ks) {
  int m = 0;
  for (const Keyword& k : ks) m = std::max(m, h(k.value));
  return m;
}

}  // namespace

int expr_height(const Expr& e) {
  return 1 + std::visit(
                 Overloaded{
                     [](const Name&) { return 0; },
                     [](const Constant&) { return 0; },
                     [](const BoolOp& n) { return h(n.values); },
                     [](const UnaryOp& n) { return h(n.operand); },
                     [](const BinOp& n) { return std::max(h(n.left), h(n.right)); },
                     [](const Compare& n) { return std::max(h(n.left), h(n.comparators)); },
                     [](const IfExp& n) {
                       return std::max({h(n.test), h(n.body), h(n.orelse)});
                     },
                     [](const Lambda& n) {
                       return std::max({h(n.body), h(n.args.defaults), h(n.args.kw_defaults)});
                     },
                     [](const Call& n) {
                       return std::max({h(n.func), h(n.args), h(n.keywords)});
                     },
                     [](const Attribute& n) { return h(n.value); },
                     [](const Subscript& n) { return std::max(h(n.value), h(n.slice)); },
                     [](const Slice& n) {
                       return std::max({h(n.lower), h(n.upper), h(n.step)});
                     },
                     [](const Starred& n) { return h(n.value); },
                     [](const List& n) { return h(n.elts); },
                     [](const Tuple& n) { return h(n.elts); },
                     [](const Set& n) { return h(n.elts); },
                     [](const Dict& n) { return std::max(h(n.keys), h(n.values)); },
                     [](const ListComp& n) { return std::max(h(n.elt), h(n.generators)); },
                     [](const SetComp& n) { return std::max(h(n.elt), h(n.generators)); },
                     [](const GeneratorExp& n) { return std::max(h(n.elt), h(n.generators)); },
                     [](const DictComp& n) {
                       return std::max({h(n.key), h(n.value), h(n.generators)});
                     },
                     [](const Yield& n) { return h(n.value); },
                     [](const FormattedValue& n) { return std::max(h(n.value), h(n.format_spec)); },
                     [](const JoinedStr& n) { return h(n.values); },
                 },
                 e.node);
}

ExprPtr ParserImpl::expression() {
  DepthGuard guard(*this);
  if (at_kw("lambda")) return lambda();
  ExprPtr body = disjunction();
  if (at_op(":=")) unsupported(cur(), "the walrus operator `:=` is");
  if (!at_kw("if")) return body;
  pos_++;
  ExprPtr test = disjunction();
  if (!accept_kw("else")) {
    if (!at_op(":"))
      fail_range(span(body->loc, test->loc), "expected 'else' after 'if' expression");
    invalid_syntax();
  }
  ExprPtr orelse = expression();
  const Loc loc = span(body->loc, orelse->loc);
  return make(loc, IfExp{std::move(test), std::move(body), std::move(orelse)});
}

ExprPtr ParserImpl::star_expression() {
  if (!at_op("*")) return expression();
  const Token star = cur();
  pos_++;
  ExprPtr value = binary(0);
  const Loc loc = span(loc_of(star), value->loc);
  return make(loc, Starred{std::move(value), Ctx::Load});
}

ExprPtr ParserImpl::star_expressions(bool allow_yield) {
  if (allow_yield && at_kw("yield")) return yield_expression();
  ExprPtr first = star_expression();
  if (!at_op(",")) return first;
  Tuple t;
  const Loc start = first->loc;
  t.elts.push_back(std::move(first));
  while (accept_op(",")) {
    if (!starts_expression(cur())) break;
    t.elts.push_back(star_expression());
  }
  return make(span(start, loc_of(prev())), std::move(t));
}

ExprPtr ParserImpl::yield_expression() {
  const Token tok = cur();
  pos_++;
  if (at_kw("from")) unsupported(tok, "`yield from` is");
  Yield y;
  if (starts_expression(cur())) y.value = star_expressions(false);
  const Loc loc = y.value ? span(loc_of(tok), y.value->loc) : loc_of(tok);
  if (generator_flags_.empty()) {
    defer(loc, "'yield' outside function");
  } else {
    *generator_flags_.back() = true;
  }
  return make(loc, std::move(y));
}

ExprPtr ParserImpl::disjunction() {
  ExprPtr first = conjunction();
  if (at_kw("or")) {
    BoolOp b{BoolOpKind::Or, {}};
    const Loc start = first->loc;
    b.values.push_back(std::move(first));
    while (accept_kw("or")) b.values.push_back(conjunction());
    const Loc loc = span(start, b.values.back()->loc);
    first = make(loc, std::move(b));
  }
  last_expression_ = first->loc;
  last_expression_end_ = pos_;
  return first;
}

ExprPtr ParserImpl::conjunction() {
  ExprPtr first = inversion();
  if (!at_kw("and")) return first;
  BoolOp b{BoolOpKind::And, {}};
  const Loc start = first->loc;
  b.values.push_back(std::move(first));
  while (accept_kw("and")) b.values.push_back(inversion());
  const Loc loc = span(start, b.values.back()->loc);
  return make(loc, std::move(b));
}

ExprPtr ParserImpl::inversion() {
  if (!at_kw("not")) return comparison();
  DepthGuard guard(*this);
  const Token tok = cur();
  pos_++;
  ExprPtr operand = inversion();
  const Loc loc = span(loc_of(tok), operand->loc);
  return make(loc, UnaryOp{UnaryOpKind::Not, std::move(operand)});
}

ExprPtr ParserImpl::comparison() {
  ExprPtr left = binary(0);
  Compare c;
  for (;;) {
    CmpOpKind op;
    const Token& t = cur();
    if (t.is_op("==")) {
      op = CmpOpKind::Eq;
    } else if (t.is_op("!=")) {
      op = CmpOpKind::NotEq;
    } else if (t.is_op("<")) {
      op = CmpOpKind::Lt;
    } else if (t.is_op("<=")) {
      op = CmpOpKind::LtE;
    } else if (t.is_op(">")) {
      op = CmpOpKind::Gt;
    } else if (t.is_op(">=")) {
      op = CmpOpKind::GtE;
    } else if (t.is_name("in")) {
      op = CmpOpKind::In;
    } else if (t.is_name("not") && ahead(1).is_name("in")) {
      op = CmpOpKind::NotIn;
      pos_++;
    } else if (t.is_name("is")) {
      op = CmpOpKind::Is;
      if (ahead(1).is_name("not")) {
        op = CmpOpKind::IsNot;
        pos_++;
      }
    } else {
      break;
    }
    pos_++;
    c.ops.push_back(op);
    c.comparators.push_back(binary(0));
  }
  if (c.ops.empty()) return left;
  const Loc loc = span(left->loc, c.comparators.back()->loc);
  c.left = std::move(left);
  return make(loc, std::move(c));
}

ExprPtr ParserImpl::binary(int level) {
  struct Op {
    std::string_view text;
    BinOpKind kind;
  };
  static const std::vector<Op> levels[] = {
      {{"|", BinOpKind::BitOr}},
      {{"^", BinOpKind::BitXor}},
      {{"&", BinOpKind::BitAnd}},
      {{"<<", BinOpKind::LShift}, {">>", BinOpKind::RShift}},
      {{"+", BinOpKind::Add}, {"-", BinOpKind::Sub}},
      {{"*", BinOpKind::Mult},
       {"/", BinOpKind::Div},
       {"//", BinOpKind::FloorDiv},
       {"%", BinOpKind::Mod},
       {"@", BinOpKind::Mult}},
  };
  if (level == 6) return factor();
  ExprPtr left = binary(level + 1);
  for (;;) {
    const Op* found = nullptr;
    for (const Op& op : levels[level]) {
      if (at_op(op.text)) found = &op;
    }
    if (!found) return left;
    if (found->text == "@") unsupported(cur(), "the matrix multiplication operator `@` is");
    pos_++;
    ExprPtr right = binary(level + 1);
    const Loc loc = span(left->loc, right->loc);
    left = make(loc, BinOp{std::move(left), found->kind, std::move(right)});
  }
}

ExprPtr ParserImpl::factor() {
  UnaryOpKind op;
  if (at_op("-")) {
    op = UnaryOpKind::USub;
  } else if (at_op("+")) {
    op = UnaryOpKind::UAdd;
  } else if (at_op("~")) {
    op = UnaryOpKind::Invert;
  } else {
    return power();
  }
  DepthGuard guard(*this);
  const Token tok = cur();
  pos_++;
  ExprPtr operand = factor();
  const Loc loc = span(loc_of(tok), operand->loc);
  return make(loc, UnaryOp{op, std::move(operand)});
}

ExprPtr ParserImpl::power() {
  ExprPtr base = primary();
  if (!accept_op("**")) return base;
  ExprPtr exponent = factor();
  const Loc loc = span(base->loc, exponent->loc);
  return make(loc, BinOp{std::move(base), BinOpKind::Pow, std::move(exponent)});
}

ExprPtr ParserImpl::primary() {
  if (at_kw("await")) unsupported(cur(), "`await` is");
  ExprPtr e = atom();
  for (;;) {
    if (accept_op(".")) {
      if (cur().kind != TokenKind::Name) invalid_syntax();
      std::string attr = cur().text;
      pos_++;
      const Loc loc = span(e->loc, loc_of(prev()));
      e = make(loc, Attribute{std::move(e), std::move(attr), Ctx::Load});
    } else if (at_op("(")) {
      const Token open = cur();
      pos_++;
      Call call;
      call_arguments(call, open.line, open.col);
      const Loc loc = span(e->loc, loc_of(prev()));
      call.func = std::move(e);
      e = make(loc, std::move(call));
    } else if (accept_op("[")) {
      ExprPtr slice = subscript_slice();
      expect_op("]");
      const Loc loc = span(e->loc, loc_of(prev()));
      e = make(loc, Subscript{std::move(e), std::move(slice), Ctx::Load});
    } else {
      return e;
    }
  }
}

void ParserImpl::call_arguments(Call& call, int open_line, int open_col) {
  bool keyword_seen = false, keyword_unpack_seen = false;
  while (!at_op(")")) {
    DepthGuard guard(*this);
    const Token start = cur();
    if (at_op("*") || at_op("**")) {
      const bool dict = at_op("**");
      pos_++;
      ExprPtr value = expression();
      if (dict) {
        call.keywords.push_back({"", std::move(value), span(loc_of(start), loc_of(prev()))});
        keyword_unpack_seen = true;
      } else {
        if (keyword_unpack_seen) {
          fail_at(start, "iterable argument unpacking follows keyword argument unpacking");
        }
        const Loc loc = span(loc_of(start), value->loc);
        call.args.push_back(make(loc, Starred{std::move(value), Ctx::Load}));
      }
    } else if (start.kind == TokenKind::Name && ahead(1).is_op("=") && !is_keyword(start.text)) {
      pos_ += 2;
      ExprPtr value = expression();
      call.keywords.push_back({start.text, std::move(value), span(loc_of(start), loc_of(prev()))});
      keyword_seen = true;
    } else {
      ExprPtr e = expression();
      if (at_kw("for")) {
        const bool alone = call.args.empty() && call.keywords.empty();
        std::vector<Comprehension> gens = comprehensions();
        if (!alone || !at_op(")")) {
          fail_range(span(e->loc, loc_of(prev())), "Generator expression must be parenthesized");
        }
        const Loc loc{open_line, open_col, cur().end_line, cur().end_col};
        e = make(loc, GeneratorExp{std::move(e), std::move(gens)});
      } else if (keyword_seen || keyword_unpack_seen) {
        fail_at(cur(), keyword_unpack_seen
                           ? "positional argument follows keyword argument unpacking"
                           : "positional argument follows keyword argument");
      }
      call.args.push_back(std::move(e));
    }
    if (!accept_op(",")) break;
  }
  expect_op(")");
}

ExprPtr ParserImpl::subscript_slice() {
  ExprPtr first = slice_item();
  if (!at_op(",")) return first;
  Tuple t;
  const Loc start = first->loc;
  t.elts.push_back(std::move(first));
  while (accept_op(",") && !at_op("]")) t.elts.push_back(slice_item());
  return make(span(start, loc_of(prev())), std::move(t));
}

ExprPtr ParserImpl::slice_item() {
  const Token start = cur();
  ExprPtr lower;
  if (!at_op(":")) {
    lower = star_expression();
    if (!at_op(":")) return lower;
  }
  expect_op(":");
  Slice s;
  s.lower = std::move(lower);
  if (!at_op(":") && !at_op("]") && !at_op(",")) s.upper = expression();
  if (accept_op(":") && !at_op("]") && !at_op(",")) s.step = expression();
  return make(span(loc_of(start), loc_of(prev())), std::move(s));
}

ExprPtr ParserImpl::atom() {
  const Token t = cur();
  switch (t.kind) {
    case TokenKind::Name: {
      Constant c;
      if (t.text == "None" || t.text == "True" || t.text == "False") {
        c.kind = t.text == "None"   ? Constant::Kind::None
                 : t.text == "True" ? Constant::Kind::True
                                    : Constant::Kind::False;
        pos_++;
        return make(loc_of(t), std::move(c));
      }
      if (t.text == "async") unsupported(t, "`async` is");
      if (is_keyword(t.text)) invalid_syntax();
      pos_++;
      return make(loc_of(t), Name{t.text, Ctx::Load});
    }
    case TokenKind::Number: {
      Constant c;
      c.kind = t.is_float ? Constant::Kind::Float : Constant::Kind::Int;
      c.int_value = t.int_value;
      c.int_overflow = t.int_overflow;
      c.float_value = t.float_value;
      if (t.int_overflow) c.text = t.text;
      pos_++;
      return make(loc_of(t), std::move(c));
    }
    case TokenKind::String:
      return strings();
    case TokenKind::Op:
      if (t.text == "(") return paren_atom();
      if (t.text == "[") return list_atom();
      if (t.text == "{") return dict_atom();
      if (t.text == "...") {
        pos_++;
        Constant c;
        c.kind = Constant::Kind::Ellipsis;
        return make(loc_of(t), std::move(c));
      }
      if (t.text == "@") unsupported(t, "decorators (`@`) are");
      invalid_syntax();
    default:
      invalid_syntax();
  }
}

ExprPtr ParserImpl::paren_atom() {
  const Token open = cur();
  pos_++;
  if (accept_op(")")) return make(span(open, prev()), Tuple{});
  if (at_kw("yield")) {
    ExprPtr y = yield_expression();
    expect_op(")");
    return y;
  }
  ExprPtr first = star_expression();
  if (at_kw("for")) {
    std::vector<Comprehension> gens = comprehensions();
    expect_op(")");
    return make(span(open, prev()), GeneratorExp{std::move(first), std::move(gens)});
  }
  if (!at_op(",")) {
    expect_op(")");
    return first;
  }
  Tuple t;
  t.elts.push_back(std::move(first));
  while (accept_op(",") && !at_op(")")) t.elts.push_back(star_expression());
  expect_op(")");
  return make(span(open, prev()), std::move(t));
}

ExprPtr ParserImpl::list_atom() {
  const Token open = cur();
  pos_++;
  List l;
  if (!at_op("]")) {
    ExprPtr first = star_expression();
    if (at_kw("for")) {
      std::vector<Comprehension> gens = comprehensions();
      expect_op("]");
      return make(span(open, prev()), ListComp{std::move(first), std::move(gens)});
    }
    l.elts.push_back(std::move(first));
    while (accept_op(",") && !at_op("]")) l.elts.push_back(star_expression());
  }
  expect_op("]");
  return make(span(open, prev()), std::move(l));
}

ExprPtr ParserImpl::dict_atom() {
  const Token open = cur();
  pos_++;
  if (accept_op("}")) return make(span(open, prev()), Dict{});
  Dict d;
  Set s;
  bool is_dict = false;
  for (bool first = true;; first = false) {
    DepthGuard guard(*this);
    if ((first || is_dict) && accept_op("**")) {
      is_dict = true;
      d.keys.push_back(nullptr);
      d.values.push_back(binary(0));
    } else {
      ExprPtr key = star_expression();
      if ((first || is_dict) && accept_op(":")) {
        is_dict = true;
        ExprPtr value = expression();
        if (first && at_kw("for")) {
          std::vector<Comprehension> gens = comprehensions();
          expect_op("}");
          return make(span(open, prev()),
                      DictComp{std::move(key), std::move(value), std::move(gens)});
        }
        d.keys.push_back(std::move(key));
        d.values.push_back(std::move(value));
      } else if (is_dict) {
        expect_op(":");
      } else {
        if (first && at_kw("for")) {
          std::vector<Comprehension> gens = comprehensions();
          expect_op("}");
          return make(span(open, prev()), SetComp{std::move(key), std::move(gens)});
        }
        s.elts.push_back(std::move(key));
      }
    }
    if (!accept_op(",") || at_op("}")) break;
  }
  expect_op("}");
  if (is_dict) return make(span(open, prev()), std::move(d));
  return make(span(open, prev()), std::move(s));
}

ExprPtr ParserImpl::target_list() {
  auto one = [&]() -> ExprPtr {
    if (!at_op("*")) return binary(0);
    const Token star = cur();
    pos_++;
    ExprPtr value = binary(0);
    const Loc loc = span(loc_of(star), value->loc);
    return make(loc, Starred{std::move(value), Ctx::Load});
  };
  ExprPtr first = one();
  if (at_op(",")) {
    Tuple t;
    const Loc start = first->loc;
    t.elts.push_back(std::move(first));
    while (accept_op(",") && !at_kw("in") && !at_op("=")) t.elts.push_back(one());
    first = make(span(start, loc_of(prev())), std::move(t));
  }
  targets(*first, Ctx::Store);
  return first;
}

std::vector<Comprehension> ParserImpl::comprehensions() {
  std::vector<Comprehension> gens;
  while (at_kw("for") || at_kw("async")) {
    if (at_kw("async")) unsupported(cur(), "`async for` is");
    pos_++;
    Comprehension c;
    c.target = target_list();
    expect_kw("in");
    c.iter = disjunction();
    while (accept_kw("if")) c.ifs.push_back(disjunction());
    gens.push_back(std::move(c));
  }
  return gens;
}

ExprPtr ParserImpl::lambda() {
  const Token tok = cur();
  pos_++;
  Lambda f;
  parameters(f.args, true);
  expect_op(":");
  generator_flags_.push_back(&f.is_generator);
  scopes_.push_back('f');
  const int loops = loops_;
  loops_ = 0;
  f.body = expression();
  loops_ = loops;
  scopes_.pop_back();
  generator_flags_.pop_back();
  const Loc loc = span(loc_of(tok), f.body->loc);
  return make(loc, std::move(f));
}

ExprPtr ParserImpl::strings() {
  const Token first = cur();
  std::size_t last = pos_;
  bool any_f = false, any_bytes = false, any_text = false;
  while (toks_[last].kind == TokenKind::String) {
    any_f |= toks_[last].is_fstring;
    (toks_[last].is_bytes ? any_bytes : any_text) = true;
    ++last;
  }
  const Loc whole = span(first, toks_[last - 1]);
  if (any_bytes && any_text) fail_range(whole, "cannot mix bytes and nonbytes literals");
  std::string pending;
  ExprList parts;
  for (; pos_ < last; ++pos_) {
    if (cur().is_fstring) {
      fstring(cur(), whole, parts, pending);
    } else {
      pending += cur().value;
    }
  }
  Constant c;
  c.kind = any_bytes ? Constant::Kind::Bytes : Constant::Kind::Str;
  c.text = std::move(pending);
  if (!any_f) return make(whole, std::move(c));
  if (!c.text.empty()) parts.push_back(make(whole, std::move(c)));
  return make(whole, JoinedStr{std::move(parts)});
}

const Expr* ParserImpl::invalid_target(const Expr& e, Ctx ctx) const {
  if (std::holds_alternative<Name>(e.node) || std::holds_alternative<Attribute>(e.node) ||
      std::holds_alternative<Subscript>(e.node)) {
    return nullptr;
  }
  const ExprList* elts = nullptr;
  if (const auto* t = std::get_if<Tuple>(&e.node)) elts = &t->elts;
  if (const auto* l = std::get_if<List>(&e.node)) elts = &l->elts;
  if (elts) {
    for (const ExprPtr& x : *elts) {
      if (const Expr* bad = invalid_target(*x, ctx)) return bad;
    }
    return nullptr;
  }
  if (const auto* s = std::get_if<Starred>(&e.node); s && ctx == Ctx::Store) {
    return invalid_target(*s->value, ctx);
  }
  return &e;
}

void ParserImpl::targets(Expr& e, Ctx ctx) {
  if (const Expr* bad = invalid_target(e, ctx)) {
    if (std::holds_alternative<Yield>(bad->node) && ctx == Ctx::Store) {
      fail_range(bad->loc, "assignment to yield expression not possible");
    }
    fail_range(bad->loc, std::string(ctx == Ctx::Del ? "cannot delete " : "cannot assign to ") +
                             expr_name(*bad));
  }
  std::visit(Overloaded{
                 [&](Name& n) { n.ctx = ctx; },
                 [&](Attribute& a) { a.ctx = ctx; },
                 [&](Subscript& s) { s.ctx = ctx; },
                 [&](Starred& s) {
                   s.ctx = ctx;
                   targets(*s.value, ctx);
                 },
                 [&](Tuple& t) {
                   t.ctx = ctx;
                   for (ExprPtr& x : t.elts) targets(*x, ctx);
                 },
                 [&](List& l) {
                   l.ctx = ctx;
                   for (ExprPtr& x : l.elts) targets(*x, ctx);
                 },
                 [](auto&) {},
             },
             e.node);
}

}  // namespace coroscope::script
