#include "runtime/SlabStacks.hpp"

#include <sys/mman.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "runtime/Errors.hpp"
#include "runtime/StackAllocator.hpp"

namespace coroscope::runtime::slab {

namespace {
struct Slabs {
  std::map<char*, std::size_t> ranges;                       // slab base -> its length
  std::unordered_map<std::size_t, std::vector<void*>> free;  // by usable size
  ~Slabs() {
    for (auto& [base, len] : ranges) ::munmap(base, len);
  }
};
thread_local Slabs t_slabs;
}  // namespace

void* take(std::size_t usable) {
  std::vector<void*>& free = t_slabs.free[usable];
  if (free.empty()) {
    const std::size_t len = usable * kSlabStacks;
    void* base = ::mmap(nullptr, len, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
    if (base == MAP_FAILED) {
      const int err = errno;
      throw StackError("cannot map a slab of " + std::to_string(kSlabStacks) +
                       " unguarded fiber stacks: " + std::strerror(err));
    }
    t_slabs.ranges.emplace(static_cast<char*>(base), len);
    free.reserve(free.size() + kSlabStacks);
    for (std::size_t i = kSlabStacks; i-- > 0;)
      free.push_back(static_cast<char*>(base) + i * usable);
  }
  void* stack = free.back();
  free.pop_back();
  return stack;
}

bool give_back(void* base, std::size_t usable) {
  if (t_slabs.ranges.empty()) return false;
  char* p = static_cast<char*>(base);
  auto it = t_slabs.ranges.upper_bound(p);
  if (it == t_slabs.ranges.begin()) return false;
  --it;
  if (p >= it->first + it->second) return false;
  // Pages the fiber touched go back to the kernel, so the next fiber's
  // high-water mark is its own (and a million finished fibers hold no memory).
  ::madvise(p, usable, MADV_DONTNEED);
  t_slabs.free[usable].push_back(base);
  return true;
}

}  // namespace coroscope::runtime::slab
