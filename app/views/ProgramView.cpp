#include "views/ProgramView.hpp"

#include <string>

namespace coroscope::app::views {

void draw_program_view(const ViewContext& ctx, const Rect& area) {
  if (begin_panel("Program: pingpong.py   (◀ the line each greenlet reached)", area)) {
    const Snapshot& s = ctx.shown();
    ImGui::PushFont(ctx.fonts.mono);
    const float marker_x = ImGui::CalcTextSize("gr1 = greenlet(test1)    ").x + 40.0f;
    for (std::size_t i = 0; i < ctx.source.size(); ++i) {
      const int line = static_cast<int>(i) + 1;
      ImGui::TextColored(dim_text(), "%2d", line);
      ImGui::SameLine(0.0f, 12.0f);
      ImGui::TextUnformatted(ctx.source[i].c_str());
      float x = marker_x;
      for (std::size_t g = 0; g < s.greenlets.size(); ++g) {
        const GreenletSnapshot& gs = s.greenlets[g];
        if (gs.line != line) continue;
        ImGui::SameLine(x);
        const bool dead = gs.state == GreenletState::Dead;
        ImVec4 colour = greenlet_colour(g);
        if (dead) colour.w = 0.55f;
        const std::string tag = "◀ " + gs.name + " " + to_string(gs.state);
        ImGui::TextColored(colour, "%s", tag.c_str());
        x += ImGui::CalcTextSize(tag.c_str()).x + 14.0f;
      }
    }
    ImGui::PopFont();
  }
  ImGui::End();
}

}  // namespace coroscope::app::views
