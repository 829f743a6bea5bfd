#include "Cli.hpp"

#include <cstdio>
#include <string_view>

#include <CLI/CLI.hpp>

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

}  // namespace

CliResult parse_cli(int argc, char** argv) {
  CliResult result;
  Options& o = result.options;
  CLI::App app{"Coroscope: watch real greenlets switch, one switch at a time.", "coroscope"};
  app.set_version_flag("--version", std::string("coroscope ") + COROSCOPE_VERSION);
  std::string screenshot, size;
  int steps = 0;
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
  app.footer("Keys: Space steps to the next switch, R restarts, Esc quits.");

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
