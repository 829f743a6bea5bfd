#pragma once
// GlRenderer: the OpenGL side of a frame. It loads GL through glad and drives
// ImGui's OpenGL3 backend; it never calls glfw* (the window is platform/).
//
//   auto r = GlRenderer::create(window.gl_loader(), why);   // context current
//   r->new_frame();  ...ImGui frame...  ImGui::Render();
//   r->render(fb_width, fb_height);                          // into the back buffer

#include <memory>
#include <string>

#include "GlLoader.hpp"

namespace coroscope::app::render {

class GlRenderer {
 public:
  // create(load, why_not) needs the window's context current and an ImGui
  // context; null with a one-line reason if GL 3.3 core is not there.
  static std::unique_ptr<GlRenderer> create(GlLoader load, std::string& why_not);
  ~GlRenderer();
  GlRenderer(const GlRenderer&) = delete;
  GlRenderer& operator=(const GlRenderer&) = delete;

  void new_frame();
  // rebuild_fonts(): upload the font atlas again after its fonts changed (a
  // new size for presentation mode), so text stays sharp; between frames.
  void rebuild_fonts();
  // render(w, h) clears the back buffer and draws ImGui's draw data into it.
  void render(int width, int height);
  // version() is GL_VERSION and GL_RENDERER, e.g. "4.5 (Core Profile) Mesa 22.3.6, llvmpipe".
  const std::string& version() const { return version_; }

 private:
  GlRenderer() = default;
  std::string version_;
};

}  // namespace coroscope::app::render
