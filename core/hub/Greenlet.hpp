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
#include <vector>

#include "hub/Hub.hpp"

namespace coroscope::hub {

class Greenlet;
using GreenletPtr = boost::intrusive_ptr<Greenlet>;

class Greenlet final : public runtime::Greenlet {
 public:
  using Fn = std::function<Value()>;
  using LinkFn = std::function<void(Greenlet&)>;

  // create(fn, name) makes an unscheduled greenlet (gevent's Greenlet(fn)).
  static GreenletPtr create(Fn fn, std::string name = {});

  // start() schedules the first run as one hub callback; start_later(s) as a
  // timer s seconds after the loop's cached now.
  void start();
  void start_later(double seconds);

  bool started() const { return scheduled_ && !ready_; }  // gevent: bool(g)
  bool ready() const { return ready_; }
  bool dead() const { return killed_before_start_ || runtime::Greenlet::dead(); }
  // successful() is ready without an exception; a GreenletExit kill counts.
  bool successful() const { return ready_ && !exception_; }
  const Value& value() const { return value_; }  // the result, or the GreenletExit of a kill
  std::exception_ptr exception() const { return exception_; }

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
  Greenlet(Fn fn, std::string name);
  enum class LinkKind { Raw, Spawned, OnValue, OnException };
  std::uint64_t add_link(LinkKind kind, LinkFn cb);
  void finish_before_start(std::exception_ptr e);
  void became_ready();
  void notify_links();

  struct Link {
    std::uint64_t id;
    LinkKind kind;
    LinkFn fn;
  };

  Hub& hub_;
  Fn fn_;
  Value value_;
  std::exception_ptr exception_;
  bool scheduled_ = false;
  bool ready_ = false;
  bool killed_before_start_ = false;
  bool notify_scheduled_ = false;
  std::uint64_t start_id_ = 0;  // the start callback or timer
  bool start_is_timer_ = false;
  std::uint64_t next_link_ = 1;
  std::vector<Link> links_;
};

// gevent's module functions.
GreenletPtr spawn(Greenlet::Fn fn, std::string name = {});
GreenletPtr spawn_later(double seconds, Greenlet::Fn fn, std::string name = {});
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
