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

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include <boost/context/fiber.hpp>

#include "runtime/StackAllocator.hpp"

namespace coroscope::runtime {

// SavedRegisters are the callee-saved registers a suspended fiber keeps in its
// saved context, read from memory (x86-64 SysV, Boost.Context 1.74 fcontext).
struct SavedRegisters {
  std::uint64_t rbx = 0, rbp = 0, r12 = 0, r13 = 0, r14 = 0, r15 = 0;
  std::uint64_t resume_address = 0;  // where the fiber continues (inside jump_fcontext's caller)
  std::uint32_t mxcsr = 0;           // SSE control/status
  std::uint16_t x87_control = 0;     // x87 FPU control word
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
    ctx_ = Context(std::allocator_arg, StackAllocator(usable_stack, &stack_),
                   std::forward<Entry>(entry));
    owns_stack_ = true;
  }

  // context() is the suspended continuation: empty while the fiber runs.
  Context& context() { return ctx_; }
  bool has_stack() const { return owns_stack_; }
  const StackRegion& stack() const { return stack_; }

  // inspect() reads the suspended context and the stack. The high-water mark
  // uses mincore(): stack pages are committed lazily on first touch, so the
  // lowest resident page is the deepest the fiber has been. That costs nothing
  // at allocation (a fill pattern would touch, and so commit, every page of
  // every stack) and one syscall per inspection; its unit is a page.
  FiberInfo inspect() const;

 private:
  Context ctx_;
  StackRegion stack_;
  bool owns_stack_ = false;
};

}  // namespace coroscope::runtime
