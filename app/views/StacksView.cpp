#include "views/StacksView.hpp"

#include <algorithm>
#include <cstdint>
#include <string>

#include "trace/EventLog.hpp"
#include "trace/IoDetail.hpp"
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
  ImGui::TextColored(dim_text(), "Python frames, innermost first: ▶ runs  ◀ resumes here  ");
  ImGui::SameLine(0, 0);
  ImGui::TextColored(ImVec4(1.0f, 0.85f, 0.3f, 1.0f), "name=value");
  ImGui::SameLine(0, 4);
  ImGui::TextColored(dim_text(), "changed since it last ran");
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

constexpr int kFrameLines = 3;  // Python frames shown per card, innermost first

// changed(prev, frames, i, name, value): whether local `name` of frames[i]
// differs from the same frame (counted from the outermost) in prev.
bool changed(const player::FrameRecord* prev, const std::vector<player::PyFrame>& frames,
             std::size_t i, const std::string& name, const std::string& value) {
  if (!prev) return false;
  const std::size_t from_outer = frames.size() - 1 - i;
  if (from_outer >= prev->frames.size()) return true;  // a frame it entered since
  const player::PyFrame& old = prev->frames[prev->frames.size() - 1 - from_outer];
  if (old.function != frames[i].function) return true;
  for (const auto& [n, v] : old.locals) {
    if (n == name) return v != value;
  }
  return true;
}

// python_frames(ctx, g): its frames, one line each: function, line, locals;
// values changed since it last ran are highlighted. Always kFrameLines lines.
void python_frames(const ViewContext& ctx, const trace::GreenletSnapshot& g, bool running) {
  const player::FrameRecord* prev = nullptr;
  const player::FrameRecord* rec = ctx.player().frames_at(g.id, ctx.player().position(), &prev);
  int lines = 0;
  if (rec && !rec->frames.empty() && g.state != trace::GreenletState::Dead) {
    const std::vector<player::PyFrame>& frames = rec->frames;
    const ImVec4 changed_colour(1.0f, 0.85f, 0.3f, 1.0f);
    for (std::size_t i = 0; i < frames.size() && lines < kFrameLines; ++i, ++lines) {
      const player::PyFrame& f = frames[i];
      if (lines == kFrameLines - 1 && i + 1 < frames.size()) {
        ImGui::TextColored(dim_text(), "  … %zu more frames (outermost: %s)", frames.size() - i,
                           frames.back().function.c_str());
        ++lines;
        break;
      }
      const char* mark = i == 0 ? (running ? "▶" : "◀") : " ";
      ImGui::TextColored(i == 0 ? ImVec4(1, 1, 1, running ? 1.0f : 0.7f) : dim_text(), "%s %s:%d",
                         mark, f.function.c_str(), f.line);
      for (const auto& [name, value] : f.locals) {
        ImGui::SameLine(0, 10);
        if (ImGui::GetContentRegionAvail().x < 40) break;
        const bool fresh = changed(prev, frames, i, name, value);
        ImGui::TextColored(fresh ? changed_colour : dim_text(), "%s=%s", name.c_str(),
                           value.c_str());
        if (ImGui::IsItemHovered()) {
          ImGui::SetTooltip("%s = %s%s", name.c_str(), value.c_str(),
                            fresh ? "\n(changed since it last ran)" : "");
        }
      }
    }
  } else if (g.state == trace::GreenletState::Dead) {
    ImGui::TextColored(dim_text(), "  finished: no frames");
    ++lines;
  } else if (g.id == ctx.log().hub()) {
    ImGui::TextColored(dim_text(), "  the hub's loop (C++): no Python frames");
    ++lines;
  } else if (g.line > 0) {
    ImGui::TextColored(dim_text(), "  %s line %d (frames are read when it switches away)",
                       running ? "▶" : "◀", g.line);
    ++lines;
  }
  for (; lines < kFrameLines; ++lines) ImGui::NewLine();
}

// Waiting: what a card says a greenlet waits for, after its state's word:
// brief ("in accept() on 127.0.0.1:8001", "on joinall") and, for I/O, the
// full sentence for its tooltip.
struct Waiting {
  std::string brief, full;
};

Waiting waiting_for(const ViewContext& ctx, const trace::GreenletSnapshot& g) {
  if (g.state == trace::GreenletState::WaitingIo) {
    for (const trace::WatcherSnapshot& w : ctx.shown.watchers) {
      if (w.greenlet != g.id) continue;
      const trace::IoDetail d = trace::io_detail(w);
      return {d.where(), ctx.name(g.id) + " waits" + d.in_call() + " " + d.wait()};
    }
  }
  if (g.waiting_on.empty()) return {};
  return {"on " + std::string(g.waiting_on), {}};
}

// fitted(text, width): text, cut with "…" to fit width pixels.
std::string fitted(const std::string& text, float width) {
  if (ImGui::CalcTextSize(text.c_str()).x <= width) return text;
  std::size_t lo = 0, hi = text.size();
  while (lo < hi) {  // the longest prefix that fits with the ellipsis
    const std::size_t mid = (lo + hi + 1) / 2;
    if (ImGui::CalcTextSize((text.substr(0, mid) + "…").c_str()).x <= width) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  while (lo > 0 && (static_cast<unsigned char>(text[lo]) & 0xC0) == 0x80) --lo;  // UTF-8
  return text.substr(0, lo) + "…";
}

void card(const ViewContext& ctx, const trace::GreenletSnapshot& g) {
  using S = trace::GreenletState;
  const bool running = g.id == ctx.shown.running;
  ImVec4 colour = greenlet_colour(g.order);
  if (!running) colour.w = 0.75f;
  ImGui::TextColored(colour, "%s", ctx.name(g.id).c_str());
  ImGui::SameLine();
  ImGui::TextColored(state_colour(g.state), "%s", trace::to_string(g.state));
  if (const Waiting why = waiting_for(ctx, g); !why.brief.empty() && !running) {
    ImGui::SameLine();
    const std::string shown = fitted(why.brief, ImGui::GetContentRegionAvail().x);
    ImGui::TextColored(dim_text(), "%s", shown.c_str());
    if (ImGui::IsItemHovered() && (shown != why.brief || !why.full.empty()))
      ImGui::SetTooltip("%s", why.full.empty() ? why.brief.c_str() : why.full.c_str());
  }
  ImGui::PushFont(ctx.fonts.mono);
  python_frames(ctx, g, running);
  ImGui::PopFont();
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
    const float card_h = ImGui::GetTextLineHeightWithSpacing() * 2 +
                         ctx.fonts.mono->FontSize * kFrameLines +
                         ImGui::GetStyle().ItemSpacing.y * kFrameLines + 18 + 12;
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
