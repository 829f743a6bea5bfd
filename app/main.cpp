// coroscope: the ping-pong of the seed article on real fibers, one switch at a
// time. Each frame: poll → advance the run → new frame → views → render → swap.

#include <cstdio>
#include <exception>
#include <string>
#include <utility>
#include <vector>

#include <imgui.h>

#include "Cli.hpp"
#include "Headless.hpp"
#include "PingPongRun.hpp"
#include "Theme.hpp"
#include "platform/Window.hpp"
#include "render/GlRenderer.hpp"
#include "render/Screenshot.hpp"
#include "render/StackStripRenderer.hpp"
#include "views/Views.hpp"

namespace coroscope::app {
namespace {

constexpr int kScreenshotFrames = 4;  // tables settle their column widths in two or three

int fail(const std::string& line) {
  std::fprintf(stderr, "%s\n", line.c_str());
  return 2;
}

struct ImGuiContextScope {
  ImGuiContextScope() { ImGui::CreateContext(); }
  ~ImGuiContextScope() { ImGui::DestroyContext(); }
};

// advance(cmd, run, selected) applies what the keys and views asked for.
void advance(const views::Commands& cmd, PingPongRun& run, std::size_t& selected) {
  if (cmd.restart) {
    run.restart();
    selected = 0;
  } else if (cmd.step) {
    if (run.step() || selected + 1 < run.history().size()) selected = run.history().size() - 1;
  } else if (cmd.select && *cmd.select < run.history().size()) {
    selected = *cmd.select;
  }
}

std::vector<render::StripFigures> strips_of(const Snapshot& s) {
  std::vector<render::StripFigures> out;
  for (const GreenletSnapshot& g : s.greenlets) out.push_back(render::strip_figures(g.info));
  return out;
}

int run_app(const Options& opt) {
  std::string why;
  ImGuiContextScope imgui;  // outlives the window and the renderer, whose backends use it
  auto window =
      platform::Window::open({opt.width, opt.height, "Coroscope — greenlet ping-pong"}, why);
  if (!window) return fail(why);
  const Fonts fonts = load_theme();
  window->attach_imgui();
  auto renderer = render::GlRenderer::create(window->gl_loader(), why);
  if (!renderer) return fail(why);
  render::StackStripRenderer strips;
  std::string strips_error;
  if (!strips.init(strip_palette(), strips_error))
    std::fprintf(stderr, "coroscope: %s\n", strips_error.c_str());
  window->set_vsync(!opt.screenshot);

  PingPongRun run;
  if (opt.screenshot || opt.steps) run.run_to(opt.steps);
  std::size_t selected = run.history().size() - 1;
  views::Commands commands;
  for (int frame = 1; !window->should_close(); ++frame) {
    // poll
    window->poll(!opt.screenshot);
    if (window->pressed(platform::Key::Escape)) break;
    commands.step |= window->pressed(platform::Key::Space);
    commands.restart |= window->pressed(platform::Key::R);
    // advance the run; draw the stack strips of the snapshot on screen
    advance(std::exchange(commands, {}), run, selected);
    strips.update(strips_of(run.history()[selected]));
    // new frame, views
    renderer->new_frame();
    window->new_imgui_frame();
    ImGui::NewFrame();
    views::draw_views({run.history(), selected, run.finished(), PingPongRun::source(), fonts,
                       strips, strips_error, commands},
                      ImGui::GetIO().DisplaySize);
    ImGui::Render();
    // render, save the screenshot if asked, swap
    const int w = window->framebuffer_width(), h = window->framebuffer_height();
    renderer->render(w, h);
    if (opt.screenshot && frame == kScreenshotFrames) {
      const bool saved = render::save_screenshot(*opt.screenshot, w, h, why);
      return saved ? 0 : fail("coroscope: " + why);
    }
    window->swap();
  }
  return 0;
}

}  // namespace
}  // namespace coroscope::app

int main(int argc, char** argv) {
  using namespace coroscope::app;
  try {
    const CliResult cli = parse_cli(argc, argv);
    if (cli.exit_code) return *cli.exit_code;
    if (cli.options.headless) return run_headless(cli.options);
    return run_app(cli.options);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "coroscope: internal error: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "coroscope: internal error\n");
  }
  return 1;
}
