#pragma once
// ProgramView: the program's source, with each greenlet's name at the line
// it last reached (where a suspended one will resume).

#include "views/ViewContext.hpp"

namespace coroscope::app::views {

void draw_program_view(const ViewContext& ctx, const Rect& area);

}  // namespace coroscope::app::views
