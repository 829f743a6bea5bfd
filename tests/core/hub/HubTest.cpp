// gevent's scheduling rules (../shared/SEMANTICS.md 7-10) as C++ twins of the
// conformance cases; the expected lines are the real gevent 22.10.2 output.
#include <gtest/gtest.h>

#include <any>
#include <regex>

#include "core/hub/HubFixture.hpp"

namespace coroscope::hub {
namespace {

using testing::HubTest;
using testing::Lines;

std::string str(const Value& v) {
  return v.has_value() ? std::any_cast<std::string>(v) : "None";
}

// Conformance 30: the seed's gevent.sleep: the sleeps overlap, the total is the max.
TEST_F(HubTest, SeedSleepOverlaps) {
  run([&] {
    auto foo = spawn([&] {
      log("foo: start  t=%.1f", now());
      sleep(1);
      log("foo: done   t=%.1f", now());
      return Value(std::string("foo"));
    });
    auto bar = spawn([&] {
      log("bar: start  t=%.1f", now());
      sleep(2);
      log("bar: done   t=%.1f", now());
      return Value(std::string("bar"));
    });
    log("main: spawned, nothing has run yet");
    auto done = joinall({foo, bar});
    log("main: joinall returned %zu greenlets, values ['%s', '%s']", done.size(),
        str(foo->value()).c_str(), str(bar->value()).c_str());
    log("main: total t=%.1f", now());
  });
  EXPECT_EQ(log_, (Lines{"main: spawned, nothing has run yet", "foo: start  t=0.0",
                         "bar: start  t=0.0", "foo: done   t=1.0", "bar: done   t=2.0",
                         "main: joinall returned 2 greenlets, values ['foo', 'bar']",
                         "main: total t=2.0"}));
}

// Conformance 32: sleep(0) round-robins in spawn order.
TEST_F(HubTest, Sleep0RoundRobin) {
  run([&] {
    auto worker = [&](const char* name, int n) {
      return [&, name, n] {
        for (int i = 0; i < n; ++i) {
          log("%s %d", name, i);
          sleep(0);
        }
        log("%s done", name);
        return Value();
      };
    };
    joinall({spawn(worker("A", 3)), spawn(worker("B", 2)), spawn(worker("C", 4))});
  });
  EXPECT_EQ(log_, (Lines{"A 0", "B 0", "C 0", "A 1", "B 1", "C 1", "A 2", "B done", "C 2", "A done",
                         "C 3", "C done"}));
}

// Conformance 33: spawn runs nothing until the spawner blocks; spawn order is
// first-run order; greenlets spawned by a greenlet go to the back.
TEST_F(HubTest, SpawnRunsNothingUntilTheSpawnerBlocks) {
  run([&] {
    std::function<Value(std::string)> child = [&](std::string name) -> Value {
      log("%s: first run", name.c_str());
      if (name == "A") {
        spawn([&] { return child("A-grandchild"); });
        log("A: spawned A-grandchild, continuing without yielding");
      }
      sleep(0);
      log("%s: second run", name.c_str());
      return {};
    };
    auto a = spawn([&] { return child("A"); });
    log("main: spawned A; started=%d dead=%d", a->started(), a->dead());
    auto b = spawn([&] { return child("B"); });
    auto c = Greenlet::create([&] { return child("C"); });
    log("main: created C; started=%d", c->started());
    c->start();
    log("main: started C; started=%d", c->started());
    log("main: still running before any child");
    sleep(0);
    log("main: back after sleep(0)");
    joinall({a, b, c});
    log("main: all joined");
    wait();  // A-grandchild has finished too
  });
  EXPECT_EQ(log_, (Lines{"main: spawned A; started=1 dead=0", "main: created C; started=0",
                         "main: started C; started=1", "main: still running before any child",
                         "A: first run", "A: spawned A-grandchild, continuing without yielding",
                         "B: first run", "C: first run", "main: back after sleep(0)",
                         "A-grandchild: first run", "A: second run", "B: second run",
                         "C: second run", "A-grandchild: second run", "main: all joined"}));
}

// Conformance 35: equal delays wake in call order; different ones by deadline.
TEST_F(HubTest, TimersInDeadlineOrder) {
  std::vector<int> order;
  std::vector<std::pair<int, double>> later;
  run([&] {
    std::vector<GreenletPtr> gs;
    for (int i = 0; i < 12; ++i) {
      gs.push_back(spawn([&, i] {
        sleep(0.05);
        order.push_back(i);
        return Value();
      }));
    }
    joinall(gs);
    const double delays[] = {0.09, 0.03, 0.06, 0.15, 0.01, 0.12};
    for (int i = 0; i < 6; ++i) {
      spawn_later(delays[i], [&, i, d = delays[i]] {
        later.emplace_back(i, d);
        return Value();
      });
    }
    sleep(0.3);
  });
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}));
  EXPECT_EQ(later, (std::vector<std::pair<int, double>>{
                       {4, 0.01}, {1, 0.03}, {2, 0.06}, {0, 0.09}, {5, 0.12}, {3, 0.15}}));
}

