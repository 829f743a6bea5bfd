#pragma once
// SwitchesView: every stop recorded so far, in order: who handed control to
// whom, why, and the output up to then. Clicking a row shows that moment.

#include "views/ViewContext.hpp"

namespace coroscope::app::views {

void draw_switches_view(const ViewContext& ctx, const Rect& area);

}  // namespace coroscope::app::views
