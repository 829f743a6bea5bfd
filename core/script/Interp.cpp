#include "script/Interp.hpp"
#include "script/Limits.hpp"

#include <algorithm>
#include <boost/context/fiber.hpp>
#include <chrono>
#include <cmath>
#include <optional>
#include <sstream>
#include <utility>

#include "hub/Greenlet.hpp"
#include "hub/Hub.hpp"
#include "runtime/World.hpp"
#include "script/Parser.hpp"
#include "script/Percent.hpp"

namespace coroscope::script {

namespace {

// GeneratorDone: what a generator's fiber returns when its function has
// returned (its value), as opposed to a yielded value.
struct GeneratorDone {
  Value value;
};

// collect_locals(body, code): the names a function body binds, Python's rule
// for what is local (nested defs and lambdas are not looked into).
void collect_target(const Expr& t, Code& code) {
  if (const auto* n = std::get_if<Name>(&t.node)) code.locals.insert(n->id);
  if (const auto* tu = std::get_if<Tuple>(&t.node)) {
    for (const ExprPtr& e : tu->elts) collect_target(*e, code);
  }
  if (const auto* l = std::get_if<List>(&t.node)) {
    for (const ExprPtr& e : l->elts) collect_target(*e, code);
  }
  if (const auto* s = std::get_if<Starred>(&t.node)) collect_target(*s->value, code);
}

void collect_locals(const Body& body, Code& code) {
  for (const StmtPtr& s : body) {
    std::visit(
        [&](const auto& n) {
          using T = std::decay_t<decltype(n)>;
          if constexpr (std::is_same_v<T, Assign>) {
            for (const ExprPtr& t : n.targets) collect_target(*t, code);
          } else if constexpr (std::is_same_v<T, AugAssign>) {
            collect_target(*n.target, code);
          } else if constexpr (std::is_same_v<T, For>) {
            collect_target(*n.target, code);
            collect_locals(n.body, code);
            collect_locals(n.orelse, code);
          } else if constexpr (std::is_same_v<T, While>) {
            collect_locals(n.body, code);
            collect_locals(n.orelse, code);
          } else if constexpr (std::is_same_v<T, If>) {
            collect_locals(n.body, code);
            collect_locals(n.orelse, code);
          } else if constexpr (std::is_same_v<T, Try>) {
            collect_locals(n.body, code);
            for (const ExceptHandler& h : n.handlers) {
              if (!h.name.empty()) code.locals.insert(h.name);
              collect_locals(h.body, code);
            }
            collect_locals(n.orelse, code);
            collect_locals(n.finalbody, code);
          } else if constexpr (std::is_same_v<T, With>) {
            for (const WithItem& w : n.items) {
              if (w.optional_vars) collect_target(*w.optional_vars, code);
            }
            collect_locals(n.body, code);
          } else if constexpr (std::is_same_v<T, FunctionDef> || std::is_same_v<T, ClassDef>) {
            code.locals.insert(n.name);
          } else if constexpr (std::is_same_v<T, Import> || std::is_same_v<T, ImportFrom>) {
            for (const Alias& a : n.names) {
              code.locals.insert(!a.asname.empty() ? a.asname : a.name.substr(0, a.name.find('.')));
            }
          } else if constexpr (std::is_same_v<T, Global>) {
            for (const std::string& g : n.names) code.globals.insert(g);
          } else if constexpr (std::is_same_v<T, Nonlocal>) {
            for (const std::string& g : n.names) code.nonlocals.insert(g);
          } else if constexpr (std::is_same_v<T, Delete>) {
            for (const ExprPtr& t : n.targets) collect_target(*t, code);
          }
        },
        s->node);
  }
}

}  // namespace

// ---- cycles ------------------------------------------------------------------------------

namespace {
// t_tracked: the cycle-capable objects alive while an interpreter runs on this thread.
thread_local std::unordered_set<Object*>* t_tracked = nullptr;
}  // namespace

void track(Object* o) {
  if (t_tracked) t_tracked->insert(o);
}

void untrack(Object* o) {
  if (t_tracked) t_tracked->erase(o);
}

std::unordered_set<Object*>* tracking(std::unordered_set<Object*>* set) {
  return std::exchange(t_tracked, set);
}

// ---- objects' text ---------------------------------------------------------------------

std::string FunctionObject::repr() const {
  char buf[128];
  std::snprintf(buf, sizeof buf, "<function %s at %p>", qualname.c_str(),
                static_cast<const void*>(this));
  return buf;
}

const Value* ClassObject::lookup(const std::string& attr) const {
  auto it = dict.find(attr);
  if (it != dict.end()) return &it->second;
  for (const Value& b : bases) {
    if (const Value* v = b.as<ClassObject>()->lookup(attr)) return v;
  }
  return nullptr;
}

bool ClassObject::is_subclass_of(const ClassObject* other) const {
  if (this == other) return true;
  for (const Value& b : bases) {
    if (b.as<ClassObject>()->is_subclass_of(other)) return true;
  }
  return false;
}

std::string ClassObject::repr() const {
  return "<class '" + (module == "builtins" ? name : module + "." + name) + "'>";
}

namespace {
// The interpreter running on this thread: what a script's __str__ and
// __repr__ are called with when str() or repr() reach an instance.
thread_local Interp* active_interp = nullptr;

std::optional<std::string> dunder_text(const InstanceObject& self, const char* name) {
  const Value* method = self.klass()->lookup(name);
  if (!method || !active_interp) return std::nullopt;
  Interp& in = *active_interp;
  Value me(const_cast<InstanceObject*>(&self));
  Value text = in.call(in.bind(me, *method), std::vector<Value>{});
  if (!text.as<StrObject>()) {
    in.raise("TypeError",
             std::string(name) + " returned non-string (type " + type_name(text) + ")");
  }
  return text.as<StrObject>()->text;
}
}  // namespace

std::string InstanceObject::repr() const {
  if (auto text = dunder_text(*this, "__repr__")) return *text;
  // Exceptions: ValueError('msg'); others: <__main__.X object at 0x...>.
  auto args = dict.find("args");
  if (args != dict.end() && klass()->lookup("__exception__")) {
    const auto& items = args->second.as<TupleObject>()->items;
    std::string out = klass()->name + "(";
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + script::repr(items[i]);
    return out + ")";
  }
  char buf[160];
  std::snprintf(buf, sizeof buf, "<%s.%s object at %p>", klass()->module.c_str(),
                klass()->name.c_str(), static_cast<const void*>(this));
  return buf;
}

std::string InstanceObject::str() const {
  if (auto text = dunder_text(*this, "__str__")) return *text;
  auto args = dict.find("args");
  if (args != dict.end() && klass()->lookup("__exception__")) {
    const auto& items = args->second.as<TupleObject>()->items;
    if (items.empty()) return "";
    if (items.size() == 1) return script::str(items[0]);
    return script::repr(args->second);
  }
  return repr();
}

std::string GreenletObject::repr() const {
  char buf[160];
  if (gevent) {
    std::snprintf(buf, sizeof buf, "<Greenlet at %p: %s>", static_cast<const void*>(this),
                  g ? g->name().c_str() : "?");
  } else {
    std::snprintf(buf, sizeof buf, "<greenlet.greenlet object at %p (otid=%p) %s>",
                  static_cast<const void*>(this), static_cast<const void*>(g.get()),
                  !g          ? ""
                  : g->dead() ? "dead"
                  : g->active()
                      ? (g->suspended() ? "suspended active" : "current active started main")
                      : "pending");
  }
  return buf;
}

GreenletObject::~GreenletObject() {
  untrack(this);
  if (owner && g) owner->forget_greenlet(g.get());
}

std::string GreenletObject::type_name() const {
  if (auto* c = klass()) return c->name;
  if (dynamic_cast<const hub::Hub*>(g.get())) return "Hub";
  return gevent ? "Greenlet" : "greenlet";
}

std::string GeneratorObject::repr() const {
  char buf[160];
  std::snprintf(buf, sizeof buf, "<generator object %s at %p>", name.c_str(),
                static_cast<const void*>(this));
  return buf;
}

// ---- the interpreter ---------------------------------------------------------------------

Interp::Interp(ScriptOutput out, std::string filename)
    : out_(std::move(out)), filename_(std::move(filename)) {
  outer_interp_ = std::exchange(active_interp, this);
  outer_tracked_ = tracking(&tracked_);
  wall_start_ =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  empty_tuple_ = Value(make_tuple({}));
  install_builtins();
  install_modules();
}

Interp::~Interp() {
  uninstall_tracer();
  if (auto* hub = hub::Hub::existing(); hub && reporting_failures_) hub->set_failure_reporter({});
  end_greenlets();
  hub_object_ = Value();
  for (auto& [g, o] : greenlets_) o->owner = nullptr;
  greenlets_.clear();
  globals_ = Value();
  break_cycles();  // the builtins and the modules included: nothing runs any more
  builtins_.clear();
  modules_.clear();
  tracking(outer_tracked_);
  active_interp = outer_interp_;
}

void Interp::end_greenlets() {
  while (!owned_.empty()) {
    runtime::GreenletRef g = std::move(owned_.back());
    owned_.pop_back();
    runtime::GreenletRef me = runtime::getcurrent();
    if (!g->active() || g == me) continue;
    // A greenlet that catches GreenletExit and switches away is ended again,
    // running no Python (CPython never resumes it): none may outlive us.
    for (int round = 0; round < 2 && g->active(); ++round) {
      hard_exit_ = round == 1;
      try {
        g->set_parent(me);  // it dies back into us, not into a hub or a generator's consumer
        g->throw_into();
      } catch (const boost::context::detail::forced_unwind&) {
        throw;
      } catch (...) {  // what its cleanup raised: the script is over
      }
    }
    hard_exit_ = false;
  }
  if (auto* s = globals_.as<ScopeObject>()) {
    std::unordered_map<std::string, Value> vars;
    vars.swap(s->vars);  // released here, while builtins and modules still exist
    ++binding_epoch;
  }
}

void Interp::break_cycles() {
  // What is left may hold itself in a cycle: hold every tracked object, then
  // make each drop what it holds; releasing the holds frees them all.
  std::vector<Value> held;
  for (Object* o : tracked_) held.emplace_back(o);
  for (Value& v : held) v.object()->clear_refs();
}

RunResult Interp::run(std::string_view source) {
  {
    std::string line;
    std::istringstream in{std::string(source)};
    while (std::getline(in, line)) lines_.push_back(line);
  }
  ParseResult parsed = parse(source, filename_);
  if (!parsed.ok()) return {false, parsed.error->format(), 1};
  module_ = std::move(parsed.module);
  globals_ = Value(new ScopeObject(Value(), true));
  globals_.as<ScopeObject>()->vars["__name__"] = str_value("__main__");
  Frame f(*this, globals_.as<ScopeObject>(), nullptr, 0);
  RunResult result;
  try {
    exec_body(module_->body, f);
  } catch (PyError& e) {
    e.traceback.push_back({filename_, "<module>", f.line});
    if (isinstance(e.exc, exception_class("SystemExit"))) {
      // sys.exit(): no traceback; the status is its code (None 0, an int, else 1
      // with the code printed).
      const auto& args = e.exc.as<InstanceObject>()->dict["args"].as<TupleObject>()->items;
      const Value code = args.empty() ? Value() : args[0];
      if (code.is_none()) {
        result = {true, "", 0};
      } else if (code.is_int() || code.is_bool()) {
        result = {code.as_int() == 0, "", static_cast<int>(code.as_int())};
      } else {
        result = {false, str(code) + "\n", 1};
      }
    } else {
      result = {false, traceback_text(e), 1};
    }
  }
  end_greenlets();
  return result;
}

namespace {
// TracebackObject: the frames an exception passed through, kept on it as
// __traceback__ once a handler caught it.
struct TracebackObject {
  std::vector<TraceEntry> entries;
};
}  // namespace

void Interp::keep_traceback(const PyError& e, const Frame& f) {
  if (auto* inst = e.exc.as<InstanceObject>()) {
    auto tb = std::make_shared<TracebackObject>(TracebackObject{e.traceback});
    tb->entries.push_back({filename_, frame_name(f), f.line});  // the frame that caught it
    inst->dict["__traceback__"] = Value(new NativeObject("traceback", std::move(tb)));
  }
}

std::vector<TraceEntry> Interp::stored_traceback(const Value& exc) const {
  if (auto* inst = exc.as<InstanceObject>()) {
    auto it = inst->dict.find("__traceback__");
    if (it != inst->dict.end()) {
      if (auto* n = it->second.as<NativeObject>(); n && n->type == "traceback") {
        return static_cast<TracebackObject*>(n->ptr.get())->entries;
      }
    }
  }
  return {};
}

std::string Interp::traceback_text(const PyError& e) const {
  return traceback_body(e.exc, e.traceback);
}

std::string Interp::traceback_body(const Value& exc, const std::vector<TraceEntry>& tb) const {
  // A chained exception prints the one it came from first, as CPython does.
  std::string out;
  if (auto* inst = exc.as<InstanceObject>()) {
    auto attr = [&](const char* name) {
      auto it = inst->dict.find(name);
      return it == inst->dict.end() ? Value() : it->second;
    };
    const Value cause = attr("__cause__"), context = attr("__context__");
    if (!cause.is_none()) {
      out = traceback_body(cause, stored_traceback(cause)) +
            "\nThe above exception was the direct cause of the following exception:\n\n";
    } else if (!context.is_none() && !truthy(attr("__suppress_context__"))) {
      out = traceback_body(context, stored_traceback(context)) +
            "\nDuring handling of the above exception, another exception occurred:\n\n";
    }
  }
  out += "Traceback (most recent call last):\n";
  auto entry = [&](const TraceEntry& t) {
    std::string text = "  File \"" + t.filename + "\", line " + std::to_string(t.line) + ", in " +
                       t.function + "\n";
    if (t.filename == filename_ && t.line >= 1 && t.line <= static_cast<int>(lines_.size())) {
      const std::string& src = lines_[static_cast<std::size_t>(t.line - 1)];
      const std::size_t start = src.find_first_not_of(" \t");
      if (start != std::string::npos) text += "    " + src.substr(start) + "\n";
    }
    return text;
  };
  // As CPython: a line repeated more than three times in a row is counted, not printed.
  std::string last;
  int repeats = 0;
  auto flush = [&] {
    if (repeats > 3) {
      out += "  [Previous line repeated " + std::to_string(repeats - 3) + " more time" +
             (repeats - 3 == 1 ? "" : "s") + "]\n";
    }
  };
  for (auto it = tb.rbegin(); it != tb.rend(); ++it) {
    std::string text = entry(*it);
    if (text == last) {
      if (++repeats <= 3) out += text;
      continue;
    }
    flush();
    last = text;
    repeats = 1;
    out += text;
  }
  flush();
  const std::string msg = str(exc);
  std::string type = type_name(exc);
  if (auto* inst = exc.as<InstanceObject>()) {  // as CPython: a module's exception is qualified
    const std::string& module = inst->klass()->module;
    if (module != "builtins" && module != "__main__") type = module + "." + type;
  }
  out += type + (msg.empty() ? "" : ": " + msg) + "\n";
  return out;
}

// ---- exceptions ----------------------------------------------------------------------------

ClassObject* Interp::exception_class(const char* name) const {
  auto it = builtins_.find(name);
  if (it != builtins_.end()) return it->second.as<ClassObject>();
  auto g = modules_.find("greenlet");
  if (g != modules_.end()) {
    auto& d = g->second.as<ModuleObject>()->dict;
    auto c = d.find(name);
    if (c != d.end()) return c->second.as<ClassObject>();
  }
  return builtins_.at("Exception").as<ClassObject>();
}

Value Interp::new_exception(const char* type, const std::string& message) {
  ClassObject* cls = exception_class(type);
  auto* inst = new InstanceObject(Value(cls));
  Value v(inst);
  inst->dict["args"] =
      message.empty() ? Value(make_tuple({})) : Value(make_tuple({str_value(message)}));
  return v;
}

Value Interp::stop_iteration(Value returned) {
  Value e = new_exception("StopIteration", "");
  auto* inst = e.as<InstanceObject>();
  if (!returned.is_none()) inst->dict["args"] = Value(make_tuple({returned}));
  inst->dict["value"] = std::move(returned);
  return e;
}

void Interp::raise(const char* type, const std::string& message) {
  throw PyError{new_exception(type, message), {}};
}

void Interp::raise(Value exc) {
  auto* inst = exc.as<InstanceObject>();
  if (!inst || !inst->klass()->lookup("__exception__")) {
    raise("TypeError", "exceptions must derive from BaseException");
  }
  throw PyError{std::move(exc), {}};
}

bool Interp::isinstance(const Value& v, const ClassObject* cls) const {
  if (auto* inst = v.as<InstanceObject>()) return inst->klass()->is_subclass_of(cls);
  if (cls == builtins_.at("object").as<ClassObject>()) return true;
  if (auto* g = v.as<GreenletObject>()) {
    if (g->klass() && g->klass()->is_subclass_of(cls)) return true;
    return cls->name == (g->gevent ? "Greenlet" : "greenlet");
  }
  // A built-in value: its type's class (bool's derives from int's).
  const std::string n = type_name(v);
  const ClassObject* c = nullptr;
  if (auto it = builtins_.find(n); it != builtins_.end()) c = it->second.as<ClassObject>();
  if (auto it = type_classes_.find(n); !c && it != type_classes_.end())
    c = it->second.as<ClassObject>();
  return c && c->is_subclass_of(cls);
}

std::vector<const Interp::Frame*> Interp::frames_of(const runtime::Greenlet& g) const {
  std::vector<const Frame*> out;
  const std::uintptr_t bottom = g.stack_bottom(), top = g.stack_top();
  if (!bottom || !top) return out;
  for (const Frame* f = live_frames_; f; f = f->next_) {
    const auto at = reinterpret_cast<std::uintptr_t>(f);
    if (at >= bottom && at < top) out.push_back(f);
  }
  // The stack grows down: the innermost frame has the lowest address.
  std::sort(out.begin(), out.end());
  return out;
}

std::string Interp::frame_name(const Frame& f) {
  if (f.code) return f.code->name;
  return f.label.empty() ? "<module>" : std::string(f.label);
}

void Interp::check_stack() {
  runtime::GreenletRef me = runtime::getcurrent();
  const std::uintptr_t bottom = me->stack_bottom();
  const auto sp = reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0));
  const std::uintptr_t reserve = 64 * 1024;  // room for the RecursionError itself
  if (bottom ? sp < bottom + reserve : depth_ > 2000) {
    raise("RecursionError", "maximum recursion depth exceeded");
  }
}

