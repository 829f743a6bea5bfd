#include "views/SourceView.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <imgui_stdlib.h>

#include "views/Highlight.hpp"

namespace coroscope::app::views {

namespace {

ImU32 span_colour(SpanKind k) {
  switch (k) {
    case SpanKind::Keyword:
      return IM_COL32(198, 146, 234, 255);
    case SpanKind::Builtin:
      return IM_COL32(120, 196, 232, 255);
    case SpanKind::String:
      return IM_COL32(196, 226, 126, 255);
    case SpanKind::Number:
      return IM_COL32(247, 178, 103, 255);
    case SpanKind::Comment:
      return IM_COL32(130, 138, 150, 255);
    case SpanKind::Plain:
      break;
  }
  return ImGui::GetColorU32(ImGuiCol_Text);
}

// Marker: a greenlet whose current line is on screen.
struct Marker {
  int line;
  std::uint32_t id;
  std::size_t order;
  bool running;
  const trace::GreenletSnapshot* g;
};

// markers(s): the greenlets with a current line, by line; a dead one keeps no marker.
std::vector<Marker> markers(const trace::Snapshot& s) {
  std::vector<Marker> out;
  for (const trace::GreenletSnapshot& g : s.greenlets) {
    if (g.line <= 0 || g.state == trace::GreenletState::Dead) continue;
    out.push_back({g.line, g.id, g.order, g.id == s.running, &g});
  }
  std::stable_sort(out.begin(), out.end(), [](const Marker& a, const Marker& b) {
    return a.line < b.line || (a.line == b.line && a.running && !b.running);
  });
  return out;
}

void draw_line(ImDrawList* dl, ImVec2 at, std::string_view text) {
  for (const Span& span : highlight(text)) {
    const char* b = text.data() + span.begin;
    const char* e = text.data() + span.end;
    dl->AddText(ImVec2(at.x + ImGui::CalcTextSize(text.data(), b).x, at.y), span_colour(span.kind),
                b, e);
  }
}

void draw_syntax_error(const script::SyntaxError& err, float x, float char_w) {
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float caret_x = x + char_w * static_cast<float>(std::max(err.col - 1, 0));
  ImGui::GetWindowDrawList()->AddText(ImVec2(p.x + caret_x, p.y), IM_COL32(255, 96, 96, 255), "^");
  ImGui::NewLine();
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + x);
  ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.45f, 1.0f), "%s: %s (line %d, column %d)",
                     err.type_name(), err.message.c_str(), err.line, err.col);
}

