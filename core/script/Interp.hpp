#pragma once
// Interp: runs a parsed script on the runtime. Every Python call is a C++ call
// on the running greenlet's own fiber, so a switch inside nested Python calls
// is a real context switch with a real, deeper stack; every greenlet and every
// generator runs on a fiber of its own.
//
//   Interp interp(out, "lesson.py");          // out: where print() and line changes go
//   RunResult r = interp.run(source);         // in a world (a Host's main, the Player's program)
//   if (!r.ok) std::cerr << r.error_text;     // a traceback, or a SyntaxError, as CPython prints
//   it
//
// Python exceptions travel as C++ exceptions (PyError); they never cross a
// fiber's bottom except as the runtime carries them (exception_ptr), and
// Boost's forced_unwind is never caught.

#include <cstdint>
#include <cstdio>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "runtime/Greenlet.hpp"
#include "runtime/Observer.hpp"
#include "script/Ast.hpp"
#include "script/Object.hpp"
#include "script/Random.hpp"

namespace coroscope::hub {
class Greenlet;
}

namespace coroscope::script {

class Interp;

// TraceEntry: one frame an exception passed through, innermost first.
struct TraceEntry {
  std::string filename, function;
  int line = 0;
};

// PyError: a Python exception in flight. exc is the exception instance.
struct PyError {
  Value exc;
  std::vector<TraceEntry> traceback;
};

struct ClassObject;

// binding_epoch changes whenever a name may have moved: a name unbound from
// any scope, or a new one bound in a module's (which may hide a builtin). A
// Name's cached slot is good while its scope's serial and the epoch match.
inline std::uint64_t binding_epoch = 1;
inline std::uint64_t scope_serials = 0;

struct ScopeObject final : Object {
  static constexpr Kind kKind = Kind::Scope;
  ScopeObject(Value parent_scope, bool is_module)
      : Object(Kind::Scope), parent(std::move(parent_scope)), module(is_module) {
    track(this);
  }
  ~ScopeObject() override { untrack(this); }
  void clear_refs() override {
    ++binding_epoch;
    std::unordered_map<std::string, Value>().swap(vars);
    parent = Value();
  }
  // bind(name): the slot of name, made if new.
  Value& bind(const std::string& name) {
    auto [it, made] = vars.try_emplace(name);
    if (made && module) ++binding_epoch;
    return it->second;
  }
  std::uint64_t serial = ++scope_serials;
  std::unordered_map<std::string, Value> vars;
  Value parent;  // the enclosing function's scope, or the module's; None for a module
  bool module;
};

// Code: what a def or a lambda compiled to: its parameters, body and the
// names it assigns (its locals), computed once.
struct Code {
  std::string name;
  const Arguments* args = nullptr;
  const Body* body = nullptr;       // def
  const Expr* expr_body = nullptr;  // lambda
  bool is_generator = false;
  int line = 0;
  std::unordered_set<std::string> locals, globals, nonlocals;
};

struct FunctionObject final : Object {
  static constexpr Kind kKind = Kind::Function;
  FunctionObject() : Object(Kind::Function) { track(this); }
  ~FunctionObject() override { untrack(this); }
  void clear_refs() override {
    scope = Value();
    klass = Value();
    std::vector<Value>().swap(defaults);
    std::vector<Value>().swap(kw_defaults);
  }
  std::shared_ptr<const Code> code;
  Value scope;  // where the def ran: its closure
  std::vector<Value> defaults, kw_defaults;
  Value klass;  // the class whose body defined it (for super()); None elsewhere
  std::string qualname;
  std::string repr() const override;
  std::string type_name() const override { return "function"; }
};

// CallArgs: positional and keyword arguments of a call.
struct CallArgs {
  std::vector<Value> args;
  std::vector<std::pair<std::string, Value>> kwargs;
  const Value* kw(std::string_view name) const {
    for (const auto& [k, v] : kwargs) {
      if (k == name) return &v;
    }
    return nullptr;
  }
};

// StartArgs: what switch() sends a greenlet that has not started: the
// callable it runs (looked up by the caller, so that a missing run raises in
// the caller, as greenlet does) and the arguments.
struct StartArgs {
  Value run;
  CallArgs args;
};

using BuiltinFn = std::function<Value(Interp&, CallArgs&)>;

struct BuiltinObject final : Object {
  static constexpr Kind kKind = Kind::Builtin;
  BuiltinObject(std::string n, BuiltinFn f, Value bound_self = {})
      : Object(Kind::Builtin), name(std::move(n)), fn(std::move(f)), self(std::move(bound_self)) {}
  std::string name;
  BuiltinFn fn;
  Value self;  // a builtin method's object (None for a function)
  std::string repr() const override { return "<built-in function " + name + ">"; }
  std::string type_name() const override { return "builtin_function_or_method"; }
};

struct ClassObject final : Object {
  static constexpr Kind kKind = Kind::Class;
  ClassObject() : Object(Kind::Class) { track(this); }
  ~ClassObject() override { untrack(this); }
  void clear_refs() override {
    std::unordered_map<std::string, Value>().swap(dict);
    std::vector<Value>().swap(bases);
  }
  std::string name, module = "builtins";
  std::vector<Value> bases;
  std::unordered_map<std::string, Value> dict;
  // lookup(name): the attribute from this class or its bases (depth-first).
  const Value* lookup(const std::string& attr) const;
  bool is_subclass_of(const ClassObject* other) const;
  std::string repr() const override;
  std::string type_name() const override { return "type"; }
};

struct InstanceObject final : Object {
  static constexpr Kind kKind = Kind::Instance;
  explicit InstanceObject(Value c) : Object(Kind::Instance), cls(std::move(c)) { track(this); }
  ~InstanceObject() override { untrack(this); }
  void clear_refs() override { std::unordered_map<std::string, Value>().swap(dict); }
  Value cls;
  std::unordered_map<std::string, Value> dict;
  ClassObject* klass() const { return cls.as<ClassObject>(); }
  std::string repr() const override;
  std::string str() const override;
  std::string type_name() const override { return klass()->name; }
};

struct BoundMethodObject final : Object {
  static constexpr Kind kKind = Kind::BoundMethod;
  BoundMethodObject(Value s, Value f)
      : Object(Kind::BoundMethod), self(std::move(s)), fn(std::move(f)) {}
  Value self, fn;
  std::string repr() const override { return "<bound method>"; }
  std::string type_name() const override { return "method"; }
};

struct ModuleObject final : Object {
  static constexpr Kind kKind = Kind::Module;
  explicit ModuleObject(std::string n) : Object(Kind::Module), name(std::move(n)) {}
  std::string name;
  std::unordered_map<std::string, Value> dict;
  std::string repr() const override { return "<module '" + name + "'>"; }
  std::string type_name() const override { return "module"; }
};

// GreenletObject: a Python greenlet (the `greenlet` module) or a gevent
// Greenlet (then gevent is set) over a runtime greenlet. An instance of a
// script's subclass of greenlet has its class in cls and its attributes in dict.
struct GreenletObject final : Object {
  static constexpr Kind kKind = Kind::Greenlet;
  explicit GreenletObject(Interp* i) : Object(Kind::Greenlet), owner(i) { track(this); }
  ~GreenletObject() override;
  void clear_refs() override {
    std::unordered_map<std::string, Value>().swap(dict);
    run = args = cls = Value();
  }
  Interp* owner;
  runtime::GreenletRef g;
  Value run;   // the callable, until it starts
  Value args;  // gevent: the spawn arguments (a tuple)
  Value cls;   // a script's subclass, or None
  std::unordered_map<std::string, Value> dict;
  bool gevent = false;
  ClassObject* klass() const { return cls.as<ClassObject>(); }
  std::string repr() const override;
  std::string type_name() const override;
  bool truthy() const override;
};

struct GeneratorObject final : Object {
  static constexpr Kind kKind = Kind::Generator;
  GeneratorObject() : Object(Kind::Generator) {}
  runtime::GreenletRef g;
  std::string name;
  bool started = false, finished = false;
  std::string repr() const override;
  std::string type_name() const override { return "generator"; }
};

// NativeObject: a C++ object a module wraps (gevent's Event, Queue), with its
// Python type name; the module's getattr gives its methods.
struct NativeObject final : Object {
  static constexpr Kind kKind = Kind::Other;
  NativeObject(std::string type_text, std::shared_ptr<void> p)
      : Object(Kind::Other), type(std::move(type_text)), ptr(std::move(p)) {}
  std::string type;
  std::shared_ptr<void> ptr;
  std::string shown;  // its repr, when the module gives one
  std::string repr() const override {
    if (!shown.empty()) return shown;
    char buf[128];
    std::snprintf(buf, sizeof buf, "<%s at %p>", type.c_str(), static_cast<const void*>(this));
    return buf;
  }
  std::string type_name() const override { return type; }
};

struct RunResult {
  bool ok = true;
  std::string error_text;  // the traceback or syntax error, as CPython prints it
  int exit_status = 0;     // what the process exits with: 1 after an error, sys.exit(n)'s n
};

// Output is where a script's prints and line changes go (player::Output).
struct ScriptOutput {
  std::function<void(std::string_view)> print;
  std::function<void(int)> line;
  std::function<std::optional<std::string>()> read_line;  // input(); none: EOF
  // error(text): stderr (sys.stderr, gevent's failure report); none: the
  // process's stderr (the hub's exception stream for the report).
  std::function<void(std::string_view)> error = {};
};

class Interp {
 public:
  Interp(ScriptOutput out, std::string filename);
  ~Interp();
  RunResult run(std::string_view source);
  // set_argv(argv): sys.argv (the script's name as given, then its arguments).
  void set_argv(const std::vector<std::string>& argv);
  // set_environ(name, value): os.environ[name] = value, for this run only.
  void set_environ(const std::string& name, const std::string& value);

