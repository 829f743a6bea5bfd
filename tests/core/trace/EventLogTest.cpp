// Golden traces of the event log (STYLE.md 15): each scenario's expected
// describe() lines are data, reviewed as a diff; then what the log keeps per
// event and per greenlet, and how it stores them.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/trace/Scenarios.hpp"

namespace coroscope::trace {
namespace {

using runtime::Greenlet;
using runtime::GreenletRef;
using runtime::Value;
using testing::describe_all;
using testing::Lines;
using testing::ScopedTrace;
using testing::TraceTest;

// (a) The seed's ping-pong: 12, 56, 34, and gr1 dies into main, not into gr2.
TEST_F(TraceTest, PingPongGolden) {
  EventLog log;
  EXPECT_EQ(record_ping_pong(log), "12 56 34 ");
  EXPECT_EQ(describe_all(log), (Lines{"switch main -> gr1", "switch gr1 -> gr2",
                                      "switch gr2 -> gr1", "switch gr1 -> main"}));
  ASSERT_EQ(log.size(), 4u);
  std::int64_t wall = -1;
  for (std::size_t i = 0; i < log.size(); ++i) {
    const EventView e = log[i];
    EXPECT_EQ(e.seq, i);
    EXPECT_EQ(e.kind, Kind::Switch);
    EXPECT_EQ(e.time, 0.0) << "no hub: virtual time is 0";
    EXPECT_TRUE(std::isnan(e.deadline));
    EXPECT_GE(e.wall_ns, wall) << "wall time goes forward";
    EXPECT_TRUE(e.text.empty());
    wall = e.wall_ns;
  }
  // Greenlets in spawn order, each with its parent at first sight.
  ASSERT_EQ(log.greenlets().size(), 3u);
  const GreenletInfo& main = log.greenlets()[0];
  EXPECT_EQ(main.name, "main");
  EXPECT_EQ(main.id, 0u);
  EXPECT_EQ(main.parent, kNoGreenlet);
  for (std::uint32_t k : {1u, 2u}) {
    const GreenletInfo& g = log.greenlets()[k];
    EXPECT_EQ(g.name, k == 1 ? "gr1" : "gr2");
    EXPECT_EQ(g.order, k);
    EXPECT_EQ(g.parent, 0u);
    EXPECT_EQ(log.greenlet_info(g.id), &g);
  }
  EXPECT_EQ(log[1].greenlet, log.greenlets()[1].id);
  EXPECT_EQ(log[1].target, log.greenlets()[2].id);
  EXPECT_EQ(log.greenlet_info(kNoGreenlet - 1), nullptr);
}

// (b) The seed's gevent.sleep: the hub runs foo and bar, both sleep, the
// virtual clock jumps to 1 and 2, and joinall wakes main once both are done.
TEST_F(TraceTest, GeventSleepGolden) {
  EventLog log;
  record_gevent_sleep(log);
  EXPECT_EQ(describe_all(log), (Lines{
                                   "spawn foo",
                                   "spawn bar",
                                   "park main on joinall",
                                   "switch main -> hub",
                                   "switch hub -> foo",
                                   "timer armed foo @1.000",
                                   "park foo on sleep",
                                   "switch foo -> hub",
                                   "switch hub -> bar",
                                   "timer armed bar @2.000",
                                   "park bar on sleep",
                                   "switch bar -> hub",
                                   "timer fired foo @1.000",
                                   "wake foo: its sleep is over",
                                   "switch hub -> foo",
                                   "exit foo: returned",
                                   "switch foo -> hub",
                                   "wake main: joinall: one more greenlet is ready",
                                   "switch hub -> main",
                                   "park main on joinall",
                                   "switch main -> hub",
                                   "timer fired bar @2.000",
                                   "wake bar: its sleep is over",
                                   "switch hub -> bar",
                                   "exit bar: returned",
                                   "switch bar -> hub",
                                   "wake main: joinall: enough greenlets are ready",
                                   "switch hub -> main",
                               }));
  ASSERT_EQ(log.size(), 28u);
  // Virtual time: 0 until the first timer, then exactly the deadlines.
  for (std::size_t i = 0; i < log.size(); ++i) {
    const double expected = i < 12 ? 0.0 : i < 21 ? 1.0 : 2.0;
    EXPECT_EQ(log[i].time, expected) << log.describe(i);
  }
  EXPECT_EQ(log[12].deadline, 1.0);
  EXPECT_EQ(log[21].deadline, 2.0);
  EXPECT_EQ(log[5].deadline, 1.0);
  EXPECT_EQ(log[5].time, 0.0) << "armed at 0 for 1";
  EXPECT_EQ(log[6].text, "sleep");
  Lines names;
  for (const GreenletInfo& g : log.greenlets()) names.push_back(g.name);
  EXPECT_EQ(names, (Lines{"main", "hub", "foo", "bar"})) << "parents before children";
  EXPECT_EQ(log.greenlets()[2].parent, log.greenlets()[1].id) << "foo's parent is the hub";
}

// (c) The same program recorded twice gives the same events, field for field.
TEST_F(TraceTest, Deterministic) {
  EventLog first, second;
  record_gevent_sleep(first);
  record_gevent_sleep(second);
  ASSERT_GT(first.size(), 0u);
  EXPECT_EQ(describe_all(first), describe_all(second));
  ASSERT_EQ(first.size(), second.size());
  for (std::size_t i = 0; i < first.size(); ++i) {
    const Event &a = first.event(i), &b = second.event(i);
    EXPECT_EQ(a.kind, b.kind);
    EXPECT_EQ(a.greenlet, b.greenlet);
    EXPECT_EQ(a.target, b.target);
    EXPECT_EQ(a.time, b.time);
    EXPECT_EQ(first.text(a.text), second.text(b.text));
  }
}

// (e) What the script layer reports arrives in order with the switches.
TEST_F(TraceTest, PrintAndLineInOrder) {
  EventLog log;
  GreenletRef main = runtime::getcurrent();
  GreenletRef g = Greenlet::create(
      [&](Value) -> Value {
        log.record_line(*runtime::getcurrent(), 2);
        log.record_print(*runtime::getcurrent(), "12\n");
        main->switch_to();
        log.record_line(*runtime::getcurrent(), 4);
        log.record_print(*runtime::getcurrent(), "tab\there \\ \x01");
        return {};
      },
      {}, {.name = "test1"});
  {
    ScopedTrace trace(&log);
    log.record_line(*main, 7);
    g->switch_to();
    log.record_print(*main, "");
    g->switch_to();
  }
  EXPECT_EQ(describe_all(log), (Lines{
                                   "line main 7",
                                   "switch main -> test1",
                                   "line test1 2",
                                   "print test1: 12\\n",
                                   "switch test1 -> main",
                                   "print main: ",
                                   "switch main -> test1",
                                   "line test1 4",
                                   "print test1: tab\\there \\\\ \\x01",
                                   "switch test1 -> main",
                               }));
  ASSERT_EQ(log.size(), 10u);
  EXPECT_EQ(log[3].text, "12\n");
  EXPECT_EQ(log[3].kind, Kind::Print);
  EXPECT_EQ(log[2].number, 2);
  EXPECT_EQ(log[7].kind, Kind::Line);
  EXPECT_EQ(log[8].text, "tab\there \\ \x01");
  EXPECT_EQ(log[5].text, "");
}

// A loop that neither prints nor switches: after kLineRun Line events in a
// row the last one is updated in place, so the log stops growing; any other
// event starts a new run.
TEST_F(TraceTest, RunawayLinesStopGrowingTheLog) {
  EventLog log;
  GreenletRef main = runtime::getcurrent();
  const std::size_t run = EventLog::kLineRun;
  for (std::size_t i = 0; i < run + 1000; ++i) log.record_line(*main, 3 + static_cast<int>(i % 2));
  ASSERT_EQ(log.size(), run);
  EXPECT_EQ(log[run - 1].kind, Kind::Line);
  EXPECT_EQ(log[run - 1].number, 3 + static_cast<int>((run + 999) % 2));  // the latest line
  log.record_print(*main, "x\n");
  log.record_line(*main, 9);
  log.record_line(*main, 10);
  ASSERT_EQ(log.size(), run + 3);
  EXPECT_EQ(log[run + 1].number, 9);
  EXPECT_EQ(log[run + 2].number, 10);
}

// Throw: an exception delivered by throw_into is a "throw" transfer; the
// GreenletExit that is not caught goes to the parent as a value: a switch.
TEST_F(TraceTest, ThrowGolden) {
  EventLog log;
  GreenletRef main = runtime::getcurrent();
  GreenletRef g =
      Greenlet::create([&](Value) -> Value { return main->switch_to(); }, {}, {.name = "parked"});
  g->switch_to();
  {
    ScopedTrace trace(&log);
    g->throw_into();
  }
  EXPECT_EQ(describe_all(log),
            (Lines{"throw main -> parked", "switch parked -> main with GreenletExit()"}));
  EXPECT_EQ(log[0].kind, Kind::Throw);
}

// A timer armed for a timeout and cancelled when the wait ends first; a
// spawn_later; a killed greenlet.
TEST_F(TraceTest, TimeoutCancelAndKillGolden) {
  EventLog log;
  run([&] {
    ScopedTrace trace(&log);
    auto quick = hub::spawn_later(
        0.5, [] { return Value(); }, "quick");
    quick->join(5.0);
    auto sleeper = hub::spawn(
        [] {
          hub::sleep(10);
          return Value();
        },
        "sleeper");
    hub::sleep(0);
    sleeper->kill();
  });
  EXPECT_EQ(describe_all(log), (Lines{
                                   "timer armed quick @0.500",
                                   "spawn quick (spawn_later)",
                                   "timer armed main @5.000",
                                   "park main on join",
                                   "switch main -> hub",
                                   "timer fired quick @0.500",
                                   "switch hub -> quick",
                                   "exit quick: returned",
                                   "switch quick -> hub",
                                   "wake main: join: the greenlet is ready",
                                   "switch hub -> main",
                                   "timer cancelled main @5.000",
                                   "spawn sleeper",
                                   "park main on sleep(0)",
                                   "switch main -> hub",
                                   "switch hub -> sleeper",
                                   "timer armed sleeper @10.500",
                                   "park sleeper on sleep",
                                   "switch sleeper -> hub",
                                   "wake main: sleep(0): its turn again",
                                   "switch hub -> main",
                                   "park main on kill",
                                   "switch main -> hub",
                                   "throw hub -> sleeper",
                                   "timer cancelled sleeper @10.500",
                                   "exit sleeper: killed",
                                   "switch sleeper -> hub",
                                   "wake main: kill delivered",
                                   "switch hub -> main",
                               }));
  // A timer keeps its id from armed to cancelled: main's 5 s join timeout.
  EXPECT_EQ(log[2].kind, Kind::TimerArmed);
  EXPECT_EQ(log[11].kind, Kind::TimerCancelled);
  EXPECT_EQ(log[2].number, log[11].number);
  EXPECT_NE(log[2].number, log[0].number);
}

// I/O: a reader waits for a pipe to become readable; main writes to it.
TEST_F(TraceTest, IoWaitAndReady) {
  EventLog log;
  int fds[2];
  ASSERT_EQ(::pipe2(fds, O_NONBLOCK | O_CLOEXEC), 0);
  run([&] {
    ScopedTrace trace(&log);
    auto reader = hub::spawn(
        [&] {
          hub::Hub::get().wait_io(fds[0], io::Interest::Read);
          return Value();
        },
        "reader");
    hub::sleep(0);
    const char byte = 'x';
    EXPECT_EQ(::write(fds[1], &byte, 1), 1);
    reader->join();
  });
  ::close(fds[0]);
  ::close(fds[1]);
  const Lines lines = describe_all(log);
  const std::string wait = "io wait reader fd " + std::to_string(fds[0]) + " readable";
  std::size_t w = lines.size(), r = lines.size();
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i] == wait) w = i;
    if (lines[i] == "io ready reader fd " + std::to_string(fds[0]) + " readable") r = i;
  }
  ASSERT_LT(w, lines.size()) << ::testing::PrintToString(lines);
  ASSERT_LT(r, lines.size()) << ::testing::PrintToString(lines);
  EXPECT_LT(w, r);
  EXPECT_EQ(log[w].number, fds[0]);
  EXPECT_EQ(log[w].kind, Kind::IoWait);
  EXPECT_TRUE(log[w].detail.empty()) << "a pipe is not a named socket";
  EXPECT_EQ(log.reason(r + 2), "fd " + std::to_string(fds[0]) + " is readable");
  EXPECT_EQ(log[r].number, fds[0]);
  EXPECT_EQ(lines[r + 1], "wake reader: its socket is readable");
  EXPECT_EQ(lines[r + 2], "switch hub -> reader with True");
}

