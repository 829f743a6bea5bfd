#pragma once
// CpuView: who holds the CPU, with its register set, and the article's
// sentence animated at each switch: the outgoing greenlet's registers and
// stack pointer are saved into its card, the incoming one's saved set is
// restored onto the CPU. Every value is what the runtime saved (read from the
// suspended context), or "unavailable" in builds that cannot read it.

#include "views/ViewContext.hpp"

namespace coroscope::app::views {

void draw_cpu_view(const ViewContext& ctx, const Rect& area);

}  // namespace coroscope::app::views
