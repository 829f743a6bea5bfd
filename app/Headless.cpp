#include "Headless.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "Demos.hpp"
#include "player/Direct.hpp"
#include "player/Player.hpp"
#include "player/ScriptProgram.hpp"
#include "trace/ChromeTrace.hpp"

namespace coroscope::app {

namespace {
std::string what_of(std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& x) {
    return x.what();
  } catch (...) {
    return "an exception that is not a std::exception";
  }
}

// ToStdout: a run's prints, written as they happen; nothing else is kept.
struct ToStdout final : player::Output {
  void print(std::string_view text) override { std::fwrite(text.data(), 1, text.size(), stdout); }
  void line(int) override {}
  void set_value_text(std::function<std::string(const std::any&)>) override {}
  bool wants_lines() const override { return false; }
  std::optional<std::string> read_line() override {
    std::fflush(stdout);  // the prompt first, as CPython shows it
    std::string line;
    if (!std::getline(std::cin, line)) return std::nullopt;
    return line;
  }
};

// report(error, name): what main raised, on stderr; the exit status.
int report(const std::exception_ptr& error, const std::string& name) {
  if (!error) return 0;
  try {
    std::rethrow_exception(error);
  } catch (const player::ScriptError& e) {
    std::fputs(e.what(), stderr);  // the traceback, as CPython prints it
    return e.status;
  } catch (...) {
  }
  std::fprintf(stderr, "coroscope: %s raised: %s\n", name.c_str(), what_of(error).c_str());
  return 1;
}

}  // namespace

int run_headless(const Options& options) {
  player::Program script;
  const player::Program* program = nullptr;
  if (const Demo* demo = find_demo(options.program)) {
    std::vector<std::string> argv{demo->name + ".py"};
    argv.insert(argv.end(), options.args.begin(), options.args.end());
    script = player::script_program(demo->name + ".py", demo->source, std::move(argv));
    program = &script;
  } else if (options.program.ends_with(".py")) {
    std::ifstream in(options.program, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "coroscope: cannot read %s: %s\n", options.program.c_str(),
                   std::strerror(errno));
      return 2;
    }
    std::stringstream text;
    text << in.rdbuf();
    std::vector<std::string> argv{options.program};
    argv.insert(argv.end(), options.args.begin(), options.args.end());
    // Tracebacks name the file as CPython does: joined to the working directory.
    script = player::script_program(std::filesystem::absolute(options.program).string(), text.str(),
                                    argv);
    program = &script;
  }
  if (!program) {
    std::fprintf(stderr, "coroscope: no demo named '%s'\n", options.program.c_str());
    return 2;
  }
  std::ofstream trace_file;
  if (options.trace_out) {  // before running: a run is not lost to a bad path
    trace_file.open(*options.trace_out);
    if (!trace_file) {
      std::fprintf(stderr, "coroscope: cannot write the trace to %s: %s\n",
                   options.trace_out->c_str(), std::strerror(errno));
      return 2;
    }
  }
  if (!options.trace_out) {  // nothing to record: run straight through
    ToStdout out;
    std::exception_ptr error = player::run_direct(*program, out);
    std::fflush(stdout);
    return report(error, program->name);
  }
  player::Player p(*program);
  std::size_t seen = 0;  // events whose prints are written
  while (!(p.finished() && p.at_end())) {
    p.step_switch();
    for (; seen < p.frontier(); ++seen) {
      const trace::Event& e = p.log().event(seen);
      if (e.kind != trace::Kind::Print) continue;
      const std::string_view text = p.log().text(e.text);
      std::fwrite(text.data(), 1, text.size(), stdout);
    }
  }
  std::fflush(stdout);
  if (options.trace_out) {
    trace::write_chrome_trace(p.log(), trace_file);
    trace_file.close();
    if (!trace_file) {
      std::fprintf(stderr, "coroscope: cannot write the trace to %s: %s\n",
                   options.trace_out->c_str(), std::strerror(errno));
      return 2;
    }
  }
  return report(p.error(), program->name);
}

}  // namespace coroscope::app
