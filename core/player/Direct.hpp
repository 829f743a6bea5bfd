#pragma once
// run_direct: a program run to its end with nothing recorded: no trace, no
// history, no stop at each switch. What `coroscope --headless` does when no
// trace file is asked for, and what the benchmarks measure.
//
//   struct ToStdout : player::Output { ... };
//   ToStdout out;
//   if (std::exception_ptr e = player::run_direct(program, out)) ...  // main raised
//   run_direct(program, out, {.stop = [] { return asked_to_stop; },
//                             .at_end = [](runtime::World& w) { /* count its greenlets */ }});

#include <cstdint>
#include <exception>
#include <functional>

#include "player/Player.hpp"

namespace coroscope::player {

// DirectWatch: what a caller may add to a direct run; each part is optional.
struct DirectWatch {
  // stop() is asked between slices of the run: whenever the world waits for
  // I/O (every few ms while it idles) and every kStopSliceOps operations
  // otherwise. true ends the run there, as destroying its Host does:
  // GreenletExit into every greenlet left.
  std::function<bool()> stop;
  // at_end(world) sees the world once the run ends (main finished, or stop()),
  // before what is left of it is ended; it must not switch.
  std::function<void(runtime::World&)> at_end;
  // observer is set on the world before main starts (e.g. one that counts switches).
  runtime::Observer* observer = nullptr;
};

inline constexpr std::int64_t kStopSliceOps = 1'000'000;

std::exception_ptr run_direct(const Program& program, Output& out, const DirectWatch& watch = {});

}  // namespace coroscope::player