// Conformance 37: joinall with timeout, count and raise_error; completion order.
TEST_F(HubTest, JoinallTimeoutCountRaiseError) {
  run([&] {
    auto job = [&](const char* name, double secs) {
      return [&, name, secs] {
        sleep(secs);
        log("%s finished t=%.1f", name, now());
        return Value(std::string(name));
      };
    };
    auto values = [](const std::vector<GreenletPtr>& gs) {
      std::string out;
      for (auto& g : gs) out += (out.empty() ? "" : ",") + str(g->value());
      return out;
    };
    std::vector<GreenletPtr> gs{spawn(job("slow", 1.5)), spawn(job("fast", 0.1)),
                                spawn(job("mid", 0.3))};
    auto done = joinall(gs, 0.6);
    log("joinall(timeout=0.6) at t=%.1f: %s", now(), values(done).c_str());
    log("slow still running: %d ready: %d", !gs[0]->dead(), gs[0]->ready());
    done = joinall(gs);
    log("joinall() at t=%.1f: %s", now(), values(done).c_str());
    const double t0 = now();
    gs = {spawn(job("a", 0.5)), spawn(job("b", 0.05)), spawn(job("c", 0.1))};
    done = joinall(gs, {}, false, 2);
    log("joinall(count=2) after %.2f s: %s", now() - t0, values(done).c_str());
    joinall(gs);
    try {
      joinall({spawn([]() -> Value { throw std::invalid_argument("joinall raise_error"); })}, {},
              true);
    } catch (const std::invalid_argument& e) {
      log("joinall(raise_error=True) raised: %s", e.what());
    }
    log("joinall([]) -> %zu", joinall({}).size());
  });
  EXPECT_EQ(log_,
            (Lines{"fast finished t=0.1", "mid finished t=0.3",
                   "joinall(timeout=0.6) at t=0.6: fast,mid", "slow still running: 1 ready: 0",
                   "slow finished t=1.5", "joinall() at t=1.5: fast,mid,slow", "b finished t=1.6",
                   "c finished t=1.6", "joinall(count=2) after 0.10 s: b,c", "a finished t=2.0",
                   "joinall(raise_error=True) raised: joinall raise_error", "joinall([]) -> 0"}));
}

// Conformance 44: an exception escaping a spawned greenlet is reported and does
// not stop the loop; join() returns, get() rethrows.
TEST_F(HubTest, ExceptionInSpawnedGreenletIsReported) {
  run([&] {
    auto f = spawn(
        [&]() -> Value {
          log("f: raising");
          throw std::runtime_error("bad thing");
        },
        "f");
    auto other = spawn([&] {
      for (int i = 0; i < 2; ++i) {
        log("other: tick %d", i);
        sleep(0);
      }
      return Value();
    });
    f->join();
    log("join() returned");
    joinall({other});
    log("dead=%d ready=%d successful=%d exception=%d", f->dead(), f->ready(), f->successful(),
        f->exception() != nullptr);
    try {
      f->get();
    } catch (const std::runtime_error& e) {
      log("get() re-raised: %s", e.what());
    }
  });
  EXPECT_EQ(log_, (Lines{"f: raising", "other: tick 0", "join() returned", "other: tick 1",
                         "dead=1 ready=1 successful=0 exception=1", "get() re-raised: bad thing"}));
  std::string report = errors_.str();
  report = std::regex_replace(report, std::regex("0x[0-9a-f]+"), "0xADDR");
  report = std::regex_replace(report, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)"), "<TS>");
  EXPECT_EQ(report,
            "Traceback (most recent call last):\n"
            "  File \"<greenlet f>\", in run\n"
            "std::runtime_error: bad thing\n"
            "<TS> <Greenlet at 0xADDR: f> failed with std::runtime_error\n\n");
}

