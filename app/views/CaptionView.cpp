#include "views/CaptionView.hpp"

#include <string>

#include "trace/EventLog.hpp"

namespace coroscope::app::views {

namespace {

// sentence(ctx): what happened last, from the log.
std::string sentence(const ViewContext& ctx) {
  const std::size_t p = ctx.player().position();
  if (p == 0) return "Nothing has run yet: step (Space) to run main until its first switch.";
  const trace::EventLog& log = ctx.log();
  std::string s = log.describe(p - 1);
  const std::string why = log.reason(p - 1);
  if (!why.empty()) s += ": " + why;
  return s;
}

}  // namespace

void draw_caption_view(const ViewContext& ctx, const Rect& area) {
  constexpr ImGuiWindowFlags flags =
      ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings;
  ImGui::SetNextWindowPos(area.pos);
  ImGui::SetNextWindowSize(area.size);
  if (ImGui::Begin("##caption", nullptr, flags)) {
    ImGui::PushFont(ctx.fonts.title);
    ImGui::TextWrapped("%s", sentence(ctx).c_str());
    ImGui::PopFont();
  }
  ImGui::End();
}

}  // namespace coroscope::app::views
