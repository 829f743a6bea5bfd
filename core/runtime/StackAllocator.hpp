#pragma once
// StackAllocator hands out fiber stacks, each with a guard page below it.
//
//   high addresses   +---------------------+ <- top (stack_context::sp)
//                    |  usable stack       |    grows down; pages are committed
//                    |  (size bytes)       |    lazily by the kernel on first touch
//                    +---------------------+ <- bottom
//                    |  guard page (none)  |    PROT_NONE: an overflow faults here
//   low addresses    +---------------------+ <- mapping base
//
// Returned stacks are kept for reuse, a few per thread, still guarded.
// Unlike boost::context::protected_fixedsize_stack, a guard that cannot be made
// is an error, never silently dropped: each guarded stack costs two kernel memory
// maps, so vm.max_map_count (65530 by default) allows about 32k live stacks.

#include <atomic>
#include <cstddef>

#include <boost/context/stack_context.hpp>

namespace coroscope::runtime {

// kDefaultStackSize is the usable stack of a greenlet unless it asks otherwise.
inline constexpr std::size_t kDefaultStackSize = 256 * 1024;
// kMinStackSize is the smallest usable stack allocate() accepts (rounded up to it).
inline constexpr std::size_t kMinStackSize = 16 * 1024;

struct StackRegion {
  std::uintptr_t guard = 0;   // lowest address of the guard page
  std::uintptr_t bottom = 0;  // lowest usable address (just above the guard)
  std::uintptr_t top = 0;     // one past the highest usable address
  std::size_t guard_size = 0;
  std::size_t size() const { return top - bottom; }
};

class StackAllocator {
 public:
  // StackAllocator(usable) rounds usable up to whole pages and to kMinStackSize.
  // If out is not null, allocate() records the region there (for inspection).
  explicit StackAllocator(std::size_t usable = kDefaultStackSize, StackRegion* out = nullptr);

  // allocate() maps a stack plus its guard page. It throws StackError with a
  // message naming the cause (and vm.max_map_count when that is the limit).
  boost::context::stack_context allocate();
  void deallocate(boost::context::stack_context& sctx) noexcept;

  // live() is the number of stacks allocated and not yet returned, all threads.
  static long live() { return live_.load(std::memory_order_relaxed); }
  static std::size_t page_size();
  // release_cache() unmaps the returned stacks this thread keeps for reuse
  // (up to 256 of one size; see StackAllocator.cpp).
  static void release_cache();

  // allow_unguarded_after(n): once n guarded stacks are alive, further stacks
  // come from slabs without guard pages (SlabStacks.hpp) instead of failing at
  // vm.max_map_count. n < 0 (the default): guarded stacks only.
  static void allow_unguarded_after(long n) { unguarded_after_.store(n); }
  static long guarded_live() { return guarded_live_.load(std::memory_order_relaxed); }

 private:
  boost::context::stack_context hand_out(void* base, std::size_t total);
  std::size_t usable_;
  StackRegion* out_;
  static std::atomic<long> live_;
  static std::atomic<long> guarded_live_;
  static std::atomic<long> unguarded_after_;
};

}  // namespace coroscope::runtime
