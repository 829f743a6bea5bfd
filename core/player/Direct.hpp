#pragma once
// run_direct: a program run to its end with nothing recorded: no trace, no
// history, no stop at each switch. What `coroscope --headless` does when no
// trace file is asked for, and what the benchmarks measure.
//
//   struct ToStdout : player::Output { ... };
//   ToStdout out;
//   if (std::exception_ptr e = player::run_direct(program, out)) ...  // main raised

#include <exception>

#include "player/Player.hpp"

namespace coroscope::player {

std::exception_ptr run_direct(const Program& program, Output& out);

}  // namespace coroscope::player
