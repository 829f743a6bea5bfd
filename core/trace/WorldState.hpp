#pragma once
// WorldState: the compact state History replays events into, and keeps a copy
// of every K events (a keyframe). Views never see it: History turns one into a
// Snapshot. The rules it applies are written down in Snapshot.hpp.
//
//   Tables tables;                       // History's: greenlets and texts, by index
//   WorldState s;                        // the empty world, before event 0
//   s.apply(log.event(i), i, tables);    // i == s.applied; tables know the event's names
//
// Everything here is flat vectors of small records, so that a keyframe of
// 10,000 greenlets and their timers is one ~0.4 MB copy (see History.hpp).

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

#include "trace/Event.hpp"
#include "trace/Snapshot.hpp"

namespace coroscope::trace {

inline constexpr std::uint32_t kNone = 0xffffffffu;
// kNoContext: in History's links, a greenlet resumed by a transfer that saved no context.
inline constexpr std::uint32_t kNoContext = 0xfffffffeu;

// Tables: what stays true of a log whatever the index: its greenlets by spawn
// order (id, parent, a stable copy of the name) and the texts that decide a
// state or that a watcher shows (park and I/O texts, I/O waits' details), by a
// dense index of their own. Grown by
// History::update() before an event naming something new is applied.
struct Tables {
  struct Text {
    std::string text;
    GreenletState parked = GreenletState::Waiting;  // what a park on it makes of the greenlet
    bool writable = false;                          // an I/O text: "writable"
  };
  std::vector<std::uint32_t> ids, parents;  // by spawn order
  std::deque<std::string> names;            // by spawn order; a deque never moves them
  std::vector<std::uint32_t> order_of_id;   // id -> spawn order, kNone if unseen (small ids)
  std::unordered_map<std::uint32_t, std::uint32_t> order_of_big_id;
  std::deque<Text> texts;                                  // by local index
  std::unordered_map<std::uint32_t, std::uint32_t> local;  // log text index -> local index

  static constexpr std::uint32_t kDenseIds = 1u << 22;
  std::uint32_t order(std::uint32_t id) const {
    if (id < order_of_id.size()) return order_of_id[id];
    auto it = order_of_big_id.find(id);
    return it == order_of_big_id.end() ? kNone : it->second;
  }
  std::uint32_t text(std::uint32_t log_text) const {
    auto it = local.find(log_text);
    return it == local.end() ? kNone : it->second;
  }
};

// GreenletSlot: one greenlet's changing state, by spawn order.
struct GreenletSlot {
  static constexpr std::uint8_t kExited = 1;    // a hub Exit named it: dead at its transfer out
  static constexpr std::uint8_t kWatching = 2;  // it has I/O watchers
  std::uint32_t changed_at = 0;
  std::uint32_t runs = 0;
  std::uint32_t park = kNone;          // local text of its latest park since it last ran
  std::uint32_t switched_out = kNone;  // ordinal of the transfer it last left by
  std::int32_t line = -1;
  GreenletState state = GreenletState::Unstarted;
  std::uint8_t flags = 0;
};

struct TimerSlot {
  std::uint32_t id;
  std::uint32_t owner;
  double deadline;  // NaN once fired or cancelled (a hole, until compact())
};

struct WatcherSlot {
  std::int32_t fd;
  std::uint32_t greenlet;
  std::uint32_t detail;  // local text of the IoWait's detail; kNone for none
  bool readable;
  double since;  // the IoWait's time
};

class WorldState {
 public:
  // apply(e, i, tables, links) applies event i (== applied). With links (only
  // History's running state passes them), a transfer appends its own entry and
  // fills the one of the transfer its target last left by with the index of
  // the context the log saved now (see History::links_).
  void apply(const Event& e, std::size_t i, const Tables& tables,
             std::vector<std::uint32_t>* links = nullptr);
  // compact() drops the holes of fired and cancelled timers.
  void compact();
  std::size_t memory_bytes() const;

  std::vector<GreenletSlot> slots;  // by spawn order: the greenlets seen so far
  std::vector<TimerSlot> timers;    // by id (ids grow), with holes
  std::vector<WatcherSlot> watchers;
  std::size_t timer_holes = 0;
  std::size_t applied = 0;  // events applied
  std::size_t prints = 0;
  std::uint32_t transfers = 0;
  std::uint32_t running = kNone;  // spawn order
  double time = 0;

 private:
  std::uint32_t see(std::uint32_t id, std::size_t i, const Tables& tables);
  void set(std::uint32_t order, GreenletState s, std::size_t i);
  void claim_running(std::uint32_t order, std::size_t i);
  void transfer(const Event& e, std::size_t i, const Tables& tables,
                std::vector<std::uint32_t>* links);
  void arm(const Event& e);
  void disarm(std::uint32_t id);
  void drop_watchers(std::uint32_t id, GreenletSlot& g);
};

}  // namespace coroscope::trace
