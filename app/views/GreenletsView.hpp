#pragma once
// GreenletsView: each greenlet at the shown stop: state, parent, the line it
// reached, its stack figures and where it resumes.

#include "views/ViewContext.hpp"

namespace coroscope::app::views {

void draw_greenlets_view(const ViewContext& ctx, const Rect& area);

}  // namespace coroscope::app::views
