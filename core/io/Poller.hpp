#pragma once
// Poller is the hub's one seam to the kernel's readiness API: which descriptors
// can be read or written without blocking. EpollPoller implements it on Linux.
//
//   EpollPoller poller;
//   poller.watch(fd, Interest::Read, token);  // token comes back in Ready
//   std::vector<Ready> ready;
//   poller.wait(timeout_ms, ready);           // -1 forever, 0 just look
//   for (const Ready& r : ready) wake(r.token);
//   poller.unwatch(fd);                       // always before close(fd)

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace coroscope::io {

// Interest is what a watcher waits for. The values are bit flags: combine them
// with `|`, which yields the unsigned mask that watch() takes.
enum class Interest : unsigned { Read = 1, Write = 2 };

constexpr unsigned operator|(Interest a, Interest b) {
  return static_cast<unsigned>(a) | static_cast<unsigned>(b);
}
constexpr unsigned operator|(unsigned a, Interest b) {
  return a | static_cast<unsigned>(b);
}

// kAllInterests is every valid Interest bit; watch() rejects any other bit.
inline constexpr unsigned kAllInterests = Interest::Read | Interest::Write;

// Ready is one descriptor's readiness, as reported by one wait().
// hangup_or_error is set even if nobody asked for it: the peer hung up or the
// descriptor has a pending error, so whoever waits on it must wake and find out.
// A half-close by the peer (shutdown of its sending side) shows as readable: the
// next read returns 0 bytes, the end of the stream.
struct Ready {
  std::uint64_t token = 0;
  bool readable = false;
  bool writable = false;
  bool hangup_or_error = false;
};

class Poller {
 public:
  Poller() = default;
  Poller(const Poller&) = delete;
  Poller& operator=(const Poller&) = delete;
  virtual ~Poller();

  // watch(fd, interest, token) starts watching fd, or replaces the interest and
  // token of an fd already watched. interest is a non-zero mask of Interest bits.
  // fd must be open and pollable (a socket, pipe or similar, not a regular file).
  virtual void watch(int fd, unsigned interest, std::uint64_t token) = 0;
  void watch(int fd, Interest interest, std::uint64_t token) {
    watch(fd, static_cast<unsigned>(interest), token);
  }

  // unwatch(fd) stops watching fd, which must be watched and still open: unwatch
  // before closing, or the kernel may keep reporting a descriptor number that is
  // gone (or, worse, reused).
  virtual void unwatch(int fd) = 0;

  // watching() is the number of descriptors watched. The hub lets virtual time
  // jump to the next timer only when it is zero (no outside event can arrive).
  virtual std::size_t watching() const = 0;

  // wait(timeout_ms, out) blocks until a watched fd is ready or timeout_ms
  // passes (-1: no limit, 0: just look), replaces out's contents with the ready
  // descriptors and returns how many there are. A signal ends the wait early with
  // 0 events: the caller recomputes its timeout from its Clock and waits again.
  // out is a snapshot: an fd unwatched after wait() returned may still be in it,
  // so the caller ignores tokens it no longer knows.
  // wait(-1, out) with nothing watched would sleep forever; that is a mistake.
  virtual int wait(int timeout_ms, std::vector<Ready>& out) = 0;
};

// interest_name(interest) is "read", "write" or "read+write", for trace events.
std::string interest_name(unsigned interest);

// describe(ready) is a short text such as "token 7: readable, hangup or error".
std::string describe(const Ready& ready);

}  // namespace coroscope::io