// ---- calls -------------------------------------------------------------------------------

std::shared_ptr<const Code> Interp::compile(const FunctionDef& def) {
  auto& slot = codes_[&def];
  if (!slot) {
    auto code = std::make_shared<Code>();
    code->name = def.name;
    code->args = &def.args;
    code->body = &def.body;
    code->is_generator = def.is_generator;
    collect_locals(def.body, *code);
    for (const Arg& a : def.args.args) code->locals.insert(a.name);
    for (const Arg& a : def.args.kwonly) code->locals.insert(a.name);
    if (def.args.vararg) code->locals.insert(def.args.vararg->name);
    if (def.args.kwarg) code->locals.insert(def.args.kwarg->name);
    for (const std::string& g : code->globals) code->locals.erase(g);
    for (const std::string& n : code->nonlocals) code->locals.erase(n);
    slot = code;
  }
  return slot;
}

std::shared_ptr<const Code> Interp::compile(const Lambda& lambda, int line) {
  auto& slot = codes_[&lambda];
  if (!slot) {
    auto code = std::make_shared<Code>();
    code->name = "<lambda>";
    code->args = &lambda.args;
    code->expr_body = lambda.body.get();
    code->line = line;
    for (const Arg& a : lambda.args.args) code->locals.insert(a.name);
    if (lambda.args.vararg) code->locals.insert(lambda.args.vararg->name);
    if (lambda.args.kwarg) code->locals.insert(lambda.args.kwarg->name);
    slot = code;
  }
  return slot;
}

