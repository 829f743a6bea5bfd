#pragma once
// Views: every view of the app, listed once, each with its place on screen.
//
//   draw_views(ctx, ImGui::GetIO().DisplaySize);   // between NewFrame and Render

#include "views/ViewContext.hpp"

namespace coroscope::app::views {

void draw_views(const ViewContext& ctx, ImVec2 display);

}  // namespace coroscope::app::views
