#include "hub/Queue.hpp"

#include <algorithm>
#include <cassert>
#include <deque>

namespace coroscope::hub {

namespace detail {

// QueueState: a Queue's items and blocked greenlets. Lives on the heap, shared
// by the Queue, the queued unlock callback and every blocked greenlet; a
// waiter is in getters or putters exactly while its greenlet is parked in
// park() (the unlock callback removes it just before waking it).
struct QueueState : std::enable_shared_from_this<QueueState> {
  struct Waiter {
    std::uint64_t id;
    GreenletRef greenlet;
    Value item;  // a putter's item
  };

  bool full() const { return maxsize != 0 && items.size() >= maxsize; }
  Value pop() {
    assert(!items.empty());
    Value v = std::move(items.front());
    items.pop_front();
    return v;
  }
  // park(waiters, item, timeout) blocks the current greenlet in waiters until
  // unlock() wakes it (true) or timeout seconds pass (false).
  bool park(std::deque<Waiter>& waiters, Value item, std::optional<double> timeout);
  void schedule_unlock();
  void unlock();

  std::size_t maxsize = 0;  // 0: unbounded
  std::deque<Value> items;
  std::deque<Waiter> getters;
  std::deque<Waiter> putters;
  std::uint64_t next_waiter = 1;
  bool unlocking = false;  // gevent's bool(_event_unlock): queued or running
};

bool QueueState::park(std::deque<Waiter>& waiters, Value item, std::optional<double> timeout) {
  Hub& hub = Hub::get();
  GreenletRef me = runtime::getcurrent();
  const bool putting = &waiters == &putters;
  const std::uint64_t id = next_waiter++;
  waiters.push_back({id, me, std::move(item)});
  bool timed_out = false;
  struct Cleanup {
    std::deque<Waiter>& waiters;
    Hub& hub;
    std::uint64_t id;
    std::uint64_t timer = 0;
    ~Cleanup() {
      std::erase_if(waiters, [this](const Waiter& w) { return w.id == id; });
      if (timer) hub.cancel_timer(timer);
    }
  } cleanup{waiters, hub, id};
  if (timeout) {
    cleanup.timer = hub.start_timer(
        hub.refresh_now() + *timeout,
        [&hub, &timed_out, me, why = putting ? "queue put: timeout" : "queue get: timeout"] {
          timed_out = true;
          hub.wake(*me, {}, why);
        },
        me.get());
  }
  if (!(putting ? getters : putters).empty()) schedule_unlock();
  // Only unlock() (which removes the waiter first) or the timer ends the wait;
  // a stray wake (say, a sleep(0) callback left over from an earlier wait) parks again.
  const auto waiting = [&] {
    return std::any_of(waiters.begin(), waiters.end(),
                       [id](const Waiter& w) { return w.id == id; });
  };
  do {
    hub.park(putting ? "queue put" : "queue get");
  } while (!timed_out && waiting());
  return !timed_out;
}

void QueueState::schedule_unlock() {
  if (unlocking) return;
  unlocking = true;
  Hub::get().run_callback([self = shared_from_this()] { self->unlock(); });
}

// unlock() is the callback: while it can, it moves the first blocked putter's
// item in and wakes it, and wakes the first blocked getter to take an item.
// Each woken greenlet runs until it blocks again.
void QueueState::unlock() {
  struct Done {
    bool& unlocking;
    ~Done() { unlocking = false; }
  } done{unlocking};
  Hub& hub = Hub::get();
  for (;;) {
    bool repeat = false;
    if (!putters.empty() && !full()) {
      repeat = true;
      Waiter putter = std::move(putters.front());
      putters.pop_front();
      items.push_back(std::move(putter.item));
      hub.wake(*putter.greenlet, {}, "queue put: its item is in");
    }
    if (!getters.empty() && !items.empty()) {
      repeat = true;
      Waiter getter = std::move(getters.front());
      getters.pop_front();
      hub.wake(*getter.greenlet, {}, "queue get: an item is there");
    }
    if (!repeat) return;
  }
}

}  // namespace detail

Queue::Queue(std::optional<std::size_t> maxsize) : state_(std::make_shared<detail::QueueState>()) {
  state_->maxsize = maxsize.value_or(0);
}
Queue::~Queue() = default;

std::size_t Queue::qsize() const {
  return state_->items.size();
}
bool Queue::full() const {
  return state_->full();
}
std::optional<std::size_t> Queue::maxsize() const {
  if (state_->maxsize == 0) return std::nullopt;
  return state_->maxsize;
}
std::size_t Queue::getters() const {
  return state_->getters.size();
}
std::size_t Queue::putters() const {
  return state_->putters.size();
}

void Queue::put(Value item, bool block, std::optional<double> timeout) {
  std::shared_ptr<detail::QueueState> s = state_;  // *this may be gone once we wake
  if (!s->full()) {
    s->items.push_back(std::move(item));
    if (!s->getters.empty()) s->schedule_unlock();
    return;
  }
  Hub& hub = Hub::get();
  if (runtime::getcurrent().get() == &hub) {  // cannot park; getters may make room
    while (!s->getters.empty() && s->full()) {
      detail::QueueState::Waiter getter = std::move(s->getters.front());
      s->getters.pop_front();
      hub.wake(*getter.greenlet, {}, "queue get: an item is there");
    }
    if (s->full()) throw Full();
    s->items.push_back(std::move(item));
    return;
  }
  if (!block) throw Full();
  if (!s->park(s->putters, std::move(item), timeout)) throw Full();
}

Value Queue::get(bool block, std::optional<double> timeout) {
  std::shared_ptr<detail::QueueState> s = state_;  // *this may be gone once we wake
  if (!s->items.empty()) {
    if (!s->putters.empty()) s->schedule_unlock();
    return s->pop();
  }
  Hub& hub = Hub::get();
  if (runtime::getcurrent().get() == &hub) {  // cannot park; putters may bring items
    while (!s->putters.empty()) {
      detail::QueueState::Waiter putter = std::move(s->putters.front());
      s->putters.pop_front();
      s->items.push_back(std::move(putter.item));
      hub.wake(*putter.greenlet, {}, "queue put: its item is in");
      if (!s->items.empty()) return s->pop();
    }
    throw Empty();
  }
  if (!block) throw Empty();
  if (!s->park(s->getters, {}, timeout)) throw Empty();
  return s->pop();
}

}  // namespace coroscope::hub
