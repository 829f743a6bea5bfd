// kill, links and the trace (SEMANTICS.md 6-10, issue 3 section 5).
#include <gtest/gtest.h>

#include <any>

#include "core/hub/HubFixture.hpp"

namespace coroscope::hub {
namespace {

using testing::HubTest;
using testing::Lines;

struct Trace : runtime::Observer {
  Lines events;
  bool sched = false;  // also record scheduling events
  void on_transfer(runtime::Transfer kind, runtime::Greenlet& o, runtime::Greenlet& t) override {
    events.push_back(std::string(to_string(kind)) + " " + o.name() + "->" + t.name());
  }
  void on_sched(const runtime::SchedEvent& e) override {
    if (!sched) return;
    events.push_back(std::string("  ") + to_string(e.kind) + " " +
                     (e.greenlet ? e.greenlet->name() : "-") + ": " + e.what);
  }
};

// Conformance 49: the switch protocol of two greenlets doing one sleep(0) each.
TEST_F(HubTest, SwitchTraceOfSleep0) {
  Trace trace;
  run([&] {
    auto foo = spawn(
        [] {
          sleep(0);
          return Value();
        },
        "foo");
    auto bar = spawn(
        [] {
          sleep(0);
          return Value();
        },
        "bar");
    runtime::settrace(&trace);
    joinall({foo, bar});
    runtime::settrace(nullptr);
  });
  EXPECT_EQ(trace.events,
            (Lines{"switch main->hub", "switch hub->foo", "switch foo->hub", "switch hub->bar",
                   "switch bar->hub", "switch hub->foo", "switch foo->hub", "switch hub->bar",
                   "switch bar->hub", "switch hub->main",
                   // As gevent's iwait: main takes foo, parks again, takes bar.
                   "switch main->hub", "switch hub->main"}));
}

// Issue 3, section 5: the seed program (foo sleeps 1, bar sleeps 2, joinall),
// switches in greenlet's words, with the scheduling decisions between them.
TEST_F(HubTest, SeedProgramTrace) {
  Trace trace;
  trace.sched = true;
  run([&] {
    runtime::settrace(&trace);
    auto foo = spawn(
        [] {
          sleep(1);
          return Value();
        },
        "foo");
    auto bar = spawn(
        [] {
          sleep(2);
          return Value();
        },
        "bar");
    joinall({foo, bar});
    runtime::settrace(nullptr);
  });
  EXPECT_EQ(trace.events, (Lines{
                              "  spawn foo: spawn",
                              "  spawn bar: spawn",
                              "  park main: joinall",
                              "switch main->hub",
                              "switch hub->foo",
                              "  timer armed foo: timer",
                              "  park foo: sleep",
                              "switch foo->hub",
                              "switch hub->bar",
                              "  timer armed bar: timer",
                              "  park bar: sleep",
                              "switch bar->hub",
                              "  timer fired foo: timer",
                              "  wake foo: its sleep is over",
                              "switch hub->foo",
                              "  exit foo: returned",
                              "switch foo->hub",
                              "  wake main: joinall: one more greenlet is ready",
                              "switch hub->main",
                              "  park main: joinall",
                              "switch main->hub",
                              "  timer fired bar: timer",
                              "  wake bar: its sleep is over",
                              "switch hub->bar",
                              "  exit bar: returned",
                              "switch bar->hub",
                              "  wake main: joinall: enough greenlets are ready",
                              "switch hub->main",
                          }));
}

// SEMANTICS 10: kill of a greenlet that never started: it never runs.
TEST_F(HubTest, KillUnstartedNeverRuns) {
  run([&] {
    auto g = spawn([&] {
      log("never printed");
      return Value();
    });
    bool linked = false;
    g->rawlink([&](Greenlet&) { linked = true; });
    g->kill();
    log("dead=%d successful=%d exit=%d", g->dead(), g->successful(),
        g->value().type() == typeid(runtime::GreenletExit));
    sleep(0);
    log("links still run: %d", linked);
  });
  EXPECT_EQ(log_, (Lines{"dead=1 successful=1 exit=1", "links still run: 1"}));
}

// The kill is queued behind what is already queued: a target parked in
// sleep(0) resumes normally and gets the exception at its next blocking call;
// a target in sleep(0.1) gets it at once.
TEST_F(HubTest, KillIsDeliveredBehindQueuedCallbacks) {
  run([&] {
    auto body = [&](const char* name, double pause) {
      return [&, name, pause] {
        try {
          for (int i = 0;; ++i) {
            log("%s step %d", name, i);
            sleep(pause);
          }
        } catch (const runtime::GreenletExit&) {
          log("%s got GreenletExit", name);
          throw;
        }
        return Value();
      };
    };
    auto zero = spawn(body("zero", 0));
    auto slow = spawn(body("slow", 0.1));
    sleep(0);  // both have run once: zero is queued for its turn, slow has a timer
    zero->kill(std::exception_ptr{}, false);
    slow->kill(std::exception_ptr{}, false);
    log("kills queued");
    joinall({zero, slow});
  });
  EXPECT_EQ(log_, (Lines{"zero step 0", "slow step 0", "kills queued", "zero step 1",
                         "zero got GreenletExit", "slow got GreenletExit"}));
}

TEST_F(HubTest, KillWithACustomExceptionThatIsHandled) {
  run([&] {
    auto g = spawn([]() -> Value {
      try {
        sleep(10);
      } catch (const std::range_error& e) {
        return std::string("handled: ") + e.what();
      }
      return {};
    });
    sleep(0);
    g->kill(std::make_exception_ptr(std::range_error("stop")));
    log("%s successful=%d", std::any_cast<std::string>(g->value()).c_str(), g->successful());
    g->kill();  // already ready: no-op
    log("value kept: %s", std::any_cast<std::string>(g->value()).c_str());
  });
  EXPECT_EQ(log_, (Lines{"handled: stop successful=1", "value kept: handled: stop"}));
}

TEST_F(HubTest, KillallAndTimeoutOfGet) {
  run([&] {
    std::vector<GreenletPtr> gs;
    for (int i = 0; i < 3; ++i)
      gs.push_back(spawn([] {
        sleep(100);
        return Value();
      }));
    sleep(0);
    try {
      gs[0]->get(true, 0.5);
    } catch (const Timeout& t) {
      log("get timed out: '%s' at t=%.1f", t.what(), now());
    }
    try {
      gs[0]->get(false);
    } catch (const Timeout& t) {
      log("get(block=false): '%s'", t.what());
    }
    killall(gs);
    for (auto& g : gs) log("ready=%d", g->ready());
  });
  EXPECT_EQ(log_, (Lines{"get timed out: '0.5 seconds' at t=0.5", "get(block=false): ''", "ready=1",
                         "ready=1", "ready=1"}));
}

// SEMANTICS 9: link runs in a new greenlet (parent: hub), rawlink in the hub,
// in registration order; link_value / link_exception filter; a link added
// after completion still fires, on the next pass.
TEST_F(HubTest, Links) {
  run([&] {
    auto ok = spawn([] { return Value(1); }, "ok");
    auto bad = spawn([]() -> Value { throw std::logic_error("no"); }, "bad");
    auto in = [&](const char* tag) {
      return [&, tag](Greenlet& g) {
        runtime::GreenletRef cur = runtime::getcurrent();
        log("%s(%s) in %s", tag, g.name().c_str(),
            cur.get() == &Hub::get()                             ? "hub"
            : cur->parent() == runtime::GreenletRef(&Hub::get()) ? "a link greenlet"
                                                                 : "?");
      };
    };
    ok->rawlink(in("rawlink"));
    ok->link(in("link"));
    ok->link_value(in("link_value"));
    ok->link_exception(in("link_exception"));
    bad->link_value(in("link_value"));
    bad->link_exception(in("link_exception"));
    joinall({ok, bad});
    sleep(0);
    ok->rawlink(in("late rawlink"));
    log("added after completion");
    sleep(0);
  });
  EXPECT_EQ(log_,
            (Lines{"rawlink(ok) in hub", "link(ok) in a link greenlet",
                   "link_value(ok) in a link greenlet", "link_exception(bad) in a link greenlet",
                   "added after completion", "late rawlink(ok) in hub"}));
}

// An exception thrown into a greenlet parked in sleep(0) before its turn came
// cancels that turn: it must not wake the greenlet in its next wait.
TEST_F(HubTest, ThrowIntoSleep0LeavesNoStrayWake) {
  run([&] {
    Hub& hub = Hub::get();
    auto g = spawn([&] {
      try {
        sleep(0);
      } catch (const std::range_error&) {
        log("interrupted sleep(0)");
      }
      sleep(0.5);
      log("slept until t=%.1f", now());
      return Value();
    });
    hub.run_callback([&] { g->throw_into(std::range_error("now")); });  // runs before g's turn
    g->join();
  });
  EXPECT_EQ(log_, (Lines{"interrupted sleep(0)", "slept until t=0.5"}));
}

TEST(ClockTest, VirtualJumpsRealScales) {
  VirtualClock v;
  v.idle_until(2.5);
  EXPECT_EQ(v.now(), 2.5);
  v.idle_until(1.0);  // never backwards
  EXPECT_EQ(v.now(), 2.5);
  EXPECT_EQ(v.io_timeout_ms(3.0), 500);
  EXPECT_EQ(v.io_timeout_ms(kForever), -1);
  RealClock r(50);  // clamped to 10x
  EXPECT_EQ(r.speed(), 10.0);
  const double before = r.now();
  r.set_speed(0.01);  // clamped to 0.1x; now() stays continuous
  EXPECT_EQ(r.speed(), 0.1);
  EXPECT_GE(r.now(), before);
}

}  // namespace
}  // namespace coroscope::hub
