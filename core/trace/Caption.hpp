#pragma once
// Caption: one plain sentence about the last event at a history position, for
// the app's caption line. Built from the recorded events, never per demo.
//
//   trace::Snapshot s = player.snapshot();           // or history.at(n)
//   std::string line = trace::caption(player.log(), s);
//   // "test1 switches to test2 at line 8: test1's registers are saved and
//   //  test2's restored, so test2 resumes where it left off (line 14)."
//   // "foo's timer fired after 1.0 s: the hub switches back to foo; ..."
//   // "main waits in accept() at line 25 for a client to connect on 127.0.0.1:8001: ..."
//
// What a caption reads: the event log[s.index - 1] and a few events just
// before it (the park, timer or wake that explains a transfer; at most
// kNearEvents, never past the transfer before), the snapshot's lines (the
// origin's line is its last one: a transfer does not move it) and how often
// the target has run (its first run starts a fresh stack; later ones restore
// registers). "after X s" for a timer needs the event that armed it: it is
// looked for at most kTimerEvents back, else the caption says when it fired.
// Nothing after s.index is read, so a caption never depends on how far the
// world has run. Names are the log's; the hub is "the hub". A socket wait is
// told by what its IoWait's detail says (trace/IoDetail.hpp); an fd that is
// not a named socket by its number.

#include <cstddef>
#include <string>

#include "trace/EventLog.hpp"
#include "trace/Snapshot.hpp"

namespace coroscope::trace {

// kNearEvents bounds the look back for what explains an event (Park,
// TimerArmed, IoWait, Exit, Wake, TimerFired, IoReady).
inline constexpr std::size_t kNearEvents = 32;
// kTimerEvents bounds the look back for the TimerArmed of a timer that fired:
// many_greenlets puts up to ~130,000 events between the two. The scan reads 48
// bytes per event (12 MiB, several ms, at most): compute a caption when the
// position changes, not every frame.
inline constexpr std::size_t kTimerEvents = std::size_t{1} << 18;

// caption(log, s) is one sentence about the event that led to snapshot s (s
// from a History of log: s.index events applied, the event is log[s.index - 1]);
// the start sentence ("Nothing has run yet: main is about to start.") when
// s.index == 0. Never empty. s.index <= log.size().
std::string caption(const EventLog& log, const Snapshot& s);

}  // namespace coroscope::trace
