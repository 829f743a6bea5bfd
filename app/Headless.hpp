#pragma once
// Headless: runs a demo without a window, through the same Player the app
// uses: its output on stdout as it is printed, exactly, and with --trace-out
// the whole run as Chrome trace-event JSON.
//
//   return run_headless(options);   // 0, 1 if the demo raised, 2 for an unwritable trace file

#include "Cli.hpp"

namespace coroscope::app {

int run_headless(const Options& options);

}  // namespace coroscope::app
