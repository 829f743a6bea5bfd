#pragma once
// ViewContext: everything a view may read this frame, and the one place it
// may write: Commands, which main applies to the session before the next frame.
//
//   void draw_hub_view(const ViewContext& ctx, const Rect& area);
//   ctx.shown.timers;                 // the snapshot on screen
//   ctx.commands.seek = 120;          // ask main to show the world after 120 events
//
// Views never touch the player's world or its fibers; they read the recorded
// log, snapshots and the session's source and console.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include <imgui.h>

#include "Commands.hpp"
#include "Session.hpp"
#include "Theme.hpp"
#include "runtime/Fiber.hpp"
#include "trace/Snapshot.hpp"
#include "views/LaneIndex.hpp"
#include "views/LanesView.hpp"

namespace coroscope::app::views {

// StripSource gives the Stacks view its shader-drawn strips: texture(id) is
// the GL texture of greenlet id's strip (0: none), and the view lists the
// greenlets it showed so that main renders theirs for the next frame.
// info(id) is its stack's figures now (size, guard, high water: the live
// greenlet's, at the frontier), null when it has no stack of ours.
struct StripSource {
  virtual ~StripSource() = default;
  virtual std::uintptr_t texture(std::uint32_t greenlet) const = 0;
  virtual const runtime::FiberInfo* info(std::uint32_t greenlet) const = 0;
  virtual const std::string& error() const = 0;
};

// Names: a greenlet's name for views, made unique: the second greenlet named
// "sleeper" shows as "sleeper·2" (its spawn order), the first keeps its name.
class Names {
 public:
  // update(log, run): learn the greenlets the log gained (cheap: only new
  // ones); a new run number starts over.
  void update(const trace::EventLog& log, std::uint64_t run);
  std::string operator()(const trace::EventLog& log, std::uint32_t id) const;

 private:
  std::unordered_map<std::string, std::uint32_t> first_;  // name -> the id that has it plain
  std::size_t seen_ = 0;
  std::uint64_t run_ = 0;
};

// UiState: what views remember between frames (scroll, the editor's text...).
struct UiState {
  Names names;
  LaneIndex lane_index;  // Lanes: the log indexed per greenlet, updated each frame
  LanesState lanes;
  std::uint64_t lanes_run = 0;
  bool editing = false;                     // the Source view shows an editor
  std::string edit_buffer;                  // its text
  std::vector<std::uint32_t> strips_shown;  // Stacks: greenlets drawn last frame
  bool presentation = false;                // F5
  float zoom = 1.0f;                        // presentation: one zoom for every panel
  bool show_gallery = false;
  std::string open_path;                // the Open dialog's text field
  std::string input_buffer;             // Console: the line being typed for input()
  bool animate = true;                  // false for screenshots: show the end of each animation
  std::size_t animated_for = SIZE_MAX;  // CPU view: the transfer being animated
  double animation_start = 0;
  std::size_t source_scrolled_for = SIZE_MAX;  // Source: the position it last followed
  std::uint64_t caption_run = 0;               // Caption: made for this run and position
  std::size_t caption_position = SIZE_MAX;
  std::string caption;
  std::uint64_t clients_run = 0;            // Clients: the run its lines belong to
  std::map<int, std::string> client_lines;  // Clients: the line being typed, per client id
};

struct ViewContext {
  const Session& session;
  const trace::Snapshot& shown;  // session.shown()
  const Fonts& fonts;
  const StripSource& strips;
  UiState& ui;
  Commands& commands;

  const player::Player& player() const { return session.player(); }
  const trace::EventLog& log() const { return session.player().log(); }
  std::string name(std::uint32_t id) const { return ui.names(log(), id); }
};

struct Rect {
  ImVec2 pos, size;
};

// begin_panel(title, area) opens a fixed ImGui window over area; always pair
// it with ImGui::End().
bool begin_panel(const char* title, const Rect& area);
// begin_bar(id, area): the same without a title bar (controls, caption).
bool begin_bar(const char* id, const Rect& area);

// colour_of(log, id) is greenlet id's colour (by spawn order; main first).
ImVec4 colour_of(const trace::EventLog& log, std::uint32_t id);
// coloured_name(ctx, id) draws a greenlet's name in its colour.
struct ViewContext;
void coloured_name(const ViewContext& ctx, std::uint32_t id);

}  // namespace coroscope::app::views
