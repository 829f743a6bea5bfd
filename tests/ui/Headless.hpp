#pragma once
// Headless ImGui for tests: a context with a built font atlas and no
// renderer, so views draw real frames without a window or GL.
//
//   HeadlessImGui imgui;                    // one per test
//   imgui.frame([&] { draw_views(ctx, imgui.display()); });

#include <functional>

#include <imgui.h>

namespace coroscope::app::testing {

class HeadlessImGui {
 public:
  explicit HeadlessImGui(ImVec2 display = ImVec2(1280, 800)) : display_(display) {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = display;
    io.DeltaTime = 1.0f / 60.0f;
  }
  ~HeadlessImGui() { ImGui::DestroyContext(); }
  HeadlessImGui(const HeadlessImGui&) = delete;
  HeadlessImGui& operator=(const HeadlessImGui&) = delete;

  // build_fonts(): after loading fonts, as a renderer would (no texture upload).
  void build_fonts() {
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  }
  // frame(draw): one whole frame: NewFrame, draw, Render. Returns the draw data's vertices.
  int frame(const std::function<void()>& draw) {
    ImGui::NewFrame();
    draw();
    ImGui::Render();
    return ImGui::GetDrawData()->TotalVtxCount;
  }
  ImVec2 display() const { return display_; }

 private:
  ImVec2 display_;
};

}  // namespace coroscope::app::testing