  // ---- for builtins and modules -----------------------------------------------
  [[noreturn]] void raise(const char* type, const std::string& message);
  [[noreturn]] void raise(Value exc);
  Value new_exception(const char* type, const std::string& message);
  // stop_iteration(v): the StopIteration a generator's `return v` ends with.
  Value stop_iteration(Value returned);
  Value call(const Value& callable, CallArgs args);
  Value call(const Value& callable, std::vector<Value> args) {
    return call(callable, CallArgs{std::move(args), {}});
  }
  Value getattr(const Value& obj, const std::string& name);
  // bind(self, attr): a function or builtin found on self's class, as a method of self.
  Value bind(const Value& self, const Value& attr);
  bool isinstance(const Value& v, const ClassObject* cls) const;
  ClassObject* exception_class(const char* name) const;
  std::vector<Value> iterate(const Value& iterable);  // a list of its items (finite iterables)
  Value next(const Value& iterator, bool& done);
  Value iter(const Value& iterable);  // iter(x)
  // class_attr(v, name): name from the script class of v (an instance, or a
  // greenlet of a subclass); null when v has none or it lacks name.
  const Value* class_attr(const Value& v, const std::string& name) const;
  // close(gen): generator.close(): GeneratorExit at its yield.
  Value close(const Value& gen);
  // next_result(gen, got, done): what a generator's fiber switched back with.
  Value next_result(const Value& gen, runtime::Value& got, bool& done);
  // sorted(items, key, reverse): a stable sort by Python's <.
  std::vector<Value> sorted(std::vector<Value> items, const Value* key, bool reverse);
  bool less(const Value& a, const Value& b) { return compare(CmpOpKind::Lt, a, b); }
  Value add(const Value& a, const Value& b);
  Value builtin(const std::string& name) const { return builtins_.at(name); }
  Value greenlet_attr(const Value& obj, const std::string& name);  // Modules.cpp
  Value native_attr(const Value& obj, const std::string& name);    // Modules.cpp
  void set_greenlet_attr(const Value& obj, const std::string& name, Value v);
  // setattr(obj, name, v): obj.name = v.
  void setattr(const Value& obj, const std::string& name, Value v);
  Value make_builtin(std::string name, BuiltinFn fn, Value self = {});
  Value import_module(const std::string& name);
  void print(std::string_view text) { out_.print(text); }
  const std::string& filename() const { return filename_; }
  Random& random() { return random_; }
  bool time_patched() const { return time_patched_; }
  void patch_time() { time_patched_ = true; }
  double wall_start() const { return wall_start_; }
  // greenlet_object(g): the Python object of runtime greenlet g (made for main on demand).
  Value greenlet_object(runtime::Greenlet* g);
  // greenlet_switch(g, args): g.switch(*args, **kwargs) of a script greenlet.
  Value greenlet_switch(const Value& g, CallArgs args);
  // report_failure(g, e): gevent's report of g's uncaught Python exception,
  // to hub.exception_stream (stderr unless the script set it); false when e
  // is not a Python exception.
  bool report_failure(const runtime::Greenlet& g, const std::exception_ptr& e);
  // hub_object(): gevent.get_hub(), the same object for the whole run.
  Value hub_object();
  void forget_greenlet(runtime::Greenlet* g) { greenlets_.erase(g); }
  void remember_greenlet(runtime::Greenlet* g, GreenletObject* o) {
    greenlets_[g] = o;
    own(runtime::GreenletRef(g));
  }
  // own(g): g runs script code; end_greenlets() ends it while the interpreter lives.
  void own(runtime::GreenletRef g) { owned_.push_back(std::move(g)); }
  // end_greenlets() throws GreenletExit into every script greenlet and
  // generator still suspended, newest first (as CPython does at exit, when
  // module globals go), then drops the module's names.
  void end_greenlets();
  // break_cycles() empties every tracked object (see track()); only when no
  // script code can run any more.
  void break_cycles();
  // settrace(fn): greenlet.settrace: fn(event, (origin, target)) for every
  // switch from now on (see Tracer.cpp); returns the previous fn.
  Value settrace(Value fn);
  Value gettrace() const { return trace_fn_; }
  // yield_value(v): a generator's `yield`: back to whoever resumed it.
  Value yield_value(Value v);

