// LanesRows: the Lanes view's painter for the visible rows: state segments,
// switch arrows with their labels, and the tooltip under the mouse.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "trace/IoDetail.hpp"
#include "views/LanesAxis.hpp"

namespace coroscope::app::views {

using trace::GreenletState;

// Okabe & Ito's palette (2008): told apart with every common colour-vision
// deficiency. Running, the state a learner follows, gets the full height too.
ImU32 lane_state_colour(GreenletState s) {
  switch (s) {
    case GreenletState::Running:
      return IM_COL32(0, 158, 115, 255);  // bluish green
    case GreenletState::Ready:
      return IM_COL32(240, 228, 66, 255);  // yellow
    case GreenletState::Sleeping:
      return IM_COL32(86, 180, 233, 255);  // sky blue
    case GreenletState::WaitingIo:
      return IM_COL32(0, 114, 178, 255);  // blue
    case GreenletState::Waiting:
      return IM_COL32(204, 121, 167, 255);  // reddish purple
    case GreenletState::Suspended:
      return IM_COL32(230, 159, 0, 255);  // orange
    case GreenletState::Dead:
      return IM_COL32(110, 110, 110, 255);
    case GreenletState::Unstarted:
      break;
  }
  return IM_COL32(150, 150, 150, 110);
}

namespace lanes {

namespace {

// kIoArrowColour: a switch caused by I/O readiness, in the waiting-on-I/O blue
// made lighter, so that it reads on the dark background.
constexpr ImU32 kIoArrowColour = IM_COL32(86, 160, 230, 255);

// height(s) is the bar's share of the lane height: a second cue besides colour.
float height(GreenletState s) {
  switch (s) {
    case GreenletState::Running:
      return 0.9f;
    case GreenletState::Dead:
    case GreenletState::Unstarted:
      return 0.12f;
    default:
      return 0.5f;
  }
}

// Painter merges adjacent bars of one state into one rect: under Mesa's
// software renderer every triangle costs.
struct Painter {
  ImDrawList* dl;
  float mid, h;
  float xa = 0, xb = 0;
  GreenletState s = GreenletState::Unstarted;
  bool open = false;

