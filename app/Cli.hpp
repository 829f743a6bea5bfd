#pragma once
// Cli: the app's command line.
//
//   CliResult cli = parse_cli(argc, argv);
//   if (cli.exit_code) return *cli.exit_code;   // --help, --version, or bad usage
//   const Options& o = cli.options;
//
// Bad usage prints one line to stderr and gives exit code 2; --help and
// --version print to stdout and give 0.

#include <optional>
#include <string>
#include <vector>

namespace coroscope::app {

struct Options {
  std::string program = "pingpong";       // DEMO: a built-in demo's name, or a FILE.py
  std::vector<std::string> args;          // ARGS after DEMO: the script's sys.argv[1:]
  bool headless = false;                  // --headless: no window; output on stdout
  std::optional<std::string> trace_out;   // --trace-out FILE.json: Chrome trace of the run
  bool stats = false;                     // --stats: at the end (or SIGTERM/SIGINT), one line
  std::optional<std::string> screenshot;  // --screenshot OUT.png: render, save, exit
  std::optional<int> steps;               // --steps N: switches to run first; empty: all
  std::vector<std::string> keys;          // --keys: presses to simulate ("Space", "Left", ...)
  std::vector<std::string> clients;       // --client LINE: one client each, once the server listens
  int width = 1280;                       // --size WxH: the window, in pixels
  int height = 800;
  std::optional<int> serve_site;  // --serve-site [PORT]: run the slow site only
};

struct CliResult {
  Options options;
  std::optional<int> exit_code;  // set: print nothing more and exit with it
};

CliResult parse_cli(int argc, char** argv);

}  // namespace coroscope::app