  // ---- the evaluator (Eval.cpp) -----------------------------------------------
  // Frame: one running Python frame, on the C++ stack of the fiber that runs
  // it. Every live frame is in one list (newest first), so a greenlet's
  // frames are those whose address lies in its stack (frames_of()).
  struct Frame {
    Frame(Interp& in, ScopeObject* s, const Code* c, int l,
          const FunctionObject* function = nullptr)
        : scope(s), code(c), line(l), fn(function), interp_(&in), next_(in.live_frames_) {
      if (next_) next_->prev_ = this;
      in.live_frames_ = this;
    }
    ~Frame() {
      (prev_ ? prev_->next_ : interp_->live_frames_) = next_;
      if (next_) next_->prev_ = prev_;
    }
    Frame(const Frame&) = delete;
    Frame& operator=(const Frame&) = delete;
    ScopeObject* scope;
    const Code* code;  // null at module level, in a class body or a comprehension
    int line = 0;
    Value returned;
    const FunctionObject* fn;  // the function called, when there is one
    Value handling;            // the exception its running except block handles
    std::string_view label;    // without code: a class body's name, "<listcomp>"

   private:
    friend class Interp;
    Interp* interp_;
    Frame* prev_ = nullptr;
    Frame* next_;
  };
  // frames_of(g): g's Python frames, innermost first (empty when it runs no
  // script code or has no stack of its own).
  std::vector<const Frame*> frames_of(const runtime::Greenlet& g) const;
  // frame_name(f): what a traceback calls f ("<module>", a function's name).
  static std::string frame_name(const Frame& f);
  // frame_object(frames, i): Python's frame object for frames[i] (f_code,
  // f_lineno, f_locals, f_back), a copy made now.
  Value frame_object(const std::vector<const Frame*>& frames, std::size_t i);
  enum class Flow { Normal, Break, Continue, Return };
  Flow exec_body(const Body& body, Frame& f);
  Flow exec(const Stmt& s, Frame& f);
  Value eval(const Expr& e, Frame& f);
  Value call_function(FunctionObject* fn, CallArgs& args);
  Value run_code(const Code& code, Value scope, const FunctionObject* fn = nullptr);
  // generator_expression(ge, f): (x for ...), a generator on a fiber of its own.
  Value generator_expression(const GeneratorExp& ge, Frame& f);

