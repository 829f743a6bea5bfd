#pragma once
// CallbackQueue: the hub's FIFO of callbacks, a ring buffer that grows by
// doubling and gives its memory back once drained after a burst.
//
//   CallbackQueue q;
//   q.push({7, [] { ... }});
//   while (!q.empty()) { CallbackQueue::Entry e = q.pop(); ... }
//
// A million greenlets spawned at once queue a million start callbacks. A
// std::deque would leave that burst behind as 512-byte blocks scattered among
// the greenlets allocated meanwhile (resident for good); one buffer, which the
// allocator maps on its own, shrinks as it drains and goes back to the system.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "runtime/Greenlet.hpp"

namespace coroscope::hub {

namespace detail {
// map_pages(bytes) / unmap_pages(p, bytes): memory straight from the kernel.
void* map_pages(std::size_t bytes);
void unmap_pages(void* p, std::size_t bytes) noexcept;

// PageAllocator maps large buffers itself, so that every one goes back to the
// kernel when freed. (malloc maps large blocks too, but once one is freed it
// raises its threshold and serves the next ones from its heap, where they stay.)
template <class T>
struct PageAllocator {
  using value_type = T;
  static constexpr std::size_t kMapFrom = 64 * 1024;  // bytes
  PageAllocator() = default;
  template <class U>
  PageAllocator(const PageAllocator<U>&) {}
  T* allocate(std::size_t n) {
    const std::size_t bytes = n * sizeof(T);
    return static_cast<T*>(bytes >= kMapFrom ? map_pages(bytes) : ::operator new(bytes));
  }
  void deallocate(T* p, std::size_t n) noexcept {
    const std::size_t bytes = n * sizeof(T);
    if (bytes >= kMapFrom) {
      unmap_pages(p, bytes);
    } else {
      ::operator delete(p);
    }
  }
  template <class U>
  bool operator==(const PageAllocator<U>&) const {
    return true;
  }
};
}  // namespace detail

class CallbackQueue {
 public:
  using Callback = std::function<void()>;
  // Entry: a callback, or (fn empty) a switch to g, the commonest kind, kept
  // without the allocation a std::function holding a reference would take.
  struct Entry {
    std::uint64_t id = 0;
    Callback fn;
    runtime::GreenletRef g;
    const char* why = nullptr;  // g's wake reason; null: a plain switch (a start)
  };
  // kKeep: a drained buffer up to this many entries is kept for reuse.
  static constexpr std::size_t kKeep = 4096;

  bool empty() const { return count_ == 0; }
  std::size_t size() const { return count_; }
  std::uint64_t front_id() const { return buf_[head_].id; }

  using Buffer = std::vector<Entry, detail::PageAllocator<Entry>>;

  void push(Entry e) {
    if (count_ == buf_.size()) grow();
    buf_[(head_ + count_) & (buf_.size() - 1)] = std::move(e);
    ++count_;
  }

  Entry pop() {
    Entry e = std::move(buf_[head_]);
    buf_[head_] = Entry{};
    head_ = (head_ + 1) & (buf_.size() - 1);
    if (--count_ == 0) {
      head_ = 0;
      if (buf_.size() > kKeep) Buffer().swap(buf_);
    } else if (buf_.size() > kKeep && count_ < buf_.size() / 8) {
      resize(buf_.size() / 2);  // draining after a burst: give memory back as we go
    }
    return e;
  }

  void clear() {
    Buffer().swap(buf_);
    head_ = count_ = 0;
  }

 private:
  void grow() { resize(buf_.empty() ? 64 : buf_.size() * 2); }
  void resize(std::size_t capacity) {
    Buffer other(capacity);
    for (std::size_t i = 0; i < count_; ++i) {
      other[i] = std::move(buf_[(head_ + i) & (buf_.size() - 1)]);
    }
    buf_.swap(other);
    head_ = 0;
  }

  Buffer buf_;  // size is zero or a power of two
  std::size_t head_ = 0;
  std::size_t count_ = 0;
};

}  // namespace coroscope::hub
