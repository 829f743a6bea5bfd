#include "render/GlRenderer.hpp"

#include <backends/imgui_impl_opengl3.h>
#include <glad/gl.h>
#include <imgui.h>

namespace coroscope::app::render {

namespace {
std::string gl_string(GLenum name) {
  const GLubyte* s = glGetString(name);
  return s ? reinterpret_cast<const char*>(s) : "?";
}
}  // namespace

std::unique_ptr<GlRenderer> GlRenderer::create(GlLoader load, std::string& why_not) {
  const int version = gladLoadGL(load);
  if (version == 0 || GLAD_VERSION_MAJOR(version) * 10 + GLAD_VERSION_MINOR(version) < 33) {
    why_not = "coroscope: OpenGL 3.3 core is not available (got " +
              (version ? gl_string(GL_VERSION) : std::string("no GL entry points")) + ")";
    return nullptr;
  }
  if (!ImGui_ImplOpenGL3_Init("#version 330 core")) {
    why_not = "coroscope: ImGui's OpenGL 3 backend failed to start";
    return nullptr;
  }
  std::unique_ptr<GlRenderer> r(new GlRenderer());
  r->version_ = gl_string(GL_VERSION) + ", " + gl_string(GL_RENDERER);
  return r;
}

GlRenderer::~GlRenderer() {
  ImGui_ImplOpenGL3_Shutdown();
}

void GlRenderer::rebuild_fonts() {
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
}

void GlRenderer::new_frame() {
  ImGui_ImplOpenGL3_NewFrame();
}

void GlRenderer::render(int width, int height) {
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glViewport(0, 0, width, height);
  glClearColor(0.09f, 0.10f, 0.12f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

}  // namespace coroscope::app::render
