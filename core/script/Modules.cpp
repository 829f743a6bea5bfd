// Modules: the built-in namespace (functions and exception classes) and the
// modules scripts import: greenlet, gevent (and gevent.monkey), time, random.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <ostream>

#include "hub/Event.hpp"
#include "hub/Greenlet.hpp"
#include "hub/Hub.hpp"
#include "hub/Queue.hpp"
#include "hub/Report.hpp"
#include "hub/Timeout.hpp"
#include "script/Interp.hpp"
#include "script/ModuleSupport.hpp"
#include "script/Repr.hpp"

namespace coroscope::script {

namespace {

// A greenlet's Python frames recurse on its own stack: 1 MiB (resident only
// as far as it is used) allows several hundred nested calls.
constexpr std::size_t kScriptGreenletStack = 1u << 20;

// pack(args): what a switch into a started greenlet makes its pending switch() return.
Value pack(CallArgs& a) {
  Value kw;
  if (!a.kwargs.empty()) {
    kw = Value(make_dict());
    for (auto& [k, v] : a.kwargs) kw.as<DictObject>()->set(str_value(k), v);
  }
  if (a.kwargs.empty()) {
    if (a.args.size() == 1) return a.args[0];
    return Value(make_tuple(a.args));
  }
  if (a.args.empty()) return kw;
  return Value(make_tuple({Value(make_tuple(a.args)), kw}));
}

// from_runtime(v): a value a runtime switch delivered, as a script value.
Value from_runtime(Interp& in, const runtime::Value& v) {
  if (!v.has_value()) return Value();
  if (auto* c = std::any_cast<Carried>(&v)) return c->value();
  if (auto* x = std::any_cast<Value>(&v)) return *x;
  if (std::any_cast<runtime::GreenletExit>(&v)) return in.new_exception("GreenletExit", "");
  return Value();
}

std::string callable_name(const Value& f) {
  if (auto* fn = f.as<FunctionObject>()) return fn->code->name;
  if (auto* b = f.as<BuiltinObject>()) return b->name;
  if (auto* m = f.as<BoundMethodObject>()) return callable_name(m->fn);
  return "greenlet";
}

// gevent_object(in, g, fn, rest): the script's Greenlet object for g, which runs fn(*rest).
Value gevent_object(Interp& in, const hub::GreenletPtr& g, const Value& fn, const CallArgs& rest) {
  auto* o = new GreenletObject(&in);
  Value v(o);
  o->g = runtime::GreenletRef(g.get());
  o->gevent = true;
  o->run = fn;
  o->args = Value(make_tuple(rest.args));
  in.remember_greenlet(g.get(), o);
  return v;
}

// resolve_run(self): run given to the constructor (or set before the start),
// else the run method of a script's subclass.
Value resolve_run(Interp& in, const Value& self) {
  auto* o = self.as<GreenletObject>();
  if (!o->run.is_none()) return o->run;
  if (auto* c = o->klass()) {
    if (const Value* r = c->lookup("run")) {
      return r->as<FunctionObject>() ? Value(new BoundMethodObject(self, *r)) : *r;
    }
  }
  in.raise("AttributeError", "run");
}

}  // namespace

// ---- modules -------------------------------------------------------------------------------

void Interp::install_modules() {
  // BaseException.__init__(self, *args): what super().__init__(msg) and
  // Exception.__init__(self, msg) in a script's exception class call.
  builtins_.at("BaseException").as<ClassObject>()->dict["__init__"] =
      make_builtin("__init__", [](Interp& in, CallArgs& a) {
        auto* self = a.args.empty() ? nullptr : a.args[0].as<InstanceObject>();
        if (!self) in.raise("TypeError", "BaseException.__init__ needs an exception");
        self->dict["args"] =
            Value(make_tuple(std::vector<Value>(a.args.begin() + 1, a.args.end())));
        return Value();
      });
  auto* ellipsis = new NativeObject("ellipsis", nullptr);
  ellipsis->shown = "Ellipsis";
  builtins_["Ellipsis"] = Value(ellipsis);
  install_text_modules();
  install_sys();
  frame_class_ = Value(new_class("frame", {builtins_.at("object")}));
  code_class_ = Value(new_class("code", {builtins_.at("object")}));
  // greenlet
  {
    Value m(new ModuleObject("greenlet"));
    auto& d = m.as<ModuleObject>()->dict;
    Value exit_cls(new_class("GreenletExit", {builtins_.at("BaseException")}, "greenlet"));
    d["GreenletExit"] = exit_cls;
    d["getcurrent"] = make_builtin("getcurrent", [](Interp& in, CallArgs&) {
      return in.greenlet_object(runtime::getcurrent().get());
    });
    d["settrace"] =
        make_builtin("settrace", [](Interp& in, CallArgs& a) { return in.settrace(a.args.at(0)); });
    d["gettrace"] = make_builtin("gettrace", [](Interp& in, CallArgs&) { return in.gettrace(); });
    Value cls(new_class("greenlet", {builtins_.at("object")}, "greenlet"));
    auto& cd = cls.as<ClassObject>()->dict;
    cd["getcurrent"] = d["getcurrent"];
    // greenlet(run=None, parent=None), or a script's subclass of it: the
    // object first, then the class's __init__ (the one below, unless the
    // subclass has its own, which may call it through super()).
    cd["__new_builtin__"] = make_builtin("greenlet", [](Interp& in, CallArgs& a) {
      auto* o = new GreenletObject(&in);
      Value v(o);
      if (auto* c = a.args[0].as<ClassObject>(); c && c->module != "greenlet") o->cls = a.args[0];
      o->g = runtime::Greenlet::create(
          [&in](runtime::Value start) -> runtime::Value {
            StartArgs s;
            if (auto* given = std::any_cast<StartArgs>(&start)) {
              s = std::move(*given);
            } else {  // started by a value sent to it (it is some greenlet's parent)
              s.run = resolve_run(in, in.greenlet_object(runtime::getcurrent().get()));
              if (start.has_value()) s.args.args.push_back(from_runtime(in, start));
            }
            try {
              return runtime::Value(in.call(s.run, std::move(s.args)));
            } catch (PyError& e) {
              if (auto* inst = e.exc.as<InstanceObject>();
                  inst && inst->klass()->name == "GreenletExit") {
                return runtime::Value(e.exc);  // not caught: a value to the parent
              }
              throw;
            } catch (const runtime::GreenletExit&) {
              return runtime::Value(in.new_exception("GreenletExit", ""));
            }
          },
          {}, runtime::GreenletOptions{kScriptGreenletStack, {}});
      if (o->klass()) o->g->set_name(o->klass()->name);
      in.remember_greenlet(o->g.get(), o);
      CallArgs init = a;
      init.args[0] = v;
      in.call(*a.args[0].as<ClassObject>()->lookup("__init__"), std::move(init));
      return v;
    });
    cd["__init__"] = make_builtin("__init__", [](Interp& in, CallArgs& a) {
      auto* o = a.args.at(0).as<GreenletObject>();
      if (!o) in.raise("TypeError", "greenlet.__init__() needs a greenlet");
      const Value* run = a.args.size() > 1 ? &a.args[1] : a.kw("run");
      const Value* parent = a.args.size() > 2 ? &a.args[2] : a.kw("parent");
      if (run && !run->is_none()) {
        o->run = *run;
        o->g->set_name(callable_name(*run));
      }
      if (parent && !parent->is_none()) {
        auto* p = parent->as<GreenletObject>();
        if (!p) in.raise("TypeError", "parent must be a greenlet");
        o->g->set_parent(p->g);
      }
      return Value();
    });
    d["greenlet"] = cls;
    modules_["greenlet"] = m;
  }
  // time
  {
    Value m(new ModuleObject("time"));
    auto& d = m.as<ModuleObject>()->dict;
    d["time"] = make_builtin("time", [](Interp& in, CallArgs&) {
      return Value::real(in.wall_start() + hub::Hub::get().refresh_now());
    });
    auto mono = [](Interp&, CallArgs&) { return Value::real(hub::Hub::get().refresh_now()); };
    d["monotonic"] = make_builtin("monotonic", mono);
    d["perf_counter"] = make_builtin("perf_counter", mono);
    d["sleep"] = make_builtin("sleep", [](Interp& in, CallArgs& a) {
      const double s = number(in, a.args.at(0), "sleep()");
      if (s < 0) in.raise("ValueError", "sleep length must be non-negative");
      if (in.time_patched()) {
        hub::sleep(s);
      } else {
        // Unpatched: the whole thread sleeps, hub and every greenlet with it.
        hub::Hub& h = hub::Hub::get();
        h.clock().idle_until(h.clock().now() + s);
        h.refresh_now();
      }
      return Value();
    });
    d["ctime"] = make_builtin("ctime", [](Interp& in, CallArgs&) {
      const auto t = static_cast<std::time_t>(in.wall_start() + hub::Hub::get().refresh_now());
      char buf[64];
      std::strftime(buf, sizeof buf, "%a %b %e %H:%M:%S %Y", std::localtime(&t));
      return str_value(buf);
    });
    modules_["time"] = m;
  }
  // random
  {
    Value m(new ModuleObject("random"));
    auto& d = m.as<ModuleObject>()->dict;
    d["seed"] = make_builtin("seed", [](Interp& in, CallArgs& a) {
      std::int64_t s = 0;
      if (!a.args.empty() && !a.args[0].is_none()) {
        if (!a.args[0].is_int()) in.raise("TypeError", "Coroscope's random.seed() takes an int");
        s = a.args[0].as_int();
      } else {
        s = std::chrono::steady_clock::now().time_since_epoch().count();
      }
      in.random().seed(s);
      return Value();
    });
    d["random"] = make_builtin(
        "random", [](Interp& in, CallArgs&) { return Value::real(in.random().random()); });
    // randrange as CPython 3.11's random.py (randint(a, b) is randrange(a, b + 1)).
    auto randrange = [](Interp& in, const std::vector<Value>& args) -> Value {
      auto index = [&](const Value& v) {
        if (!v.is_int() && !v.is_bool()) {
          in.raise("TypeError",
                   "'" + type_name(v) + "' object cannot be interpreted as an integer");
        }
        return v.as_int();
      };
      const std::int64_t start = index(args.at(0));
      if (args.size() < 2 || args[1].is_none()) {
        if (args.size() > 2 && !(args[2].is_int() && args[2].as_int() == 1))
          in.raise("TypeError", "Missing a non-None stop argument");
        if (start > 0)
          return Value::integer(
              static_cast<std::int64_t>(in.random().randbelow(static_cast<std::uint64_t>(start))));
        in.raise("ValueError", "empty range for randrange()");
      }
      const std::int64_t stop = index(args[1]);
      std::int64_t width = 0, step = args.size() > 2 ? index(args[2]) : 1;
      if (__builtin_sub_overflow(stop, start, &width))
        in.raise("OverflowError", "integer overflow: Coroscope's ints are 64-bit");
      if (step == 1) {
        if (width > 0)
          return Value::integer(start + static_cast<std::int64_t>(in.random().randbelow(
                                            static_cast<std::uint64_t>(width))));
        in.raise("ValueError", "empty range for randrange() (" + std::to_string(start) + ", " +
                                   std::to_string(stop) + ", " + std::to_string(width) + ")");
      }
      if (step == 0) in.raise("ValueError", "zero step for randrange()");
      const std::int64_t num = step > 0 ? width + step - 1 : width + step + 1;
      std::int64_t n = num / step;
      if ((num % step != 0) && ((num < 0) != (step < 0))) --n;  // floor division
      if (n <= 0) in.raise("ValueError", "empty range for randrange()");
      return Value::integer(start + step * static_cast<std::int64_t>(in.random().randbelow(
                                               static_cast<std::uint64_t>(n))));
    };
    d["randint"] = make_builtin("randint", [randrange](Interp& in, CallArgs& a) {
      if (a.args.size() != 2) {
        in.raise("TypeError", "Random.randint() missing " +
                                  std::to_string(2 - std::min<std::size_t>(a.args.size(), 2)) +
                                  " required positional argument");
      }
      Value hi = a.args[1];
      if (hi.is_int() || hi.is_bool()) {
        if (hi.as_int() == INT64_MAX)
          in.raise("OverflowError", "integer overflow: Coroscope's ints are 64-bit");
        hi = Value::integer(hi.as_int() + 1);
      }
      return randrange(in, {a.args[0], hi});
    });
    d["randrange"] = make_builtin("randrange", [randrange](Interp& in, CallArgs& a) {
      if (a.args.empty())
        in.raise("TypeError", "Random.randrange() missing 1 required positional argument: 'start'");
      return randrange(in, a.args);
    });
    d["choice"] = make_builtin("choice", [](Interp& in, CallArgs& a) {
      std::vector<Value> items = in.iterate(a.args.at(0));
      if (items.empty()) in.raise("IndexError", "Cannot choose from an empty sequence");
      return items[in.random().randbelow(items.size())];
    });
    d["shuffle"] = make_builtin("shuffle", [](Interp& in, CallArgs& a) {
      auto* l = a.args.at(0).as<ListObject>();
      if (!l) in.raise("TypeError", "shuffle() wants a list");
      std::vector<std::size_t> order = in.random().shuffle_order(l->items.size());
      std::vector<Value> out;
      for (std::size_t i : order) out.push_back(l->items[i]);
      l->items = std::move(out);
      return Value();
    });
    d["uniform"] = make_builtin("uniform", [](Interp& in, CallArgs& a) {
      return Value::real(in.random().uniform(number(in, a.args.at(0), "uniform"),
                                             number(in, a.args.at(1), "uniform")));
    });
    modules_["random"] = m;
  }
  // gevent and gevent.monkey
  {
    Value m(new ModuleObject("gevent"));
    auto& d = m.as<ModuleObject>()->dict;
    auto spawn = [](Interp& in, CallArgs& a, double later) {
      if (a.args.empty()) in.raise("TypeError", "spawn() needs a function");
      Value fn = a.args[0];
      CallArgs rest;
      rest.args.assign(a.args.begin() + 1, a.args.end());
      rest.kwargs = a.kwargs;
      auto body = [&in, fn, rest]() -> runtime::Value { return runtime::Value(in.call(fn, rest)); };
      hub::GreenletPtr g = later >= 0 ? hub::spawn_later(later, body, callable_name(fn))
                                      : hub::spawn(body, callable_name(fn));
      return gevent_object(in, g, fn, rest);
    };
    d["spawn"] =
        make_builtin("spawn", [spawn](Interp& in, CallArgs& a) { return spawn(in, a, -1); });
    // gevent.Greenlet(fn, *args): made but not scheduled until start().
    Value gcls(new_class("Greenlet", {builtins_.at("object")}, "gevent"));
    gcls.as<ClassObject>()->dict["__new_builtin__"] =
        make_builtin("Greenlet", [](Interp& in, CallArgs& a) {
          if (a.args.size() < 2) in.raise("TypeError", "Greenlet() needs a function");
          Value fn = a.args[1];
          CallArgs rest;
          rest.args.assign(a.args.begin() + 2, a.args.end());
          rest.kwargs = a.kwargs;
          hub::GreenletPtr g = hub::Greenlet::create(
              [&in, fn, rest]() -> runtime::Value { return runtime::Value(in.call(fn, rest)); },
              callable_name(fn));
          return gevent_object(in, g, fn, rest);
        });
    d["Greenlet"] = gcls;
    d["spawn_later"] = make_builtin("spawn_later", [spawn](Interp& in, CallArgs& a) {
      const double s = number(in, a.args.at(0), "spawn_later()");
      CallArgs rest;
      rest.args.assign(a.args.begin() + 1, a.args.end());
      rest.kwargs = a.kwargs;
      return spawn(in, rest, s);
    });
    d["sleep"] = make_builtin("sleep", [](Interp& in, CallArgs& a) {
      hub::sleep(a.args.empty() ? 0 : number(in, a.args[0], "sleep()"));
      return Value();
    });
    auto greenlets = [](Interp& in, const Value& list, const char* fn) {
      std::vector<hub::GreenletPtr> gs;
      for (const Value& v : in.iterate(list)) {
        auto* o = v.as<GreenletObject>();
        if (!o || !o->gevent) in.raise("TypeError", std::string(fn) + "() wants gevent Greenlets");
        gs.emplace_back(static_cast<hub::Greenlet*>(o->g.get()));
      }
      return gs;
    };
    // wait(objects=None, timeout=None, count=None): without objects, until the
    // hub has nothing left to do; with them, those that finished (as joinall).
    d["wait"] = make_builtin("wait", [greenlets](Interp& in, CallArgs& a) -> Value {
      const Value* objects = a.args.empty() ? a.kw("objects") : &a.args[0];
      const Value* t = a.args.size() > 1 ? &a.args[1] : a.kw("timeout");
      std::optional<double> timeout;
      if (t && !t->is_none()) timeout = number(in, *t, "timeout");
      if (!objects || objects->is_none()) {
        hub::wait();
        return Value::boolean(true);
      }
      std::optional<std::size_t> count;
      if (const Value* c = a.kw("count"); c && !c->is_none()) {
        count = static_cast<std::size_t>(std::max<std::int64_t>(0, c->as_int()));
      }
      std::vector<Value> done;
      for (const hub::GreenletPtr& g :
           hub::joinall(greenlets(in, *objects, "wait"), timeout, false, count)) {
        done.push_back(in.greenlet_object(g.get()));
      }
      return Value(make_list(std::move(done)));
    });
    // killall(greenlets, exception=GreenletExit, block=True, timeout=None)
    d["killall"] = make_builtin("killall", [greenlets](Interp& in, CallArgs& a) {
      std::vector<hub::GreenletPtr> gs = greenlets(in, a.args.at(0), "killall");
      const Value* exc = a.args.size() > 1 ? &a.args[1] : a.kw("exception");
      std::exception_ptr e;
      if (exc && !exc->is_none()) {
        Value instance = exc->as<ClassObject>() ? in.call(*exc, std::vector<Value>{}) : *exc;
        auto* inst = instance.as<InstanceObject>();
        if (!inst || inst->klass()->name != "GreenletExit")
          e = std::make_exception_ptr(PyError{instance, {}});
      }
      const Value* b = a.args.size() > 2 ? &a.args[2] : a.kw("block");
      const Value* t = a.args.size() > 3 ? &a.args[3] : a.kw("timeout");
      std::optional<double> timeout;
      if (t && !t->is_none()) timeout = number(in, *t, "timeout");
      hub::killall(gs, e, !b || truthy(*b), timeout);
      return Value();
    });
    d["joinall"] = make_builtin("joinall", [greenlets](Interp& in, CallArgs& a) {
      std::vector<hub::GreenletPtr> gs = greenlets(in, a.args.at(0), "joinall");
      std::optional<double> timeout;
      if (a.args.size() > 1 && !a.args[1].is_none()) timeout = number(in, a.args[1], "timeout");
      if (const Value* t = a.kw("timeout"); t && !t->is_none()) timeout = number(in, *t, "timeout");
      bool raise_error = a.args.size() > 2 && truthy(a.args[2]);
      if (const Value* r = a.kw("raise_error")) raise_error = truthy(*r);
      std::optional<std::size_t> count;
      if (const Value* c = a.kw("count"); c && !c->is_none()) {
        count = static_cast<std::size_t>(std::max<std::int64_t>(0, c->as_int()));
      }
      std::vector<Value> done;
      for (const hub::GreenletPtr& g : hub::joinall(gs, timeout, raise_error, count)) {
        done.push_back(in.greenlet_object(g.get()));
      }
      return Value(make_list(std::move(done)));
    });
    d["getcurrent"] = make_builtin("getcurrent", [](Interp& in, CallArgs&) {
      return in.greenlet_object(runtime::getcurrent().get());
    });
    d["get_hub"] = make_builtin("get_hub", [](Interp& in, CallArgs&) { return in.hub_object(); });
    install_timeout(*m.as<ModuleObject>());
    Value exceptions(new ModuleObject("gevent.exceptions"));
    exceptions.as<ModuleObject>()->dict["LoopExit"] =
        Value(new_class("LoopExit", {builtins_.at("Exception")}, "gevent.exceptions"));
    modules_["gevent.exceptions"] = exceptions;
    d["exceptions"] = exceptions;
    modules_["gevent"] = m;
    Value monkey(new ModuleObject("gevent.monkey"));
    monkey.as<ModuleObject>()->dict["patch_all"] =
        make_builtin("patch_all", [](Interp& in, CallArgs&) {
          in.patch_time();
          return Value();
        });
    modules_["gevent.monkey"] = monkey;
    d["monkey"] = monkey;
    // gevent.event.Event / AsyncResult and gevent.queue.Queue over the hub's.
    Value event(new ModuleObject("gevent.event"));
    auto native_class = [&](const char* name, const char* module, BuiltinFn make) {
      Value c(new_class(name, {builtins_.at("object")}, module));
      c.as<ClassObject>()->dict["__new_builtin__"] = make_builtin(name, std::move(make));
      return c;
    };
    event.as<ModuleObject>()->dict["Event"] =
        native_class("Event", "gevent.event", [](Interp&, CallArgs&) {
          return Value(new NativeObject("Event", std::make_shared<hub::Event>()));
        });
    event.as<ModuleObject>()->dict["AsyncResult"] =
        native_class("AsyncResult", "gevent.event", [](Interp&, CallArgs&) {
          return Value(new NativeObject("AsyncResult", std::make_shared<hub::AsyncResult>()));
        });
    modules_["gevent.event"] = event;
    d["event"] = event;
    Value queue(new ModuleObject("gevent.queue"));
    auto& qd = queue.as<ModuleObject>()->dict;
    qd["Queue"] = native_class("Queue", "gevent.queue", [](Interp& in, CallArgs& a) {
      std::optional<std::size_t> maxsize;
      const Value* size = a.args.size() > 1 ? &a.args[1] : a.kw("maxsize");
      if (size && !size->is_none() && size->as_int() > 0) {
        maxsize = static_cast<std::size_t>(size->as_int());
      }
      (void)in;
      return Value(new NativeObject("Queue", std::make_shared<hub::Queue>(maxsize)));
    });
    builtins_["Empty"] = Value(new_class("Empty", {builtins_.at("Exception")}, "gevent.queue"));
    builtins_["Full"] = Value(new_class("Full", {builtins_.at("Exception")}, "gevent.queue"));
    qd["Empty"] = builtins_.at("Empty");
    qd["Full"] = builtins_.at("Full");
    builtins_.erase("Empty");
    builtins_.erase("Full");
    modules_["gevent.queue"] = queue;
    d["queue"] = queue;
  }
  install_socket();
}

Value Interp::import_module(const std::string& name) {
  if (name.starts_with("gevent") && !reporting_failures_) {
    // An uncaught exception in a spawned greenlet: gevent's report, with
    // the Python traceback, to hub.exception_stream.
    reporting_failures_ = true;
    hub::Hub::get().set_failure_reporter(
        [this](const runtime::Greenlet& g, const std::exception_ptr& e) {
          return report_failure(g, e);
        });
  }
  auto it = modules_.find(name);
  if (it == modules_.end()) {
    // from M import name, where M has no name: CPython's ImportError.
    if (const auto dot = name.rfind('.'); dot != std::string::npos) {
      if (auto parent = modules_.find(name.substr(0, dot)); parent != modules_.end()) {
        raise("ImportError", "cannot import name '" + name.substr(dot + 1) + "' from '" +
                                 name.substr(0, dot) + "' (unknown location)");
      }
    }
    raise("ModuleNotFoundError", "No module named '" + name + "'");
  }
  return it->second;
}

}  // namespace coroscope::script

