#include "views/SwitchesView.hpp"

#include <string>

#include "views/Format.hpp"

namespace coroscope::app::views {

namespace {

// why(s) explains a stop from what was recorded in it.
std::string why(const Snapshot& s) {
  switch (s.stop) {
    case StopKind::Start:
      return "the host will start main";
    case StopKind::Finished:
      return s.error.empty() ? "main returns: the program ends" : "main raised " + s.error;
    case StopKind::Transfer:
      break;
  }
  if (s.origin_died)
    return s.origin + " returned: dead, so control goes to its parent, " + s.target;
  if (s.kind == runtime::Transfer::Throw) return s.origin + " throws into " + s.target;
  const GreenletSnapshot& t = s.greenlets[greenlet_index(s, s.target)];
  return s.target + ".switch() in " + s.origin + ": " + s.target +
         (t.line == 0 ? " starts" : " resumes at line " + std::to_string(t.line));
}

}  // namespace

void draw_switches_view(const ViewContext& ctx, const Rect& area) {
  if (begin_panel("Switches", area)) {
    constexpr ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                      ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit;
    const float hint = ImGui::GetTextLineHeightWithSpacing();
    if (ImGui::BeginTable("switches", 5, flags, ImVec2(0, -hint))) {
      ImGui::TableSetupScrollFreeze(0, 1);
      ImGui::TableSetupColumn("n");
      ImGui::TableSetupColumn("kind");
      ImGui::TableSetupColumn("origin → target");
      ImGui::TableSetupColumn("what happened", ImGuiTableColumnFlags_WidthStretch);
      ImGui::TableSetupColumn("output so far", ImGuiTableColumnFlags_WidthFixed,
                              ImGui::CalcTextSize("output so far").x + 8.0f);
      ImGui::TableHeadersRow();
      for (std::size_t i = 0; i < ctx.history.size(); ++i) {
        const Snapshot& s = ctx.history[i];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        const std::string label = std::to_string(i) + "##stop";
        if (ImGui::Selectable(label.c_str(), i == ctx.selected,
                              ImGuiSelectableFlags_SpanAllColumns)) {
          ctx.commands.select = i;
        }
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(s.stop == StopKind::Transfer ? to_string(s.kind)
                               : s.stop == StopKind::Start  ? "start"
                                                            : "end");
        ImGui::TableNextColumn();
        if (s.stop == StopKind::Transfer) {
          coloured_name(s, s.origin);
          ImGui::SameLine(0, 6);
          ImGui::TextUnformatted("→");
          ImGui::SameLine(0, 6);
          coloured_name(s, s.target);
        } else {  // the host is not a greenlet: it starts main and gets control back
          ImGui::TextColored(dim_text(), s.stop == StopKind::Start ? "host → main" : "main → host");
        }
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(why(s).c_str());
        ImGui::TableNextColumn();
        ImGui::PushFont(ctx.fonts.mono);
        ImGui::TextUnformatted(one_line(s.output).c_str());
        ImGui::PopFont();
      }
      ImGui::EndTable();
    }
    ImGui::TextColored(dim_text(), "Click a row to see the world at that stop.");
  }
  ImGui::End();
}

}  // namespace coroscope::app::views
