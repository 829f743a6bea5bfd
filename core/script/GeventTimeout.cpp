// GeventTimeout: gevent.Timeout for scripts. It is an exception class, and
// each instance is also a timer: start() arms a hub timer for the greenlet that
// calls it, and when it fires the hub raises the Timeout itself (or the
// exception it was given) in that greenlet, wherever it is blocked. A context
// manager: `with Timeout(0.5):` raises it out of the block, `with Timeout(0.5,
// False):` ends the block quietly. Also gevent.with_timeout.
#include "hub/Hub.hpp"
#include "script/Interp.hpp"
#include "script/ModuleSupport.hpp"

namespace coroscope::script {

namespace {

// TimerSlot: the armed hub timer of one Timeout (0: not pending).
struct TimerSlot {
  std::uint64_t id = 0;
};

InstanceObject& timeout_self(Interp& in, CallArgs& a) {
  auto* self = a.args.empty() ? nullptr : a.args[0].as<InstanceObject>();
  if (!self || !self->dict.contains("__timer__"))
    in.raise("TypeError", "expected a gevent.Timeout");
  return *self;
}

TimerSlot& slot(InstanceObject& self) {
  return *static_cast<TimerSlot*>(self.dict.at("__timer__").as<NativeObject>()->ptr.get());
}

// seconds_text(s): gevent's str(): "1 second", "0.5 seconds".
std::string seconds_text(const Value& seconds) {
  if (seconds.is_none()) return "";
  std::string n = str(seconds);
  const bool one = seconds.is_int() ? seconds.as_int() == 1 : seconds.as_float() == 1.0;
  return n + (one ? " second" : " seconds");
}

void cancel(InstanceObject& self) {
  TimerSlot& t = slot(self);
  if (t.id) hub::Hub::get().cancel_timer(std::exchange(t.id, 0));
  self.dict["pending"] = Value::boolean(false);
}

void start(Interp& in, const Value& me) {
  auto& self = *me.as<InstanceObject>();
  TimerSlot& t = slot(self);
  if (t.id) in.raise("AssertionError", "Timer is already active; cancel it first");
  const Value seconds = self.dict["seconds"];
  if (seconds.is_none()) return;  // Timeout(None): never fires
  hub::Hub& hub = hub::Hub::get();
  runtime::GreenletRef owner = runtime::getcurrent();
  if (owner.get() == &hub) in.raise("RuntimeError", "a Timeout cannot be started in the hub");
  const Value given = self.dict["exception"];
  // The exception it raises: the one given, else the Timeout itself.
  Value exc = given.is_none() || given.is_bool() ? me : given;
  if (auto* cls = exc.as<ClassObject>()) exc = in.call(Value(cls), std::vector<Value>{});
  t.id = hub.start_timer(
      hub.refresh_now() + number(in, seconds, "Timeout"),
      [&hub, owner, exc, me] {
        auto& s = *me.as<InstanceObject>();
        slot(s).id = 0;
        s.dict["pending"] = Value::boolean(false);
        if (owner->dead()) return;
        hub.emit(runtime::Sched::Wake, owner.get(), "timeout: raised in its owner");
        owner->throw_into(std::make_exception_ptr(PyError{exc, {}}));
      },
      owner.get());
  self.dict["pending"] = Value::boolean(true);
}

}  // namespace

void Interp::install_timeout(ModuleObject& gevent) {
  Value cls(new_class("Timeout", {builtins_.at("BaseException")}, "gevent.timeout"));
  auto& d = cls.as<ClassObject>()->dict;
  d["__init__"] = make_builtin("__init__", [](Interp& in, CallArgs& a) {
    auto* self = a.args.empty() ? nullptr : a.args[0].as<InstanceObject>();
    if (!self) in.raise("TypeError", "Timeout.__init__ needs a Timeout");
    const Value* seconds = a.args.size() > 1 ? &a.args[1] : a.kw("seconds");
    const Value* exception = a.args.size() > 2 ? &a.args[2] : a.kw("exception");
    self->dict["seconds"] = seconds ? *seconds : Value();
    self->dict["exception"] = exception ? *exception : Value();
    self->dict["args"] = Value(make_tuple({}));
    self->dict["pending"] = Value::boolean(false);
    self->dict["__timer__"] = Value(new NativeObject("timer", std::make_shared<TimerSlot>()));
    return Value();
  });
  d["__str__"] = make_builtin("__str__", [](Interp& in, CallArgs& a) {
    InstanceObject& self = timeout_self(in, a);
    std::string text = seconds_text(self.dict["seconds"]);
    const Value exception = self.dict["exception"];
    if (exception.is_bool() && !exception.as_int()) return str_value(text + " (silent)");
    if (!exception.is_none() && !exception.is_bool()) text += ": " + str(exception);
    return str_value(text);
  });
  d["start"] = make_builtin("start", [](Interp& in, CallArgs& a) {
    timeout_self(in, a);
    start(in, a.args[0]);
    return Value();
  });
  auto stop = [](Interp& in, CallArgs& a) {
    cancel(timeout_self(in, a));
    return Value();
  };
  d["cancel"] = make_builtin("cancel", stop);
  d["close"] = make_builtin("close", stop);
  d["__enter__"] = make_builtin("__enter__", [](Interp& in, CallArgs& a) {
    InstanceObject& self = timeout_self(in, a);
    if (!slot(self).id) start(in, a.args[0]);
    return a.args[0];
  });
  d["__exit__"] = make_builtin("__exit__", [](Interp& in, CallArgs& a) {
    InstanceObject& self = timeout_self(in, a);
    cancel(self);
    // Swallowed only when it is this silent Timeout (exception=False).
    const Value exception = self.dict["exception"];
    const bool silent = exception.is_bool() && !exception.as_int();
    return Value::boolean(silent && a.args.size() > 2 && a.args[2].object() == a.args[0].object());
  });
  d["start_new"] = make_builtin("start_new", [cls = cls.object()](Interp& in, CallArgs& a) {
    Value t = in.call(Value(cls), std::move(a));
    start(in, t);
    return t;
  });
  gevent.dict["Timeout"] = cls;
  // with_timeout(seconds, fn, *args, timeout_value=...): fn(*args), or
  // timeout_value if the time runs out first (else the Timeout propagates).
  gevent.dict["with_timeout"] =
      make_builtin("with_timeout", [cls = cls.object()](Interp& in, CallArgs& a) {
        if (a.args.size() < 2) in.raise("TypeError", "with_timeout(seconds, function, *args)");
        Value t = in.call(Value(cls), std::vector<Value>{a.args[0]});
        CallArgs call;
        call.args.assign(a.args.begin() + 2, a.args.end());
        const Value* fallback = nullptr;
        for (auto& [k, v] : a.kwargs) {
          if (k == "timeout_value") {
            fallback = &v;
          } else {
            call.kwargs.emplace_back(k, v);
          }
        }
        start(in, t);
        try {
          Value result = in.call(a.args[1], std::move(call));
          cancel(*t.as<InstanceObject>());
          return result;
        } catch (const PyError& e) {
          cancel(*t.as<InstanceObject>());
          if (fallback && e.exc.object() == t.object()) return *fallback;
          throw;
        }
      });
}

}  // namespace coroscope::script