void draw_reading(const ViewContext& ctx) {
  const trace::Snapshot& s = ctx.shown;
  const SourceText& src = ctx.session.source();
  const std::vector<Marker> marks = markers(s);
  const float char_w = ImGui::CalcTextSize("M").x;
  const float line_h = ImGui::GetTextLineHeightWithSpacing();
  const float number_w = char_w * 4;
  const float gutter_w = char_w * 7.5f;  // up to three markers, then +N
  const float text_x = number_w + gutter_w;
  const int error_line = src.syntax ? src.syntax->line : -1;

  // Follow the running greenlet: when the position changes, bring its line into view.
  if (ctx.ui.source_scrolled_for != ctx.player().position()) {
    ctx.ui.source_scrolled_for = ctx.player().position();
    auto running =
        std::find_if(marks.begin(), marks.end(), [](const Marker& m) { return m.running; });
    if (running != marks.end()) {
      const float y = static_cast<float>(running->line - 1) * line_h;
      const float top = ImGui::GetScrollY(), visible = ImGui::GetWindowHeight();
      if (y < top || y + line_h > top + visible)
        ImGui::SetScrollY(std::max(0.0f, y - visible * 0.3f));
    }
  }
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(src.lines.size()), line_h);
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const int line = i + 1;
      const ImVec2 p = ImGui::GetCursorScreenPos();
      ImDrawList* dl = ImGui::GetWindowDrawList();
      // The markers at this line: the running greenlet's first, bright; others dim.
      auto first = std::lower_bound(marks.begin(), marks.end(), line,
                                    [](const Marker& m, int l) { return m.line < l; });
      float gx = p.x + number_w;
      int shown = 0;
      for (auto m = first; m != marks.end() && m->line == line; ++m, ++shown) {
        ImVec4 c = greenlet_colour(m->order);
        if (m->running) {
          dl->AddRectFilled(ImVec2(p.x, p.y),
                            ImVec2(p.x + ImGui::GetContentRegionAvail().x, p.y + line_h),
                            ImGui::GetColorU32(ImVec4(c.x, c.y, c.z, 0.16f)));
        } else {
          c.w = 0.45f;
        }
        if (shown < 3) {
          dl->AddText(ImVec2(gx, p.y), ImGui::GetColorU32(c), m->running ? "▶" : "●");
          gx += char_w * 1.5f;
        }
      }
      if (shown > 3) {
        const std::string more = "+" + std::to_string(shown - 3);
        dl->AddText(ImVec2(gx, p.y), ImGui::GetColorU32(dim_text()), more.c_str());
      }
      char number[16];
      std::snprintf(number, sizeof number, "%3d", line);
      dl->AddText(p, ImGui::GetColorU32(line == error_line ? ImVec4(1, 0.4f, 0.4f, 1) : dim_text()),
                  number);
      draw_line(dl, ImVec2(p.x + text_x, p.y), src.lines[static_cast<std::size_t>(i)]);
      ImGui::Dummy(
          ImVec2(text_x + ImGui::CalcTextSize(src.lines[static_cast<std::size_t>(i)].c_str()).x,
                 ImGui::GetTextLineHeight()));
      // The gutter tells who is here when hovered.
      if (shown && ImGui::IsMouseHoveringRect(ImVec2(p.x + number_w, p.y),
                                              ImVec2(p.x + text_x, p.y + line_h))) {
        std::string tip;
        for (auto m = first; m != marks.end() && m->line == line; ++m) {
          tip += ctx.name(m->id) + ": " + to_string(m->g->state) +
                 (m->running ? " (holds the CPU)" : " (resumes here)") + "\n";
        }
        ImGui::SetTooltip("%s", tip.c_str());
      }
      if (line == error_line) draw_syntax_error(*src.syntax, text_x, char_w);
    }
  }
}

}  // namespace

void draw_source_view(const ViewContext& ctx, const Rect& area) {
  const SourceText& src = ctx.session.source();
  const std::string title =
      "Source: " + src.name + (ctx.ui.editing ? "  (editing)" : "") + "###source";
  if (begin_panel(title.c_str(), area)) {
    if (ctx.ui.editing) {
      if (ImGui::Button("Run ▶")) {
        ctx.commands.run_source = ctx.ui.edit_buffer;
        ctx.ui.editing = false;
      }
      ImGui::SameLine();
      if (ImGui::Button("Cancel")) ctx.ui.editing = false;
      ImGui::SameLine();
      ImGui::TextColored(dim_text(), "Run re-runs the program from the start with this text.");
      ImGui::PushFont(ctx.fonts.mono);
      ImGui::InputTextMultiline("##editor", &ctx.ui.edit_buffer, ImVec2(-1, -1),
                                ImGuiInputTextFlags_AllowTabInput);
      ImGui::PopFont();
    } else {
      if (ImGui::SmallButton("Edit")) {
        ctx.ui.editing = true;
        ctx.ui.edit_buffer = src.text;
      }
      ImGui::SameLine();
      ImGui::TextColored(dim_text(), "▶ holds the CPU   ● suspended: resumes here");
      ImGui::Separator();
      ImGui::BeginChild("##lines");
      ImGui::PushFont(ctx.fonts.mono);
      draw_reading(ctx);
      ImGui::PopFont();
      ImGui::EndChild();
    }
  }
  ImGui::End();
}

}  // namespace coroscope::app::views
