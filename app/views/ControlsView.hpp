#pragma once
// ControlsView: the bar across the top: step to the next switch or line,
// back and forward, run / pause with its speed, restart, the history
// scrubber, the demo gallery, open file, presentation mode; and the status
// line (where in history, virtual time, a greenlet that holds the CPU too long).

#include "views/ViewContext.hpp"

namespace coroscope::app::views {

void draw_controls_view(const ViewContext& ctx, const Rect& area);
// draw_gallery(ctx): the demo gallery and the Open dialog, as popups.
void draw_gallery(const ViewContext& ctx);

}  // namespace coroscope::app::views
