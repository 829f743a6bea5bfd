// gevent.Timeout as TimeoutGuard, with_timeout_scope and with_timeout
// (../shared/SEMANTICS.md 10).
#include "hub/Timeout.hpp"

#include <gtest/gtest.h>

#include <any>
#include <optional>
#include <stdexcept>
#include <string>

#include "core/hub/HubFixture.hpp"
#include "hub/Event.hpp"
#include "hub/Queue.hpp"

namespace coroscope::hub {
namespace {

using testing::Lines;

class TimeoutTest : public testing::HubTest {};

std::string repr(const Value& v) {
  if (!v.has_value()) return "None";
  return "'" + std::any_cast<std::string>(v) + "'";
}

// The guard raises in its owner only, at the owner's blocking point; a
// greenlet sleeping past the deadline is not disturbed.
TEST_F(TimeoutTest, FiresInTheOwnerAtItsBlockingPoint) {
  run([&] {
    auto bystander = spawn([&] {
      sleep(1);
      log("bystander: slept undisturbed until t=%.1f", now());
      return Value();
    });
    try {
      TimeoutGuard t(0.5);
      log("main: pending=%d str='%s'", t.pending(), t.str().c_str());
      sleep(2);
      log("never printed");
    } catch (const Timeout& e) {
      log("main: Timeout '%s' at t=%.1f", e.what(), now());
    }
    bystander->join();
  });
  EXPECT_EQ(log_,
            (Lines{"main: pending=1 str='0.5 seconds'", "main: Timeout '0.5 seconds' at t=0.5",
                   "bystander: slept undisturbed until t=1.0"}));
}

// The blocking call it interrupts cleans up after itself: no getter or link is
// left behind, no timer stays armed.
TEST_F(TimeoutTest, InterruptedWaitsLeaveNothingBehind) {
  run([&] {
    Queue q;
    Event ev;
    try {
      TimeoutGuard t(0.5);
      q.get();
    } catch (const Timeout&) {
      log("queue get interrupted at t=%.1f: getters=%zu", now(), q.getters());
    }
    try {
      TimeoutGuard t(0.5);
      ev.wait(10);
    } catch (const Timeout&) {
      log("event wait interrupted at t=%.1f: linkcount=%zu timers=%zu", now(), ev.linkcount(),
          Hub::get().active_timers());
    }
  });
  EXPECT_EQ(log_, (Lines{"queue get interrupted at t=0.5: getters=0",
                         "event wait interrupted at t=1.0: linkcount=0 timers=0"}));
}

TEST_F(TimeoutTest, CancelPendingAndRestart) {
  run([&] {
    TimeoutGuard t(0.5, {}, false, /*start_now=*/false);
    log("created: pending=%d", t.pending());
    t.start();
    log("started: pending=%d", t.pending());
    t.cancel();
    log("cancelled: pending=%d", t.pending());
    sleep(1);
    log("slept 1 s undisturbed, t=%.1f", now());
    t.start();
    try {
      sleep(1);
    } catch (const Timeout& e) {
      log("restarted: Timeout at t=%.1f, owns=%d, pending=%d", now(), t.owns(e), t.pending());
    }
    auto started = TimeoutGuard::start_new(1);
    log("start_new: pending=%d", started.pending());
  });
  EXPECT_EQ(log_,
            (Lines{"created: pending=0", "started: pending=1", "cancelled: pending=0",
                   "slept 1 s undisturbed, t=1.0", "restarted: Timeout at t=1.5, owns=1, pending=0",
                   "start_new: pending=1"}));
}

TEST_F(TimeoutTest, Str) {
  run([&] {
    auto str = [](double seconds, std::exception_ptr e = {}, bool silent = false) {
      return TimeoutGuard(seconds, std::move(e), silent, /*start_now=*/false).str();
    };
    for (const std::string& s :
         {str(0.5), str(1), str(2, {}, true),
          str(2, std::make_exception_ptr(std::runtime_error("boom"))), str(-1)}) {
      log("'%s'", s.c_str());
    }
  });
  EXPECT_EQ(log_, (Lines{"'0.5 seconds'", "'1 second'", "'2 seconds (silent)'", "'2 seconds: boom'",
                         "''"}));
}

// seconds < 0 is gevent's None: started, it never fires.
TEST_F(TimeoutTest, NegativeSecondsNeverFires) {
  run([&] {
    TimeoutGuard t(-1);
    log("pending=%d timers=%zu", t.pending(), Hub::get().active_timers());
    sleep(1);
    log("slept 1 s undisturbed");
  });
  EXPECT_EQ(log_, (Lines{"pending=0 timers=0", "slept 1 s undisturbed"}));
}

// gevent's `with Timeout(s, False):` swallows its own expiry; execution goes
// on after the block.
TEST_F(TimeoutTest, SilentScope) {
  run([&] {
    bool finished = with_timeout_scope(0.5, [&] {
      sleep(1);
      log("never printed");
    });
    log("with_timeout_scope(0.5, sleep 1) -> %d at t=%.1f", finished, now());
    finished = with_timeout_scope(1, [&] { sleep(0.5); });
    log("with_timeout_scope(1, sleep 0.5) -> %d at t=%.1f", finished, now());
  });
  EXPECT_EQ(log_, (Lines{"with_timeout_scope(0.5, sleep 1) -> 0 at t=0.5",
                         "with_timeout_scope(1, sleep 0.5) -> 1 at t=1.0"}));
}

// An inner, shorter timeout fires without affecting the outer one, which
// stays pending and fires later.
TEST_F(TimeoutTest, InnerFiresAndOuterStaysPending) {
  run([&] {
    TimeoutGuard outer(1);
    const bool finished = with_timeout_scope(0.3, [&] { sleep(5); });
    log("inner fired=%d at t=%.1f, outer pending=%d", !finished, now(), outer.pending());
    try {
      sleep(5);
    } catch (const Timeout& e) {
      log("outer fired at t=%.1f, outer owns it=%d", now(), outer.owns(e));
    }
  });
  EXPECT_EQ(log_, (Lines{"inner fired=1 at t=0.3, outer pending=1",
                         "outer fired at t=1.0, outer owns it=1"}));
}

// An outer, shorter timeout is not swallowed by an inner silent scope.
TEST_F(TimeoutTest, OuterTimeoutPassesThroughAnInnerScope) {
  run([&] {
    TimeoutGuard outer(0.2);
    try {
      with_timeout_scope(1, [&] { sleep(5); });
      log("never printed");
    } catch (const Timeout& e) {
      log("outer's Timeout '%s' passed through at t=%.1f, owns=%d", e.what(), now(), outer.owns(e));
    }
  });
  EXPECT_EQ(log_, (Lines{"outer's Timeout '0.2 seconds' passed through at t=0.2, owns=1"}));
}

TEST_F(TimeoutTest, WithTimeout) {
  run([&] {
    Value v = with_timeout(
        0.5,
        [&] {
          sleep(1);
          return Value(std::string("done"));
        },
        Value(std::string("timed out")));
    log("expired: %s at t=%.1f", repr(v).c_str(), now());
    v = with_timeout(
        1,
        [&] {
          sleep(0.5);
          return std::string("done");
        },
        Value(std::string("timed out")));
    log("finished: %s at t=%.1f", repr(v).c_str(), now());
    try {
      with_timeout(0.2, [&] { sleep(1); });
    } catch (const Timeout& e) {
      log("no timeout_value: Timeout '%s' at t=%.1f", e.what(), now());
    }
  });
  EXPECT_EQ(log_, (Lines{"expired: 'timed out' at t=0.5", "finished: 'done' at t=1.0",
                         "no timeout_value: Timeout '0.2 seconds' at t=1.2"}));
}

TEST_F(TimeoutTest, CustomException) {
  run([&] {
    try {
      TimeoutGuard t(0.2, std::make_exception_ptr(std::runtime_error("too slow")));
      sleep(1);
    } catch (const std::runtime_error& e) {
      log("runtime_error '%s' at t=%.1f", e.what(), now());
    }
  });
  EXPECT_EQ(log_, (Lines{"runtime_error 'too slow' at t=0.2"}));
}

// Killing the owner unwinds its guard, which cancels the timer; a guard that
// outlives its finished owner fires harmlessly.
TEST_F(TimeoutTest, OwnerKilledOrFinished) {
  run([&] {
    auto g = spawn([&] {
      TimeoutGuard t(5);
      sleep(10);
      return Value();
    });
    sleep(0);
    log("timers=%zu", Hub::get().active_timers());
    g->kill();
    log("killed: timers=%zu", Hub::get().active_timers());

    std::optional<TimeoutGuard> kept;
    auto h = spawn([&] {
      kept.emplace(0.2);
      return Value();
    });
    h->join();
    sleep(0.5);
    log("owner gone: pending=%d at t=%.1f", kept->pending(), now());
  });
  EXPECT_EQ(log_, (Lines{"timers=2", "killed: timers=0", "owner gone: pending=0 at t=0.5"}));
}

// A guard can fire while its owner is parked in sleep(0), whose wake-up
// callback is still queued (the hub cut the callback pass short: kMaxPass).
// That stale callback later wakes the owner wherever it waits next; an Event
// or Queue wait is not ended by such a stray wake and keeps waiting.
TEST_F(TimeoutTest, AStrayWakeDoesNotEndAWait) {
  run([&] {
    auto spin_until_timeout = [] {
      try {
        TimeoutGuard t(0);
        for (;;) sleep(0);
      } catch (const Timeout&) {
      }
    };
    Event ev;
    spin_until_timeout();
    const bool r = ev.wait(1);
    log("event wait(1) -> %d at t=%.1f", r, now());
    Queue q;
    spin_until_timeout();
    try {
      q.get(true, 1);
    } catch (const Empty&) {
      log("queue get(timeout=1): Empty at t=%.1f", now());
    }
  });
  EXPECT_EQ(log_, (Lines{"event wait(1) -> 0 at t=1.0", "queue get(timeout=1): Empty at t=2.0"}));
}

}  // namespace
}  // namespace coroscope::hub
