#include "views/ViewContext.hpp"

#include "trace/EventLog.hpp"

namespace coroscope::app::views {

bool begin_panel(const char* title, const Rect& area) {
  ImGui::SetNextWindowPos(area.pos);
  ImGui::SetNextWindowSize(area.size);
  constexpr ImGuiWindowFlags flags =
      ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
      ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  return ImGui::Begin(title, nullptr, flags);
}

ImVec4 colour_of(const trace::EventLog& log, std::uint32_t id) {
  const trace::GreenletInfo* g = log.greenlet_info(id);
  return greenlet_colour(g ? g->order : 0);
}

void coloured_name(const trace::EventLog& log, std::uint32_t id) {
  ImGui::TextColored(colour_of(log, id), "%s", log.name(id).c_str());
}

}  // namespace coroscope::app::views
