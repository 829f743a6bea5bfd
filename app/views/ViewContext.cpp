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

bool begin_bar(const char* id, const Rect& area) {
  ImGui::SetNextWindowPos(area.pos);
  ImGui::SetNextWindowSize(area.size);
  constexpr ImGuiWindowFlags flags =
      ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings;
  return ImGui::Begin(id, nullptr, flags);
}

ImVec4 colour_of(const trace::EventLog& log, std::uint32_t id) {
  const trace::GreenletInfo* g = log.greenlet_info(id);
  return greenlet_colour(g ? g->order : 0);
}

void coloured_name(const ViewContext& ctx, std::uint32_t id) {
  ImGui::TextColored(colour_of(ctx.log(), id), "%s", ctx.name(id).c_str());
}

void Names::update(const trace::EventLog& log, std::uint64_t run) {
  if (run != run_) {
    first_.clear();
    seen_ = 0;
    run_ = run;
  }
  const std::vector<trace::GreenletInfo>& all = log.greenlets();
  for (; seen_ < all.size(); ++seen_) first_.try_emplace(all[seen_].name, all[seen_].id);
}

std::string Names::operator()(const trace::EventLog& log, std::uint32_t id) const {
  const trace::GreenletInfo* g = log.greenlet_info(id);
  if (!g) return log.name(id);
  auto it = first_.find(g->name);
  if (it == first_.end() || it->second == id) return g->name;
  return g->name + "·" + std::to_string(g->order);
}

}  // namespace coroscope::app::views
