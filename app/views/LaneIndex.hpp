#pragma once
// LaneIndex: what the Lanes view draws, indexed once so that a frame never
// walks the log: per greenlet, the segments of its state over the run; every
// transfer; a switch-density overview of the whole run.
//
//   LaneIndex index;
//   index.update(log);                                   // each frame: O(1) per new event
//   for (std::size_t row = first; row < last; ++row) {   // only the visible lanes
//     const std::uint32_t lane = index.lane_at_row(row); // spawn order
//     for (const LaneSegment& s : index.segments(lane, from, to))
//       draw(s.begin, index.segment_end(lane, s), s.state);
//   }
//   for (const LaneTransfer& t : index.transfers(from, to)) arrow(t.event, t.origin, t.target);
//
// No ImGui and no GL here: it reads core's trace only, so tests cover it headless.
// States follow trace::WorldState's rules exactly (Snapshot.hpp): the index
// replays each event into a WorldState of its own and notes every change.
// A segment [begin, end) holds its state after events begin .. end-1 are
// applied, i.e. for History positions begin+1 .. end. Lanes are named by
// spawn order (GreenletInfo::order); rows are the display order: spawn order
// with each child's lane right after its parent's subtree.
//
// Memory: 8 bytes per state change and 12 per transfer (vectors that grow by
// doubling: up to twice that), plus ~40 bytes per greenlet: 17 MiB for a
// 1,000,000-event run of 10,000 greenlets, beside the log's 85 MiB
// (BM_LaneIndexUpdate in tests/bench/app/FrameBench.cpp); ~170 ns per event.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "trace/EventLog.hpp"
#include "trace/Snapshot.hpp"
#include "trace/WorldState.hpp"

namespace coroscope::app::views {

// LaneSegment: a greenlet's state from event `begin` until its lane's next segment.
struct LaneSegment {
  std::uint32_t begin;
  trace::GreenletState state;
};
static_assert(sizeof(LaneSegment) == 8, "a segment stays small: millions of them");

// LaneTransfer: a switch or throw: event index, origin and target lanes.
struct LaneTransfer {
  std::uint32_t event;
  std::uint32_t origin, target;  // spawn orders
};

class LaneIndex {
 public:
  static constexpr std::size_t kBuckets = 512;  // overview resolution

  // update(log) consumes the events log gained since the last call. A log
  // that shrank (cleared for a restart), or another log, is indexed from scratch. Queries read
  // log as it was then; it must outlive them.
  void update(const trace::EventLog& log);
  // reset() forgets everything consumed.
  void reset();

  // size() is how many events are indexed: positions run over [0, size()].
  std::size_t size() const { return state_.applied; }
  std::size_t lanes() const { return lanes_.size(); }

  // Rows: display order. lane_at_row(r) is a spawn order; row_of(lane) its row;
  // depth(lane) how deep it sits in the parent tree (main: 0).
  std::uint32_t lane_at_row(std::size_t row) const { return rows_[row]; }
  std::uint32_t row_of(std::uint32_t lane) const { return row_of_[lane]; }
  std::uint32_t depth(std::uint32_t lane) const { return depth_[lane]; }
  std::uint32_t id(std::uint32_t lane) const { return tables_.ids[lane]; }
  const std::string& name(std::uint32_t lane) const { return tables_.names[lane]; }

  // segments(lane, from, to) are lane's segments that intersect events [from, to).
  std::span<const LaneSegment> segments(std::uint32_t lane, std::size_t from, std::size_t to) const;
  std::span<const LaneSegment> all_segments(std::uint32_t lane) const { return lanes_[lane]; }
  // segment_end(lane, s) is where s ends: its successor's begin, or size().
  std::size_t segment_end(std::uint32_t lane, const LaneSegment& s) const;
  // state_at(lane, position) is lane's state in History::at(position); Unstarted
  // with found = false when the greenlet had not appeared by then.
  trace::GreenletState state_at(std::uint32_t lane, std::size_t position,
                                bool* found = nullptr) const;
  // seek_segment(lane, k, event) is the index of the segment of lane holding
  // event, searching forward from index k (galloping: O(log distance)); 0 when
  // event comes before the lane's first segment.
  std::size_t seek_segment(std::uint32_t lane, std::size_t k, std::size_t event) const;

  // transfers(from, to) are the transfers among events [from, to).
  std::span<const LaneTransfer> transfers(std::size_t from, std::size_t to) const;
  std::span<const LaneTransfer> all_transfers() const { return transfers_; }
  // transfer_count(from, to) counts them (two binary searches).
  std::size_t transfer_count(std::size_t from, std::size_t to) const;

  // Overview: buckets()[b] counts the transfers among events
  // [b * bucket_events(), (b + 1) * bucket_events()); the width doubles (pairs
  // merge) whenever the run outgrows kBuckets buckets, so used_buckets() stays
  // between kBuckets / 2 and kBuckets once the run is longer than kBuckets.
  const std::array<std::uint32_t, kBuckets>& buckets() const { return buckets_; }
  std::size_t bucket_events() const { return bucket_events_; }
  // used_buckets(): the buckets holding events (at most kBuckets: they merge
  // at transfers, so events since the last one may lie past the last bucket).
  std::size_t used_buckets() const {
    return std::min<std::size_t>(kBuckets, (size() + bucket_events_ - 1) / bucket_events_);
  }
  std::uint32_t max_bucket() const { return max_bucket_; }

  // The time axis. event_time(i) is event i's virtual time; position_time(n)
  // the time at History position n (its last event's; 0 for none);
  // end_time() the last one. first_event_at(t) is the first event whose time
  // is >= t (size() if none): binary search, times never decrease.
  double event_time(std::size_t i) const { return log_->event(i).time; }
  double position_time(std::size_t n) const { return n ? event_time(n - 1) : 0.0; }
  double end_time() const { return position_time(size()); }
  std::size_t first_event_at(double t) const;

  const trace::EventLog* log() const { return log_; }
  std::size_t memory_bytes() const;

 private:
  void sync_greenlets();
  void register_text(const trace::Event& e);
  void note(std::uint32_t lane, std::size_t i);
  void count_transfer(std::size_t i);
  void compute_rows();

  const trace::EventLog* log_ = nullptr;
  trace::Tables tables_;
  trace::WorldState state_;
  std::vector<std::vector<LaneSegment>> lanes_;  // by spawn order
  std::vector<LaneTransfer> transfers_;
  std::vector<std::uint32_t> rows_, row_of_, depth_;
  std::array<std::uint32_t, kBuckets> buckets_{};
  std::size_t bucket_events_ = 1;
  std::uint32_t max_bucket_ = 0;
};

}  // namespace coroscope::app::views
