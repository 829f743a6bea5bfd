#include "views/ViewContext.hpp"

namespace coroscope::app::views {

bool begin_panel(const char* title, const Rect& area) {
  ImGui::SetNextWindowPos(area.pos);
  ImGui::SetNextWindowSize(area.size);
  constexpr ImGuiWindowFlags flags =
      ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
      ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  return ImGui::Begin(title, nullptr, flags);
}

std::size_t greenlet_index(const Snapshot& snapshot, const std::string& name) {
  for (std::size_t i = 0; i < snapshot.greenlets.size(); ++i) {
    if (snapshot.greenlets[i].name == name) return i;
  }
  return 0;
}

void coloured_name(const Snapshot& snapshot, const std::string& name) {
  ImGui::PushStyleColor(ImGuiCol_Text, greenlet_colour(greenlet_index(snapshot, name)));
  ImGui::TextUnformatted(name.c_str());
  ImGui::PopStyleColor();
}

}  // namespace coroscope::app::views
