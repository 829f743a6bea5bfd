#include "views/ControlsView.hpp"

#include <algorithm>
#include <chrono>
#include <string>

#include <imgui_stdlib.h>

#include "Demos.hpp"

namespace coroscope::app::views {

namespace {

bool button(const char* label, const char* tip, bool enabled = true) {
  ImGui::BeginDisabled(!enabled);
  const bool pressed = ImGui::Button(label);
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", tip);
  ImGui::SameLine();
  return pressed;
}

// stop_index(stops, position): how many stops are at or before position.
std::size_t stop_index(const std::vector<std::size_t>& stops, std::size_t position) {
  return static_cast<std::size_t>(std::upper_bound(stops.begin(), stops.end(), position) -
                                  stops.begin());
}

void scrubber(const ViewContext& ctx) {
  const player::Player& p = ctx.player();
  const std::vector<std::size_t>& stops = p.stops();
  int at = static_cast<int>(stop_index(stops, p.position()));
  const int last = static_cast<int>(stops.size());
  ImGui::SetNextItemWidth(std::max(120.0f, ImGui::GetContentRegionAvail().x * 0.45f));
  const std::string label = "stop %d of " + std::to_string(last);
  if (ImGui::SliderInt("##history", &at, 0, std::max(last, 1), label.c_str())) {
    ctx.commands.seek = at == 0 ? 0 : stops[static_cast<std::size_t>(std::min(at, last) - 1)];
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("History: drag to any recorded stop");
  ImGui::SameLine();
  ImGui::TextColored(dim_text(), "event %zu of %zu · t = %.3f s%s", p.position(), p.frontier(),
                     ctx.shown.time,
                     p.finished() && p.at_end() ? " · the program has finished" : "");
}

void blocking_warning(const ViewContext& ctx) {
  const auto held = ctx.player().running_without_switch();
  if (held < std::chrono::milliseconds(250)) return;
  const double s = std::chrono::duration<double>(held).count();
  const std::string who =
      ctx.shown.running == trace::kNoGreenlet ? "a greenlet" : ctx.name(ctx.shown.running);
  ImGui::SameLine();
  ImGui::TextColored(
      ImVec4(1.0f, 0.7f, 0.2f, 1.0f),
      "⚠ %s has held the CPU for %.1f s without switching: every other greenlet waits", who.c_str(),
      s);
}

}  // namespace

void draw_controls_view(const ViewContext& ctx, const Rect& area) {
  if (begin_bar("##controls", area)) {
    const player::Player& p = ctx.player();
    const bool more = !(p.finished() && p.at_end());
    ImGui::PushFont(ctx.fonts.title);
    ImGui::TextUnformatted("Coroscope");
    ImGui::PopFont();
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(dim_text(), "%s", ctx.session.source().name.c_str());
    ImGui::SameLine(0, 20);
    if (button("◀ Back", "The previous stop [Left, PgUp]", p.position() > 0))
      ctx.commands.back = true;
    if (button("Step ▶", "Run to the next switch [Space, PgDn]", more))
      ctx.commands.step_switch = true;
    if (button("Line", "Run to the next line [N]", more)) ctx.commands.step_line = true;
    if (button("Forward", "The next stop; past the end, run on [Right]", more))
      ctx.commands.forward = true;
    if (button(p.playing() ? "❚❚ Pause" : "▶▶ Run", "Play the switches one by one [Enter]",
               more || p.playing()))
      ctx.commands.toggle_play = true;
    float speed = static_cast<float>(p.playing() ? p.speed() : ctx.session.speed());
    ImGui::SetNextItemWidth(110);
    if (ImGui::SliderFloat("##speed", &speed, 0.1f, 10.0f, "%.1fx", ImGuiSliderFlags_Logarithmic))
      ctx.commands.speed = speed;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Speed of Run: 0.1x to 10x");
    ImGui::SameLine();
    if (button("Restart", "Run the program again from the start [R]")) ctx.commands.restart = true;
    if (button("Demos…", "The lessons, with what each teaches")) ctx.ui.show_gallery = true;
    if (button(ctx.ui.presentation ? "Exit presentation" : "Present", "Presentation mode [F5]"))
      ctx.commands.toggle_presentation = true;
    ImGui::NewLine();
    scrubber(ctx);
    blocking_warning(ctx);
    if (!ctx.session.notice().empty()) {
      ImGui::SameLine();
      ImGui::TextColored(ImVec4(1.0f, 0.5f, 0.5f, 1.0f), "%s", ctx.session.notice().c_str());
    }
  }
  ImGui::End();
}

void draw_gallery(const ViewContext& ctx) {
  if (ctx.ui.show_gallery) {
    ImGui::OpenPopup("Demos");
    ctx.ui.show_gallery = false;
  }
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowSize(ImVec2(std::min(display.x * 0.8f, 900.0f), 0));
  ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y * 0.3f), ImGuiCond_Always,
                          ImVec2(0.5f, 0.3f));
  if (ImGui::BeginPopupModal("Demos", nullptr, ImGuiWindowFlags_NoSavedSettings)) {
    if (ImGui::BeginTable("demos", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
      ImGui::TableSetupColumn("demo");
      ImGui::TableSetupColumn("level");
      ImGui::TableSetupColumn("what it teaches", ImGuiTableColumnFlags_WidthStretch);
      ImGui::TableHeadersRow();
      for (const Demo& d : demos()) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        if (ImGui::Selectable(d.name.c_str(), d.name == ctx.session.demo_name(),
                              ImGuiSelectableFlags_SpanAllColumns)) {
          ctx.commands.open_demo = d.name;
          ImGui::CloseCurrentPopup();
        }
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(d.level.c_str());
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", d.summary.c_str());
      }
      ImGui::EndTable();
    }
    ImGui::Separator();
    ImGui::TextUnformatted("Open a file:");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - 160);
    const bool enter = ImGui::InputTextWithHint("##path", "/path/to/lesson.py", &ctx.ui.open_path,
                                                ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if ((ImGui::Button("Open") || enter) && !ctx.ui.open_path.empty()) {
      ctx.commands.open_file = ctx.ui.open_path;
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Close")) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
}

}  // namespace coroscope::app::views
