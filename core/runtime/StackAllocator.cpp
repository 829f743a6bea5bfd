#include "runtime/StackAllocator.hpp"

#include <sanitizer/asan_interface.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "runtime/Errors.hpp"
#include "runtime/SlabStacks.hpp"

namespace coroscope::runtime {

std::atomic<long> StackAllocator::live_{0};
std::atomic<long> StackAllocator::guarded_live_{0};
std::atomic<long> StackAllocator::unguarded_after_{-1};

namespace {
// StackCache keeps a few returned stacks per thread (same size only), mapped
// and guarded, so that spawning many short-lived greenlets costs no mmap,
// mprotect, munmap (whose TLB shootdown dominates) or first-touch page fault.
struct StackCache {
  static constexpr std::size_t kMax = 256;
  std::size_t total = 0;  // the mapping size the cached stacks have
  std::vector<void*> bases;
  ~StackCache() {
    for (void* b : bases) ::munmap(b, total);
  }
};
thread_local StackCache t_cache;

// kKeptTop is how much of a reused stack stays resident: the top pages every
// fiber touches at once (Boost's record, the first frames). Below it, a reused
// stack is handed back to the kernel, so the mincore() high-water mark of the
// next fiber counts only its own pages.
constexpr std::size_t kKeptTop = 8 * 1024;

// forget_deep_pages() gives back the pages below the kept top if the fiber
// touched any: mincore() first, because madvise() flushes the TLB (costly in a
// VM) and most fibers never leave their top pages.
void forget_deep_pages(void* base, std::size_t total) {
  const std::size_t page = StackAllocator::page_size();
  char* deep = static_cast<char*>(base) + page;
  const std::size_t len = total - page - kKeptTop;
  thread_local std::vector<unsigned char> resident;
  resident.resize(len / page);
  if (::mincore(deep, len, resident.data()) == 0) {
    bool any = false;
    for (unsigned char r : resident) any |= (r & 1);
    if (!any) return;
  }
  ::madvise(deep, len, MADV_DONTNEED);
}
}  // namespace

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
  const long limit = unguarded_after_.load(std::memory_order_relaxed);
  if (limit >= 0 && guarded_live() >= limit) {
    char* base = static_cast<char*>(slab::take(usable_));
    live_.fetch_add(1, std::memory_order_relaxed);
    const auto b = reinterpret_cast<std::uintptr_t>(base);
    if (out_) *out_ = StackRegion{b, b, b + usable_, 0};  // no guard page
    boost::context::stack_context sctx;
    sctx.size = usable_;
    sctx.sp = base + usable_;
    return sctx;
  }
  if (t_cache.total == total && !t_cache.bases.empty()) {
    void* base = t_cache.bases.back();
    t_cache.bases.pop_back();
    return hand_out(base, total);
  }
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
  return hand_out(base, total);
}

boost::context::stack_context StackAllocator::hand_out(void* base, std::size_t total) {
  live_.fetch_add(1, std::memory_order_relaxed);
  guarded_live_.fetch_add(1, std::memory_order_relaxed);
  const auto b = reinterpret_cast<std::uintptr_t>(base);
  const std::size_t page = page_size();
  if (out_) *out_ = StackRegion{b, b + page, b + total, page};
  boost::context::stack_context sctx;
  sctx.size = total;
  sctx.sp = static_cast<char*>(base) + total;
  return sctx;
}

void StackAllocator::deallocate(boost::context::stack_context& sctx) noexcept {
  void* base = static_cast<char*>(sctx.sp) - sctx.size;
  // A fiber's frames can leave ASan's stack poison behind in the stack's
  // shadow: clear it, or whatever is mapped here next reads as a stack (a
  // stack-buffer-underflow the script fuzzer hit in the hub's CallbackQueue).
  ASAN_UNPOISON_MEMORY_REGION(base, sctx.size);
  live_.fetch_sub(1, std::memory_order_relaxed);
  if (slab::give_back(base, sctx.size)) return;
  guarded_live_.fetch_sub(1, std::memory_order_relaxed);
  if (sctx.size - page_size() > kKeptTop) {
    if (t_cache.bases.empty()) t_cache.total = sctx.size;
    if (t_cache.total == sctx.size && t_cache.bases.size() < StackCache::kMax) {
      try {
        forget_deep_pages(base, sctx.size);
        t_cache.bases.push_back(base);
        return;
      } catch (...) {  // no memory for the list: unmap instead
      }
    }
  }
  ::munmap(base, sctx.size);
}

void StackAllocator::release_cache() {
  for (void* b : t_cache.bases) ::munmap(b, t_cache.total);
  t_cache.bases.clear();
}

}  // namespace coroscope::runtime
