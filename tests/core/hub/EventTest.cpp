// gevent's Event and AsyncResult (../shared/SEMANTICS.md 11); the conformance
// twin's expected lines are the real gevent 22.10.2 output.
#include "hub/Event.hpp"

#include <gtest/gtest.h>

#include <any>
#include <stdexcept>
#include <string>

#include "core/hub/HubFixture.hpp"

namespace coroscope::hub {
namespace {

using testing::Lines;

class EventTest : public testing::HubTest {};

const char* py(bool b) {
  return b ? "True" : "False";
}

std::string repr(const Value& v) {
  if (!v.has_value()) return "None";
  if (v.type() == typeid(int)) return std::to_string(std::any_cast<int>(v));
  return "'" + std::any_cast<std::string>(v) + "'";
}

// Conformance 40: set() wakes all waiters in the order they began waiting, but
// only once the setter blocks; one arriving while the notifier is pending
// queues behind them. wait(timeout) returns the flag; clear() resets it.
TEST_F(EventTest, Conformance40) {
  run([&] {
    Event ev;
    auto waiter = [&](const char* name) {
      return [&, name] {
        log("%s: waiting", name);
        const bool r = ev.wait();
        log("%s: woke, wait() returned %s", name, py(r));
        return Value();
      };
    };
    auto setter = [&] {
      log("setter: setting");
      ev.set();
      log("setter: set() returned, is_set=%s; waiters have not run yet", py(ev.is_set()));
      sleep(0);
      log("setter: after sleep(0)");
      return Value();
    };
    joinall({spawn(waiter("w1")), spawn(waiter("w2")), spawn(setter), spawn(waiter("w3"))});
    log("wait() on set event returns immediately: %s", py(ev.wait()));
    ev.clear();
    const bool is_set = ev.is_set();
    const bool r = ev.wait(0.1);
    log("after clear: is_set=%s, wait(timeout=0.1) -> %s", py(is_set), py(r));
    log("ready(): %s", py(ev.ready()));
  });
  EXPECT_EQ(log_,
            (Lines{"w1: waiting", "w2: waiting", "setter: setting",
                   "setter: set() returned, is_set=True; waiters have not run yet", "w3: waiting",
                   "w1: woke, wait() returned True", "w2: woke, wait() returned True",
                   "w3: woke, wait() returned True", "setter: after sleep(0)",
                   "wait() on set event returns immediately: True",
                   "after clear: is_set=False, wait(timeout=0.1) -> False", "ready(): False"}));
}

// Waiters resume in the order they began waiting (not spawn order), and only
// once the setter blocks.
TEST_F(EventTest, WaitersResumeInWaitOrderOnceTheSetterBlocks) {
  run([&] {
    Event ev;
    auto late = spawn([&] {
      sleep(0);
      log("late: waiting");
      ev.wait();
      log("late: woke");
      return Value();
    });
    auto early = spawn([&] {
      log("early: waiting");
      ev.wait();
      log("early: woke");
      return Value();
    });
    sleep(0);
    sleep(0);
    log("main: set, linkcount=%zu", ev.linkcount());
    ev.set();
    log("main: still running");
    joinall({late, early});
    log("main: linkcount=%zu", ev.linkcount());
  });
  EXPECT_EQ(log_, (Lines{"early: waiting", "late: waiting", "main: set, linkcount=2",
                         "main: still running", "early: woke", "late: woke", "main: linkcount=0"}));
}

TEST_F(EventTest, WaitOnASetEventDoesNotBlock) {
  run([&] {
    Event ev;
    auto other = spawn([&] {
      log("other ran");
      return Value();
    });
    ev.set();  // nobody waits: no notifier
    log("wait() -> %s", py(ev.wait()));
    log("wait(0) -> %s", py(ev.wait(0)));
    other->join();
  });
  EXPECT_EQ(log_, (Lines{"wait() -> True", "wait(0) -> True", "other ran"}));
}

TEST_F(EventTest, WaitTimeoutOnAnUnsetEventReturnsFalse) {
  run([&] {
    Event ev;
    bool r = ev.wait(0.5);  // (arguments are evaluated in no set order)
    log("wait(0.5) -> %s at t=%.1f", py(r), now());
    spawn([&] {
      sleep(0.2);
      ev.set();
      return Value();
    });
    r = ev.wait(1);
    log("wait(1) -> %s at t=%.1f", py(r), now());
    EXPECT_EQ(ev.linkcount(), 0u);
  });
  EXPECT_EQ(log_, (Lines{"wait(0.5) -> False at t=0.5", "wait(1) -> True at t=0.7"}));
}

// A waiter notified of a set() returns true even if the flag was cleared
// before it ran (gevent 1.1's answer to bpo-13502); later waits block again.
TEST_F(EventTest, ClearAfterSetStillWakesThoseWaiting) {
  run([&] {
    Event ev;
    auto w = spawn([&] {
      const bool r = ev.wait();
      log("waiter: wait() -> %s, is_set=%s", py(r), py(ev.is_set()));
      return Value();
    });
    sleep(0);
    ev.set();
    ev.clear();
    w->join();
    log("main: wait(0.1) -> %s", py(ev.wait(0.1)));
  });
  EXPECT_EQ(log_, (Lines{"waiter: wait() -> True, is_set=False", "main: wait(0.1) -> False"}));
}

// A killed waiter leaves no link behind; a later set() wakes nobody and breaks
// nothing, and a killed waiter's timeout timer is cancelled.
TEST_F(EventTest, KilledWaiterLeavesNoLink) {
  run([&] {
    Event ev;
    auto forever = spawn([&] {
      ev.wait();
      log("never printed");
      return Value();
    });
    auto timed = spawn([&] {
      ev.wait(10);
      log("never printed either");
      return Value();
    });
    sleep(0);
    log("linkcount=%zu timers=%zu", ev.linkcount(), Hub::get().active_timers());
    forever->kill();
    timed->kill();
    log("after kill: linkcount=%zu timers=%zu", ev.linkcount(), Hub::get().active_timers());
    ev.set();
    sleep(0);
    log("set: is_set=%s", py(ev.is_set()));
  });
  EXPECT_EQ(log_, (Lines{"linkcount=2 timers=1", "after kill: linkcount=0 timers=0",
                         "set: is_set=True"}));
}

// The greenlet woken first may destroy the Event; the notifier still wakes
// the rest (they share the waiters' block).
TEST_F(EventTest, WokenGreenletMayDestroyTheEvent) {
  run([&] {
    auto ev = std::make_unique<Event>();
    Event* raw = ev.get();
    auto first = spawn([&] {
      raw->wait();
      ev.reset();
      log("first: destroyed the event");
      return Value();
    });
    auto second = spawn([&] {
      log("second: wait() -> %s", py(raw->wait()));
      return Value();
    });
    sleep(0);
    raw->set();
    joinall({first, second});
  });
  EXPECT_EQ(log_, (Lines{"first: destroyed the event", "second: wait() -> True"}));
}

TEST_F(EventTest, WaitingInsideTheHubIsRefused) {
  run([&] {
    Event ev;
    auto g = spawn([] { return Value(); });
    g->rawlink([&](Greenlet&) {
      try {
        ev.wait();
      } catch (const BlockingSwitchOutError& e) {
        log("%s; linkcount=%zu", e.what(), ev.linkcount());
      }
    });
    g->join();
    sleep(0);
  });
  EXPECT_EQ(log_, (Lines{"Impossible to call blocking function in the event loop callback; "
                         "linkcount=0"}));
}

// ---- AsyncResult ---------------------------------------------------------------------

TEST_F(EventTest, AsyncResultWakesGettersWithTheValue) {
  run([&] {
    AsyncResult r;
    auto getter = [&](const char* name) {
      return [&, name] {
        log("%s: get() -> %s", name, repr(r.get()).c_str());
        return Value();
      };
    };
    auto a = spawn(getter("a"));
    auto b = spawn(getter("b"));
    sleep(0);
    log("ready=%s successful=%s", py(r.ready()), py(r.successful()));
    r.set(42);
    log("set(42): ready=%s successful=%s value=%s", py(r.ready()), py(r.successful()),
        repr(r.value()).c_str());
    joinall({a, b});
    log("get() -> %s, wait() -> %s, get_nowait() -> %s", repr(r.get()).c_str(),
        repr(r.wait()).c_str(), repr(r.get_nowait()).c_str());
  });
  EXPECT_EQ(log_, (Lines{"ready=False successful=False",
                         "set(42): ready=True successful=True value=42", "a: get() -> 42",
                         "b: get() -> 42", "get() -> 42, wait() -> 42, get_nowait() -> 42"}));
}

TEST_F(EventTest, AsyncResultException) {
  run([&] {
    AsyncResult r;
    auto g = spawn([&] {
      try {
        r.get();
      } catch (const std::invalid_argument& e) {
        log("getter: get() raised %s", e.what());
      }
      return Value();
    });
    auto w = spawn([&] {
      log("waiter: wait() -> %s", repr(r.wait()).c_str());
      return Value();
    });
    sleep(0);
    r.set_exception(std::make_exception_ptr(std::invalid_argument("bad value")));
    joinall({g, w});
    log("ready=%s successful=%s value=%s exception=%s", py(r.ready()), py(r.successful()),
        repr(r.value()).c_str(), py(r.exception() != nullptr));
    try {
      r.get(false);
    } catch (const std::invalid_argument& e) {
      log("get(block=False) raised %s", e.what());
    }
  });
  EXPECT_EQ(log_, (Lines{"getter: get() raised bad value", "waiter: wait() -> None",
                         "ready=True successful=False value=None exception=True",
                         "get(block=False) raised bad value"}));
}

TEST_F(EventTest, AsyncResultTimeouts) {
  run([&] {
    AsyncResult r;
    try {
      r.get(false);
    } catch (const Timeout& e) {
      log("get(block=False): Timeout '%s' at t=%.1f", e.what(), now());
    }
    try {
      r.get(true, 0.5);
    } catch (const Timeout& e) {
      log("get(timeout=0.5): Timeout '%s' at t=%.1f", e.what(), now());
    }
    Value v = r.wait(0.2);  // (arguments are evaluated in no set order)
    log("wait(0.2) -> %s at t=%.1f", repr(v).c_str(), now());
    spawn([&] {
      sleep(0.1);
      r.set(std::string("late"));
      return Value();
    });
    v = r.get(true, 1);
    log("get(timeout=1) -> %s at t=%.1f", repr(v).c_str(), now());
    log("linkcount=%zu", r.linkcount());
  });
  EXPECT_EQ(log_,
            (Lines{"get(block=False): Timeout '' at t=0.0",
                   "get(timeout=0.5): Timeout '0.5 seconds' at t=0.5", "wait(0.2) -> None at t=0.7",
                   "get(timeout=1) -> 'late' at t=0.8", "linkcount=0"}));
}

}  // namespace
}  // namespace coroscope::hub
