#include "views/Views.hpp"

#include <algorithm>
#include <cfloat>

#include "views/CaptionView.hpp"
#include "views/ClientsView.hpp"
#include "views/ConsoleView.hpp"
#include "views/ControlsView.hpp"
#include "views/CpuView.hpp"
#include "views/HubView.hpp"
#include "views/LanesView.hpp"
#include "views/SourceView.hpp"
#include "views/StacksView.hpp"

namespace coroscope::app::views {

// The layout: controls and the caption across the top; the source and the
// console on the left; the lanes, the CPU, the hub and the stacks on the
// right. Presentation mode keeps the source, the caption, the console, the
// lanes and the CPU, larger; the hub and the stacks are hidden.
//
//   +----------------------------------------------------+
//   | controls                                           |
//   | caption                                            |
//   +----------------+-----------------------------------+
//   | source         | lanes                             |
//   |                +--------------------+--------------+
//   +----------------+ cpu and registers  | stacks       |
//   | console        |                    |              |
//   +----------------+                    |              |
//   | hub            |                    |              |
//   +----------------+--------------------+--------------+
//
// A server (Session::server()) gets the Clients panel under the console, in
// both modes: what the clients sent right below what the server printed. The
// hub then moves above the stacks; the lanes keep their width.
//
//   | console        | cpu and registers  | hub          |
//   +----------------+                    +--------------+
//   | clients        |                    | stacks       |
void draw_views(const ViewContext& ctx, ImVec2 display) {
  const float gap = 4.0f;
  const float line = ImGui::GetFrameHeightWithSpacing();
  const float controls_h = line * 2 + ImGui::GetStyle().WindowPadding.y * 2 + 6;
  const float caption_h = ctx.fonts.title->FontSize * 2.4f + ImGui::GetStyle().WindowPadding.y * 2;
  const float top = controls_h + caption_h + gap;
  const float h = display.y - top;
  const float left_w = display.x * (ctx.ui.presentation ? 0.42f : 0.36f);
  const float right_x = left_w + gap, right_w = display.x - right_x;
  auto rect = [&](float x, float y, float w, float height) {
    return Rect{ImVec2(x, y), ImVec2(w - gap, height - gap)};
  };

  draw_controls_view(ctx, Rect{ImVec2(0, 0), ImVec2(display.x, controls_h)});
  draw_caption_view(ctx, Rect{ImVec2(0, controls_h), ImVec2(display.x, caption_h)});
  const bool clients = ctx.session.server().server;
  const float source_h =
      h * (ctx.ui.presentation ? (clients ? 0.5f : 0.62f) : (clients ? 0.44f : 0.5f));
  const float rest_y = top + source_h, rest_h = h - source_h;
  draw_source_view(ctx, rect(0, top, left_w, source_h));
  if (clients) {
    const float console_h = rest_h * 0.4f;
    draw_console_view(ctx, rect(0, rest_y, left_w, console_h));
    draw_clients_view(ctx, rect(0, rest_y + console_h, left_w, rest_h - console_h));
  } else if (ctx.ui.presentation) {
    draw_console_view(ctx, rect(0, rest_y, left_w, rest_h));
  } else {
    const float console_h = rest_h * 0.45f;
    draw_console_view(ctx, rect(0, rest_y, left_w, console_h));
    draw_hub_view(ctx, rect(0, rest_y + console_h, left_w, rest_h - console_h));
  }
  const float cpu_need = ImGui::GetTextLineHeightWithSpacing() * 17.5f;
  const float lanes_h = std::max(h * (ctx.ui.presentation ? 0.45f : 0.3f), h - cpu_need);
  draw_lanes_view(ctx, rect(right_x, top, right_w, lanes_h));
  const float below = top + lanes_h, below_h = h - lanes_h;
  if (ctx.ui.presentation) {
    draw_cpu_view(ctx, rect(right_x, below, right_w, below_h));
  } else {
    // Two register cards side by side (see CpuView), and the panel's padding.
    const float card_w =
        ctx.fonts.mono
            ->CalcTextSizeA(ctx.fonts.mono->FontSize, FLT_MAX, 0.0f, "x87cw  0x0000000000000000 ")
            .x +
        12.0f;
    const float cpu_w =
        std::min(right_w * 0.62f, 2 * card_w + 32.0f + ImGui::GetStyle().WindowPadding.x * 2 + gap);
    draw_cpu_view(ctx, rect(right_x, below, cpu_w, below_h));
    const float stacks_x = right_x + cpu_w, stacks_w = right_w - cpu_w;
    if (clients) {  // the hub, moved from under the console
      const float hub_h = below_h * 0.42f;
      draw_hub_view(ctx, rect(stacks_x, below, stacks_w, hub_h));
      draw_stacks_view(ctx, rect(stacks_x, below + hub_h, stacks_w, below_h - hub_h));
    } else {
      draw_stacks_view(ctx, rect(stacks_x, below, stacks_w, below_h));
    }
  }
  draw_gallery(ctx);
}

}  // namespace coroscope::app::views
