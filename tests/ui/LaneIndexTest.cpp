// LaneIndex: its segments say exactly what History::at(n) says about every
// greenlet at every position, for real recorded runs; it stays right when fed
// a step at a time and when the run restarts; its transfers, overview buckets,
// rows and time lookups agree with the log.
#include <gtest/gtest.h>

#include <string>

#include "player/Player.hpp"
#include "player/Scenarios.hpp"
#include "player/ScriptProgram.hpp"
#include "trace/History.hpp"
#include "views/LaneIndex.hpp"

namespace coroscope::app::views {
namespace {

using trace::GreenletState;

std::size_t run_to_end(player::Player& p) {
  std::size_t steps = 0;
  while (!(p.finished() && p.at_end()) && steps < 400000) {
    p.step_switch();
    ++steps;
  }
  EXPECT_TRUE(p.finished()) << "the program never finished";
  return steps;
}

// A parent spawns children that sleep different times; main joins it.
const char* const kSpawnJoin = R"(import gevent

def child(n):
    gevent.sleep(0.1 * n)
    return n * n

def parent():
    kids = [gevent.spawn(child, i) for i in range(4)]
    gevent.joinall(kids)
    return sum(k.value for k in kids)

p = gevent.spawn(parent)
p.join()
print(p.value)
)";

// Nested plain greenlets: b's parent is a, a's is main.
const char* const kNested = R"(from greenlet import greenlet

def b_run():
    print("b")
    main.switch(1)
    return 2

def a_run():
    b = greenlet(b_run)
    print(b.switch())
    print(b.switch())

main = greenlet.getcurrent()
a = greenlet(a_run)
a.switch()
a.switch()
)";

// expect_matches_history: at every stride-th position (and the last), each
// greenlet's state is History's, and no greenlet is seen before it appears.
void expect_matches_history(const trace::EventLog& log, const LaneIndex& ix,
                            std::size_t stride = 1) {
  trace::History h(log);
  h.update();
  ASSERT_EQ(ix.size(), log.size());
  ASSERT_EQ(ix.lanes(), log.greenlets().size());
  trace::Snapshot s;
  for (std::size_t n = 0;; n = std::min(n + stride, log.size())) {
    h.at(n, s);
    std::size_t seen = 0;
    for (std::uint32_t lane = 0; lane < ix.lanes(); ++lane) {
      bool found = false;
      const GreenletState state = ix.state_at(lane, n, &found);
      if (!found) continue;
      ++seen;
      ASSERT_LT(lane, s.greenlets.size()) << "lane " << lane << " seen early at " << n;
      ASSERT_EQ(state, s.greenlets[lane].state)
          << ix.name(lane) << " at position " << n << ": " << trace::to_string(state) << " vs "
          << trace::to_string(s.greenlets[lane].state);
    }
    ASSERT_EQ(seen, s.greenlets.size()) << "at position " << n;
    if (n == log.size()) break;
  }
}

// expect_well_formed: segments ascend and change state; transfers are the
// log's transfers; the buckets count them.
void expect_well_formed(const trace::EventLog& log, const LaneIndex& ix) {
  for (std::uint32_t lane = 0; lane < ix.lanes(); ++lane) {
    const auto segs = ix.all_segments(lane);
    ASSERT_FALSE(segs.empty());
    for (std::size_t k = 1; k < segs.size(); ++k) {
      EXPECT_LT(segs[k - 1].begin, segs[k].begin);
      EXPECT_NE(segs[k - 1].state, segs[k].state);
    }
  }
  std::size_t t = 0;
  for (std::size_t i = 0; i < log.size(); ++i) {
    if (!trace::is_transfer(log.event(i).kind)) continue;
    ASSERT_LT(t, ix.all_transfers().size());
    const LaneTransfer& x = ix.all_transfers()[t++];
    EXPECT_EQ(x.event, i);
    EXPECT_EQ(ix.id(x.origin), log.event(i).greenlet);
    EXPECT_EQ(ix.id(x.target), log.event(i).target);
  }
  EXPECT_EQ(t, ix.all_transfers().size());
  std::size_t total = 0;
  for (std::size_t b = 0; b < LaneIndex::kBuckets; ++b) {
    const std::size_t w = ix.bucket_events();
    EXPECT_EQ(ix.buckets()[b], ix.transfer_count(b * w, (b + 1) * w)) << "bucket " << b;
    total += ix.buckets()[b];
  }
  EXPECT_EQ(total, t);
  EXPECT_LE(ix.used_buckets(), LaneIndex::kBuckets);
}

TEST(LaneIndex, PingpongMatchesHistoryAtEveryPosition) {
  player::Player p(player::scenarios::pingpong());
  run_to_end(p);
  LaneIndex ix;
  ix.update(p.log());
  expect_matches_history(p.log(), ix);
  expect_well_formed(p.log(), ix);
  // gr1 dies into main, never back into gr2: right after, gr1 is dead and gr2
  // still suspended (until the program's end kills it).
  std::uint32_t gr1 = trace::kNone, gr2 = trace::kNone;
  for (std::uint32_t lane = 0; lane < ix.lanes(); ++lane) {
    if (ix.name(lane) == "gr1") gr1 = lane;
    if (ix.name(lane) == "gr2") gr2 = lane;
  }
  ASSERT_NE(gr1, trace::kNone);
  ASSERT_NE(gr2, trace::kNone);
  bool died = false;
  for (const LaneTransfer& t : ix.all_transfers()) {
    if (t.origin != gr1 || !(p.log().event(t.event).flags & trace::kOriginDied)) continue;
    died = true;
    EXPECT_EQ(ix.id(t.target), 0u);  // main
    EXPECT_EQ(ix.state_at(gr1, t.event + 1), GreenletState::Dead);
    EXPECT_EQ(ix.state_at(gr2, t.event + 1), GreenletState::Suspended);
  }
  EXPECT_TRUE(died);
}

