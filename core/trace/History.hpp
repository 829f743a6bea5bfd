#pragma once
// History: a Snapshot for every index of one EventLog, kept cheaply: the world's
// compact state after every K-th event (a keyframe), the log itself, and a link
// per transfer to the registers that the log saved when its origin came back.
//
//   trace::History history(log);          // the log must outlive it
//   history.update();                     // consume what the log gained: O(1) per event
//   Snapshot s = history.at(n);           // 0 <= n <= history.size(); <= K events replayed
//   Snapshot t = history.at(n, [&](std::uint32_t id) { return live_greenlet_or_null(id); });
//   std::string out = history.output(s);  // printed so far
//
// Memory: a keyframe is 24 bytes per greenlet seen plus 16 per live timer and
// 24 per I/O watcher; 4 bytes per transfer and per print besides. With K = 8192,
// 10,000 greenlets and 1,000,000 events take ~50 MiB (BM_SnapshotAt). at(n)
// copies one keyframe, replays at most K - 1 events and builds the Snapshot.
// History is used on the log's thread only (at() reuses scratch memory).

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "runtime/Greenlet.hpp"
#include "trace/EventLog.hpp"
#include "trace/Snapshot.hpp"
#include "trace/WorldState.hpp"

namespace coroscope::trace {

class History {
 public:
  // LiveGreenlet(id) is the running world's greenlet id, or null if gone.
  using LiveGreenlet = std::function<const runtime::Greenlet*(std::uint32_t id)>;
  static constexpr std::size_t kDefaultKeyframeEvery = 8192;

  explicit History(const EventLog& log, std::size_t keyframe_every = kDefaultKeyframeEvery);

  // update() applies the events the log gained since the last call. After
  // log.clear() (seen as fewer events or greenlets than consumed) it starts over.
  void update();
  // reset() forgets everything consumed.
  void reset();
  // size() is how many events are consumed: at(n) takes n in [0, size()].
  std::size_t size() const { return state_.applied; }

  // at(n) is the world after events [0, n). A suspended greenlet's registers
  // come from the log (the next transfer into it); if it has not been resumed
  // since n, from live(id) when given and still suspended (call update() first,
  // so that "not resumed since" is true of the log as it is now).
  Snapshot at(std::size_t n, const LiveGreenlet& live = {}) const;
  // at(n, out, live) is at(n) written into out, reusing its memory: what a view
  // that redraws every frame should call (a fresh 10,000-greenlet Snapshot is
  // ~2 MB of new pages each time).
  void at(std::size_t n, Snapshot& out, const LiveGreenlet& live = {}) const;
  // output(s) is what was printed up to s (s from this History).
  std::string output(const Snapshot& s) const;

  std::size_t keyframe_every() const { return every_; }
  std::size_t keyframes() const { return keyframes_.size(); }
  // memory_bytes() is what History holds besides the log: keyframes, tables, links.
  std::size_t memory_bytes() const;
  const EventLog& log() const { return log_; }

 private:
  void sync_greenlets();
  void register_text(const Event& e);
  void register_text(std::uint32_t log_text);
  void make(const WorldState& s, Snapshot& out, const LiveGreenlet& live) const;
  void fill_registers(GreenletSnapshot& g, const GreenletSlot& slot,
                      const LiveGreenlet& live) const;

  const EventLog& log_;
  std::size_t every_;
  Tables tables_;
  WorldState state_;                   // after every event consumed
  std::vector<WorldState> keyframes_;  // [k]: after k * every_ events
  // links_[t]: for transfer ordinal t, the saved context (EventLog::context) the
  // log recorded when t's origin was next resumed; kNone while it has not been,
  // kNoContext when that transfer saved none.
  std::vector<std::uint32_t> links_;
  std::vector<std::uint32_t> prints_;  // the event index of each Print
  mutable WorldState scratch_;         // at()'s replay, kept for its memory
  mutable std::vector<std::pair<std::uint32_t, std::uint32_t>> ready_scratch_;
};

}  // namespace coroscope::trace
