#include "runtime/StackAllocator.hpp"

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/runtime/LeakCheck.hpp"
#include "runtime/Errors.hpp"
#include "runtime/Greenlet.hpp"

namespace coroscope::runtime {
namespace {

using StackAllocatorTest = testing::RuntimeTest;

// protection_at(addr) is the permission string of /proc/self/maps for addr.
std::string protection_at(std::uintptr_t addr) {
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    std::istringstream in(line);
    std::string range, perms;
    in >> range >> perms;
    const auto dash = range.find('-');
    const auto lo = std::stoull(range.substr(0, dash), nullptr, 16);
    const auto hi = std::stoull(range.substr(dash + 1), nullptr, 16);
    if (addr >= lo && addr < hi) return perms;
  }
  return "";
}

TEST_F(StackAllocatorTest, SizesAreRoundedAndGuarded) {
  StackRegion region;
  StackAllocator alloc(1000, &region);
  boost::context::stack_context sc = alloc.allocate();
  EXPECT_EQ(region.size(), kMinStackSize);
  EXPECT_EQ(region.guard_size, StackAllocator::page_size());
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(sc.sp), region.top);
  EXPECT_EQ(protection_at(region.guard), "---p");
  EXPECT_EQ(protection_at(region.bottom).substr(0, 2), "rw");
  EXPECT_EQ(StackAllocator::live(), baseline_.stacks + 1);
  alloc.deallocate(sc);
  EXPECT_EQ(StackAllocator::live(), baseline_.stacks);
}

// When vm.max_map_count runs out, the guard cannot be made: that is an error
// with a message saying why, never a stack silently left without its guard.
TEST_F(StackAllocatorTest, GuardFailureIsAClearError) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "AddressSanitizer itself needs memory maps; exhausting them here is not safe";
#endif
  StackAllocator alloc(kMinStackSize);
  std::vector<boost::context::stack_context> stacks;
  stacks.reserve(200000);
  std::string error;
  try {
    for (int i = 0; i < 200000; ++i) stacks.push_back(alloc.allocate());
  } catch (const StackError& e) {
    error = e.what();
  }
  const std::size_t made = stacks.size();
  for (auto& sc : stacks) alloc.deallocate(sc);
  ASSERT_FALSE(error.empty()) << "200000 guarded stacks were allowed; is vm.max_map_count raised?";
  EXPECT_GT(made, 1000u);
  EXPECT_NE(error.find("vm.max_map_count"), std::string::npos) << error;
}

// Past the limit a program sets, stacks come from slabs without guard pages
// (for a million parked greenlets); they work like any other and are reused.
TEST_F(StackAllocatorTest, UnguardedSlabStacksPastTheLimit) {
  StackAllocator::allow_unguarded_after(0);
  struct Restore {
    ~Restore() { StackAllocator::allow_unguarded_after(-1); }
  } restore;
  StackRegion region;
  StackAllocator alloc(64 * 1024, &region);
  boost::context::stack_context a = alloc.allocate();
  EXPECT_EQ(region.guard_size, 0u);
  EXPECT_EQ(region.size(), 64u * 1024);
  EXPECT_EQ(protection_at(region.bottom).substr(0, 2), "rw");
  boost::context::stack_context b = alloc.allocate();
  EXPECT_EQ(StackAllocator::live(), baseline_.stacks + 2);
  EXPECT_EQ(StackAllocator::guarded_live(), 0);
  alloc.deallocate(a);
  boost::context::stack_context c = alloc.allocate();
  EXPECT_EQ(c.sp, a.sp);  // reused
  alloc.deallocate(b);
  alloc.deallocate(c);
  // A greenlet runs on one, and says it has no guard.
  GreenletRef g = Greenlet::create([](Value v) { return getcurrent()->parent()->switch_to(v); }, {},
                                   {.stack_size = 64 * 1024, .name = {}});
  g->switch_to();
  EXPECT_EQ(g->inspect().stack.guard_size, 0u);
  g->switch_to();
}

// The fixture itself: a test that leaks a greenlet or a stack fails (the
// pending-exception case is in HostTest.cpp). EXPECT_NONFATAL_FAILURE cannot
// see locals, hence the statics.
testing::LiveCounts g_before;

TEST(LeakFixture, FailsATestThatLeaksAGreenlet) {
  g_before = testing::LiveCounts::now();
  Greenlet* leaked = Greenlet::create().detach();
  EXPECT_NONFATAL_FAILURE(testing::expect_clean(g_before), "greenlets leaked");
  GreenletRef(leaked, false).reset();
  testing::expect_clean(g_before);
}

TEST(LeakFixture, FailsATestThatLeaksAStack) {
  g_before = testing::LiveCounts::now();
  StackAllocator alloc;
  boost::context::stack_context sc = alloc.allocate();
  EXPECT_NONFATAL_FAILURE(testing::expect_clean(g_before), "fiber stacks leaked");
  alloc.deallocate(sc);
  testing::expect_clean(g_before);
}

}  // namespace
}  // namespace coroscope::runtime
