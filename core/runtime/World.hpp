#pragma once
// World: the state greenlet keeps per thread (the main greenlet, the current
// one, the tracer) plus what a Host needs to stop and resume it. There is an
// implicit world per thread, whose main greenlet is the thread's own stack, and
// a hosted world per Host, whose main greenlet runs on a fiber of its own.
//
//   World& w = current_world();
//   w.charge(1);          // guest code: count one operation; hands control to the
//                         // host when the budget is spent (hosted worlds only)
//
// Transfers of control all go through this class; Greenlet supplies the rules
// for who the target is. The World lives on its thread; every greenlet in it
// holds a raw pointer to it, so it must outlive them (a Host ensures that).

#include <climits>
#include <cstdint>
#include <exception>
#include <utility>
#include <vector>

#include "runtime/Greenlet.hpp"

namespace coroscope::runtime {

enum class StopReason {
  Switched,  // a transfer happened; the target has not run yet
  Yielded,   // the running greenlet spent its budget; it continues where it was
  Finished,  // the main greenlet's run returned or raised
};

struct Stop {
  StopReason reason = StopReason::Finished;
  Greenlet* origin = nullptr;  // Switched: who transferred; Yielded: who ran
  Greenlet* target = nullptr;  // Switched: who runs next
  Transfer kind = Transfer::Switch;
  // idle: Yielded by wait_yield(), the hub waiting for I/O: nobody holds the CPU.
  bool idle = false;
};

class World {
 public:
  explicit World(bool hosted);
  ~World();
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  Greenlet& main() { return *main_; }
  Greenlet* current() { return current_; }
  bool hosted() const { return hosted_; }
  // ending() is true while a Host ends this world (~Host): the GreenletExit it
  // throws then is the end of the run, which guest code must not resist (a
  // script's except and finally do not run, or a catch-all loop never ends).
  bool ending() const { return ending_; }

  Observer* settrace(Observer* o) { return std::exchange(observer_, o); }
  Observer* gettrace() const { return observer_; }
  // transfer_value() is, during Observer::on_transfer, the value the transfer
  // carries (empty for none, and for a throw); null outside that call.
  const Value* transfer_value() const { return observed_value_; }

  // charge(ops) spends ops of the budget the host granted; when it runs out the
  // world stops with StopReason::Yielded and this call returns once the host
  // resumes it. A no-op in an implicit world (its budget never runs out).
  void charge(std::int64_t ops = 1) {
    if ((budget_ -= ops) <= 0) [[unlikely]]
      yield_to_host();
  }

  // wait_yield(idle) hands control to the host while the world waits for the
  // outside, in slices. idle: the hub's I/O poll, where nobody holds the CPU
  // (the stop is Yielded with idle set). Not idle: a blocking call (an
  // unpatched socket) that holds the thread, and so the CPU, as it waits.
  // A no-op in an implicit world, whose waits simply block.
  void wait_yield(bool idle = true) {
    if (!hosted_) return;
    idle_yield_ = idle;
    yield_to_host();
  }

  // hub_slot() keeps the world's gevent hub (core/hub), created on first use;
  // a Host ends it with the world.
  GreenletRef& hub_slot() { return hub_; }
  const GreenletRef& hub_slot() const { return hub_; }

  // for_each_started(fn) calls fn(Greenlet&) for every greenlet that has
  // started and not finished and has a fiber of its own (main included when
  // hosted), newest first. fn must not switch.
  template <class Fn>
  void for_each_started(Fn&& fn) const {
    for (Greenlet* g = active_; g; g = next_started(g)) fn(*g);
  }

  // has_pending_transfer() is true while a value or exception sent by a transfer
  // has not been received yet (a world at rest has none).
  bool has_pending_transfer() const { return transfer_.value.has_value() || transfer_.error; }

 private:
  friend class Greenlet;
  friend class Host;
  static Greenlet* next_started(Greenlet* g);
  void observe(Transfer kind, Greenlet& origin, Greenlet& target, const Value* value);
  friend void intrusive_ptr_release(Greenlet* g);

  struct Message {
    Value value;
    std::exception_ptr error;
  };