namespace coroscope::script {

Value Interp::native_attr(const Value& obj, const std::string& name) {
  auto* n = obj.as<NativeObject>();
  if (n->type == "StringIO" || n->type == "Pattern" || n->type == "Match") {
    return text_attr(obj, name);
  }
  if (n->type == "socket" || n->type == "StreamServer") return socket_attr(obj, name);
  if (n->type == "super") {
    // The classes of self in lookup order; search those after cls.
    auto* ref = static_cast<SuperRef*>(n->ptr.get());
    std::vector<const ClassObject*> order;
    std::function<void(const ClassObject*)> walk = [&](const ClassObject* c) {
      if (std::find(order.begin(), order.end(), c) == order.end()) order.push_back(c);
      for (const Value& b : c->bases) walk(b.as<ClassObject>());
    };
    ClassObject* start = nullptr;
    if (auto* inst = ref->self.as<InstanceObject>()) start = inst->klass();
    if (auto* g = ref->self.as<GreenletObject>()) start = g->klass();
    if (start) walk(start);
    auto at = std::find(order.begin(), order.end(), ref->cls.as<ClassObject>());
    for (auto it = at == order.end() ? at : at + 1; it != order.end(); ++it) {
      if (auto found = (*it)->dict.find(name); found != (*it)->dict.end()) {
        return bind(ref->self, found->second);
      }
    }
    if (name == "__init__") {  // object.__init__
      return make_builtin("__init__", [](Interp&, CallArgs&) { return Value(); });
    }
    raise("AttributeError", "'super' object has no attribute '" + name + "'");
  }
  auto method = [&](const char* m, BuiltinFn fn) { return make_builtin(m, std::move(fn), obj); };
  auto timeout_of = [](Interp& in, CallArgs& a, std::size_t pos) -> std::optional<double> {
    const Value* t = a.args.size() > pos ? &a.args[pos] : a.kw("timeout");
    if (!t || t->is_none()) return std::nullopt;
    return number(in, *t, "timeout");
  };
  if (n->type == "Event") {
    auto ev = [](CallArgs& a) {
      return static_cast<hub::Event*>(a.args[0].as<NativeObject>()->ptr.get());
    };
    if (name == "set")
      return method("set", [ev](Interp&, CallArgs& a) {
        ev(a)->set();
        return Value();
      });
    if (name == "clear")
      return method("clear", [ev](Interp&, CallArgs& a) {
        ev(a)->clear();
        return Value();
      });
    if (name == "is_set" || name == "ready" || name == "isSet") {
      return method(name.c_str(),
                    [ev](Interp&, CallArgs& a) { return Value::boolean(ev(a)->is_set()); });
    }
    if (name == "wait") {
      return method("wait", [ev, timeout_of](Interp& in, CallArgs& a) {
        return Value::boolean(ev(a)->wait(timeout_of(in, a, 1)));
      });
    }
  } else if (n->type == "AsyncResult") {
    auto ar = [](CallArgs& a) {
      return static_cast<hub::AsyncResult*>(a.args[0].as<NativeObject>()->ptr.get());
    };
    if (name == "set") {
      return method("set", [ar](Interp&, CallArgs& a) {
        ar(a)->set(runtime::Value(a.args.size() > 1 ? a.args[1] : Value()));
        return Value();
      });
    }
    if (name == "get") {
      return method("get", [ar, timeout_of](Interp& in, CallArgs& a) {
        const std::optional<double> timeout = timeout_of(in, a, 2);
        const Value* b = a.args.size() > 1 ? &a.args[1] : a.kw("block");
        try {
          return from_runtime(in, ar(a)->get(!b || truthy(*b), timeout));
        } catch (const hub::Timeout&) {
          in.raise(in.call(in.getattr(in.import_module("gevent"), "Timeout"),
                           {timeout ? Value::real(*timeout) : Value()}));
        }
      });
    }
    if (name == "ready")
      return method("ready", [ar](Interp&, CallArgs& a) { return Value::boolean(ar(a)->ready()); });
    if (name == "successful") {
      return method("successful",
                    [ar](Interp&, CallArgs& a) { return Value::boolean(ar(a)->successful()); });
    }
    auto* result = static_cast<hub::AsyncResult*>(n->ptr.get());
    if (name == "value") return from_runtime(*this, result->value());
    if (name == "exception") {
      if (!result->exception()) return Value();
      try {
        std::rethrow_exception(result->exception());
      } catch (const PyError& e) {
        return e.exc;
      } catch (...) {
        return new_exception("RuntimeError", "a C++ exception");
      }
    }
  } else if (n->type == "Queue") {
    auto q = [](CallArgs& a) {
      return static_cast<hub::Queue*>(a.args[0].as<NativeObject>()->ptr.get());
    };
    if (name == "put" || name == "put_nowait") {
      const bool nowait = name == "put_nowait";
      return method(name.c_str(), [q, nowait, timeout_of](Interp& in, CallArgs& a) {
        const Value* b = a.kw("block");
        const bool block = !nowait && (a.args.size() > 2 ? truthy(a.args[2]) : !b || truthy(*b));
        try {
          q(a)->put(runtime::Value(a.args.at(1)), block, timeout_of(in, a, 3));
        } catch (const hub::Full&) {
          in.raise(
              in.call(in.getattr(in.import_module("gevent.queue"), "Full"), std::vector<Value>{}));
        }
        return Value();
      });
    }
    if (name == "get" || name == "get_nowait") {
      const bool nowait = name == "get_nowait";
      return method(name.c_str(), [q, nowait, timeout_of](Interp& in, CallArgs& a) {
        const Value* b = a.kw("block");
        const bool block = !nowait && (a.args.size() > 1 ? truthy(a.args[1]) : !b || truthy(*b));
        try {
          return from_runtime(in, q(a)->get(block, timeout_of(in, a, 2)));
        } catch (const hub::Empty&) {
          in.raise(
              in.call(in.getattr(in.import_module("gevent.queue"), "Empty"), std::vector<Value>{}));
        }
      });
    }
    if (name == "qsize")
      return method("qsize", [q](Interp&, CallArgs& a) {
        return Value::integer(static_cast<std::int64_t>(q(a)->qsize()));
      });
    if (name == "empty")
      return method("empty", [q](Interp&, CallArgs& a) { return Value::boolean(q(a)->empty()); });
    if (name == "full")
      return method("full", [q](Interp&, CallArgs& a) { return Value::boolean(q(a)->full()); });
  }
  raise("AttributeError", "'" + n->type + "' object has no attribute '" + name + "'");
}

bool GreenletObject::truthy() const {
  if (!g) return false;
  if (gevent) return static_cast<const hub::Greenlet*>(g.get())->started();
  return g->active();
}

Value Interp::frame_object(const std::vector<const Frame*>& frames, std::size_t i) {
  const Frame& f = *frames[i];
  auto* code = new InstanceObject(code_class_);
  Value c(code);
  code->dict["co_name"] = str_value(frame_name(f));
  code->dict["co_filename"] = str_value(filename_);
  code->dict["co_firstlineno"] = Value::integer(f.code ? f.code->line : 1);
  auto* frame = new InstanceObject(frame_class_);
  Value v(frame);
  frame->dict["f_code"] = c;
  frame->dict["f_lineno"] = Value::integer(f.line);
  Value locals(make_dict());
  for (const auto& [k, x] : f.scope->vars) locals.as<DictObject>()->set(str_value(k), x);
  frame->dict["f_locals"] = locals;
  frame->dict["f_back"] = i + 1 < frames.size() ? frame_object(frames, i + 1) : Value();
  return v;
}

Value Interp::greenlet_switch(const Value& target, CallArgs args) {
  auto* self = target.as<GreenletObject>();
  runtime::Value send;
  if (self->g->started() || self->g->dead()) {
    send =
        carry<runtime::Value>(args.args.empty() && args.kwargs.empty() ? empty_tuple_ : pack(args));
  } else {
    send = runtime::Value(StartArgs{resolve_run(*this, target), std::move(args)});
    self->run = Value();  // a started greenlet has no run any more
  }
  return from_runtime(*this, self->g->switch_to(std::move(send)));
}

bool Interp::report_failure(const runtime::Greenlet& g, const std::exception_ptr& e) {
  std::string text;
  Value exc;
  try {
    std::rethrow_exception(e);
  } catch (const PyError& x) {
    text = traceback_text(x);
    exc = x.exc;
  } catch (...) {
    return false;  // not a Python exception: the hub's own report
  }
  // As gevent prints it, its Greenlet.run frame first.
  text.insert(text.find('\n') + 1,
              "  File \"src/gevent/greenlet.py\", line 908, in "
              "gevent._gevent_cgreenlet.Greenlet.run\n");
  text += hub::utc_timestamp() + " " + repr(greenlet_object(const_cast<runtime::Greenlet*>(&g))) +
          " failed with " + type_name(exc) + "\n\n";
  auto* hub = hub_object().as<GreenletObject>();
  auto stream = hub->dict.find("exception_stream");
  if (stream == hub->dict.end()) {
    if (out_.error) {
      out_.error(text);
    } else {
      hub::Hub::get().exception_stream() << text << std::flush;
    }
  } else if (!stream->second.is_none()) {
    try {
      call(getattr(stream->second, "write"), {str_value(text)});
    } catch (const PyError&) {
      hub::Hub::get().exception_stream() << text << std::flush;
    }
  }
  return true;
}

Value Interp::hub_object() {
  if (hub_object_.is_none()) hub_object_ = greenlet_object(&hub::Hub::get());
  return hub_object_;
}

void Interp::set_greenlet_attr(const Value& obj, const std::string& name, Value v) {
  auto* o = obj.as<GreenletObject>();
  if (name == "parent") {
    auto* p = v.as<GreenletObject>();
    if (!p) raise("TypeError", "parent must be a greenlet");
    o->g->set_parent(p->g);
  } else if (name == "run" && !o->gevent) {
    if (o->g->started())
      raise("AttributeError", "run cannot be set after the start of the greenlet");
    o->run = std::move(v);
  } else if (name == "dead" || name == "gr_frame" || name == "switch" || name == "throw") {
    raise("AttributeError",
          "attribute '" + name + "' of '" + type_name(obj) + "' objects is not writable");
  } else {
    o->dict[name] = std::move(v);
  }
}

Value Interp::greenlet_attr(const Value& obj, const std::string& name) {
  auto* o = obj.as<GreenletObject>();
  auto method = [&](const char* n, BuiltinFn fn) { return make_builtin(n, std::move(fn), obj); };
  if (o->gevent) {
    auto* hg = static_cast<hub::Greenlet*>(o->g.get());
    if (name == "value") return from_runtime(*this, hg->value());
    if (name == "dead") return Value::boolean(hg->dead());
    if (name == "started") return Value::boolean(hg->started());
    // gevent drops a greenlet's arguments once it has run.
    if (name == "args") return o->args.is_none() || hg->dead() ? Value(make_tuple({})) : o->args;
    if (name == "name") return str_value(hg->name());
    if (name == "exception") {
      if (!hg->exception()) return Value();
      try {
        std::rethrow_exception(hg->exception());
      } catch (PyError& e) {
        return e.exc;
      } catch (...) {
        return new_exception("RuntimeError", "a C++ exception");
      }
    }
    if (name == "ready" || name == "successful") {
      const bool ready = name == "ready";
      return method(name.c_str(), [ready](Interp&, CallArgs& a) {
        auto* g = static_cast<hub::Greenlet*>(a.args[0].as<GreenletObject>()->g.get());
        return Value::boolean(ready ? g->ready() : g->successful());
      });
    }
    if (name == "start") {
      return method("start", [](Interp&, CallArgs& a) {
        static_cast<hub::Greenlet*>(a.args[0].as<GreenletObject>()->g.get())->start();
        return Value();
      });
    }
    if (name == "join") {
      return method("join", [](Interp& in, CallArgs& a) {
        auto* g = static_cast<hub::Greenlet*>(a.args[0].as<GreenletObject>()->g.get());
        std::optional<double> timeout;
        if (a.args.size() > 1 && !a.args[1].is_none()) timeout = number(in, a.args[1], "timeout");
        g->join(timeout);
        return Value();
      });
    }
    if (name == "get") {
      return method("get", [](Interp& in, CallArgs& a) {
        auto* g = static_cast<hub::Greenlet*>(a.args[0].as<GreenletObject>()->g.get());
        return from_runtime(in, g->get());
      });
    }
    if (name == "kill") {
      return method("kill", [](Interp& in, CallArgs& a) {
        auto* g = static_cast<hub::Greenlet*>(a.args[0].as<GreenletObject>()->g.get());
        const Value* block = a.kw("block");
        g->kill({}, !block || truthy(*block));
        (void)in;
        return Value();
      });
    }
  } else {
    if (name == "dead") return Value::boolean(o->g->dead());
    if (name == "run") {
      if (o->g->started() || o->run.is_none()) raise("AttributeError", "run");
      return o->run;
    }
    if (name == "gr_frame") {
      // Only a suspended greenlet has a frame: where it will resume.
      if (!o->g->started() || o->g->dead() || o->g == runtime::getcurrent()) return Value();
      std::vector<const Frame*> frames = frames_of(*o->g);
      return frames.empty() ? Value() : frame_object(frames, 0);
    }
    if (name == "parent") {
      runtime::GreenletRef p = o->g->parent();
      return p ? greenlet_object(p.get()) : Value();
    }
    if (name == "switch") {
      return method("switch", [](Interp& in, CallArgs& a) {
        CallArgs rest;
        rest.args.assign(a.args.begin() + 1, a.args.end());
        rest.kwargs = std::move(a.kwargs);
        return in.greenlet_switch(a.args[0], std::move(rest));
      });
    }
    if (name == "throw") {
      return method("throw", [](Interp& in, CallArgs& a) {
        auto* self = a.args[0].as<GreenletObject>();
        Value exc;
        if (a.args.size() < 2) {
          exc = in.new_exception("GreenletExit", "");
        } else if (a.args[1].as<ClassObject>()) {
          std::vector<Value> args;
          if (a.args.size() > 2) args.push_back(a.args[2]);
          exc = in.call(a.args[1], std::move(args));
        } else {
          exc = a.args[1];
        }
        // GreenletExit goes in as the runtime's own, so that the runtime's rule
        // holds: one that is not caught comes back to the parent as a value.
        auto* inst = exc.as<InstanceObject>();
        if (inst && inst->klass()->name == "GreenletExit") {
          return from_runtime(in, self->g->throw_into(runtime::GreenletExit{}));
        }
        return from_runtime(in, self->g->throw_into(std::make_exception_ptr(PyError{exc, {}})));
      });
    }
  }
  raise("AttributeError", "'" + type_name(obj) + "' object has no attribute '" + name + "'");
}

}  // namespace coroscope::script