  void add(float a, float b, GreenletState state) {
    if (open && state == s && a <= xb + 0.5f) {
      xb = std::max(xb, b);
      return;
    }
    flush();
    xa = a, xb = b, s = state, open = true;
  }
  void flush() {
    if (!open) return;
    const float half = std::max(1.0f, h * height(s) * 0.5f);
    dl->AddRectFilled(ImVec2(xa, mid - half), ImVec2(std::max(xb, xa + 1.0f), mid + half),
                      lane_state_colour(s));
    open = false;
  }
};

}  // namespace

void draw_segments(const Rows& r, ImDrawList* dl) {
  const LaneIndex& ix = r.in->index;
  const Axis& ax = *r.ax;
  const std::size_t e0 = ax.event_at(ax.from);
  for (std::size_t row = r.first; row < r.last; ++row) {
    const std::uint32_t lane = ix.lane_at_row(row);
    const std::span<const LaneSegment> segs = ix.all_segments(lane);
    if (segs.empty()) continue;
    Painter p{dl, row_y(r, row) + r.lane_h * 0.5f, r.lane_h - 4.0f};
    float cursor = r.min.x;  // columns left of it are painted
    std::size_t k = ix.seek_segment(lane, 0, e0 ? e0 - 1 : 0);
    while (k < segs.size()) {
      const LaneSegment& s = segs[k];
      const std::size_t end = k + 1 < segs.size() ? segs[k + 1].begin : ix.size();
      const float sa = ax.x(ax.of_event(s.begin));
      const float sb = std::min(ax.x(ax.end_of(end)), r.max.x);
      if (sa >= r.max.x) break;
      const float xa = std::max(sa, cursor);
      if (sb - xa >= 1.0f) {
        p.add(xa, sb, s.state);
        cursor = sb;
        ++k;
        continue;
      }
      if (sb <= cursor && sa < cursor) {  // within columns already painted
        ++k;
        continue;
      }
      // Thinner than a pixel: one column for all the segments that start in
      // it, Running if any of the next few is (so short runs stay visible).
      const float c = std::floor(xa);
      GreenletState state = s.state;
      for (std::size_t j = k; j < std::min(segs.size(), k + 8); ++j) {
        if (ax.x(ax.of_event(segs[j].begin)) >= c + 1.0f) break;
        if (segs[j].state == GreenletState::Running) state = GreenletState::Running;
      }
      p.add(std::max(c, cursor), c + 1.0f, state);
      cursor = c + 1.0f;
      // Jump to the segment that holds the state at the next column.
      const std::size_t e = ax.event_at(ax.at(cursor));
      k = std::max(k + 1, e ? ix.seek_segment(lane, k + 1, e - 1) : k + 1);
    }
    p.flush();
  }
}

namespace {

// ArrowEnds: an arrow's ends on screen, clamped to the tracks' band.
struct ArrowEnds {
  float from_y, to_y;
  bool target_visible;
};

ArrowEnds ends(const Rows& r, const LaneTransfer& t) {
  const LaneIndex& ix = r.in->index;
  const float half = r.lane_h * 0.5f;
  const float a = row_y(r, ix.row_of(t.origin)) + half;
  const float b = row_y(r, ix.row_of(t.target)) + half;
  const bool visible = b >= r.min.y && b <= r.max.y;
  return {std::clamp(a, r.min.y - 1.0f, r.max.y + 1.0f),
          std::clamp(b, r.min.y - 1.0f, r.max.y + 1.0f), visible};
}

// label(log, t, io) is what an arrow says: the value passed, then why; a wake
// by I/O (io) says what happened on the socket only (the value is the hub's).
std::string label(const trace::EventLog& log, const LaneTransfer& t, bool io) {
  if (io) return log.reason(t.event);
  const trace::Event& e = log.event(t.event);
  std::string text = e.kind == trace::Kind::Throw ? "throw " : "";
  if (const std::string_view value = log.text(e.text); !value.empty()) {
    text.append(value).append(": ");
  }
  return text + log.reason(t.event);
}

}  // namespace

bool dense_arrows(const Rows& r) {
  const LaneIndex& ix = r.in->index;
  const Axis& ax = *r.ax;
  const std::size_t e_to = std::min(ix.size(), ax.event_at(ax.to) + 1);
  return static_cast<float>(ix.transfer_count(ax.event_at(ax.from), e_to)) >
         (r.max.x - r.min.x) * 0.5f;
}

void draw_arrows(const Rows& r, ImDrawList* dl) {
  const LaneIndex& ix = r.in->index;
  const Axis& ax = *r.ax;
  const std::size_t e_from = ax.event_at(ax.from);
  const std::size_t e_to = std::min(ix.size(), ax.event_at(ax.to) + 1);
  const std::span<const LaneTransfer> span = ix.transfers(e_from, e_to);
  const float width = r.max.x - r.min.x;
  const ImU32 ink = ImGui::GetColorU32(ImGuiCol_Text);
  if (dense_arrows(r)) {
    // More switches than room: one faint line per pixel column (drawn before
    // the segments, so that it shows between the bars, never across them).
    const ImU32 faint = ImGui::GetColorU32(ImGuiCol_Text, 0.3f);
    std::size_t k = 0;
    while (k < span.size()) {
      const LaneTransfer& t = span[k];
      const float x = std::floor(ax.x(ax.of_event(t.event))) + 0.5f;
      const ArrowEnds a = ends(r, t);
      if (a.from_y != a.to_y) dl->AddLine(ImVec2(x, a.from_y), ImVec2(x, a.to_y), faint);
      const std::size_t e = ax.event_at(ax.at(x + 0.5f));
      auto next =
          std::lower_bound(span.begin() + static_cast<std::ptrdiff_t>(k) + 1, span.end(), e,
                           [](const LaneTransfer& v, std::size_t ev) { return v.event < ev; });
      k = static_cast<std::size_t>(next - span.begin());
    }
    return;
  }
  // Labels when each switch has ~40 px, drawn after every arrow so that no
  // line crosses one; a label that would overlap the one before it on its
  // row is left out.
  const bool labels = static_cast<float>(span.size()) * 40.0f <= width;
  const float head = std::min(6.0f, r.lane_h * 0.3f);
  struct Label {
    const LaneTransfer* t;
    float x, y;
    bool io;
  };
  thread_local std::vector<Label> pending;
  thread_local std::vector<float> label_end;  // by visible row
  pending.clear();
  label_end.assign(r.last - r.first, -1e9f);
  if (labels && r.in->mono) ImGui::PushFont(r.in->mono);
  for (const LaneTransfer& t : span) {
    const float x = std::floor(ax.x(ax.of_event(t.event))) + 0.5f;
    const ArrowEnds a = ends(r, t);
    if (a.from_y == a.to_y && !a.target_visible) continue;  // both ends off the same side
    // A wake by I/O readiness is drawn in the waiting-on-I/O colour, with a
    // ring where the wait ended.
    const bool io = trace::io_ready_before(r.in->log, t.event) != trace::kNoEvent;
    const ImU32 colour = io ? kIoArrowColour : ink;
    const float dir = a.to_y >= a.from_y ? 1.0f : -1.0f;
    dl->AddLine(ImVec2(x, a.from_y), ImVec2(x, a.to_y - dir * head), colour, io ? 2.0f : 1.5f);
    if (!a.target_visible) continue;
    dl->AddTriangleFilled(ImVec2(x - head * 0.6f, a.to_y - dir * head),
                          ImVec2(x + head * 0.6f, a.to_y - dir * head), ImVec2(x, a.to_y), colour);
    if (io) dl->AddCircle(ImVec2(x, a.to_y), head * 1.3f, colour, 12, 1.5f);
    if (labels) pending.push_back(Label{&t, x, a.to_y, io});
  }
  for (const Label& l : pending) {
    const std::size_t row = r.in->index.row_of(l.t->target);
    if (row < r.first || row >= r.last || l.x < label_end[row - r.first]) continue;
    const std::string text = label(r.in->log, *l.t, l.io);
    const ImVec2 size = ImGui::CalcTextSize(text.c_str());
    const ImVec2 at(l.x + head * (l.io ? 1.6f : 1.0f), l.y - size.y * 0.5f);
    const ImVec2 box0(at.x - 1, at.y), box1(at.x + size.x + 2, at.y + size.y);
    dl->AddRectFilled(box0, box1, ImGui::GetColorU32(ImGuiCol_WindowBg, 0.85f));
    if (l.io) dl->AddRect(box0, box1, kIoArrowColour);
    dl->AddText(at, ink, text.c_str());
    label_end[row - r.first] = at.x + size.x + 8.0f;
  }
  if (labels && r.in->mono) ImGui::PopFont();
}

namespace {

// io_wait_lines(in, lane, begin, end): a waiting-on-I/O segment [begin, end)
// says what it waits for, and what ended the wait (if an fd became ready).
void io_wait_lines(const LanesInput& in, std::uint32_t lane, std::size_t begin, std::size_t end) {
  const trace::EventLog& log = in.log;
  const std::uint32_t id = in.index.id(lane);
  const std::size_t w = trace::io_wait_before(log, begin, id);
  if (w == trace::kNoEvent) return;
  const trace::IoDetail d = trace::io_detail(log, log.event(w));
  ImGui::Text("waits%s %s", d.in_call().c_str(), d.wait().c_str());
  if (d.named())
    ImGui::TextDisabled("%.*s, fd %d", static_cast<int>(d.socket.size()), d.socket.data(), d.fd);
  // The segment ends at the Wake that an IoReady just before it caused.
  if (end < log.size() && end > 0 && log.event(end).kind == trace::Kind::Wake &&
      log.event(end - 1).kind == trace::Kind::IoReady && log.event(end - 1).greenlet == id) {
    ImGui::Text("until %s", trace::io_detail(log, log.event(end - 1)).ready().c_str());
  }
}

}  // namespace

void segment_tooltip(const Rows& r, std::size_t row, float x) {
  const LaneIndex& ix = r.in->index;
  const Axis& ax = *r.ax;
  const std::uint32_t lane = ix.lane_at_row(row);
  const std::size_t n = ax.position_at(ax.at(x));
  bool seen = false;
  const GreenletState s = ix.state_at(lane, n, &seen);
  if (!seen) return;
  const std::size_t k = ix.seek_segment(lane, 0, n - 1);
  const LaneSegment& seg = ix.all_segments(lane)[k];
  const std::size_t end = ix.segment_end(lane, seg);
  ImGui::BeginTooltip();
  ImGui::Text("%s: %s", lane_name(*r.in, lane).c_str(), trace::to_string(s));
  if (s == GreenletState::WaitingIo) io_wait_lines(*r.in, lane, seg.begin, end);
  ImGui::Text("positions %zu to %zu (%.3f s to %.3f s)", static_cast<std::size_t>(seg.begin) + 1,
              end, ix.event_time(seg.begin), ix.position_time(end));
  ImGui::TextDisabled("click: show position %zu", n);
  ImGui::EndTooltip();
}

}  // namespace lanes
}  // namespace coroscope::app::views
