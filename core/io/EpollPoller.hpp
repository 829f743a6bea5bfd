#pragma once
// EpollPoller is the Poller of Linux: one epoll instance, level-triggered.
//
//   EpollPoller poller;                         // owns an epoll fd (close-on-exec)
//   poller.watch(sock, Interest::Read | Interest::Write, token);
//   std::vector<Ready> ready;
//   int n = poller.wait(-1, ready);
//   poller.unwatch(sock);
//
// Why level-triggered: a woken greenlet may read only part of what arrived (one
// line, one message). Level-triggered epoll reports the fd again on the next
// wait while data is left, so nothing is missed. Edge-triggered epoll reports
// only new arrivals, so every reader would have to drain the fd until EAGAIN; a
// rule that is easy to break and hangs silently when broken. The price: a ready
// fd nobody waits for is reported on every wait, so the hub watches an fd only
// while a greenlet is parked on it.

#include <sys/epoll.h>

#include <unordered_map>

#include "io/Poller.hpp"

namespace coroscope::io {

class EpollPoller final : public Poller {
 public:
  // EpollPoller() creates the epoll instance. It throws std::system_error with a
  // readable message if the kernel refuses (out of descriptors or memory): that
  // happens once, when a hub starts, before any fiber runs.
  EpollPoller();
  ~EpollPoller() override;

  using Poller::watch;
  // watch(), unwatch() abort with a message naming the fd if the kernel refuses:
  // a closed fd, a regular file, or an unwatch of an fd closed too early.
  void watch(int fd, unsigned interest, std::uint64_t token) override;
  void unwatch(int fd) override;
  std::size_t watching() const override { return watched_.size(); }
  int wait(int timeout_ms, std::vector<Ready>& out) override;

 private:
  struct Watch {
    unsigned interest = 0;
    std::uint64_t token = 0;
  };

  int epfd_ = -1;
  std::unordered_map<int, Watch> watched_;  // fd -> what it is watched for
  std::vector<epoll_event> events_;         // wait()'s buffer, one slot per watched fd
};

}  // namespace coroscope::io
