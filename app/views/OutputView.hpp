#pragma once
// OutputView: what the program printed so far, and, once it is over, which
// greenlets never got to finish.

#include "views/ViewContext.hpp"

namespace coroscope::app::views {

void draw_output_view(const ViewContext& ctx, const Rect& area);

}  // namespace coroscope::app::views
