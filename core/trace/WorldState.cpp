#include "trace/WorldState.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace coroscope::trace {

namespace {
bool is_hole(const TimerSlot& t) {
  return std::isnan(t.deadline);
}
}  // namespace

// see(id) makes sure greenlet id has a slot: the log enters a greenlet's
// ancestors before it, so the greenlets seen so far are a prefix of the spawn order.
std::uint32_t WorldState::see(std::uint32_t id, std::size_t i, const Tables& tables) {
  const std::uint32_t order = tables.order(id);
  assert(order != kNone && "History::update() registers a greenlet before its events");
  if (order >= slots.size()) {
    const std::size_t first = slots.size();
    slots.resize(order + 1);
    for (std::size_t k = first; k <= order; ++k) {
      slots[k].changed_at = static_cast<std::uint32_t>(i);
      if (tables.ids[k] == 0 && running == kNone) {  // main, and nobody else is known to run
        slots[k].state = GreenletState::Running;
        running = static_cast<std::uint32_t>(k);
      }
    }
  }
  return order;
}

void WorldState::set(std::uint32_t order, GreenletState s, std::size_t i) {
  GreenletSlot& g = slots[order];
  if (g.state == s) return;
  g.state = s;
  g.changed_at = static_cast<std::uint32_t>(i);
}

// claim_running(g) applies "Park, IoWait, Line and Print come from the running greenlet".
void WorldState::claim_running(std::uint32_t order, std::size_t i) {
  if (running == order || slots[order].state == GreenletState::Dead) return;
  if (running != kNone) set(running, GreenletState::Suspended, i);
  set(order, GreenletState::Running, i);
  running = order;
}

void WorldState::apply(const Event& e, std::size_t i, const Tables& tables,
                       std::vector<std::uint32_t>* links) {
  assert(i == applied);
  applied = i + 1;
  time = e.time;
  const std::uint32_t g = e.greenlet != kNoGreenlet ? see(e.greenlet, i, tables) : kNone;
  switch (e.kind) {
    case Kind::Switch:
    case Kind::Throw:
      transfer(e, i, tables, links);
      break;
    case Kind::Spawn:
      if (slots[g].state == GreenletState::Unstarted) set(g, GreenletState::Ready, i);
      break;
    case Kind::Park:
      claim_running(g, i);
      slots[g].park = tables.text(e.text);
      break;
    case Kind::Wake: {
      const GreenletState s = slots[g].state;
      if (s != GreenletState::Running && s != GreenletState::Dead &&
          s != GreenletState::Unstarted) {
        set(g, GreenletState::Ready, i);
        slots[g].park = kNone;
      }
      break;
    }
    case Kind::TimerArmed:
      arm(e);
      break;
    case Kind::TimerCancelled:
    case Kind::TimerFired:
      disarm(static_cast<std::uint32_t>(e.number));
      break;
    case Kind::IoWait: {
      claim_running(g, i);
      const std::uint32_t t = tables.text(e.text);
      const std::uint32_t detail = e.detail != kNoText ? tables.text(e.detail) : kNone;
      watchers.push_back(WatcherSlot{e.number, e.greenlet, detail,
                                     t == kNone || !tables.texts[t].writable, e.time});
      slots[g].flags |= GreenletSlot::kWatching;
      break;
    }
    case Kind::IoReady: {
      const std::uint32_t t = tables.text(e.text);
      const bool readable = t == kNone || !tables.texts[t].writable;
      auto it = std::find_if(watchers.begin(), watchers.end(), [&](const WatcherSlot& w) {
        return w.fd == e.number && w.greenlet == e.greenlet && w.readable == readable;
      });
      if (it != watchers.end()) watchers.erase(it);
      if (std::none_of(watchers.begin(), watchers.end(),
                       [&](const WatcherSlot& w) { return w.greenlet == e.greenlet; })) {
        slots[g].flags &= static_cast<std::uint8_t>(~GreenletSlot::kWatching);
      }
      break;
    }
    case Kind::Exit:
      slots[g].flags |= GreenletSlot::kExited;
      if (e.flags & kFinal) {
        if (running == g) running = kNone;
        set(g, GreenletState::Dead, i);
        slots[g].park = kNone;
      } else if (slots[g].state != GreenletState::Running) {
        set(g, GreenletState::Dead, i);
        slots[g].park = kNone;
      }
      break;
    case Kind::Line:
      claim_running(g, i);
      slots[g].line = e.number;
      break;
    case Kind::Print:
      claim_running(g, i);
      ++prints;
      break;
  }
}