// A named socket's waits: each IoWait, and the IoReady that ends it, says what
// the wait is; the switch it causes says what happened; a socket that waits
// again and again keeps one text.
TEST_F(TraceTest, IoWaitsNameTheirSocket) {
  EventLog log;
  const SocketRun run = record_socket_waits(log);
  const std::uint32_t serve = log.greenlets().back().id;
  ASSERT_EQ(log.name(serve), "serve");
  const std::string accepting = "accept: listening " + run.server;
  const std::string receiving = "recv: connection from " + run.client;
  std::vector<std::size_t> accepts, recvs;
  for (std::size_t i = 0; i < log.size(); ++i) {
    const EventView e = log[i];
    if (e.kind != Kind::IoWait || e.greenlet != serve) continue;
    EXPECT_EQ(log.describe(i), "io wait serve fd " + std::to_string(e.number) + " readable (" +
                                   std::string(e.detail) + ")");
    if (e.detail == accepting) accepts.push_back(i);
    if (e.detail == receiving) recvs.push_back(i);
  }
  ASSERT_EQ(accepts.size(), 1u) << ::testing::PrintToString(describe_all(log));
  ASSERT_EQ(recvs.size(), 2u) << ::testing::PrintToString(describe_all(log));
  EXPECT_EQ(log.event(recvs[0]).detail, log.event(recvs[1]).detail) << "one text, interned";
  // Each wait ends with an IoReady carrying its detail, a wake, and the hub's
  // switch, which says what happened on the socket.
  for (std::size_t w : {accepts[0], recvs[0], recvs[1]}) {
    std::size_t r = w + 1;
    while (r < log.size() && !(log[r].kind == Kind::IoReady && log[r].greenlet == serve)) ++r;
    ASSERT_LT(r + 2, log.size());
    EXPECT_EQ(log[r].detail, log[w].detail);
    EXPECT_EQ(log.describe(r + 2), "switch hub -> serve with True");
    EXPECT_EQ(log.reason(r + 2), w == accepts[0] ? "a client connected to " + run.server
                                                 : "data arrived from " + run.client);
  }
  // main's waits (connect, if it had to wait) name the server it connects to.
  for (std::size_t i = 0; i < log.size(); ++i) {
    const EventView e = log[i];
    if (e.kind == Kind::IoWait && e.greenlet == 0) {
      EXPECT_EQ(e.detail, "connect: to " + run.server);
    }
  }
}

