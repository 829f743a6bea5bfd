// The host: main runs on a fiber of its own; the host stops the world at every
// switch (before the target runs) or when a budget is spent, and resumes it
// exactly where it was. The greenlets never see the host.
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/runtime/LeakCheck.hpp"
#include "core/runtime/PingPong.hpp"
#include "runtime/Host.hpp"

namespace coroscope::runtime {
namespace {

using HostTest = testing::RuntimeTest;

// ping_pong() is the seed program as a Host's main; out collects what it prints.
std::function<Value()> ping_pong(std::string& out) {
  return [&out]() -> Value {
    testing::PingPong p(out);
    p.gr1->switch_to();
    return std::string("main done");
  };
}

struct StopRecord {
  std::string what;
  std::string output_so_far;
  bool operator==(const StopRecord&) const = default;
};

std::vector<StopRecord> run_stepping(Host& host, const std::string& out) {
  std::vector<StopRecord> stops;
  host.set_stop_at_switch(true);
  while (!host.finished()) {
    Stop s = host.resume();
    if (s.reason == StopReason::Switched) {
      stops.push_back(
          {std::string(to_string(s.kind)) + " " + s.origin->name() + "->" + s.target->name(), out});
    }
  }
  return stops;
}

TEST_F(HostTest, StopsAtEverySwitchBeforeTheTargetRuns) {
  std::string out;
  Host host(ping_pong(out));
  std::vector<StopRecord> stops = run_stepping(host, out);
  EXPECT_EQ(stops, (std::vector<StopRecord>{{"switch main->gr1", ""},
                                            {"switch gr1->gr2", "12 "},
                                            {"switch gr2->gr1", "12 56 "},
                                            {"switch gr1->main", "12 56 34 "},
                                            // main returns: its locals go, and the last
                                            // reference to the suspended gr2 with them,
                                            // so gr2 is killed (78 is still not printed)
                                            {"throw main->gr2", "12 56 34 "},
                                            {"switch gr2->main", "12 56 34 "}}));
  EXPECT_EQ(out, "12 56 34 ");
  EXPECT_EQ(std::any_cast<std::string>(host.result()), "main done");
  EXPECT_EQ(host.resume().reason, StopReason::Finished);
}

TEST_F(HostTest, DeterministicRunGivesTheSameStops) {
  std::string out1, out2;
  Host a(ping_pong(out1));
  Host b(ping_pong(out2));
  EXPECT_EQ(run_stepping(a, out1), run_stepping(b, out2));
}

TEST_F(HostTest, WithoutStopsRunsToTheEnd) {
  std::string out;
  Host host(ping_pong(out));
  Stop s = host.resume();
  EXPECT_EQ(s.reason, StopReason::Finished);
  EXPECT_TRUE(host.finished());
  EXPECT_EQ(out, "12 56 34 ");
}

TEST_F(HostTest, MainIsMainForTheGreenlets) {
  bool main_is_main = false, no_parent = false;
  Host host([&]() -> Value {
    GreenletRef me = getcurrent();
    main_is_main = me->is_main();
    no_parent = me->parent() == nullptr;
    return {};
  });
  host.resume();
  EXPECT_TRUE(main_is_main);
  EXPECT_TRUE(no_parent);
  // Outside resume(), this thread's own world is current again.
  EXPECT_NE(&current_world(), &host.world());
}

TEST_F(HostTest, BudgetYieldsToTheHostAndResumesExactlyThere) {
  long counter = 0;
  Host host([&]() -> Value {
    World& w = current_world();
    for (int i = 0; i < 1000; ++i) {
      ++counter;
      w.charge(1);  // what the script evaluator does per operation
    }
    return {};
  });
  std::vector<long> seen;
  while (!host.finished()) {
    Stop s = host.resume(100);
    if (s.reason == StopReason::Yielded) seen.push_back(counter);
  }
  ASSERT_EQ(seen.size(), 10u);
  for (std::size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i], 100 * long(i + 1));
  EXPECT_EQ(counter, 1000);
}

TEST_F(HostTest, BudgetInsideAGreenletThatNeverSwitches) {
  long spins = 0;
  Host host([&]() -> Value {
    GreenletRef busy = Greenlet::create([&](Value) -> Value {
      while (spins < 5000) {  // "while True: pass" with a bound
        ++spins;
        current_world().charge();
      }
      return {};
    });
    busy->switch_to();
    return {};
  });
  int yields = 0;
  while (!host.finished()) {
    Stop s = host.resume(1000);
    if (s.reason == StopReason::Yielded) {
      ++yields;
      EXPECT_NE(s.origin, &host.world().main());  // the busy greenlet holds the CPU
    }
  }
  EXPECT_EQ(yields, 5);
}

TEST_F(HostTest, MainRaisingEndsTheRunWithTheError) {
  Host host([]() -> Value { throw std::runtime_error("script raised"); });
  EXPECT_EQ(host.resume().reason, StopReason::Finished);
  EXPECT_TRUE(host.finished());
  EXPECT_THROW(host.result(), std::runtime_error);
}

// Destroying a Host mid-run throws GreenletExit into main: its cleanup runs,
// and the greenlets it referenced are killed with it.
TEST_F(HostTest, DestroyingMidRunCleansUp) {
  std::vector<std::string> cleaned;
  struct Cleanup {
    std::vector<std::string>& log;
    std::string name;
    ~Cleanup() { log.push_back(name); }
  };
  {
    Host host([&]() -> Value {
      Cleanup c{cleaned, "main"};
      GreenletRef main = getcurrent();
      GreenletRef child = Greenlet::create([&](Value) -> Value {
        Cleanup cc{cleaned, "child"};
        main->switch_to();
        return {};
      });
      child->switch_to();
      child->switch_to();  // the host stops the world before this one
      return {};
    });
    host.set_stop_at_switch(true);
    host.resume();  // main->child
    host.resume();  // child->main
    host.resume();  // main->child (stopped; child has not resumed)
  }
  // main goes first; child, the greenlet the world was stopped before, next.
  EXPECT_EQ(cleaned, (std::vector<std::string>{"main", "child"}));
}

TEST_F(HostTest, DestroyingBeforeAFreshGreenletRanKillsItWithoutRunning) {
  bool ran = false;
  {
    Host host([&]() -> Value {
      GreenletRef g = Greenlet::create([&](Value) -> Value {
        ran = true;
        return {};
      });
      g->switch_to();
      return {};
    });
    host.set_stop_at_switch(true);
    EXPECT_EQ(host.resume().reason, StopReason::Switched);  // main->g, g not run yet
  }
  EXPECT_FALSE(ran);
}

// The app's case: a greenlet held outside main (a module global), the world
// stopped before its first run, the reference dropped, then the host destroyed.
TEST_F(HostTest, DestroyingAfterDroppingTheStoppedTargetLeaksNothing) {
  GreenletRef g;
  auto host = std::make_unique<Host>([&g] {
    g = Greenlet::create([](Value) -> Value { return {}; });
    g->switch_to();
    return Value{};
  });
  host->set_stop_at_switch(true);
  Stop s = host->resume();
  ASSERT_EQ(s.reason, StopReason::Switched);
  EXPECT_EQ(s.target, g.get());
  g.reset();
  host.reset();  // the fixture checks that no greenlet or stack is left
}

// A Stop's greenlets outlive the stop: a child that finished and that nobody
// references is still readable until the next resume().
TEST_F(HostTest, StopNamesLiveGreenlets) {
  Host host([] {
    Greenlet::create([](Value) -> Value { return {}; }, {}, {.name = "short-lived"})->switch_to();
    return Value{};
  });
  host.set_stop_at_switch(true);
  host.resume();           // main -> short-lived
  Stop s = host.resume();  // short-lived -> main: it is dead, unreferenced
  ASSERT_EQ(s.reason, StopReason::Switched);
  EXPECT_TRUE(s.origin->dead());
  EXPECT_EQ(s.origin->name(), "short-lived");  // ASan would catch a use after free here
  while (!host.finished()) host.resume();
}

TEST_F(HostTest, UnstartedHostDestroysQuietly) {
  std::string out;
  Host host(ping_pong(out));
  EXPECT_FALSE(host.finished());
}

testing::LiveCounts g_before, g_mid;
const World* g_world = nullptr;

TEST(LeakFixture, FailsATestThatLeavesAnExceptionPending) {
  g_before = testing::LiveCounts::now();
  {
    Host host([]() -> Value {
      GreenletRef g = Greenlet::create([](Value) -> Value {
        try {
          getcurrent()->parent()->switch_to();
        } catch (const std::runtime_error&) {
        }
        return {};
      });
      g->switch_to();
      g->throw_into(std::runtime_error("pending"));
      return {};
    });
    host.set_stop_at_switch(true);
    host.resume();                                   // main->g
    host.resume();                                   // g->main
    EXPECT_EQ(host.resume().kind, Transfer::Throw);  // main->g: the error is in flight
    g_world = &host.world();
    g_mid = testing::LiveCounts::now();  // the run's greenlets are alive mid-run, rightly
    EXPECT_NONFATAL_FAILURE(testing::expect_clean(g_mid, {g_world}), "never received");
    host.set_stop_at_switch(false);
    host.resume();
    EXPECT_FALSE(host.world().has_pending_transfer());
  }
  testing::expect_clean(g_before);
}

}  // namespace
}  // namespace coroscope::runtime