void WorldState::transfer(const Event& e, std::size_t i, const Tables& tables,
                          std::vector<std::uint32_t>* links) {
  const std::uint32_t from = see(e.greenlet, i, tables);
  const std::uint32_t to = see(e.target, i, tables);
  if (running != kNone && running != from && running != to) {
    set(running, GreenletState::Suspended, i);  // a log attached mid-run guessed wrong
  }
  // The origin leaves.
  GreenletSlot& o = slots[from];
  GreenletState left = GreenletState::Suspended;
  if ((e.flags & kOriginDied) || (o.flags & GreenletSlot::kExited)) {
    left = GreenletState::Dead;
  } else if (o.flags & GreenletSlot::kWatching) {
    left = GreenletState::WaitingIo;
  } else if (o.park != kNone) {
    left = tables.texts[o.park].parked;
  }
  o.state = left;
  o.changed_at = static_cast<std::uint32_t>(i);
  o.switched_out = transfers;
  if (left == GreenletState::Dead) {
    o.park = kNone;
    if (o.flags & GreenletSlot::kWatching) drop_watchers(e.greenlet, o);
  }
  // The target runs.
  GreenletSlot& t = slots[to];
  if (links) {
    links->push_back(kNone);  // this transfer's: filled when the origin is next resumed
    if (t.switched_out != kNone) {
      (*links)[t.switched_out] = e.number >= 0 ? static_cast<std::uint32_t>(e.number) : kNoContext;
    }
  }
  t.state = GreenletState::Running;
  t.changed_at = static_cast<std::uint32_t>(i);
  t.park = kNone;
  ++t.runs;
  if (t.flags & GreenletSlot::kWatching) drop_watchers(e.target, t);
  running = to;
  ++transfers;
}

void WorldState::arm(const Event& e) {
  const TimerSlot t{static_cast<std::uint32_t>(e.number), e.greenlet, e.deadline};
  if (timers.empty() || timers.back().id < t.id) {
    timers.push_back(t);  // the common case: a hub's ids grow
  } else {
    auto at = std::upper_bound(timers.begin(), timers.end(), t.id,
                               [](std::uint32_t id, const TimerSlot& s) { return id < s.id; });
    timers.insert(at, t);
  }
}

void WorldState::disarm(std::uint32_t id) {
  auto it = std::lower_bound(timers.begin(), timers.end(), id,
                             [](const TimerSlot& s, std::uint32_t v) { return s.id < v; });
  for (; it != timers.end() && it->id == id; ++it) {
    if (is_hole(*it)) continue;
    it->deadline = std::nan("");
    ++timer_holes;
    if (timer_holes > 64 && timer_holes * 2 > timers.size()) compact();
    return;
  }
}

void WorldState::compact() {
  if (timer_holes == 0) return;
  std::erase_if(timers, is_hole);
  timer_holes = 0;
}

void WorldState::drop_watchers(std::uint32_t id, GreenletSlot& g) {
  std::erase_if(watchers, [id](const WatcherSlot& w) { return w.greenlet == id; });
  g.flags &= static_cast<std::uint8_t>(~GreenletSlot::kWatching);
}

std::size_t WorldState::memory_bytes() const {
  return sizeof(*this) + slots.capacity() * sizeof(GreenletSlot) +
         timers.capacity() * sizeof(TimerSlot) + watchers.capacity() * sizeof(WatcherSlot);
}

}  // namespace coroscope::trace
