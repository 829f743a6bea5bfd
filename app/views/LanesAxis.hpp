#pragma once
// LanesAxis: LanesView's private parts, shared by its two files: the mapping
// between the axis (event positions or virtual seconds) and screen x, and the
// row painter (LanesRows.cpp).
//
//   Axis ax{&index, LaneAxis::Events, from, to, x0, x1};
//   float x = ax.x(ax.of_event(i));           // where event i's effect starts
//   std::size_t n = ax.position_at(ax.at(mouse.x));  // what a click there shows
//
// Event i's effect starts at position i + 1 (History::at(i + 1) is the first
// snapshot that shows it); on the time axis, at event i's virtual time. On the
// events axis position n is the cell [n, n + 1): the world after n events.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

#include <imgui.h>

#include "views/LaneIndex.hpp"
#include "views/LanesView.hpp"

namespace coroscope::app::views::lanes {

struct Axis {
  const LaneIndex* ix;
  LaneAxis kind;
  double from, to;  // visible range, to > from
  float x0, x1;     // screen x of from and to

  float x(double v) const { return x0 + static_cast<float>((v - from) / (to - from)) * (x1 - x0); }
  double at(float px) const { return from + (px - x0) / (x1 - x0) * (to - from); }
  double per_pixel() const { return (to - from) / std::max(1.0f, x1 - x0); }

  double of_position(std::size_t n) const {
    return kind == LaneAxis::Events ? static_cast<double>(n) : ix->position_time(n);
  }
  double of_event(std::size_t i) const {
    return kind == LaneAxis::Events ? static_cast<double>(i + 1) : ix->event_time(i);
  }
  // end_of(end) is where a segment ending at event `end` stops; the last
  // one (end == size()) fills the last position's cell on the events axis.
  double end_of(std::size_t end) const {
    if (end < ix->size()) return of_event(end);
    return kind == LaneAxis::Events ? static_cast<double>(end + 1) : of_position(end);
  }
  // event_at(v) is the first event whose effect starts at or after v (size() if none).
  std::size_t event_at(double v) const {
    if (kind == LaneAxis::Time) return ix->first_event_at(v);
    if (v <= 1) return 0;
    return std::min(ix->size(), static_cast<std::size_t>(std::ceil(std::min(v - 1, 1e15))));
  }
  // position_at(v) is the position a click at v seeks to.
  std::size_t position_at(double v) const {
    if (v <= 0) return 0;
    if (kind == LaneAxis::Events) {
      return std::min(ix->size(), static_cast<std::size_t>(std::min(v, 1e15)));  // its cell
    }
    return ix->first_event_at(std::nextafter(v, std::numeric_limits<double>::infinity()));
  }
};

// extent(ix, kind) is the whole run on the axis: [0, hi].
inline double extent(const LaneIndex& ix, LaneAxis kind) {
  if (kind == LaneAxis::Events) return static_cast<double>(ix.size() + 1);  // a cell each
  return ix.end_time() > 0 ? ix.end_time() : 1.0;
}

// Rows: what the row painter needs for one frame.
struct Rows {
  const LanesInput* in;
  const Axis* ax;
  ImVec2 min, max;  // the tracks' rectangle (names excluded)
  float lane_h;
  float scroll_y;
  std::size_t first, last;  // visible rows [first, last)
};

// row_y(rows, row) is the top of a row on screen.
inline float row_y(const Rows& r, std::size_t row) {
  return r.min.y + static_cast<float>(row) * r.lane_h - r.scroll_y;
}

// draw_segments(r) paints each visible lane's states; draw_arrows(r) the
// switches between lanes (labelled when there is room), one per pixel column
// when dense_arrows(r): more switches in view than half the pixel columns.
void draw_segments(const Rows& r, ImDrawList* dl);
bool dense_arrows(const Rows& r);
void draw_arrows(const Rows& r, ImDrawList* dl);
// segment_tooltip(r, row, x) explains the state under the mouse (waiting on
// I/O: for what, on which socket, and what ended the wait).
void segment_tooltip(const Rows& r, std::size_t row, float x);

}  // namespace coroscope::app::views::lanes
