#pragma once
// RegistersView: the callee-saved registers each parked greenlet keeps in its
// saved context, read from its stack at the shown stop.

#include "views/ViewContext.hpp"

namespace coroscope::app::views {

void draw_registers_view(const ViewContext& ctx, const Rect& area);

}  // namespace coroscope::app::views