 private:
  friend class Builtins;
  void install_builtins();
  void install_modules();
  void install_text_modules();  // io and re (ModuleText.cpp)
  void install_sys();           // sys and input() (ModuleSys.cpp)
  void install_socket();        // socket, gevent.socket, gevent.server (ModuleSocket.cpp)
  Value socket_attr(const Value& obj, const std::string& name);  // ModuleSocket.cpp
  Value text_attr(const Value& obj, const std::string& name);
  std::shared_ptr<const Code> compile(const FunctionDef& def);
  std::shared_ptr<const Code> compile(const Lambda& lambda, int line);
  Value lookup(const std::string& name, Frame& f);
  Value lookup(const Name& n, Frame& f);  // the same, resolved once per node
  NameScope resolve(const Name& n, const Frame& f);
  void assign(const Expr& target, Value v, Frame& f);
  void store_name(const std::string& name, Value v, Frame& f);
  void store_name(const Name& n, Value v, Frame& f);
  Value binop(BinOpKind op, const Value& a, const Value& b);
  bool compare(CmpOpKind op, const Value& a, const Value& b);
  Value subscript(const Value& obj, const Value& key);
  Value call_expr(const Call& c, Frame& f);
  void comprehension(const std::vector<Comprehension>& gens, Frame& f,
                     const std::function<void(Frame&)>& each);
  std::string traceback_text(const PyError& e) const;
  void check_stack();
  // unwinding(): GreenletExit ends the greenlet without running Python (see World::ending()).
  bool unwinding() const { return hard_exit_ || runtime::current_world().ending(); }
  void flush_trace();
  const ExceptHandler* match_handler(const Try& t, const Value& exc, Frame& f);
  Flow exec_with(const With& w, std::size_t i, Frame& f);
  // SliceRange: a slice applied to a length n: its bounds and the positions it picks.
  struct SliceRange {
    std::int64_t start = 0, stop = 0, step = 1;
    std::vector<std::int64_t> at;
  };
  SliceRange slice_range(const Slice& sl, Frame& f, std::int64_t n);
  void delete_target(const Expr& t, Frame& f);
  void unpack(const std::vector<ExprPtr>& targets, const Value& v, Frame& f);
  Value inplace(BinOpKind op, const Value& a, const Value& b);
  std::vector<Value> display_items(const std::vector<ExprPtr>& elts, Frame& f);
  void assign_slice(const Value& obj, const Slice& sl, const Value& v, Frame& f);
  void install_timeout(ModuleObject& gevent);  // GeventTimeout.cpp
  Flow handle(const ExceptHandler& h, const Value& exc, Frame& f);
  // keep_traceback(e): e's frames, kept on its exception (__traceback__), for
  // a bare raise and for the chained tracebacks of __cause__ / __context__.
  void keep_traceback(const PyError& e, const Frame& f);
  std::vector<TraceEntry> stored_traceback(const Value& exc) const;
  std::string traceback_body(const Value& exc, const std::vector<TraceEntry>& tb) const;
  void uninstall_tracer();
  friend struct EvalAccess;

