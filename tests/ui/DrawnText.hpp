#pragma once
// DrawnText: what a window drew as text in the last frame, read back from its
// draw list (each glyph is a quad whose texture corner names it in the font
// atlas), for tests of what a learner sees and where. Spaces draw nothing, so
// the text has none: compare with without_spaces(expected).
//
//   gui.bare_frame([&] { views::draw_views(ctx, gui.display()); });
//   DrawnText t = drawn_text("Clients");
//   EXPECT_TRUE(t.has("listening on 127.0.0.1:8001"));
//   gui.mouse(t.where("Connect"), true);            // click on the word

#include <map>
#include <string>
#include <utility>
#include <vector>

#include <imgui.h>
#include <imgui_internal.h>

namespace coroscope::app::testing {

inline std::string without_spaces(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c != ' ' && c != '\n') out += c;
  }
  return out;
}

inline void append_utf8(std::string& out, unsigned c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

struct DrawnText {
  std::string text;        // UTF-8, no spaces, in drawing order
  std::vector<ImVec2> at;  // per byte of text: the centre of its glyph
  bool found = false;      // the window exists and drew this frame

  bool has(const std::string& expected) const {
    return text.find(without_spaces(expected)) != std::string::npos;
  }
  // where(word): the centre of word's first glyph, for a click; off screen if absent.
  ImVec2 where(const std::string& word) const {
    const std::size_t i = text.find(without_spaces(word));
    return i == std::string::npos ? ImVec2(-1, -1) : at[i];
  }
};

// drawn_text(window): the glyphs of every font in the atlas, matched by their
// atlas corner, read from the window's draw list in order.
inline DrawnText drawn_text(const char* window) {
  DrawnText out;
  ImGuiWindow* w = ImGui::FindWindowByName(window);
  if (!w || !w->Active) return out;
  out.found = true;
  std::map<std::pair<float, float>, const ImFontGlyph*> glyphs;
  for (ImFont* font : ImGui::GetIO().Fonts->Fonts) {
    for (const ImFontGlyph& g : font->Glyphs) {
      if (g.Visible) glyphs.emplace(std::make_pair(g.U0, g.V0), &g);
    }
  }
  // The window, then its child windows (a scrolling region, a table) as created.
  for (ImGuiWindow* part : ImGui::GetCurrentContext()->Windows) {
    if (!part->Active || part->RootWindow != w) continue;
    const ImDrawList& list = *part->DrawList;
    for (int i = 0; i + 2 < list.VtxBuffer.Size; ++i) {
      const ImDrawVert& v = list.VtxBuffer[i];
      auto it = glyphs.find({v.uv.x, v.uv.y});
      if (it == glyphs.end()) continue;
      const ImFontGlyph& g = *it->second;
      const ImDrawVert& far = list.VtxBuffer[i + 2];
      if (far.uv.x != g.U1 || far.uv.y != g.V1) continue;
      const std::size_t before = out.text.size();
      append_utf8(out.text, g.Codepoint);
      const ImVec2 centre((v.pos.x + far.pos.x) / 2, (v.pos.y + far.pos.y) / 2);
      out.at.insert(out.at.end(), out.text.size() - before, centre);
      i += 3;
    }
  }
  return out;
}

}  // namespace coroscope::app::testing
