#include "hub/Clock.hpp"

#include <algorithm>
#include <cmath>
#include <thread>

namespace coroscope::hub {

namespace {
int to_timeout_ms(double seconds) {
  if (!std::isfinite(seconds)) return -1;
  if (seconds <= 0) return 0;
  return static_cast<int>(std::min(std::ceil(seconds * 1000.0), 1e9));
}
}  // namespace

void VirtualClock::idle_until(double deadline) {
  now_ = std::max(now_, deadline);
}

int VirtualClock::io_timeout_ms(double deadline) const {
  return to_timeout_ms(deadline - now_);
}

void VirtualClock::waited(std::chrono::nanoseconds real) {
  now_ += std::chrono::duration<double>(real).count();
}

RealClock::RealClock(double speed) : speed_(std::clamp(speed, 0.1, 10.0)), start_(Steady::now()) {}

double RealClock::now() const {
  return base_ + std::chrono::duration<double>(Steady::now() - start_).count() * speed_;
}

void RealClock::set_speed(double s) {
  base_ = now();
  start_ = Steady::now();
  speed_ = std::clamp(s, 0.1, 10.0);
}

void RealClock::idle_until(double deadline) {
  const double wait = (deadline - now()) / speed_;
  if (wait > 0) std::this_thread::sleep_for(std::chrono::duration<double>(wait));
}

int RealClock::io_timeout_ms(double deadline) const {
  return to_timeout_ms((deadline - now()) / speed_);
}

}  // namespace coroscope::hub
