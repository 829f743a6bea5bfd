#include "views/HubView.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "trace/EventLog.hpp"
#include "trace/IoDetail.hpp"

namespace coroscope::app::views {

namespace {

constexpr std::size_t kMaxTimers = 200;  // the soonest; the rest are counted

void ready_queue(const ViewContext& ctx) {
  const trace::Snapshot& s = ctx.shown;
  ImGui::TextColored(dim_text(), "ready queue (%zu)", s.ready.size());
  if (s.ready.empty()) {
    ImGui::SameLine();
    ImGui::TextColored(dim_text(), " empty");
    return;
  }
  ImGui::SameLine();
  std::size_t shown = 0;
  for (std::uint32_t id : s.ready) {
    if (shown++ == 24) {
      ImGui::SameLine();
      ImGui::TextColored(dim_text(), "… %zu more", s.ready.size() - 24);
      break;
    }
    ImGui::SameLine();
    ImGui::TextColored(colour_of(ctx.log(), id), "%s%s", shown == 1 ? "" : "← ",
                       ctx.name(id).c_str());
  }
}

void timers(const ViewContext& ctx) {
  const trace::Snapshot& s = ctx.shown;
  std::vector<const trace::TimerSnapshot*> soon;
  soon.reserve(s.timers.size());
  for (const trace::TimerSnapshot& t : s.timers) soon.push_back(&t);
  const std::size_t n = std::min(soon.size(), kMaxTimers);
  std::partial_sort(soon.begin(), soon.begin() + static_cast<std::ptrdiff_t>(n), soon.end(),
                    [](auto* a, auto* b) { return a->deadline < b->deadline; });
  ImGui::TextColored(dim_text(), "timers (%zu), soonest first; now %.3f s", s.timers.size(),
                     s.time);
  if (soon.empty()) return;
  // Bars share one scale: the longest time left among those shown.
  double longest = 0;
  for (std::size_t i = 0; i < n; ++i) longest = std::max(longest, soon[i]->remaining);
  const float name_w = ImGui::CalcTextSize("wwwwwwwwwwww").x;
  const float bar_w = std::max(60.0f, ImGui::GetContentRegionAvail().x - name_w - 170.0f);
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(n));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const trace::TimerSnapshot& t = *soon[static_cast<std::size_t>(i)];
      const std::string who = t.owner == trace::kNoGreenlet ? "(hub)" : ctx.name(t.owner);
      ImGui::TextColored(t.owner == trace::kNoGreenlet ? dim_text() : colour_of(ctx.log(), t.owner),
                         "%s", who.c_str());
      ImGui::SameLine(name_w);
      const float f = longest > 0 ? static_cast<float>(std::max(t.remaining, 0.0) / longest) : 0.0f;
      const ImVec2 p = ImGui::GetCursorScreenPos();
      const float h = ImGui::GetTextLineHeight();
      ImDrawList* dl = ImGui::GetWindowDrawList();
      dl->AddRectFilled(p, ImVec2(p.x + bar_w, p.y + h), ImGui::GetColorU32(ImGuiCol_FrameBg),
                        2.0f);
      dl->AddRectFilled(p, ImVec2(p.x + bar_w * f, p.y + h),
                        ImGui::GetColorU32(state_colour(trace::GreenletState::Sleeping)), 2.0f);
      ImGui::Dummy(ImVec2(bar_w, h));
      ImGui::SameLine();
      ImGui::Text("%.3f s left (at %.3f)", std::max(t.remaining, 0.0), t.deadline);
    }
  }
  if (soon.size() > n) ImGui::TextColored(dim_text(), "… and %zu later", soon.size() - n);
}

// now(ctx): the virtual time the watchers' waits are measured to: the world's
// clock at the frontier (it runs on while the hub polls and nothing is
// recorded), else the time of the position on screen.
double now(const ViewContext& ctx) {
  const player::Player& p = ctx.player();
  return p.position() == p.frontier() ? p.now() : ctx.shown.time;
}

// watchers(ctx): two lines per watcher: the socket, its fd and how long the
// wait has lasted so far; then who waits, in which call, for what.
void watchers(const ViewContext& ctx) {
  const trace::Snapshot& s = ctx.shown;
  ImGui::TextColored(dim_text(), "I/O watchers (%zu): the sockets the hub polls",
                     s.watchers.size());
  if (s.watchers.empty()) return;
  const double t = now(ctx);
  const float indent = ImGui::GetFontSize();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(s.watchers.size()), ImGui::GetTextLineHeightWithSpacing() * 2);
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const trace::WatcherSnapshot& w = s.watchers[static_cast<std::size_t>(i)];
      const WatcherRow row = watcher_row(w, t);
      ImGui::TextUnformatted(row.socket.c_str());
      ImGui::SameLine();
      ImGui::TextColored(dim_text(), "fd %d · waiting %.1f s", w.fd, row.waiting);
      ImGui::Indent(indent);
      coloured_name(ctx, row.greenlet);
      ImGui::SameLine();
      ImGui::Text("waits%s for %s", row.call.empty() ? "" : (" in " + row.call).c_str(),
                  row.waits_for.c_str());
      ImGui::Unindent(indent);
    }
  }
}

}  // namespace

WatcherRow watcher_row(const trace::WatcherSnapshot& w, double now) {
  const trace::IoDetail d = trace::io_detail(w);
  WatcherRow row;
  row.socket = d.named() ? std::string(d.socket) : "fd " + std::to_string(w.fd);
  row.waits_for = d.named()    ? d.waits_for()
                  : w.readable ? "it to become readable"
                               : "it to become writable";
  if (!d.call.empty()) row.call = std::string(d.call) + "()";
  row.greenlet = w.greenlet;
  row.waiting = std::max(0.0, now - w.since);
  return row;
}

void draw_hub_view(const ViewContext& ctx, const Rect& area) {
  if (begin_panel("Hub", area)) {
    if (ctx.log().hub() == trace::kNoGreenlet) {
      ImGui::TextWrapped(
          "No hub yet: it starts the first time the program uses gevent "
          "(spawn, sleep, join...). Plain greenlets switch by hand.");
    } else {
      ready_queue(ctx);
      ImGui::Separator();
      watchers(ctx);
      ImGui::Separator();
      timers(ctx);
    }
  }
  ImGui::End();
}

}  // namespace coroscope::app::views
