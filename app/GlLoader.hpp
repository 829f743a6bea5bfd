#pragma once
// GlLoader: how the platform layer hands OpenGL entry points to the renderer
// without either including the other's headers. It has the shape of both
// glfwGetProcAddress and glad's GLADloadfunc.
//
//   render::GlRenderer::create(window.gl_loader(), why_not);

namespace coroscope::app {

using GlProc = void (*)();
using GlLoader = GlProc (*)(const char* name);

}  // namespace coroscope::app
