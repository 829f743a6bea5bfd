#pragma once
// HubView: gevent's hub at the position on screen: the ready queue in order,
// the timer heap as countdown bars (deadline, time left, whom it wakes), and
// the I/O watchers (socket -> greenlet).

#include "views/ViewContext.hpp"

namespace coroscope::app::views {

void draw_hub_view(const ViewContext& ctx, const Rect& area);

}  // namespace coroscope::app::views