Value Interp::call(const Value& callable, CallArgs args) {
  if (auto* fn = callable.as<FunctionObject>()) return call_function(fn, args);
  if (auto* b = callable.as<BuiltinObject>()) {
    if (!b->self.is_none()) args.args.insert(args.args.begin(), b->self);
    try {
      return b->fn(*this, args);
    } catch (const hub::LoopExit& e) {  // the hub has nothing left to wait for
      raise(call(getattr(import_module("gevent.exceptions"), "LoopExit"), {str_value(e.what())}));
    }
  }
  if (auto* m = callable.as<BoundMethodObject>()) {
    args.args.insert(args.args.begin(), m->self);
    return call(m->fn, std::move(args));
  }
  if (auto* cls = callable.as<ClassObject>()) {
    if (const Value* make = cls->lookup("__new_builtin__")) {
      CallArgs with_cls = args;
      with_cls.args.insert(with_cls.args.begin(), callable);
      return call(*make, std::move(with_cls));
    }
    auto* inst = new InstanceObject(callable);
    Value v(inst);
    if (cls->lookup("__exception__")) inst->dict["args"] = Value(make_tuple(args.args));
    if (const Value* init = cls->lookup("__init__")) {
      CallArgs with_self = std::move(args);
      with_self.args.insert(with_self.args.begin(), v);
      call(*init, std::move(with_self));
    }
    return v;
  }
  raise("TypeError", "'" + type_name(callable) + "' object is not callable");
}

