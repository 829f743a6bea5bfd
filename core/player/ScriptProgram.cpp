#include "player/ScriptProgram.hpp"

#include "script/Interp.hpp"
#include "trace/EventLog.hpp"

namespace coroscope::player {

namespace {
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
  return {name,
          [filename, source, argv](Output& out) {
            script::ScriptOutput to{[&out](std::string_view t) { out.print(t); }, {}, {}};
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
            script::RunResult r = interp.run(source);
            if (!r.ok || r.exit_status != 0) throw ScriptError(r.error_text, r.exit_status);
          },
          "a Python script", kScriptMainStack};
}

}  // namespace coroscope::player
