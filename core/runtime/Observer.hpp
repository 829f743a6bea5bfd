#pragma once
// Observer: the hook the trace layer plugs into, shaped like greenlet.settrace.
//
//   struct Log : Observer {
//     void on_transfer(Transfer t, Greenlet& origin, Greenlet& target) override { ... }
//   };
//   Log log; Observer* previous = settrace(&log);   // per world, returns the previous one
//
// on_transfer() is called for every transfer of control, in order, just before
// the target runs: Transfer::Switch for a switch or a value delivered to a parent,
// Transfer::Throw for throw_into() and for an exception travelling to a parent.
// It is called on the origin's fiber and must not switch. Without an observer a
// transfer costs one predictable branch.

#include <cstdint>
#include <string_view>

namespace coroscope::runtime {

class Greenlet;

enum class Transfer { Switch, Throw };

// Scheduling events a hub reports besides transfers (gevent's scheduler, see
// core/hub): who was spawned, parked on what, woken why, timers, I/O, exits.
enum class Sched {
  Spawn,           // greenlet scheduled to start
  Park,            // greenlet blocks; `what` says on what (timer, join, event, ...)
  Wake,            // greenlet made runnable; `what` says why
  TimerArmed,      // time = deadline; id = the timer's
  TimerCancelled,  // time = deadline; id = the timer's
  TimerFired,      // time = deadline; id = the timer's
  IoWait,          // fd watched for the greenlet
  IoReady,         // fd ready
  Exit,            // greenlet finished; `what` is "returned", "raised ..." or "killed"
};

const char* to_string(Sched s);

struct SchedEvent {
  Sched kind;
  Greenlet* greenlet = nullptr;  // whom it concerns (may be null for timers without owner)
  const char* what = "";         // static text: on what / why
  double time = 0;               // the hub clock's now, or a timer's deadline
  int fd = -1;                   // IoWait, IoReady
  std::uint64_t id = 0;          // timers: which one (ids are unique in a hub)
  // detail: IoWait only: what the wait is ("accept: listening 127.0.0.1:8001",
  // see hub/IoName.hpp), valid during the call: an observer copies it. The hub
  // builds it only when an observer is set.
  std::string_view detail = {};
};

inline const char* to_string(Transfer t) {
  return t == Transfer::Switch ? "switch" : "throw";
}

class Observer {
 public:
  virtual ~Observer() = default;
  virtual void on_transfer(Transfer kind, Greenlet& origin, Greenlet& target) = 0;
  // on_sched() receives the hub's scheduling events, in order with the transfers.
  virtual void on_sched(const SchedEvent&) {}
};

}  // namespace coroscope::runtime
