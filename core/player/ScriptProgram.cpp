#include "player/ScriptProgram.hpp"

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <stdexcept>

#include "io/SlowSite.hpp"
#include "script/Interp.hpp"
#include "script/Preview.hpp"
#include "trace/EventLog.hpp"

namespace coroscope::player {

namespace {

constexpr std::size_t kMaxFrames = 8;   // innermost first; a deep recursion shows its top
constexpr std::size_t kMaxLocals = 16;  // per frame
constexpr std::size_t kValueChars = 48;

// shown_at_module(v): a module-level name a learner wants to watch: data, not
// the imports, functions and classes every lesson defines.
bool shown_at_module(const script::Value& v) {
  const script::Object* o = v.object();
  if (!o) return true;
  switch (o->kind) {
    case script::Object::Kind::Module:
    case script::Object::Kind::Function:
    case script::Object::Kind::Builtin:
    case script::Object::Kind::Class:
      return false;
    default:
      return true;
  }
}

std::vector<PyFrame> read_frames(script::Interp& interp, const runtime::Greenlet& g) {
  std::vector<PyFrame> out;
  for (const script::Interp::Frame* f : interp.frames_of(g)) {
    if (out.size() == kMaxFrames) break;
    PyFrame frame{script::Interp::frame_name(*f), f->line, {}};
    if (f->scope) {
      const bool module = f->scope->module;
      for (const auto& [name, value] : f->scope->vars) {
        if (name.starts_with("__") || (module && !shown_at_module(value))) continue;
        frame.locals.emplace_back(name, script::preview(value, kValueChars));
      }
      std::sort(frame.locals.begin(), frame.locals.end());
      if (frame.locals.size() > kMaxLocals) frame.locals.resize(kMaxLocals);
    }
    out.push_back(std::move(frame));
  }
  return out;
}

// Python calls recurse on the fiber's stack (about 2 KiB a call): 8 MiB, of
// which only the pages used are ever resident, give CPython's depth of ~1000.
constexpr std::size_t kScriptMainStack = 8u << 20;
}  // namespace

Program script_program(std::string filename, std::string source, std::vector<std::string> argv) {
  if (argv.empty()) argv.push_back(filename);
  std::string name = filename;
  if (const auto slash = name.find_last_of('/'); slash != std::string::npos) {
    name = name.substr(slash + 1);
  }
  return {
      name,
      [filename, source, argv](Output& out) {
        script::ScriptOutput to{[&out](std::string_view t) { out.print(t); }, {}, {}};
        to.error = [&out](std::string_view t) { out.print_error(t); };
        if (out.wants_lines()) to.line = [&out](int line) { out.line(line); };
        to.read_line = [&out] { return out.read_line(); };
        script::Interp interp(std::move(to), filename);
        interp.set_argv(argv);
        out.set_value_text([](const std::any& v) -> std::string {
          if (auto* x = std::any_cast<script::Value>(&v)) return script::repr(*x);
          if (auto* c = std::any_cast<script::Carried>(&v)) return script::repr(c->value());
          if (auto* a = std::any_cast<script::StartArgs>(&v)) {
            return script::repr(script::Value(script::make_tuple(a->args.args)));
          }
          return trace::EventLog::default_value_text(v);
        });
        // The player reads a suspended greenlet's frames at stops, while
        // this interpreter lives: the reader goes when the run ends.
        out.set_frame_reader(
            [&interp](const runtime::Greenlet& g) { return read_frames(interp, g); });
        struct Unset {
          Output& out;
          ~Unset() { out.set_frame_reader(nullptr); }
        } unset{out};
        // A script that names COROSCOPE_SITE gets Coroscope's slow site for
        // the run (the crawler lesson, offline), unless the environment
        // already points it somewhere. It serves on a thread of its own.
        std::optional<io::SlowSite> site;
        if (source.find("COROSCOPE_SITE") != std::string::npos && !std::getenv("COROSCOPE_SITE")) {
          try {
            site.emplace();
            interp.set_environ("COROSCOPE_SITE", site->url());
          } catch (const std::runtime_error& e) {
            out.print_error(std::string("coroscope: ") + e.what() + "\n");
          }
        }
        script::RunResult r = interp.run(source);
        if (!r.ok || r.exit_status != 0) throw ScriptError(r.error_text, r.exit_status);
      },
      "a Python script", kScriptMainStack};
}

}  // namespace coroscope::player
