#include "trace/History.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <utility>

namespace coroscope::trace {

namespace {

// parked_state(text) is what parking on text makes of a greenlet (Snapshot.hpp).
GreenletState parked_state(std::string_view text) {
  if (text == "sleep(0)") return GreenletState::Ready;
  if (text == "sleep") return GreenletState::Sleeping;
  return GreenletState::Waiting;
}

constexpr std::string_view kRunningNote = "running: its registers are on the CPU";
constexpr std::string_view kDeadNote = "finished: nothing is saved any more";
constexpr std::string_view kUnstartedNote = "not started: nothing is saved yet";
constexpr std::string_view kNotResumedNote =
    "not resumed since: its registers are read from the live greenlet, when given";
constexpr std::string_view kNoContextNote =
    "unavailable in this build: the log saved no registers for it";

}  // namespace

History::History(const EventLog& log, std::size_t keyframe_every)
    : log_(log), every_(std::max<std::size_t>(keyframe_every, 1)) {
  reset();
}

void History::reset() {
  tables_ = Tables{};
  state_ = WorldState{};
  keyframes_.assign(1, WorldState{});
  links_.clear();
  prints_.clear();
}

// sync_greenlets() copies the greenlets the log has seen into the tables.
void History::sync_greenlets() {
  const std::vector<GreenletInfo>& seen = log_.greenlets();
  for (std::size_t k = tables_.ids.size(); k < seen.size(); ++k) {
    const GreenletInfo& g = seen[k];
    assert(g.order == k);
    tables_.ids.push_back(g.id);
    tables_.parents.push_back(g.parent);
    tables_.names.push_back(g.name);
    if (g.id < Tables::kDenseIds) {
      if (g.id >= tables_.order_of_id.size()) tables_.order_of_id.resize(g.id + 1, kNone);
      tables_.order_of_id[g.id] = static_cast<std::uint32_t>(k);
    } else {
      tables_.order_of_big_id[g.id] = static_cast<std::uint32_t>(k);
    }
  }
}

void History::register_text(const Event& e) {
  if (e.kind != Kind::Park && e.kind != Kind::IoWait && e.kind != Kind::IoReady) return;
  register_text(e.text);
  if (e.kind == Kind::IoWait && e.detail != kNoText) register_text(e.detail);
}

void History::register_text(std::uint32_t index) {
  auto [it, added] = tables_.local.try_emplace(index, kNone);
  if (!added) return;
  const std::string_view text = log_.text(index);
  it->second = static_cast<std::uint32_t>(tables_.texts.size());
  tables_.texts.push_back(Tables::Text{std::string(text), parked_state(text), text == "writable"});
}

void History::update() {
  const std::size_t n = log_.size();
  if (n < state_.applied || log_.greenlets().size() < tables_.ids.size()) reset();  // cleared
  if (n == state_.applied) return;
  sync_greenlets();
  for (std::size_t i = state_.applied; i < n; ++i) {
    const Event& e = log_.event(i);
    register_text(e);
    if (e.kind == Kind::Print) prints_.push_back(static_cast<std::uint32_t>(i));
    state_.apply(e, i, tables_, &links_);
    if ((i + 1) % every_ == 0) {
      state_.compact();
      keyframes_.push_back(state_);  // a copy holds no spare capacity
    }
  }
}

Snapshot History::at(std::size_t n, const LiveGreenlet& live) const {
  Snapshot out;
  at(n, out, live);
  return out;
}

void History::at(std::size_t n, Snapshot& out, const LiveGreenlet& live) const {
  assert(n <= size() && "at(n) takes n in [0, size()]");
  n = std::min(n, size());
  if (n == size()) return make(state_, out, live);
  const std::size_t k = n / every_;
  if (n == k * every_) return make(keyframes_[k], out, live);
  scratch_ = keyframes_[k];  // copy-assignment: reuses scratch_'s memory
  for (std::size_t i = k * every_; i < n; ++i) scratch_.apply(log_.event(i), i, tables_);
  make(scratch_, out, live);
}

void History::make(const WorldState& s, Snapshot& out, const LiveGreenlet& live) const {
  out.index = s.applied;
  out.time = s.time;
  out.wall_ns = s.applied ? log_.wall_ns(log_.event(s.applied - 1)) : 0;
  out.running = s.running != kNone ? tables_.ids[s.running] : kNoGreenlet;
  out.prints = s.prints;

  // Saved contexts are scattered through the log's side table: ask for them
  // all before reading any, so that the cache misses overlap.
  for (const GreenletSlot& slot : s.slots) {
    if (slot.switched_out == kNone) continue;
    const std::uint32_t link = links_[slot.switched_out];
    if (link < kNoContext) {
      const auto* c = reinterpret_cast<const char*>(&log_.context(link));
      __builtin_prefetch(c);
      __builtin_prefetch(c + sizeof(SavedContext) - 1);
    }
  }
  out.greenlets.resize(s.slots.size());
  ready_scratch_.clear();
  for (std::size_t k = 0; k < s.slots.size(); ++k) {
    const GreenletSlot& slot = s.slots[k];
    GreenletSnapshot& g = out.greenlets[k];
    g.id = tables_.ids[k];
    g.parent = tables_.parents[k];
    g.order = static_cast<std::uint32_t>(k);
    g.name = tables_.names[k];
    g.state = slot.state;
    g.waiting_on = {};
    if (slot.park != kNone && slot.state != GreenletState::Running &&
        slot.state != GreenletState::Dead) {
      g.waiting_on = tables_.texts[slot.park].text;
    }
    g.line = slot.line;
    g.changed_at = slot.changed_at;
    g.runs = slot.runs;
    fill_registers(g, slot, live);
    if (slot.state == GreenletState::Ready) ready_scratch_.emplace_back(slot.changed_at, g.order);
  }
  std::sort(ready_scratch_.begin(), ready_scratch_.end());
  out.ready.clear();
  for (const auto& r : ready_scratch_) out.ready.push_back(tables_.ids[r.second]);

  out.timers.clear();
  for (const TimerSlot& t : s.timers) {
    if (std::isnan(t.deadline)) continue;
    out.timers.push_back(TimerSnapshot{t.id, t.deadline, t.deadline - s.time, t.owner});
  }
  out.watchers.clear();
  for (const WatcherSlot& w : s.watchers) {
    const std::string_view detail =
        w.detail != kNone ? std::string_view(tables_.texts[w.detail].text) : std::string_view();
    out.watchers.push_back(WatcherSnapshot{w.fd, w.readable, w.greenlet, detail, w.since});
  }
}

void History::fill_registers(GreenletSnapshot& g, const GreenletSlot& slot,
                             const LiveGreenlet& live) const {
  g.registers.reset();
  g.saved_sp = 0;
  g.bytes_in_use = 0;
  g.registers_note = {};
  switch (slot.state) {
    case GreenletState::Running:
      g.registers_note = kRunningNote;
      return;
    case GreenletState::Dead:
      g.registers_note = kDeadNote;
      return;
    case GreenletState::Unstarted:
      g.registers_note = kUnstartedNote;
      return;
    default:
      break;
  }
  if (slot.switched_out == kNone) {  // spawned, not started
    g.registers_note = kUnstartedNote;
    return;
  }
  const std::uint32_t link = links_[slot.switched_out];
  std::uintptr_t sp = 0, top = 0;
  if (link == kNoContext) {
    g.registers_note = kNoContextNote;
    return;
  } else if (link == kNone) {
    const runtime::Greenlet* now = live ? live(g.id) : nullptr;
    if (!now || !now->suspended()) {
      g.registers_note = kNotResumedNote;
      return;
    }
    g.registers = now->saved_registers();
    if (!g.registers) {
      g.registers_note = kNoContextNote;
      return;
    }
    sp = now->saved_sp();
    top = now->stack_top();
  } else {
    const SavedContext& c = log_.context(link);
    g.registers = c.registers;
    sp = c.sp;
    top = c.stack_top;
  }
  g.saved_sp = sp;
  if (top && sp && sp < top) g.bytes_in_use = top - sp;
}

std::string History::output(const Snapshot& s) const {
  std::string out;
  const std::size_t n = std::min(s.prints, prints_.size());
  for (std::size_t p = 0; p < n; ++p) out += log_.text(log_.event(prints_[p]).text);
  return out;
}

std::size_t History::memory_bytes() const {
  std::size_t bytes = sizeof(*this) + state_.memory_bytes();
  for (const WorldState& k : keyframes_) bytes += k.memory_bytes();
  bytes += keyframes_.capacity() * sizeof(WorldState) - keyframes_.size() * sizeof(WorldState);
  bytes += links_.capacity() * sizeof(std::uint32_t) + prints_.capacity() * sizeof(std::uint32_t);
  bytes += (tables_.ids.capacity() + tables_.parents.capacity() + tables_.order_of_id.capacity()) *
           sizeof(std::uint32_t);
  for (const std::string& name : tables_.names) bytes += sizeof(std::string) + name.capacity();
  bytes += tables_.order_of_big_id.size() * 32 + tables_.local.size() * 32;
  for (const Tables::Text& t : tables_.texts) bytes += sizeof(Tables::Text) + t.text.capacity();
  return bytes;
}

}  // namespace coroscope::trace
