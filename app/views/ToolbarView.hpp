#pragma once
// ToolbarView: the title, Step and Restart, and one line on where the run is.

#include "views/ViewContext.hpp"

namespace coroscope::app::views {

void draw_toolbar_view(const ViewContext& ctx, const Rect& area);

}  // namespace coroscope::app::views
