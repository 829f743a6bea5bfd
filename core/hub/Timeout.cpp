#include "hub/Timeout.hpp"

#include <atomic>
#include <cassert>

#include "hub/Report.hpp"

namespace coroscope::hub {

namespace {
std::atomic<std::uint64_t> next_serial{1};
}

TimeoutGuard::TimeoutGuard(double seconds, std::exception_ptr exception, bool silent,
                           bool start_now)
    : seconds_(seconds), exception_(std::move(exception)), silent_(silent), serial_(next_serial++) {
  assert(!(silent_ && exception_) && "TimeoutGuard: silent raises its own Expired");
  if (start_now) start();
}

TimeoutGuard::~TimeoutGuard() {
  cancel();
}

void TimeoutGuard::start() {
  assert(!pending() && "TimeoutGuard::start: already started; cancel it first");
  if (seconds_ < 0) return;  // gevent's None: never fires
  Hub& hub = Hub::get();
  hub_ = &hub;
  GreenletRef owner = runtime::getcurrent();
  assert(owner.get() != &hub && "TimeoutGuard::start: the hub cannot be an owner");
  std::exception_ptr e =
      exception_ ? exception_ : std::make_exception_ptr(Expired(seconds_, str(), serial_));
  timer_ = hub.start_timer(
      hub.refresh_now() + seconds_,
      [this, &hub, owner, e] {
        timer_ = 0;  // fired; once the owner runs, *this may be gone
        if (owner->dead()) return;
        hub.emit(runtime::Sched::Wake, owner.get(), "timeout: raised in its owner");
        owner->throw_into(e);
      },
      owner.get());
}

void TimeoutGuard::cancel() {
  if (!timer_) return;
  hub_->cancel_timer(timer_);
  timer_ = 0;
}

std::string TimeoutGuard::str() const {
  if (seconds_ < 0) return "";
  std::string text = Timeout(seconds_).what();
  if (silent_) return text + " (silent)";
  if (exception_) return text + ": " + describe(exception_).message;
  return text;
}

bool TimeoutGuard::owns(const std::exception& e) const {
  const auto* expired = dynamic_cast<const Expired*>(&e);
  return expired && expired->guard() == serial_;
}

}  // namespace coroscope::hub
