#include "Cli.hpp"

#include <algorithm>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "Demos.hpp"

namespace coroscope::app {

namespace {

constexpr int kMinSide = 320;
constexpr int kMaxSide = 8192;

// parse_size("1280x800") fills w and h; false unless both are whole numbers in range.
bool parse_size(std::string_view text, int& w, int& h) {
  const auto x = text.find('x');
  if (x == std::string_view::npos) return false;
  auto number = [](std::string_view digits, int& out) {
    if (digits.empty() || digits.size() > 5) return false;
    out = 0;
    for (char c : digits) {
      if (c < '0' || c > '9') return false;
      out = out * 10 + (c - '0');
    }
    return out >= kMinSide && out <= kMaxSide;
  };
  return number(text.substr(0, x), w) && number(text.substr(x + 1), h);
}

std::string demo_names() {
  std::string names;
  for (const Demo& d : demos()) names += (names.empty() ? "" : ", ") + d.name;
  return names;
}

void list_demos() {
  for (const Demo& d : demos()) std::printf("%-18s %s\n", d.name.c_str(), d.summary.c_str());
}

constexpr const char* kKeyNames = "Space, PgDn, PgUp, N, Left, Right, Enter, R, F5";

// parse_keys("Space,Left", bad): the keys in order; bad names the first unknown one.
std::vector<std::string> parse_keys(const std::string& list, std::string& bad) {
  std::vector<std::string> out;
  std::size_t begin = 0;
  while (begin <= list.size()) {
    const std::size_t comma = std::min(list.find(',', begin), list.size());
    const std::string key = list.substr(begin, comma - begin);
    const std::string known = std::string(", ") + kKeyNames + ",";
    if (key.empty() || known.find(", " + key + ",") == std::string::npos) {
      bad = key.empty() ? "(empty)" : key;
      return out;
    }
    out.push_back(key);
    begin = comma + 1;
  }
  return out;
}

int usage_error(const std::string& line) {
  std::fprintf(stderr, "coroscope: %s\n", line.c_str());
  return 2;
}

constexpr int kSitePort = 8002;  // --serve-site without a port

// parse_port(text) is the port text names (kSitePort if text is empty), or nothing
// unless text is a whole number from 0 to 65535.
std::optional<int> parse_port(const std::string& text) {
  if (text.empty()) return kSitePort;
  if (text.size() > 5 || text.find_first_not_of("0123456789") != std::string::npos) return {};
  const int port = std::stoi(text);
  if (port > 65535) return {};
  return port;
}

}  // namespace

CliResult parse_cli(int argc, char** argv) {
  CliResult result;
  Options& o = result.options;
  CLI::App app{"Coroscope: watch real greenlets switch, one switch at a time.", "coroscope"};
  app.set_version_flag("--version", std::string("coroscope ") + COROSCOPE_VERSION);
  std::string screenshot, size, trace_out;
  int steps = 0;
  bool list = false;
  app.add_option("DEMO", o.program, "The demo to run (default: pingpong; see --list-demos)");
  app.add_option("ARGS", o.args, "What the script finds in sys.argv[1:], e.g. a port");
  app.add_flag("--headless", o.headless,
               "No window: run DEMO to the end, its output on stdout, exactly");
  app.add_option("--trace-out", trace_out,
                 "With --headless: write the run as Chrome trace-event JSON (open it in Perfetto)")
      ->option_text("FILE.json");
  app.add_flag("--stats", o.stats,
               "With --headless: when the run ends, at its end or on SIGTERM or SIGINT, print "
               "the greenlets alive, the sockets open and the switches made on stderr");
  app.add_flag("--list-demos", list, "List the demos with what each teaches, and exit");
  app.add_option("--screenshot", screenshot,
                 "Run the switches, render a few frames, save the window to this PNG and exit")
      ->option_text("OUT.png");
  app.add_option("--steps", steps, "Switches to run before showing (default: all of them)")
      ->option_text("N")
      ->check(CLI::Validator(
          [](std::string& text) -> std::string {
            return !text.empty() && text.find_first_not_of("0123456789") == std::string::npos
                       ? std::string()
                       : "wants a whole number of switches, 0 or more, not '" + text + "'";
          },
          "N >= 0"));
  app.add_option("--size", size, "Window size in pixels (default 1280x800)")->option_text("WxH");
  std::string keys;
  app.add_option("--keys", keys,
                 "Key presses to simulate, one per frame, before the screenshot, e.g. "
                 "Space,Space,Left")
      ->option_text("K1,K2,...");
  std::string site_port;
  app.add_option("--serve-site", site_port,
                 "Serve the crawler lesson's slow pages on 127.0.0.1:PORT (default 8002) until "
                 "Ctrl+C, for CPython to crawl too")
      ->option_text("[PORT]")
      ->expected(0, 1);
  app.add_option(
         "--client", o.clients,
         "For a server: once it prints where it listens (serving on HOST:PORT), a client "
         "connects and sends LINE and a newline; repeat for more clients: --client hi --client bye")
      ->option_text("LINE")
      ->allow_extra_args(false);
  app.footer(
      "Keys: Space or PgDn steps to the next switch, N to the next line, Left or PgUp goes back,\n"
      "Right forward, Enter runs or pauses, R restarts, F5 presentation, Ctrl+S saves a PNG,\n"
      "Esc quits.");

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {  // --help, --version
    result.exit_code = app.exit(e);
    return result;
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "coroscope: %s (see coroscope --help)\n", e.what());
    result.exit_code = 2;
    return result;
  }