Value Interp::run_code(const Code& code, Value scope, const FunctionObject* fn) {
  auto* s = scope.as<ScopeObject>();
  Frame f(*this, s, &code, code.line, fn);
  try {
    if (code.expr_body) return eval(*code.expr_body, f);
    exec_body(*code.body, f);
  } catch (PyError& e) {
    e.traceback.push_back({filename_, code.name, f.line});
    throw;
  }
  return f.returned;
}

Value Interp::call_function(FunctionObject* fn, CallArgs& call_args) {
  check_stack();
  const Code& code = *fn->code;
  Value scope(new ScopeObject(fn->scope, false));
  auto& vars = scope.as<ScopeObject>()->vars;
  const auto& params = code.args->args;
  std::size_t given = call_args.args.size();
  for (std::size_t i = 0; i < params.size() && i < given; ++i)
    vars[params[i].name] = call_args.args[i];
  if (given > params.size()) {
    if (!code.args->vararg) {
      raise("TypeError", code.name + "() takes " + std::to_string(params.size()) +
                             " positional argument" + (params.size() == 1 ? "" : "s") + " but " +
                             std::to_string(given) + (given == 1 ? " was" : " were") + " given");
    }
    vars[code.args->vararg->name] = Value(make_tuple(
        std::vector<Value>(call_args.args.begin() + static_cast<std::ptrdiff_t>(params.size()),
                           call_args.args.end())));
  } else if (code.args->vararg) {
    vars[code.args->vararg->name] = Value(make_tuple({}));
  }
  Value kwargs_dict;
  if (code.args->kwarg) kwargs_dict = Value(make_dict());
  for (auto& [k, v] : call_args.kwargs) {
    bool known = false;
    for (const Arg& a : params) known = known || a.name == k;
    for (const Arg& a : code.args->kwonly) known = known || a.name == k;
    if (known) {
      if (vars.contains(k)) {
        raise("TypeError", code.name + "() got multiple values for argument '" + k + "'");
      }
      vars[k] = v;
    } else if (code.args->kwarg) {
      kwargs_dict.as<DictObject>()->set(str_value(k), v);
    } else {
      raise("TypeError", code.name + "() got an unexpected keyword argument '" + k + "'");
    }
  }
  if (code.args->kwarg) vars[code.args->kwarg->name] = kwargs_dict;
  // Defaults belong to the last parameters.
  const std::size_t first_default = params.size() - fn->defaults.size();
  std::vector<std::string> missing;
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (vars.contains(params[i].name)) continue;
    if (i >= first_default) {
      vars[params[i].name] = fn->defaults[i - first_default];
    } else {
      missing.push_back(params[i].name);
    }
  }
  std::vector<std::string> missing_kw;
  for (std::size_t i = 0; i < code.args->kwonly.size(); ++i) {
    const std::string& n = code.args->kwonly[i].name;
    if (vars.contains(n)) continue;
    if (i < fn->kw_defaults.size() && !code.args->kw_defaults[i])
      missing_kw.push_back(n);
    else if (i < fn->kw_defaults.size())
      vars[n] = fn->kw_defaults[i];
  }
  // As CPython: "f() missing 2 required positional arguments: 'a' and 'b'".
  auto complain = [&](const std::vector<std::string>& names, const char* kind) {
    std::string list;
    for (std::size_t i = 0; i < names.size(); ++i) {
      list +=
          (i ? (i + 1 == names.size() ? " and " : ", ") : "") + std::string("'") + names[i] + "'";
    }
    raise("TypeError", code.name + "() missing " + std::to_string(names.size()) + " required " +
                           kind + " argument" + (names.size() == 1 ? "" : "s") + ": " + list);
  };
  if (!missing.empty()) complain(missing, "positional");
  if (!missing_kw.empty()) complain(missing_kw, "keyword-only");
  if (code.is_generator) {
    // The body runs on a fiber of its own, resumed by next() and send().
    auto* gen = new GeneratorObject();
    Value keep(gen);
    gen->name = code.name;
    std::shared_ptr<const Code> hold = fn->code;
    gen->g = runtime::Greenlet::create(
        [this, hold, scope](runtime::Value) -> runtime::Value {
          Value result = run_code(*hold, scope);
          return runtime::Value(GeneratorDone{result});
        },
        {}, runtime::GreenletOptions{runtime::kDefaultStackSize, code.name});
    own(gen->g);
    return keep;
  }
  ++depth_;
  struct Leave {
    int& d;
    ~Leave() { --d; }
  } leave{depth_};
  return run_code(code, scope, fn);
}