// Events live in blocks that never move; reading crosses block boundaries.
TEST_F(TraceTest, BlocksNeverMove) {
  EventLog log;
  GreenletRef me = runtime::getcurrent();
  const std::size_t n = 3 * EventLog::kBlockEvents + 5;
  log.record_line(*me, 0);
  const Event* first = &log.event(0);
  // Two greenlets take turns: one greenlet's Line events in a long row would
  // be merged (RunawayLinesStopGrowingTheLog).
  GreenletRef other = Greenlet::create([](Value) -> Value { return {}; }, {}, {.name = "other"});
  for (std::size_t i = 1; i < n; ++i) log.record_line(i % 2 ? *other : *me, static_cast<int>(i));
  ASSERT_EQ(log.size(), n);
  EXPECT_EQ(&log.event(0), first) << "appending never copies old events";
  for (std::size_t i : {std::size_t{0}, EventLog::kBlockEvents - 1, EventLog::kBlockEvents,
                        2 * EventLog::kBlockEvents, n - 1}) {
    EXPECT_EQ(log[i].number, static_cast<int>(i));
    EXPECT_EQ(log[i].seq, i);
  }
  const std::size_t blocks = 4 * EventLog::kBlockEvents * sizeof(Event);
  EXPECT_GE(log.memory_bytes(), blocks);
  EXPECT_LT(log.memory_bytes(), blocks + (1u << 16));
  EXPECT_LE(sizeof(Event), 48u);

  const std::size_t held = log.memory_bytes();
  log.clear();
  EXPECT_EQ(log.size(), 0u);
  EXPECT_TRUE(log.greenlets().empty());
  log.record_line(*me, 42);
  EXPECT_EQ(log.describe(0), "line main 42");
  EXPECT_LE(log.memory_bytes(), held) << "clear() keeps the blocks for reuse";
}

// A `what` text is stored once per pointer; printed text once per print.
TEST_F(TraceTest, TextsInternedByPointer) {
  EventLog log;
  GreenletRef me = runtime::getcurrent();
  static const char kWhat[] = "event";
  for (int i = 0; i < 3; ++i) log.on_sched({runtime::Sched::Park, me.get(), kWhat});
  log.on_sched({runtime::Sched::Wake, me.get(), "because"});
  log.record_print(*me, "hi");
  log.record_print(*me, "hi");
  EXPECT_EQ(log.event(0).text, log.event(1).text);
  EXPECT_EQ(log.event(1).text, log.event(2).text);
  EXPECT_NE(log.event(2).text, log.event(3).text);
  EXPECT_NE(log.event(4).text, log.event(5).text);
  EXPECT_EQ(describe_all(log),
            (Lines{"park main on event", "park main on event", "park main on event",
                   "wake main: because", "print main: hi", "print main: hi"}));
  log.on_sched({runtime::Sched::TimerArmed, nullptr, "timer", 3.25});
  EXPECT_EQ(log.describe(6), "timer armed @3.250");
  EXPECT_EQ(log[6].greenlet, kNoGreenlet);
}

}  // namespace
}  // namespace coroscope::trace
