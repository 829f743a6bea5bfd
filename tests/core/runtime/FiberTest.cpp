// Inspecting a suspended fiber: stack figures and the saved register block.
#include <gtest/gtest.h>

#include <dlfcn.h>

#include <cfenv>
#include <cstring>

#include "core/runtime/LeakCheck.hpp"
#include "runtime/Greenlet.hpp"

namespace coroscope::runtime {
namespace {

using FiberInspection = testing::RuntimeTest;

__attribute__((noinline)) void use_stack(std::size_t bytes) {
  volatile char buffer[4096];
  std::memset(const_cast<char*>(buffer), 1, sizeof buffer);
  if (bytes > sizeof buffer) use_stack(bytes - sizeof buffer);
  asm volatile("" ::"r"(buffer) : "memory");
}

TEST_F(FiberInspection, StackFiguresOfASuspendedGreenlet) {
  GreenletRef main = getcurrent();
  GreenletRef g = Greenlet::create(
      [&](Value) -> Value {
        use_stack(128 * 1024);  // deep, then back up
        main->switch_to();
        return {};
      },
      {}, {.stack_size = 256 * 1024, .name = {}});
  EXPECT_FALSE(g->inspect().suspended);  // not started: nothing to read
  g->switch_to();
  FiberInfo info = g->inspect();
  EXPECT_TRUE(info.suspended);
  EXPECT_EQ(info.stack.size(), 256u * 1024);
  EXPECT_EQ(info.stack.guard + info.stack.guard_size, info.stack.bottom);
  EXPECT_GT(info.high_water, 128u * 1024);  // it went that deep once
  EXPECT_LE(info.high_water, info.stack.size());
  if (registers_available()) {
    EXPECT_GE(info.saved_sp, info.stack.bottom);
    EXPECT_LT(info.saved_sp, info.stack.top);
    EXPECT_EQ(info.bytes_in_use, info.stack.top - info.saved_sp);
    EXPECT_LT(info.bytes_in_use, 32u * 1024);  // parked shallow
    EXPECT_GE(info.high_water, info.bytes_in_use);
  }
  g->switch_to();
  EXPECT_FALSE(g->inspect().suspended);
}

// Stacks are reused (StackAllocator keeps returned ones): a greenlet on the
// stack of one that went deep must not inherit its high-water mark.
TEST_F(FiberInspection, ReusedStackStartsWithAnHonestHighWaterMark) {
  GreenletRef main = getcurrent();
  const GreenletOptions small{.stack_size = 256 * 1024, .name = {}};
  GreenletRef deep = Greenlet::create(
      [](Value) -> Value {
        use_stack(160 * 1024);
        return {};
      },
      {}, small);
  deep->switch_to();
  std::uintptr_t deep_top = 0;
  GreenletRef shallow =
      Greenlet::create([&](Value) -> Value { return main->switch_to(); }, {}, small);
  shallow->switch_to();
  FiberInfo info = shallow->inspect();
  deep_top = info.stack.top;
  EXPECT_LT(info.high_water, 32u * 1024) << "stack at top " << deep_top;
  shallow->switch_to();
}

// The saved control words are the fiber's own: change the rounding mode inside
// the greenlet (it lives in MXCSR and the x87 control word) and read it back
// from the parked context while main runs with the default mode.
TEST_F(FiberInspection, SavedRegistersAreTheParkedFibersOwn) {
  if (!registers_available()) {
    GreenletRef g =
        Greenlet::create([](Value) -> Value { return getcurrent()->parent()->switch_to(); });
    g->switch_to();
    FiberInfo info = g->inspect();
    EXPECT_FALSE(info.registers.has_value());
    EXPECT_FALSE(info.unavailable_reason.empty());
    g->switch_to();
    return;
  }
  GreenletRef main = getcurrent();
  GreenletRef down = Greenlet::create([&](Value) -> Value {
    std::fesetround(FE_DOWNWARD);
    main->switch_to();
    std::fesetround(FE_TONEAREST);
    return {};
  });
  GreenletRef plain = Greenlet::create([&](Value) -> Value {
    for (int i = 0; i < 2; ++i) main->switch_to();  // parks twice at one place
    return {};
  });
  down->switch_to();
  plain->switch_to();
  ASSERT_EQ(std::fegetround(), FE_TONEAREST);
  FiberInfo d = down->inspect();
  FiberInfo p = plain->inspect();
  ASSERT_TRUE(d.registers && p.registers);
  EXPECT_EQ((d.registers->mxcsr >> 13) & 3, 1u);          // RC = round down
  EXPECT_EQ((d.registers->x87_control >> 10) & 3, 1u);    // RC = round down
  EXPECT_EQ((p.registers->mxcsr >> 13) & 3, 0u);          // round to nearest
  EXPECT_EQ(p.registers->mxcsr & 0x1f80, 0x1f80u);        // exceptions masked, as by default
  EXPECT_EQ(p.registers->x87_control & 0x0f3f, 0x033fu);  // masked, 64-bit precision
  // Parked twice at the same place: the same resume address, inside our binary.
  plain->switch_to();
  EXPECT_EQ(plain->inspect().registers->resume_address, p.registers->resume_address);
  Dl_info where{};
  ASSERT_NE(dladdr(reinterpret_cast<void*>(p.registers->resume_address), &where), 0);
  Dl_info self{};
  ASSERT_NE(dladdr(reinterpret_cast<void*>(&use_stack), &self), 0);
  EXPECT_STREQ(where.dli_fname, self.dli_fname);
  down->switch_to();
  plain->switch_to();
}

// Overflowing a fiber's stack faults on its guard page instead of writing
// into whatever lies below it.
TEST(FiberGuardDeathTest, OverflowHitsTheGuardPage) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(
      {
        GreenletRef g = Greenlet::create(
            [](Value) -> Value {
              use_stack(1024 * 1024);  // 1 MiB on a 64 KiB stack
              return {};
            },
            {}, {.stack_size = 64 * 1024, .name = {}});
        g->switch_to();
      },
      "");
}

}  // namespace
}  // namespace coroscope::runtime
