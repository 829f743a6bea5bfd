#pragma once
// slab: unguarded fiber stacks carved from large mappings, for when a program
// needs more stacks than vm.max_map_count allows guarded ones (about 32k: two
// maps each). One mmap holds kSlabStacks stacks, so a million stacks cost about
// a thousand maps. There is no guard page between them: a stack that overflows
// runs into its neighbour, which is why StackAllocator uses them only past a
// limit a program sets (StackAllocator::allow_unguarded_after).
//
//   void* base = slab::take(usable);     // lowest address of a usable-byte stack
//   slab::give_back(base, usable);       // true: it was a slab stack, now free

#include <cstddef>

namespace coroscope::runtime::slab {

inline constexpr std::size_t kSlabStacks = 1024;

// take(usable) returns a stack of usable bytes (a page multiple) from this
// thread's slabs, mapping a new slab when none is free. Throws StackError.
void* take(std::size_t usable);
// give_back(base, usable) returns a stack take() gave; false if base is not in
// one of this thread's slabs (then the caller frees it its own way).
bool give_back(void* base, std::size_t usable);

}  // namespace coroscope::runtime::slab
