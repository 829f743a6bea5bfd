// Builtins: Python's built-in functions and the methods of str, list, dict,
// exceptions and generators, and attribute lookup.
#include <algorithm>
#include <cmath>

#include "script/Format.hpp"
#include "script/Interp.hpp"
#include "script/Limits.hpp"
#include "script/StrFormat.hpp"
#include "script/StrMethods.hpp"

namespace coroscope::script {

namespace {

const Value& arg(Interp& in, CallArgs& a, std::size_t i, const char* fn) {
  if (i >= a.args.size()) {
    in.raise("TypeError", std::string(fn) + "() missing required argument");
  }
  return a.args[i];
}

std::int64_t int_arg(Interp& in, const Value& v, const char* what) {
  (void)what;
  if (!v.is_int() && !v.is_bool()) {
    in.raise("TypeError", "'" + type_name(v) + "' object cannot be interpreted as an integer");
  }
  return v.as_int();
}

// index_arg(v): a start or end bound of find/count/index (an int, or None for none).
std::optional<std::int64_t> index_arg(Interp& in, const Value& v) {
  if (v.is_none()) return std::nullopt;
  if (!v.is_int() && !v.is_bool()) {
    in.raise("TypeError", "slice indices must be integers or None or have an __index__ method");
  }
  return v.as_int();
}

// str_arg(v, what): v's text; else TypeError "WHAT must be str, not T" (CPython's
// wording: "must be str, not int" when what is empty).
const std::string& str_arg(Interp& in, const Value& v, const char* what) {
  auto* s = v.as<StrObject>();
  if (!s) {
    in.raise("TypeError",
             std::string(what) + (*what ? " " : "") + "must be str, not " + type_name(v));
  }
  return s->text;
}

Value list_of(const Strings& parts) {
  std::vector<Value> items;
  for (const std::string& p : parts) items.push_back(str_value(p));
  return Value(make_list(std::move(items)));
}

}  // namespace

Value Interp::make_builtin(std::string name, BuiltinFn fn, Value self) {
  return Value(new BuiltinObject(std::move(name), std::move(fn), std::move(self)));
}

// ---- attributes ------------------------------------------------------------------------

Value Interp::bind(const Value& self, const Value& attr) {
  if (attr.as<FunctionObject>()) return Value(new BoundMethodObject(self, attr));
  if (auto* b = attr.as<BuiltinObject>(); b && b->self.is_none()) {
    return Value(new BuiltinObject(b->name, b->fn, self));
  }
  return attr;
}

Value Interp::getattr(const Value& obj, const std::string& name) {
  auto method = [&](const char* n, BuiltinFn fn) { return make_builtin(n, std::move(fn), obj); };
  if (auto* inst = obj.as<InstanceObject>()) {
    auto it = inst->dict.find(name);
    if (it != inst->dict.end()) return it->second;
    if (const Value* v = inst->klass()->lookup(name)) return bind(obj, *v);
    if (name == "__class__") return inst->cls;
    if (inst->klass()->lookup("__exception__")) {  // not set yet
      if (name == "__cause__" || name == "__context__" || name == "__traceback__") return Value();
      if (name == "__suppress_context__") return Value::boolean(false);
      if (name == "value" && inst->klass()->name == "StopIteration") {  // StopIteration(v).value
        const auto& args = inst->dict["args"].as<TupleObject>()->items;
        return args.empty() ? Value() : args[0];
      }
    }
  } else if (auto* cls = obj.as<ClassObject>()) {
    if (const Value* v = cls->lookup(name)) return *v;
    if (name == "__name__") return str_value(cls->name);
    if (Value m = builtin_type_method(obj, name); !m.is_none()) return m;
    raise("AttributeError", "type object '" + cls->name + "' has no attribute '" + name + "'");
  } else if (auto* mod = obj.as<ModuleObject>()) {
    auto it = mod->dict.find(name);
    if (it != mod->dict.end()) return it->second;
    if (name == "__name__") return str_value(mod->name);
    raise("AttributeError", "module '" + mod->name + "' has no attribute '" + name + "'");
  } else if (auto* fn = obj.as<FunctionObject>()) {
    if (name == "__name__") return str_value(fn->code->name);
  } else if (obj.as<StrObject>()) {
    const std::string& s = obj.as<StrObject>()->text;
    (void)s;
    auto text = [](const Value& v) -> const std::string& { return v.as<StrObject>()->text; };
    auto opt_str = [&](CallArgs& a, std::size_t i) -> std::optional<std::string> {
      if (i >= a.args.size() || a.args[i].is_none()) return std::nullopt;
      if (!a.args[i].as<StrObject>()) {
        raise("TypeError", "must be str or None, not " + type_name(a.args[i]));
      }
      return a.args[i].as<StrObject>()->text;
    };
    if (name == "split" || name == "rsplit") {
      const bool right = name == "rsplit";
      return method(name.c_str(), [right, text, opt_str](Interp& in, CallArgs& a) {
        std::optional<std::string> sep = opt_str(a, 1);
        if (const Value* k = a.kw("sep"); k && !k->is_none()) {
          if (!k->as<StrObject>())
            in.raise("TypeError", "must be str or None, not " + type_name(*k));
          sep = k->as<StrObject>()->text;
        }
        long maxsplit =
            a.args.size() > 2 ? static_cast<long>(int_arg(in, a.args[2], "maxsplit")) : -1;
        if (const Value* k = a.kw("maxsplit"))
          maxsplit = static_cast<long>(int_arg(in, *k, "maxsplit"));
        if (sep && sep->empty()) in.raise("ValueError", "empty separator");
        std::optional<std::string_view> sv;
        if (sep) sv = *sep;
        return list_of(right ? rsplit(text(a.args[0]), sv, maxsplit)
                             : split(text(a.args[0]), sv, maxsplit));
      });
    }
    if (name == "splitlines") {
      return method("splitlines", [text](Interp&, CallArgs& a) {
        bool keepends = a.args.size() > 1 && truthy(a.args[1]);
        if (const Value* k = a.kw("keepends")) keepends = truthy(*k);
        return list_of(splitlines(text(a.args[0]), keepends));
      });
    }
    if (name == "partition" || name == "rpartition") {
      const bool right = name == "rpartition";
      return method(name.c_str(), [right, text](Interp& in, CallArgs& a) {
        const std::string& sep = str_arg(in, arg(in, a, 1, "partition"), "");
        if (sep.empty()) in.raise("ValueError", "empty separator");
        Strings parts = right ? rpartition(text(a.args[0]), sep) : partition(text(a.args[0]), sep);
        std::vector<Value> items;
        for (const std::string& p : parts) items.push_back(str_value(p));
        return Value(make_tuple(std::move(items)));
      });
    }
    if (name == "join") {
      return method("join", [text](Interp& in, CallArgs& a) {
        const Value& seq = arg(in, a, 1, "join");
        if (seq.is_none() || seq.is_int() || seq.is_bool() || seq.is_float()) {
          in.raise("TypeError", "can only join an iterable");
        }
        std::string out;
        std::size_t i = 0;
        for (const Value& v : in.iterate(seq)) {
          if (i) out += text(a.args[0]);
          if (!v.as<StrObject>()) {
            in.raise("TypeError", "sequence item " + std::to_string(i) +
                                      ": expected str instance, " + type_name(v) + " found");
          }
          out += v.as<StrObject>()->text;
          ++i;
        }
        return str_value(out);
      });
    }
    if (name == "strip" || name == "lstrip" || name == "rstrip") {
      const char c = name[0];
      return method(name.c_str(), [c, text](Interp& in, CallArgs& a) {
        std::optional<std::string> chars;
        if (a.args.size() > 1 && !a.args[1].is_none()) {
          if (!a.args[1].as<StrObject>()) {
            in.raise("TypeError", std::string(c == 's'   ? "strip"
                                              : c == 'l' ? "lstrip"
                                                         : "rstrip") +
                                      " arg must be None or str");
          }
          chars = a.args[1].as<StrObject>()->text;
        }
        std::optional<std::string_view> cv;
        if (chars) cv = *chars;
        const std::string& t = text(a.args[0]);
        return str_value(c == 's' ? strip(t, cv) : c == 'l' ? lstrip(t, cv) : rstrip(t, cv));
      });
    }
    if (name == "upper" || name == "lower" || name == "capitalize" || name == "title" ||
        name == "swapcase") {
      const std::string n = name;
      return method(name.c_str(), [n, text](Interp&, CallArgs& a) {
        const std::string& t = text(a.args[0]);
        return str_value(n == "upper"        ? upper(t)
                         : n == "lower"      ? lower(t)
                         : n == "capitalize" ? capitalize(t)
                         : n == "title"      ? title(t)
                                             : swapcase(t));
      });
    }
    if (name == "replace") {
      return method("replace", [text](Interp& in, CallArgs& a) {
        const long n = a.args.size() > 3 ? static_cast<long>(int_arg(in, a.args[3], "count")) : -1;
        return str_value(replace(text(a.args[0]),
                                 str_arg(in, arg(in, a, 1, "replace"), "replace() argument 1"),
                                 str_arg(in, arg(in, a, 2, "replace"), "replace() argument 2"), n));
      });
    }
    if (name == "find" || name == "rfind" || name == "count" || name == "index" ||
        name == "rindex") {
      const std::string n = name;
      return method(name.c_str(), [n, text](Interp& in, CallArgs& a) {
        Bounds b;
        const std::string& sub = str_arg(in, arg(in, a, 1, n.c_str()), "");
        if (a.args.size() > 2) b.start = index_arg(in, a.args[2]);
        if (a.args.size() > 3) b.end = index_arg(in, a.args[3]);
        if (n == "count") return Value::integer(script::count(text(a.args[0]), sub, b));
        const bool right = n == "rfind" || n == "rindex";
        const std::int64_t r =
            right ? script::rfind(text(a.args[0]), sub, b) : script::find(text(a.args[0]), sub, b);
        if ((n == "index" || n == "rindex") && r < 0) in.raise("ValueError", "substring not found");
        return Value::integer(r);
      });
    }
    if (name == "startswith" || name == "endswith") {
      const bool start = name == "startswith";
      return method(name.c_str(), [start, text](Interp& in, CallArgs& a) {
        const char* fname = start ? "startswith" : "endswith";
        const Value& p = arg(in, a, 1, fname);
        if (!p.as<TupleObject>() && !p.as<StrObject>()) {
          in.raise(
              "TypeError",
              std::string(fname) + " first arg must be str or a tuple of str, not " + type_name(p));
        }
        std::vector<Value> options =
            p.as<TupleObject>() ? p.as<TupleObject>()->items : std::vector<Value>{p};
        for (const Value& o : options) {
          if (!o.as<StrObject>()) {
            in.raise("TypeError", std::string("tuple for ") + fname +
                                      " must only contain str, not " + type_name(o));
          }
          const std::string& x = o.as<StrObject>()->text;
          if (start ? script::startswith(text(a.args[0]), x)
                    : script::endswith(text(a.args[0]), x)) {
            return Value::boolean(true);
          }
        }
        return Value::boolean(false);
      });
    }
    if (name == "format") {
      return method("format", [](Interp& in, CallArgs& a) {
        std::vector<Value> rest(a.args.begin() + 1, a.args.end());
        Value kw(make_dict());
        for (auto& [k, v] : a.kwargs) kw.as<DictObject>()->set(str_value(k), v);
        FormatResult r = brace_format(a.args[0].as<StrObject>()->text, rest, kw.as<DictObject>(),
                                      [&in](const Value& base, std::string_view attr, Value& out) {
                                        out = in.getattr(base, std::string(attr));
                                        return FormatResult{};
                                      });
        if (!r.ok()) in.raise_result(r.error_type, r.message);
        return str_value(r.text);
      });
    }
    if (name == "center" || name == "ljust" || name == "rjust" || name == "zfill") {
      const std::string n = name;
      return method(name.c_str(), [n, text](Interp& in, CallArgs& a) {
        const std::int64_t w = int_arg(in, arg(in, a, 1, n.c_str()), "width");
        check_length(double(w), "str", "characters");
        std::string fill = " ";
        if (a.args.size() > 2) {
          const Value& f = a.args[2];
          if (!f.as<StrObject>()) {
            in.raise("TypeError",
                     "The fill character must be a unicode character, not " + type_name(f));
          }
          fill = f.as<StrObject>()->text;
          std::size_t chars = 0;
          for (unsigned char ch : fill) chars += (ch & 0xc0) != 0x80;
          if (chars != 1) {
            in.raise("TypeError", "The fill character must be exactly one character long");
          }
        }
        const std::string& t = text(a.args[0]);
        return str_value(n == "center"  ? center(t, w, fill)
                         : n == "ljust" ? ljust(t, w, fill)
                         : n == "rjust" ? rjust(t, w, fill)
                                        : zfill(t, w));
      });
    }
    if (name == "isdigit" || name == "isalpha" || name == "isspace" || name == "isupper" ||
        name == "islower" || name == "isalnum") {
      const std::string n = name;
      return method(name.c_str(), [n, text](Interp&, CallArgs& a) {
        const std::string& t = text(a.args[0]);
        return Value::boolean(n == "isdigit"   ? isdigit(t)
                              : n == "isalpha" ? isalpha(t)
                              : n == "isspace" ? isspace(t)
                              : n == "isupper" ? isupper(t)
                              : n == "islower" ? islower(t)
                                               : isalnum(t));
      });
    }
    if (name == "encode") {
      return method("encode",
                    [text](Interp&, CallArgs& a) { return Value(make_bytes(text(a.args[0]))); });
    }
  } else if (obj.as<BytesObject>()) {
    if (name == "decode") {
      return method("decode", [](Interp&, CallArgs& a) {
        return str_value(a.args[0].as<BytesObject>()->bytes);
      });
    }
  } else if (obj.as<ListObject>()) {
    auto items = [](const Value& v) -> std::vector<Value>& { return v.as<ListObject>()->items; };
    if (name == "append") {
      return method("append", [items](Interp& in, CallArgs& a) {
        items(a.args[0]).push_back(arg(in, a, 1, "append"));
        return Value();
      });
    }
    if (name == "extend") {
      return method("extend", [items](Interp& in, CallArgs& a) {
        std::vector<Value> more = in.iterate(arg(in, a, 1, "extend"));
        check_length(double(items(a.args[0]).size()) + double(more.size()), "list");
        for (Value& v : more) items(a.args[0]).push_back(std::move(v));
        return Value();
      });
    }
    if (name == "pop") {
      return method("pop", [items](Interp& in, CallArgs& a) {
        auto& l = items(a.args[0]);
        if (l.empty()) in.raise("IndexError", "pop from empty list");
        std::int64_t i = a.args.size() > 1 ? int_arg(in, a.args[1], "index") : -1;
        if (i < 0) i += static_cast<std::int64_t>(l.size());
        if (i < 0 || i >= static_cast<std::int64_t>(l.size()))
          in.raise("IndexError", "pop index out of range");
        Value v = l[static_cast<std::size_t>(i)];
        l.erase(l.begin() + i);
        return v;
      });
    }
    if (name == "insert") {
      return method("insert", [items](Interp& in, CallArgs& a) {
        auto& l = items(a.args[0]);
        std::int64_t i = int_arg(in, arg(in, a, 1, "insert"), "index");
        const auto n = static_cast<std::int64_t>(l.size());
        if (i < 0) i = std::max<std::int64_t>(0, i + n);
        i = std::min(i, n);
        l.insert(l.begin() + i, arg(in, a, 2, "insert"));
        return Value();
      });
    }
    if (name == "remove" || name == "index" || name == "count") {
      const std::string n = name;
      return method(name.c_str(), [n, items](Interp& in, CallArgs& a) -> Value {
        auto& l = items(a.args[0]);
        const Value& x = arg(in, a, 1, n.c_str());
        std::int64_t c = 0;
        for (std::size_t i = 0; i < l.size(); ++i) {
          if (!equals(l[i], x)) continue;
          if (n == "remove") {
            l.erase(l.begin() + static_cast<std::ptrdiff_t>(i));
            return Value();
          }
          if (n == "index") return Value::integer(static_cast<std::int64_t>(i));
          ++c;
        }
        if (n == "count") return Value::integer(c);
        in.raise("ValueError",
                 n == "remove" ? "list.remove(x): x not in list" : repr(x) + " is not in list");
      });
    }
    if (name == "copy") {
      return method("copy",
                    [items](Interp&, CallArgs& a) { return Value(make_list(items(a.args[0]))); });
    }
    if (name == "clear") {
      return method("clear", [items](Interp&, CallArgs& a) {
        std::vector<Value> gone;
        gone.swap(items(a.args[0]));
        return Value();
      });
    }
    if (name == "reverse") {
      return method("reverse", [items](Interp&, CallArgs& a) {
        std::reverse(items(a.args[0]).begin(), items(a.args[0]).end());
        return Value();
      });
    }
    if (name == "sort") {
      return method("sort", [](Interp& in, CallArgs& a) {
        auto& l = a.args[0].as<ListObject>()->items;
        const Value* key = a.kw("key");
        const Value* rev = a.kw("reverse");
        l = in.sorted(l, key && !key->is_none() ? key : nullptr, rev && truthy(*rev));
        return Value();
      });
    }
  } else if (obj.as<DictObject>()) {
    if (name == "get") {
      return method("get", [](Interp& in, CallArgs& a) {
        std::optional<Value> v = a.args[0].as<DictObject>()->get(arg(in, a, 1, "get"));
        return v ? *v : (a.args.size() > 2 ? a.args[2] : Value());
      });
    }
    if (name == "keys" || name == "values" || name == "items") {
      const char c = name[0];
      return method(name.c_str(),
                    [c](Interp&, CallArgs& a) { return Value(new DictViewObject(a.args[0], c)); });
    }
    if (name == "copy") {
      return method("copy", [](Interp&, CallArgs& a) {
        Value out(make_dict());
        a.args[0].as<DictObject>()->for_each(
            [&](const Value& k, const Value& v) { out.as<DictObject>()->set(k, v); });
        return out;
      });
    }
    if (name == "clear") {
      return method("clear", [](Interp&, CallArgs& a) {
        a.args[0].as<DictObject>()->clear_refs();
        return Value();
      });
    }
    if (name == "popitem") {
      return method("popitem", [](Interp& in, CallArgs& a) {
        auto* d = a.args[0].as<DictObject>();
        if (d->size() == 0) in.raise(in.key_error(str_value("popitem(): dictionary is empty")));
        Value k, v;
        d->for_each([&](const Value& key, const Value& val) {
          k = key;
          v = val;
        });
        d->erase(k);
        return Value(make_tuple({k, v}));
      });
    }
    if (name == "pop") {
      return method("pop", [](Interp& in, CallArgs& a) {
        auto* d = a.args[0].as<DictObject>();
        const Value& k = arg(in, a, 1, "pop");
        std::optional<Value> v = d->get(k);
        if (!v) {
          if (a.args.size() > 2) return a.args[2];
          in.raise(in.key_error(k));
        }
        d->erase(k);
        return *v;
      });
    }
    if (name == "setdefault") {
      return method("setdefault", [](Interp& in, CallArgs& a) {
        auto* d = a.args[0].as<DictObject>();
        const Value& k = arg(in, a, 1, "setdefault");
        if (std::optional<Value> v = d->get(k)) return *v;
        Value dflt = a.args.size() > 2 ? a.args[2] : Value();
        d->set(k, dflt);
        return dflt;
      });
    }
    if (name == "update") {
      return method("update", [](Interp& in, CallArgs& a) {
        auto* d = a.args[0].as<DictObject>();
        if (a.args.size() > 1) {
          if (auto* src = a.args[1].as<DictObject>()) {
            src->for_each([&](const Value& k, const Value& v) { d->set(k, v); });
          } else {  // pairs, as dict(pairs) takes them
            Value pairs = in.call(in.builtin("dict"), std::vector<Value>{a.args[1]});
            pairs.as<DictObject>()->for_each([&](const Value& k, const Value& v) { d->set(k, v); });
          }
        }
        for (auto& [k, v] : a.kwargs) d->set(str_value(k), v);
        return Value();
      });
    }
  } else if (auto* go = obj.as<GreenletObject>()) {
    // A script's subclass: the instance's own attributes, then its class's.
    if (auto it = go->dict.find(name); it != go->dict.end()) return it->second;
    if (auto* c = go->klass()) {
      if (const Value* v = c->lookup(name)) return bind(obj, *v);
      if (name == "__class__") return go->cls;
    }
    return greenlet_attr(obj, name);
  } else if (obj.as<SetObject>()) {
    if (Value m = set_method(obj, name); !m.is_none()) return m;
  } else if (obj.as<IteratorObject>()) {
    if (name == "__next__") {
      return method("__next__", [](Interp& in, CallArgs& a) {
        bool done = false;
        Value v = in.next(a.args[0], done);
        if (done) in.raise(in.new_exception("StopIteration", ""));
        return v;
      });
    }
    if (name == "__iter__") {
      return method("__iter__", [](Interp&, CallArgs& a) { return a.args[0]; });
    }
  } else if (obj.as<NativeObject>()) {
    return native_attr(obj, name);
  } else if (obj.as<GeneratorObject>()) {
    if (name == "close") {
      return method("close", [](Interp& in, CallArgs& a) { return in.close(a.args[0]); });
    }
    if (name == "send" || name == "__next__") {
      const bool send = name == "send";
      return method(name.c_str(), [send](Interp& in, CallArgs& a) {
        auto* gen = a.args[0].as<GeneratorObject>();
        Value sent = send && a.args.size() > 1 ? a.args[1] : Value();
        if (send && !gen->started && !sent.is_none()) {
          in.raise("TypeError", "can't send non-None value to a just-started generator");
        }
        gen->started = true;
        if (gen->finished) in.raise("StopIteration", "");
        gen->g->set_parent(runtime::getcurrent());
        runtime::Value got = gen->g->switch_to(runtime::Value(sent));
        bool done = false;
        Value v = in.next_result(a.args[0], got, done);
        if (done) in.raise(in.stop_iteration(v));
        return v;
      });
    }
  }
  raise("AttributeError", "'" + type_name(obj) + "' object has no attribute '" + name + "'");
}

}  // namespace coroscope::script
