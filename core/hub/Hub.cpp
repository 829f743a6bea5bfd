#include "hub/Hub.hpp"

#include <cmath>
#include <cstdio>
#include <iostream>

#include "hub/Report.hpp"
#include "io/EpollPoller.hpp"

namespace coroscope::hub {

namespace {
std::string seconds_text(double s) {
  if (s < 0) return "";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g second%s", s, s == 1.0 ? "" : "s");
  return buf;
}
}  // namespace

Timeout::Timeout(double seconds) : seconds_(seconds), text_(seconds_text(seconds)) {}

Hub::Hub()
    : runtime::Greenlet({}, GreenletRef(&runtime::current_world().main()),
                        runtime::GreenletOptions{runtime::kDefaultStackSize, "hub"}),
      clock_(std::make_unique<VirtualClock>()),
      errors_(&std::cerr) {}

Hub* Hub::existing() {
  return static_cast<Hub*>(runtime::current_world().hub_slot().get());
}

Hub& Hub::get() {
  GreenletRef& slot = runtime::current_world().hub_slot();
  if (!slot) slot = GreenletRef(new Hub());
  return static_cast<Hub&>(*slot);
}

void Hub::set_clock(std::unique_ptr<Clock> c) {
  clock_ = std::move(c);
  loop_now_ = clock_->now();
}

double Hub::refresh_now() {
  return loop_now_ = clock_->now();
}

void Hub::emit(runtime::Sched kind, runtime::Greenlet* g, const char* what, double time, int fd,
               std::uint64_t id) const {
  if (runtime::Observer* o = world().gettrace()) [[unlikely]] {
    o->on_sched(runtime::SchedEvent{kind, g, what, time < 0 ? loop_now_ : time, fd, id});
  }
}

// ---- callbacks and timers --------------------------------------------------------

std::uint64_t Hub::run_callback(Callback fn) {
  const std::uint64_t id = next_id_++;
  callbacks_.push({id, std::move(fn), {}, nullptr});
  return id;
}

std::uint64_t Hub::run_switch(GreenletRef g, const char* why) {
  const std::uint64_t id = next_id_++;
  callbacks_.push({id, {}, std::move(g), why});
  return id;
}

void Hub::cancel_callback(std::uint64_t id) {
  // Callback ids grow and the queue is run from the front, so a callback is
  // still queued exactly when its id is not below the front one's.
  if (!callbacks_.empty() && id >= callbacks_.front_id()) cancelled_.insert(id);
}

std::uint64_t Hub::start_timer(double deadline, Callback fn, runtime::Greenlet* owner) {
  const std::uint64_t id = next_id_++;
  heap_.push({deadline, id});
  timers_.emplace(id, Timer{std::move(fn), owner, deadline});
  emit(runtime::Sched::TimerArmed, owner, "timer", deadline, -1, id);
  return id;
}

void Hub::cancel_timer(std::uint64_t id) {
  auto it = timers_.find(id);
  if (it == timers_.end()) return;
  emit(runtime::Sched::TimerCancelled, it->second.owner, "timer", it->second.deadline, -1, id);
  timers_.erase(it);  // its heap entry is skipped when it comes up
}

void Hub::world_ending() {
  auto callbacks = std::move(callbacks_);  // destroyed after the members are consistent
  auto timers = std::move(timers_);
  auto io = std::move(io_);
  callbacks_.clear();
  timers_.clear();
  cancelled_.clear();
  heap_ = {};
  io_.clear();
  closed_.clear();
  poller_.reset();
}

double Hub::earliest_deadline() {
  while (!heap_.empty() && !timers_.count(heap_.top().id)) heap_.pop();
  return heap_.empty() ? kForever : heap_.top().deadline;
}

// ---- blocking and waking -------------------------------------------------------------

Value Hub::park(const char* what) {
  runtime::Greenlet* me = world().current();
  if (me == this) throw BlockingSwitchOutError();
  emit(runtime::Sched::Park, me, what);
  return switch_to();
}

void Hub::wake(runtime::Greenlet& g, Value v, const char* why) {
  emit(runtime::Sched::Wake, &g, why);
  g.switch_to(std::move(v));
}

// ---- the loop ----------------------------------------------------------------------

Value Hub::run(Value) {
  for (;;) {
    run_callbacks();
    if (callbacks_.empty() && timers_.empty() && io_.empty()) {
      // Nothing can ever wake anyone: tell main, and wait to be needed again.
      parent()->throw_into(LoopExit{});
      continue;
    }
    wait_for_events();
    fire_timers();
  }
}

// run_callbacks() runs the queue in order, including callbacks queued while it
// runs, until it is empty or the pass has used up the switch interval.
void Hub::run_callbacks() {
  const double start = clock_->now();
  int count = 0;
  while (!callbacks_.empty()) {
    CallbackQueue::Entry e = callbacks_.pop();
    if (!cancelled_.empty() && cancelled_.erase(e.id)) continue;
    if (e.fn) {
      run_guarded(*this, e.fn);
    } else if (e.why) {
      run_guarded(*this, [&] { wake(*e.g, {}, e.why); });
    } else {
      run_guarded(*this, [&] { e.g->switch_to(); });
    }
    if (++count % 50 == 0 && (clock_->now() - start >= kSwitchInterval || count >= kMaxPass)) break;
  }
}

// wait_for_events() lets time pass: not at all while callbacks are pending,
// otherwise up to the earliest timer; with sockets waited on, in the poll.
void Hub::wait_for_events() {
  const double deadline = callbacks_.empty() ? earliest_deadline() : loop_now_;
  if (!io_.empty()) {
    poll_io(deadline);
  } else if (callbacks_.empty()) {
    clock_->idle_until(deadline);
  }
  refresh_now();
}

// poll_io() waits for readiness (never past deadline) and wakes the waiters.
// In a hosted world (the app) the poll blocks at most kHostSliceMs at a time,
// then hands control to the host (World::wait_yield), so a server waiting in
// accept() never freezes the window; the wait goes on when the host resumes.
void Hub::poll_io(double deadline) {
  int timeout_ms = callbacks_.empty() ? clock_->io_timeout_ms(deadline) : 0;
  runtime::World& world = runtime::current_world();
  const bool sliced = world.hosted() && (timeout_ms < 0 || timeout_ms > kHostSliceMs);
  if (sliced) timeout_ms = kHostSliceMs;
  const auto t0 = std::chrono::steady_clock::now();
  const int n = poller_->wait(timeout_ms, ready_);
  if (n == 0 && sliced) {
    clock_->waited(std::chrono::steady_clock::now() - t0);
    refresh_now();
    world.wait_yield();
    return;
  }
  if (n == 0 && timeout_ms != 0 && std::isfinite(deadline)) {
    clock_->idle_until(deadline);  // the poll timed out: the clock reaches the deadline
  } else if (timeout_ms != 0) {
    clock_->waited(std::chrono::steady_clock::now() - t0);
  }
  refresh_now();
  for (const io::Ready& r : ready_) {
    const int fd = static_cast<int>(r.token);
    if (r.readable || r.hangup_or_error) {
      if (GreenletRef g = take_waiter(fd, io::Interest::Read)) {
        emit(runtime::Sched::IoReady, g.get(), "readable", -1, fd);
        wake(*g, true, "its socket is readable");
      }
    }
    if (r.writable || r.hangup_or_error) {
      if (GreenletRef g = take_waiter(fd, io::Interest::Write)) {
        emit(runtime::Sched::IoReady, g.get(), "writable", -1, fd);
        wake(*g, true, "its socket is writable");
      }
    }
  }
}

GreenletRef Hub::take_waiter(int fd, io::Interest interest, std::uint64_t wait) {
  auto it = io_.find(fd);
  if (it == io_.end()) return {};
  IoSlot& slot = interest == io::Interest::Read ? it->second.reader : it->second.writer;
  if (!slot.g || (wait && slot.wait != wait)) return {};
  GreenletRef g = std::move(slot.g);
  slot.wait = 0;
  update_watch(fd);
  return g;
}

// update_watch(fd) makes the poller watch what fd's waiters wait for.
void Hub::update_watch(int fd) {
  auto it = io_.find(fd);
  if (it == io_.end()) return;
  IoWaiters& w = it->second;
  const unsigned interest = (w.reader.g ? static_cast<unsigned>(io::Interest::Read) : 0u) |
                            (w.writer.g ? static_cast<unsigned>(io::Interest::Write) : 0u);
  if (interest) {
    poller_->watch(fd, interest, static_cast<std::uint64_t>(fd));
    w.watched = true;
  } else {
    if (w.watched) poller_->unwatch(fd);
    io_.erase(it);
  }
}

bool Hub::wait_io(int fd, io::Interest interest, std::optional<double> timeout,
                  const IoName& name) {
  runtime::Greenlet* me = world().current();
  if (me == this) throw BlockingSwitchOutError();
  if (!poller_) poller_ = std::make_unique<io::EpollPoller>();
  const bool read = interest == io::Interest::Read;
  IoSlot& slot = read ? io_[fd].reader : io_[fd].writer;
  if (slot.g) {
    throw std::logic_error("another greenlet is already waiting to " +
                           std::string(read ? "read from" : "write to") + " fd " +
                           std::to_string(fd));
  }
  const std::uint64_t wait = next_id_++;
  slot = IoSlot{GreenletRef(me), wait};
  update_watch(fd);
  if (runtime::Observer* o = world().gettrace()) [[unlikely]] {
    const std::string detail = name.detail();  // only traced waits build it
    o->on_sched(
        {runtime::Sched::IoWait, me, read ? "readable" : "writable", loop_now_, fd, 0, detail});
  }
  std::uint64_t timer = 0;
  if (timeout) {
    timer = start_timer(
        refresh_now() + *timeout,
        [this, fd, interest, wait] {
          if (GreenletRef g = take_waiter(fd, interest, wait)) {
            wake(*g, false, "its socket wait timed out");
          }
        },
        me);
  }
  struct Cleanup {  // on every way out: the timer, our slot and a pending close wake go
    Hub& hub;
    int fd;
    io::Interest interest;
    std::uint64_t wait, timer;
    ~Cleanup() {
      if (timer) hub.cancel_timer(timer);
      hub.closed_.erase(wait);
      hub.take_waiter(fd, interest, wait);
    }
  } cleanup{*this, fd, interest, wait, timer};
  Value v = park(read ? "socket: waiting to read" : "socket: waiting to write");
  if (const auto* error = std::any_cast<std::exception_ptr>(&v)) std::rethrow_exception(*error);
  return std::any_cast<bool>(v);
}

void Hub::close_io(int fd, std::exception_ptr error) {
  auto it = io_.find(fd);
  if (it == io_.end()) return;
  IoSlot slots[] = {std::move(it->second.reader), std::move(it->second.writer)};
  if (it->second.watched) poller_->unwatch(fd);
  io_.erase(it);
  for (IoSlot& slot : slots) {
    if (!slot.g) continue;
    closed_.emplace(slot.wait, std::make_pair(std::move(slot.g), error));
    run_callback([this, wait = slot.wait] {
      auto c = closed_.find(wait);
      if (c == closed_.end()) return;  // that wait already ended (killed, or timed out)
      auto [g, e] = std::move(c->second);
      closed_.erase(c);
      wake(*g, e, "its socket was closed");
    });
  }
}

void Hub::fire_timers() {
  const double now = loop_now_;
  while (earliest_deadline() <= now) {
    const TimerKey key = heap_.top();
    heap_.pop();
    auto it = timers_.find(key.id);
    Timer timer = std::move(it->second);
    timers_.erase(it);
    emit(runtime::Sched::TimerFired, timer.owner, "timer", key.deadline, -1, key.id);
    run_guarded(*this, timer.fn);
  }
}

}  // namespace coroscope::hub
