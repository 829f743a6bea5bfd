#pragma once
// RuntimeTest is the fixture for runtime tests: at teardown it fails the test if
// a greenlet or a fiber stack it made is still alive, or a switch left a value or
// exception undelivered (marl's TrackedAllocator, applied to fibers).
//
//   TEST_F(RuntimeTest, Something) { ... }   // leaks fail the test

#include <gtest/gtest.h>

#include <initializer_list>

#include "runtime/World.hpp"

namespace coroscope::runtime::testing {

struct LiveCounts {
  long greenlets = 0;
  long stacks = 0;
  static LiveCounts now();
};

// expect_clean(baseline, worlds) adds a non-fatal failure for every greenlet,
// stack or pending transfer beyond baseline. The current world is always checked.
void expect_clean(const LiveCounts& baseline, std::initializer_list<const World*> worlds = {});

class RuntimeTest : public ::testing::Test {
 protected:
  void SetUp() override { baseline_ = LiveCounts::now(); }
  void TearDown() override { expect_clean(baseline_); }
  LiveCounts baseline_;
};

}  // namespace coroscope::runtime::testing
