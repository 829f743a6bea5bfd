#pragma once
// Clock: the hub's time, in seconds since the run began. Deadlines are absolute.
//
//   VirtualClock v;            // jumps to the next deadline when nothing can run
//   RealClock r(2.0);          // monotonic time, running twice as fast
//   hub.set_clock(std::make_unique<VirtualClock>());
//
// The hub asks its clock three things when no greenlet can run: how long to
// block in the I/O poll (io_timeout_ms), how much time passed while it did
// (waited), and, with no I/O to wait for, to let time pass up to a deadline
// (idle_until). Virtual time only moves there, so a run is deterministic.

#include <chrono>
#include <limits>

namespace coroscope::hub {

inline constexpr double kForever = std::numeric_limits<double>::infinity();

class Clock {
 public:
  virtual ~Clock() = default;
  virtual double now() const = 0;
  // idle_until(deadline): nothing to run and no I/O watched: time passes to
  // deadline (finite). Virtual: at once. Real: the thread sleeps.
  virtual void idle_until(double deadline) = 0;
  // io_timeout_ms(deadline): how long the I/O poll may block, in real
  // milliseconds, for this clock to reach deadline (-1: no deadline).
  virtual int io_timeout_ms(double deadline) const = 0;
  // waited(real): the poll blocked for this much real time.
  virtual void waited(std::chrono::nanoseconds real) = 0;
  virtual bool is_virtual() const = 0;
};

// VirtualClock: time stands still while greenlets run and jumps to the next
// deadline when they all wait. While sockets are watched it follows the real
// time the poll blocked, at 1x.
class VirtualClock final : public Clock {
 public:
  double now() const override { return now_; }
  void idle_until(double deadline) override;
  int io_timeout_ms(double deadline) const override;
  void waited(std::chrono::nanoseconds real) override;
  bool is_virtual() const override { return true; }

 private:
  double now_ = 0;
};

// RealClock: the monotonic clock scaled by a speed factor (0.1x to 10x); a
// change of speed keeps now() continuous.
class RealClock final : public Clock {
 public:
  explicit RealClock(double speed = 1.0);
  double now() const override;
  void idle_until(double deadline) override;
  int io_timeout_ms(double deadline) const override;
  void waited(std::chrono::nanoseconds) override {}
  bool is_virtual() const override { return false; }

  double speed() const { return speed_; }
  // set_speed(s) clamps s to [0.1, 10].
  void set_speed(double s);

 private:
  using Steady = std::chrono::steady_clock;
  double speed_;
  double base_ = 0;  // now() at start_
  Steady::time_point start_;
};

}  // namespace coroscope::hub
