#pragma once
// Window: the GLFW window, its OpenGL 3.3 core context, the keyboard, and
// ImGui's GLFW backend. It never calls gl*; the renderer does (render/).
//
//   std::string why;
//   std::unique_ptr<Window> w = Window::open({1280, 800, "Coroscope"}, why);
//   if (!w) { puts(why); return 2; }              // e.g. no display
//   w->attach_imgui();                            // after ImGui::CreateContext()
//   while (!w->should_close()) {
//     w->poll(true);  if (w->pressed(Key::Space)) ...;  w->new_imgui_frame();
//     ...  w->swap();
//   }

#include <memory>
#include <optional>
#include <string>

#include "GlLoader.hpp"

struct GLFWwindow;

namespace coroscope::app::platform {

enum class Key { Space, PageDown, PageUp, N, Left, Right, Enter, R, F5, Escape, CtrlS };

// key_named("PgDn"): the key of a --keys name (Space, PgDn, PgUp, N, Left, Right,
// Enter, R, F5), or none.
std::optional<Key> key_named(const std::string& name);

class Window {
 public:
  struct Config {
    int width = 1280;
    int height = 800;
    std::string title;
  };

  // open(config, why_not) initialises GLFW and opens the window with its
  // context current on this thread. On failure it returns null and why_not is
  // one line for the learner (no display: it says so and how to run headless).
  // One Window at a time.
  static std::unique_ptr<Window> open(const Config& config, std::string& why_not);
  ~Window();
  Window(const Window&) = delete;
  Window& operator=(const Window&) = delete;

  // attach_imgui() starts ImGui's GLFW backend; the ImGui context must exist
  // and outlive this Window.
  void attach_imgui();
  void new_imgui_frame();

  // poll(wait) processes events; with wait it sleeps until one arrives or a
  // short timeout (an idle window costs no CPU). pressed() is then true for the
  // keys pressed (or auto-repeated) since the previous poll.
  void poll(bool wait);
  bool pressed(Key key) const;
  // press(key): as if key had been pressed since the last poll (--keys, tests).
  void press(Key key);
  bool should_close() const;
  void swap();
  void set_vsync(bool on);

  int framebuffer_width() const;
  int framebuffer_height() const;
  GlLoader gl_loader() const;

 private:
  explicit Window(GLFWwindow* window) : window_(window) {}
  static void on_key(GLFWwindow* window, int key, int scancode, int action, int mods);

  GLFWwindow* window_;
  bool imgui_attached_ = false;
  unsigned pressed_ = 0;  // bit per Key
};

}  // namespace coroscope::app::platform
