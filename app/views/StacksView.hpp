#pragma once
// StacksView: one memory strip per greenlet (drawn by our shader), from the
// top of its stack to its guard page, with the figures behind it.

#include "views/ViewContext.hpp"

namespace coroscope::app::views {

void draw_stacks_view(const ViewContext& ctx, const Rect& area);

}  // namespace coroscope::app::views
