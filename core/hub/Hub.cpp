#include "hub/Hub.hpp"

#include <cmath>
#include <cstdio>
#include <iostream>

#include "hub/Report.hpp"

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

void Hub::emit(runtime::Sched kind, runtime::Greenlet* g, const char* what, double time) const {
  if (runtime::Observer* o = world().gettrace()) [[unlikely]] {
    o->on_sched(runtime::SchedEvent{kind, g, what, time < 0 ? loop_now_ : time, -1});
  }
}

// ---- callbacks and timers --------------------------------------------------------

std::uint64_t Hub::run_callback(Callback fn) {
  const std::uint64_t id = next_id_++;
  callbacks_.emplace_back(id, std::move(fn));
  return id;
}

void Hub::cancel_callback(std::uint64_t id) {
  for (const auto& entry : callbacks_) {
    if (entry.first == id) {
      cancelled_.insert(id);
      return;
    }
  }
}

std::uint64_t Hub::start_timer(double deadline, Callback fn, runtime::Greenlet* owner) {
  const std::uint64_t id = next_id_++;
  heap_.push({deadline, id});
  timers_.emplace(id, Timer{std::move(fn), owner});
  emit(runtime::Sched::TimerArmed, owner, "timer", deadline);
  return id;
}

void Hub::cancel_timer(std::uint64_t id) {
  auto it = timers_.find(id);
  if (it == timers_.end()) return;
  emit(runtime::Sched::TimerCancelled, it->second.owner, "timer");
  timers_.erase(it);  // its heap entry is skipped when it comes up
}

void Hub::world_ending() {
  auto callbacks = std::move(callbacks_);  // destroyed after the members are consistent
  auto timers = std::move(timers_);
  callbacks_.clear();
  timers_.clear();
  cancelled_.clear();
  heap_ = {};
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
    if (callbacks_.empty() && timers_.empty()) {
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
    auto [id, fn] = std::move(callbacks_.front());
    callbacks_.pop_front();
    if (!cancelled_.empty() && cancelled_.erase(id)) continue;
    run_guarded(*this, fn);
    if (++count % 50 == 0 && (clock_->now() - start >= kSwitchInterval || count >= kMaxPass)) break;
  }
}

// wait_for_events() lets time pass: not at all while callbacks are pending,
// otherwise up to the earliest timer.
void Hub::wait_for_events() {
  if (callbacks_.empty()) clock_->idle_until(earliest_deadline());
  refresh_now();
}

void Hub::fire_timers() {
  const double now = loop_now_;
  while (earliest_deadline() <= now) {
    const TimerKey key = heap_.top();
    heap_.pop();
    auto it = timers_.find(key.id);
    Timer timer = std::move(it->second);
    timers_.erase(it);
    emit(runtime::Sched::TimerFired, timer.owner, "timer", key.deadline);
    run_guarded(*this, timer.fn);
  }
}

}  // namespace coroscope::hub
