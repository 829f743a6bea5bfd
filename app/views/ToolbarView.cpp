#include "views/ToolbarView.hpp"

#include <string>

namespace coroscope::app::views {

namespace {

// status(ctx) says, in one line, what the learner is looking at.
std::string status(const ViewContext& ctx) {
  const Snapshot& s = ctx.shown();
  const std::size_t switches = ctx.history.size() - 1 - (ctx.finished ? 1 : 0);
  std::string line;
  switch (s.stop) {
    case StopKind::Start:
      line = "Ready: main has not run yet. Step runs it until its first switch.";
      break;
    case StopKind::Transfer:
      line = "Switch " + std::to_string(s.index) + ": " + s.origin + " → " + s.target + " (" +
             to_string(s.kind) + "). The world is frozen before " + s.target + " runs.";
      break;
    case StopKind::Finished:
      line = s.error.empty() ? "main returned: the program is over after " +
                                   std::to_string(switches) + " switches."
                             : "main raised " + s.error + ".";
      break;
  }
  if (!ctx.following()) line += "  (history: Step goes on from the latest)";
  return line;
}

}  // namespace

void draw_toolbar_view(const ViewContext& ctx, const Rect& area) {
  constexpr ImGuiWindowFlags flags =
      ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings;
  ImGui::SetNextWindowPos(area.pos);
  ImGui::SetNextWindowSize(area.size);
  if (ImGui::Begin("##toolbar", nullptr, flags)) {
    ImGui::PushFont(ctx.fonts.title);
    ImGui::TextUnformatted("Coroscope");
    ImGui::PopFont();
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(dim_text(), "greenlet ping-pong: real fibers, one switch at a time");
    const char* step = "Step ▶  [Space]";
    const char* restart = "Restart  [R]";
    const ImGuiStyle& style = ImGui::GetStyle();
    const float buttons = ImGui::CalcTextSize(step).x + ImGui::CalcTextSize(restart).x +
                          style.FramePadding.x * 4 + style.ItemSpacing.x;
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - buttons);
    ImGui::BeginDisabled(ctx.finished && ctx.following());
    if (ImGui::Button(step)) ctx.commands.step = true;
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button(restart)) ctx.commands.restart = true;

    ImGui::TextUnformatted(status(ctx).c_str());
  }
  ImGui::End();
}

}  // namespace coroscope::app::views
