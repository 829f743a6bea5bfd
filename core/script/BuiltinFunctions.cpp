// BuiltinFunctions: the built-in namespace: Python's built-in functions and
// the exception classes (their methods and attributes are in Builtins.cpp).
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "script/Interp.hpp"
#include "script/Limits.hpp"
#include "script/ModuleSupport.hpp"
#include "script/Repr.hpp"

namespace coroscope::script {

namespace {

// MapIter: map(fn, *iterables), and zip(*iterables) when fn is None: lazy.
struct MapIter final : IteratorObject {
  MapIter(const char* type_text, Value f, std::vector<Value> its)
      : IteratorObject(type_text), fn(std::move(f)), iters(std::move(its)) {}
  Value fn;
  std::vector<Value> iters;  // empty once exhausted
  Value next(Interp& in, bool& done) override {
    std::vector<Value> row;
    for (std::size_t i = 0; i < iters.size(); ++i) {
      Value it = iters[i];
      Value v = in.next(it, done);
      if (done) break;
      row.push_back(std::move(v));
    }
    if (done || iters.empty()) {
      done = true;
      clear_refs();
      return Value();
    }
    if (type == "zip") return Value(make_tuple(std::move(row)));
    Value f = fn;
    return in.call(f, std::move(row));
  }
  void clear_refs() override {
    fn = Value();
    std::vector<Value>().swap(iters);
  }
};

// FilterIter: filter(fn, iterable), lazy; fn None keeps the true items.
struct FilterIter final : IteratorObject {
  FilterIter(Value f, Value i) : IteratorObject("filter"), fn(std::move(f)), it(std::move(i)) {}
  Value fn, it;  // it: None once exhausted
  Value next(Interp& in, bool& done) override {
    while (!it.is_none()) {
      Value source = it, f = fn;
      Value v = in.next(source, done);
      if (done) break;
      if (f.is_none() ? script::truthy(v) : script::truthy(in.call(f, std::vector<Value>{v})))
        return v;
    }
    done = true;
    clear_refs();
    return Value();
  }
  void clear_refs() override { fn = it = Value(); }
};

// EnumerateIter: enumerate(iterable, start), lazy.
struct EnumerateIter final : IteratorObject {
  EnumerateIter(Value i, std::int64_t start)
      : IteratorObject("enumerate"), it(std::move(i)), n(start) {}
  Value it;
  std::int64_t n;
  Value next(Interp& in, bool& done) override {
    if (it.is_none()) {
      done = true;
      return Value();
    }
    Value source = it;
    Value v = in.next(source, done);
    if (done) {
      clear_refs();
      return Value();
    }
    return Value(make_tuple({Value::integer(n++), std::move(v)}));
  }
  void clear_refs() override { it = Value(); }
};

std::int64_t index_value(Interp& in, const Value& v) {
  if (!v.is_int() && !v.is_bool()) {
    in.raise("TypeError", "'" + type_name(v) + "' object cannot be interpreted as an integer");
  }
  return v.as_int();
}

// utf8(cp): the UTF-8 bytes of one code point.
std::string utf8(std::uint32_t cp) {
  std::string out;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
  return out;
}

// in_base(v, base, prefix): hex(), oct() and bin() of an int.
std::string in_base(std::int64_t v, unsigned base, const char* prefix) {
  std::uint64_t m = v < 0 ? ~static_cast<std::uint64_t>(v) + 1 : static_cast<std::uint64_t>(v);
  std::string digits;
  do {
    digits.insert(digits.begin(), "0123456789abcdef"[m % base]);
    m /= base;
  } while (m);
  return (v < 0 ? "-" : "") + std::string(prefix) + digits;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string stripped(const std::string& t) {
  std::size_t b = 0, e = t.size();
  while (b < e && is_space(t[b])) ++b;
  while (e > b && is_space(t[e - 1])) --e;
  return t.substr(b, e - b);
}

// parse_float(text, out): Python's float() of a string (no hex, no spaces inside).
bool parse_float(const std::string& text, double& out) {
  std::string t = stripped(text);
  if (t.empty()) return false;
  std::string clean;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const char c = t[i];
    if (c == '_') {  // only between digits
      if (i == 0 || i + 1 == t.size() || !std::isdigit(static_cast<unsigned char>(t[i - 1])) ||
          !std::isdigit(static_cast<unsigned char>(t[i + 1])))
        return false;
      continue;
    }
    if (c == 'x' || c == 'X' || c == 'p' || c == 'P' || is_space(c)) return false;
    clean += c;
  }
  errno = 0;
  char* end = nullptr;
  out = std::strtod(clean.c_str(), &end);
  if (end != clean.c_str() + clean.size()) return false;
  // strtod says ERANGE for an overflow (inf, as Python's float('1e999')) and
  // for an underflow (0.0 or a subnormal): both are what Python gives.
  return true;
}

// round_half_even(x): x rounded to a whole number, ties to even.
double round_half_even(double x) {
  double r = std::round(x);
  if (std::fabs(x - std::trunc(x)) == 0.5) r = 2.0 * std::round(x / 2.0);
  return r;
}

// float_divmod: CPython's float divmod.
std::pair<double, double> float_divmod(double vx, double wx) {
  double mod = std::fmod(vx, wx);
  double div = (vx - mod) / wx;
  if (mod != 0) {
    if ((wx < 0) != (mod < 0)) {
      mod += wx;
      div -= 1.0;
    }
  } else {
    mod = std::copysign(0.0, wx);
  }
  double floordiv = 0;
  if (div != 0) {
    floordiv = std::floor(div);
    if (div - floordiv > 0.5) floordiv += 1.0;
  } else {
    floordiv = std::copysign(0.0, vx / wx);
  }
  return {floordiv, mod};
}

}  // namespace

Value Interp::make_set(const std::vector<Value>& items) {
  auto* s = new SetObject();
  Value out(s);
  for (const Value& v : items) s->add(hashable_key(v));
  return out;
}

const Value& Interp::hashable_key(const Value& v) {
  bool ok = true;
  hash(v, ok);
  if (!ok) raise("TypeError", "unhashable type: '" + type_name(v) + "'");
  return v;
}

Value Interp::key_error(const Value& key) {
  Value e = new_exception("KeyError", "");
  if (auto* inst = e.as<InstanceObject>()) inst->dict["args"] = Value(make_tuple({key}));
  return e;
}

void Interp::raise_result(const std::string& type, const std::string& message) {
  if (type == "KeyError") {
    // The key back from its repr: a quoted str or an int.
    Value key = str_value(message);
    if (message.size() >= 2 && message.front() == '\'' && message.back() == '\'' &&
        message.find('\'', 1) == message.size() - 1) {
      key = str_value(message.substr(1, message.size() - 2));
    } else if (!message.empty() && message.find_first_not_of("-0123456789") == std::string::npos) {
      try {
        key = Value::integer(std::stoll(message));
      } catch (...) {
      }
    }
    raise(key_error(key));
  }
  raise(type.c_str(), message);
}

Value Interp::type_of(const Value& v) {
  if (auto* inst = v.as<InstanceObject>()) return inst->cls;
  if (v.as<ClassObject>()) return builtins_.at("type");
  if (auto* g = v.as<GreenletObject>()) {
    if (g->klass()) return g->cls;
    if (g->type_name() == "Hub") {  // gevent.hub.Hub, a subclass of greenlet
      Value& hub = type_classes_["Hub"];
      if (hub.is_none()) {
        hub =
            Value(new_class("Hub", {getattr(import_module("greenlet"), "greenlet")}, "gevent.hub"));
      }
      return hub;
    }
    auto m = modules_.find(g->gevent ? "gevent" : "greenlet");
    if (m != modules_.end()) {
      auto& d = m->second.as<ModuleObject>()->dict;
      auto c = d.find(g->gevent ? "Greenlet" : "greenlet");
      if (c != d.end() && c->second.as<ClassObject>()) return c->second;
    }
  }
  const std::string n = type_name(v);
  if (auto it = builtins_.find(n); it != builtins_.end() && it->second.as<ClassObject>() &&
                                   !it->second.as<ClassObject>()->lookup("__exception__")) {
    return it->second;
  }
  Value& slot = type_classes_[n];
  if (slot.is_none()) slot = Value(new_class(n, {builtins_.at("object")}));
  return slot;
}

// ---- builtins ------------------------------------------------------------------------------

void Interp::install_builtins() {
  auto def = [&](const char* name, BuiltinFn fn) {
    builtins_[name] = make_builtin(name, std::move(fn));
  };
  Value object(new_class("object", {}));
  builtins_["object"] = object;
  // The built-in types are classes (isinstance, type(x) is int, issubclass):
  // calling one runs its constructor (__new_builtin__, given the class first).
  auto type = [&](const char* name, Value base, BuiltinFn make) {
    Value cls(new_class(name, {std::move(base)}));
    const Object* self = cls.object();
    std::string n = name;
    cls.as<ClassObject>()->dict["__new_builtin__"] =
        make_builtin(name, [self, n, make = std::move(make)](Interp& in, CallArgs& a) {
          if (a.args.empty() || a.args[0].object() != self) {
            in.raise("TypeError", "Coroscope cannot subclass the built-in type '" + n +
                                      "' (subclass object, or hold a " + n + " in an attribute)");
          }
          a.args.erase(a.args.begin());
          return make(in, a);
        });
    builtins_[name] = cls;
    return cls;
  };
  auto no_kwargs = [](Interp& in, CallArgs& a, const char* fn) {
    if (!a.kwargs.empty()) in.raise("TypeError", std::string(fn) + "() takes no keyword arguments");
  };
  auto at_most = [](Interp& in, CallArgs& a, const char* fn, std::size_t n) {
    if (a.args.size() > n) {
      in.raise("TypeError", std::string(fn) + " expected at most " + std::to_string(n) +
                                " argument" + (n == 1 ? "" : "s") + ", got " +
                                std::to_string(a.args.size()));
    }
  };
  Value int_cls = type("int", object, [](Interp& in, CallArgs& a) -> Value {
    if (a.args.empty()) return Value::integer(0);
    const Value& v = a.args[0];
    const Value* base_arg = a.args.size() > 1 ? &a.args[1] : a.kw("base");
    if (base_arg && !v.as<StrObject>() && !v.as<BytesObject>()) {
      in.raise("TypeError", "int() can't convert non-string with explicit base");
    }
    if (v.is_int()) return v;
    if (v.is_bool()) return Value::integer(v.as_int());
    if (v.is_float()) {
      if (std::isnan(v.as_float())) in.raise("ValueError", "cannot convert float NaN to integer");
      if (!std::isfinite(v.as_float()))
        in.raise("OverflowError", "cannot convert float infinity to integer");
      const double t = std::trunc(v.as_float());
      if (t >= 9223372036854775808.0 || t < -9223372036854775808.0)
        in.raise("OverflowError", "integer overflow: Coroscope's ints are 64-bit");
      return Value::integer(static_cast<std::int64_t>(t));
    }
    if (v.as<StrObject>() || v.as<BytesObject>()) {
      const std::string& raw =
          v.as<StrObject>() ? v.as<StrObject>()->text : v.as<BytesObject>()->bytes;
      std::int64_t base = base_arg ? index_value(in, *base_arg) : 10;
      if (base != 0 && (base < 2 || base > 36))
        in.raise("ValueError", "int() base must be >= 2 and <= 36, or 0");
      std::string t = stripped(raw);
      bool negative = false;
      std::size_t i = 0;
      if (i < t.size() && (t[i] == '+' || t[i] == '-')) negative = t[i++] == '-';
      auto prefixed = [&](char lower) {
        return i + 1 < t.size() && t[i] == '0' &&
               std::tolower(static_cast<unsigned char>(t[i + 1])) == lower;
      };
      if ((base == 16 && prefixed('x')) || (base == 8 && prefixed('o')) ||
          (base == 2 && prefixed('b'))) {
        i += 2;
      } else if (base == 0) {
        base = prefixed('x') ? 16 : prefixed('o') ? 8 : prefixed('b') ? 2 : 10;
        if (base != 10) i += 2;
      }
      bool ok = i < t.size();
      std::uint64_t m = 0;
      bool overflow = false;
      for (std::size_t j = i; ok && j < t.size(); ++j) {
        const char c = t[j];
        if (c == '_' && j > i && j + 1 < t.size() && t[j + 1] != '_') continue;
        const int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                      : std::isalpha(static_cast<unsigned char>(c))
                          ? std::tolower(static_cast<unsigned char>(c)) - 'a' + 10
                          : 99;
        if (d >= base) {
          ok = false;
          break;
        }
        if (__builtin_mul_overflow(m, static_cast<std::uint64_t>(base), &m) ||
            __builtin_add_overflow(m, static_cast<std::uint64_t>(d), &m))
          overflow = true;
      }
      if (ok) {
        if (overflow || m > (negative ? std::uint64_t{1} << 63 : INT64_MAX))
          in.raise("OverflowError", "integer overflow: Coroscope's ints are 64-bit");
        return Value::integer(negative ? static_cast<std::int64_t>(~m + 1)
                                       : static_cast<std::int64_t>(m));
      }
      in.raise("ValueError", "invalid literal for int() with base " + std::to_string(base) + ": " +
                                 repr(v.as<StrObject>() ? v : str_value(raw)));
    }
    in.raise("TypeError",
             "int() argument must be a string, a bytes-like object or a real number, not '" +
                 type_name(v) + "'");
  });
  type("float", object, [](Interp& in, CallArgs& a) -> Value {
    if (a.args.empty()) return Value::real(0);
    const Value& v = a.args[0];
    if (auto* s = v.as<StrObject>()) {
      double d = 0;
      if (parse_float(s->text, d)) return Value::real(d);
      in.raise("ValueError", "could not convert string to float: " + repr(v));
    }
    if (v.is_float()) return v;
    if (v.is_int() || v.is_bool()) return Value::real(static_cast<double>(v.as_int()));
    in.raise("TypeError",
             "float() argument must be a string or a real number, not '" + type_name(v) + "'");
  });
  type("str", object, [](Interp& in, CallArgs& a) -> Value {
    if (a.args.empty()) return str_value("");
    if (auto* b = a.args[0].as<BytesObject>(); b && (a.args.size() > 1 || a.kw("encoding")))
      return str_value(b->bytes);
    if (a.args.size() > 1 || !a.kwargs.empty()) {
      in.raise("TypeError",
               "decoding to str: need a bytes-like object, " + type_name(a.args[0]) + " found");
    }
    return str_value(str(a.args[0]));
  });
  type("bool", int_cls,
       [](Interp&, CallArgs& a) { return Value::boolean(!a.args.empty() && truthy(a.args[0])); });
  type("list", object, [](Interp& in, CallArgs& a) {
    return Value(make_list(a.args.empty() ? std::vector<Value>{} : in.iterate(a.args[0])));
  });
  type("tuple", object, [](Interp& in, CallArgs& a) {
    if (!a.args.empty() && a.args[0].as<TupleObject>()) return a.args[0];
    return Value(make_tuple(a.args.empty() ? std::vector<Value>{} : in.iterate(a.args[0])));
  });
  type("dict", object, [at_most](Interp& in, CallArgs& a) {
    at_most(in, a, "dict", 1);
    Value d(make_dict());
    auto* out = d.as<DictObject>();
    if (!a.args.empty()) {
      if (auto* src = a.args[0].as<DictObject>()) {
        src->for_each([&](const Value& k, const Value& v) { out->set(k, v); });
      } else {
        std::size_t i = 0;
        for (const Value& item : in.iterate(a.args[0])) {
          const bool seq = item.as<ListObject>() || item.as<TupleObject>() ||
                           item.as<StrObject>() || item.as<SetObject>() || item.as<DictObject>() ||
                           item.as<BytesObject>();
          if (!seq) {
            in.raise("TypeError", "cannot convert dictionary update sequence element #" +
                                      std::to_string(i) + " to a sequence");
          }
          std::vector<Value> pair = in.iterate(item);
          if (pair.size() != 2) {
            in.raise("ValueError", "dictionary update sequence element #" + std::to_string(i) +
                                       " has length " + std::to_string(pair.size()) +
                                       "; 2 is required");
          }
          out->set(in.hashable_key(pair[0]), pair[1]);
          ++i;
        }
      }
    }
    for (auto& [k, v] : a.kwargs) out->set(str_value(k), v);
    return d;
  });
  type("set", object, [no_kwargs, at_most](Interp& in, CallArgs& a) {
    no_kwargs(in, a, "set");
    at_most(in, a, "set", 1);
    if (a.args.empty()) return in.make_set({});
    if (auto* src = a.args[0].as<SetObject>()) {
      auto* s = new SetObject();
      Value out(s);
      s->update(*src);
      return out;
    }
    if (auto* d = a.args[0].as<DictObject>()) {
      auto* s = new SetObject();
      Value out(s);
      s->presize(d->size());
      d->for_each([&](const Value& k, const Value&) { s->add(k); });
      return out;
    }
    return in.make_set(in.iterate(a.args[0]));
  });
  type("bytes", object, [](Interp& in, CallArgs& a) -> Value {
    if (a.args.empty()) return Value(make_bytes(""));
    const Value& v = a.args[0];
    const Value* encoding = a.args.size() > 1 ? &a.args[1] : a.kw("encoding");
    if (auto* s = v.as<StrObject>()) {
      if (!encoding) in.raise("TypeError", "string argument without an encoding");
      return Value(make_bytes(s->text));
    }
    if (encoding) in.raise("TypeError", "encoding without a string argument");
    if (v.as<BytesObject>()) return v;
    if (v.is_int() || v.is_bool()) {
      if (v.as_int() < 0) in.raise("ValueError", "negative count");
      if (v.as_int() > 50'000'000) in.raise("MemoryError", "bytes too large for Coroscope");
      return Value(make_bytes(std::string(static_cast<std::size_t>(v.as_int()), '\0')));
    }
    if (v.is_none() || v.is_float()) {
      in.raise("TypeError", "cannot convert '" + type_name(v) + "' object to bytes");
    }
    std::string out;
    for (const Value& b : in.iterate(v)) {
      if (!b.is_int() && !b.is_bool()) {
        in.raise("TypeError", "'" + type_name(b) + "' object cannot be interpreted as an integer");
      }
      if (b.as_int() < 0 || b.as_int() > 255)
        in.raise("ValueError", "bytes must be in range(0, 256)");
      out += static_cast<char>(b.as_int());
    }
    return Value(make_bytes(std::move(out)));
  });
  type("type", object, [](Interp& in, CallArgs& a) -> Value {
    if (a.args.size() != 1) {
      in.raise("TypeError", a.args.size() == 3
                                ? "Coroscope's type() takes 1 argument (use a class statement)"
                                : "type() takes 1 or 3 arguments");
    }
    return in.type_of(a.args[0]);
  });
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

  // str(KeyError(k)) is repr(k), as in CPython.
  builtins_.at("KeyError").as<ClassObject>()->dict["__str__"] =
      make_builtin("__str__", [](Interp& in, CallArgs& a) {
        Value args = a.args.empty() ? Value() : in.getattr(a.args[0], "args");
        auto* t = args.as<TupleObject>();
        if (t && t->items.size() == 1) return str_value(repr(t->items[0]));
        if (!t || t->items.empty()) return str_value("");
        return str_value(repr(args));
      });
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
    if (auto* r = v.as<RangeObject>()) return Value::integer(r->size());
    if (auto* l = v.as<ListObject>())
      return Value::integer(static_cast<std::int64_t>(l->items.size()));
    if (auto* t = v.as<TupleObject>())
      return Value::integer(static_cast<std::int64_t>(t->items.size()));
    if (auto* d = v.as<DictObject>()) return Value::integer(static_cast<std::int64_t>(d->size()));
    if (auto* st = v.as<SetObject>()) return Value::integer(static_cast<std::int64_t>(st->size()));
    if (auto* view = v.as<DictViewObject>())
      return Value::integer(static_cast<std::int64_t>(view->size()));
    if (const Value* m = in.class_attr(v, "__len__"))
      return in.call(in.bind(v, *m), std::vector<Value>{});
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
    return Value(new RangeObject(start, stop, step));
  });
  def("repr", [](Interp&, CallArgs& a) { return str_value(repr(a.args.at(0))); });
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
  auto extreme = [](bool want_max) {
    return [want_max](Interp& in, CallArgs& a) -> Value {
      const char* fn = want_max ? "max" : "min";
      for (const auto& [k, v] : a.kwargs) {
        if (k != "key" && k != "default") {
          in.raise("TypeError", "'" + k + "' is an invalid keyword argument for " + fn + "()");
        }
      }
      if (a.args.empty()) {
        in.raise("TypeError", std::string(fn) + " expected at least 1 argument, got 0");
      }
      const Value* dflt = a.kw("default");
      if (dflt && a.args.size() > 1) {
        in.raise("TypeError", std::string("Cannot specify a default for ") + fn +
                                  "() with multiple positional arguments");
      }
      std::vector<Value> items = a.args.size() == 1 ? in.iterate(a.args[0]) : a.args;
      if (items.empty()) {
        if (dflt) return *dflt;
        in.raise("ValueError", std::string(fn) + "() arg is an empty sequence");
      }
      const Value* key = a.kw("key");
      if (key && key->is_none()) key = nullptr;
      Value best = items[0];
      Value best_key = key ? in.call(*key, std::vector<Value>{best}) : best;
      for (std::size_t i = 1; i < items.size(); ++i) {
        Value k = key ? in.call(*key, std::vector<Value>{items[i]}) : items[i];
        // As CPython: the new item compared with the best so far (new > best for max).
        if (in.compare(want_max ? CmpOpKind::Gt : CmpOpKind::Lt, k, best_key)) {
          best = items[i];
          best_key = k;
        }
      }
      return best;
    };
  };
  def("max", extreme(true));
  def("min", extreme(false));
  def("enumerate", [](Interp& in, CallArgs& a) {
    const Value* iterable = !a.args.empty() ? &a.args[0] : a.kw("iterable");
    if (!iterable)
      in.raise("TypeError", "enumerate() missing required argument 'iterable' (pos 1)");
    const Value* start = a.args.size() > 1 ? &a.args[1] : a.kw("start");
    const std::int64_t n = start ? index_value(in, *start) : 0;
    return Value(new EnumerateIter(in.iter(*iterable), n));
  });
  def("zip", [](Interp& in, CallArgs& a) {
    std::vector<Value> its;
    for (const Value& s : a.args) its.push_back(in.iter(s));
    return Value(new MapIter("zip", Value(), std::move(its)));
  });
  def("map", [](Interp& in, CallArgs& a) {
    if (a.args.size() < 2) in.raise("TypeError", "map() must have at least two arguments.");
    std::vector<Value> its;
    for (std::size_t i = 1; i < a.args.size(); ++i) its.push_back(in.iter(a.args[i]));
    return Value(new MapIter("map", a.args[0], std::move(its)));
  });
  def("filter", [](Interp& in, CallArgs& a) {
    if (a.args.size() != 2) {
      in.raise("TypeError", "filter expected 2 arguments, got " + std::to_string(a.args.size()));
    }
    return Value(new FilterIter(a.args[0], in.iter(a.args[1])));
  });
  def("reversed", [](Interp& in, CallArgs& a) {
    if (a.args.size() != 1) {
      in.raise("TypeError", "reversed expected 1 argument, got " + std::to_string(a.args.size()));
    }
    const Value& v = a.args[0];
    if (const Value* m = in.class_attr(v, "__reversed__")) {
      return in.call(in.bind(v, *m), std::vector<Value>{});
    }
    if (auto* r = v.as<RangeObject>()) {  // lazily: the same range, backwards
      const std::int64_t n = r->size();
      return in.iter(Value(new RangeObject(r->at(n - 1), r->start - r->step, -r->step)));
    }
    const bool ok = v.as<ListObject>() || v.as<TupleObject>() || v.as<StrObject>() ||
                    v.as<BytesObject>() || v.as<DictObject>() || (v.as<DictViewObject>());
    if (!ok) in.raise("TypeError", "'" + type_name(v) + "' object is not reversible");
    std::vector<Value> items = in.iterate(v);
    std::reverse(items.begin(), items.end());
    const char* kind = v.as<ListObject>()       ? "list_reverseiterator"
                       : v.as<DictObject>()     ? "dict_reversekeyiterator"
                       : v.as<DictViewObject>() ? "dict_reversekeyiterator"
                                                : "reversed";
    return Value(new ItemsIterator(kind, std::move(items)));
  });
  auto any_all = [](bool want_any) {
    return [want_any](Interp& in, CallArgs& a) {
      if (a.args.size() != 1) {
        in.raise("TypeError", std::string(want_any ? "any" : "all") +
                                  "() takes exactly one argument (" +
                                  std::to_string(a.args.size()) + " given)");
      }
      Value it = in.iter(a.args[0]);
      for (;;) {
        bool done = false;
        Value v = in.next(it, done);
        if (done) return Value::boolean(!want_any);
        if (truthy(v) == want_any) return Value::boolean(want_any);
      }
    };
  };
  def("any", any_all(true));
  def("all", any_all(false));
  def("divmod", [](Interp& in, CallArgs& a) -> Value {
    if (a.args.size() != 2) {
      in.raise("TypeError", "divmod expected 2 arguments, got " + std::to_string(a.args.size()));
    }
    const Value &x = a.args[0], &y = a.args[1];
    auto num = [](const Value& v) { return v.is_int() || v.is_bool() || v.is_float(); };
    if (!num(x) || !num(y)) {
      in.raise("TypeError", "unsupported operand type(s) for divmod(): '" + type_name(x) +
                                "' and '" + type_name(y) + "'");
    }
    if (!x.is_float() && !y.is_float()) {
      if (y.as_int() == 0) in.raise("ZeroDivisionError", "integer division or modulo by zero");
      return Value(
          make_tuple({in.binop(BinOpKind::FloorDiv, x, y), in.binop(BinOpKind::Mod, x, y)}));
    }
    const double fx = x.is_float() ? x.as_float() : static_cast<double>(x.as_int());
    const double fy = y.is_float() ? y.as_float() : static_cast<double>(y.as_int());
    if (fy == 0) in.raise("ZeroDivisionError", "float divmod()");
    auto [q, r] = float_divmod(fx, fy);
    return Value(make_tuple({Value::real(q), Value::real(r)}));
  });
  def("pow", [](Interp& in, CallArgs& a) -> Value {
    const Value* base_arg = a.args.size() > 0 ? &a.args[0] : a.kw("base");
    const Value* exp = a.args.size() > 1 ? &a.args[1] : a.kw("exp");
    const Value* mod = a.args.size() > 2 ? &a.args[2] : a.kw("mod");
    if (!base_arg || !exp) in.raise("TypeError", "pow() missing required argument 'exp' (pos 2)");
    if (!mod || mod->is_none()) return in.binop(BinOpKind::Pow, *base_arg, *exp);
    auto is_int = [](const Value& v) { return v.is_int() || v.is_bool(); };
    if (!is_int(*base_arg) || !is_int(*exp) || !is_int(*mod)) {
      in.raise("TypeError", "pow() 3rd argument not allowed unless all arguments are integers");
    }
    const std::int64_t m = mod->as_int();
    if (m == 0) in.raise("ValueError", "pow() 3rd argument cannot be 0");
    __extension__ typedef __int128 i128;  // GCC and clang: exact (a*b) % m for 64-bit ints
    const i128 am = m < 0 ? -static_cast<i128>(m) : m;
    i128 b = static_cast<i128>(base_arg->as_int()) % am;
    if (b < 0) b += am;
    std::int64_t e = exp->as_int();
    if (e < 0) {  // the inverse of base_arg, by the extended Euclid
      i128 r0 = am, r1 = b, t0 = 0, t1 = 1;
      while (r1 != 0) {
        const i128 q = r0 / r1;
        std::tie(r0, r1) = std::make_pair(r1, r0 - q * r1);
        std::tie(t0, t1) = std::make_pair(t1, t0 - q * t1);
      }
      if (r0 != 1) in.raise("ValueError", "base_arg is not invertible for the given modulus");
      b = t0 % am;
      if (b < 0) b += am;
      e = -e;
    }
    i128 result = 1 % am;
    while (e > 0) {
      if (e & 1) result = result * b % am;
      b = b * b % am;
      e >>= 1;
    }
    if (m < 0 && result != 0) result -= am;  // the sign of the modulus, as Python's %
    return Value::integer(static_cast<std::int64_t>(result));
  });
  def("ord", [](Interp& in, CallArgs& a) -> Value {
    const Value& v = a.args.at(0);
    if (auto* b = v.as<BytesObject>()) {
      if (b->bytes.size() != 1) {
        in.raise("TypeError", "ord() expected a character, but string of length " +
                                  std::to_string(b->bytes.size()) + " found");
      }
      return Value::integer(static_cast<unsigned char>(b->bytes[0]));
    }
    auto* s = v.as<StrObject>();
    if (!s)
      in.raise("TypeError", "ord() expected string of length 1, but " + type_name(v) + " found");
    std::int64_t chars = 0;
    for (unsigned char c : s->text) chars += (c & 0xc0) != 0x80;
    if (chars != 1) {
      in.raise("TypeError", "ord() expected a character, but string of length " +
                                std::to_string(chars) + " found");
    }
    const auto* t = reinterpret_cast<const unsigned char*>(s->text.data());
    const std::size_t n = s->text.size();
    std::uint32_t cp = n == 1   ? t[0]
                       : n == 2 ? ((t[0] & 0x1fu) << 6) | (t[1] & 0x3fu)
                       : n == 3 ? ((t[0] & 0x0fu) << 12) | ((t[1] & 0x3fu) << 6) | (t[2] & 0x3fu)
                                : ((t[0] & 0x07u) << 18) | ((t[1] & 0x3fu) << 12) |
                                      ((t[2] & 0x3fu) << 6) | (t[3] & 0x3fu);
    return Value::integer(cp);
  });
  def("chr", [](Interp& in, CallArgs& a) {
    const std::int64_t cp = index_value(in, a.args.at(0));
    if (cp < 0 || cp > 0x10ffff) in.raise("ValueError", "chr() arg not in range(0x110000)");
    return str_value(utf8(static_cast<std::uint32_t>(cp)));
  });
  def("hex", [](Interp& in, CallArgs& a) {
    return str_value(in_base(index_value(in, a.args.at(0)), 16, "0x"));
  });
  def("oct", [](Interp& in, CallArgs& a) {
    return str_value(in_base(index_value(in, a.args.at(0)), 8, "0o"));
  });
  def("bin", [](Interp& in, CallArgs& a) {
    return str_value(in_base(index_value(in, a.args.at(0)), 2, "0b"));
  });
  def("callable", [](Interp& in, CallArgs& a) {
    const Value& v = a.args.at(0);
    return Value::boolean(v.as<FunctionObject>() || v.as<BuiltinObject>() ||
                          v.as<BoundMethodObject>() || v.as<ClassObject>() ||
                          in.class_attr(v, "__call__") != nullptr);
  });
  def("setattr", [](Interp& in, CallArgs& a) {
    if (a.args.size() != 3) {
      in.raise("TypeError", "setattr expected 3 arguments, got " + std::to_string(a.args.size()));
    }
    if (!a.args[1].as<StrObject>()) {
      in.raise("TypeError", "attribute name must be string, not '" + type_name(a.args[1]) + "'");
    }
    in.setattr(a.args[0], a.args[1].as<StrObject>()->text, a.args[2]);
    return Value();
  });
  def("hash", [](Interp& in, CallArgs& a) {
    const Value& v = in.hashable_key(a.args.at(0));
    bool ok = true;
    return Value::integer(hash(v, ok));
  });
  def("isinstance", [](Interp& in, CallArgs& a) {
    if (a.args.size() != 2) {
      in.raise("TypeError",
               "isinstance expected 2 arguments, got " + std::to_string(a.args.size()));
    }
    const Value& t = a.args[1];
    std::vector<Value> types =
        t.as<TupleObject>() ? t.as<TupleObject>()->items : std::vector<Value>{t};
    for (const Value& c : types) {  // in order, as CPython: a bad one after a match is not seen
      if (!c.as<ClassObject>()) {
        in.raise("TypeError", "isinstance() arg 2 must be a type, a tuple of types, or a union");
      }
      if (in.isinstance(a.args[0], c.as<ClassObject>())) return Value::boolean(true);
    }
    return Value::boolean(false);
  });
  def("issubclass", [](Interp& in, CallArgs& a) {
    if (a.args.size() != 2) {
      in.raise("TypeError",
               "issubclass expected 2 arguments, got " + std::to_string(a.args.size()));
    }
    auto* c = a.args[0].as<ClassObject>();
    if (!c) in.raise("TypeError", "issubclass() arg 1 must be a class");
    const Value& t = a.args[1];
    std::vector<Value> types =
        t.as<TupleObject>() ? t.as<TupleObject>()->items : std::vector<Value>{t};
    for (const Value& other : types) {
      if (!other.as<ClassObject>()) {
        in.raise("TypeError", "issubclass() arg 2 must be a class, a tuple of classes, or a union");
      }
      if (c->is_subclass_of(other.as<ClassObject>())) return Value::boolean(true);
    }
    return Value::boolean(false);
  });
  def("round", [](Interp& in, CallArgs& a) -> Value {
    const Value* number_arg = !a.args.empty() ? &a.args[0] : a.kw("number");
    if (!number_arg) in.raise("TypeError", "round() missing required argument 'number' (pos 1)");
    const Value& v = *number_arg;
    if (!v.is_int() && !v.is_bool() && !v.is_float()) {
      in.raise("TypeError", "type " + type_name(v) + " doesn't define __round__ method");
    }
    const Value* nd = a.args.size() > 1 ? &a.args[1] : a.kw("ndigits");
    if (!nd || nd->is_none()) {
      if (!v.is_float()) return Value::integer(v.as_int());
      const double x = v.as_float();
      if (std::isnan(x)) in.raise("ValueError", "cannot convert float NaN to integer");
      if (std::isinf(x)) in.raise("OverflowError", "cannot convert float infinity to integer");
      const double r = round_half_even(x);
      if (r >= 9223372036854775808.0 || r < -9223372036854775808.0)
        in.raise("OverflowError", "integer overflow: Coroscope's ints are 64-bit");
      return Value::integer(static_cast<std::int64_t>(r));
    }
    const std::int64_t digits = index_value(in, *nd);
    if (!v.is_float()) {
      if (digits >= 0) return Value::integer(v.as_int());
      if (digits < -18) return Value::integer(0);
      std::int64_t p = 1;
      for (std::int64_t i = 0; i < -digits; ++i) p *= 10;
      const std::int64_t x = v.as_int();
      std::int64_t q = x / p, r = x % p;
      if (r < 0) {
        r += p;
        --q;
      }
      if (2 * r > p || (2 * r == p && (q & 1))) ++q;
      std::int64_t out = 0;
      if (__builtin_mul_overflow(q, p, &out))
        in.raise("OverflowError", "integer overflow: Coroscope's ints are 64-bit");
      return Value::integer(out);
    }
    const double x = v.as_float();
    if (!std::isfinite(x) || x == 0) return v;
    if (digits > 308) return v;
    if (digits < 0) {
      if (digits < -308) return Value::real(std::copysign(0.0, x));
      const double p = std::pow(10.0, static_cast<double>(-digits));
      double r = round_half_even(x / p) * p;
      if (r == 0) r = std::copysign(0.0, x);
      return Value::real(r);
    }
    std::vector<char> buf(720);
    std::snprintf(buf.data(), buf.size(), "%.*f", static_cast<int>(digits), x);
    return Value::real(std::strtod(buf.data(), nullptr));
  });
}

Value Interp::add(const Value& a, const Value& b) {
  return binop(BinOpKind::Add, a, b);
}

}  // namespace coroscope::script