Value Interp::generator_expression(const GeneratorExp& ge, Frame& f) {
  // As Python: the first iterable now, in the enclosing scope; the rest, and
  // the items, lazily on the generator's own fiber, in a scope of its own.
  Value first = iter(eval(*ge.generators.at(0).iter, f));
  auto* gen = new GeneratorObject();
  Value keep(gen);
  gen->name = "<genexpr>";
  gen->g = runtime::Greenlet::create(
      [this, &ge, first, outer = Value(f.scope), line = f.line](runtime::Value) -> runtime::Value {
        Value scope(new ScopeObject(outer, false));
        Frame cf(*this, scope.as<ScopeObject>(), nullptr, line);
        cf.label = "<genexpr>";
        std::function<void(std::size_t)> loop = [&](std::size_t k) {
          if (k == ge.generators.size()) {
            yield_value(eval(*ge.elt, cf));
            return;
          }
          const Comprehension& g = ge.generators[k];
          Value it = k == 0 ? first : iter(eval(*g.iter, cf));
          for (;;) {
            bool done = false;
            Value item = next(it, done);
            if (done) break;
            assign(*g.target, std::move(item), cf);
            bool wanted = true;
            for (const ExprPtr& cond : g.ifs) wanted = wanted && truthy(eval(*cond, cf));
            runtime::current_world().charge(1);
            if (wanted) loop(k + 1);
          }
        };
        loop(0);
        return runtime::Value(GeneratorDone{Value()});
      },
      {}, runtime::GreenletOptions{runtime::kDefaultStackSize, "<genexpr>"});
  own(gen->g);
  return keep;
}

Value Interp::yield_value(Value v) {
  runtime::GreenletRef me = runtime::getcurrent();
  runtime::GreenletRef to = me->parent();
  runtime::Value back = to->switch_to(runtime::Value(std::move(v)));
  if (!back.has_value()) return Value();
  return std::any_cast<Value>(back);
}

namespace {
// ListIter: iter() of a list: it sees items appended while it runs, as CPython's.
struct ListIter final : IteratorObject {
  explicit ListIter(Value l) : IteratorObject("list_iterator"), list(std::move(l)) {}
  Value list;
  std::size_t at = 0;
  Value next(Interp&, bool& done) override {
    auto* l = list.as<ListObject>();
    if (!l || at >= l->items.size()) {
      done = true;
      list = Value();
      return Value();
    }
    return l->items[at++];
  }
  void clear_refs() override { list = Value(); }
};
bool is_sequence(const Value& v) {
  return v.as<ListObject>() || v.as<TupleObject>() || v.as<DictObject>() || v.as<StrObject>() ||
         v.as<SetObject>() || v.as<DictViewObject>() || v.as<BytesObject>();
}
}  // namespace

const Value* Interp::class_attr(const Value& v, const std::string& name) const {
  if (auto* inst = v.as<InstanceObject>()) return inst->klass()->lookup(name);
  if (auto* g = v.as<GreenletObject>(); g && g->klass()) return g->klass()->lookup(name);
  return nullptr;
}

// RangeIter: iter(range(...)): one int at a time.
struct RangeIter final : IteratorObject {
  explicit RangeIter(const RangeObject& r)
      : IteratorObject("range_iterator"), next_(r.start), step_(r.step), left_(r.size()) {}
  Value next(Interp&, bool& done) override {
    if (left_ == 0) {
      done = true;
      return Value();
    }
    --left_;
    const std::int64_t v = next_;
    next_ += step_;
    return Value::integer(v);
  }
  std::int64_t next_, step_, left_;
};

Value Interp::iter(const Value& v) {
  if (v.as<GeneratorObject>() || v.as<IteratorObject>()) return v;
  if (auto* r = v.as<RangeObject>()) return Value(new RangeIter(*r));
  if (const Value* m = class_attr(v, "__iter__")) return call(bind(v, *m), std::vector<Value>{});
  if (v.as<ListObject>()) return Value(new ListIter(v));
  if (is_sequence(v)) {
    std::string type = type_name(v) + "_iterator";
    if (auto* s = v.as<StrObject>()) {
      bool ascii = true;
      for (unsigned char c : s->text) ascii = ascii && c < 0x80;
      if (ascii) type = "str_ascii_iterator";
    }
    if (v.as<DictObject>()) type = "dict_keyiterator";
    if (auto* view = v.as<DictViewObject>()) {
      type = view->which == 'k'   ? "dict_keyiterator"
             : view->which == 'v' ? "dict_valueiterator"
                                  : "dict_itemiterator";
    }
    return Value(new ItemsIterator(type, iterate(v)));
  }
  raise("TypeError", "'" + type_name(v) + "' object is not iterable");
}

Value Interp::next(const Value& iterator, bool& done) {
  done = false;
  if (auto* it = iterator.as<IteratorObject>()) return it->next(*this, done);
  if (const Value* m = class_attr(iterator, "__next__")) {
    try {
      return call(bind(iterator, *m), std::vector<Value>{});
    } catch (PyError& e) {
      if (!isinstance(e.exc, exception_class("StopIteration"))) throw;
      done = true;
      return getattr(e.exc, "value");
    }
  }
  auto* gen = iterator.as<GeneratorObject>();
  if (!gen) raise("TypeError", "'" + type_name(iterator) + "' object is not an iterator");
  if (gen->finished) {
    done = true;
    return Value();
  }
  gen->started = true;
  gen->g->set_parent(runtime::getcurrent());
  runtime::Value got = gen->g->switch_to();
  return next_result(iterator, got, done);
}

Value Interp::close(const Value& gen_value) {
  auto* gen = gen_value.as<GeneratorObject>();
  if (!gen->started || gen->finished || !gen->g->active()) {
    gen->finished = true;
    return Value();
  }
  gen->g->set_parent(runtime::getcurrent());
  try {
    runtime::Value got = gen->g->throw_into(
        std::make_exception_ptr(PyError{new_exception("GeneratorExit", ""), {}}));
    if (!std::any_cast<GeneratorDone>(&got))
      raise("RuntimeError", "generator ignored GeneratorExit");
  } catch (PyError& e) {
    auto* inst = e.exc.as<InstanceObject>();
    if (!inst || inst->klass()->name != "GeneratorExit") throw;
  }
  gen->finished = true;
  return Value();
}

Value Interp::next_result(const Value& gen_value, runtime::Value& got, bool& done) {
  done = false;
  if (auto* d = std::any_cast<GeneratorDone>(&got)) {
    gen_value.as<GeneratorObject>()->finished = true;
    done = true;
    return d->value;
  }
  if (auto* v = std::any_cast<Value>(&got)) return *v;
  return Value();
}

