#pragma once
// Snapshot: the world as a learner sees it after some prefix of an EventLog:
// every greenlet and its state, the hub's ready queue, timers and I/O watchers,
// and how much has been printed. Plain data for views; History makes them.
//
//   trace::History history(log);               // see History.hpp
//   history.update();                          // after the log has grown
//   trace::Snapshot s = history.at(n);         // 0 <= n <= history.size()
//   for (const GreenletSnapshot& g : s.greenlets) draw(g.name, to_string(g.state), g.line);
//   std::string out = history.output(s);       // what was printed so far
//
// snapshot(n) is the state after applying events [0, n). The rules:
//  - A greenlet appears with the first event that names it (as origin, target,
//    owner, or an ancestor of one): Unstarted, except main (id 0), which is
//    Running when nobody is known to run yet.
//  - Spawn: Unstarted -> Ready (it is in the ready queue until it first runs).
//  - Park (text T) and IoWait are noted on the running greenlet; they take effect
//    when it transfers out. Park, IoWait, Line and Print come from the running
//    greenlet: one not known to run becomes Running (a log attached mid-run).
//  - Transfer origin -> target: target becomes Running (runs + 1, its park text
//    and I/O watchers cleared). The origin becomes, in this order: Dead if the
//    transfer is marked kOriginDied or a hub Exit named it since it last ran;
//    WaitingIo if it has an I/O watcher; else by its latest park text since it
//    last ran: "sleep(0)" -> Ready, "sleep" -> Sleeping, any other -> Waiting
//    (join, joinall, event, queue, kill, ...); with no park: Suspended (a plain
//    greenlet switched away from, e.g. greenlet.switch()).
//  - Wake: a suspended greenlet becomes Ready (its waiting_on is cleared).
//  - Exit (hub): Dead at its next transfer out; at once if it is not running
//    (killed before it started).
//  - TimerArmed adds a timer (id, deadline, owner); TimerFired / TimerCancelled
//    remove it. IoWait adds a watcher (fd, direction, greenlet, the wait's
//    detail, its time); IoReady, or its greenlet running again, removes it. Line sets the
//    greenlet's line; Print counts one output chunk.
//  - The ready queue lists the Ready greenlets by when they became ready.
//
// A suspended greenlet's registers are those saved at its last switch-out:
// exactly what the log recorded at the next transfer into it. If it has not
// been resumed since, History::at() reads its live ones when given the greenlet.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/Fiber.hpp"
#include "trace/Event.hpp"

namespace coroscope::trace {

class EventLog;

enum class GreenletState : std::uint8_t {
  Unstarted,  // seen, never ran, not scheduled
  Running,    // holds the CPU
  Ready,      // runnable: spawned, sleep(0), or woken; in the ready queue
  Sleeping,   // parked on sleep(s > 0): a timer will wake it
  WaitingIo,  // parked with an I/O watcher
  Waiting,    // parked on anything else: join, joinall, event, queue, kill, ...
  Suspended,  // a plain greenlet switched away from, not scheduled by the hub
  Dead,       // finished: returned, raised, or killed
};

// to_string(s) is the state's word for views: "running", "waiting on I/O", ...
const char* to_string(GreenletState s);

struct GreenletSnapshot {
  std::uint32_t id = 0;
  std::uint32_t parent = kNoGreenlet;  // when first seen
  std::uint32_t order = 0;             // spawn order; also its position in Snapshot::greenlets
  std::string_view name;               // the History's copy: valid while the History lives
  GreenletState state = GreenletState::Unstarted;
  std::string_view waiting_on;  // the park text ("sleep", "joinall", ...); empty when not parked
  int line = -1;                // current source line (Line events); -1 for none
  std::size_t changed_at = 0;   // the event where its state last changed (or it appeared)
  std::uint32_t runs = 0;       // how many times it was switched into
  // Saved context, for a greenlet switched away from and not running since.
  std::optional<runtime::SavedRegisters> registers;
  std::uintptr_t saved_sp = 0;      // 0 when unknown
  std::size_t bytes_in_use = 0;     // its stack's top - saved_sp; 0 when unknown
  std::string_view registers_note;  // why registers is empty (empty when it is not)

  bool operator==(const GreenletSnapshot&) const = default;
};

struct TimerSnapshot {
  std::uint32_t id = 0;  // the hub's timer id, mod 2^31
  double deadline = 0;   // virtual seconds
  double remaining = 0;  // deadline - the snapshot's time
  std::uint32_t owner = kNoGreenlet;

  bool operator==(const TimerSnapshot&) const = default;
};

struct WatcherSnapshot {
  int fd = -1;
  bool readable = true;  // waits to read; false: to write
  std::uint32_t greenlet = kNoGreenlet;
  // detail: what the wait is, "accept: listening 127.0.0.1:8001" (the IoWait's
  // detail: trace::io_detail(w) reads it); empty for an fd that is not a named
  // socket. The History's copy: valid while the History lives.
  std::string_view detail;
  double since = 0;  // virtual seconds: when the wait began (its IoWait)

  bool operator==(const WatcherSnapshot&) const = default;
};

struct Snapshot {
  std::size_t index = 0;     // events applied: [0, index)
  double time = 0;           // virtual seconds of the last event applied (0 for none)
  std::int64_t wall_ns = 0;  // its wall time since the log started (0 for none)
  std::uint32_t running = kNoGreenlet;
  std::vector<GreenletSnapshot> greenlets;  // in spawn order
  std::vector<std::uint32_t> ready;         // ids, in the order they became ready
  std::vector<TimerSnapshot> timers;        // in the order they were armed (by id); a view
                                            // wanting the next to fire partial_sorts them
  std::vector<WatcherSnapshot> watchers;    // in the order the waits began
  std::size_t prints = 0;                   // Print events so far (texts: History::output)

  // find(id) is greenlet id's entry, or null (linear: greenlets are in spawn order).
  const GreenletSnapshot* find(std::uint32_t id) const;

  bool operator==(const Snapshot&) const = default;
};

// output_text(log, s) is what was printed up to s, read from the log (O(s.index);
// History::output does the same from an index of the prints).
std::string output_text(const EventLog& log, const Snapshot& s);

}  // namespace coroscope::trace
