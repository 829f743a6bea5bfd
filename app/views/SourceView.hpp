#pragma once
// SourceView: the script with line numbers and syntax colours, and a marker in
// the gutter for each greenlet at its current line (the running one bright,
// suspended ones dim). Edit turns it into an editor; Run re-runs the edited
// text. A syntax error is shown at its line and column before anything runs.

#include "views/ViewContext.hpp"

namespace coroscope::app::views {

void draw_source_view(const ViewContext& ctx, const Rect& area);

}  // namespace coroscope::app::views
