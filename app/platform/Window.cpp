#include "platform/Window.hpp"

#include <cstdlib>

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>

namespace coroscope::app::platform {

namespace {

std::string g_last_error;  // GLFW reports errors through a callback

void on_glfw_error(int /*code*/, const char* description) {
  g_last_error = description;
}

unsigned bit(Key key) {
  return 1u << static_cast<unsigned>(key);
}

// no_display_line(what, detail) is the one line a learner sees when there is
// no screen to draw on: what failed, why, and how to run without one.
std::string no_display_line(const std::string& what, const std::string& detail) {
  return "coroscope: " + what + " (" + detail +
         "); run it under xvfb-run, e.g. xvfb-run -a coroscope --screenshot out.png, or run "
         "the program without a window: coroscope --headless DEMO";
}

}  // namespace

std::unique_ptr<Window> Window::open(const Config& config, std::string& why_not) {
  glfwSetErrorCallback(on_glfw_error);
  const char* display = std::getenv("DISPLAY");
  const bool no_display = !display || !*display;
  if (!glfwInit()) {
    why_not = no_display ? no_display_line("no display found", "DISPLAY is not set")
                         : no_display_line("cannot open the display " + std::string(display),
                                           g_last_error);
    return nullptr;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_FALSE);
  GLFWwindow* window =
      glfwCreateWindow(config.width, config.height, config.title.c_str(), nullptr, nullptr);
  if (!window) {
    why_not = no_display_line("cannot open an OpenGL 3.3 core window", g_last_error);
    glfwTerminate();
    return nullptr;
  }
  glfwMakeContextCurrent(window);
  std::unique_ptr<Window> w(new Window(window));
  glfwSetWindowUserPointer(window, w.get());
  glfwSetKeyCallback(window, on_key);  // before ImGui's backend, which chains to it
  return w;
}

Window::~Window() {
  if (imgui_attached_) ImGui_ImplGlfw_Shutdown();
  glfwDestroyWindow(window_);
  glfwTerminate();
}

void Window::attach_imgui() {
  ImGui_ImplGlfw_InitForOpenGL(window_, true);
  imgui_attached_ = true;
}

void Window::new_imgui_frame() {
  ImGui_ImplGlfw_NewFrame();
}

std::optional<Key> key_named(const std::string& name) {
  static const std::pair<const char*, Key> names[] = {
      {"Space", Key::Space}, {"PgDn", Key::PageDown}, {"PgUp", Key::PageUp},
      {"N", Key::N},         {"Left", Key::Left},     {"Right", Key::Right},
      {"Enter", Key::Enter}, {"R", Key::R},           {"F5", Key::F5},
  };
  for (const auto& [n, k] : names) {
    if (name == n) return k;
  }
  return std::nullopt;
}

void Window::on_key(GLFWwindow* window, int key, int /*scancode*/, int action, int mods) {
  auto* self = static_cast<Window*>(glfwGetWindowUserPointer(window));
  if (!self || action == GLFW_RELEASE) return;
  std::optional<Key> k;
  switch (key) {
    case GLFW_KEY_SPACE:
      k = Key::Space;
      break;
    case GLFW_KEY_PAGE_DOWN:
      k = Key::PageDown;
      break;
    case GLFW_KEY_PAGE_UP:
      k = Key::PageUp;
      break;
    case GLFW_KEY_N:
      k = Key::N;
      break;
    case GLFW_KEY_LEFT:
      k = Key::Left;
      break;
    case GLFW_KEY_RIGHT:
      k = Key::Right;
      break;
    case GLFW_KEY_ENTER:
    case GLFW_KEY_KP_ENTER:
      k = Key::Enter;
      break;
    case GLFW_KEY_R:
      k = Key::R;
      break;
    case GLFW_KEY_F5:
      k = Key::F5;
      break;
    case GLFW_KEY_ESCAPE:
      k = Key::Escape;
      break;
    case GLFW_KEY_S:
      if (mods & GLFW_MOD_CONTROL) k = Key::CtrlS;
      break;
    default:
      break;
  }
  if (k) self->pressed_ |= bit(*k);
}

void Window::press(Key key) {
  pressed_ |= bit(key);
}

void Window::poll(bool wait) {
  pressed_ = 0;
  if (wait) {
    glfwWaitEventsTimeout(0.1);
  } else {
    glfwPollEvents();
  }
}

bool Window::pressed(Key key) const {
  return (pressed_ & bit(key)) != 0;
}

bool Window::should_close() const {
  return glfwWindowShouldClose(window_);
}

void Window::swap() {
  glfwSwapBuffers(window_);
}

void Window::set_vsync(bool on) {
  glfwSwapInterval(on ? 1 : 0);
}

int Window::framebuffer_width() const {
  int w = 0, h = 0;
  glfwGetFramebufferSize(window_, &w, &h);
  return w;
}

int Window::framebuffer_height() const {
  int w = 0, h = 0;
  glfwGetFramebufferSize(window_, &w, &h);
  return h;
}

GlLoader Window::gl_loader() const {
  return glfwGetProcAddress;
}

}  // namespace coroscope::app::platform
