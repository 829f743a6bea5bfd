// SetMethods: the methods of set, and the unbound methods of the built-in
// types (str.upper, list.append, dict.fromkeys).
#include "script/Interp.hpp"

namespace coroscope::script {

namespace {

SetObject* self_set(const CallArgs& a) {
  return a.args[0].as<SetObject>();
}

// copy_of(s): a new set holding s's items, in s's table order.
Value copy_of(const SetObject& s) {
  auto* out = new SetObject();
  Value v(out);
  out->update(s);
  return v;
}

// as_set(in, v): v when it is a set, else set(v).
Value as_set(Interp& in, const Value& v) {
  if (v.as<SetObject>()) return v;
  return in.make_set(in.iterate(v));
}

}  // namespace

Value Interp::set_method(const Value& self, const std::string& name) {
  auto method = [&](BuiltinFn fn) { return make_builtin(name, std::move(fn), self); };
  auto one_arg = [name](Interp& in, const CallArgs& a) -> const Value& {
    if (a.args.size() != 2) {
      in.raise("TypeError", "set." + name + "() takes exactly one argument (" +
                                std::to_string(a.args.size() - 1) + " given)");
    }
    return a.args[1];
  };
  if (name == "add") {
    return method([one_arg](Interp& in, CallArgs& a) {
      self_set(a)->add(in.hashable_key(one_arg(in, a)));
      return Value();
    });
  }
  if (name == "remove" || name == "discard") {
    const bool strict = name == "remove";
    return method([one_arg, strict](Interp& in, CallArgs& a) {
      const Value& key = in.hashable_key(one_arg(in, a));
      if (!self_set(a)->discard(key) && strict) in.raise(in.key_error(key));
      return Value();
    });
  }
  if (name == "pop") {
    return method([](Interp& in, CallArgs& a) {
      if (self_set(a)->size() == 0) in.raise(in.key_error(str_value("pop from an empty set")));
      return self_set(a)->pop();
    });
  }
  if (name == "clear") {
    return method([](Interp&, CallArgs& a) {
      self_set(a)->clear();
      return Value();
    });
  }
  if (name == "copy") {
    return method([](Interp&, CallArgs& a) { return copy_of(*self_set(a)); });
  }
  if (name == "update" || name == "union") {
    const bool in_place = name == "update";
    return method([in_place](Interp& in, CallArgs& a) {
      Value out = in_place ? a.args[0] : copy_of(*self_set(a));
      auto* s = out.as<SetObject>();
      for (std::size_t i = 1; i < a.args.size(); ++i) {
        if (auto* other = a.args[i].as<SetObject>()) {
          s->update(*other);
        } else {
          for (const Value& v : in.iterate(a.args[i])) s->add(in.hashable_key(v));
        }
      }
      return in_place ? Value() : out;
    });
  }
  if (name == "intersection" || name == "difference" || name == "symmetric_difference" ||
      name == "intersection_update" || name == "difference_update" ||
      name == "symmetric_difference_update") {
    const BinOpKind op = name.starts_with("intersection") ? BinOpKind::BitAnd
                         : name.starts_with("difference") ? BinOpKind::Sub
                                                          : BinOpKind::BitXor;
    const bool in_place = name.ends_with("_update");
    return method([op, in_place](Interp& in, CallArgs& a) {
      Value result = copy_of(*self_set(a));
      for (std::size_t i = 1; i < a.args.size(); ++i) {
        if (op == BinOpKind::BitAnd && !a.args[i].as<SetObject>()) {
          // CPython walks the iterable, keeping what the set holds.
          auto* out = new SetObject();
          Value kept(out);
          for (const Value& v : in.iterate(a.args[i])) {
            if (result.as<SetObject>()->contains(in.hashable_key(v))) out->add(v);
          }
          result = kept;
        } else {
          result = in.binop(op, result, as_set(in, a.args[i]));
        }
      }
      if (!in_place) return result;
      auto* s = self_set(a);
      s->clear();
      s->update(*result.as<SetObject>());
      return Value();
    });
  }
  if (name == "issubset" || name == "issuperset" || name == "isdisjoint") {
    const std::string n = name;
    return method([n, one_arg](Interp& in, CallArgs& a) {
      Value other = as_set(in, one_arg(in, a));
      if (n == "issubset") return Value::boolean(in.compare(CmpOpKind::LtE, a.args[0], other));
      if (n == "issuperset") return Value::boolean(in.compare(CmpOpKind::GtE, a.args[0], other));
      bool none = true;
      self_set(a)->for_each(
          [&](const Value& k) { none = none && !other.as<SetObject>()->contains(k); });
      return Value::boolean(none);
    });
  }
  return Value();
}

Value Interp::builtin_type_method(const Value& cls, const std::string& name) {
  auto* c = cls.as<ClassObject>();
  if (!c || c->module != "builtins" || !c->dict.contains("__new_builtin__") || c->name == "type" ||
      name.starts_with("__")) {
    return Value();
  }
  if (c->name == "dict" && name == "fromkeys") {
    return make_builtin("fromkeys", [](Interp& in, CallArgs& a) {
      Value d(make_dict());
      const Value fill = a.args.size() > 1 ? a.args[1] : Value();
      for (const Value& k : in.iterate(a.args.at(0)))
        d.as<DictObject>()->set(in.hashable_key(k), fill);
      return d;
    });
  }
  // Is it a method of the type's values? Ask an empty one.
  Value sample = call(cls, CallArgs{});
  try {
    getattr(sample, name);
  } catch (PyError&) {
    return Value();
  }
  const std::string type = c->name;
  Value keep = cls;
  return make_builtin(name, [keep, type, name](Interp& in, CallArgs& a) {
    if (a.args.empty()) {
      in.raise("TypeError", "unbound method " + type + "." + name + "() needs an argument");
    }
    if (!in.isinstance(a.args[0], keep.as<ClassObject>())) {
      in.raise("TypeError", "descriptor '" + name + "' for '" + type +
                                "' objects doesn't apply to a '" + type_name(a.args[0]) +
                                "' object");
    }
    Value bound = in.getattr(a.args[0], name);
    CallArgs rest;
    rest.args.assign(a.args.begin() + 1, a.args.end());
    rest.kwargs = a.kwargs;
    return in.call(bound, std::move(rest));
  });
}

}  // namespace coroscope::script
