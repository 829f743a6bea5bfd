#include "views/OutputView.hpp"

#include <string>

#include "views/Format.hpp"

namespace coroscope::app::views {

void draw_output_view(const ViewContext& ctx, const Rect& area) {
  if (begin_panel("Output", area)) {
    const Snapshot& s = ctx.shown();
    ImGui::PushFont(ctx.fonts.mono);
    if (s.output.empty()) {
      ImGui::TextColored(dim_text(), "(nothing printed yet)");
    } else {
      ImGui::TextUnformatted(s.output.c_str());
    }
    ImGui::PopFont();
    if (s.stop == StopKind::Finished) {
      for (std::size_t g = 0; g < s.greenlets.size(); ++g) {
        const GreenletSnapshot& gs = s.greenlets[g];
        if (gs.state != GreenletState::Suspended) continue;
        const bool known = gs.line > 0 && gs.line <= static_cast<int>(ctx.source.size());
        const std::string code =
            known ? trimmed(ctx.source[static_cast<std::size_t>(gs.line) - 1]) : "?";
        const std::string note = gs.name + " is still suspended at line " +
                                 std::to_string(gs.line) + " (" + code +
                                 "): nothing after it ever ran, because nobody switched back "
                                 "to it.";
        ImGui::PushStyleColor(ImGuiCol_Text, state_colour(gs.state));
        ImGui::TextWrapped("%s", note.c_str());
        ImGui::PopStyleColor();
      }
    }
  }
  ImGui::End();
}

}  // namespace coroscope::app::views
