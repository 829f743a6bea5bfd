// Golden traces: the observer sees every transfer as (kind, origin, target) in
// order, like greenlet.settrace (conformance 17). The expected lists are data.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "core/runtime/LeakCheck.hpp"
#include "core/runtime/PingPong.hpp"
#include "runtime/Greenlet.hpp"

namespace coroscope::runtime {
namespace {

using GreenletTrace = testing::RuntimeTest;

struct Recorder : Observer {
  std::vector<std::string> events;
  void on_transfer(Transfer kind, Greenlet& origin, Greenlet& target) override {
    events.push_back(std::string(to_string(kind)) + " " + origin.name() + "->" + target.name());
  }
};

struct ScopedTrace {
  explicit ScopedTrace(Observer* o) : previous(settrace(o)) {}
  ~ScopedTrace() { settrace(previous); }
  Observer* previous;
};

TEST_F(GreenletTrace, SeedPingPong) {
  Recorder rec;
  testing::PingPong p;
  {
    ScopedTrace trace(&rec);
    EXPECT_EQ(gettrace(), &rec);
    p.gr1->switch_to();
  }
  EXPECT_EQ(gettrace(), nullptr);
  EXPECT_EQ(p.out, "12 56 34 ");
  EXPECT_EQ(rec.events, (std::vector<std::string>{"switch main->gr1", "switch gr1->gr2",
                                                  "switch gr2->gr1", "switch gr1->main"}));
}

// Conformance 17, in full: return, exception, throw into parked and unstarted.
TEST_F(GreenletTrace, Conformance17) {
  Recorder rec;
  GreenletRef main = getcurrent();
  GreenletRef gr1, gr2;
  gr1 = Greenlet::create(
      [&](Value) -> Value {
        gr2->switch_to();
        return {};
      },
      {}, {.name = "gr1"});
  gr2 = Greenlet::create(
      [&](Value) -> Value {
        gr1->switch_to();
        return {};
      },
      {}, {.name = "gr2"});
  GreenletRef bad = Greenlet::create([](Value) -> Value { throw std::runtime_error("1 / 0"); }, {},
                                     {.name = "bad"});
  GreenletRef parked =
      Greenlet::create([&](Value) -> Value { return main->switch_to(); }, {}, {.name = "parked"});
  GreenletRef unstarted =
      Greenlet::create([](Value) -> Value { return {}; }, {}, {.name = "unstarted"});
  {
    ScopedTrace trace(&rec);
    gr1->switch_to();
    gr2->switch_to();
    EXPECT_THROW(bad->switch_to(), std::runtime_error);
    parked->switch_to();
    parked->throw_into();
    unstarted->throw_into();
  }
  EXPECT_EQ(rec.events, (std::vector<std::string>{
                            "switch main->gr1",
                            "switch gr1->gr2",
                            "switch gr2->gr1",
                            "switch gr1->main",
                            "switch main->gr2",
                            "switch gr2->main",
                            "switch main->bad",
                            "throw bad->main",
                            "switch main->parked",
                            "switch parked->main",
                            "throw main->parked",
                            "switch parked->main",
                            "throw main->unstarted",
                            "switch unstarted->main",
                        }));
}

// SEMANTICS 6: a kill on release is "throw main->g", then "switch g->main".
TEST_F(GreenletTrace, KillOnRelease) {
  Recorder rec;
  GreenletRef main = getcurrent();
  GreenletRef g =
      Greenlet::create([&](Value) -> Value { return main->switch_to(); }, {}, {.name = "g"});
  g->switch_to();
  {
    ScopedTrace trace(&rec);
    g.reset();
  }
  EXPECT_EQ(rec.events, (std::vector<std::string>{"throw main->g", "switch g->main"}));
}

}  // namespace
}  // namespace coroscope::runtime