TEST(LaneIndex, GeventSleepMatchesHistoryFedStepByStep) {
  player::Player p(player::scenarios::gevent_sleep());
  LaneIndex ix;
  while (!(p.finished() && p.at_end())) {
    p.step_switch();
    ix.update(p.log());  // as the app does, a frame at a time
  }
  expect_matches_history(p.log(), ix);
  expect_well_formed(p.log(), ix);
  LaneIndex whole;
  whole.update(p.log());
  for (std::uint32_t lane = 0; lane < ix.lanes(); ++lane) {
    const auto a = ix.all_segments(lane), b = whole.all_segments(lane);
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t k = 0; k < a.size(); ++k) {
      EXPECT_EQ(a[k].begin, b[k].begin);
      EXPECT_EQ(a[k].state, b[k].state);
    }
  }
  // Someone slept: foo and bar park on sleep, a timer wakes them.
  bool slept = false;
  for (std::uint32_t lane = 0; lane < ix.lanes(); ++lane) {
    for (const LaneSegment& s : ix.all_segments(lane)) slept |= s.state == GreenletState::Sleeping;
  }
  EXPECT_TRUE(slept);
  EXPECT_DOUBLE_EQ(ix.end_time(), p.log().event(p.log().size() - 1).time);
  EXPECT_GE(ix.end_time(), 2.0);
}

TEST(LaneIndex, SpawnJoinScriptMatchesHistory) {
  player::Player p(player::script_program("spawn_join.py", kSpawnJoin));
  run_to_end(p);
  ASSERT_EQ(p.output(), "14\n");
  LaneIndex ix;
  ix.update(p.log());
  expect_matches_history(p.log(), ix);
  expect_well_formed(p.log(), ix);
  bool waited = false;  // parent waits on joinall
  for (std::uint32_t lane = 0; lane < ix.lanes(); ++lane) {
    for (const LaneSegment& s : ix.all_segments(lane)) waited |= s.state == GreenletState::Waiting;
  }
  EXPECT_TRUE(waited);
}

TEST(LaneIndex, RowsNestChildrenUnderTheirParent) {
  player::Player p(player::script_program("nested.py", kNested));
  run_to_end(p);
  LaneIndex ix;
  ix.update(p.log());
  expect_matches_history(p.log(), ix);
  std::vector<std::string> rows;
  for (std::size_t r = 0; r < ix.lanes(); ++r) {
    const std::uint32_t lane = ix.lane_at_row(r);
    EXPECT_EQ(ix.row_of(lane), r);
    rows.push_back(std::string(ix.depth(lane), '.') + ix.name(lane));
  }
  // Every lane comes after its parent's, and a child's parent is the nearest
  // shallower row above it.
  for (std::size_t r = 1; r < ix.lanes(); ++r) {
    const std::uint32_t lane = ix.lane_at_row(r);
    if (ix.depth(lane) == 0) continue;
    std::size_t up = r;
    while (ix.depth(ix.lane_at_row(up - 1)) >= ix.depth(lane)) --up;
    const std::uint32_t parent = ix.lane_at_row(up - 1);
    EXPECT_EQ(ix.id(parent), p.log().greenlets()[lane].parent) << ::testing::PrintToString(rows);
  }
  EXPECT_GE(rows.size(), 3u) << ::testing::PrintToString(rows);
}

TEST(LaneIndex, ManyGreenletsAtAStrideAndTimeLookups) {
  std::string src =
      "import gevent\n"
      "def sleeper(i):\n"
      "    for k in range(3):\n"
      "        gevent.sleep((i % 7 + k) / 10)\n"
      "gevent.joinall([gevent.spawn(sleeper, i) for i in range(600)])\n";
  player::Player p(player::script_program("many.py", src));
  run_to_end(p);
  LaneIndex ix;
  ix.update(p.log());
  ASSERT_GT(ix.size(), 2u * LaneIndex::kBuckets);  // the buckets have merged
  EXPECT_GT(ix.bucket_events(), 1u);
  expect_matches_history(p.log(), ix, 97);
  expect_well_formed(p.log(), ix);
  // first_event_at(t): the first event at or after t.
  for (std::size_t i = 0; i < ix.size(); i += 131) {
    const std::size_t k = ix.first_event_at(ix.event_time(i));
    EXPECT_LE(k, i);
    EXPECT_EQ(ix.event_time(k), ix.event_time(i));
    if (k > 0) {
      EXPECT_LT(ix.event_time(k - 1), ix.event_time(i));
    }
  }
  EXPECT_EQ(ix.first_event_at(ix.end_time() + 1), ix.size());
  // segments(lane, from, to) holds exactly the segments that intersect [from, to).
  const std::uint32_t lane = ix.lane_at_row(ix.lanes() - 1);
  const std::size_t from = ix.size() / 3, to = ix.size() / 2;
  const auto segs = ix.segments(lane, from, to);
  for (const LaneSegment& s : segs) {
    EXPECT_LT(s.begin, to);
    EXPECT_GT(ix.segment_end(lane, s), from);
  }
}

TEST(LaneIndex, RestartStartsOver) {
  player::Player p(player::scenarios::gevent_sleep());
  run_to_end(p);
  LaneIndex ix;
  ix.update(p.log());
  const std::size_t first = ix.size();
  p.restart(player::scenarios::pingpong());
  p.step_switch();
  ix.update(p.log());
  EXPECT_LT(ix.size(), first);
  run_to_end(p);
  ix.update(p.log());
  expect_matches_history(p.log(), ix);
  expect_well_formed(p.log(), ix);
}

}  // namespace
}  // namespace coroscope::app::views
