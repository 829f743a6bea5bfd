#pragma once
// TimeoutGuard: gevent.Timeout as an object. The greenlet that starts it is
// its owner; when the time is up the hub raises an exception in the owner at
// its blocking point (by default a hub::Timeout that names this guard). Only
// the owner is affected; the guard is cancelled when it goes out of scope.
//
//   { TimeoutGuard t(0.5); q.get(); }               // Timeout "0.5 seconds" after 0.5 s
//   bool done = with_timeout_scope(1, [&] { work(); });  // Timeout(1, False): false on expiry
//   Value v = with_timeout(1, [&] { return q.get(); }, Value(std::string("late")));
//   try { ... } catch (const Timeout& e) { if (!t.owns(e)) throw; }  // mine, not an outer one
//
// The Timeout exception class itself is in hub/Errors.hpp.

#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "hub/Errors.hpp"
#include "hub/Hub.hpp"

namespace coroscope::hub {

class TimeoutGuard {
 public:
  // Expired is the hub::Timeout a guard raises unless given another
  // exception; what() is the guard's str().
  class Expired : public Timeout {
   public:
    Expired(double seconds, std::string text, std::uint64_t guard)
        : Timeout(seconds), text_(std::move(text)), guard_(guard) {}
    const char* what() const noexcept override { return text_.c_str(); }
    std::uint64_t guard() const { return guard_; }

   private:
    std::string text_;
    std::uint64_t guard_;
  };

  // TimeoutGuard(seconds, exception, silent, start_now): seconds < 0 is
  // gevent's None, a guard that never fires. exception, if given, is raised
  // instead of an Expired. silent is gevent's exception=False: the guard raises
  // its own Expired, which with_timeout_scope() swallows (not with exception).
  // With start_now the current greenlet starts it at once.
  explicit TimeoutGuard(double seconds, std::exception_ptr exception = {}, bool silent = false,
                        bool start_now = true);
  // ~TimeoutGuard() cancels it.
  ~TimeoutGuard();
  TimeoutGuard(const TimeoutGuard&) = delete;
  TimeoutGuard& operator=(const TimeoutGuard&) = delete;

  // start_new(seconds, exception) is a guard started by the current greenlet.
  static TimeoutGuard start_new(double seconds, std::exception_ptr exception = {}) {
    return TimeoutGuard(seconds, std::move(exception));
  }

  // start() arms the timer, seconds from the clock's now, for the current
  // greenlet, which becomes the owner. Not while pending(); not in the hub.
  void start();
  // cancel() disarms it; it may be started again.
  void cancel();
  // pending() is started and neither fired nor cancelled.
  bool pending() const { return timer_ != 0; }

  double seconds() const { return seconds_; }
  bool silent() const { return silent_; }
  // str() is gevent's str(): "0.5 seconds", "1 second", "2 seconds (silent)",
  // "2 seconds: <what() of the exception>", "" for a guard that never fires.
  std::string str() const;
  // owns(e) is true when e is the Expired this guard raised.
  bool owns(const std::exception& e) const;

 private:
  double seconds_;
  std::exception_ptr exception_;
  bool silent_;
  std::uint64_t serial_;
  Hub* hub_ = nullptr;  // the owner's, once started
  std::uint64_t timer_ = 0;
};

// with_timeout_scope(seconds, body) runs body under a silent guard (gevent's
// `with Timeout(seconds, False):`): true if body finished, false if the guard
// fired inside it, after which the caller simply goes on. Anything else body
// raises, an outer guard's Timeout included, passes through.
template <class F>
bool with_timeout_scope(double seconds, F&& body) {
  TimeoutGuard guard(seconds, {}, true);
  try {
    body();
  } catch (const Timeout& e) {
    if (!guard.owns(e)) throw;
    return false;
  }
  return true;
}

// with_timeout(seconds, f, timeout_value) is gevent.with_timeout: f()'s result
// (empty for a void f). If the guard fires inside f it returns timeout_value,
// or without one lets the Timeout propagate.
template <class F>
Value with_timeout(double seconds, F&& f, std::optional<Value> timeout_value = {}) {
  TimeoutGuard guard(seconds);
  try {
    if constexpr (std::is_void_v<std::invoke_result_t<F&>>) {
      f();
      return {};
    } else {
      return Value(f());
    }
  } catch (const Timeout& e) {
    if (!timeout_value || !guard.owns(e)) throw;
    return std::move(*timeout_value);
  }
}

}  // namespace coroscope::hub