std::vector<Value> Interp::sorted(std::vector<Value> items, const Value* key, bool reverse) {
  std::vector<std::pair<Value, Value>> keyed;
  for (Value& v : items) {
    Value k = key ? call(*key, std::vector<Value>{v}) : v;
    keyed.emplace_back(std::move(k), std::move(v));
  }
  std::stable_sort(keyed.begin(), keyed.end(), [&](const auto& a, const auto& b) {
    return reverse ? less(b.first, a.first) : less(a.first, b.first);
  });
  std::vector<Value> out;
  for (auto& [k, v] : keyed) out.push_back(std::move(v));
  return out;
}

Value Interp::greenlet_object(runtime::Greenlet* g) {
  auto it = greenlets_.find(g);
  if (it != greenlets_.end()) return Value(it->second);
  auto* o = new GreenletObject(this);
  Value v(o);
  o->g = runtime::GreenletRef(g);
  o->gevent = dynamic_cast<hub::Greenlet*>(g) != nullptr;
  greenlets_[g] = o;
  return v;
}

// ---- operators ---------------------------------------------------------------------------

Value Interp::binop(BinOpKind op, const Value& a, const Value& b) {
  const bool ints = (a.is_int() || a.is_bool()) && (b.is_int() || b.is_bool());
  const bool nums =
      (a.is_int() || a.is_bool() || a.is_float()) && (b.is_int() || b.is_bool() || b.is_float());
  if (ints) {
    const std::int64_t x = a.as_int(), y = b.as_int();
    std::int64_t r = 0;
    switch (op) {
      case BinOpKind::Add:
        if (__builtin_add_overflow(x, y, &r)) break;
        return Value::integer(r);
      case BinOpKind::Sub:
        if (__builtin_sub_overflow(x, y, &r)) break;
        return Value::integer(r);
      case BinOpKind::Mult:
        if (__builtin_mul_overflow(x, y, &r)) break;
        return Value::integer(r);
      case BinOpKind::Div:
        if (y == 0) raise("ZeroDivisionError", "division by zero");
        return Value::real(static_cast<double>(x) / static_cast<double>(y));
      case BinOpKind::FloorDiv: {
        if (y == 0) raise("ZeroDivisionError", "integer division or modulo by zero");
        std::int64_t q = x / y;
        if ((x % y != 0) && ((x < 0) != (y < 0))) --q;
        return Value::integer(q);
      }
      case BinOpKind::Mod: {
        if (y == 0) raise("ZeroDivisionError", "integer modulo by zero");
        std::int64_t m = x % y;
        if (m != 0 && ((m < 0) != (y < 0))) m += y;
        return Value::integer(m);
      }
      case BinOpKind::Pow: {
        if (y < 0) return Value::real(std::pow(static_cast<double>(x), static_cast<double>(y)));
        std::int64_t result = 1, base = x, e = y;
        bool overflow = false;
        while (e) {
          if (e & 1) overflow |= __builtin_mul_overflow(result, base, &result);
          e >>= 1;
          if (e) overflow |= __builtin_mul_overflow(base, base, &base);
        }
        if (overflow) break;
        return Value::integer(result);
      }
      case BinOpKind::LShift:
        if (y < 0) raise("ValueError", "negative shift count");
        if (y >= 63 || (x != 0 && (x > (INT64_MAX >> y) || x < (INT64_MIN >> y)))) break;
        return Value::integer(static_cast<std::int64_t>(static_cast<std::uint64_t>(x) << y));
      case BinOpKind::RShift:
        if (y < 0) raise("ValueError", "negative shift count");
        return Value::integer(y >= 63 ? (x < 0 ? -1 : 0) : x >> y);
      case BinOpKind::BitOr:
        return a.is_bool() && b.is_bool() ? Value::boolean(x | y) : Value::integer(x | y);
      case BinOpKind::BitAnd:
        return a.is_bool() && b.is_bool() ? Value::boolean(x & y) : Value::integer(x & y);
      case BinOpKind::BitXor:
        return a.is_bool() && b.is_bool() ? Value::boolean(x ^ y) : Value::integer(x ^ y);
    }
    raise("OverflowError", "integer overflow: Coroscope's ints are 64-bit");
  }
  if (nums) {
    const double x = a.is_float() ? a.as_float() : static_cast<double>(a.as_int());
    const double y = b.is_float() ? b.as_float() : static_cast<double>(b.as_int());
    switch (op) {
      case BinOpKind::Add:
        return Value::real(x + y);
      case BinOpKind::Sub:
        return Value::real(x - y);
      case BinOpKind::Mult:
        return Value::real(x * y);
      case BinOpKind::Div:
        if (y == 0) raise("ZeroDivisionError", "float division by zero");
        return Value::real(x / y);
      case BinOpKind::FloorDiv:
        if (y == 0) raise("ZeroDivisionError", "float floor division by zero");
        return Value::real(std::floor(x / y));
      case BinOpKind::Mod: {
        if (y == 0) raise("ZeroDivisionError", "float modulo");
        double m = std::fmod(x, y);
        if (m != 0 && ((m < 0) != (y < 0))) m += y;
        return Value::real(m);
      }
      case BinOpKind::Pow:
        return Value::real(std::pow(x, y));
      default:
        break;
    }
  }
  auto* sa = a.as<StrObject>();
  auto* sb = b.as<StrObject>();
  if (op == BinOpKind::Add && sa && sb) {
    check_length(double(sa->text.size()) + double(sb->text.size()), "str", "characters");
    return str_value(sa->text + sb->text);
  }
  if (op == BinOpKind::Mod && sa) {
    PercentResult r = percent_format(sa->text, b);
    if (!r.ok()) raise_result(r.error_type, r.message);
    return str_value(r.text);
  }
  auto* la = a.as<ListObject>();
  auto* lb = b.as<ListObject>();
  auto* ta = a.as<TupleObject>();
  auto* tb = b.as<TupleObject>();
  auto* ba = a.as<BytesObject>();
  auto* bb = b.as<BytesObject>();
  if (op == BinOpKind::Mult && (sa || sb || la || lb || ta || tb || ba || bb)) {
    // A sequence repeated: the sequence on either side, an int on the other.
    const bool left = sa || la || ta || ba;
    const Value& seq = left ? a : b;
    const Value& count = left ? b : a;
    if (!count.is_int() && !count.is_bool()) {
      raise("TypeError", "can't multiply sequence by non-int of type '" + type_name(count) + "'");
    }
    const std::int64_t n = std::max<std::int64_t>(count.as_int(), 0);
    auto too_big = [&](std::size_t size) {
      check_length(double(size) * double(n), type_name(seq).c_str(),
                   seq.as<StrObject>() ? "characters" : "items");
    };
    if (auto* s = seq.as<StrObject>(); s || seq.as<BytesObject>()) {
      const std::string& t = s ? s->text : seq.as<BytesObject>()->bytes;
      too_big(t.size());
      std::string out;
      out.reserve(t.size() * static_cast<std::size_t>(n));
      for (std::int64_t i = 0; i < n; ++i) out += t;
      return s ? str_value(std::move(out)) : Value(make_bytes(std::move(out)));
    }
    const auto& src =
        seq.as<ListObject>() ? seq.as<ListObject>()->items : seq.as<TupleObject>()->items;
    too_big(src.size());
    std::vector<Value> items;
    items.reserve(src.size() * static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i) items.insert(items.end(), src.begin(), src.end());
    return seq.as<ListObject>() ? Value(make_list(std::move(items)))
                                : Value(make_tuple(std::move(items)));
  }
  if (op == BinOpKind::Add && la && lb) {
    check_length(double(la->items.size()) + double(lb->items.size()), "list");
    std::vector<Value> items = la->items;
    items.insert(items.end(), lb->items.begin(), lb->items.end());
    return Value(make_list(std::move(items)));
  }
  if (op == BinOpKind::Add && ta && tb) {
    check_length(double(ta->items.size()) + double(tb->items.size()), "tuple");
    std::vector<Value> items = ta->items;
    items.insert(items.end(), tb->items.begin(), tb->items.end());
    return Value(make_tuple(std::move(items)));
  }
  if (op == BinOpKind::Add && ba && bb) return Value(make_bytes(ba->bytes + bb->bytes));
  if (op == BinOpKind::Add && (sa || la || ta)) {
    const std::string what = sa ? "str" : la ? "list" : "tuple";
    raise("TypeError",
          "can only concatenate " + what + " (not \"" + type_name(b) + "\") to " + what);
  }
  if (op == BinOpKind::Add && ba) raise("TypeError", "can't concat " + type_name(b) + " to bytes");
  auto* xa = a.as<SetObject>();
  auto* xb = b.as<SetObject>();
  if (xa && xb &&
      (op == BinOpKind::BitOr || op == BinOpKind::BitAnd || op == BinOpKind::Sub ||
       op == BinOpKind::BitXor)) {
    auto* out = new SetObject();
    Value result(out);
    switch (op) {
      case BinOpKind::BitOr:  // copy a, then add b
        out->update(*xa);
        out->update(*xb);
        break;
      case BinOpKind::BitAnd: {  // the smaller one's items that the other holds
        const SetObject* small = xb->size() > xa->size() ? xa : xb;
        const SetObject* big = small == xa ? xb : xa;
        small->for_each([&](const Value& k) {
          if (big->contains(k)) out->add(k);
        });
        break;
      }
      case BinOpKind::Sub:
        if ((xa->size() >> 2) > xb->size()) {
          out->update(*xa);
          xb->for_each([&](const Value& k) { out->discard(k); });
        } else {
          xa->for_each([&](const Value& k) {
            if (!xb->contains(k)) out->add(k);
          });
        }
        break;
      default:  // ^: copy b, then each of a removed if there, else added
        out->update(*xb);
        xa->for_each([&](const Value& k) {
          if (!out->discard(k)) out->add(k);
        });
        break;
    }
    return result;
  }
  static const char* symbols[] = {"+", "-", "*", "/", "//", "%", "**", "<<", ">>", "|", "^", "&"};
  raise("TypeError", std::string("unsupported operand type(s) for ") +
                         symbols[static_cast<int>(op)] + ": '" + type_name(a) + "' and '" +
                         type_name(b) + "'");
}

