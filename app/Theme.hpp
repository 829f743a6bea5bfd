#pragma once
// Theme: fonts, ImGui style and the colours every view agrees on (each
// greenlet keeps one colour everywhere; the stack strip legend matches the shader).
//
//   ImGui::CreateContext();
//   Fonts fonts = load_theme(1.0f, false);   // before the renderer builds the font atlas
//   ImGui::PushFont(fonts.mono); ...; ImGui::PopFont();

#include <cstddef>

#include <imgui.h>

#include "render/StackStripRenderer.hpp"
#include "trace/Snapshot.hpp"

namespace coroscope::app {

struct Fonts {
  ImFont* ui = nullptr;     // DejaVu Sans, or ImGui's default if it is not installed
  ImFont* mono = nullptr;   // DejaVu Sans Mono, same fallback
  ImFont* title = nullptr;  // a larger DejaVu Sans for the toolbar
};

// load_theme(scale, presentation) sets the style and (re)loads the fonts
// into the current ImGui context at scale (1: the usual size); presentation
// picks the high-contrast colours. After the first frame, the renderer must
// upload the atlas again (GlRenderer::rebuild_fonts).
Fonts load_theme(float scale = 1.0f, bool presentation = false);

// greenlet_colour(order) is the colour of the greenlet first seen order-th
// (main is 0): Okabe and Ito's colour-blind-safe palette, repeating.
ImVec4 greenlet_colour(std::size_t order);
// state_colour(s): the lanes' and cards' colour for a state (also colour-blind-safe:
// running and dead differ in lightness as well as hue).
ImVec4 state_colour(trace::GreenletState state);
ImVec4 dim_text();

// The stack strip colours, for the shader and the legend.
render::StripPalette strip_palette();
ImVec4 to_imvec4(const float (&rgba)[4]);

}  // namespace coroscope::app
