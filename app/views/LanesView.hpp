#pragma once
// LanesView: one lane per greenlet over the whole run, its state as coloured
// segments, an arrow for every switch, a line at the position on screen, and
// an overview band of the whole run. Draws into the current ImGui window.
//
//   static LaneIndex index;  static LanesState lanes;   // kept across frames
//   index.update(player.log());                          // cheap: new events only
//   LanesInput in{player.log(), index, player.position(), fonts.mono, &greenlet_colour};
//   if (auto n = draw_lanes(in, lanes)) player.seek(*n);  // the user clicked a point
//
// Virtualized: a frame draws the visible rows only, and per row the segments
// in view, merging those thinner than a pixel (one rect per pixel column at
// most); arrows are one per pixel column when there are more than pixels. A
// frame costs O(visible rows x columns x log events), never O(log) or O(greenlets).
// Mouse: wheel (or Ctrl+wheel) zooms at the cursor, Shift+wheel or wheel over
// the names scrolls the lanes, drag pans, a click seeks; click or drag the
// overview band to move the visible window.

#include <cstddef>
#include <optional>

#include <imgui.h>

#include "trace/EventLog.hpp"
#include "trace/Snapshot.hpp"
#include "views/LaneIndex.hpp"

namespace coroscope::app::views {

enum class LaneAxis { Events, Time };

// LanesState: the view's own state, kept by the caller across frames.
struct LanesState {
  LaneAxis axis = LaneAxis::Events;
  double from = 0, to = 0;  // visible range on the axis; 0, 0 = fit the whole run
  float scroll_y = 0;       // pixels scrolled down the rows
  bool follow = true;       // pan to keep the position in view
};

struct LanesInput {
  const trace::EventLog& log;
  const LaneIndex& index;                       // updated with log this frame
  std::size_t position;                         // the history position on screen (events applied)
  ImFont* mono;                                 // may be null: the current font
  ImU32 (*greenlet_colour)(std::size_t order);  // the app's colour per greenlet (spawn order)
};

// draw_lanes(in, state) draws the legend, overview band, ruler and lanes in
// the remaining content region. Returns the position to seek to when the
// user clicked a point (else nullopt).
std::optional<std::size_t> draw_lanes(const LanesInput& in, LanesState& state);

// lane_state_colour(s) is the segment colour of state s (Okabe-Ito: safe for
// colour-blind viewers; states also differ by bar height).
ImU32 lane_state_colour(trace::GreenletState s);

}  // namespace coroscope::app::views
