#pragma once
// Event and AsyncResult: gevent.event's flag and one-shot result that greenlets
// wait on. set() queues one notifier callback; it wakes the waiters in the
// order they began waiting, so they run only once the setter blocks.
//
//   Event ready;
//   spawn([&] { ready.wait(); return Value(); });  // parks until set
//   ready.set();                  // the waiter runs when we next block
//   bool ok = ready.wait(0.5);    // false if still unset after 0.5 s
//
//   AsyncResult r;
//   spawn([&] { r.set(42); return Value(); });
//   Value v = r.get();            // 42, or rethrows what set_exception() stored
//
// The waiters (and AsyncResult's result) live in a block shared by the object,
// its pending notifier and each waiting greenlet, so a greenlet may destroy the
// object while others still wait on it or are being woken by it.

#include <cstddef>
#include <exception>
#include <memory>
#include <optional>

#include "hub/Hub.hpp"

namespace coroscope::hub {

namespace detail {
struct WaitList;
}

class Event {
 public:
  Event();
  ~Event();
  Event(const Event&) = delete;
  Event& operator=(const Event&) = delete;

  // set() sets the flag and, if greenlets wait, queues one notifier callback
  // that wakes them all. Never blocks; any greenlet or the hub may call it.
  void set();
  // clear() resets the flag. Waiters already being notified still return true.
  void clear();
  bool is_set() const;
  bool ready() const { return is_set(); }

  // wait(timeout) returns true once the flag is set: at once if it is set and
  // nobody is being notified, otherwise after those being woken (a waiter that
  // arrives while the notifier is pending queues behind them). Unset: parks
  // until set() (true) or until timeout seconds pass (false). Greenlets only;
  // a wait that would block in the hub throws BlockingSwitchOutError.
  bool wait(std::optional<double> timeout = {});

  // linkcount() counts the greenlets parked in wait() (gevent's linkcount()).
  std::size_t linkcount() const;

 private:
  std::shared_ptr<detail::WaitList> list_;
};

class AsyncResult {
 public:
  AsyncResult();
  ~AsyncResult();
  AsyncResult(const AsyncResult&) = delete;
  AsyncResult& operator=(const AsyncResult&) = delete;

  // set(v) stores v and wakes the waiters as Event::set() does; set_exception(e)
  // stores e instead. The last call wins.
  void set(Value v = {});
  void set_exception(std::exception_ptr e);

  // ready() holds a value or an exception; successful() holds a value.
  bool ready() const;
  bool successful() const;
  // value() is the stored value, empty unless successful().
  const Value& value() const;
  // exception() is the stored exception, null unless set_exception() was called.
  std::exception_ptr exception() const;

  // get(block, timeout) returns the value or rethrows the exception, at once if
  // ready (never waiting for the notifier). Not ready: without block, throws
  // hub::Timeout(); else parks until ready, or throws hub::Timeout(timeout)
  // once timeout seconds pass.
  Value get(bool block = true, std::optional<double> timeout = {});
  Value get_nowait() { return get(false); }

  // wait(timeout) waits like Event::wait() and returns value(): empty after
  // set_exception() or a timeout. It never throws the stored exception.
  Value wait(std::optional<double> timeout = {});

  std::size_t linkcount() const;

 private:
  std::shared_ptr<detail::WaitList> list_;  // also holds the result
};

}  // namespace coroscope::hub