  if (app.count("--serve-site")) {
    for (const char* other : {"DEMO", "--headless", "--trace-out", "--list-demos", "--screenshot",
                              "--steps", "--size", "--keys"}) {
      if (app.count(other)) {
        result.exit_code = usage_error("--serve-site runs the slow site alone, so it takes no " +
                                       std::string(other) + "; e.g. coroscope --serve-site 8002");
        return result;
      }
    }
    o.serve_site = parse_port(site_port);
    if (!o.serve_site) {
      result.exit_code = usage_error(
          "--serve-site wants a port from 0 (any free port) to 65535, e.g. --serve-site 8002, "
          "not '" +
          site_port + "'");
    }
    return result;
  }
  if (list) {
    list_demos();
    result.exit_code = 0;
    return result;
  }
  if (!o.program.ends_with(".py") && !find_demo(o.program)) {
    result.exit_code =
        usage_error("no demo named '" + o.program + "'; the demos are: " + demo_names());
    return result;
  }
  if (app.count("--trace-out")) {
    if (trace_out.empty() || !o.headless) {
      result.exit_code = usage_error(
          "--trace-out FILE.json goes with --headless, e.g. coroscope --headless pingpong "
          "--trace-out run.json");
      return result;
    }
    o.trace_out = trace_out;
  }
  if (o.stats && (!o.headless || o.trace_out)) {
    result.exit_code = usage_error(
        "--stats goes with --headless and without --trace-out, e.g. coroscope --headless "
        "echo_server 8001 --stats");
    return result;
  }
  if (o.headless && app.count("--screenshot")) {
    result.exit_code = usage_error("--headless opens no window, so it takes no --screenshot");
    return result;
  }
  if (o.headless && !o.clients.empty()) {
    result.exit_code = usage_error(
        "--headless opens no window, so it takes no --client; connect with nc 127.0.0.1 PORT");
    return result;
  }
  if (app.count("--keys")) {
    if (o.headless) {
      result.exit_code = usage_error("--headless opens no window, so it takes no --keys");
      return result;
    }
    std::string bad;
    o.keys = parse_keys(keys, bad);
    if (!bad.empty()) {
      result.exit_code =
          usage_error("--keys: unknown key '" + bad + "'; the keys are " + std::string(kKeyNames));
      return result;
    }
  }

  if (app.count("--screenshot")) {
    if (screenshot.empty()) {
      std::fprintf(stderr, "coroscope: --screenshot needs a file name, e.g. out.png\n");
      result.exit_code = 2;
      return result;
    }
    o.screenshot = screenshot;
  }
  if (app.count("--steps")) o.steps = steps;
  if (app.count("--size") && !parse_size(size, o.width, o.height)) {
    std::fprintf(stderr,
                 "coroscope: --size wants WIDTHxHEIGHT, each %d to %d pixels, e.g. 1280x800, not "
                 "'%s'\n",
                 kMinSide, kMaxSide, size.c_str());
    result.exit_code = 2;
  }
  return result;
}

}  // namespace coroscope::app
