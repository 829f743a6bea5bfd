#include "views/GreenletsView.hpp"

#include <string>

#include "views/Format.hpp"

namespace coroscope::app::views {

void draw_greenlets_view(const ViewContext& ctx, const Rect& area) {
  if (begin_panel("Greenlets", area)) {
    const Snapshot& s = ctx.shown();
    constexpr ImGuiTableFlags flags =
        ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit;
    if (ImGui::BeginTable("greenlets", 7, flags)) {
      ImGui::TableSetupColumn("greenlet");
      ImGui::TableSetupColumn("state");
      ImGui::TableSetupColumn("parent");
      ImGui::TableSetupColumn("line");
      ImGui::TableSetupColumn("stack in use");
      ImGui::TableSetupColumn("high water");
      ImGui::TableSetupColumn("saved sp → resumes at", ImGuiTableColumnFlags_WidthStretch);
      ImGui::TableHeadersRow();
      for (std::size_t i = 0; i < s.greenlets.size(); ++i) {
        const GreenletSnapshot& g = s.greenlets[i];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextColored(greenlet_colour(i), "%s", g.name.c_str());
        ImGui::TableNextColumn();
        ImGui::TextColored(state_colour(g.state), "%s", to_string(g.state));
        ImGui::TableNextColumn();
        if (g.parent.empty()) {
          ImGui::TextColored(dim_text(), "none");
        } else {
          coloured_name(s, g.parent);
        }
        ImGui::TableNextColumn();
        if (g.line) {
          ImGui::Text("%d", g.line);
        } else {
          ImGui::TextColored(dim_text(), "–");
        }
        ImGui::PushFont(ctx.fonts.mono);
        ImGui::TableNextColumn();
        if (g.inspected) {
          ImGui::TextUnformatted(bytes(g.info.bytes_in_use).c_str());
          ImGui::TableNextColumn();
          ImGui::TextUnformatted(bytes(g.info.high_water).c_str());
          ImGui::TableNextColumn();
          if (g.info.registers) {
            ImGui::Text("%s → %s", hex(g.info.saved_sp).c_str(),
                        hex(g.info.registers->resume_address).c_str());
          } else {
            ImGui::TextColored(dim_text(), "unavailable");
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", g.info.unavailable_reason.c_str());
          }
        } else {
          const char* why = g.state == GreenletState::New ? "no stack until its first switch"
                                                          : "finished: its stack was returned";
          ImGui::TextColored(dim_text(), "–");
          ImGui::TableNextColumn();
          ImGui::TextColored(dim_text(), "–");
          ImGui::TableNextColumn();
          ImGui::TextColored(dim_text(), "%s", why);
        }
        ImGui::PopFont();
      }
      ImGui::EndTable();
    }
  }
  ImGui::End();
}

}  // namespace coroscope::app::views
