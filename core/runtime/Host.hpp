#pragma once
// Host: runs a program's main greenlet on a fiber of its own and gets control
// back whenever it asks: at every switch, or when a budget of operations is
// spent. The greenlets never see the host; for them, main is main.
//
//   Host host([] { /* the program: greenlets, switches... */ return Value{}; });
//   host.set_stop_at_switch(true);
//   while (!host.finished()) {
//     Stop s = host.resume();        // returns before s.target runs
//     ...                            // the world is frozen here: inspect, draw, wait
//   }
//   host.result();                   // main's return value, or rethrows what it raised
//
// A Host is used from one thread. Destroying it with main unfinished throws
// GreenletExit into main (and into a greenlet stopped before it first ran) so
// that their cleanup runs.

#include <cstdint>
#include <functional>
#include <memory>

#include "runtime/World.hpp"

namespace coroscope::runtime {

class Host {
 public:
  explicit Host(std::function<Value()> main_run, GreenletOptions main_options = {});
  ~Host();
  Host(const Host&) = delete;
  Host& operator=(const Host&) = delete;

  // resume(budget) runs the world until it stops: at the next transfer if
  // stop_at_switch is on, when World::charge() has spent budget operations, or
  // when main finishes. Calling it after main finished returns Finished again.
  // The greenlets a Stop names stay alive at least until the next resume().
  Stop resume(std::int64_t budget = INT64_MAX);
  void set_stop_at_switch(bool on) { stop_at_switch_ = on; }

  bool finished() const { return finished_; }
  // result() is main's return value; it rethrows what main raised.
  Value result() const;
  std::exception_ptr error() const { return error_; }

  World& world() { return *world_; }

 private:
  std::unique_ptr<World> world_;
  bool stop_at_switch_ = false;
  bool finished_ = false;
  Value value_;
  std::exception_ptr error_;
};

}  // namespace coroscope::runtime
