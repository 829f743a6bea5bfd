#include "Headless.hpp"

#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
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
#include "runtime/Observer.hpp"
#include "runtime/World.hpp"
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

// --stats: a signal asks the run to end (SIGTERM, SIGINT); 0 while none came.
volatile std::sig_atomic_t g_stop_signal = 0;
extern "C" void on_stop_signal(int sig) {
  g_stop_signal = sig;
}

// SwitchCount: an observer that counts transfers (switches and throws).
struct SwitchCount final : runtime::Observer {
  std::uint64_t n = 0;
  void on_transfer(runtime::Transfer, runtime::Greenlet&, runtime::Greenlet&) override { ++n; }
};

// open_sockets(): the process's file descriptors that are sockets.
int open_sockets() {
  DIR* dir = ::opendir("/proc/self/fd");
  if (!dir) return -1;
  int n = 0;
  char target[64];
  while (const dirent* e = ::readdir(dir)) {
    if (e->d_name[0] == '.') continue;
    const std::string link = std::string("/proc/self/fd/") + e->d_name;
    const ssize_t len = ::readlink(link.c_str(), target, sizeof target - 1);
    if (len > 0 && std::string_view(target, static_cast<std::size_t>(len)).starts_with("socket:")) {
      ++n;
    }
  }
  ::closedir(dir);
  return n;
}

// stats_line(world, when, switches): "coroscope: at the end: 2 greenlets alive
// (main, hub), 1 socket open, 1234 switches".
std::string stats_line(runtime::World& world, const char* when, std::uint64_t switches) {
  constexpr std::size_t kNamed = 8;
  std::vector<std::string> names;  // newest first
  world.for_each_started([&](runtime::Greenlet& g) { names.push_back(g.name()); });
  std::reverse(names.begin(), names.end());
  std::string list;
  for (std::size_t i = 0; i < names.size() && i < kNamed; ++i) list += (i ? ", " : "") + names[i];
  if (names.size() > kNamed) list += ", ...";
  const int sockets = open_sockets();
  char text[128];
  std::snprintf(text, sizeof text, "%zu greenlet%s alive", names.size(),
                names.size() == 1 ? "" : "s");
  std::string line = std::string("coroscope: ") + when + ": " + text;
  if (!names.empty()) line += " (" + list + ")";
  std::snprintf(text, sizeof text, ", %d socket%s open, %llu switches\n", sockets,
                sockets == 1 ? "" : "s", static_cast<unsigned long long>(switches));
  return line + text;
}

// run_with_stats(program, out): run_direct, ended early by SIGTERM or SIGINT,
// with the stats line on stderr at the end; the exit status is 128 + the
// signal's number when one ended it, as a shell reports a killed process.
int run_with_stats(const player::Program& program, player::Output& out) {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  action.sa_flags = SA_RESTART;
  sigemptyset(&action.sa_mask);
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGINT, &action, nullptr);
  SwitchCount switches;
  std::string line;
  player::DirectWatch watch;
  watch.stop = [] { return g_stop_signal != 0; };
  watch.observer = &switches;
  watch.at_end = [&](runtime::World& world) {
    const int sig = g_stop_signal;
    line = stats_line(world,
                      sig == SIGTERM ? "at SIGTERM"
                      : sig          ? "at SIGINT"
                                     : "at the end",
                      switches.n);
  };
  std::exception_ptr error = player::run_direct(program, out, watch);
  std::fflush(stdout);
  std::fputs(line.c_str(), stderr);
  if (g_stop_signal) return 128 + g_stop_signal;
  return report(error, program.name);
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
  if (options.stats) {
    ToStdout out;
    return run_with_stats(*program, out);
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
