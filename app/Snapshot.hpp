#pragma once
// Snapshot: the world as recorded at one stop of a run, for the views to read.
//
//   const Snapshot& s = run.history()[i];   // i = 0 is "before start"
//   s.origin + " -> " + s.target;           // the transfer that caused the stop
//   for (const GreenletSnapshot& g : s.greenlets) ...   // main first, then creation order
//
// Snapshots are plain copies: names, states and stack figures read from the real
// greenlets while the world was frozen. They never point into the world, so a
// view can show any of them after the run has moved on or restarted.

#include <cstddef>
#include <string>
#include <vector>

#include "runtime/Fiber.hpp"
#include "runtime/Observer.hpp"

namespace coroscope::app {

enum class GreenletState { New, Running, Suspended, Dead };

// to_string(state) is the word greenlet's docs use: "new", "running", "suspended", "dead".
const char* to_string(GreenletState state);

struct GreenletSnapshot {
  std::string name;
  std::string parent;  // empty for main
  GreenletState state = GreenletState::New;
  int line = 0;            // the program line it last reached; 0: none yet
  bool inspected = false;  // info holds inspect() figures (started and not dead)
  runtime::FiberInfo info;
};

enum class StopKind {
  Start,     // before main first runs
  Transfer,  // origin handed control to target; target has not run yet
  Finished,  // main returned (or raised: see error)
};

struct Snapshot {
  std::size_t index = 0;  // position in the history; switch n is index n
  StopKind stop = StopKind::Start;
  runtime::Transfer kind = runtime::Transfer::Switch;
  std::string origin, target;
  bool origin_died = false;  // the transfer is origin finishing into its parent
  std::string output;        // everything the program printed so far
  std::string error;         // Finished: what main raised, if it did
  std::vector<GreenletSnapshot> greenlets;
};

}  // namespace coroscope::app
