#include "views/ConsoleView.hpp"

#include <cstdio>

namespace coroscope::app::views {

void draw_console_view(const ViewContext& ctx, const Rect& area) {
  if (begin_panel("Console", area)) {
    const Session& session = ctx.session;
    const std::vector<ConsoleLine>& lines = session.console();
    const std::size_t n = session.console_lines_at(ctx.player().position());
    const bool at_end = ctx.player().at_end() && ctx.player().finished();
    ImGui::BeginChild("##console");
    ImGui::PushFont(ctx.fonts.mono);
    if (n == 0 && !(at_end && !session.error_text().empty())) {
      ImGui::TextColored(dim_text(), "(nothing printed yet)");
    }
    const float time_w = ImGui::CalcTextSize("00.000s  ").x;
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(n));
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const ConsoleLine& l = lines[static_cast<std::size_t>(i)];
        char when[32];
        std::snprintf(when, sizeof when, "%6.3fs", l.time);
        ImGui::TextColored(dim_text(), "%s", when);
        ImGui::SameLine(time_w);
        ImGui::TextColored(colour_of(ctx.log(), l.greenlet), "%s", l.text.c_str());
        if (ImGui::IsItemHovered()) {
          ImGui::SetTooltip("printed by %s at %.3f s (event %zu)", ctx.name(l.greenlet).c_str(),
                            l.time, l.event);
        }
      }
    }
    if (at_end && !session.error_text().empty()) {
      ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.5f, 0.5f, 1.0f));
      ImGui::TextUnformatted(session.error_text().c_str());
      ImGui::PopStyleColor();
    }
    // Follow the newest line while the learner has not scrolled up.
    if (ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 1.0f) ImGui::SetScrollHereY(1.0f);
    ImGui::PopFont();
    ImGui::EndChild();
  }
  ImGui::End();
}

}  // namespace coroscope::app::views
