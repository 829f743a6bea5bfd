// BuiltinFunctions: the built-in namespace: Python's built-in functions and
// the exception classes (their methods and attributes are in Builtins.cpp).
#include <algorithm>
#include <cmath>

#include "script/Interp.hpp"
#include "script/Limits.hpp"
#include "script/ModuleSupport.hpp"
#include "script/Repr.hpp"

namespace coroscope::script {

// ---- builtins ------------------------------------------------------------------------------

void Interp::install_builtins() {
  auto def = [&](const char* name, BuiltinFn fn) {
    builtins_[name] = make_builtin(name, std::move(fn));
  };
  Value object(new_class("object", {}));
  builtins_["object"] = object;
  for (const char* t : {"int", "float", "str", "bool", "list", "tuple", "dict", "type"}) {
    (void)t;
  }
  // Exceptions: a tree of classes marked __exception__.
  Value base(new_class("BaseException", {object}));
  base.as<ClassObject>()->dict["__exception__"] = Value::boolean(true);
  builtins_["BaseException"] = base;
  auto exc = [&](const char* name, const char* parent) {
    builtins_[name] = Value(new_class(name, {builtins_.at(parent)}));
  };
  exc("Exception", "BaseException");
  exc("SystemExit", "BaseException");
  exc("KeyboardInterrupt", "BaseException");
  exc("GeneratorExit", "BaseException");
  exc("StopIteration", "Exception");
  exc("ArithmeticError", "Exception");
  exc("ZeroDivisionError", "ArithmeticError");
  exc("OverflowError", "ArithmeticError");
  exc("LookupError", "Exception");
  exc("IndexError", "LookupError");
  exc("KeyError", "LookupError");
  exc("ValueError", "Exception");
  exc("TypeError", "Exception");
  exc("NameError", "Exception");
  exc("UnboundLocalError", "NameError");
  exc("AttributeError", "Exception");
  exc("RuntimeError", "Exception");
  exc("RecursionError", "RuntimeError");
  exc("NotImplementedError", "RuntimeError");
  exc("AssertionError", "Exception");
  exc("ImportError", "Exception");
  exc("ModuleNotFoundError", "ImportError");
  exc("OSError", "Exception");
  exc("TimeoutError", "OSError");
  exc("SyntaxError", "Exception");
  exc("MemoryError", "Exception");

  def("print", [](Interp& in, CallArgs& a) {
    std::string sep = " ", end = "\n";
    if (const Value* s = a.kw("sep"); s && !s->is_none()) sep = str(*s);
    if (const Value* e = a.kw("end"); e && !e->is_none()) end = str(*e);
    std::string out;
    for (std::size_t i = 0; i < a.args.size(); ++i) out += (i ? sep : "") + str(a.args[i]);
    if (const Value* file = a.kw("file"); file && !file->is_none()) {
      in.call(in.getattr(*file, "write"), {str_value(out + end)});
    } else {
      in.print(out + end);
    }
    return Value();
  });
  def("len", [](Interp& in, CallArgs& a) -> Value {
    const Value& v = a.args.at(0);
    if (auto* s = v.as<StrObject>()) {
      std::int64_t n = 0;
      for (unsigned char c : s->text) n += (c & 0xc0) != 0x80;
      return Value::integer(n);
    }
    if (auto* b = v.as<BytesObject>())
      return Value::integer(static_cast<std::int64_t>(b->bytes.size()));
    if (auto* l = v.as<ListObject>())
      return Value::integer(static_cast<std::int64_t>(l->items.size()));
    if (auto* t = v.as<TupleObject>())
      return Value::integer(static_cast<std::int64_t>(t->items.size()));
    if (auto* d = v.as<DictObject>()) return Value::integer(static_cast<std::int64_t>(d->size()));
    in.raise("TypeError", "object of type '" + type_name(v) + "' has no len()");
  });
  def("range", [](Interp& in, CallArgs& a) {
    auto n = [&](std::size_t i) {
      const Value& v = a.args.at(i);
      if (!v.is_int() && !v.is_bool()) {
        in.raise("TypeError", "'" + type_name(v) + "' object cannot be interpreted as an integer");
      }
      return v.as_int();
    };
    if (a.args.empty()) in.raise("TypeError", "range expected at least 1 argument, got 0");
    const std::int64_t start = a.args.size() > 1 ? n(0) : 0;
    const std::int64_t stop = a.args.size() > 1 ? n(1) : n(0);
    const std::int64_t step = a.args.size() > 2 ? n(2) : 1;
    if (step == 0) in.raise("ValueError", "range() arg 3 must not be zero");
    check_length((double(stop) - double(start)) / double(step), "range");
    std::vector<Value> items;
    for (std::int64_t i = start; step > 0 ? i < stop : i > stop; i += step) {
      if (items.size() >= 50'000'000) in.raise("MemoryError", "range too large for Coroscope");
      items.push_back(Value::integer(i));
    }
    return Value(make_list(std::move(items)));
  });
  def("repr", [](Interp&, CallArgs& a) { return str_value(repr(a.args.at(0))); });
  def("str", [](Interp&, CallArgs& a) { return str_value(a.args.empty() ? "" : str(a.args[0])); });
  def("int", [](Interp& in, CallArgs& a) -> Value {
    if (a.args.empty()) return Value::integer(0);
    const Value& v = a.args[0];
    if (v.is_int()) return v;
    if (v.is_bool()) return Value::integer(v.as_int());
    if (v.is_float()) {
      if (!std::isfinite(v.as_float()))
        in.raise("OverflowError", "cannot convert float infinity to integer");
      return Value::integer(static_cast<std::int64_t>(std::trunc(v.as_float())));
    }
    if (auto* s = v.as<StrObject>()) {
      std::string t = s->text;
      t.erase(0, t.find_first_not_of(" \t\n"));
      t.erase(t.find_last_not_of(" \t\n") + 1);
      try {
        std::size_t used = 0;
        const long long n = std::stoll(t, &used, 10);
        if (used == t.size() && !t.empty()) return Value::integer(n);
      } catch (...) {
      }
      in.raise("ValueError", "invalid literal for int() with base 10: " + repr(v));
    }
    in.raise("TypeError",
             "int() argument must be a string, a bytes-like object or a real number, not '" +
                 type_name(v) + "'");
  });
  def("float", [](Interp& in, CallArgs& a) -> Value {
    if (a.args.empty()) return Value::real(0);
    const Value& v = a.args[0];
    if (auto* s = v.as<StrObject>()) {
      try {
        std::size_t used = 0;
        const double d = std::stod(s->text, &used);
        if (used == s->text.size()) return Value::real(d);
      } catch (...) {
      }
      in.raise("ValueError", "could not convert string to float: " + repr(v));
    }
    return Value::real(number(in, v, "float()"));
  });
  def("bool",
      [](Interp&, CallArgs& a) { return Value::boolean(!a.args.empty() && truthy(a.args[0])); });
  def("list", [](Interp& in, CallArgs& a) {
    return Value(make_list(a.args.empty() ? std::vector<Value>{} : in.iterate(a.args[0])));
  });
  def("tuple", [](Interp& in, CallArgs& a) {
    return Value(make_tuple(a.args.empty() ? std::vector<Value>{} : in.iterate(a.args[0])));
  });
  def("dict", [](Interp&, CallArgs& a) {
    Value d(make_dict());
    if (!a.args.empty()) {
      if (auto* src = a.args[0].as<DictObject>()) {
        src->for_each([&](const Value& k, const Value& v) { d.as<DictObject>()->set(k, v); });
      }
    }
    for (auto& [k, v] : a.kwargs) d.as<DictObject>()->set(str_value(k), v);
    return d;
  });
  def("abs", [](Interp& in, CallArgs& a) {
    const Value& v = a.args.at(0);
    if (v.is_float()) return Value::real(std::fabs(v.as_float()));
    if (v.is_int() || v.is_bool()) {
      if (v.as_int() == INT64_MIN)
        in.raise("OverflowError", "integer overflow: Coroscope's ints are 64-bit");
      return Value::integer(v.as_int() < 0 ? -v.as_int() : v.as_int());
    }
    in.raise("TypeError", "bad operand type for abs(): '" + type_name(v) + "'");
  });
  auto extreme = [](bool want_max) {
    return [want_max](Interp& in, CallArgs& a) {
      std::vector<Value> items = a.args.size() == 1 ? in.iterate(a.args[0]) : a.args;
      if (items.empty())
        in.raise("ValueError",
                 std::string(want_max ? "max" : "min") + "() arg is an empty sequence");
      const Value* key = a.kw("key");
      Value best = items[0];
      Value best_key = key ? in.call(*key, std::vector<Value>{best}) : best;
      for (std::size_t i = 1; i < items.size(); ++i) {
        Value k = key ? in.call(*key, std::vector<Value>{items[i]}) : items[i];
        if (want_max ? in.less(best_key, k) : in.less(k, best_key)) {
          best = items[i];
          best_key = k;
        }
      }
      return best;
    };
  };
  def("max", extreme(true));
  def("min", extreme(false));
  def("sum", [](Interp& in, CallArgs& a) {
    Value total = a.args.size() > 1 ? a.args[1] : Value::integer(0);
    for (const Value& v : in.iterate(a.args.at(0))) total = in.add(total, v);
    return total;
  });
  def("sorted", [](Interp& in, CallArgs& a) {
    const Value* key = a.kw("key");
    const Value* rev = a.kw("reverse");
    return Value(make_list(in.sorted(in.iterate(a.args.at(0)),
                                     key && !key->is_none() ? key : nullptr, rev && truthy(*rev))));
  });
  def("enumerate", [](Interp& in, CallArgs& a) {
    std::vector<Value> out;
    std::int64_t i = a.args.size() > 1 ? a.args[1].as_int() : 0;
    for (Value& v : in.iterate(a.args.at(0)))
      out.push_back(Value(make_tuple({Value::integer(i++), v})));
    return Value(make_list(std::move(out)));
  });
  def("zip", [](Interp& in, CallArgs& a) {
    std::vector<std::vector<Value>> seqs;
    std::size_t n = SIZE_MAX;
    for (const Value& s : a.args) {
      seqs.push_back(in.iterate(s));
      n = std::min(n, seqs.back().size());
    }
    std::vector<Value> out;
    for (std::size_t i = 0; i < (seqs.empty() ? 0 : n); ++i) {
      std::vector<Value> row;
      for (auto& s : seqs) row.push_back(s[i]);
      out.push_back(Value(make_tuple(std::move(row))));
    }
    return Value(make_list(std::move(out)));
  });
  def("next", [](Interp& in, CallArgs& a) {
    bool done = false;
    Value v = in.next(a.args.at(0), done);
    if (done) {
      if (a.args.size() > 1) return a.args[1];
      in.raise(in.stop_iteration(v));
    }
    return v;
  });
  def("iter", [](Interp& in, CallArgs& a) { return in.iter(a.args.at(0)); });
  // super(cls, self); the evaluator fills in both for super() in a method.
  def("super", [](Interp& in, CallArgs& a) {
    if (a.args.size() != 2 || !a.args[0].as<ClassObject>()) {
      in.raise("RuntimeError", "super(): no arguments");
    }
    return Value(
        new NativeObject("super", std::make_shared<SuperRef>(SuperRef{a.args[0], a.args[1]})));
  });
  super_ = builtins_.at("super");
  def("isinstance", [](Interp& in, CallArgs& a) {
    const Value& t = a.args.at(1);
    std::vector<Value> types =
        t.as<TupleObject>() ? t.as<TupleObject>()->items : std::vector<Value>{t};
    for (const Value& c : types) {
      if (auto* cls = c.as<ClassObject>(); cls && in.isinstance(a.args[0], cls))
        return Value::boolean(true);
    }
    return Value::boolean(false);
  });
  def("issubclass", [](Interp& in, CallArgs& a) {
    auto* c = a.args.at(0).as<ClassObject>();
    if (!c) in.raise("TypeError", "issubclass() arg 1 must be a class");
    const Value& t = a.args.at(1);
    std::vector<Value> types =
        t.as<TupleObject>() ? t.as<TupleObject>()->items : std::vector<Value>{t};
    for (const Value& other : types) {
      if (auto* o = other.as<ClassObject>(); o && c->is_subclass_of(o)) return Value::boolean(true);
    }
    return Value::boolean(false);
  });
  def("round", [](Interp& in, CallArgs& a) -> Value {
    const double x = number(in, a.args.at(0), "round()");
    if (a.args.size() < 2 || a.args[1].is_none()) {
      if (a.args[0].is_int()) return a.args[0];
      return Value::integer(static_cast<std::int64_t>(std::nearbyint(x)));  // half to even
    }
    const std::int64_t digits = a.args[1].as_int();
    if (a.args[0].is_int() && digits >= 0) return a.args[0];
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", static_cast<int>(std::max<std::int64_t>(digits, 0)), x);
    return Value::real(std::strtod(buf, nullptr));
  });
  def("id", [](Interp&, CallArgs& a) {
    Object* o = a.args.at(0).object();
    return Value::integer(static_cast<std::int64_t>(reinterpret_cast<std::uintptr_t>(o)));
  });
  def("hasattr", [](Interp& in, CallArgs& a) {
    try {
      in.getattr(a.args.at(0), str(a.args.at(1)));
      return Value::boolean(true);
    } catch (PyError&) {
      return Value::boolean(false);
    }
  });
  def("getattr", [](Interp& in, CallArgs& a) {
    try {
      return in.getattr(a.args.at(0), str(a.args.at(1)));
    } catch (PyError&) {
      if (a.args.size() > 2) return a.args[2];
      throw;
    }
  });
  def("type", [](Interp& in, CallArgs& a) -> Value {
    const Value& v = a.args.at(0);
    if (auto* inst = v.as<InstanceObject>()) return inst->cls;
    Value c(new_class(type_name(v), {in.builtin("object")}));
    return c;
  });
}

Value Interp::add(const Value& a, const Value& b) {
  return binop(BinOpKind::Add, a, b);
}

}  // namespace coroscope::script
