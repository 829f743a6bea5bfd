#pragma once
// HeadlessImGui: a Dear ImGui context with no window and no renderer, for
// tests and benchmarks of views: frames are built (CPU), never rasterized.
//
//   HeadlessImGui gui(1280, 800);
//   gui.mouse(ImVec2(600, 400), /*down=*/true);       // input for the next frame
//   gui.frame([&] { seek = draw_lanes(in, state); });  // NewFrame, a full-screen window, Render
//   EXPECT_GT(gui.draw_data()->TotalVtxCount, 0);
//
// One per thread at a time: it owns the current ImGui context.

#include <imgui.h>

namespace coroscope::app::testing {

class HeadlessImGui {
 public:
  HeadlessImGui(float width, float height) : ctx_(ImGui::CreateContext()) {
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(width, height);
    io.IniFilename = nullptr;  // no imgui.ini in the working directory
    io.LogFilename = nullptr;
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);  // builds the atlas: NewFrame needs it
  }
  ~HeadlessImGui() { ImGui::DestroyContext(ctx_); }
  HeadlessImGui(const HeadlessImGui&) = delete;
  HeadlessImGui& operator=(const HeadlessImGui&) = delete;

  // mouse(pos, down, wheel) sets the input the next frame sees.
  void mouse(ImVec2 pos, bool down = false, float wheel = 0, bool shift = false) {
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = pos;
    io.MouseDown[0] = down;
    io.MouseWheel = wheel;
    io.KeyShift = shift;
  }

  // frame(draw) builds one frame with draw() inside a window filling the display.
  template <class Draw>
  void frame(Draw&& draw) {
    ImGuiIO& io = ImGui::GetIO();
    io.DeltaTime = 1.0f / 60.0f;
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);
    ImGui::Begin(
        "view", nullptr,
        ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
    draw();
    ImGui::End();
    ImGui::Render();
  }

  // build_fonts(): build the atlas again after fonts were added (load_theme),
  // as a renderer would before its next frame.
  void build_fonts() {
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  }

  // bare_frame(draw): one frame with no window around draw() (views open their own).
  template <class Draw>
  void bare_frame(Draw&& draw) {
    ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
    ImGui::NewFrame();
    draw();
    ImGui::Render();
  }

  ImVec2 display() const { return ImGui::GetIO().DisplaySize; }
  ImDrawData* draw_data() const { return ImGui::GetDrawData(); }
  ImFont* font() const { return ImGui::GetIO().Fonts->Fonts[0]; }

 private:
  ImGuiContext* ctx_;
};

}  // namespace coroscope::app::testing
