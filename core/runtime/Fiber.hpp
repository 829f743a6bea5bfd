#pragma once
// Fiber: one Boost.Context fiber on a guarded stack of its own, plus what the
// stack view needs to inspect it while it is suspended.
//
//   Fiber f;
//   f.create(64 * 1024, [](Fiber::Context&& from) { ...; return std::move(from); });
//   Fiber::Context back = std::move(f.context()).resume();   // runs until it resumes us
//   FiberInfo info = f.inspect();                            // stack figures, saved registers
//
// Boost.Context is included in core/runtime only. An empty Fiber (no create())
// stands for a context that already has a stack, e.g. the thread's own: its
// context() is filled in when it switches away.

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <new>
#include <optional>
#include <string>
#include <utility>

#include <boost/context/fiber.hpp>
#include <boost/context/preallocated.hpp>

#include "runtime/StackAllocator.hpp"

namespace coroscope::runtime {

// SavedRegisters are the callee-saved registers a suspended fiber keeps in its
// saved context, read from memory (x86-64 SysV, Boost.Context 1.74 fcontext).
struct SavedRegisters {
  std::uint64_t rbx = 0, rbp = 0, r12 = 0, r13 = 0, r14 = 0, r15 = 0;
  std::uint64_t resume_address = 0;  // where the fiber continues (inside jump_fcontext's caller)
  std::uint32_t mxcsr = 0;           // SSE control/status
  std::uint16_t x87_control = 0;     // x87 FPU control word
  bool operator==(const SavedRegisters&) const = default;
};

struct FiberInfo {
  bool suspended = false;                   // registers and saved_sp describe a parked context
  StackRegion stack;                        // all zero for a context without a stack of ours
  std::uintptr_t saved_sp = 0;              // stack pointer at the switch; 0 if unavailable
  std::size_t bytes_in_use = 0;             // top - saved_sp
  std::size_t high_water = 0;               // deepest use so far, whole pages (see inspect())
  std::optional<SavedRegisters> registers;  // empty: "unavailable", with the reason below
  std::string unavailable_reason;
};

class Greenlet;

// StackHeader: what a fiber keeps at the top of its own stack, just above
// Boost's record: its region (for inspect()) and its greenlet's links in the
// world's list of started, unfinished greenlets. The top page is resident for
// as long as the fiber lives, so none of this costs memory of its own; a
// million parked greenlets are a million such pages (see BM_Parked).
struct StackHeader {
  StackRegion region;
  Greenlet* prev_active = nullptr;
  Greenlet* next_active = nullptr;
};

// registers_available() is true when this build can read saved registers.
bool registers_available();

class Fiber {
 public:
  using Context = boost::context::fiber;

  Fiber() = default;
  Fiber(const Fiber&) = delete;
  Fiber& operator=(const Fiber&) = delete;

  // create(usable, entry) makes the fiber on a fresh guarded stack; it does not
  // run until context() is resumed. entry is Context(Context&& from) and returns
  // the context to continue when it ends. Throws StackError.
  template <class Entry>
  void create(std::size_t usable_stack, Entry&& entry) {
    StackRegion region;
    boost::context::stack_context sctx = StackAllocator(usable_stack, &region).allocate();
    auto* header = new (header_address(sctx)) StackHeader{region};
    const auto reserved =
        static_cast<std::size_t>(static_cast<char*>(sctx.sp) - reinterpret_cast<char*>(header));
    try {
      ctx_ = Context(std::allocator_arg,
                     boost::context::preallocated(header, sctx.size - reserved, sctx),
                     StackAllocator(usable_stack), std::forward<Entry>(entry));
    } catch (...) {
      StackAllocator(usable_stack).deallocate(sctx);
      throw;
    }
    header_ = header;
    assert(stack_top() == region.top && "a stack's top is page-aligned and holds the header");
  }

  // context() is the suspended continuation: empty while the fiber runs.
  Context& context() { return ctx_; }
  // header() is the header on the fiber's stack; null when it has none (a
  // thread's own context) or once release_stack() was called.
  StackHeader* header() const { return header_; }
  // release_stack() forgets the stack: call it before the fiber's last switch
  // away, after which Boost frees the stack (and the header with it).
  void release_stack() { header_ = nullptr; }

  // inspect() reads the suspended context and the stack. The high-water mark
  // uses mincore(): stack pages are committed lazily on first touch, so the
  // lowest resident page is the deepest the fiber has been. That costs nothing
  // at allocation (a fill pattern would touch, and so commit, every page of
  // every stack) and one syscall per inspection; its unit is a page.
  FiberInfo inspect() const;

  // saved_registers() / saved_sp() read only the saved context block of a
  // suspended fiber: no syscall, cheap enough for every switch (the trace log
  // calls them on each transfer's target). Empty / 0 while the fiber runs, before
  // it is created, and in builds without the fcontext layout (registers_available()).
  std::optional<SavedRegisters> saved_registers() const;
  std::uintptr_t saved_sp() const;
  // stack_top() is one past the highest address of the fiber's stack; 0 without
  // one. It is computed from the header's address, without reading the stack:
  // the header lies in the top page and the top is page-aligned (create() checks).
  std::uintptr_t stack_top() const {
    const auto h = reinterpret_cast<std::uintptr_t>(header_);
    return h ? (h + kTopAlign) & ~(kTopAlign - 1) : 0;
  }

 private:
  static constexpr std::uintptr_t kTopAlign = 4096;  // stack tops are page-aligned, pages >= 4 KiB
  static_assert(sizeof(StackHeader) + 64 < kTopAlign, "the header stays in the top page");

  static void* header_address(const boost::context::stack_context& sctx) {
    const auto top = reinterpret_cast<std::uintptr_t>(sctx.sp);
    return reinterpret_cast<void*>((top - sizeof(StackHeader)) & ~std::uintptr_t{63});
  }

  Context ctx_;
  StackHeader* header_ = nullptr;
};

}  // namespace coroscope::runtime
