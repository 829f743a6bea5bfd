#include "views/StacksView.hpp"

#include <cstdint>
#include <string>

#include "views/Format.hpp"

namespace coroscope::app::views {

namespace {

void legend_item(const float (&rgba)[4], const char* label) {
  ImGui::TextColored(to_imvec4(rgba), "■");
  ImGui::SameLine(0, 4);
  ImGui::TextUnformatted(label);
  ImGui::SameLine(0, 16);
}

void legend() {
  const render::StripPalette p = strip_palette();
  legend_item(p.used, "in use (top → saved sp)");
  legend_item(p.high_water, "touched before (high water)");
  legend_item(p.free, "free");
  legend_item(p.guard, "guard page");
  ImGui::NewLine();
}

std::string figures(const runtime::FiberInfo& info) {
  std::string pages;
  if (const std::size_t page = info.stack.guard_size) {
    pages = " (" + std::to_string((info.high_water + page - 1) / page) + " of " +
            std::to_string(info.stack.size() / page) + " pages)";
  }
  return "in use " + bytes(info.bytes_in_use) + " · high water " + bytes(info.high_water) + pages +
         " · stack " + bytes(info.stack.size()) + " + " + bytes(info.stack.guard_size) +
         " guard · top " + hex(info.stack.top);
}

}  // namespace

void draw_stacks_view(const ViewContext& ctx, const Rect& area) {
  if (begin_panel("Stacks", area)) {
    const Snapshot& s = ctx.shown();
    legend();
    ImGui::Separator();
    const float label_w = ImGui::CalcTextSize("main  ").x + 8.0f;
    for (std::size_t i = 0; i < s.greenlets.size(); ++i) {
      const GreenletSnapshot& g = s.greenlets[i];
      ImGui::TextColored(greenlet_colour(i), "%s", g.name.c_str());
      ImGui::SameLine(label_w);
      const std::uintptr_t texture = ctx.strips.texture(i);
      if (g.inspected && g.info.stack.size() && texture) {
        const float w = ImGui::GetContentRegionAvail().x;
        ImGui::Image(reinterpret_cast<ImTextureID>(texture), ImVec2(w, 24), ImVec2(0, 1),
                     ImVec2(1, 0));
        ImGui::SetCursorPosX(label_w);
        ImGui::TextColored(dim_text(), "%s", figures(g.info).c_str());
      } else if (g.inspected && !ctx.strips_error.empty()) {
        ImGui::TextColored(dim_text(), "strip unavailable: %s", ctx.strips_error.c_str());
      } else {
        ImGui::TextColored(dim_text(), "%s",
                           g.state == GreenletState::New
                               ? "no stack yet: it is mapped at the first switch"
                               : "no stack: finished, its stack was returned");
        ImGui::NewLine();
      }
      ImGui::Spacing();
    }
    ImGui::TextColored(dim_text(), "top of stack (where it starts) on the left; it grows right.");
  }
  ImGui::End();
}

}  // namespace coroscope::app::views
