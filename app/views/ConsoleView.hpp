#pragma once
// ConsoleView: what the program printed up to the position on screen, each
// line in the colour of the greenlet that printed it, with its virtual time;
// the traceback at the end of a run that raised; while a greenlet waits in
// input(), a field where the learner types its line (Enter sends it).

#include "views/ViewContext.hpp"

namespace coroscope::app::views {

void draw_console_view(const ViewContext& ctx, const Rect& area);

}  // namespace coroscope::app::views