  // Greenlet rules use these. cur is the running greenlet of this world.
  Value transfer(Greenlet* target, Message m, Greenlet* cur);
  Greenlet* route(Greenlet* cur, Greenlet* target, Message& m);
  void start(Greenlet* g);
  Fiber::Context enter(Greenlet* g, Fiber::Context&& from);
  Fiber::Context finish(Greenlet* dying, Message m);
  void jump(Greenlet* from, Greenlet* to, Transfer kind);
  void park_slow(Greenlet* from, Greenlet* to, Transfer kind);
  Value receive();
  Value receive_slow();
  static World& implicit();
  friend World& current_world();
  void run_deferred();
  void orphaned(Greenlet* g);
  void kill_suspended(Greenlet* g);
  static void exit_as_value(Message& m);
  static Value deliver(Message m);

  void link_active(Greenlet* g);
  void unlink_active(Greenlet* g);

  // Host uses these.
  Stop run_from_host(std::int64_t budget);
  void settle();
  void kill_from_host(Greenlet* g);
  void yield_to_host();

  bool hosted_;
  bool ending_ = false;      // see ending()
  bool idle_yield_ = false;  // the next yield_to_host() is wait_yield()'s
  bool stop_at_switch_ = false;
  bool park_slow_ = false;       // stop_at_switch_, or the running greenlet may be orphaned
  bool deferred_ = false;        // dying_ or orphans_ need attention
  Greenlet* current_ = nullptr;  // kept alive by its own reference (see Greenlet::refs_)
  GreenletRef main_;
  GreenletRef hub_;
  Greenlet* dying_ = nullptr;       // a finished greenlet whose own reference is still held
  Greenlet* active_ = nullptr;      // started, unfinished greenlets with a fiber (newest first)
  std::vector<Greenlet*> orphans_;  // suspended, unreferenced: to be killed (one ref each)
  Observer* observer_ = nullptr;
  const Value* observed_value_ = nullptr;  // see transfer_value()
  Message transfer_;
  Fiber::Context host_ctx_;
  Fiber::Context* save_slot_ = nullptr;  // where the resumed side stores its resumer
  Greenlet* pending_release_ = nullptr;  // the origin's "current" reference
  std::int64_t budget_ = INT64_MAX;
  Stop stop_;
  std::uint64_t next_id_ = 1;
  long unraisable_ = 0;  // exceptions other than GreenletExit raised by killed-on-release greenlets
  std::exception_ptr last_unraisable_;

 public:
  // unraisable_count() / last_unraisable(): like sys.unraisablehook, what a
  // greenlet killed on release raised instead of dying quietly.
  long unraisable_count() const { return unraisable_; }
  std::exception_ptr last_unraisable() const { return last_unraisable_; }
};

// t_active is the world running on this thread: a Host's while it runs,
// otherwise the thread's implicit world once it exists.
extern constinit thread_local World* t_active;

// current_world() is the world running on this thread: a Host's while it runs,
// else the thread's implicit world (created on first use).
inline World& current_world() {
  if (World* w = t_active) [[likely]]
    return *w;
  return World::implicit();
}

// jump() parks from (the running greenlet) and resumes to, or the host when it
// asked to see every switch. It returns when from is resumed. This and
// receive() are the hot path of every switch: keep them short.
__attribute__((always_inline)) inline void World::jump(Greenlet* from, Greenlet* to,
                                                       Transfer kind) {
  if (park_slow_) [[unlikely]] {
    park_slow(from, to, kind);
    return;
  }
  current_ = to;
  save_slot_ = &from->fiber_.context();
  Fiber::Context back = std::move(to->fiber_.context()).resume();
  *save_slot_ = std::move(back);
}

// receive() takes what the transfer that resumed us carried: returns the value
// or rethrows the exception, after finishing deferred work (see run_deferred).
__attribute__((always_inline)) inline Value World::receive() {
  if (deferred_ || transfer_.error) [[unlikely]]
    return receive_slow();
  Value v = std::move(transfer_.value);
  transfer_.value.reset();
  return v;
}

__attribute__((always_inline)) inline Value Greenlet::switch_to(Value v) {
  World& w = *world_;
  Greenlet* cur = w.current_;
  if (&w == t_active && this != cur && active()) [[likely]] {
    if (w.observer_) [[unlikely]]
      w.observe(Transfer::Switch, *cur, *this, &v);
    w.transfer_.value = std::move(v);
    w.jump(cur, this, Transfer::Switch);
    return w.receive();
  }
  return switch_slow(std::move(v));
}

}  // namespace coroscope::runtime
