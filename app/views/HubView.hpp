#pragma once
// HubView: gevent's hub at the position on screen: the ready queue in order,
// the I/O watchers (each socket, what it waits for, who waits and for how
// long), and the timer heap as countdown bars (deadline, time left, whom it wakes).

#include <cstdint>
#include <string>

#include "trace/Snapshot.hpp"
#include "views/ViewContext.hpp"

namespace coroscope::app::views {

void draw_hub_view(const ViewContext& ctx, const Rect& area);

// WatcherRow: one I/O watcher as the Hub view lists it.
struct WatcherRow {
  std::string socket;     // "listening 127.0.0.1:8001"; "fd 8" when not a named socket
  std::string waits_for;  // "a client to connect", "data", "room to send", ...
  std::string call;       // "accept()", "recv()", ...; empty when not named
  std::uint32_t greenlet = trace::kNoGreenlet;
  double waiting = 0;  // seconds since the wait began, at now
};
// watcher_row(w, now): w as a row; now is the virtual time on screen.
WatcherRow watcher_row(const trace::WatcherSnapshot& w, double now);

}  // namespace coroscope::app::views
