// The player: stepping stops exactly at switches, history moves without
// running anything, runs are deterministic, and the built-in scenarios match
// their reviewed golden traces (golden/*.txt, one describe() line per event).
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <sstream>

#include "player/Player.hpp"
#include "player/Scenarios.hpp"
#include "player/ScriptProgram.hpp"
#include "runtime/World.hpp"

namespace coroscope::player {

void PrintTo(const Program& p, std::ostream* os) {
  *os << p.name;
}

namespace {

using Lines = std::vector<std::string>;

Lines describe_all(const trace::EventLog& log, std::size_t n) {
  Lines out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(log.describe(i));
  return out;
}

Lines read_lines(const std::string& path) {
  std::ifstream in(path);
  Lines out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// run_to_end(p) steps switch by switch until the program has finished.
std::size_t run_to_end(Player& p) {
  std::size_t steps = 0;
  while (!(p.finished() && p.at_end())) {
    p.step_switch();
    ++steps;
    EXPECT_LT(steps, 100000u) << "the program never finished";
    if (steps >= 100000u) break;
  }
  return steps;
}

// structure(s): s without what differs between two runs of the same program
// (wall time, stack addresses and registers).
trace::Snapshot structure(trace::Snapshot s) {
  s.wall_ns = 0;
  for (trace::GreenletSnapshot& g : s.greenlets) {
    g.registers.reset();
    g.saved_sp = 0;
    g.bytes_in_use = 0;
    g.registers_note = {};
  }
  return s;
}

bool is_transfer_at(const Player& p, std::size_t position) {
  return position > 0 && trace::is_transfer(p.log().event(position - 1).kind);
}

class GoldenTest : public ::testing::TestWithParam<Program> {};

TEST_P(GoldenTest, MatchesTheReviewedTrace) {
  Player p(GetParam());
  run_to_end(p);
  const std::string path = std::string(COROSCOPE_GOLDEN_DIR) + "/" + GetParam().name + ".txt";
  const Lines golden = read_lines(path);
  ASSERT_FALSE(golden.empty()) << "missing golden file " << path;
  EXPECT_EQ(describe_all(p.log(), p.log().size()), golden) << path;
  EXPECT_EQ(p.error(), nullptr);
}

INSTANTIATE_TEST_SUITE_P(Scenarios, GoldenTest, ::testing::ValuesIn(scenarios::all()),
                         [](const auto& param_info) { return param_info.param.name; });

// reasons(p): each transfer with why it happened, as captions will say it.
Lines reasons(const Player& p) {
  Lines out;
  for (std::size_t i = 0; i < p.log().size(); ++i) {
    if (trace::is_transfer(p.log().event(i).kind)) {
      out.push_back(p.log().describe(i) + ": " + p.log().reason(i));
    }
  }
  return out;
}

TEST(PlayerTest, EveryTransferSaysWhy) {
  Player gevent(scenarios::gevent_sleep());
  run_to_end(gevent);
  EXPECT_EQ(reasons(gevent), (Lines{
                                 "switch main -> hub: it blocks: the hub runs",
                                 "switch hub -> foo: the hub starts it",
                                 "switch foo -> hub: it blocks: the hub runs",
                                 "switch hub -> bar: the hub starts it",
                                 "switch bar -> hub: it blocks: the hub runs",
                                 "switch hub -> foo: its sleep is over",
                                 "switch foo -> hub: it finished: back to its parent",
                                 "switch hub -> main: joinall: one more greenlet is ready",
                                 "switch main -> hub: it blocks: the hub runs",
                                 "switch hub -> bar: its sleep is over",
                                 "switch bar -> hub: it finished: back to its parent",
                                 "switch hub -> main: joinall: enough greenlets are ready",
                             }));
  Player pingpong(scenarios::pingpong());
  run_to_end(pingpong);
  EXPECT_EQ(reasons(pingpong), (Lines{
                                   "switch main -> gr1: explicit switch",
                                   "switch gr1 -> gr2: explicit switch",
                                   "switch gr2 -> gr1: explicit switch",
                                   "switch gr1 -> main: it finished: back to its parent",
                                   "throw main -> gr2: throw",
                                   "switch gr2 -> main with GreenletExit(): it finished: back "
                                   "to its parent",
                               }));
}

TEST(PlayerTest, PingPongPrintsWhatRealGreenletPrints) {
  Player p(scenarios::pingpong());
  run_to_end(p);
  EXPECT_EQ(p.output(), "12\n56\n34\ngr1.dead True gr2.dead False\n");
}

TEST(PlayerTest, StepSwitchStopsExactlyAtEachSwitch) {
  for (const Program& program : scenarios::all()) {
    Player p(program);
    std::size_t last = 0;
    while (!p.finished()) {
      p.step_switch();
      if (!p.finished()) {
        ASSERT_GT(p.position(), last) << program.name;
      }
      ASSERT_EQ(p.position(), p.frontier()) << program.name;
      if (!p.finished()) {
        EXPECT_TRUE(is_transfer_at(p, p.position())) << program.name << " @" << p.position();
        // Exactly one transfer since the previous stop: the one we stopped at.
        for (std::size_t i = last; i + 1 < p.position(); ++i) {
          EXPECT_FALSE(trace::is_transfer(p.log().event(i).kind))
              << program.name << ": a switch at " << i << " was not stopped at";
        }
      }
      last = p.position();
    }
    EXPECT_EQ(p.stops().back(), p.log().size());
  }
}

TEST(PlayerTest, BackThenForwardReturnsToTheSameStop) {
  Player p(scenarios::gevent_sleep());
  for (int i = 0; i < 6; ++i) p.step_switch();
  const std::size_t here = p.position();
  const std::size_t frontier = p.frontier();
  const std::string out = p.output();
  const trace::Snapshot snap = p.snapshot();
  ASSERT_EQ(snap.index, here);
  p.back();
  EXPECT_LT(p.position(), here);
  EXPECT_TRUE(is_transfer_at(p, p.position()));
  p.back();
  p.forward();
  p.forward();
  EXPECT_EQ(p.position(), here);
  EXPECT_EQ(p.output(), out);
  EXPECT_EQ(p.snapshot(), snap);
  EXPECT_EQ(p.frontier(), frontier) << "moving through history runs nothing";
  p.forward();  // past the end: runs one more step
  EXPECT_GT(p.frontier(), frontier);
  EXPECT_EQ(p.position(), p.frontier());
  run_to_end(p);
  // The same position after the world ran on: registers that came from the
  // live greenlets now come from the log, and are the same.
  p.seek(here);
  EXPECT_EQ(p.snapshot(), snap);
}

TEST(PlayerTest, SnapshotsFollowTheGeventLesson) {
  Player p(scenarios::gevent_sleep());
  // Step until foo and bar both sleep: the hub holds two timers.
  trace::Snapshot s;
  for (int i = 0; i < 20 && !p.finished(); ++i) {
    p.step_switch();
    p.snapshot(s);
    if (s.timers.size() == 2) break;
  }
  ASSERT_EQ(s.timers.size(), 2u);
  const trace::GreenletSnapshot* foo = nullptr;
  const trace::GreenletSnapshot* bar = nullptr;
  for (const auto& g : s.greenlets) {
    if (g.name == "foo") foo = &g;
    if (g.name == "bar") bar = &g;
  }
  ASSERT_TRUE(foo && bar);
  EXPECT_EQ(foo->state, trace::GreenletState::Sleeping);
  EXPECT_EQ(bar->state, trace::GreenletState::Sleeping);
  EXPECT_EQ(s.timers[0].owner, foo->id);
  EXPECT_EQ(s.timers[0].remaining, 1.0);
  EXPECT_EQ(s.timers[1].remaining, 2.0);
  if (runtime::registers_available()) {
    EXPECT_TRUE(foo->registers.has_value()) << foo->registers_note;
    EXPECT_GT(foo->bytes_in_use, 0u);
  }
  run_to_end(p);
  p.snapshot(s);
  EXPECT_TRUE(s.timers.empty());
  ASSERT_NE(s.find(0), nullptr);
  EXPECT_EQ(s.find(0)->state, trace::GreenletState::Dead) << "main returned to its host";
  EXPECT_EQ(s.running, trace::kNoGreenlet);
  for (const auto& g : s.greenlets) {
    if (g.name == "foo" || g.name == "bar") {
      EXPECT_EQ(g.state, trace::GreenletState::Dead) << g.name;
    }
  }
}

TEST(PlayerTest, BackFromTheFirstStopShowsTheStart) {
  Player p(scenarios::pingpong());
  p.step_switch();
  p.back();
  EXPECT_EQ(p.position(), 0u);
  EXPECT_EQ(p.output(), "");
  p.back();
  EXPECT_EQ(p.position(), 0u);
}

TEST(PlayerTest, SeekShowsWhatReplayingShows) {
  Player full(scenarios::gevent_sleep());
  run_to_end(full);
  for (std::size_t n = 0; n <= full.log().size(); ++n) {
    Player p(scenarios::gevent_sleep());
    while (p.frontier() < n) p.step_switch();
    p.seek(n);
    ASSERT_EQ(p.position(), n);
    EXPECT_EQ(describe_all(p.log(), n), describe_all(full.log(), n));
    EXPECT_EQ(p.output(), full.output(n)) << n;
    EXPECT_EQ(p.time_at(n), full.time_at(n)) << n;
    EXPECT_EQ(structure(p.snapshot()), structure(full.snapshot_at(n))) << n;
  }
  full.seek(full.log().size() + 100);
  EXPECT_EQ(full.position(), full.log().size()) << "seek clamps to the recording";
}

TEST(PlayerTest, RestartGivesAnIdenticalLog) {
  for (const Program& program : scenarios::all()) {
    Player p(program);
    run_to_end(p);
    const Lines first = describe_all(p.log(), p.log().size());
    const std::string out = p.output();
    p.restart();
    EXPECT_EQ(p.position(), 0u);
    EXPECT_EQ(p.log().size(), 0u);
    run_to_end(p);
    EXPECT_EQ(describe_all(p.log(), p.log().size()), first) << program.name;
    EXPECT_EQ(p.output(), out);
    for (std::size_t i = 0; i < p.log().size(); ++i) {
      EXPECT_EQ(p.log()[i].time, p.time_at(i + 1));
    }
  }
}

TEST(PlayerTest, RestartMidRunEndsTheOldRunQuietly) {
  Player p(scenarios::gevent_sleep());
  for (int i = 0; i < 3; ++i) p.step_switch();
  p.restart(scenarios::pingpong());
  EXPECT_EQ(p.program().name, "pingpong");
  EXPECT_EQ(p.log().size(), 0u) << "the old run's teardown is not recorded";
  run_to_end(p);
  EXPECT_EQ(p.output(), "12\n56\n34\ngr1.dead True gr2.dead False\n");
}

// A greenlet that never switches: the step stays in flight, the player
// reports for how long it has run, and advance() finishes the step later.
TEST(PlayerTest, ABusyGreenletLeavesTheStepInFlight) {
  std::atomic<bool> stop{false};
  Player p({"spin",
            [&](Output& out) {
              while (!stop.load()) runtime::current_world().charge(1000);
              out.print("done\n");
            },
            "a greenlet that never switches"});
  p.step_switch();
  EXPECT_EQ(p.goal(), Goal::Switch);
  EXPECT_FALSE(p.finished());
  EXPECT_GT(p.running_without_switch().count(), 0);
  EXPECT_TRUE(p.advance(Budget{1000, std::chrono::milliseconds(1)}));
  stop = true;
  EXPECT_FALSE(p.advance());
  EXPECT_TRUE(p.finished());
  EXPECT_EQ(p.goal(), Goal::None);
  EXPECT_EQ(p.running_without_switch().count(), 0);
  EXPECT_EQ(p.output(), "done\n");
}

// The article's "blocking blocks everything", in Python: a loop that never
// switches. The evaluator yields to the host every so many operations, so the
// player stays in control and can say for how long the greenlet has run.
TEST(PlayerTest, ARunawayScriptKeepsThePlayerResponsive) {
  Player p(script_program("spin.py", "n = 0\nwhile True:\n    n += 1\n"));
  p.step_switch();
  EXPECT_EQ(p.goal(), Goal::Switch) << "the step is still in flight";
  EXPECT_FALSE(p.finished());
  EXPECT_GT(p.running_without_switch().count(), 0);
  EXPECT_TRUE(p.advance(Budget{1000, std::chrono::milliseconds(1)}));
  p.restart(scenarios::pingpong());  // ends the runaway run
  run_to_end(p);
  EXPECT_EQ(p.output(), "12\n56\n34\ngr1.dead True gr2.dead False\n");
}

// A script's run is recorded like any program: its greenlets, its prints,
// the lines it ran.
TEST(PlayerTest, AScriptIsTracedLikeAnyProgram) {
  Player p(script_program("pp.py",
                          "from greenlet import greenlet\n"
                          "def test1():\n"
                          "    print(12)\n"
                          "    gr2.switch()\n"
                          "    print(34)\n"
                          "def test2():\n"
                          "    print(56)\n"
                          "    gr1.switch()\n"
                          "    print(78)\n"
                          "gr1 = greenlet(test1)\n"
                          "gr2 = greenlet(test2)\n"
                          "gr1.switch()\n"));
  run_to_end(p);
  EXPECT_EQ(p.output(), "12\n56\n34\n");
  Lines switches;
  bool line_events = false;
  for (std::size_t i = 0; i < p.log().size(); ++i) {
    if (trace::is_transfer(p.log().event(i).kind)) switches.push_back(p.log().describe(i));
    line_events = line_events || p.log().event(i).kind == trace::Kind::Line;
  }
  ASSERT_GE(switches.size(), 4u);
  // Python's values: a start with no arguments, the () a bare switch() sends,
  // and the None test1 returns to its parent.
  EXPECT_EQ(switches[0], "switch main -> test1 with ()");
  EXPECT_EQ(switches[1], "switch test1 -> test2 with ()");
  EXPECT_EQ(switches[2], "switch test2 -> test1 with ()");
  EXPECT_EQ(switches[3], "switch test1 -> main with None");
  EXPECT_TRUE(line_events);
}

TEST(PlayerTest, PlayingStepsAtItsPace) {
  Player p(scenarios::pingpong());
  p.run(0.1);  // one stop per 5 s of wall time
  EXPECT_TRUE(p.playing());
  EXPECT_TRUE(p.advance());
  EXPECT_EQ(p.stops().size(), 1u) << "the first step is due at once";
  EXPECT_TRUE(p.advance());
  EXPECT_EQ(p.stops().size(), 1u) << "the next is due in 5 s";
  p.pause();
  EXPECT_FALSE(p.playing());
  EXPECT_FALSE(p.advance());
  p.run(100);
  EXPECT_EQ(p.speed(), Player::kMaxSpeed);
}

TEST(PlayerTest, StepLineWithoutLineEventsIsAStep) {
  Player p(scenarios::pingpong());
  p.step_line();
  EXPECT_TRUE(is_transfer_at(p, p.position()));
  EXPECT_EQ(p.stops().size(), 1u);
}

TEST(PlayerTest, StepLineStopsAtEachLineChange) {
  Player p({"lines",
            [](Output& out) {
              out.line(1);
              out.line(2);
              auto g = runtime::Greenlet::create([&](runtime::Value) {
                out.line(7);
                return runtime::Value();
              });
              g->switch_to();
              out.line(3);
            },
            "line events"});
  auto line_at = [&](std::size_t position) {
    const trace::Event& e = p.log().event(position - 1);
    return e.kind == trace::Kind::Line ? e.number : -1;
  };
  p.step_line();
  EXPECT_EQ(line_at(p.position()), 1);
  EXPECT_LT(p.position(), p.frontier()) << "the world ran to its switch; the view shows line 1";
  p.step_line();
  EXPECT_EQ(line_at(p.position()), 2);
  p.step_line();
  EXPECT_TRUE(is_transfer_at(p, p.position())) << "no more line changes before the switch";
  p.step_line();
  EXPECT_EQ(line_at(p.position()), 7);
  run_to_end(p);
  std::size_t last_line = 0;
  for (std::size_t i = 0; i < p.log().size(); ++i) {
    if (p.log().event(i).kind == trace::Kind::Line) last_line = i;
  }
  EXPECT_EQ(p.log().event(last_line).number, 3);
}

TEST(PlayerTest, AnErrorInMainEndsTheRunAndIsKept) {
  Player p({"raises",
            [](Output& out) {
              out.print("before\n");
              throw std::runtime_error("boom");
            },
            "main raises"});
  run_to_end(p);
  ASSERT_NE(p.error(), nullptr);
  EXPECT_THROW(std::rethrow_exception(p.error()), std::runtime_error);
  EXPECT_EQ(p.output(), "before\n");
}

// At each stop the greenlet that switched away has its Python frames recorded
// (function, line, locals): the Stacks view reads them at any position later.
TEST(PlayerTest, PythonFramesAreRecordedWhenAGreenletSwitchesAway) {
  Player p(script_program("frames.py",
                          "from greenlet import greenlet\n"
                          "def inner(n):\n"
                          "    total = n * 2\n"
                          "    main.switch(total)\n"
                          "    total += 1\n"
                          "    main.switch(total)\n"
                          "def outer():\n"
                          "    words = ['a', 'b']\n"
                          "    inner(20)\n"
                          "from greenlet import getcurrent\n"
                          "main = getcurrent()\n"
                          "g = greenlet(outer)\n"
                          "g.switch()\n"
                          "g.switch()\n"));
  run_to_end(p);
  std::uint32_t g = trace::kNoGreenlet;
  for (const trace::GreenletInfo& info : p.log().greenlets()) {
    if (info.name == "outer") g = info.id;
  }
  ASSERT_NE(g, trace::kNoGreenlet);
  // The stops after outer switched away: to main twice, then its death (the
  // run's end kills it): inner's frame on top of outer's.
  std::vector<std::size_t> away;
  for (std::size_t stop : p.stops()) {
    const trace::Event& e = p.log().event(stop - 1);
    if (trace::is_transfer(e.kind) && e.greenlet == g) away.push_back(stop);
  }
  ASSERT_EQ(away.size(), 3u);
  const std::size_t first_back = away[0];
  const FrameRecord* previous = nullptr;
  const FrameRecord* r = p.frames_at(g, first_back, &previous);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(previous, nullptr);
  ASSERT_EQ(r->frames.size(), 2u);
  EXPECT_EQ(r->frames[0].function, "inner");
  EXPECT_EQ(r->frames[0].line, 4);
  using Locals = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(r->frames[0].locals, (Locals{{"n", "20"}, {"total", "40"}}));
  EXPECT_EQ(r->frames[1].function, "outer");
  EXPECT_EQ(r->frames[1].line, 9);
  EXPECT_EQ(r->frames[1].locals, (Locals{{"words", "['a', 'b']"}}));
  // Before that stop nothing was recorded for it; at the second, the later
  // record (total 41, line 6) with the first as its previous; dead, no frames.
  EXPECT_EQ(p.frames_at(g, first_back - 1), nullptr);
  r = p.frames_at(g, away[1], &previous);
  ASSERT_NE(r, nullptr);
  ASSERT_NE(previous, nullptr);
  EXPECT_EQ(previous->position, first_back);
  EXPECT_EQ(r->frames[0].line, 6);
  EXPECT_EQ(r->frames[0].locals, (Locals{{"n", "20"}, {"total", "41"}}));
  r = p.frames_at(g, p.frontier());
  ASSERT_NE(r, nullptr);
  EXPECT_TRUE(r->frames.empty());
  // main's module frame shows data, not imports or functions.
  const FrameRecord* m = p.frames_at(0, first_back - 1);
  ASSERT_NE(m, nullptr);
  ASSERT_EQ(m->frames.size(), 1u);
  EXPECT_EQ(m->frames[0].function, "<module>");
  EXPECT_EQ(m->frames[0].line, 13);
  for (const auto& [name, value] : m->frames[0].locals) {
    EXPECT_NE(name, "inner");
    EXPECT_NE(name, "greenlet");
  }
}

}  // namespace
}  // namespace coroscope::player
