#include "script/Ast.hpp"

#include <cstdio>

namespace coroscope::script {
namespace {

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

const char* op_name(BinOpKind op) {
  static const char* const names[] = {"Add", "Sub",    "Mult",   "Div",   "FloorDiv", "Mod",
                                      "Pow", "LShift", "RShift", "BitOr", "BitXor",   "BitAnd"};
  return names[static_cast<int>(op)];
}
const char* op_name(CmpOpKind op) {
  static const char* const names[] = {"Eq",  "NotEq", "Lt",    "LtE", "Gt",
                                      "GtE", "Is",    "IsNot", "In",  "NotIn"};
  return names[static_cast<int>(op)];
}
const char* op_name(UnaryOpKind op) {
  static const char* const names[] = {"Not", "USub", "UAdd", "Invert"};
  return names[static_cast<int>(op)];
}

std::string quote(const std::string& s) {
  std::string out = "'";
  for (unsigned char c : s) {
    if (c == '\\' || c == '\'') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "'";
}

std::string at(const Loc& l) {
  return std::to_string(l.line) + ":" + std::to_string(l.col);
}

std::string ctx(Ctx c) {
  return c == Ctx::Store ? " Store" : c == Ctx::Del ? " Del" : "";
}

class Dumper {
 public:
  std::string out;

  void expr(const Expr* e) {
    if (!e) {
      out += "-";
      return;
    }
    out += "(";
    std::visit([&](const auto& n) { node(e->loc, n); }, e->node);
    out += ")";
  }
  void list(const ExprList& es) {
    out += "[";
    for (std::size_t i = 0; i < es.size(); ++i) {
      if (i) out += " ";
      expr(es[i].get());
    }
    out += "]";
  }
  void head(const char* name, const Loc& l) { out += std::string(name) + " " + at(l); }
  void args(const Arguments& a) {
    out += " (args";
    for (std::size_t i = 0; i < a.args.size(); ++i) {
      out += " " + a.args[i].name;
      const std::size_t first_default = a.args.size() - a.defaults.size();
      if (i >= first_default) {
        out += "=";
        expr(a.defaults[i - first_default].get());
      }
    }
    if (a.vararg) out += " *" + a.vararg->name;
    if (!a.vararg && !a.kwonly.empty()) out += " *";
    for (std::size_t i = 0; i < a.kwonly.size(); ++i) {
      out += " " + a.kwonly[i].name;
      if (a.kw_defaults[i]) {
        out += "=";
        expr(a.kw_defaults[i].get());
      }
    }
    if (a.kwarg) out += " **" + a.kwarg->name;
    out += ")";
  }
  void generators(const std::vector<Comprehension>& gs) {
    for (const Comprehension& g : gs) {
      out += " for ";
      expr(g.target.get());
      out += " in ";
      expr(g.iter.get());
      for (const ExprPtr& i : g.ifs) {
        out += " if ";
        expr(i.get());
      }
    }
  }
  void keywords(const std::vector<Keyword>& ks) {
    for (const Keyword& k : ks) {
      out += " " + (k.arg.empty() ? std::string("**") : k.arg + "=");
      expr(k.value.get());
    }
  }

  void node(const Loc& l, const Name& n) { head("Name", l), out += " " + n.id + ctx(n.ctx); }
  void node(const Loc& l, const Constant& c) {
    head("Constant", l);
    out += " ";
    switch (c.kind) {
      case Constant::Kind::None:
        out += "None";
        break;
      case Constant::Kind::True:
        out += "True";
        break;
      case Constant::Kind::False:
        out += "False";
        break;
      case Constant::Kind::Ellipsis:
        out += "Ellipsis";
        break;
      case Constant::Kind::Int:
        out += c.int_overflow ? c.text + "!overflow" : std::to_string(c.int_value);
        break;
      case Constant::Kind::Float: {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.17g", c.float_value);
        out += buf;
        break;
      }
      case Constant::Kind::Str:
        out += quote(c.text);
        break;
      case Constant::Kind::Bytes:
        out += "b" + quote(c.text);
        break;
    }
  }
  void node(const Loc& l, const BoolOp& b) {
    head(b.op == BoolOpKind::And ? "And" : "Or", l);
    for (const ExprPtr& v : b.values) out += " ", expr(v.get());
  }
  void node(const Loc& l, const UnaryOp& u) {
    head(op_name(u.op), l);
    out += " ";
    expr(u.operand.get());
  }
  void node(const Loc& l, const BinOp& b) {
    head(op_name(b.op), l);
    out += " ";
    expr(b.left.get());
    out += " ";
    expr(b.right.get());
  }
  void node(const Loc& l, const Compare& c) {
    head("Compare", l);
    out += " ";
    expr(c.left.get());
    for (std::size_t i = 0; i < c.ops.size(); ++i) {
      out += std::string(" ") + op_name(c.ops[i]) + " ";
      expr(c.comparators[i].get());
    }
  }
  void node(const Loc& l, const IfExp& e) {
    head("IfExp", l);
    out += " ";
    expr(e.test.get());
    out += " ";
    expr(e.body.get());
    out += " ";
    expr(e.orelse.get());
  }
  void node(const Loc& l, const Lambda& f) {
    head("Lambda", l);
    args(f.args);
    if (f.is_generator) out += " generator";
    out += " ";
    expr(f.body.get());
  }
  void node(const Loc& l, const Call& c) {
    head("Call", l);
    out += " ";
    expr(c.func.get());
    for (const ExprPtr& a : c.args) out += " ", expr(a.get());
    keywords(c.keywords);
  }
  void node(const Loc& l, const Attribute& a) {
    head("Attribute", l);
    out += " ";
    expr(a.value.get());
    out += " " + a.attr + ctx(a.ctx);
  }
  void node(const Loc& l, const Subscript& s) {
    head("Subscript", l);
    out += " ";
    expr(s.value.get());
    out += " ";
    expr(s.slice.get());
    out += ctx(s.ctx);
  }
  void node(const Loc& l, const Slice& s) {
    head("Slice", l);
    for (const ExprPtr* p : {&s.lower, &s.upper, &s.step}) out += " ", expr(p->get());
  }
  void node(const Loc& l, const Starred& s) {
    head("Starred", l);
    out += " ";
    expr(s.value.get());
    out += ctx(s.ctx);
  }
  void node(const Loc& l, const List& s) {
    head("List", l), out += " ", list(s.elts);
    out += ctx(s.ctx);
  }
  void node(const Loc& l, const Tuple& s) {
    head("Tuple", l), out += " ", list(s.elts);
    out += ctx(s.ctx);
  }
  void node(const Loc& l, const Set& s) { head("Set", l), out += " ", list(s.elts); }
  void node(const Loc& l, const Dict& d) {
    head("Dict", l);
    for (std::size_t i = 0; i < d.keys.size(); ++i) {
      out += " ";
      if (d.keys[i]) {
        expr(d.keys[i].get());
        out += ":";
      } else {
        out += "**";
      }
      expr(d.values[i].get());
    }
  }
  void node(const Loc& l, const ListComp& c) {
    head("ListComp", l), out += " ", expr(c.elt.get()), generators(c.generators);
  }
  void node(const Loc& l, const SetComp& c) {
    head("SetComp", l), out += " ", expr(c.elt.get()), generators(c.generators);
  }
  void node(const Loc& l, const GeneratorExp& c) {
    head("GeneratorExp", l), out += " ", expr(c.elt.get()), generators(c.generators);
  }
  void node(const Loc& l, const DictComp& c) {
    head("DictComp", l), out += " ", expr(c.key.get()), out += ":", expr(c.value.get());
    generators(c.generators);
  }
  void node(const Loc& l, const Yield& y) { head("Yield", l), out += " ", expr(y.value.get()); }
  void node(const Loc& l, const FormattedValue& f) {
    head("FormattedValue", l);
    out += " ";
    expr(f.value.get());
    if (f.conversion >= 0) out += std::string(" !") + static_cast<char>(f.conversion);
    if (f.format_spec) out += " :", expr(f.format_spec.get());
  }
  void node(const Loc& l, const JoinedStr& j) {
    head("JoinedStr", l);
    for (const ExprPtr& v : j.values) out += " ", expr(v.get());
  }

  void body(const Body& b, int indent) {
    for (const StmtPtr& s : b) stmt(*s, indent);
  }
  void block(const char* label, const Body& b, int indent) {
    if (b.empty()) return;
    out += std::string(indent, ' ') + label + "\n";
    body(b, indent + 2);
  }
  void stmt(const Stmt& s, int indent) {
    out += std::string(indent, ' ');
    const Loc& l = s.loc;
    std::visit(
        Overloaded{
            [&](const ExprStmt& e) { head("Expr", l), out += " ", expr(e.value.get()); },
            [&](const Assign& a) {
              head("Assign", l), out += " ", list(a.targets), out += " ", expr(a.value.get());
            },
            [&](const AugAssign& a) {
              head("AugAssign", l);
              out += " ";
              expr(a.target.get());
              out += std::string(" ") + op_name(a.op) + "= ";
              expr(a.value.get());
            },
            [&](const If& n) {
              head("If", l), out += " ", expr(n.test.get()), out += "\n";
              body(n.body, indent + 2);
              block("else:", n.orelse, indent);
              out.pop_back();
            },
            [&](const While& n) {
              head("While", l), out += " ", expr(n.test.get()), out += "\n";
              body(n.body, indent + 2);
              block("else:", n.orelse, indent);
              out.pop_back();
            },
            [&](const For& n) {
              head("For", l), out += " ", expr(n.target.get());
              out += " in ", expr(n.iter.get()), out += "\n";
              body(n.body, indent + 2);
              block("else:", n.orelse, indent);
              out.pop_back();
            },
            [&](const Break&) { head("Break", l); },
            [&](const Continue&) { head("Continue", l); },
            [&](const Pass&) { head("Pass", l); },
            [&](const FunctionDef& f) {
              head("FunctionDef", l), out += " " + f.name, args(f.args);
              if (f.is_generator) out += " generator";
              out += "\n";
              body(f.body, indent + 2);
              out.pop_back();
            },
            [&](const Return& r) { head("Return", l), out += " ", expr(r.value.get()); },
            [&](const ClassDef& c) {
              head("ClassDef", l), out += " " + c.name + " ", list(c.bases);
              keywords(c.keywords);
              out += "\n";
              body(c.body, indent + 2);
              out.pop_back();
            },
            [&](const Try& t) {
              head("Try", l), out += "\n";
              body(t.body, indent + 2);
              for (const ExceptHandler& h : t.handlers) {
                out += std::string(indent, ' ');
                head("except", h.loc), out += " ", expr(h.type.get());
                if (!h.name.empty()) out += " as " + h.name;
                out += "\n";
                body(h.body, indent + 2);
              }
              block("else:", t.orelse, indent);
              block("finally:", t.finalbody, indent);
              out.pop_back();
            },
            [&](const Raise& r) {
              head("Raise", l), out += " ", expr(r.exc.get());
              if (r.cause) out += " from ", expr(r.cause.get());
            },
            [&](const With& w) {
              head("With", l);
              for (const WithItem& i : w.items) {
                out += " ", expr(i.context_expr.get());
                if (i.optional_vars) out += " as ", expr(i.optional_vars.get());
              }
              out += "\n";
              body(w.body, indent + 2);
              out.pop_back();
            },
            [&](const Assert& a) {
              head("Assert", l), out += " ", expr(a.test.get()), out += " ";
              expr(a.msg.get());
            },
            [&](const Global& g) {
              head("Global", l);
              for (const std::string& n : g.names) out += " " + n;
            },
            [&](const Nonlocal& g) {
              head("Nonlocal", l);
              for (const std::string& n : g.names) out += " " + n;
            },
            [&](const Import& i) {
              head("Import", l);
              for (const Alias& a : i.names)
                out += " " + a.name + (a.asname.empty() ? "" : " as " + a.asname);
            },
            [&](const ImportFrom& i) {
              head("ImportFrom", l);
              out += " " + std::string(static_cast<std::size_t>(i.level), '.') + i.module + ":";
              for (const Alias& a : i.names)
                out += " " + a.name + (a.asname.empty() ? "" : " as " + a.asname);
            },
            [&](const Delete& d) { head("Delete", l), out += " ", list(d.targets); },
        },
        s.node);
    out += "\n";
  }
};

}  // namespace

std::string dump(const Module& module) {
  Dumper d;
  d.body(module.body, 0);
  return d.out;
}

std::string dump(const Expr& expr) {
  Dumper d;
  d.expr(&expr);
  return d.out;
}

const char* expr_name(const Expr& e) {
  return std::visit(Overloaded{
                        [](const Name&) { return "name"; },
                        [](const Constant& c) {
                          switch (c.kind) {
                            case Constant::Kind::None:
                              return "None";
                            case Constant::Kind::True:
                              return "True";
                            case Constant::Kind::False:
                              return "False";
                            case Constant::Kind::Ellipsis:
                              return "ellipsis";
                            default:
                              return "literal";
                          }
                        },
                        [](const BoolOp&) { return "expression"; },
                        [](const UnaryOp&) { return "expression"; },
                        [](const BinOp&) { return "expression"; },
                        [](const Compare&) { return "comparison"; },
                        [](const IfExp&) { return "conditional expression"; },
                        [](const Lambda&) { return "lambda"; },
                        [](const Call&) { return "function call"; },
                        [](const Attribute&) { return "attribute"; },
                        [](const Subscript&) { return "subscript"; },
                        [](const Slice&) { return "slice"; },
                        [](const Starred&) { return "starred"; },
                        [](const List&) { return "list"; },
                        [](const Tuple&) { return "tuple"; },
                        [](const Set&) { return "set display"; },
                        [](const Dict&) { return "dict literal"; },
                        [](const ListComp&) { return "list comprehension"; },
                        [](const SetComp&) { return "set comprehension"; },
                        [](const GeneratorExp&) { return "generator expression"; },
                        [](const DictComp&) { return "dict comprehension"; },
                        [](const Yield&) { return "yield expression"; },
                        [](const FormattedValue&) { return "f-string expression"; },
                        [](const JoinedStr&) { return "f-string expression"; },
                    },
                    e.node);
}

}  // namespace coroscope::script
