// Snapshots of the world at every index of a recorded log (History): the
// states of the seed's programs step by step, timers, the ready queue, I/O
// watchers, saved registers, and that keyframes + replay give exactly the
// state of applying every event one by one.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <sstream>
#include <stdexcept>
#include <string>

#include "core/trace/Scenarios.hpp"
#include "trace/History.hpp"
#include "trace/IoDetail.hpp"

namespace coroscope::trace {
namespace {

using runtime::Greenlet;
using runtime::GreenletRef;
using runtime::Value;
using testing::Lines;
using testing::ScopedTrace;
using testing::TraceTest;
using S = GreenletState;

// dump(s) is one line per greenlet, then the queues: for failure messages.
std::string dump(const Snapshot& s) {
  std::ostringstream out;
  out << "@" << s.index << " t=" << s.time << " running=" << s.running << "\n";
  for (const GreenletSnapshot& g : s.greenlets) {
    out << "  " << g.name << "#" << g.id << " " << to_string(g.state);
    if (!g.waiting_on.empty()) out << " on " << g.waiting_on;
    out << " line=" << g.line << " changed@" << g.changed_at << " runs=" << g.runs
        << (g.registers ? " regs" : "") << "\n";
  }
  out << "  ready:";
  for (std::uint32_t id : s.ready) out << " " << id;
  out << "\n  timers:";
  for (const TimerSnapshot& t : s.timers) out << " " << t.id << "@" << t.deadline << "/" << t.owner;
  out << "\n  watchers:";
  for (const WatcherSnapshot& w : s.watchers) out << " fd" << w.fd << "/" << w.greenlet;
  return out.str();
}

// index_of(log, line, from) is the first event at or after from described as line.
std::size_t index_of(const EventLog& log, const std::string& line, std::size_t from = 0) {
  for (std::size_t i = from; i < log.size(); ++i) {
    if (log.describe(i) == line) return i;
  }
  ADD_FAILURE() << "no event \"" << line << "\" from " << from;
  return log.size();
}

// state_of(s, name) is the named greenlet's entry; it must be there.
const GreenletSnapshot& named(const Snapshot& s, std::string_view name) {
  for (const GreenletSnapshot& g : s.greenlets) {
    if (g.name == name) return g;
  }
  static const GreenletSnapshot none;
  ADD_FAILURE() << "no greenlet " << name << " in\n" << dump(s);
  return none;
}

std::uint32_t id_of(const EventLog& log, std::string_view name) {
  for (const GreenletInfo& g : log.greenlets()) {
    if (g.name == name) return g.id;
  }
  ADD_FAILURE() << "no greenlet " << name;
  return kNoGreenlet;
}

// expect_replay_agrees(log) checks at(n) for every n three ways: keyframes
// after every event (the running state, applied one by one), every 3 events,
// and none but the first (a replay from 0).
void expect_replay_agrees(const EventLog& log) {
  History every(log, 1), some(log, 3), none(log, log.size() + 1);
  every.update();
  some.update();
  none.update();
  ASSERT_EQ(every.size(), log.size());
  for (std::size_t n = 0; n <= log.size(); ++n) {
    const Snapshot a = every.at(n), b = some.at(n), c = none.at(n);
    EXPECT_EQ(a.index, n);
    EXPECT_TRUE(a == b) << "K=1 vs K=3 at " << n << "\n" << dump(a) << "\n" << dump(b);
    EXPECT_TRUE(a == c) << "K=1 vs from 0 at " << n << "\n" << dump(a) << "\n" << dump(c);
  }
}

// expect_registers_from_next_transfer(history) checks every suspended greenlet
// at every index: its registers are what the next transfer into it saved.
void expect_registers_from_next_transfer(const History& h) {
  const EventLog& log = h.log();
  for (std::size_t n = 0; n <= log.size(); ++n) {
    const Snapshot s = h.at(n);
    for (const GreenletSnapshot& g : s.greenlets) {
      bool left = false;  // it switched out at some transfer before n
      for (std::size_t j = 0; j < n && !left; ++j) {
        left = is_transfer(log.event(j).kind) && log.event(j).greenlet == g.id;
      }
      std::size_t next = log.size();
      for (std::size_t j = n; j < log.size(); ++j) {
        if (is_transfer(log.event(j).kind) && log.event(j).target == g.id) {
          next = j;
          break;
        }
      }
      const bool suspended =
          left && g.state != S::Running && g.state != S::Dead && g.state != S::Unstarted;
      if (!suspended || next == log.size()) {
        if (!suspended) {
          EXPECT_FALSE(g.registers) << g.name << " at " << n;
        }
        continue;
      }
      const SavedContext* c = log.saved_context(next);
      ASSERT_EQ(static_cast<bool>(c), runtime::registers_available()) << g.name << " at " << n;
      if (!c) {
        EXPECT_FALSE(g.registers);
        EXPECT_FALSE(g.registers_note.empty());
        continue;
      }
      ASSERT_TRUE(g.registers) << g.name << " at " << n << ": " << g.registers_note;
      EXPECT_EQ(*g.registers, c->registers) << g.name << " at " << n;
      EXPECT_EQ(g.saved_sp, c->sp);
      if (c->stack_top) {
        EXPECT_EQ(g.bytes_in_use, c->stack_top - c->sp);
      }
    }
  }
}

// The seed's gevent.sleep, step by step (the golden is in EventLogTest).
TEST_F(TraceTest, SnapshotGeventSleep) {
  EventLog log;
  record_gevent_sleep(log);
  History h(log);
  h.update();
  ASSERT_EQ(h.size(), 28u);

  const Snapshot empty = h.at(0);
  EXPECT_TRUE(empty.greenlets.empty());
  EXPECT_EQ(empty.running, kNoGreenlet);

  // "spawn foo": main runs (it spawns), the hub has not started, foo is ready.
  Snapshot s = h.at(1);
  EXPECT_EQ(named(s, "main").state, S::Running) << dump(s);
  EXPECT_EQ(named(s, "hub").state, S::Unstarted);
  EXPECT_EQ(named(s, "foo").state, S::Ready);
  EXPECT_EQ(s.ready, (std::vector<std::uint32_t>{id_of(log, "foo")}));
  EXPECT_EQ(s.running, 0u);

  // "park main on joinall" + "switch main -> hub".
  s = h.at(4);
  EXPECT_EQ(named(s, "main").state, S::Waiting) << dump(s);
  EXPECT_EQ(named(s, "main").waiting_on, "joinall");
  EXPECT_EQ(named(s, "main").changed_at, 3u);
  EXPECT_EQ(named(s, "hub").state, S::Running);
  EXPECT_EQ(named(s, "hub").runs, 1u);
  EXPECT_EQ(s.ready, (std::vector<std::uint32_t>{id_of(log, "foo"), id_of(log, "bar")}));

  // "park foo on sleep" + "switch foo -> hub": foo sleeps with a timer at 1.0.
  ASSERT_EQ(log.describe(7), "switch foo -> hub");
  s = h.at(8);
  const GreenletSnapshot& foo = named(s, "foo");
  EXPECT_EQ(foo.state, S::Sleeping) << dump(s);
  EXPECT_EQ(foo.waiting_on, "sleep");
  EXPECT_EQ(foo.runs, 1u);
  ASSERT_EQ(s.timers.size(), 1u);
  EXPECT_EQ(s.timers[0].deadline, 1.0);
  EXPECT_EQ(s.timers[0].remaining, 1.0);
  EXPECT_EQ(s.timers[0].owner, foo.id);
  EXPECT_EQ(s.ready, (std::vector<std::uint32_t>{id_of(log, "bar")}));
  EXPECT_EQ(s.running, id_of(log, "hub"));

  // Both asleep; then the clock jumps to 1 and foo's timer fires.
  s = h.at(12);
  EXPECT_EQ(named(s, "bar").state, S::Sleeping);
  ASSERT_EQ(s.timers.size(), 2u);
  EXPECT_EQ(s.timers[1].deadline, 2.0);
  EXPECT_TRUE(s.ready.empty());
  s = h.at(13);
  EXPECT_EQ(s.time, 1.0);
  ASSERT_EQ(s.timers.size(), 1u);
  EXPECT_EQ(s.timers[0].remaining, 1.0) << "bar's 2.0 seen at 1.0";
  s = h.at(14);  // "wake foo: its sleep is over"
  EXPECT_EQ(named(s, "foo").state, S::Ready);
  EXPECT_TRUE(named(s, "foo").waiting_on.empty());
  s = h.at(16);  // "exit foo: returned": dead once it has switched out
  EXPECT_EQ(named(s, "foo").state, S::Running);
  s = h.at(17);
  EXPECT_EQ(named(s, "foo").state, S::Dead);
  EXPECT_EQ(named(s, "foo").changed_at, 16u);

  // The end: main runs again, foo and bar are dead, nothing is armed.
  s = h.at(28);
  EXPECT_EQ(named(s, "main").state, S::Running) << dump(s);
  EXPECT_EQ(named(s, "foo").state, S::Dead);
  EXPECT_EQ(named(s, "bar").state, S::Dead);
  EXPECT_EQ(named(s, "hub").state, S::Suspended);
  EXPECT_TRUE(s.timers.empty());
  EXPECT_TRUE(s.ready.empty());
  EXPECT_EQ(s.time, 2.0);
  EXPECT_GE(s.wall_ns, h.at(1).wall_ns);
  ASSERT_EQ(s.greenlets.size(), 4u);
  for (std::uint32_t k = 0; k < 4; ++k) EXPECT_EQ(s.greenlets[k].order, k);
  EXPECT_EQ(named(s, "foo").parent, id_of(log, "hub"));

  expect_replay_agrees(log);
  expect_registers_from_next_transfer(h);
}

// The seed's ping-pong: gr1 dies into main; gr2 stays suspended for ever (no 78).
TEST_F(TraceTest, SnapshotPingPong) {
  EventLog log;
  runtime::testing::PingPong p;
  GreenletRef main = runtime::getcurrent();
  {
    ScopedTrace trace(&log);
    p.gr1->switch_to();
  }
  ASSERT_EQ(p.out, "12 56 34 ");
  ASSERT_EQ(log.size(), 4u);
  // The world reports gr1's last transfer with gr1 already dead: the log marks it.
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(log[i].flags, 0) << log.describe(i);
  EXPECT_EQ(log[3].flags, kOriginDied) << log.describe(3);

  History h(log);
  h.update();
  const std::uint32_t gr1 = static_cast<std::uint32_t>(p.gr1->id());
  const std::uint32_t gr2 = static_cast<std::uint32_t>(p.gr2->id());
  auto state = [&](std::size_t n, std::uint32_t id) { return h.at(n).find(id)->state; };
  EXPECT_EQ(state(1, 0), S::Suspended);
  EXPECT_EQ(state(1, gr1), S::Running);
  EXPECT_EQ(h.at(1).find(gr2), nullptr) << "not seen yet";
  EXPECT_EQ(state(2, gr1), S::Suspended);
  EXPECT_EQ(state(2, gr2), S::Running);
  EXPECT_EQ(state(3, gr1), S::Running);
  EXPECT_EQ(state(3, gr2), S::Suspended);
  const Snapshot end = h.at(4);
  EXPECT_EQ(end.find(gr1)->state, S::Dead) << dump(end);
  EXPECT_EQ(end.find(gr2)->state, S::Suspended) << "78 is never printed";
  EXPECT_EQ(end.find(0)->state, S::Running);
  EXPECT_EQ(end.find(gr1)->runs, 2u);
  EXPECT_EQ(end.running, 0u);
  EXPECT_TRUE(end.ready.empty()) << "plain greenlets are never in the hub's queue";

  // gr2 was never resumed: its registers are its live ones, when we pass it.
  EXPECT_FALSE(end.find(gr2)->registers);
  EXPECT_FALSE(end.find(gr2)->registers_note.empty());
  const Snapshot live = h.at(4, [&](std::uint32_t id) -> const Greenlet* {
    return id == gr2 ? p.gr2.get() : id == gr1 ? p.gr1.get() : main.get();
  });
  const runtime::FiberInfo info = p.gr2->inspect();
  if (runtime::registers_available()) {
    ASSERT_TRUE(info.registers);
    ASSERT_TRUE(live.find(gr2)->registers) << live.find(gr2)->registers_note;
    EXPECT_EQ(*live.find(gr2)->registers, *info.registers);
    EXPECT_EQ(live.find(gr2)->saved_sp, info.saved_sp);
    EXPECT_EQ(live.find(gr2)->bytes_in_use, info.bytes_in_use);
    EXPECT_EQ(p.gr2->saved_sp(), info.saved_sp);
    EXPECT_EQ(p.gr2->stack_top(), info.stack.top);
    // gr1 at 2 was suspended in gr2's switch: the registers restored at event 2.
    ASSERT_TRUE(h.at(2).find(gr1)->registers);
    EXPECT_EQ(*h.at(2).find(gr1)->registers, log.saved_context(2)->registers);
    EXPECT_EQ(log.saved_context(0), nullptr) << "gr1 had not started: nothing saved";
  } else {
    EXPECT_FALSE(live.find(gr2)->registers);
    EXPECT_FALSE(p.gr2->saved_registers());
    EXPECT_EQ(log.saved_contexts(), 0u);
  }
  EXPECT_FALSE(live.find(0)->registers) << "main runs";

  expect_replay_agrees(log);
  expect_registers_from_next_transfer(h);
}

// Raw greenlets that raise, or are thrown into before they start, are dead
// once they transfer out; the transfer is marked.
TEST_F(TraceTest, SnapshotRawDeaths) {
  EventLog log;
  GreenletRef raiser = Greenlet::create([](Value) -> Value { throw std::runtime_error("boom"); },
                                        {}, {.name = "raiser"});
  GreenletRef never = Greenlet::create([](Value) -> Value { return {}; }, {}, {.name = "never"});
  {
    ScopedTrace trace(&log);
    EXPECT_THROW(raiser->switch_to(), std::runtime_error);
    never->throw_into();
  }
  EXPECT_EQ(testing::describe_all(log),
            (Lines{"switch main -> raiser", "throw raiser -> main", "throw main -> never",
                   "switch never -> main with GreenletExit()"}));
  EXPECT_EQ(log[1].flags, kOriginDied);
  EXPECT_EQ(log[2].flags, 0);
  EXPECT_EQ(log[3].flags, kOriginDied);
  History h(log);
  h.update();
  EXPECT_EQ(h.at(1).find(raiser->id())->state, S::Running);
  EXPECT_EQ(h.at(2).find(raiser->id())->state, S::Dead);
  EXPECT_EQ(h.at(3).find(never->id())->state, S::Running) << "thrown into: it has the CPU";
  EXPECT_EQ(h.at(4).find(never->id())->state, S::Dead);
  EXPECT_EQ(h.at(4).find(0)->state, S::Running);
  expect_replay_agrees(log);
}

// Three greenlets that sleep(0) twice: the ready queue in the order they parked.
TEST_F(TraceTest, SnapshotReadyQueueOrder) {
  EventLog log;
  run([&] {
    ScopedTrace trace(&log);
    std::vector<hub::GreenletPtr> gs;
    for (const char* name : {"a", "b", "c"}) {
      gs.push_back(hub::spawn(
          [] {
            hub::sleep(0);
            hub::sleep(0);
            return Value();
          },
          name));
    }
    hub::joinall(gs);
  });
  History h(log);
  h.update();
  const std::uint32_t a = id_of(log, "a"), b = id_of(log, "b"), c = id_of(log, "c");
  const std::size_t started = index_of(log, "switch main -> hub");
  Snapshot s = h.at(started + 1);
  EXPECT_EQ(s.ready, (std::vector<std::uint32_t>{a, b, c})) << "spawned: " << dump(s);
  const std::size_t all_parked = index_of(log, "switch c -> hub");
  s = h.at(all_parked + 1);
  EXPECT_EQ(s.ready, (std::vector<std::uint32_t>{a, b, c})) << dump(s);
  for (std::uint32_t id : {a, b, c}) {
    EXPECT_EQ(s.find(id)->state, S::Ready);
    EXPECT_EQ(s.find(id)->waiting_on, "sleep(0)");
  }
  s = h.at(index_of(log, "switch a -> hub", all_parked) + 1);
  EXPECT_EQ(s.ready, (std::vector<std::uint32_t>{b, c, a})) << "a again, at the back: " << dump(s);
  EXPECT_EQ(s.find(a)->runs, 2u);
  s = h.at(log.size());
  EXPECT_TRUE(s.ready.empty());
  for (std::uint32_t id : {a, b, c}) EXPECT_EQ(s.find(id)->state, S::Dead);
  expect_replay_agrees(log);
  expect_registers_from_next_transfer(h);
}

// A reader waits on a pipe: a watcher while it waits, gone once it is ready.
TEST_F(TraceTest, SnapshotIoWatcher) {
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
  History h(log);
  h.update();
  const std::uint32_t reader = id_of(log, "reader");
  const std::size_t wait =
      index_of(log, "io wait reader fd " + std::to_string(fds[0]) + " readable");
  Snapshot s = h.at(wait + 1);
  ASSERT_EQ(s.watchers.size(), 1u) << dump(s);
  EXPECT_EQ(s.watchers[0], (WatcherSnapshot{fds[0], true, reader, "", 0.0}))
      << "a pipe is not a named socket: no detail";
  EXPECT_EQ(s.find(reader)->state, S::Running) << "it has not parked yet";
  s = h.at(index_of(log, "switch reader -> hub", wait) + 1);
  EXPECT_EQ(s.find(reader)->state, S::WaitingIo) << dump(s);
  EXPECT_EQ(s.find(reader)->waiting_on, "socket: waiting to read");
  EXPECT_EQ(s.watchers.size(), 1u);
  const std::size_t ready =
      index_of(log, "io ready reader fd " + std::to_string(fds[0]) + " readable");
  EXPECT_TRUE(h.at(ready + 1).watchers.empty());
  EXPECT_EQ(h.at(ready + 2).find(reader)->state, S::Ready) << "woken";
  EXPECT_EQ(h.at(ready + 3).find(reader)->state, S::Running);
  EXPECT_TRUE(h.at(log.size()).watchers.empty());
  expect_replay_agrees(log);
}

// A named socket's watcher says what the wait is and when it began.
TEST_F(TraceTest, SnapshotIoWatcherNamesItsSocket) {
  EventLog log;
  const SocketRun run = record_socket_waits(log);
  History h(log);
  h.update();
  const std::uint32_t serve = id_of(log, "serve");
  auto watcher_of = [&](const Snapshot& s) -> const WatcherSnapshot* {
    for (const WatcherSnapshot& w : s.watchers)
      if (w.greenlet == serve) return &w;
    return nullptr;
  };
  // serve's first wait: accept() on the listening socket.
  const std::size_t accepting = index_of(log, "switch serve -> hub");
  Snapshot s = h.at(accepting + 1);
  EXPECT_EQ(s.find(serve)->state, S::WaitingIo) << dump(s);
  const WatcherSnapshot* w = watcher_of(s);
  ASSERT_NE(w, nullptr) << dump(s);
  EXPECT_TRUE(w->readable);
  EXPECT_EQ(w->detail, "accept: listening " + run.server);
  EXPECT_EQ(w->since, log[accepting].time) << "its IoWait's time";
  EXPECT_EQ(io_detail(*w).waits_for(), "a client to connect");
  // Its next: recv() on the connection accept() made.
  const std::size_t receiving = index_of(log, "switch serve -> hub", accepting + 1);
  s = h.at(receiving + 1);
  w = watcher_of(s);
  ASSERT_NE(w, nullptr) << dump(s);
  EXPECT_EQ(w->detail, "recv: connection from " + run.client);
  EXPECT_EQ(io_detail(*w).wait(), "for data from " + run.client);
  EXPECT_GE(w->since, log[accepting].time);
  EXPECT_EQ(watcher_of(h.at(log.size())), nullptr);
  expect_replay_agrees(log);
}

// A timeout armed and cancelled, spawn_later, and a kill, step by step.
TEST_F(TraceTest, SnapshotTimeoutAndKill) {
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
  History h(log);
  h.update();
  const std::size_t joined = index_of(log, "switch main -> hub");
  Snapshot s = h.at(joined + 1);
  EXPECT_EQ(s.find(0)->state, S::Waiting) << dump(s);
  EXPECT_EQ(s.find(0)->waiting_on, "join");
  ASSERT_EQ(s.timers.size(), 2u);
  EXPECT_EQ(s.timers[0].owner, id_of(log, "quick"));
  EXPECT_EQ(s.timers[1].owner, 0u);
  EXPECT_EQ(s.timers[1].remaining, 5.0);
  EXPECT_EQ(named(s, "quick").state, S::Ready) << "spawn_later: scheduled";
  s = h.at(index_of(log, "timer cancelled main @5.000") + 1);
  EXPECT_TRUE(s.timers.empty()) << dump(s);
  s = h.at(index_of(log, "switch main -> hub", index_of(log, "park main on kill")) + 1);
  EXPECT_EQ(s.find(0)->waiting_on, "kill");
  EXPECT_EQ(named(s, "sleeper").state, S::Sleeping);
  s = h.at(log.size());
  EXPECT_EQ(named(s, "sleeper").state, S::Dead);
  EXPECT_EQ(named(s, "quick").state, S::Dead);
  EXPECT_TRUE(s.timers.empty());
  expect_replay_agrees(log);
  expect_registers_from_next_transfer(h);
}

// Lines and prints: each greenlet's line, and the output so far.
TEST_F(TraceTest, SnapshotLinesAndOutput) {
  EventLog log;
  GreenletRef main = runtime::getcurrent();
  GreenletRef g = Greenlet::create(
      [&](Value) -> Value {
        log.record_line(*runtime::getcurrent(), 2);
        log.record_print(*runtime::getcurrent(), "12\n");
        main->switch_to();
        log.record_line(*runtime::getcurrent(), 4);
        log.record_print(*runtime::getcurrent(), "34\n");
        return {};
      },
      {}, {.name = "test1"});
  History h(log, 2);
  {
    ScopedTrace trace(&log);
    log.record_line(*main, 7);
    h.update();  // a History follows a growing log
    g->switch_to();
    h.update();
    log.record_print(*main, "x");
    g->switch_to();
  }
  h.update();
  ASSERT_EQ(h.size(), log.size());
  Snapshot s = h.at(1);
  EXPECT_EQ(s.find(0)->line, 7);
  EXPECT_EQ(s.find(0)->state, S::Running);
  s = h.at(log.size());
  EXPECT_EQ(s.find(g->id())->line, 4);
  EXPECT_EQ(s.find(g->id())->state, S::Dead);
  EXPECT_EQ(s.prints, 3u);
  EXPECT_EQ(h.output(s), "12\nx34\n");
  EXPECT_EQ(output_text(log, s), "12\nx34\n");
  EXPECT_EQ(h.output(h.at(4)), "12\n");
  EXPECT_EQ(output_text(log, h.at(4)), "12\n");
  EXPECT_EQ(h.output(h.at(0)), "");
  expect_replay_agrees(log);

  // After log.clear() the History starts over.
  log.clear();
  log.record_line(*main, 1);
  h.update();
  EXPECT_EQ(h.size(), 1u);
  EXPECT_EQ(h.at(1).greenlets.size(), 1u);
  EXPECT_EQ(h.at(1).find(0)->line, 1);
}

}  // namespace
}  // namespace coroscope::trace
