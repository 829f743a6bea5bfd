#include "views/ConsoleView.hpp"

#include <cstdio>
#include <utility>

#include <imgui_stdlib.h>

namespace coroscope::app::views {

namespace {

// waiter(log): who holds the CPU at the log's end: the greenlet waiting in
// input() while the player waits for a line.
std::uint32_t waiter(const trace::EventLog& log) {
  if (log.size() == 0) return trace::kNoGreenlet;
  const trace::Event& e = log.event(log.size() - 1);
  return trace::is_transfer(e.kind) ? e.target : e.greenlet;
}

// draw_input_line: where the learner types for input(), below what the
// program printed, as in a terminal; Enter sends the line. It takes the
// keyboard once per wait (a run and the log's size name one), not every
// frame: a click elsewhere gives the player's keys back.
void draw_input_line(const ViewContext& ctx) {
  const std::uint32_t who = waiter(ctx.log());
  ImGui::TextColored(dim_text(), "%s is waiting in input(): type a line and press Enter",
                     who == trace::kNoGreenlet ? "main" : ctx.name(who).c_str());
  ImGuiStorage* seen = ImGui::GetStateStorage();
  const ImGuiID run_key = ImGui::GetID("##input_run"), at_key = ImGui::GetID("##input_at");
  const int run = static_cast<int>(ctx.session.run());
  const int at = static_cast<int>(ctx.player().frontier());
  if (seen->GetInt(run_key, -1) != run || seen->GetInt(at_key, -1) != at) {
    seen->SetInt(run_key, run);
    seen->SetInt(at_key, at);
    ImGui::SetKeyboardFocusHere();
  }
  ImGui::SetNextItemWidth(-ImGui::CalcTextSize("EOF").x - 3 * ImGui::GetStyle().FramePadding.x -
                          ImGui::GetStyle().ItemSpacing.x);
  if (ImGui::InputText("##input", &ctx.ui.input_buffer, ImGuiInputTextFlags_EnterReturnsTrue)) {
    ctx.commands.input_line = std::exchange(ctx.ui.input_buffer, {});
  }
  ImGui::SameLine();
  if (ImGui::SmallButton("EOF")) ctx.commands.close_input = true;
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("end of input, like Ctrl+D in a terminal: input() raises EOFError");
  }
}

}  // namespace

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
        ImGui::TextColored(
            l.error ? ImVec4(1.0f, 0.5f, 0.5f, 1.0f) : colour_of(ctx.log(), l.greenlet), "%s",
            l.text.c_str());
        if (ImGui::IsItemHovered()) {
          ImGui::SetTooltip("printed by %s at %.3f s (event %zu)", ctx.name(l.greenlet).c_str(),
                            l.time, l.event);
        }
      }
    }
    if (ctx.player().waiting_for_input()) draw_input_line(ctx);
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
