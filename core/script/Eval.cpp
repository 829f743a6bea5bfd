// Eval: statements and expressions. Each Python call recurses in C++ on the
// running greenlet's fiber (see Interp.hpp).
#include <boost/context/fiber.hpp>
#include <cmath>

#include "hub/Hub.hpp"
#include "runtime/World.hpp"
#include "script/Interp.hpp"
#include "script/Limits.hpp"
#include "script/Percent.hpp"
#include "script/StrFormat.hpp"

namespace coroscope::script {

namespace {

template <class... Ts>
struct Overload : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overload(Ts...) -> Overload<Ts...>;

}  // namespace

// ---- statements ------------------------------------------------------------------------

Interp::Flow Interp::exec_body(const Body& body, Frame& f) {
  for (const StmtPtr& s : body) {
    Flow flow;
    try {
      flow = exec(*s, f);
    } catch (const LimitError& e) {  // from code without an Interp (script/Limits.hpp)
      raise(e.type, e.what());
    }
    if (flow != Flow::Normal) return flow;
  }
  return Flow::Normal;
}

Interp::Flow Interp::exec(const Stmt& s, Frame& f) {
  if (s.loc.line != f.line) {
    f.line = s.loc.line;
    if (out_.line) {
      ++lines_reported_;
      out_.line(f.line);
    }
  }
  runtime::current_world().charge(1);
  if (!tracer_.queue.empty()) [[unlikely]]
    flush_trace();
  return std::visit(
      Overload{
          [&](const ExprStmt& x) {
            eval(*x.value, f);
            return Flow::Normal;
          },
          [&](const Assign& x) {
            Value v = eval(*x.value, f);
            for (const ExprPtr& t : x.targets) assign(*t, v, f);
            return Flow::Normal;
          },
          [&](const AugAssign& x) {
            if (const auto* n = std::get_if<Name>(&x.target->node)) {
              Value v = inplace(x.op, lookup(*n, f), eval(*x.value, f));
              store_name(*n, std::move(v), f);
            } else if (const auto* a = std::get_if<Attribute>(&x.target->node)) {
              Value obj = eval(*a->value, f);
              setattr(obj, a->attr, inplace(x.op, getattr(obj, a->attr), eval(*x.value, f)));
            } else if (const auto* sub = std::get_if<Subscript>(&x.target->node)) {
              Value obj = eval(*sub->value, f);
              Value key = eval(*sub->slice, f);
              Value v = inplace(x.op, subscript(obj, key), eval(*x.value, f));
              if (auto* l = obj.as<ListObject>()) {
                std::int64_t i = key.as_int();
                if (i < 0) i += static_cast<std::int64_t>(l->items.size());
                l->items.at(static_cast<std::size_t>(i)) = std::move(v);
              } else if (auto* d = obj.as<DictObject>()) {
                d->set(key, std::move(v));
              }
            }
            return Flow::Normal;
          },
          [&](const If& x) { return exec_body(truthy(eval(*x.test, f)) ? x.body : x.orelse, f); },
          [&](const While& x) {
            while (truthy(eval(*x.test, f))) {
              const Flow flow = exec_body(x.body, f);
              if (flow == Flow::Break) return Flow::Normal;
              if (flow == Flow::Return) return flow;
              f.line = 0;  // the test's line counts again
            }
            return exec_body(x.orelse, f);
          },
          [&](const For& x) {
            Value iterable = eval(*x.iter, f);
            if (!iterable.as<ListObject>() && !iterable.as<TupleObject>() &&
                !iterable.as<DictObject>() && !iterable.as<StrObject>()) {
              Value it = iter(iterable);
              for (;;) {
                bool done = false;
                Value item = next(it, done);
                if (done) break;
                assign(*x.target, std::move(item), f);
                const Flow flow = exec_body(x.body, f);
                if (flow == Flow::Break) return Flow::Normal;
                if (flow == Flow::Return) return flow;
              }
              return exec_body(x.orelse, f);
            }
            for (Value& item : iterate(iterable)) {
              assign(*x.target, std::move(item), f);
              const Flow flow = exec_body(x.body, f);
              if (flow == Flow::Break) return Flow::Normal;
              if (flow == Flow::Return) return flow;
            }
            return exec_body(x.orelse, f);
          },
          [&](const Break&) { return Flow::Break; },
          [&](const Continue&) { return Flow::Continue; },
          [&](const Pass&) { return Flow::Normal; },
          [&](const FunctionDef& x) {
            auto* fn = new FunctionObject();
            Value keep(fn);
            fn->code = compile(x);
            fn->scope = Value(f.scope);
            fn->qualname = x.name;
            for (const ExprPtr& d : x.args.defaults) fn->defaults.push_back(eval(*d, f));
            for (const ExprPtr& d : x.args.kw_defaults) {
              fn->kw_defaults.push_back(d ? eval(*d, f) : Value());
            }
            store_name(x.name, keep, f);
            return Flow::Normal;
          },
          [&](const Return& x) {
            f.returned = x.value ? eval(*x.value, f) : Value();
            return Flow::Return;
          },
          [&](const ClassDef& x) {
            auto* cls = new ClassObject();
            Value keep(cls);
            cls->name = x.name;
            cls->module = "__main__";
            for (const ExprPtr& b : x.bases) {
              Value base = eval(*b, f);
              if (!base.as<ClassObject>()) raise("TypeError", "bases must be classes");
              cls->bases.push_back(base);
            }
            if (cls->bases.empty()) cls->bases.push_back(builtins_.at("object"));
            Value body_scope(new ScopeObject(Value(f.scope), false));
            Frame cf(*this, body_scope.as<ScopeObject>(), nullptr, f.line);
            cf.label = x.name;
            exec_body(x.body, cf);
            for (auto& [k, v] : cf.scope->vars) {
              if (auto* fn = v.as<FunctionObject>(); fn && fn->klass.is_none()) fn->klass = keep;
              cls->dict[k] = v;
            }
            store_name(x.name, keep, f);
            return Flow::Normal;
          },
          [&](const Try& x) {
            Flow flow = Flow::Normal;
            auto run_finally = [&] {
              if (!x.finalbody.empty()) {
                const Flow ff = exec_body(x.finalbody, f);
                if (ff != Flow::Normal) flow = ff;
              }
            };
            try {
              bool raised = false;
              try {
                flow = exec_body(x.body, f);
              } catch (PyError& e) {
                raised = true;
                const ExceptHandler* h = match_handler(x, e.exc, f);
                if (!h) throw;
                keep_traceback(e, f);
                flow = handle(*h, e.exc, f);
              } catch (const runtime::GreenletExit&) {
                // A kill from the runtime: Python sees GreenletExit. If the
                // handler raises that same exception again, the kill goes on.
                if (unwinding()) throw;
                raised = true;
                const std::exception_ptr kill = std::current_exception();
                Value exc = new_exception("GreenletExit", "");
                const ExceptHandler* h = match_handler(x, exc, f);
                if (!h) throw;
                try {
                  flow = handle(*h, exc, f);
                } catch (const PyError& again) {
                  if (again.exc.object() != exc.object()) throw;
                  std::rethrow_exception(kill);
                }
              }
              if (!raised && flow == Flow::Normal) flow = exec_body(x.orelse, f);
            } catch (const boost::context::detail::forced_unwind&) {
              throw;  // the fiber is being torn down: no Python runs now
            } catch (...) {
              if (!unwinding()) run_finally();
              throw;
            }
            run_finally();
            return flow;
          },
          [&](const Raise& x) -> Flow {
            if (!x.exc) {  // raise: the exception being handled, again
              if (f.handling.is_none()) raise("RuntimeError", "No active exception to reraise");
              std::vector<TraceEntry> tb = stored_traceback(f.handling);
              if (!tb.empty()) tb.pop_back();  // this frame: added again as it leaves
              throw PyError{f.handling, std::move(tb)};
            }
            Value v = eval(*x.exc, f);
            if (auto* c = v.as<ClassObject>()) v = call(Value(c), std::vector<Value>{});
            auto* inst = v.as<InstanceObject>();
            if (inst && x.cause) {
              Value cause = eval(*x.cause, f);
              if (auto* c = cause.as<ClassObject>()) cause = call(Value(c), std::vector<Value>{});
              if (!cause.is_none() && !cause.as<InstanceObject>()) {
                raise("TypeError", "exception causes must derive from BaseException");
              }
              inst->dict["__cause__"] = cause;
              inst->dict["__suppress_context__"] = Value::boolean(true);
            }
            raise(v);
          },
          [&](const With& x) { return exec_with(x, 0, f); },
          [&](const Assert& x) {
            if (!truthy(eval(*x.test, f))) {
              raise("AssertionError", x.msg ? str(eval(*x.msg, f)) : "");
            }
            return Flow::Normal;
          },
          [&](const Global&) { return Flow::Normal; },
          [&](const Nonlocal&) { return Flow::Normal; },
          [&](const Import& x) {
            for (const Alias& a : x.names) {
              // import a.b binds a (once a.b is loaded); import a.b as c binds a.b.
              Value m = import_module(a.name);
              if (a.asname.empty()) {
                const std::string top = a.name.substr(0, a.name.find('.'));
                store_name(top, import_module(top), f);
              } else {
                store_name(a.asname, m, f);
              }
            }
            return Flow::Normal;
          },
          [&](const ImportFrom& x) {
            Value m = import_module(x.module);
            auto* mod = m.as<ModuleObject>();
            for (const Alias& a : x.names) {
              if (a.name == "*") {
                for (auto& [k, v] : mod->dict) store_name(k, v, f);
                continue;
              }
              auto it = mod->dict.find(a.name);
              Value v;
              if (it != mod->dict.end()) {
                v = it->second;
              } else {
                v = import_module(x.module + "." + a.name);
              }
              store_name(a.asname.empty() ? a.name : a.asname, v, f);
            }
            return Flow::Normal;
          },
          [&](const Delete& x) {
            for (const ExprPtr& t : x.targets) delete_target(*t, f);
            return Flow::Normal;
          },
      },
      s.node);
}

// ---- names ---------------------------------------------------------------------------------

NameScope Interp::resolve(const Name& n, const Frame& f) {
  if (!f.code) return NameScope::Other;  // module level, class body, comprehension
  if (n.scope == NameScope::Unknown) {
    n.scope = f.code->locals.contains(n.id)      ? NameScope::Local
              : f.code->globals.contains(n.id)   ? NameScope::Global
              : f.code->nonlocals.contains(n.id) ? NameScope::Nonlocal
                                                 : NameScope::Other;
  }
  return n.scope;
}

Value Interp::lookup(const Name& n, Frame& f) {
  const NameScope where = resolve(n, f);
  // The one scope to look in, when it is known: a function's locals, the
  // module's globals, or the module itself at module level.
  // (A free name in a function defined at module level is a global too.)
  ScopeObject* only =
      where == NameScope::Local ? f.scope
      : where == NameScope::Global ||
              (where == NameScope::Other && f.code && f.scope->parent.object() == globals_.object())
          ? globals_.as<ScopeObject>()
      : !f.code && f.scope->module ? f.scope
                                   : nullptr;
  if (only) {
    if (n.slot_scope == only->serial && n.slot_epoch == binding_epoch) return *n.slot;
    auto remember = [&](Value& slot, bool builtin) -> Value& {
      n.slot_scope = only->serial;
      n.slot_epoch = binding_epoch;
      n.slot = &slot;
      n.slot_builtin = builtin;
      return slot;
    };
    if (auto it = only->vars.find(n.id); it != only->vars.end()) {
      return remember(it->second, false);
    }
    if (where != NameScope::Local) {
      if (auto b = builtins_.find(n.id); b != builtins_.end()) return remember(b->second, true);
      raise("NameError", "name '" + n.id + "' is not defined");
    }
  }
  if (where == NameScope::Local) {
    auto it = f.scope->vars.find(n.id);
    if (it == f.scope->vars.end()) {
      raise("UnboundLocalError",
            "cannot access local variable '" + n.id + "' where it is not associated with a value");
    }
    return it->second;
  }
  for (ScopeObject* s = where == NameScope::Global ? globals_.as<ScopeObject>() : f.scope; s;
       s = s->parent.as<ScopeObject>()) {
    auto it = s->vars.find(n.id);
    if (it != s->vars.end()) return it->second;
  }
  auto b = builtins_.find(n.id);
  if (b != builtins_.end()) return b->second;
  raise("NameError", "name '" + n.id + "' is not defined");
}

void Interp::store_name(const Name& n, Value v, Frame& f) {
  const NameScope where = resolve(n, f);
  ScopeObject* only = where == NameScope::Local    ? f.scope
                      : where == NameScope::Global ? globals_.as<ScopeObject>()
                      : !f.code && f.scope->module ? f.scope
                                                   : nullptr;
  if (!only) return store_name(n.id, std::move(v), f);
  if (n.slot_scope == only->serial && n.slot_epoch == binding_epoch && !n.slot_builtin) {
    *n.slot = std::move(v);
    return;
  }
  Value& slot = only->bind(n.id);
  slot = std::move(v);
  n.slot_scope = only->serial;
  n.slot_epoch = binding_epoch;
  n.slot = &slot;
  n.slot_builtin = false;
}

Value Interp::lookup(const std::string& name, Frame& f) {
  const bool local = f.code && f.code->locals.contains(name);
  if (local) {
    auto it = f.scope->vars.find(name);
    if (it == f.scope->vars.end()) {
      raise("UnboundLocalError",
            "cannot access local variable '" + name + "' where it is not associated with a value");
    }
    return it->second;
  }
  for (ScopeObject* s = f.code && f.code->globals.contains(name) ? globals_.as<ScopeObject>()
                                                                 : f.scope;
       s; s = s->parent.as<ScopeObject>()) {
    auto it = s->vars.find(name);
    if (it != s->vars.end()) return it->second;
  }
  auto b = builtins_.find(name);
  if (b != builtins_.end()) return b->second;
  raise("NameError", "name '" + name + "' is not defined");
}

void Interp::store_name(const std::string& name, Value v, Frame& f) {
  if (f.code && f.code->globals.contains(name)) {
    globals_.as<ScopeObject>()->bind(name) = std::move(v);
    return;
  }
  if (f.code && f.code->nonlocals.contains(name)) {
    for (ScopeObject* s = f.scope->parent.as<ScopeObject>(); s; s = s->parent.as<ScopeObject>()) {
      auto it = s->vars.find(name);
      if (it != s->vars.end()) {
        it->second = std::move(v);
        return;
      }
    }
  }
  f.scope->bind(name) = std::move(v);
}

void Interp::assign(const Expr& target, Value v, Frame& f) {
  std::visit(Overload{
                 [&](const Name& n) { store_name(n, std::move(v), f); },
                 [&](const Tuple& t) { unpack(t.elts, v, f); },
                 [&](const List& t) { unpack(t.elts, v, f); },
                 [&](const Attribute& a) { setattr(eval(*a.value, f), a.attr, std::move(v)); },
                 [&](const Subscript& s) {
                   Value obj = eval(*s.value, f);
                   if (const auto* sl = std::get_if<Slice>(&s.slice->node)) {
                     assign_slice(obj, *sl, v, f);
                     return;
                   }
                   Value key = eval(*s.slice, f);
                   if (auto* l = obj.as<ListObject>()) {
                     if (!key.is_int()) raise("TypeError", "list indices must be integers");
                     std::int64_t i = key.as_int();
                     const auto n = static_cast<std::int64_t>(l->items.size());
                     if (i < 0) i += n;
                     if (i < 0 || i >= n) raise("IndexError", "list assignment index out of range");
                     l->items[static_cast<std::size_t>(i)] = std::move(v);
                   } else if (auto* d = obj.as<DictObject>()) {
                     bool ok = true;
                     hash(key, ok);
                     if (!ok) raise("TypeError", "unhashable type: '" + type_name(key) + "'");
                     d->set(key, std::move(v));
                   } else {
                     raise("TypeError",
                           "'" + type_name(obj) + "' object does not support item assignment");
                   }
                 },
                 [&](const Starred&) { raise("SyntaxError", "starred assignment target"); },
                 [&](const auto&) { raise("SyntaxError", "cannot assign to expression"); },
             },
             target.node);
}

// ---- expressions ---------------------------------------------------------------------------

Value Interp::eval(const Expr& e, Frame& f) {
  return std::visit(
      Overload{
          [&](const Name& n) { return lookup(n, f); },
          [&](const Constant& c) -> Value {
            switch (c.kind) {
              case Constant::Kind::None:
                return Value();
              case Constant::Kind::True:
                return Value::boolean(true);
              case Constant::Kind::False:
                return Value::boolean(false);
              case Constant::Kind::Int:
                if (c.int_overflow) raise("OverflowError", "integer literal too large: " + c.text);
                return Value::integer(c.int_value);
              case Constant::Kind::Float:
                return Value::real(c.float_value);
              case Constant::Kind::Str:
                return str_value(c.text);
              case Constant::Kind::Bytes:
                return Value(make_bytes(c.text));
              case Constant::Kind::Ellipsis:
                return builtins_.at("Ellipsis");
            }
            return Value();
          },
          [&](const BoolOp& b) {
            Value v;
            for (const ExprPtr& x : b.values) {
              v = eval(*x, f);
              if ((b.op == BoolOpKind::And) != truthy(v)) return v;
            }
            return v;
          },
          [&](const UnaryOp& u) -> Value {
            Value v = eval(*u.operand, f);
            switch (u.op) {
              case UnaryOpKind::Not:
                return Value::boolean(!truthy(v));
              case UnaryOpKind::USub:
                if (v.is_float()) return Value::real(-v.as_float());
                if (v.is_int() || v.is_bool()) {
                  if (v.as_int() == INT64_MIN) {
                    raise("OverflowError", "integer overflow: Coroscope's ints are 64-bit");
                  }
                  return Value::integer(-v.as_int());
                }
                break;
              case UnaryOpKind::UAdd:
                if (v.is_float()) return v;
                if (v.is_int() || v.is_bool()) return Value::integer(v.as_int());
                break;
              case UnaryOpKind::Invert:
                if (v.is_int() || v.is_bool()) return Value::integer(~v.as_int());
                break;
            }
            raise("TypeError", "bad operand type for unary operator: '" + type_name(v) + "'");
          },
          [&](const BinOp& b) { return binop(b.op, eval(*b.left, f), eval(*b.right, f)); },
          [&](const Compare& c) {
            Value left = eval(*c.left, f);
            for (std::size_t i = 0; i < c.ops.size(); ++i) {
              Value right = eval(*c.comparators[i], f);
              if (!compare(c.ops[i], left, right)) return Value::boolean(false);
              left = std::move(right);
            }
            return Value::boolean(true);
          },
          [&](const IfExp& x) { return eval(truthy(eval(*x.test, f)) ? *x.body : *x.orelse, f); },
          [&](const Lambda& l) {
            auto* fn = new FunctionObject();
            Value keep(fn);
            fn->code = compile(l, e.loc.line);
            fn->scope = Value(f.scope);
            fn->qualname = "<lambda>";
            for (const ExprPtr& d : l.args.defaults) fn->defaults.push_back(eval(*d, f));
            return keep;
          },
          [&](const Call& c) {
            const std::uint64_t reported = lines_reported_;
            Value v = call_expr(c, f);
            // Back from code that reported other lines (a function, or other
            // greenlets it switched to): this greenlet is at f's line again.
            if (lines_reported_ != reported && out_.line) [[unlikely]] {
              ++lines_reported_;
              out_.line(f.line);
            }
            // A call may have switched: the tracer sees the switches before
            // the code after the call runs (see Tracer.cpp).
            if (!tracer_.queue.empty()) [[unlikely]]
              flush_trace();
            return v;
          },
          [&](const Attribute& a) { return getattr(eval(*a.value, f), a.attr); },
          [&](const Subscript& s) -> Value {
            Value obj = eval(*s.value, f);
            if (const auto* sl = std::get_if<Slice>(&s.slice->node)) {
              auto pick = [&](std::int64_t n, auto&& take) {
                for (std::int64_t i : slice_range(*sl, f, n).at) take(i);
              };
              if (auto* l = obj.as<ListObject>()) {
                std::vector<Value> out;
                pick(static_cast<std::int64_t>(l->items.size()),
                     [&](std::int64_t i) { out.push_back(l->items[static_cast<std::size_t>(i)]); });
                return Value(make_list(std::move(out)));
              }
              if (auto* t = obj.as<TupleObject>()) {
                std::vector<Value> out;
                pick(static_cast<std::int64_t>(t->items.size()),
                     [&](std::int64_t i) { out.push_back(t->items[static_cast<std::size_t>(i)]); });
                return Value(make_tuple(std::move(out)));
              }
              if (auto* b = obj.as<BytesObject>()) {
                std::string out;
                pick(static_cast<std::int64_t>(b->bytes.size()),
                     [&](std::int64_t i) { out += b->bytes[static_cast<std::size_t>(i)]; });
                return Value(make_bytes(std::move(out)));
              }
              if (auto* str = obj.as<StrObject>()) {
                std::vector<std::string> chars;
                for (std::size_t i = 0; i < str->text.size();) {
                  const auto b = static_cast<unsigned char>(str->text[i]);
                  const std::size_t n = b < 0x80 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
                  chars.push_back(str->text.substr(i, n));
                  i += n;
                }
                std::string out;
                pick(static_cast<std::int64_t>(chars.size()),
                     [&](std::int64_t i) { out += chars[static_cast<std::size_t>(i)]; });
                return str_value(out);
              }
              raise("TypeError", "'" + type_name(obj) + "' object is not subscriptable");
            }
            return subscript(obj, eval(*s.slice, f));
          },
          [&](const Slice&) -> Value { raise("SyntaxError", "slice outside a subscript"); },
          [&](const Starred&) -> Value {
            raise("SyntaxError", "can't use starred expression here");
          },
          [&](const List& l) { return Value(make_list(display_items(l.elts, f))); },
          [&](const Tuple& t) { return Value(make_tuple(display_items(t.elts, f))); },
          [&](const Set& st) {
            std::vector<Value> items = display_items(st.elts, f);
            bool constant = st.elts.size() > 2;
            for (const ExprPtr& x : st.elts) {
              constant = constant && std::holds_alternative<Constant>(x->node);
            }
            // CPython builds a set of three or more constants from a frozenset
            // constant (set_merge into an empty set), which can change its order.
            if (constant) {
              Value out = make_set({});
              out.as<SetObject>()->update(*make_set(items).as<SetObject>());
              return out;
            }
            return make_set(items);
          },
          [&](const Dict& d) {
            Value out(make_dict());
            for (std::size_t i = 0; i < d.keys.size(); ++i) {
              Value v = eval(*d.values[i], f);
              if (!d.keys[i]) {
                if (auto* src = v.as<DictObject>()) {
                  src->for_each(
                      [&](const Value& k, const Value& val) { out.as<DictObject>()->set(k, val); });
                }
                continue;
              }
              Value k = eval(*d.keys[i], f);
              bool ok = true;
              hash(k, ok);
              if (!ok) raise("TypeError", "unhashable type: '" + type_name(k) + "'");
              out.as<DictObject>()->set(k, std::move(v));
            }
            return out;
          },
          [&](const ListComp& c) {
            std::vector<Value> items;
            comprehension(c.generators, f, [&](Frame& cf) { items.push_back(eval(*c.elt, cf)); });
            return Value(make_list(std::move(items)));
          },
          [&](const GeneratorExp& c) { return generator_expression(c, f); },
          [&](const SetComp& c) {
            Value out = make_set({});
            comprehension(c.generators, f, [&](Frame& cf) {
              out.as<SetObject>()->add(hashable_key(eval(*c.elt, cf)));
            });
            return out;
          },
          [&](const DictComp& c) {
            Value out(make_dict());
            comprehension(c.generators, f, [&](Frame& cf) {
              out.as<DictObject>()->set(eval(*c.key, cf), eval(*c.value, cf));
            });
            return out;
          },
          [&](const Yield& y) { return yield_value(y.value ? eval(*y.value, f) : Value()); },
          [&](const FormattedValue& fv) {
            Value v = eval(*fv.value, f);
            if (fv.conversion == 'r' || fv.conversion == 'a') v = str_value(repr(v));
            if (fv.conversion == 's') v = str_value(str(v));
            std::string spec;
            if (fv.format_spec) spec = str(eval(*fv.format_spec, f));
            FormatResult r = format_value(v, spec);
            if (!r.ok()) raise(r.error_type.c_str(), r.message);
            return str_value(r.text);
          },
          [&](const JoinedStr& j) {
            std::string out;
            for (const ExprPtr& x : j.values) out += str(eval(*x, f));
            return str_value(out);
          },
      },
      e.node);
}

void Interp::setattr(const Value& obj, const std::string& name, Value v) {
  if (auto* inst = obj.as<InstanceObject>()) {
    inst->dict[name] = std::move(v);
  } else if (auto* cls = obj.as<ClassObject>()) {
    if (auto* fn = v.as<FunctionObject>(); fn && fn->klass.is_none()) fn->klass = obj;
    cls->dict[name] = std::move(v);
  } else if (obj.as<GreenletObject>()) {
    set_greenlet_attr(obj, name, std::move(v));
  } else {
    raise("AttributeError", "'" + type_name(obj) + "' object has no attribute '" + name + "'");
  }
}

Interp::SliceRange Interp::slice_range(const Slice& sl, Frame& f, std::int64_t n) {
  auto bound = [&](const ExprPtr& x) -> std::optional<std::int64_t> {
    if (!x) return std::nullopt;
    Value v = eval(*x, f);
    if (v.is_none()) return std::nullopt;
    if (!v.is_int() && !v.is_bool()) raise("TypeError", "slice indices must be integers or None");
    return v.as_int();
  };
  const auto lo = bound(sl.lower), hi = bound(sl.upper), st = bound(sl.step);
  SliceRange r;
  r.step = st.value_or(1);
  if (r.step == 0) raise("ValueError", "slice step cannot be zero");
  r.start = lo.value_or(r.step > 0 ? 0 : n - 1);
  r.stop = hi.value_or(r.step > 0 ? n : -n - 1);
  if (r.start < 0) r.start += n;
  if (r.stop < 0) r.stop += n;
  if (r.step > 0) {
    r.start = std::clamp<std::int64_t>(r.start, 0, n);
    r.stop = std::clamp<std::int64_t>(r.stop, r.start, n);
    for (std::int64_t i = r.start; i < r.stop; i += r.step) r.at.push_back(i);
  } else {
    r.start = std::clamp<std::int64_t>(r.start, -1, n - 1);
    r.stop = std::clamp<std::int64_t>(r.stop, -1, n - 1);
    for (std::int64_t i = r.start; i > r.stop; i += r.step) r.at.push_back(i);
  }
  return r;
}

// display_items(elts, f): the items of [a, *b, c] (or a tuple or set display).
std::vector<Value> Interp::display_items(const std::vector<ExprPtr>& elts, Frame& f) {
  std::vector<Value> items;
  items.reserve(elts.size());
  for (const ExprPtr& x : elts) {
    if (const auto* star = std::get_if<Starred>(&x->node)) {
      for (Value& v : iterate(eval(*star->value, f))) items.push_back(std::move(v));
    } else {
      items.push_back(eval(*x, f));
    }
  }
  return items;
}

// inplace(op, a, b): a op= b: a list grows in place (so its aliases see it),
// anything else is a op b.
Value Interp::inplace(BinOpKind op, const Value& a, const Value& b) {
  if (auto* l = a.as<ListObject>()) {
    if (op == BinOpKind::Add) {
      std::vector<Value> more = iterate(b);
      check_length(double(l->items.size()) + double(more.size()), "list");
      l->items.insert(l->items.end(), more.begin(), more.end());
      return a;
    }
    if (op == BinOpKind::Mult && (b.is_int() || b.is_bool())) {
      Value grown = binop(op, a, b);
      l->items = grown.as<ListObject>()->items;
      return a;
    }
  }
  return binop(op, a, b);
}

// unpack(targets, v, f): a, b = v and a, *rest = v.
void Interp::unpack(const std::vector<ExprPtr>& targets, const Value& v, Frame& f) {
  std::vector<Value> items;
  try {
    items = iterate(v);
  } catch (const PyError& e) {
    if (!isinstance(e.exc, exception_class("TypeError")) || !str(e.exc).ends_with("not iterable")) {
      throw;
    }
    raise("TypeError", "cannot unpack non-iterable " + type_name(v) + " object");
  }
  std::size_t star = targets.size();
  for (std::size_t i = 0; i < targets.size(); ++i) {
    if (std::holds_alternative<Starred>(targets[i]->node)) star = i;
  }
  const std::size_t n = targets.size(), got = items.size();
  if (star == n) {
    if (got > n)
      raise("ValueError", "too many values to unpack (expected " + std::to_string(n) + ")");
    if (got < n) {
      raise("ValueError", "not enough values to unpack (expected " + std::to_string(n) + ", got " +
                              std::to_string(got) + ")");
    }
    for (std::size_t i = 0; i < n; ++i) assign(*targets[i], items[i], f);
    return;
  }
  if (got < n - 1) {
    raise("ValueError", "not enough values to unpack (expected at least " + std::to_string(n - 1) +
                            ", got " + std::to_string(got) + ")");
  }
  const std::size_t rest = got - (n - 1);
  for (std::size_t i = 0; i < star; ++i) assign(*targets[i], items[i], f);
  std::vector<Value> middle(items.begin() + static_cast<std::ptrdiff_t>(star),
                            items.begin() + static_cast<std::ptrdiff_t>(star + rest));
  assign(*std::get<Starred>(targets[star]->node).value, Value(make_list(std::move(middle))), f);
  for (std::size_t i = star + 1; i < n; ++i) assign(*targets[i], items[i - 1 + rest], f);
}

// assign_slice(obj, sl, v, f): l[a:b] = v (any length) and l[a:b:k] = v (the same length).
void Interp::assign_slice(const Value& obj, const Slice& sl, const Value& v, Frame& f) {
  auto* l = obj.as<ListObject>();
  if (!l) raise("TypeError", "'" + type_name(obj) + "' object does not support slice assignment");
  std::vector<Value> items;
  try {
    items = iterate(v);
  } catch (const PyError&) {
    raise("TypeError", "can only assign an iterable");
  }
  const SliceRange r = slice_range(sl, f, static_cast<std::int64_t>(l->items.size()));
  if (r.step == 1) {
    l->items.erase(l->items.begin() + r.start, l->items.begin() + r.stop);
    l->items.insert(l->items.begin() + r.start, items.begin(), items.end());
    return;
  }
  if (items.size() != r.at.size()) {
    raise("ValueError", "attempt to assign sequence of size " + std::to_string(items.size()) +
                            " to extended slice of size " + std::to_string(r.at.size()));
  }
  for (std::size_t i = 0; i < items.size(); ++i) {
    l->items[static_cast<std::size_t>(r.at[i])] = items[i];
  }
}

// del target: a name, an item (list index or slice, dict key) or an attribute.
void Interp::delete_target(const Expr& t, Frame& f) {
  if (const auto* n = std::get_if<Name>(&t.node)) {
    ScopeObject* scope = resolve(*n, f) == NameScope::Global ? globals_.as<ScopeObject>() : f.scope;
    if (!scope->vars.erase(n->id)) raise("NameError", "name '" + n->id + "' is not defined");
    ++binding_epoch;
  } else if (const auto* a = std::get_if<Attribute>(&t.node)) {
    Value obj = eval(*a->value, f);
    std::unordered_map<std::string, Value>* dict = nullptr;
    if (auto* inst = obj.as<InstanceObject>()) dict = &inst->dict;
    if (auto* g = obj.as<GreenletObject>()) dict = &g->dict;
    if (!dict || !dict->erase(a->attr)) {
      raise("AttributeError", "'" + type_name(obj) + "' object has no attribute '" + a->attr + "'");
    }
  } else if (const auto* s = std::get_if<Subscript>(&t.node)) {
    Value obj = eval(*s->value, f);
    if (auto* l = obj.as<ListObject>()) {
      if (const auto* sl = std::get_if<Slice>(&s->slice->node)) {
        std::vector<std::int64_t> at =
            slice_range(*sl, f, static_cast<std::int64_t>(l->items.size())).at;
        std::sort(at.begin(), at.end(), std::greater<>());
        for (std::int64_t i : at) l->items.erase(l->items.begin() + i);
        return;
      }
      Value key = eval(*s->slice, f);
      if (!key.is_int() && !key.is_bool()) {
        raise("TypeError", "list indices must be integers or slices, not " + type_name(key));
      }
      std::int64_t i = key.as_int();
      const auto size = static_cast<std::int64_t>(l->items.size());
      if (i < 0) i += size;
      if (i < 0 || i >= size) raise("IndexError", "list assignment index out of range");
      l->items.erase(l->items.begin() + i);
    } else if (auto* d = obj.as<DictObject>()) {
      Value key = eval(*s->slice, f);
      if (!d->get(key)) raise(key_error(key));
      d->erase(key);
    } else {
      raise("TypeError", "'" + type_name(obj) + "' object doesn't support item deletion");
    }
  } else if (const auto* tu = std::get_if<Tuple>(&t.node)) {
    for (const ExprPtr& e : tu->elts) delete_target(*e, f);
  } else {
    raise("SyntaxError", "cannot delete this expression");
  }
}

// exec_with(w, i, f): the with statement from its i-th item on: __enter__,
// the rest, then __exit__ with the exception that ended it (which a true
// result swallows) or with three Nones.
Interp::Flow Interp::exec_with(const With& w, std::size_t i, Frame& f) {
  if (i == w.items.size()) return exec_body(w.body, f);
  const WithItem& item = w.items[i];
  Value manager = eval(*item.context_expr, f);
  auto special = [&](const char* name) {
    try {
      return getattr(manager, name);
    } catch (const PyError&) {
      raise("TypeError",
            "'" + type_name(manager) + "' object does not support the context manager protocol");
    }
  };
  Value enter = special("__enter__"), exit = special("__exit__");
  Value entered = call(enter, std::vector<Value>{});
  if (item.optional_vars) assign(*item.optional_vars, std::move(entered), f);
  Flow flow = Flow::Normal;
  try {
    flow = exec_with(w, i + 1, f);
  } catch (PyError& e) {
    keep_traceback(e, f);
    Value type = e.exc.as<InstanceObject>() ? e.exc.as<InstanceObject>()->cls : Value();
    if (!truthy(call(exit, {type, e.exc, getattr(e.exc, "__traceback__")}))) throw;
    return Flow::Normal;
  } catch (const runtime::GreenletExit&) {
    if (unwinding()) throw;  // the world is ending: no Python runs
    Value exc = new_exception("GreenletExit", "");
    call(exit, {exc.as<InstanceObject>()->cls, exc, Value()});
    throw;  // a kill goes on
  }
  call(exit, {Value(), Value(), Value()});
  return flow;
}

const ExceptHandler* Interp::match_handler(const Try& t, const Value& exc, Frame& f) {
  for (const ExceptHandler& h : t.handlers) {
    if (!h.type) return &h;
    Value ty = eval(*h.type, f);
    std::vector<Value> types =
        ty.as<TupleObject>() ? ty.as<TupleObject>()->items : std::vector<Value>{ty};
    for (const Value& one : types) {
      auto* c = one.as<ClassObject>();
      if (!c || !c->lookup("__exception__")) {
        raise("TypeError",
              "catching classes that do not inherit from BaseException is not allowed");
      }
      if (isinstance(exc, c)) return &h;
    }
  }
  return nullptr;
}

Interp::Flow Interp::handle(const ExceptHandler& h, const Value& exc, Frame& f) {
  // While the handler runs, exc is the one a bare raise re-raises and the
  // context of any new one; `as name` is unbound after it, as in Python 3.
  struct Handling {
    Frame& f;
    Value previous;
    ~Handling() { f.handling = std::move(previous); }
  } handling{f, std::exchange(f.handling, exc)};
  if (!h.name.empty()) store_name(h.name, exc, f);
  Flow flow = Flow::Normal;
  try {
    flow = exec_body(h.body, f);
  } catch (PyError& e) {
    // A new exception while handling exc: exc is its context.
    auto* inst = e.exc.as<InstanceObject>();
    if (inst && e.exc.object() != exc.object() && !inst->dict.contains("__context__")) {
      inst->dict["__context__"] = exc;
    }
    throw;
  }
  if (!h.name.empty() && f.scope->vars.erase(h.name)) ++binding_epoch;
  return flow;
}

// comprehension(gens, f, each): runs the for/if clauses of a comprehension in
// a scope of its own (as Python 3 does) and calls each(frame) per item.
void Interp::comprehension(const std::vector<Comprehension>& gens, Frame& f,
                           const std::function<void(Frame&)>& each) {
  Value scope(new ScopeObject(Value(f.scope), false));
  Frame cf(*this, scope.as<ScopeObject>(), nullptr, f.line);
  cf.label = "<listcomp>";
  std::function<void(std::size_t)> loop = [&](std::size_t k) {
    if (k == gens.size()) {
      each(cf);
      return;
    }
    const Comprehension& g = gens[k];
    for (Value& item : iterate(eval(*g.iter, k == 0 ? f : cf))) {
      assign(*g.target, std::move(item), cf);
      bool keep = true;
      for (const ExprPtr& cond : g.ifs) keep = keep && truthy(eval(*cond, cf));
      runtime::current_world().charge(1);  // a long comprehension lets the host in too
      if (keep) loop(k + 1);
    }
  };
  loop(0);
}

Value Interp::call_expr(const Call& c, Frame& f) {
  // g.switch(...) on a plain greenlet: straight to the switch, without making
  // a bound method first (the hot path of every greenlet lesson).
  Value fn, self;
  bool direct_switch = false;
  if (const auto* a = std::get_if<Attribute>(&c.func->node); a && a->attr == "switch") {
    self = eval(*a->value, f);
    auto* g = self.as<GreenletObject>();
    direct_switch = g && !g->gevent && !g->klass() && g->dict.empty();
    if (!direct_switch) fn = getattr(self, a->attr);
  } else {
    fn = eval(*c.func, f);
  }
  CallArgs args;
  if (c.args.empty() && c.keywords.empty() && fn.object() == super_.object() && f.fn) {
    // super() in a method: its class and its first argument.
    const auto& params = f.fn->code->args->args;
    auto first = params.empty() ? f.scope->vars.end() : f.scope->vars.find(params[0].name);
    if (f.fn->klass.is_none() || first == f.scope->vars.end()) {
      raise("RuntimeError", "super(): no arguments");
    }
    args.args = {f.fn->klass, first->second};
  }
  for (const ExprPtr& a : c.args) {
    if (const auto* st = std::get_if<Starred>(&a->node)) {
      for (Value& v : iterate(eval(*st->value, f))) args.args.push_back(std::move(v));
    } else {
      args.args.push_back(eval(*a, f));
    }
  }
  for (const Keyword& k : c.keywords) {
    Value v = eval(*k.value, f);
    if (k.arg.empty()) {
      if (auto* d = v.as<DictObject>()) {
        d->for_each(
            [&](const Value& key, const Value& val) { args.kwargs.emplace_back(str(key), val); });
      }
    } else {
      args.kwargs.emplace_back(k.arg, std::move(v));
    }
  }
  if (direct_switch) return greenlet_switch(self, std::move(args));
  return call(fn, std::move(args));
}

}  // namespace coroscope::script
