// ModuleSys: the sys module (argv, stdout, stderr, exit, version_info,
// getrecursionlimit), the os module (environ, getenv, getpid) and input(). sys.stdout is the run's
// output (what the trace records and the console shows); sys.stderr goes to the process's stderr;
// input() reads a line from the front end (the app's console, or stdin when headless).
#include <unistd.h>

#include <iostream>

#include "script/Interp.hpp"
#include "script/ModuleSupport.hpp"

namespace coroscope::script {

namespace {

// A stream object: write(s) returns the characters written; flush() does nothing.
Value stream(Interp& in, const char* name, std::function<void(std::string_view)> sink) {
  Value cls(new_class("TextIOWrapper", {in.builtin("object")}, "_io"));
  auto& d = cls.as<ClassObject>()->dict;
  d["write"] = in.make_builtin("write", [sink](Interp& interp, CallArgs& a) {
    auto* s = a.args.size() > 1 ? a.args[1].as<StrObject>() : nullptr;
    if (!s) interp.raise("TypeError", "write() argument must be str");
    sink(s->text);
    std::int64_t n = 0;
    for (unsigned char c : s->text) n += (c & 0xc0) != 0x80;
    return Value::integer(n);
  });
  d["flush"] = in.make_builtin("flush", [](Interp&, CallArgs&) { return Value(); });
  Value obj = in.call(cls, std::vector<Value>{});
  obj.as<InstanceObject>()->dict["name"] = str_value(name);
  return obj;
}

}  // namespace

void Interp::install_sys() {
  Value m(new ModuleObject("sys"));
  auto& d = m.as<ModuleObject>()->dict;
  d["argv"] = Value(make_list({str_value(filename_)}));
  d["stdout"] = stream(*this, "<stdout>", [this](std::string_view t) { print(t); });
  d["stderr"] = stream(*this, "<stderr>", [this](std::string_view t) {
    if (out_.error) {
      out_.error(t);
    } else {
      std::cerr << t;
      std::cerr.flush();
    }
  });
  d["version_info"] = Value(make_tuple({Value::integer(3), Value::integer(11), Value::integer(2)}));
  d["version"] = str_value("3.11.2 (Coroscope)");
  d["platform"] = str_value("linux");
  d["maxsize"] = Value::integer(INT64_MAX);
  d["exit"] = make_builtin("exit", [](Interp& in, CallArgs& a) -> Value {
    in.raise(in.call(in.builtin("SystemExit"), a.args));
  });
  d["getrecursionlimit"] =
      make_builtin("getrecursionlimit", [](Interp&, CallArgs&) { return Value::integer(1000); });
  modules_["sys"] = m;

  // os: the environment as the process got it, a plain dict (set_environ adds to it).
  Value os(new ModuleObject("os"));
  auto& od = os.as<ModuleObject>()->dict;
  Value env(make_dict());
  for (char** e = ::environ; e && *e; ++e) {
    const std::string_view kv(*e);
    const auto eq = kv.find('=');
    if (eq == std::string_view::npos) continue;
    env.as<DictObject>()->set(str_value(std::string(kv.substr(0, eq))),
                              str_value(std::string(kv.substr(eq + 1))));
  }
  od["environ"] = env;
  od["getenv"] = make_builtin("getenv", [env](Interp& in, CallArgs& a) {
    if (a.args.empty() || !a.args[0].as<StrObject>()) {
      in.raise("TypeError", "str expected, not " +
                                (a.args.empty() ? std::string("nothing") : type_name(a.args[0])));
    }
    const Value* dflt = a.args.size() > 1 ? &a.args[1] : a.kw("default");
    if (std::optional<Value> v = env.as<DictObject>()->get(a.args[0])) return *v;
    return dflt ? *dflt : Value();
  });
  od["getpid"] = make_builtin("getpid", [](Interp&, CallArgs&) {
    return Value::integer(static_cast<std::int64_t>(::getpid()));
  });
  od["name"] = str_value("posix");
  od["sep"] = str_value("/");
  od["linesep"] = str_value("\n");
  modules_["os"] = os;

  builtins_["EOFError"] = Value(new_class("EOFError", {builtins_.at("Exception")}));
  builtins_["input"] = make_builtin("input", [](Interp& in, CallArgs& a) {
    if (!a.args.empty()) in.print(str(a.args[0]));  // the prompt, no newline
    std::optional<std::string> line = in.out_.read_line ? in.out_.read_line() : std::nullopt;
    if (!line) in.raise("EOFError", "EOF when reading a line");
    if (!line->empty() && line->back() == '\n') line->pop_back();
    return str_value(*line);
  });
}

void Interp::set_argv(const std::vector<std::string>& argv) {
  std::vector<Value> items;
  for (const std::string& a : argv) items.push_back(str_value(a));
  modules_.at("sys").as<ModuleObject>()->dict["argv"] = Value(make_list(std::move(items)));
}

void Interp::set_environ(const std::string& name, const std::string& value) {
  Value env = modules_.at("os").as<ModuleObject>()->dict.at("environ");
  env.as<DictObject>()->set(str_value(name), str_value(value));
}

}  // namespace coroscope::script
