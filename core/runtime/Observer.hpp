#pragma once
// Observer: the hook the trace layer plugs into, shaped like greenlet.settrace.
//
//   struct Log : Observer {
//     void on_transfer(Transfer t, Greenlet& origin, Greenlet& target) override { ... }
//   };
//   Log log; Observer* previous = settrace(&log);   // per world, returns the previous one
//
// on_transfer() is called for every transfer of control, in order, just before
// the target runs: Transfer::Switch for a switch or a value delivered to a parent,
// Transfer::Throw for throw_into() and for an exception travelling to a parent.
// It is called on the origin's fiber and must not switch. Without an observer a
// transfer costs one predictable branch.

namespace coroscope::runtime {

class Greenlet;

enum class Transfer { Switch, Throw };

inline const char* to_string(Transfer t) {
  return t == Transfer::Switch ? "switch" : "throw";
}

class Observer {
 public:
  virtual ~Observer() = default;
  virtual void on_transfer(Transfer kind, Greenlet& origin, Greenlet& target) = 0;
};

}  // namespace coroscope::runtime
