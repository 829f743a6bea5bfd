#include "core/runtime/LeakCheck.hpp"

#include "runtime/StackAllocator.hpp"

namespace coroscope::runtime::testing {

LiveCounts LiveCounts::now() {
  // The thread's main greenlet is not a leak: make it before counting.
  (void)current_world();
  return {Greenlet::live(), StackAllocator::live()};
}

void expect_clean(const LiveCounts& baseline, std::initializer_list<const World*> worlds) {
  const LiveCounts now = LiveCounts::now();
  EXPECT_EQ(now.greenlets, baseline.greenlets) << "greenlets leaked by this test";
  EXPECT_EQ(now.stacks, baseline.stacks) << "fiber stacks leaked by this test";
  EXPECT_FALSE(current_world().has_pending_transfer())
      << "a value or exception was sent by a switch and never received";
  for (const World* w : worlds) {
    EXPECT_FALSE(w->has_pending_transfer())
        << "a value or exception was sent by a switch and never received";
  }
}

}  // namespace coroscope::runtime::testing
