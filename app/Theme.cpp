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
    builder.AddText("→←↓↑▶◀■□●○·…—–×✓⚠❚");
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

Fonts load_theme(float scale, bool presentation) {
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // the layout is computed; write nothing to the working directory
  // Fonts are rasterised at the size they are shown (never scaled bitmaps),
  // so a projector's zoom stays sharp.
  io.Fonts->Clear();
  Fonts fonts;
  fonts.ui = load(kSansPath, 16.0f * scale);
  fonts.mono = load(kMonoPath, 15.0f * scale);
  fonts.title = load(kSansPath, 20.0f * scale);
  io.FontDefault = fonts.ui;

  ImGuiStyle& style = ImGui::GetStyle();
  style = ImGuiStyle();
  ImGui::StyleColorsDark(&style);
  style.WindowRounding = 4.0f;
  style.FrameRounding = 3.0f;
  style.WindowPadding = ImVec2(10, 8);
  style.CellPadding = ImVec2(6, 2);
  style.ItemSpacing = ImVec2(8, 4);
  style.WindowBorderSize = 0.0f;
  ImVec4* c = style.Colors;
  if (presentation) {
    // High contrast for a projector: black panels, white text, bright frames.
    c[ImGuiCol_WindowBg] = ImVec4(0.0f, 0.0f, 0.0f, 1.0f);
    c[ImGuiCol_ChildBg] = ImVec4(0.0f, 0.0f, 0.0f, 1.0f);
    c[ImGuiCol_Text] = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
    c[ImGuiCol_TitleBg] = ImVec4(0.15f, 0.15f, 0.15f, 1.0f);
    c[ImGuiCol_Border] = ImVec4(0.8f, 0.8f, 0.8f, 1.0f);
    c[ImGuiCol_FrameBg] = ImVec4(0.2f, 0.2f, 0.2f, 1.0f);
    c[ImGuiCol_Button] = ImVec4(0.15f, 0.35f, 0.75f, 1.0f);
    style.WindowBorderSize = 1.0f;
  } else {
    c[ImGuiCol_WindowBg] = ImVec4(0.13f, 0.14f, 0.17f, 1.0f);
    c[ImGuiCol_TitleBg] = ImVec4(0.18f, 0.20f, 0.25f, 1.0f);
  }
  c[ImGuiCol_TitleBgActive] = c[ImGuiCol_TitleBg];
  c[ImGuiCol_TableHeaderBg] = ImVec4(0.20f, 0.22f, 0.28f, 1.0f);
  c[ImGuiCol_Header] = ImVec4(0.26f, 0.36f, 0.55f, 0.85f);
  c[ImGuiCol_HeaderHovered] = ImVec4(0.30f, 0.42f, 0.62f, 0.85f);
  style.ScaleAllSizes(scale);
  return fonts;
}

ImVec4 greenlet_colour(std::size_t order) {
  // Okabe & Ito (2008), lightened a little for a dark background.
  static const ImVec4 colours[] = {
      {0.34f, 0.71f, 0.91f, 1.0f},  // sky blue: main
      {0.90f, 0.62f, 0.00f, 1.0f},  // orange
      {0.00f, 0.70f, 0.52f, 1.0f},  // bluish green
      {0.94f, 0.89f, 0.26f, 1.0f},  // yellow
      {0.80f, 0.47f, 0.65f, 1.0f},  // reddish purple
      {0.84f, 0.37f, 0.00f, 1.0f},  // vermillion
      {0.30f, 0.55f, 0.90f, 1.0f},  // blue
  };
  return colours[order % (sizeof colours / sizeof colours[0])];
}

ImVec4 state_colour(trace::GreenletState state) {
  using S = trace::GreenletState;
  switch (state) {
    case S::Unstarted:
      return {0.62f, 0.64f, 0.68f, 1.0f};
    case S::Running:
      return {0.00f, 0.70f, 0.52f, 1.0f};  // bluish green
    case S::Ready:
      return {0.34f, 0.71f, 0.91f, 1.0f};  // sky blue
    case S::Sleeping:
      return {0.94f, 0.89f, 0.26f, 1.0f};  // yellow
    case S::WaitingIo:
      return {0.80f, 0.47f, 0.65f, 1.0f};  // reddish purple
    case S::Waiting:
      return {0.90f, 0.62f, 0.00f, 1.0f};  // orange
    case S::Suspended:
      return {0.75f, 0.75f, 0.60f, 1.0f};  // khaki
    case S::Dead:
      return {0.84f, 0.37f, 0.00f, 1.0f};  // vermillion
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
