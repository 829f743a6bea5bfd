// The hub's callback queue: FIFO through growth, wrap-around and shrinking,
// and switch entries that hold their greenlet without a std::function.
#include <gtest/gtest.h>

#include <vector>

#include "core/hub/HubFixture.hpp"
#include "hub/CallbackQueue.hpp"
#include "hub/Greenlet.hpp"

namespace coroscope::hub {
namespace {

using testing::HubTest;

TEST(CallbackQueueTest, FifoThroughGrowthWrapAndShrink) {
  CallbackQueue q;
  std::vector<std::uint64_t> ran;
  std::uint64_t next = 1, expect = 1;
  // Interleave pushes and pops so the ring wraps, then burst past kKeep and
  // drain, so it grows and shrinks while holding entries.
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 100; ++i) {
      const std::uint64_t id = next++;
      q.push({id, [&ran, id] { ran.push_back(id); }, {}, nullptr});
      if (i % 3 == 0) {
        CallbackQueue::Entry e = q.pop();
        EXPECT_EQ(e.id, expect++);
        e.fn();
      }
    }
    for (std::size_t i = 0; i < 5 * CallbackQueue::kKeep; ++i) {
      const std::uint64_t id = next++;
      q.push({id, [&ran, id] { ran.push_back(id); }, {}, nullptr});
    }
    while (q.size() > 10) {
      EXPECT_EQ(q.front_id(), expect);
      CallbackQueue::Entry e = q.pop();
      EXPECT_EQ(e.id, expect++);
      e.fn();
    }
  }
  while (!q.empty()) q.pop().fn();
  ASSERT_EQ(ran.size(), next - 1);
  for (std::size_t i = 0; i < ran.size(); ++i) EXPECT_EQ(ran[i], i + 1);
}

TEST(CallbackQueueTest, PoppedEntriesReleaseWhatTheyHold) {
  CallbackQueue q;
  auto held = std::make_shared<int>(7);
  q.push({1, [held] {}, {}, nullptr});
  q.push({2, [held] {}, {}, nullptr});
  EXPECT_EQ(held.use_count(), 3);
  { CallbackQueue::Entry e = q.pop(); }
  EXPECT_EQ(held.use_count(), 2) << "the slot a popped entry leaves holds nothing";
  q.clear();
  EXPECT_EQ(held.use_count(), 1);
  EXPECT_TRUE(q.empty());
}

// A greenlet's fn may return nothing; its value is then empty (gevent: None).
TEST_F(HubTest, SpawnAcceptsAFunctionReturningNothing) {
  run([&] {
    int calls = 0;
    auto g = spawn([&] { ++calls; });
    g->join();
    EXPECT_EQ(calls, 1);
    EXPECT_TRUE(g->successful());
    EXPECT_FALSE(g->value().has_value());
  });
}

// The memory budget of BM_Parked (a million parked greenlets in 4 GiB, each
// with a page of stack) leaves about 150 bytes per greenlet object.
TEST(GreenletSizeTest, AHubGreenletStaysSmall) {
  EXPECT_LE(sizeof(Greenlet), 136u);
}

}  // namespace
}  // namespace coroscope::hub
