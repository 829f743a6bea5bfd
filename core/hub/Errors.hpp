#pragma once
// The hub's exceptions, named as in gevent. Like GreenletExit, Timeout and
// LoopExit are BaseExceptions in gevent: they derive from std::exception only.

#include <stdexcept>
#include <string>

namespace coroscope::hub {

// LoopExit: the hub has nothing left to wait for; thrown into main.
class LoopExit : public std::exception {
 public:
  const char* what() const noexcept override { return "This operation would block forever"; }
};

// BlockingSwitchOutError: a blocking call inside the hub (a callback or rawlink).
class BlockingSwitchOutError : public std::runtime_error {
 public:
  BlockingSwitchOutError()
      : std::runtime_error("Impossible to call blocking function in the event loop callback") {}
};

// Timeout: a wait ran out of time (join/get/wait with a timeout, or a Timeout
// that fired). what() is gevent's str(): "0.5 seconds", "1 second", "".
class Timeout : public std::exception {
 public:
  explicit Timeout(double seconds = -1);
  const char* what() const noexcept override { return text_.c_str(); }
  double seconds() const { return seconds_; }

 private:
  double seconds_;
  std::string text_;
};

}  // namespace coroscope::hub
