// coroscope: Python greenlet and gevent lessons on real fibers, one switch at
// a time. Each frame: poll → commands → the session runs → views → render → swap.

#include <cfloat>
#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <imgui.h>

#include "Cli.hpp"
#include "Headless.hpp"
#include "Prefs.hpp"
#include "ServeSite.hpp"
#include "Session.hpp"
#include "StackStrips.hpp"
#include "Theme.hpp"
#include "platform/Window.hpp"
#include "render/GlRenderer.hpp"
#include "render/Screenshot.hpp"
#include "views/Views.hpp"

namespace coroscope::app {
namespace {

constexpr int kSettleFrames = 4;  // tables settle their column widths in two or three

int fail(const std::string& line) {
  std::fprintf(stderr, "%s\n", line.c_str());
  return 2;
}

struct ImGuiContextScope {
  ImGuiContextScope() { ImGui::CreateContext(); }
  ~ImGuiContextScope() { ImGui::DestroyContext(); }
};

std::unique_ptr<Session> open_session(const Options& opt, std::string& why) {
  return opt.program.ends_with(".py") ? Session::file(opt.program, why, opt.args)
                                      : Session::demo(opt.program, why, opt.args);
}

// kSettleLimit bounds how long a scripted run waits for a step: a greenlet
// that never switches (while True: pass) is shown running, not waited for.
constexpr auto kSettleLimit = std::chrono::seconds(3);
// kIoSettleLimit bounds a wait on sockets: a web server answers within it (the
// slow site's pages take at most 0.5 s); a server waiting for a client that
// nobody will start would wait for ever.
constexpr auto kIoSettleLimit = std::chrono::milliseconds(1500);

// settle(session): let the player finish what the last command started (a
// step runs within a frame's budget; screenshots and --steps want it done).
// False when it is still running after kSettleLimit, or still waiting on
// sockets after kIoSettleLimit.
bool settle(Session& session) {
  const auto began = std::chrono::steady_clock::now();
  while (session.player().goal() != player::Goal::None) {
    const auto waited = std::chrono::steady_clock::now() - began;
    if (waited > kSettleLimit) return false;
    // The world waits for a peer: a web server answers soon; a server waiting
    // for a client is only ended by our own clients, when owed an echo.
    if (session.player().waiting_for_io() && waited > kIoSettleLimit &&
        !session.clients().awaiting_reply()) {
      return false;
    }
    session.tick();
  }
  return true;
}

// ScriptedClients: --client LINE, one client per line: once the server has
// said where it listens, each connects and sends its line, before the next
// step (so a scripted run is the same every time).
struct ScriptedClients {
  std::vector<std::string> lines;
  bool done = lines.empty();