  // Tracer: the observer settrace() chains in front of the world's own.
  struct Tracer final : runtime::Observer {
    struct Entry {
      runtime::Transfer kind;
      runtime::GreenletRef origin, target;
    };
    void on_transfer(runtime::Transfer kind, runtime::Greenlet& origin,
                     runtime::Greenlet& target) override;
    void on_sched(const runtime::SchedEvent& e) override;
    runtime::Observer* next = nullptr;
    std::deque<Entry> queue;  // transfers the script's fn has not seen yet
  };

  ScriptOutput out_;
  std::string filename_;
  std::vector<std::string> lines_;  // the source, for tracebacks
  std::unique_ptr<Module> module_;
  std::unordered_map<std::string, Value> builtins_;
  std::unordered_map<std::string, Value> modules_;
  std::unordered_map<const void*, std::shared_ptr<const Code>> codes_;
  std::unordered_map<runtime::Greenlet*, GreenletObject*> greenlets_;
  std::vector<runtime::GreenletRef> owned_;
  std::unordered_set<Object*> tracked_;  // see track()
  std::unordered_set<Object*>* outer_tracked_ = nullptr;
  Interp* outer_interp_ = nullptr;  // the one active before this one (see dunder_text)
  Value globals_;                   // the module scope
  Random random_;
  bool time_patched_ = false;
  double wall_start_ = 0;
  int depth_ = 0;
  std::uint64_t lines_reported_ = 0;  // Line reports so far (see the Call case in eval)
  Frame* live_frames_ = nullptr;      // see Frame
  Value frame_class_, code_class_;
  Value super_;  // the builtin super, which the evaluator completes (call_expr)
  Tracer tracer_;
  Value hub_object_;
  Value empty_tuple_;                // (), shared: what a bare switch() sends
  bool reporting_failures_ = false;  // the hub's failure reporter is ours
  Value trace_fn_;
  bool in_tracer_ = false;
  bool hard_exit_ = false;  // end_greenlets() ends a greenlet that refused GreenletExit

 public:
  // type_of(v): type(v): the same class object for every value of one type
  // (the builtins' int, str, list... for theirs).
  Value type_of(const Value& v);
  // make_set(items): a new set of items; TypeError for an unhashable one.
  Value make_set(const std::vector<Value>& items);
  // hashable_key(v): v when it can be hashed, else TypeError "unhashable type".
  const Value& hashable_key(const Value& v);
  // key_error(key): KeyError(key), whose str() is repr(key) as in CPython.
  Value key_error(const Value& key);
  // raise_result(type, message): the error a formatting helper reported
  // (Percent.cpp, StrFormat.cpp; a KeyError's message is the key's repr).
  [[noreturn]] void raise_result(const std::string& type, const std::string& message);
  // set_method(self, name): a set's method (SetMethods.cpp); None when it has none.
  Value set_method(const Value& self, const std::string& name);
  // builtin_type_method(cls, name): str.upper, list.append, dict.fromkeys...:
  // a built-in type's method, unbound; None when cls is no built-in type or lacks it.
  Value builtin_type_method(const Value& cls, const std::string& name);

 private:
  std::unordered_map<std::string, Value> type_classes_;  // type_of() of the other kinds
};

}  // namespace coroscope::script
