#pragma once
// StackStripRenderer: one stack memory strip per greenlet, drawn by our GLSL
// shader (shaders/stack_strip.*) into a texture of its own through an FBO, for
// ImGui::Image to show.
//
//   StackStripRenderer strips;
//   strips.init(palette, error);                  // GL context current
//   strips.update({strip_figures(info), ...});    // before the ImGui frame renders
//   ImGui::Image(strips.texture(i), size, {0, 1}, {1, 0});
//
// The strip reads left to right from the top of the stack (its highest
// address, where the fiber started) to the guard page below its lowest one:
// stack in use, then pages touched before (high water), free, guard.

#include <cstddef>
#include <string>
#include <vector>

#include "render/Shader.hpp"
#include "runtime/Fiber.hpp"

namespace coroscope::app::render {

// StripFigures are fractions of the whole mapping (usable stack + guard page).
struct StripFigures {
  float used = 0;        // top .. saved stack pointer
  float high_water = 0;  // top .. deepest page touched
  float guard = 0;       // the guard page, at the far end
  float pages = 1;       // pages in the mapping: the strip draws a tick per page
  bool operator==(const StripFigures&) const = default;
};

// strip_figures(info) converts inspect() figures; all zero for a fiber
// without a stack of ours.
StripFigures strip_figures(const runtime::FiberInfo& info);

struct StripPalette {
  float used[4], high_water[4], free[4], guard[4];  // RGBA, 0..1
};

class StackStripRenderer {
 public:
  static constexpr int kWidth = 1024;  // texels; the view scales the strip
  static constexpr int kHeight = 32;

  StackStripRenderer() = default;
  ~StackStripRenderer();
  StackStripRenderer(const StackStripRenderer&) = delete;
  StackStripRenderer& operator=(const StackStripRenderer&) = delete;

  // init(palette, error) builds the shader; false (and the log in error) if it
  // fails, after which update() does nothing and texture() is 0.
  bool init(const StripPalette& palette, std::string& error);
  // update(strips) renders strip i into texture i when its figures changed.
  // Call it outside ImGui rendering; it leaves the default framebuffer bound.
  void update(const std::vector<StripFigures>& strips);
  // texture(i) is the GL texture name of strip i (0 if none), for ImGui::Image.
  unsigned texture(std::size_t i) const;

 private:
  struct Strip {
    unsigned texture = 0, framebuffer = 0;
    StripFigures drawn;
    bool valid = false;
  };
  void draw(Strip& strip, const StripFigures& f);

  Shader shader_;
  StripPalette palette_{};
  unsigned vertex_array_ = 0;
  bool ready_ = false;
  std::vector<Strip> strips_;
};

}  // namespace coroscope::app::render
