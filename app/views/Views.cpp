#include "views/Views.hpp"

#include <algorithm>

#include "views/GreenletsView.hpp"
#include "views/OutputView.hpp"
#include "views/ProgramView.hpp"
#include "views/RegistersView.hpp"
#include "views/StacksView.hpp"
#include "views/SwitchesView.hpp"
#include "views/ToolbarView.hpp"

namespace coroscope::app::views {

// The layout: a toolbar across the top; the program, its output and the
// saved registers on the left; switches, greenlets and stacks on the right.
//
//   +-------------------------------------------+
//   | toolbar                                   |
//   +-------------+-----------------------------+
//   | program     | switches                    |
//   |             +-----------------------------+
//   +-------------+ greenlets                   |
//   | output      +-----------------------------+
//   +-------------+ stacks                      |
//   | registers   |                             |
//   +-------------+-----------------------------+
void draw_views(const ViewContext& ctx, ImVec2 display) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float gap = 4.0f;
  const float top = 62.0f;
  const float left_w = display.x * 0.37f;
  const float right_x = left_w + gap;
  const float right_w = display.x - right_x;
  const float h = display.y - top;
  auto area = [&](float x, float w, float y, float height) {
    return Rect{ImVec2(x, y), ImVec2(w, height - gap)};
  };

  // The program and the registers get the height their lines need (or a share
  // of a small window, and scroll); the output takes what is left.
  const float chrome = ImGui::GetFrameHeight() + style.WindowPadding.y * 2 + gap;
  const float mono = ctx.fonts.mono->FontSize;
  const float program_need =
      chrome + static_cast<float>(ctx.source.size()) * (mono + style.ItemSpacing.y);
  const float registers_need = chrome + 11.0f * (mono + style.CellPadding.y * 2) + 4.0f;
  const float program_h = std::min(program_need, h * 0.5f);
  const float registers_h = std::min(registers_need, h * 0.36f);
  const float output_h = h - program_h - registers_h;
  const float switches_h = h * 0.33f, greenlets_h = h * 0.22f;

  draw_toolbar_view(ctx, Rect{ImVec2(0, 0), ImVec2(display.x, top - gap)});
  draw_program_view(ctx, area(0, left_w, top, program_h));
  draw_output_view(ctx, area(0, left_w, top + program_h, output_h));
  draw_registers_view(ctx, area(0, left_w, top + program_h + output_h, registers_h));
  draw_switches_view(ctx, area(right_x, right_w, top, switches_h));
  draw_greenlets_view(ctx, area(right_x, right_w, top + switches_h, greenlets_h));
  draw_stacks_view(
      ctx, area(right_x, right_w, top + switches_h + greenlets_h, h - switches_h - greenlets_h));
}

}  // namespace coroscope::app::views
