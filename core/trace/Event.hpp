#pragma once
// Event: one recorded happening, a small fixed-size POD kept by EventLog.
//
//   const EventLog& log = ...;
//   for (std::size_t i = 0; i < log.size(); ++i) {
//     EventView e = log[i];                 // e.kind, e.time, e.greenlet, e.target, e.text,
//     e.detail std::cout << log.describe(i) << "\n";  // "switch main -> hub", "park foo on sleep"
//   }
//
// An Event lives inside an EventLog block and never moves. Greenlets appear as
// their runtime id (runtime::Greenlet::id(), 0 for main); texts as an index into
// the log's text table. Its sequence number is its position in the log.

#include <cstdint>
#include <limits>
#include <string>

namespace coroscope::trace {

// Kind: greenlet.settrace's words for transfers, then the hub's scheduling
// events, then what the script layer reports.
enum class Kind : std::uint8_t {
  Switch,          // greenlet -> target
  Throw,           // greenlet -> target, carrying an exception
  Spawn,           // greenlet scheduled to start; text: "spawn" or "spawn_later"
  Park,            // greenlet blocks; text: on what
  Wake,            // greenlet made runnable; text: why
  TimerArmed,      // deadline; number: the timer's id; greenlet: its owner (may be none)
  TimerCancelled,  // deadline; number: the timer's id
  TimerFired,      // deadline; number: the timer's id
  IoWait,          // number: fd; text: "readable" / "writable"; detail: what the wait is
  IoReady,         // number: fd; text and detail as the IoWait it ends
  Exit,            // text: "returned", "raised", "killed", ...
  Line,            // number: the greenlet's new current source line
  Print,           // text: what the greenlet printed
};

inline constexpr std::uint32_t kNoGreenlet = std::numeric_limits<std::uint32_t>::max();
inline constexpr std::uint32_t kNoText = 0;

// to_string(k) is the kind's word as describe() writes it ("switch", "timer fired").
const char* to_string(Kind k);

struct Event {
  double time;             // virtual seconds: the hub clock's now (0 without a hub)
  double deadline;         // timer events: the deadline; otherwise NaN
  std::int64_t ticks;      // wall clock, raw; EventLog::wall_ns() converts it
  std::uint32_t greenlet;  // transfers: the origin; otherwise whom it concerns
  std::uint32_t target;    // transfers: who runs next; otherwise kNoGreenlet
  std::uint32_t text;      // index into the log's text table; kNoText for none
  std::int32_t number;     // IoWait / IoReady: fd; Line: line; timers: id mod 2^31;
                           // transfers: the target's saved context (EventLog::saved_context)
                           // or -1 when it had none; else -1
  std::uint32_t detail;    // IoWait / IoReady: the wait's detail text, e.g. "accept: listening
                           // 127.0.0.1:8001" (trace/IoDetail.hpp); kNoText otherwise
  Kind kind;
  std::uint8_t flags;  // kOriginDied (transfers), kFinal (Exit); 0 otherwise
};
static_assert(sizeof(Event) <= 48, "an event stays small: a million fit in 48 MiB");

// kOriginDied marks a transfer that a greenlet made because it finished (its
// run returned or raised, or it was thrown into before it started): its last.
// A plain greenlet's death has no event of its own; this flag is it.
inline constexpr std::uint8_t kOriginDied = 1;
// kFinal marks an Exit after which the greenlet transfers nowhere: a hosted
// main that returned or raised to its host. It is dead at once.
inline constexpr std::uint8_t kFinal = 2;
// kStderr marks a Print written to stderr (sys.stderr, gevent's report of a
// greenlet that failed): the console shows it; what the program printed on
// stdout (Player::output) leaves it out.
inline constexpr std::uint8_t kStderr = 4;

inline bool is_transfer(Kind k) {
  return k == Kind::Switch || k == Kind::Throw;
}

// GreenletInfo is what the log keeps once per greenlet, the first time it sees it.
struct GreenletInfo {
  std::uint32_t id;      // runtime::Greenlet::id()
  std::uint32_t parent;  // parent's id when first seen; kNoGreenlet for main
  std::uint32_t order;   // spawn order: 0 for the first greenlet seen (parents come first)
  std::string name;      // name when first seen
};

}  // namespace coroscope::trace
