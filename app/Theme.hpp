#pragma once
// Theme: fonts, ImGui style and the colours every view agrees on (each
// greenlet keeps one colour everywhere; the stack strip legend matches the shader).
//
//   ImGui::CreateContext();
//   Fonts fonts = load_theme();          // before the renderer builds the font atlas
//   ImGui::PushFont(fonts.mono); ...; ImGui::PopFont();

#include <cstddef>

#include <imgui.h>

#include "Snapshot.hpp"
#include "render/StackStripRenderer.hpp"

namespace coroscope::app {

struct Fonts {
  ImFont* ui = nullptr;     // DejaVu Sans, or ImGui's default if it is not installed
  ImFont* mono = nullptr;   // DejaVu Sans Mono, same fallback
  ImFont* title = nullptr;  // a larger DejaVu Sans for the toolbar
};

// load_theme() sets the style and loads the fonts into the current ImGui context.
Fonts load_theme();

// greenlet_colour(i) is the colour of the i-th greenlet of a snapshot (main is 0).
ImVec4 greenlet_colour(std::size_t index);
ImVec4 state_colour(GreenletState state);
ImVec4 dim_text();

// The stack strip colours, for the shader and the legend.
render::StripPalette strip_palette();
ImVec4 to_imvec4(const float (&rgba)[4]);

}  // namespace coroscope::app
