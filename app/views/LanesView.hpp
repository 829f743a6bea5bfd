#pragma once
// LanesView: one lane per greenlet over the whole run, its state as coloured
// segments, an arrow for every switch (one the hub makes because a socket
// became ready in blue, ringed where the wait ended, labelled with what
// happened), a line at the position on screen, and an overview band of the
// whole run. Draws into the current ImGui window.
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
#include <functional>
#include <optional>
#include <string>

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
  // name(id): the greenlet's name as the app shows it (unique); empty: the log's.
  std::function<std::string(std::uint32_t id)> name = {};
};

// lane_name(in, lane): the name a lane shows.
std::string lane_name(const LanesInput& in, std::uint32_t lane);

// draw_lanes(in, state) draws the legend, overview band, ruler and lanes in
// the remaining content region. Returns the position to seek to when the
// user clicked a point (else nullopt).
std::optional<std::size_t> draw_lanes(const LanesInput& in, LanesState& state);

// lane_state_colour(s) is the segment colour of state s (Okabe-Ito: safe for
// colour-blind viewers; states also differ by bar height).
ImU32 lane_state_colour(trace::GreenletState s);

struct ViewContext;
struct Rect;
// draw_lanes_view(ctx, area): the app's Lanes panel: the index kept up to
// date with the session's log, a click seeks the player there.
void draw_lanes_view(const ViewContext& ctx, const Rect& area);

}  // namespace coroscope::app::views
