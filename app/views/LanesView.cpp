#include "views/LanesView.hpp"

#include "Theme.hpp"
#include "views/ViewContext.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "views/LanesAxis.hpp"

namespace coroscope::app::views {

namespace {

using lanes::Axis;
using trace::GreenletState;

constexpr ImU32 kPositionColour = IM_COL32(213, 94, 0, 255);  // Okabe-Ito vermillion
constexpr float kOverviewH = 30.0f;
constexpr float kScrollbarW = 10.0f;
constexpr std::array kLegend = {GreenletState::Running,  GreenletState::Ready,
                                GreenletState::Sleeping, GreenletState::WaitingIo,
                                GreenletState::Waiting,  GreenletState::Suspended,
                                GreenletState::Dead,     GreenletState::Unstarted};

// switch_axis(state, to, ix) keeps the same stretch of the run in view.
void switch_axis(LanesState& state, LaneAxis to, const LaneIndex& ix) {
  if (state.axis == to) return;
  if (state.to > state.from) {
    const Axis old{&ix, state.axis, state.from, state.to, 0, 1};
    const Axis now{&ix, to, 0, 1, 0, 1};
    const double f = now.of_position(old.position_at(state.from));
    const double t = now.of_position(old.position_at(state.to));
    state.from = t > f ? f : 0;
    state.to = t > f ? t : 0;
  }
  state.axis = to;
}

void toolbar(const LanesInput& in, LanesState& state) {
  const LaneIndex& ix = in.index;
  if (ImGui::RadioButton("events", state.axis == LaneAxis::Events))
    switch_axis(state, LaneAxis::Events, ix);
  ImGui::SameLine();
  if (ImGui::RadioButton("virtual time", state.axis == LaneAxis::Time))
    switch_axis(state, LaneAxis::Time, ix);
  ImGui::SameLine();
  ImGui::Checkbox("follow", &state.follow);
  ImGui::SameLine();
  if (ImGui::Button("fit")) state.from = state.to = 0;
  ImGui::SameLine();
  ImGui::TextDisabled("%zu greenlets, %zu events, %zu switches", ix.lanes(), ix.size(),
                      ix.all_transfers().size());
  if (state.axis == LaneAxis::Time && ix.end_time() <= 0) {
    ImGui::SameLine();
    ImGui::TextDisabled("(no virtual time passes in this run: no hub timers)");
  }
  // Legend: colour and bar height, then the state's word.
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float h = ImGui::GetTextLineHeight();
  for (std::size_t k = 0; k < kLegend.size(); ++k) {
    if (k) ImGui::SameLine(0, 12.0f);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float bar =
        kLegend[k] == GreenletState::Running                                            ? h * 0.9f
        : (kLegend[k] == GreenletState::Dead || kLegend[k] == GreenletState::Unstarted) ? 3.0f
                                                                                        : h * 0.5f;
    dl->AddRectFilled(ImVec2(p.x, p.y + (h - bar) * 0.5f), ImVec2(p.x + 14, p.y + (h + bar) * 0.5f),
                      lane_state_colour(kLegend[k]));
    ImGui::Dummy(ImVec2(16, h));
    ImGui::SameLine(0, 4.0f);
    ImGui::TextUnformatted(trace::to_string(kLegend[k]));
  }
}

// nice_step(raw) is 1, 2 or 5 times a power of ten, at least raw.
double nice_step(double raw) {
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * p >= raw) return m * p;
  return 10.0 * p;
}

void ruler(const Axis& ax, ImVec2 min, ImVec2 max, ImDrawList* dl) {
  const ImU32 ink = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  double step = nice_step(ax.per_pixel() * 90.0);
  if (ax.kind == LaneAxis::Events) step = std::max(step, 1.0);
  char text[32];
  for (double v = std::ceil(ax.from / step) * step; v <= ax.to; v += step) {
    const float x = std::floor(ax.x(v)) + 0.5f;
    dl->AddLine(ImVec2(x, max.y - 5), ImVec2(x, max.y), ink);
    if (ax.kind == LaneAxis::Events) {
      std::snprintf(text, sizeof text, "%.0f", v);
    } else {
      std::snprintf(text, sizeof text, "%.6g s", std::abs(v) < step * 1e-6 ? 0.0 : v);
    }
    dl->AddText(ImVec2(x + 2, min.y), ink, text);
  }
}

// overview(...) draws the whole run's switch density (log scale: a burst of
// spawns would flatten the rest), the visible window and the position.
void overview(const LanesInput& in, const Axis& ax, double hi, ImVec2 min, ImVec2 max,
              ImDrawList* dl) {
  const LaneIndex& ix = in.index;
  const float w = max.x - min.x, h = max.y - min.y;
  auto ox = [&](double v) { return min.x + static_cast<float>(v / hi) * w; };
  dl->AddRectFilled(min, max, ImGui::GetColorU32(ImGuiCol_FrameBg));
  const ImU32 bars = ImGui::GetColorU32(ImGuiCol_Text, 0.45f);
  auto bar_h = [h](std::uint32_t count, std::uint32_t top) {
    return h * static_cast<float>(std::log1p(count) / std::log1p(std::max(top, 1u)));
  };
  if (ax.kind == LaneAxis::Events) {
    // The index's buckets: at most kBuckets rects, whatever the run's length.
    const double per = static_cast<double>(ix.bucket_events());
    for (std::size_t b = 0; b < ix.used_buckets(); ++b) {
      if (!ix.buckets()[b]) continue;
      const float bh = bar_h(ix.buckets()[b], ix.max_bucket());
      dl->AddRectFilled(ImVec2(ox(static_cast<double>(b) * per), max.y - bh),
                        ImVec2(std::max(ox(static_cast<double>(b + 1) * per),
                                        ox(static_cast<double>(b) * per) + 1.0f),
                               max.y),
                        bars);
    }
  } else {
    // By time: a count per 3-pixel column, two binary searches each.
    std::array<std::uint32_t, 1024> counts{};
    const std::size_t columns =
        std::min<std::size_t>(counts.size(), static_cast<std::size_t>(w / 3));
    std::uint32_t top = 1;
    std::size_t e = 0;
    for (std::size_t c = 0; c < columns; ++c) {
      const std::size_t next = ix.first_event_at(hi * static_cast<double>(c + 1) / columns);
      counts[c] =
          static_cast<std::uint32_t>(ix.transfer_count(e, c + 1 == columns ? ix.size() : next));
      top = std::max(top, counts[c]);
      e = next;
    }
    for (std::size_t c = 0; c < columns; ++c) {
      if (!counts[c]) continue;
      const float x = min.x + w * static_cast<float>(c) / static_cast<float>(columns);
      const float bh = bar_h(counts[c], top);
      dl->AddRectFilled(ImVec2(x, max.y - bh), ImVec2(x + w / static_cast<float>(columns), max.y),
                        bars);
    }
  }
  const float wx0 = std::max(min.x, ox(ax.from)),
              wx1 = std::min(max.x, std::max(ox(ax.to), wx0 + 2));
  if (wx1 - wx0 < w - 1.0f) {  // a part of the run: shade the rest
    dl->AddRectFilled(min, ImVec2(wx0, max.y), ImGui::GetColorU32(ImGuiCol_WindowBg, 0.55f));
    dl->AddRectFilled(ImVec2(wx1, min.y), max, ImGui::GetColorU32(ImGuiCol_WindowBg, 0.55f));
  }
  dl->AddRect(ImVec2(wx0, min.y), ImVec2(wx1, max.y), ImGui::GetColorU32(ImGuiCol_Text, 0.8f));
  const float px = ox(ax.of_position(in.position));
  dl->AddLine(ImVec2(px, min.y), ImVec2(px, max.y), kPositionColour, 2.0f);
}

// names(...) draws the visible rows' names, indented under their parents, in
// the greenlet's colour; the one running at the position is marked.
void names(const LanesInput& in, const lanes::Rows& r, float x0, ImDrawList* dl) {
  const LaneIndex& ix = in.index;
  const float text_h = ImGui::GetTextLineHeight();
  for (std::size_t row = r.first; row < r.last; ++row) {
    const std::uint32_t lane = ix.lane_at_row(row);
    const float y = lanes::row_y(r, row);
    const float indent = 10.0f * static_cast<float>(std::min<std::uint32_t>(ix.depth(lane), 6));
    const ImU32 own =
        in.greenlet_colour ? in.greenlet_colour(lane) : ImGui::GetColorU32(ImGuiCol_Text);
    const bool running = ix.state_at(lane, in.position) == GreenletState::Running;
    const float ty = y + (r.lane_h - text_h) * 0.5f;
    dl->AddRectFilled(ImVec2(x0 + indent + 2, ty + 2), ImVec2(x0 + indent + 8, ty + text_h - 2),
                      own);
    if (running) dl->AddText(ImVec2(x0 + indent + 10, ty), kPositionColour, ">");
    dl->AddText(ImVec2(x0 + indent + 20, ty), running ? ImGui::GetColorU32(ImGuiCol_Text) : own,
                lane_name(in, lane).c_str());
  }
}

}  // namespace

