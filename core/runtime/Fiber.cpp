#include "runtime/Fiber.hpp"

#include <sys/mman.h>

#include <cstring>
#include <vector>

#include <boost/version.hpp>

namespace coroscope::runtime {

// The saved-context layout below is the one of Boost.Context 1.74's
// jump_x86_64_sysv_elf_gas.S: the suspended fcontext_t points at a 0x40-byte
// block the switch pushed, followed by the return address. Boost 1.81 changed
// it, and a ucontext build has no such block, so anything else is "unavailable".
#if defined(__x86_64__) && defined(__linux__) && BOOST_VERSION == 107400 && \
    !defined(BOOST_USE_UCONTEXT) && !defined(BOOST_USE_WINFIB)
#define COROSCOPE_FCONTEXT_LAYOUT_1_74 1
#endif

namespace {

#ifdef COROSCOPE_FCONTEXT_LAYOUT_1_74
struct Fcontext174Block {
  std::uint32_t mxcsr;     // 0x00
  std::uint16_t x87_cw;    // 0x04
  std::uint16_t pad;       // 0x06
  std::uint64_t r12;       // 0x08
  std::uint64_t r13;       // 0x10
  std::uint64_t r14;       // 0x18
  std::uint64_t r15;       // 0x20
  std::uint64_t rbx;       // 0x28
  std::uint64_t rbp;       // 0x30
  std::uint64_t ret_addr;  // 0x38
};
static_assert(sizeof(Fcontext174Block) == 0x40);

// saved_pointer() is the fcontext_t a suspended boost::context::fiber holds: its
// only data member. Reading the object representation is how we reach it.
std::uintptr_t saved_pointer(const boost::context::fiber& f) {
  static_assert(sizeof(boost::context::fiber) == sizeof(void*));
  std::uintptr_t p = 0;
  std::memcpy(&p, static_cast<const void*>(&f), sizeof p);
  return p;
}

// read_block(sp) is the registers in the block a switch pushed at sp.
SavedRegisters read_block(std::uintptr_t sp) {
  Fcontext174Block block;
  std::memcpy(&block, reinterpret_cast<const void*>(sp), sizeof block);
  SavedRegisters r;
  r.rbx = block.rbx;
  r.rbp = block.rbp;
  r.r12 = block.r12;
  r.r13 = block.r13;
  r.r14 = block.r14;
  r.r15 = block.r15;
  r.resume_address = block.ret_addr;
  r.mxcsr = block.mxcsr;
  r.x87_control = block.x87_cw;
  return r;
}
#endif

std::size_t high_water_mark(const StackRegion& s) {
  const std::size_t page = StackAllocator::page_size();
  const std::size_t pages = s.size() / page;
  std::vector<unsigned char> resident(pages);
  if (::mincore(reinterpret_cast<void*>(s.bottom), s.size(), resident.data()) != 0) return 0;
  for (std::size_t i = 0; i < pages; ++i) {
    if (resident[i] & 1) return s.top - (s.bottom + i * page);
  }
  return 0;
}

}  // namespace

bool registers_available() {
#ifdef COROSCOPE_FCONTEXT_LAYOUT_1_74
  return true;
#else
  return false;
#endif
}

std::optional<SavedRegisters> Fiber::saved_registers() const {
#ifdef COROSCOPE_FCONTEXT_LAYOUT_1_74
  if (ctx_) return read_block(saved_pointer(ctx_));
#endif
  return std::nullopt;
}

std::uintptr_t Fiber::saved_sp() const {
#ifdef COROSCOPE_FCONTEXT_LAYOUT_1_74
  if (ctx_) return saved_pointer(ctx_);
#endif
  return 0;
}

FiberInfo Fiber::inspect() const {
  FiberInfo info;
  info.suspended = static_cast<bool>(ctx_);
  if (header_) {
    info.stack = header_->region;
    info.high_water = high_water_mark(info.stack);
  }
#ifdef COROSCOPE_FCONTEXT_LAYOUT_1_74
  if (info.suspended) {
    const std::uintptr_t sp = saved_pointer(ctx_);
    info.registers = read_block(sp);
    info.saved_sp = sp;
    if (header_ && sp >= info.stack.bottom && sp < info.stack.top) {
      info.bytes_in_use = info.stack.top - sp;
      if (info.high_water < info.bytes_in_use) info.high_water = info.bytes_in_use;
    }
  } else {
    info.unavailable_reason =
        "the fiber is running or finished: only a suspended one has saved registers";
  }
#else
  info.unavailable_reason =
      "unavailable in this build: saved registers are read from Boost.Context 1.74's fcontext "
      "layout on x86-64, and this build uses ucontext or another platform";
#endif
  return info;
}

}  // namespace coroscope::runtime
