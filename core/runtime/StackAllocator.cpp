#include "runtime/StackAllocator.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "runtime/Errors.hpp"

namespace coroscope::runtime {

std::atomic<long> StackAllocator::live_{0};

std::size_t StackAllocator::page_size() {
  static const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  return page;
}

StackAllocator::StackAllocator(std::size_t usable, StackRegion* out) : out_(out) {
  const std::size_t page = page_size();
  if (usable < kMinStackSize) usable = kMinStackSize;
  usable_ = (usable + page - 1) / page * page;
}

boost::context::stack_context StackAllocator::allocate() {
  const std::size_t page = page_size();
  const std::size_t total = usable_ + page;
  void* base = ::mmap(nullptr, total, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
  if (base == MAP_FAILED) {
    const int err = errno;
    throw StackError("cannot map a fiber stack of " + std::to_string(usable_ / 1024) +
                     " KiB: " + std::strerror(err) + " (" + std::to_string(live()) +
                     " fiber stacks are alive)");
  }
  if (::mprotect(base, page, PROT_NONE) != 0) {
    const int err = errno;
    ::munmap(base, total);
    std::string why = std::strerror(err);
    if (err == ENOMEM) {
      why +=
          ": the kernel's limit on memory maps (vm.max_map_count) is used up; each guarded "
          "stack needs two maps, and " +
          std::to_string(live()) +
          " fiber stacks are alive. Finish some greenlets, or raise the limit with "
          "'sysctl vm.max_map_count=262144'";
    }
    throw StackError("cannot make the guard page of a fiber stack: " + why);
  }
  live_.fetch_add(1, std::memory_order_relaxed);
  const auto b = reinterpret_cast<std::uintptr_t>(base);
  if (out_) *out_ = StackRegion{b, b + page, b + total, page};
  boost::context::stack_context sctx;
  sctx.size = total;
  sctx.sp = static_cast<char*>(base) + total;
  return sctx;
}

void StackAllocator::deallocate(boost::context::stack_context& sctx) noexcept {
  void* base = static_cast<char*>(sctx.sp) - sctx.size;
  ::munmap(base, sctx.size);
  live_.fetch_sub(1, std::memory_order_relaxed);
}

}  // namespace coroscope::runtime