bool Interp::compare(CmpOpKind op, const Value& a, const Value& b) {
  switch (op) {
    case CmpOpKind::Eq:
      return equals(a, b);
    case CmpOpKind::NotEq:
      return !equals(a, b);
    case CmpOpKind::Is:
      return a.kind() == b.kind() && (a.is_ref() ? a.object() == b.object() : equals(a, b));
    case CmpOpKind::IsNot:
      return !compare(CmpOpKind::Is, a, b);
    case CmpOpKind::In:
    case CmpOpKind::NotIn: {
      bool found = false;
      if (auto* s = b.as<StrObject>()) {
        auto* sub = a.as<StrObject>();
        if (!sub)
          raise("TypeError", "'in <string>' requires string as left operand, not " + type_name(a));
        found = s->text.find(sub->text) != std::string::npos;
      } else if (auto* r = b.as<RangeObject>(); r && (a.is_int() || a.is_bool())) {
        found = r->contains(a.as_int());
      } else if (auto* d = b.as<DictObject>()) {
        found = d->get(hashable_key(a)).has_value();
      } else if (auto* st = b.as<SetObject>()) {
        found = st->contains(hashable_key(a));
      } else if (auto* view = b.as<DictViewObject>(); view && view->which != 'v') {
        auto* vd = view->dict.as<DictObject>();
        if (view->which == 'k') {
          found = vd->get(hashable_key(a)).has_value();
        } else if (auto* pair = a.as<TupleObject>(); pair && pair->items.size() == 2) {
          std::optional<Value> got = vd->get(hashable_key(pair->items[0]));
          found = got && equals(*got, pair->items[1]);
        }
      } else if (auto* bytes = b.as<BytesObject>()) {
        if (auto* sub = a.as<BytesObject>()) {
          found = bytes->bytes.find(sub->bytes) != std::string::npos;
        } else if (a.is_int() || a.is_bool()) {
          if (a.as_int() < 0 || a.as_int() > 255)
            raise("ValueError", "byte must be in range(0, 256)");
          found = bytes->bytes.find(static_cast<char>(a.as_int())) != std::string::npos;
        } else {
          raise("TypeError", "a bytes-like object is required, not '" + type_name(a) + "'");
        }
      } else {
        const Object* o = b.object();
        if (!o || !(is_sequence(b) || b.as<GeneratorObject>() || b.as<IteratorObject>() ||
                    class_attr(b, "__iter__"))) {
          raise("TypeError", "argument of type '" + type_name(b) + "' is not iterable");
        }
        if (const Value* m = class_attr(b, "__contains__")) {
          found = truthy(call(bind(b, *m), std::vector<Value>{a}));
        } else if (b.as<GeneratorObject>() || b.as<IteratorObject>()) {
          // An iterator is consumed only up to the item found, as in CPython.
          for (;;) {
            bool done = false;
            Value v = next(b, done);
            if (done || equals(a, v)) {
              found = !done;
              break;
            }
          }
        } else {
          for (const Value& v : iterate(b)) found = found || equals(a, v);
        }
      }
      return op == CmpOpKind::In ? found : !found;
    }
    default:
      break;
  }
  if (auto* x = a.as<SetObject>(), *y = b.as<SetObject>(); x && y) {
    auto subset = [](const SetObject* p, const SetObject* q) {
      bool all = p->size() <= q->size();
      p->for_each([&](const Value& k) { all = all && q->contains(k); });
      return all;
    };
    switch (op) {
      case CmpOpKind::Lt:
        return x->size() < y->size() && subset(x, y);
      case CmpOpKind::LtE:
        return subset(x, y);
      case CmpOpKind::Gt:
        return x->size() > y->size() && subset(y, x);
      default:
        return subset(y, x);
    }
  }
  auto order = [&]() -> int {
    const bool na = a.is_int() || a.is_bool() || a.is_float();
    const bool nb = b.is_int() || b.is_bool() || b.is_float();
    if (na && nb) {
      if (!a.is_float() && !b.is_float())
        return a.as_int() < b.as_int() ? -1 : a.as_int() > b.as_int();
      const double x = a.is_float() ? a.as_float() : static_cast<double>(a.as_int());
      const double y = b.is_float() ? b.as_float() : static_cast<double>(b.as_int());
      return x < y ? -1 : x > y ? 1 : 0;
    }
    if (a.as<StrObject>() && b.as<StrObject>()) {
      const int c = a.as<StrObject>()->text.compare(b.as<StrObject>()->text);
      return c < 0 ? -1 : c > 0;
    }
    const std::vector<Value>* x = a.as<ListObject>()    ? &a.as<ListObject>()->items
                                  : a.as<TupleObject>() ? &a.as<TupleObject>()->items
                                                        : nullptr;
    const std::vector<Value>* y = b.as<ListObject>()    ? &b.as<ListObject>()->items
                                  : b.as<TupleObject>() ? &b.as<TupleObject>()->items
                                                        : nullptr;
    if (x && y && a.object()->kind == b.object()->kind) {
      for (std::size_t i = 0; i < x->size() && i < y->size(); ++i) {
        if (!equals((*x)[i], (*y)[i])) return compare(CmpOpKind::Lt, (*x)[i], (*y)[i]) ? -1 : 1;
      }
      return x->size() < y->size() ? -1 : x->size() > y->size();
    }
    static const char* names[] = {"==", "!=", "<", "<=", ">", ">="};
    raise("TypeError", std::string("'") + names[static_cast<int>(op)] +
                           "' not supported between instances of '" + type_name(a) + "' and '" +
                           type_name(b) + "'");
  };
  const int c = order();
  switch (op) {
    case CmpOpKind::Lt:
      return c < 0;
    case CmpOpKind::LtE:
      return c <= 0;
    case CmpOpKind::Gt:
      return c > 0;
    case CmpOpKind::GtE:
      return c >= 0;
    default:
      return false;
  }
}