  void update(Session& session) {
    if (done || !session.server().announced) return;
    done = true;
    for (const std::string& line : lines) {
      Commands connect;
      connect.connect_client = true;
      session.apply(connect);
      Commands send;
      send.client_send = ClientLine{session.clients().all().back().id, line};
      session.apply(send);
    }
    const auto deadline = std::chrono::steady_clock::now() + kSettleLimit;
    while (session.clients().connecting() && std::chrono::steady_clock::now() < deadline) {
      session.tick();
    }
  }
};

// print_clients(session): what each client sent and got back, for tests.
void print_clients(const Session& session) {
  for (const Client& c : session.clients().all()) {
    std::string sent, back;
    for (const Said& s : c.said) {
      std::string& to = s.sent ? sent : back;
      to += (to.empty() ? "'" : ", '") + s.text.substr(0, s.text.find('\n')) + "'";
    }
    std::printf("coroscope: client %d (%s) sent %s, got back %s\n", c.id, to_string(c.state),
                sent.empty() ? "nothing" : sent.c_str(), back.empty() ? "nothing" : back.c_str());
  }
}

void step_switches(Session& session, std::optional<int> steps, ScriptedClients& clients) {
  for (int i = 0; !steps || i < *steps; ++i) {
    clients.update(session);
    if (session.player().finished() && session.player().at_end()) break;
    Commands step;
    step.step_switch = true;
    session.apply(step);
    if (!settle(session)) break;
  }
}

// keys_to_commands(window, ui): what this frame's keys ask. Keys typed into a
// text field (the editor, the Open box) are the field's, not the player's.
Commands keys_to_commands(const platform::Window& w, bool typing) {
  using platform::Key;
  Commands c;
  c.toggle_presentation = w.pressed(Key::F5);
  c.save_screenshot = w.pressed(Key::CtrlS);
  if (typing) return c;
  c.step_switch = w.pressed(Key::Space) || w.pressed(Key::PageDown);
  c.step_line = w.pressed(Key::N);
  c.back = w.pressed(Key::Left) || w.pressed(Key::PageUp);
  c.forward = w.pressed(Key::Right);
  c.toggle_play = w.pressed(Key::Enter);
  c.restart = w.pressed(Key::R);
  return c;
}

std::string describe_position(const Session& s) {
  const player::Player& p = s.player();
  const auto& stops = p.stops();
  std::size_t stop = 0;
  while (stop < stops.size() && stops[stop] <= p.position()) ++stop;
  return "stop " + std::to_string(stop) + " of " + std::to_string(stops.size()) + ", event " +
         std::to_string(p.position()) + " of " + std::to_string(p.frontier());
}

// user_png_path(session): where Ctrl+S saves: ~/Pictures if it exists, else the home folder.
std::filesystem::path user_png_path(const Session& s) {
  const char* home = std::getenv("HOME");
  std::filesystem::path dir = home ? std::filesystem::path(home) : std::filesystem::current_path();
  std::error_code ec;
  if (std::filesystem::is_directory(dir / "Pictures", ec)) dir /= "Pictures";
  const std::string stem = s.source().name.substr(0, s.source().name.rfind('.'));
  return dir / ("coroscope-" + stem + "-" + std::to_string(s.player().position()) + ".png");
}

int run_app(const Options& opt) {
  const bool scripted = opt.screenshot.has_value();  // a run for slides or tests: no prefs
  Prefs prefs = scripted ? Prefs{} : Prefs::load();
  std::string why;
  auto session = open_session(opt, why);
  if (!session) return fail("coroscope: " + why);

  ImGuiContextScope imgui;  // outlives the window and the renderer, whose backends use it
  auto window = platform::Window::open({opt.width, opt.height, "Coroscope"}, why);
  if (!window) return fail(why);
  views::UiState ui;
  ui.presentation = prefs.presentation;
  ui.animate = !scripted;
  Fonts fonts = load_theme(ui.presentation ? prefs.presentation_zoom : 1.0f, ui.presentation);
  window->attach_imgui();
  auto renderer = render::GlRenderer::create(window->gl_loader(), why);
  if (!renderer) return fail(why);
  StackStrips strips;
  if (!strips.init()) std::fprintf(stderr, "coroscope: %s\n", strips.error().c_str());
  window->set_vsync(!scripted);

  ScriptedClients clients{opt.clients};
  if (opt.steps || scripted) step_switches(*session, opt.steps, clients);
  std::size_t next_key = 0;
  int settled = 0;
  bool stalled = false;  // a scripted step still running after kSettleLimit
  Commands commands;
  for (int frame = 1; !window->should_close(); ++frame) {
    // poll; simulated keys (--keys) one per frame, each carried out before the next
    window->poll(!scripted && !session->player().playing());
    if (window->pressed(platform::Key::Escape)) break;
    if (next_key < opt.keys.size() && (session->player().goal() == player::Goal::None || stalled)) {
      if (auto k = platform::key_named(opt.keys[next_key++])) window->press(*k);
    }
    Commands keys = keys_to_commands(*window, ImGui::GetIO().WantTextInput);
    commands.step_switch |= keys.step_switch;
    commands.step_line |= keys.step_line;
    commands.back |= keys.back;
    commands.forward |= keys.forward;
    commands.toggle_play |= keys.toggle_play;
    commands.restart |= keys.restart;
    commands.toggle_presentation |= keys.toggle_presentation;
    commands.save_screenshot |= keys.save_screenshot;
    // presentation mode: fonts rasterised again at the new size
    if (std::exchange(commands.toggle_presentation, false)) {
      ui.presentation = !ui.presentation;
      fonts = load_theme(ui.presentation ? prefs.presentation_zoom : 1.0f, ui.presentation);
      renderer->rebuild_fonts();
    }
    const bool save_png = std::exchange(commands.save_screenshot, false);
    // the session runs: commands, then the player's work within a frame's budget
    session->apply(std::exchange(commands, {}));
    session->tick();
    clients.update(*session);
    if (scripted && !stalled) stalled = !settle(*session);
    strips.update(*session, ui.strips_shown);
    ui.names.update(session->player().log(), session->run());
    // new frame, views
    renderer->new_frame();
    window->new_imgui_frame();
    // A scripted screenshot shows no hover: the pointer is wherever Xvfb put it.
    if (scripted) ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    ImGui::NewFrame();
    views::draw_views({*session, session->shown(), fonts, strips, ui, commands},
                      ImGui::GetIO().DisplaySize);
    ImGui::Render();
    // render; save a PNG when asked (Ctrl+S) or when the scripted run is done
    const int w = window->framebuffer_width(), h = window->framebuffer_height();
    renderer->render(w, h);
    if (save_png) {
      const std::string path = user_png_path(*session).string();
      if (!render::save_screenshot(path, w, h, why))
        std::fprintf(stderr, "coroscope: %s\n", why.c_str());
      else
        std::printf("coroscope: saved %s\n", path.c_str());
    }
    if (scripted && next_key == opt.keys.size() && ++settled >= kSettleFrames) {
      if (!render::save_screenshot(*opt.screenshot, w, h, why)) return fail("coroscope: " + why);
      std::printf("coroscope: saved %s at %s\n", opt.screenshot->c_str(),
                  describe_position(*session).c_str());
      print_clients(*session);
      return 0;
    }
    window->swap();
  }
  if (!scripted) {
    prefs.presentation = ui.presentation;
    prefs.speed = session->speed();
    prefs.demo = session->demo_name();
    if (!prefs.save(why))
      std::fprintf(stderr, "coroscope: preferences not saved: %s\n", why.c_str());
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
    if (cli.options.serve_site) return serve_site(*cli.options.serve_site);
    if (cli.options.headless) return run_headless(cli.options);
    return run_app(cli.options);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "coroscope: internal error: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "coroscope: internal error\n");
  }
  return 1;
}
