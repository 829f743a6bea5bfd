#include "views/StacksView.hpp"

#include <algorithm>
#include <cstdint>
#include <string>

#include "trace/EventLog.hpp"
#include "views/Format.hpp"

namespace coroscope::app::views {

namespace {

void legend_item(const float (&rgba)[4], const char* label) {
  ImGui::TextColored(to_imvec4(rgba), "■");
  ImGui::SameLine(0, 4);
  ImGui::TextUnformatted(label);
  ImGui::SameLine(0, 16);
}

void legend() {
  const render::StripPalette p = strip_palette();
  legend_item(p.used, "in use (top → saved sp)");
  legend_item(p.high_water, "touched before (high water, now)");
  legend_item(p.free, "free");
  legend_item(p.guard, "guard page");
  ImGui::NewLine();
}

std::string figures(const trace::GreenletSnapshot& g, const runtime::FiberInfo& info) {
  std::string pages;
  if (const std::size_t page = info.stack.guard_size) {
    pages = " (" + std::to_string((info.high_water + page - 1) / page) + " of " +
            std::to_string(info.stack.size() / page) + " pages)";
  }
  const std::string in_use = g.bytes_in_use ? bytes(g.bytes_in_use)
                             : g.state == trace::GreenletState::Running
                                 ? std::string("live (its sp is in the CPU)")
                                 : std::string("unknown");
  return "in use " + in_use + " · high water " + bytes(info.high_water) + pages + " · stack " +
         bytes(info.stack.size()) + " + " + bytes(info.stack.guard_size) + " guard";
}

// python_line(ctx, g): where the greenlet's Python is, as the learner reads it.
std::string python_line(const ViewContext& ctx, const trace::GreenletSnapshot& g) {
  const std::vector<std::string>& lines = ctx.session.source().lines;
  if (g.line <= 0 || g.line > static_cast<int>(lines.size())) return {};
  return "line " + std::to_string(g.line) + ":  " +
         trimmed(lines[static_cast<std::size_t>(g.line) - 1]);
}

void card(const ViewContext& ctx, const trace::GreenletSnapshot& g) {
  using S = trace::GreenletState;
  const bool running = g.id == ctx.shown.running;
  ImVec4 colour = greenlet_colour(g.order);
  if (!running) colour.w = 0.75f;
  ImGui::TextColored(colour, "%s", ctx.name(g.id).c_str());
  ImGui::SameLine();
  ImGui::TextColored(state_colour(g.state), "%s", trace::to_string(g.state));
  if (!g.waiting_on.empty() && !running) {
    ImGui::SameLine();
    ImGui::TextColored(dim_text(), "on %.*s", static_cast<int>(g.waiting_on.size()),
                       g.waiting_on.data());
  }
  const std::string where = python_line(ctx, g);
  if (where.empty() || (!running && g.state == S::Dead)) {
    ImGui::NewLine();
  } else {
    ImGui::PushFont(ctx.fonts.mono);
    if (running) {
      ImGui::TextColored(ImVec4(1, 1, 1, 1), "▶ %s", where.c_str());
    } else if (g.state != S::Dead) {
      ImGui::TextColored(dim_text(), "◀ resumes here  %s", where.c_str());
    }
    ImGui::PopFont();
  }
  const runtime::FiberInfo* info = ctx.strips.info(g.id);
  const std::uintptr_t texture = ctx.strips.texture(g.id);
  if (info && info->stack.size()) {
    if (texture) {
      ImGui::Image(reinterpret_cast<ImTextureID>(texture),
                   ImVec2(ImGui::GetContentRegionAvail().x, 18), ImVec2(0, 1), ImVec2(1, 0));
    } else if (!ctx.strips.error().empty()) {
      ImGui::TextColored(dim_text(), "strip unavailable: %s", ctx.strips.error().c_str());
    }
    ImGui::TextColored(dim_text(), "%s", figures(g, *info).c_str());
  } else {
    ImGui::NewLine();
    ImGui::TextColored(dim_text(), "%s",
                       g.state == S::Unstarted ? "no stack yet: it is mapped at its first switch"
                       : g.state == S::Dead    ? "finished: its stack was returned"
                       : g.id == 0             ? "main runs on the thread's own stack"
                                               : "stack figures unavailable here");
  }
}

}  // namespace

void draw_stacks_view(const ViewContext& ctx, const Rect& area) {
  if (begin_panel("Stacks", area)) {
    legend();
    ImGui::Separator();
    const std::vector<trace::GreenletSnapshot>& gs = ctx.shown.greenlets;
    ctx.ui.strips_shown.clear();
    ImGui::BeginChild("##stacks");
    // Cards are of similar height: clip by an estimate, so 10,000 greenlets cost
    // only the visible ones.
    const float card_h = ImGui::GetTextLineHeightWithSpacing() * 3 + 18 + 12;
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(gs.size()), card_h);
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const trace::GreenletSnapshot& g = gs[static_cast<std::size_t>(i)];
        ctx.ui.strips_shown.push_back(g.id);
        ImGui::PushID(i);
        const float y0 = ImGui::GetCursorPosY();
        card(ctx, g);
        ImGui::SetCursorPosY(y0 + card_h - 5);
        ImGui::Separator();
        ImGui::PopID();
      }
    }
    ImGui::EndChild();
  }
  ImGui::End();
}

}  // namespace coroscope::app::views
