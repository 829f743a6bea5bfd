#pragma once
// hub::Greenlet: gevent's Greenlet, a greenlet whose parent is the hub and
// whose result waits to be collected.
//
//   GreenletPtr g = spawn([] { sleep(1); return Value(42); });  // runs once we block
//   g->join();                    // or g->get() for the value (rethrows its error)
//   g->kill();                    // GreenletExit at its blocking point; never raises
//   g->rawlink([](Greenlet& g) { ... });   // in the hub, once g is ready
//
// started(), dead() and the rest have gevent's meanings, which hide
// runtime::Greenlet's (e.g. started() is false again once g has finished).

#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "hub/Hub.hpp"

namespace coroscope::hub {

class Greenlet;
struct ReadyWaiter;
using GreenletPtr = boost::intrusive_ptr<Greenlet>;

class Greenlet final : public runtime::Greenlet {
 public:
  using Fn = std::function<Value()>;
  using LinkFn = std::function<void(Greenlet&)>;

  // create(fn, name) makes an unscheduled greenlet (gevent's Greenlet(fn)).
  // fn returns a Value or nothing. It is kept as it is: a lambda capturing by
  // reference takes no allocation of its own.
  template <class F>
  static GreenletPtr create(F&& fn, std::string name = {}) {
    return make(wrap(std::forward<F>(fn)), std::move(name));
  }

  // start() schedules the first run as one hub callback; start_later(s) as a
  // timer s seconds after the loop's cached now.
  void start();
  void start_later(double seconds);

  bool started() const { return scheduled_ && !ready_; }  // gevent: bool(g)
  bool ready() const { return ready_; }
  bool dead() const { return killed_before_start_ || runtime::Greenlet::dead(); }
  // successful() is ready without an exception; a GreenletExit kill counts.
  bool successful() const { return ready_ && !failed_; }
  const Value& value() const;  // the result, or the GreenletExit of a kill
  std::exception_ptr exception() const;

  // join(timeout) waits until ready or the timeout; it never raises for g's error.
  void join(std::optional<double> timeout = {});
  // get() is the value, or rethrows g's exception; Timeout when not ready in time.
  Value get(bool block = true, std::optional<double> timeout = {});
  // kill(e) raises e (default GreenletExit) in g at its blocking point through a
  // hub callback queued behind those already queued; never raises. With block,
  // waits for delivery and then join(timeout).
  void kill(std::exception_ptr e = {}, bool block = true, std::optional<double> timeout = {});

  // link(cb) runs cb(g) once g is ready, in a new greenlet whose parent is the
  // hub; rawlink(cb) runs it in the hub itself. Both return an id for unlink.
  std::uint64_t link(LinkFn cb);
  std::uint64_t link_value(LinkFn cb);
  std::uint64_t link_exception(LinkFn cb);
  std::uint64_t rawlink(LinkFn cb);
  void unlink(std::uint64_t id);

 protected:
  Value run(Value) override;

 private:
  friend struct ReadyWaiter;
  Greenlet(runtime::Run run, std::string name);
  static GreenletPtr make(runtime::Run run, std::string name);
  template <class F>
  static runtime::Run wrap(F&& fn) {
    return [f = std::forward<F>(fn)](Value) mutable -> Value {
      if constexpr (std::is_void_v<decltype(f())>) {
        f();
        return {};
      } else {
        return f();
      }
    };
  }
  ~Greenlet() override;
  Hub& hub() const;
  enum class LinkKind : std::uint8_t { Raw, Spawned, OnValue, OnException, Waiter };
  struct Link {
    std::uint64_t id;  // 0 for a Waiter
    LinkKind kind;
    LinkFn fn;
    ReadyWaiter* waiter;
  };
  struct LinkList {
    std::uint64_t next_id = 1;
    std::vector<Link> links;
  };
  std::uint64_t add_link(LinkKind kind, LinkFn cb);
  // add_waiter(w) / remove_waiter(w): w->ready(*this) once ready (join, joinall).
  void add_waiter(ReadyWaiter* w);
  void remove_waiter(ReadyWaiter* w);
  LinkList& link_list();
  bool has_links() const;
  void finish_before_start(std::exception_ptr e);
  void finish(Value v, std::exception_ptr e);
  void became_ready();
  void notify_links();

  // A million of these fit in memory with their stacks (BM_Parked): the flags
  // fill the base's tail padding, and the links take no allocation in the
  // common cases.
  bool scheduled_ : 1 = false;
  bool ready_ : 1 = false;
  bool failed_ : 1 = false;  // result_ holds the exception_ptr
  bool killed_before_start_ : 1 = false;
  bool notify_scheduled_ : 1 = false;
  bool start_is_timer_ : 1 = false;
  Value result_;                // the value, or the exception when failed_
  std::uint64_t start_id_ = 0;  // the start callback or timer
  // links_: 0 (none), a single ReadyWaiter* with its low bit set, or a LinkList*.
  std::uintptr_t links_ = 0;
};

// gevent's module functions.
template <class F>
GreenletPtr spawn(F&& fn, std::string name = {}) {
  GreenletPtr g = Greenlet::create(std::forward<F>(fn), std::move(name));
  g->start();
  return g;
}
template <class F>
GreenletPtr spawn_later(double seconds, F&& fn, std::string name = {}) {
  GreenletPtr g = Greenlet::create(std::forward<F>(fn), std::move(name));
  g->start_later(seconds);
  return g;
}
// sleep(0) lets every other ready greenlet run once (round robin); sleep(s > 0) waits s.
void sleep(double seconds = 0);
// joinall() returns the greenlets that finished, in the order they finished,
// stopping at timeout or once count have; raise_error rethrows the first error.
std::vector<GreenletPtr> joinall(const std::vector<GreenletPtr>& greenlets,
                                 std::optional<double> timeout = {}, bool raise_error = false,
                                 std::optional<std::size_t> count = {});
// killall() kills each greenlet not yet ready; with block, waits for them (timeout).
void killall(const std::vector<GreenletPtr>& greenlets, std::exception_ptr e = {},
             bool block = true, std::optional<double> timeout = {});
// wait() runs the loop until nothing is left to wait for (gevent.wait()).
void wait();

}  // namespace coroscope::hub
