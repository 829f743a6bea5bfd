#pragma once
// ViewContext: everything a view may read this frame, and the one place it
// may write: Commands, which main applies to the run before the next frame.
//
//   void draw_switches_view(const ViewContext& ctx, const Rect& area);
//   ctx.shown();                      // the snapshot on screen
//   ctx.commands.select = 3;          // ask main to show switch 3
//
// Views never touch the run or its greenlets; they read recorded snapshots.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <imgui.h>

#include "Snapshot.hpp"
#include "Theme.hpp"
#include "render/StackStripRenderer.hpp"

namespace coroscope::app::views {

struct Commands {
  bool step = false;                  // run to the next switch
  bool restart = false;               // start the program over
  std::optional<std::size_t> select;  // show this snapshot of the history
};

struct ViewContext {
  const std::vector<Snapshot>& history;  // never empty: [0] is the start
  std::size_t selected;                  // index of the snapshot on screen
  bool finished;                         // main has finished: no more steps
  const std::vector<std::string>& source;
  const Fonts& fonts;
  const render::StackStripRenderer& strips;  // strip i is greenlet i of shown()
  const std::string& strips_error;           // why strips are missing, if they are
  Commands& commands;

  const Snapshot& shown() const { return history[selected]; }
  bool following() const { return selected + 1 == history.size(); }
};

struct Rect {
  ImVec2 pos, size;
};

// begin_panel(title, area) opens a fixed ImGui window over area; always pair
// it with ImGui::End().
bool begin_panel(const char* title, const Rect& area);

// greenlet_index(snapshot, name) is the position of that greenlet in
// snapshot.greenlets (for its colour); 0 (main) if it is not there.
std::size_t greenlet_index(const Snapshot& snapshot, const std::string& name);

// coloured_name(snapshot, name) draws a greenlet's name in its colour.
void coloured_name(const Snapshot& snapshot, const std::string& name);

}  // namespace coroscope::app::views
