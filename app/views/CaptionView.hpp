#pragma once
// CaptionView: one plain sentence explaining the last event on screen, built
// from the recorded event (trace::caption), never written per demo.

#include "views/ViewContext.hpp"

namespace coroscope::app::views {

void draw_caption_view(const ViewContext& ctx, const Rect& area);

}  // namespace coroscope::app::views
