#include "Theme.hpp"

#include <filesystem>

namespace coroscope::app {

namespace {

constexpr const char* kSansPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
constexpr const char* kMonoPath = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf";

// glyphs() is Latin-1 plus the arrows and shapes the views draw.
const ImWchar* glyphs() {
  static ImVector<ImWchar> ranges;
  if (ranges.empty()) {
    ImFontGlyphRangesBuilder builder;
    builder.AddRanges(ImGui::GetIO().Fonts->GetGlyphRangesDefault());
    builder.AddText("→←↓↑▶◀■□●○·…—–×✓");
    builder.BuildRanges(&ranges);
  }
  return ranges.Data;
}

ImFont* load(const char* path, float size) {
  ImGuiIO& io = ImGui::GetIO();
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) {
    if (ImFont* f = io.Fonts->AddFontFromFileTTF(path, size, nullptr, glyphs())) return f;
  }
  return io.Fonts->AddFontDefault();
}

}  // namespace

Fonts load_theme() {
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // the layout is fixed; write nothing to the working directory
  Fonts fonts;
  fonts.ui = load(kSansPath, 16.0f);
  fonts.mono = load(kMonoPath, 15.0f);
  fonts.title = load(kSansPath, 20.0f);
  io.FontDefault = fonts.ui;

  ImGui::StyleColorsDark();
  ImGuiStyle& style = ImGui::GetStyle();
  style.WindowRounding = 4.0f;
  style.FrameRounding = 3.0f;
  style.WindowPadding = ImVec2(10, 8);
  style.CellPadding = ImVec2(6, 2);
  style.ItemSpacing = ImVec2(8, 4);
  style.WindowBorderSize = 0.0f;
  ImVec4* c = style.Colors;
  c[ImGuiCol_WindowBg] = ImVec4(0.13f, 0.14f, 0.17f, 1.0f);
  c[ImGuiCol_TitleBg] = ImVec4(0.18f, 0.20f, 0.25f, 1.0f);
  c[ImGuiCol_TitleBgActive] = c[ImGuiCol_TitleBg];
  c[ImGuiCol_TableHeaderBg] = ImVec4(0.20f, 0.22f, 0.28f, 1.0f);
  c[ImGuiCol_Header] = ImVec4(0.26f, 0.36f, 0.55f, 0.85f);
  c[ImGuiCol_HeaderHovered] = ImVec4(0.30f, 0.42f, 0.62f, 0.85f);
  return fonts;
}

ImVec4 greenlet_colour(std::size_t index) {
  static const ImVec4 colours[] = {
      {0.50f, 0.72f, 1.00f, 1.0f},  // main: blue
      {1.00f, 0.66f, 0.32f, 1.0f},  // gr1: orange
      {0.50f, 0.88f, 0.55f, 1.0f},  // gr2: green
      {0.85f, 0.60f, 1.00f, 1.0f},  // violet
      {1.00f, 0.55f, 0.70f, 1.0f},  // pink
      {0.45f, 0.90f, 0.90f, 1.0f},  // cyan
  };
  return colours[index % (sizeof colours / sizeof colours[0])];
}

ImVec4 state_colour(GreenletState state) {
  switch (state) {
    case GreenletState::New:
      return {0.62f, 0.64f, 0.68f, 1.0f};
    case GreenletState::Running:
      return {0.40f, 0.95f, 0.45f, 1.0f};
    case GreenletState::Suspended:
      return {1.00f, 0.80f, 0.30f, 1.0f};
    case GreenletState::Dead:
      return {0.95f, 0.42f, 0.42f, 1.0f};
  }
  return {1, 1, 1, 1};
}

ImVec4 dim_text() {
  return {0.60f, 0.63f, 0.68f, 1.0f};
}

render::StripPalette strip_palette() {
  return render::StripPalette{
      {0.98f, 0.62f, 0.22f, 1.0f},  // used: live frames
      {0.62f, 0.42f, 0.24f, 1.0f},  // high water: touched before, committed
      {0.24f, 0.28f, 0.35f, 1.0f},  // free: mapped, never touched
      {0.80f, 0.22f, 0.28f, 1.0f},  // guard page
  };
}

ImVec4 to_imvec4(const float (&rgba)[4]) {
  return {rgba[0], rgba[1], rgba[2], rgba[3]};
}

}  // namespace coroscope::app