std::optional<std::size_t> draw_lanes(const LanesInput& in, LanesState& state) {
  const LaneIndex& ix = in.index;
  ImGuiIO& io = ImGui::GetIO();
  ImGui::PushID("lanes");
  toolbar(in, state);

  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  if (avail.x < 80 || avail.y < 80) {
    ImGui::PopID();
    return std::nullopt;
  }
  if (in.mono) ImGui::PushFont(in.mono);
  const float lane_h = std::floor(ImGui::GetTextLineHeight() + 6.0f);
  const float ruler_h = ImGui::GetTextLineHeight() + 6.0f;
  const float names_w = std::clamp(avail.x * 0.18f, 90.0f, 220.0f);
  const ImVec2 end(origin.x + avail.x, origin.y + avail.y);
  const ImVec2 ov_min(origin.x + names_w, origin.y),
      ov_max(end.x - kScrollbarW, origin.y + kOverviewH);
  const float lanes_y = ov_max.y + ruler_h;
  const ImVec2 tr_min(ov_min.x, lanes_y), tr_max(ov_max.x, end.y);
  std::optional<std::size_t> seek;

  // The visible range: 0, 0 fits the whole run (and keeps fitting as it grows).
  const double hi = lanes::extent(ix, state.axis);
  const bool fit = !(state.to > state.from);
  double from = fit ? 0 : state.from, to = fit ? hi : state.to;

  // Input: the overview band, the lanes canvas, the scrollbar.
  ImGui::SetCursorScreenPos(ov_min);
  ImGui::InvisibleButton("overview", ImVec2(ov_max.x - ov_min.x, kOverviewH));
  if (ImGui::IsItemActive() && !fit) {
    const double centre = (io.MousePos.x - ov_min.x) / (ov_max.x - ov_min.x) * hi;
    const double span = to - from;
    from = centre - span * 0.5;
    to = from + span;
    state.follow = false;
  }
  ImGui::SetCursorScreenPos(ImVec2(origin.x, ov_max.y));
  const bool clicked =
      ImGui::InvisibleButton("canvas", ImVec2(tr_max.x - origin.x, end.y - ov_max.y));
  const bool hovered = ImGui::IsItemHovered(), active = ImGui::IsItemActive();
  const Axis before{&ix, state.axis, from, to, tr_min.x, tr_max.x};
  if (hovered && io.MouseWheel != 0) {
    if (io.KeyShift || io.MousePos.x < tr_min.x) {
      state.scroll_y -= io.MouseWheel * 3.0f * lane_h;
    } else {  // zoom at the cursor
      const double anchor = before.at(io.MousePos.x), f = std::pow(0.8, io.MouseWheel);
      from = anchor - (anchor - from) * f;
      to = anchor + (to - anchor) * f;
    }
  }
  if (active && ImGui::IsMouseDragging(ImGuiMouseButton_Left)) {
    from -= io.MouseDelta.x * before.per_pixel();
    to -= io.MouseDelta.x * before.per_pixel();
    state.scroll_y -= io.MouseDelta.y;
    if (io.MouseDelta.x != 0) state.follow = false;
  }
  if (clicked && io.MouseDragMaxDistanceSqr[0] < 16.0f && io.MousePos.x >= tr_min.x) {
    seek = before.position_at(before.at(io.MousePos.x));
  }
  const float view_h = tr_max.y - tr_min.y;
  const float total_h = static_cast<float>(ix.lanes()) * lane_h;
  ImGui::SetCursorScreenPos(ImVec2(tr_max.x, tr_min.y));
  ImGui::InvisibleButton("scrollbar", ImVec2(kScrollbarW, std::max(1.0f, view_h)));
  if (ImGui::IsItemActive() && total_h > view_h) {
    state.scroll_y = (io.MousePos.y - tr_min.y) / view_h * total_h - view_h * 0.5f;
  }
  state.scroll_y = std::clamp(state.scroll_y, 0.0f, std::max(0.0f, total_h - view_h));

  // Follow keeps the position in view; then the range is clamped to the run.
  const double min_span = state.axis == LaneAxis::Events ? 4.0 : hi * 1e-9;
  double span = std::max(to - from, min_span);
  if (state.follow && span < hi) {
    const double p = before.of_position(in.position);
    if (p > from + span * 0.95) from = p - span * 0.9;
    if (p < from) from = p - span * 0.1;
  }
  if (span >= hi) {
    from = 0, span = hi;
    state.from = state.to = 0;
  } else {
    from = std::clamp(from, 0.0, hi - span);
    state.from = from;
    state.to = from + span;
  }
  const Axis ax{&ix, state.axis, from, from + span, tr_min.x, tr_max.x};

  ImDrawList* dl = ImGui::GetWindowDrawList();
  lanes::Rows rows{&in, &ax, tr_min, tr_max, lane_h, state.scroll_y, 0, 0};
  rows.first = static_cast<std::size_t>(state.scroll_y / lane_h);
  rows.last =
      std::min(ix.lanes(), static_cast<std::size_t>((state.scroll_y + view_h) / lane_h) + 1);

  overview(in, ax, hi, ov_min, ov_max, dl);
  dl->PushClipRect(ImVec2(tr_min.x, ov_max.y), tr_max, true);
  ruler(ax, ImVec2(tr_min.x, ov_max.y), ImVec2(tr_max.x, lanes_y), dl);
  dl->PopClipRect();
  dl->PushClipRect(tr_min, tr_max, true);
  dl->AddRectFilled(tr_min, tr_max, ImGui::GetColorU32(ImGuiCol_FrameBg, 0.5f));
  for (std::size_t row = rows.first; row < rows.last; row += 2) {  // every other row shaded
    const float y = lanes::row_y(rows, row);
    dl->AddRectFilled(ImVec2(tr_min.x, y), ImVec2(tr_max.x, y + lane_h),
                      ImGui::GetColorU32(ImGuiCol_TableRowBgAlt));
  }
  const bool dense = lanes::dense_arrows(rows);  // behind the bars; else on top
  if (dense) lanes::draw_arrows(rows, dl);
  lanes::draw_segments(rows, dl);
  if (!dense) lanes::draw_arrows(rows, dl);
  const float px = std::floor(ax.x(ax.of_position(in.position))) + 0.5f;
  dl->AddLine(ImVec2(px, tr_min.y), ImVec2(px, tr_max.y), kPositionColour, 2.0f);
  dl->PopClipRect();
  dl->PushClipRect(ImVec2(origin.x, tr_min.y), ImVec2(tr_min.x, tr_max.y), true);
  names(in, rows, origin.x, dl);
  dl->PopClipRect();

  if (total_h > view_h) {  // the scrollbar's thumb
    const float t0 = tr_min.y + state.scroll_y / total_h * view_h;
    const float t1 = t0 + std::max(12.0f, view_h * view_h / total_h);
    dl->AddRectFilled(ImVec2(tr_max.x + 2, t0), ImVec2(end.x - 1, std::min(t1, tr_max.y)),
                      ImGui::GetColorU32(ImGuiCol_ScrollbarGrab), 3.0f);
  }
  if (hovered && !active && io.MousePos.x >= tr_min.x && io.MousePos.y >= tr_min.y) {
    const auto row = static_cast<std::size_t>((io.MousePos.y - tr_min.y + state.scroll_y) / lane_h);
    if (row < ix.lanes()) lanes::segment_tooltip(rows, row, io.MousePos.x);
  }
  if (in.mono) ImGui::PopFont();
  ImGui::PopID();
  return seek;
}

namespace {
ImU32 app_colour(std::size_t order) {
  return ImGui::GetColorU32(greenlet_colour(order));
}
}  // namespace

std::string lane_name(const LanesInput& in, std::uint32_t lane) {
  return in.name ? in.name(in.index.id(lane)) : in.index.name(lane);
}

void draw_lanes_view(const ViewContext& ctx, const Rect& area) {
  if (begin_panel("Lanes: who runs when (click to go there)", area)) {
    UiState& ui = ctx.ui;
    if (ui.lanes_run != ctx.session.run()) {  // a new run: a new log
      ui.lanes_run = ctx.session.run();
      ui.lane_index.reset();
      ui.lanes = LanesState{ui.lanes.axis};
    }
    ui.lane_index.update(ctx.log());
    const LanesInput in{
        ctx.log(),      ui.lane_index, ctx.player().position(),
        ctx.fonts.mono, &app_colour,   [&ctx](std::uint32_t id) { return ctx.name(id); }};
    if (std::optional<std::size_t> seek = draw_lanes(in, ui.lanes)) ctx.commands.seek = *seek;
  }
  ImGui::End();
}

}  // namespace coroscope::app::views