// Conformance 51: a gevent Greenlet's states through its life.
TEST_F(HubTest, GreenletStates) {
  auto show = [&](const char* label, Greenlet& g) {
    log("%-18s started=%d ready=%d dead=%d successful=%d value=%s exception=%d", label, g.started(),
        g.ready(), g.dead(), g.successful(),
        g.value().type() == typeid(runtime::GreenletExit) ? "GreenletExit()"
                                                          : str(g.value()).c_str(),
        g.exception() != nullptr);
  };
  run([&] {
    GreenletPtr g;
    auto body = [&]() -> Value {
      show("running (inside)", static_cast<Greenlet&>(*runtime::getcurrent()));
      sleep(0.05);
      return std::string("result");
    };
    g = Greenlet::create(body);
    show("created", *g);
    g->start();
    show("scheduled", *g);
    sleep(0);
    show("sleeping", *g);
    g->join();
    show("finished", *g);
    auto k = spawn(body);
    sleep(0);
    k->kill();
    show("killed", *k);
    auto e = spawn([]() -> Value { throw std::domain_error("division by zero"); });
    e->join();
    show("failed", *e);
    auto u = Greenlet::create(body);
    u->kill();
    show("killed unstarted", *u);
  });
  EXPECT_EQ(log_,
            (Lines{
                "created            started=0 ready=0 dead=0 successful=0 value=None exception=0",
                "scheduled          started=1 ready=0 dead=0 successful=0 value=None exception=0",
                "running (inside)   started=1 ready=0 dead=0 successful=0 value=None exception=0",
                "sleeping           started=1 ready=0 dead=0 successful=0 value=None exception=0",
                "finished           started=0 ready=1 dead=1 successful=1 value=result exception=0",
                "running (inside)   started=1 ready=0 dead=0 successful=0 value=None exception=0",
                "killed             started=0 ready=1 dead=1 successful=1 value=GreenletExit() "
                "exception=0",
                "failed             started=0 ready=1 dead=1 successful=0 value=None exception=1",
                "killed unstarted   started=0 ready=1 dead=1 successful=1 value=GreenletExit() "
                "exception=0",
            }));
}

// Conformance 53: if main never blocks, spawned greenlets never run.
TEST_F(HubTest, MainThatNeverBlocksRunsNothingElse) {
  expect_idle_at_end_ = false;  // the spawn_later timer is still armed, rightly
  run([&] {
    spawn([&] {
      log("A: never printed");
      return Value();
    });
    spawn_later(0, [&] {
      log("B: never printed");
      return Value();
    });
    log("main: spawned two greenlets, exiting without yielding");
  });
  EXPECT_EQ(log_, (Lines{"main: spawned two greenlets, exiting without yielding"}));
}

// With nothing left to wait for, the hub throws LoopExit into main, and stays usable.
TEST_F(HubTest, LoopExitIntoMainAndTheHubStaysUsable) {
  run([&] {
    auto stuck = spawn([&] {
      Hub::get().park("nothing");  // nobody will ever wake it
      return Value();
    });
    try {
      stuck->join();
      log("join returned");
    } catch (const LoopExit& e) {
      log("LoopExit: %s", e.what());
    }
    auto later = spawn([] {
      sleep(1);
      return Value(std::string("still works"));
    });
    log("%s", str(later->get()).c_str());
    stuck->kill();
    log("stuck killed: ready=%d", stuck->ready());
  });
  EXPECT_EQ(log_, (Lines{"LoopExit: This operation would block forever", "still works",
                         "stuck killed: ready=1"}));
}

TEST_F(HubTest, BlockingInsideTheHubIsRefused) {
  run([&] {
    auto g = spawn([] { return Value(); });
    g->rawlink([&](Greenlet&) {
      try {
        sleep(0);
      } catch (const BlockingSwitchOutError& e) {
        log("%s", e.what());
      }
    });
    g->join();
    sleep(0);
  });
  EXPECT_EQ(log_, (Lines{"Impossible to call blocking function in the event loop callback"}));
}

}  // namespace
}  // namespace coroscope::hub
