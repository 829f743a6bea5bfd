#pragma once
// Hub: gevent's event loop, a greenlet of its own (parent: main) that runs
// callbacks, waits for time or I/O, and fires timers. Blocking means switching
// to the hub; waking means the hub switching back.
//
//   Hub& hub = Hub::get();                      // the current world's, made on first use
//   hub.run_callback([] { ... });               // runs in the hub, FIFO
//   hub.start_timer(hub.refresh_now() + 1, [] { ... });
//   Value v = hub.park("event");                // block until hub.wake(me, v, ...)
//
// The loop (Hub::run) is one function: callbacks (FIFO, with gevent's 5 ms
// switch-interval cut-off) -> wait for I/O or time (not blocking while
// callbacks are pending) -> expired timers in deadline order (FIFO among
// equal deadlines) -> again. With nothing left to wait for it throws LoopExit
// into main and stays usable.

#include <cstdint>
#include <exception>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <queue>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "hub/CallbackQueue.hpp"
#include "hub/Clock.hpp"
#include "hub/Errors.hpp"
#include "hub/IoName.hpp"
#include "io/Poller.hpp"
#include "runtime/World.hpp"

namespace coroscope::hub {

using runtime::GreenletRef;
using runtime::Value;

class Hub final : public runtime::Greenlet {
 public:
  using Callback = std::function<void()>;
  static constexpr double kSwitchInterval = 0.005;  // gevent's getswitchinterval()
  // kMaxPass bounds a callback pass on a virtual clock, where time stands still.
  static constexpr int kMaxPass = 10000;
  // kHostSliceMs: the longest the I/O poll blocks in a hosted world before it
  // hands control back to the host (see poll_io).
  static constexpr int kHostSliceMs = 4;

  // get() is the current world's hub, created on first use with a VirtualClock.
  static Hub& get();
  // existing() is the current world's hub, or null if it has none yet.
  static Hub* existing();

  // run_callback(fn) queues fn to run in the hub; returns an id for cancel_callback.
  std::uint64_t run_callback(Callback fn);
  // run_switch(g, why) queues a switch to g like a callback would (a wake for
  // why, or a plain switch_to() when why is null), without allocating.
  std::uint64_t run_switch(GreenletRef g, const char* why);
  void cancel_callback(std::uint64_t id);
  std::size_t pending_callbacks() const { return callbacks_.size() - cancelled_.size(); }

  // start_timer(deadline, fn, owner) runs fn in the hub once the clock reaches
  // deadline (absolute seconds); owner is reported to the observer.
  std::uint64_t start_timer(double deadline, Callback fn, runtime::Greenlet* owner = nullptr);
  void cancel_timer(std::uint64_t id);
  std::size_t active_timers() const { return timers_.size(); }

  // park(what) blocks the current greenlet: it switches to the hub and returns
  // the value the hub sends back with wake(), or raises what is thrown into it.
  // Throws BlockingSwitchOutError when called in the hub itself.
  Value park(const char* what);
  // wake(g, v, why) resumes g with v. Only the hub calls it (in a callback or timer).
  void wake(runtime::Greenlet& g, Value v, const char* why);

  // wait_io(fd, interest, timeout, name) parks the current greenlet until fd is
  // ready for interest (Read or Write): true; or timeout seconds pass: false. If
  // close_io(fd) runs meanwhile, it rethrows close_io's error. One greenlet may
  // wait to read and one to write each fd (another is std::logic_error). name
  // says what the wait is; the trace records it (IoWait's detail) only when an
  // observer is set, and reads it before the greenlet parks.
  bool wait_io(int fd, io::Interest interest, std::optional<double> timeout = {},
               const IoName& name = {});
  // close_io(fd, error) wakes fd's waiters with error and stops watching fd;
  // call it before closing fd.
  void close_io(int fd, std::exception_ptr error);
  // io_waiting() is how many fds have a greenlet waiting on them.
  std::size_t io_waiting() const { return io_.size(); }

  // now() is the loop's cached time; refresh_now() reads the clock first.
  double now() const { return loop_now_; }
  double refresh_now();
  Clock& clock() { return *clock_; }
  // set_clock(c) replaces the clock; only before anything is scheduled.
  void set_clock(std::unique_ptr<Clock> c);

  // exception_stream() is where a greenlet's uncaught exception is reported.
  std::ostream& exception_stream() { return *errors_; }
  void set_exception_stream(std::ostream& s) { errors_ = &s; }
  // A failure reporter replaces report_failure()'s text (a script layer
  // writes Python's traceback); it returns false to leave the report to the
  // default. Returns the previous one.
  using FailureReporter = std::function<bool(const runtime::Greenlet&, const std::exception_ptr&)>;
  FailureReporter set_failure_reporter(FailureReporter r) {
    return std::exchange(reporter_, std::move(r));
  }
  const FailureReporter& failure_reporter() const { return reporter_; }

  // emit(e) reports a scheduling event to the world's observer, if any.
  // time < 0 stands for now(); fd and id as in runtime::SchedEvent.
  void emit(runtime::Sched kind, runtime::Greenlet* g, const char* what, double time = -1,
            int fd = -1, std::uint64_t id = 0) const;

  // world_ending() drops every queued callback and timer (they hold the
  // greenlets they would wake, whose parent is the hub: a cycle).
  void world_ending() override;

 protected:
  Value run(Value) override;

 private:
  Hub();
  void run_callbacks();
  void wait_for_events();
  void fire_timers();
  double earliest_deadline();
  void poll_io(double deadline);
  void update_watch(int fd);
  GreenletRef take_waiter(int fd, io::Interest interest, std::uint64_t wait = 0);

  struct TimerKey {
    double deadline;
    std::uint64_t id;  // ids grow: FIFO among equal deadlines
    bool operator>(const TimerKey& o) const {
      return deadline != o.deadline ? deadline > o.deadline : id > o.id;
    }
  };
  struct Timer {
    Callback fn;
    runtime::Greenlet* owner;
    double deadline;
  };

  std::unique_ptr<Clock> clock_;
  double loop_now_ = 0;
  std::uint64_t next_id_ = 1;
  CallbackQueue callbacks_;
  std::unordered_set<std::uint64_t> cancelled_;
  std::priority_queue<TimerKey, std::vector<TimerKey>, std::greater<>> heap_;
  std::unordered_map<std::uint64_t, Timer> timers_;
  struct IoSlot {
    GreenletRef g;
    std::uint64_t wait = 0;  // which wait_io call: deferred wakes check it
  };
  struct IoWaiters {
    IoSlot reader, writer;
    bool watched = false;
  };
  std::unique_ptr<io::Poller> poller_;  // made on the first wait_io
  std::unordered_map<int, IoWaiters> io_;
  // closed_: waits ended by close_io whose wake (a callback) has not run yet.
  std::unordered_map<std::uint64_t, std::pair<GreenletRef, std::exception_ptr>> closed_;
  std::vector<io::Ready> ready_;
  std::ostream* errors_;
  FailureReporter reporter_;
};

}  // namespace coroscope::hub