Value Interp::subscript(const Value& obj, const Value& key) {
  auto index = [&](std::size_t n, const char* what) {
    if (!key.is_int() && !key.is_bool()) {
      raise("TypeError",
            std::string(what) + " indices must be integers or slices, not " + type_name(key));
    }
    std::int64_t i = key.as_int();
    if (i < 0) i += static_cast<std::int64_t>(n);
    if (i < 0 || i >= static_cast<std::int64_t>(n)) {
      raise("IndexError", std::string(what) + " index out of range");
    }
    return static_cast<std::size_t>(i);
  };
  if (auto* l = obj.as<ListObject>()) return l->items[index(l->items.size(), "list")];
  if (auto* t = obj.as<TupleObject>()) return t->items[index(t->items.size(), "tuple")];
  if (auto* r = obj.as<RangeObject>()) {
    return Value::integer(r->at(
        static_cast<std::int64_t>(index(static_cast<std::size_t>(r->size()), "range object"))));
  }
  if (auto* b = obj.as<BytesObject>()) {
    if (!key.is_int() && !key.is_bool()) {
      raise("TypeError", "byte indices must be integers or slices, not " + type_name(key));
    }
    std::int64_t i = key.as_int();
    const auto n = static_cast<std::int64_t>(b->bytes.size());
    if (i < 0) i += n;
    if (i < 0 || i >= n) raise("IndexError", "index out of range");
    return Value::integer(static_cast<unsigned char>(b->bytes[static_cast<std::size_t>(i)]));
  }
  if (auto* d = obj.as<DictObject>()) {
    std::optional<Value> v = d->get(hashable_key(key));
    if (!v) raise(key_error(key));
    return *v;
  }
  if (auto* s = obj.as<StrObject>()) {
    if (!key.is_int() && !key.is_bool()) {
      raise("TypeError", "string indices must be integers, not '" + type_name(key) + "'");
    }
    std::vector<std::size_t> starts;
    for (std::size_t i = 0; i < s->text.size();) {
      starts.push_back(i);
      const auto b = static_cast<unsigned char>(s->text[i]);
      i += b < 0x80 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
    }
    const std::size_t i = index(starts.size(), "string");
    const std::size_t end = i + 1 < starts.size() ? starts[i + 1] : s->text.size();
    return str_value(s->text.substr(starts[i], end - starts[i]));
  }
  raise("TypeError", "'" + type_name(obj) + "' object is not subscriptable");
}

std::vector<Value> Interp::iterate(const Value& v) {
  if (auto* l = v.as<ListObject>()) return l->items;
  if (auto* r = v.as<RangeObject>()) {
    check_length(double(r->size()), "list");
    std::vector<Value> items;
    items.reserve(static_cast<std::size_t>(r->size()));
    for (std::int64_t i = 0; i < r->size(); ++i) items.push_back(Value::integer(r->at(i)));
    return items;
  }
  if (auto* t = v.as<TupleObject>()) return t->items;
  if (auto* st = v.as<SetObject>()) return st->items();
  if (auto* view = v.as<DictViewObject>()) return view->items();
  if (auto* b = v.as<BytesObject>()) {
    std::vector<Value> out;
    for (unsigned char c : b->bytes) out.push_back(Value::integer(c));
    return out;
  }
  if (auto* d = v.as<DictObject>()) {
    std::vector<Value> keys;
    d->for_each([&](const Value& k, const Value&) { keys.push_back(k); });
    return keys;
  }
  if (auto* s = v.as<StrObject>()) {
    std::vector<Value> chars;
    for (std::size_t i = 0; i < s->text.size();) {
      const auto b = static_cast<unsigned char>(s->text[i]);
      const std::size_t n = b < 0x80 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
      chars.push_back(str_value(s->text.substr(i, n)));
      i += n;
    }
    return chars;
  }
  Value it = iter(v);
  std::vector<Value> items;
  for (;;) {
    bool done = false;
    Value item = next(it, done);
    if (done) break;
    items.push_back(std::move(item));
  }
  return items;
}

}  // namespace coroscope::script
