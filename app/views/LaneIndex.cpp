#include "views/LaneIndex.hpp"

#include <algorithm>
#include <cassert>

namespace coroscope::app::views {

namespace {

using trace::GreenletState;
using trace::kNone;

// parked_state(text) is what parking on text makes of a greenlet: the same
// rule as History's (Snapshot.hpp), which keeps its own copy private.
GreenletState parked_state(std::string_view text) {
  if (text == "sleep(0)") return GreenletState::Ready;
  if (text == "sleep") return GreenletState::Sleeping;
  return GreenletState::Waiting;
}

}  // namespace

void LaneIndex::reset() {
  tables_ = trace::Tables{};
  state_ = trace::WorldState{};
  lanes_.clear();
  transfers_.clear();
  rows_.clear();
  row_of_.clear();
  depth_.clear();
  buckets_.fill(0);
  bucket_events_ = 1;
  max_bucket_ = 0;
}

// sync_greenlets() copies the greenlets the log has seen into the tables, as
// History::sync_greenlets does, so that WorldState::apply can name them.
void LaneIndex::sync_greenlets() {
  const std::vector<trace::GreenletInfo>& seen = log_->greenlets();
  for (std::size_t k = tables_.ids.size(); k < seen.size(); ++k) {
    const trace::GreenletInfo& g = seen[k];
    tables_.ids.push_back(g.id);
    tables_.parents.push_back(g.parent);
    tables_.names.push_back(g.name);
    if (g.id < trace::Tables::kDenseIds) {
      if (g.id >= tables_.order_of_id.size()) tables_.order_of_id.resize(g.id + 1, kNone);
      tables_.order_of_id[g.id] = static_cast<std::uint32_t>(k);
    } else {
      tables_.order_of_big_id[g.id] = static_cast<std::uint32_t>(k);
    }
  }
}

void LaneIndex::register_text(const trace::Event& e) {
  using trace::Kind;
  if (e.kind != Kind::Park && e.kind != Kind::IoWait && e.kind != Kind::IoReady) return;
  auto [it, added] = tables_.local.try_emplace(e.text, kNone);
  if (!added) return;
  const std::string_view text = log_->text(e.text);
  it->second = static_cast<std::uint32_t>(tables_.texts.size());
  tables_.texts.push_back(
      trace::Tables::Text{std::string(text), parked_state(text), text == "writable"});
}

// note(lane, i) starts a segment at event i if lane's state differs from its last one.
void LaneIndex::note(std::uint32_t lane, std::size_t i) {
  if (lane == kNone || lane >= state_.slots.size()) return;
  std::vector<LaneSegment>& segs = lanes_[lane];
  const GreenletState s = state_.slots[lane].state;
  if (segs.empty() || segs.back().state != s) {
    segs.push_back(LaneSegment{static_cast<std::uint32_t>(i), s});
  }
}

// count_transfer(i) adds transfer i to the overview; when i falls past the
// last bucket, neighbouring buckets merge pairwise (amortized O(1) per event).
void LaneIndex::count_transfer(std::size_t i) {
  while (i >= kBuckets * bucket_events_) {
    max_bucket_ = 0;
    for (std::size_t b = 0; b < kBuckets / 2; ++b) {
      buckets_[b] = buckets_[2 * b] + buckets_[2 * b + 1];
      max_bucket_ = std::max(max_bucket_, buckets_[b]);
    }
    std::fill(buckets_.begin() + kBuckets / 2, buckets_.end(), 0u);
    bucket_events_ *= 2;
  }
  std::uint32_t& b = buckets_[i / bucket_events_];
  max_bucket_ = std::max(max_bucket_, ++b);
}

void LaneIndex::update(const trace::EventLog& log) {
  const std::size_t n = log.size();
  if (&log != log_ || n < state_.applied || log.greenlets().size() < tables_.ids.size()) reset();
  log_ = &log;
  if (n == state_.applied) return;
  const std::size_t lanes_before = lanes_.size();
  sync_greenlets();
  for (std::size_t i = state_.applied; i < n; ++i) {
    const trace::Event& e = log.event(i);
    register_text(e);
    const std::uint32_t was_running = state_.running;
    const std::size_t seen_before = state_.slots.size();
    state_.apply(e, i, tables_);
    if (state_.slots.size() > lanes_.size()) lanes_.resize(state_.slots.size());
    // Only these can change in one event (WorldState::apply): the greenlet it
    // names, its target, whoever ran before, and greenlets seen for the first time.
    for (std::size_t k = seen_before; k < state_.slots.size(); ++k) {
      note(static_cast<std::uint32_t>(k), i);
    }
    note(was_running, i);
    if (e.greenlet != trace::kNoGreenlet) note(tables_.order(e.greenlet), i);
    if (trace::is_transfer(e.kind)) {
      const std::uint32_t from = tables_.order(e.greenlet), to = tables_.order(e.target);
      note(to, i);
      transfers_.push_back(LaneTransfer{static_cast<std::uint32_t>(i), from, to});
      count_transfer(i);
    }
  }
  if (lanes_.size() != lanes_before) compute_rows();
}

// compute_rows() lays lanes out depth-first: each greenlet right after its
// parent's subtree, siblings in spawn order. O(greenlets), run only when new
// ones appear, so at most once per update().
void LaneIndex::compute_rows() {
  const std::size_t n = lanes_.size();
  std::vector<std::uint32_t> parent(n, kNone), first_child(n, kNone), next_sibling(n, kNone);
  std::vector<std::uint32_t> last_child(n, kNone);
  std::vector<std::uint32_t> roots;
  for (std::uint32_t k = 0; k < n; ++k) {
    const std::uint32_t p =
        tables_.parents[k] == trace::kNoGreenlet ? kNone : tables_.order(tables_.parents[k]);
    if (p == kNone || p >= k) {  // parents come first in spawn order; else treat as a root
      roots.push_back(k);
      continue;
    }
    parent[k] = p;
    if (first_child[p] == kNone) {
      first_child[p] = k;
    } else {
      next_sibling[last_child[p]] = k;
    }
    last_child[p] = k;
  }
  rows_.clear();
  rows_.reserve(n);
  row_of_.assign(n, 0);
  depth_.assign(n, 0);
  std::vector<std::uint32_t> stack;
  for (auto it = roots.rbegin(); it != roots.rend(); ++it) stack.push_back(*it);
  while (!stack.empty()) {
    const std::uint32_t k = stack.back();
    stack.pop_back();
    row_of_[k] = static_cast<std::uint32_t>(rows_.size());
    rows_.push_back(k);
    if (parent[k] != kNone) depth_[k] = depth_[parent[k]] + 1;
    // Push children in reverse so that the first-spawned is visited first.
    const std::size_t mark = stack.size();
    for (std::uint32_t c = first_child[k]; c != kNone; c = next_sibling[c]) stack.push_back(c);
    std::reverse(stack.begin() + static_cast<std::ptrdiff_t>(mark), stack.end());
  }
  assert(rows_.size() == n);
}

std::span<const LaneSegment> LaneIndex::segments(std::uint32_t lane, std::size_t from,
                                                 std::size_t to) const {
  const std::vector<LaneSegment>& segs = lanes_[lane];
  if (from >= to) return {};
  auto first = std::upper_bound(segs.begin(), segs.end(), from,
                                [](std::size_t v, const LaneSegment& s) { return v < s.begin; });
  if (first != segs.begin()) --first;  // the one holding `from`
  auto last = std::lower_bound(first, segs.end(), to,
                               [](const LaneSegment& s, std::size_t v) { return s.begin < v; });
  return {first, last};
}

std::size_t LaneIndex::segment_end(std::uint32_t lane, const LaneSegment& s) const {
  const std::vector<LaneSegment>& segs = lanes_[lane];
  const std::size_t k = static_cast<std::size_t>(&s - segs.data());
  return k + 1 < segs.size() ? segs[k + 1].begin : size();
}

GreenletState LaneIndex::state_at(std::uint32_t lane, std::size_t position, bool* found) const {
  const std::vector<LaneSegment>& segs = lanes_[lane];
  // Position n shows events [0, n): the segment holding event n - 1.
  const bool seen = position > 0 && !segs.empty() && segs.front().begin < position;
  if (found) *found = seen;
  if (!seen) return GreenletState::Unstarted;
  return segs[seek_segment(lane, 0, position - 1)].state;
}

std::size_t LaneIndex::seek_segment(std::uint32_t lane, std::size_t k, std::size_t event) const {
  const std::vector<LaneSegment>& segs = lanes_[lane];
  if (segs.empty()) return 0;
  // Gallop: find a step past event, then binary search the last stretch.
  std::size_t lo = std::min(k, segs.size() - 1), step = 1, hi = lo + 1;
  if (segs[lo].begin > event) {  // behind k: search from the start
    auto it = std::upper_bound(segs.begin(), segs.begin() + static_cast<std::ptrdiff_t>(lo), event,
                               [](std::size_t v, const LaneSegment& s) { return v < s.begin; });
    return it == segs.begin() ? 0 : static_cast<std::size_t>(it - segs.begin()) - 1;
  }
  while (hi < segs.size() && segs[hi].begin <= event) {
    lo = hi;
    step *= 2;
    hi = lo + step;
  }
  hi = std::min(hi, segs.size());
  auto it = std::upper_bound(segs.begin() + static_cast<std::ptrdiff_t>(lo),
                             segs.begin() + static_cast<std::ptrdiff_t>(hi), event,
                             [](std::size_t v, const LaneSegment& s) { return v < s.begin; });
  return static_cast<std::size_t>(it - segs.begin()) - 1;
}

std::span<const LaneTransfer> LaneIndex::transfers(std::size_t from, std::size_t to) const {
  if (from >= to) return {};
  auto by_event = [](const LaneTransfer& t, std::size_t v) { return t.event < v; };
  auto first = std::lower_bound(transfers_.begin(), transfers_.end(), from, by_event);
  auto last = std::lower_bound(first, transfers_.end(), to, by_event);
  return {first, last};
}

std::size_t LaneIndex::transfer_count(std::size_t from, std::size_t to) const {
  return transfers(from, to).size();
}

std::size_t LaneIndex::first_event_at(double t) const {
  std::size_t lo = 0, hi = size();
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    if (event_time(mid) < t) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

std::size_t LaneIndex::memory_bytes() const {
  std::size_t bytes = sizeof(*this) + state_.memory_bytes();
  for (const auto& segs : lanes_) bytes += sizeof(segs) + segs.capacity() * sizeof(LaneSegment);
  bytes += transfers_.capacity() * sizeof(LaneTransfer);
  bytes += (rows_.capacity() + row_of_.capacity() + depth_.capacity()) * sizeof(std::uint32_t);
  bytes += (tables_.ids.capacity() + tables_.parents.capacity() + tables_.order_of_id.capacity()) *
           sizeof(std::uint32_t);
  for (const std::string& name : tables_.names) bytes += sizeof(std::string) + name.capacity();
  return bytes;
}

}  // namespace coroscope::app::views
