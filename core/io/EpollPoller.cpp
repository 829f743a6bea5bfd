#include "io/EpollPoller.hpp"

#include <unistd.h>

#include <cassert>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <system_error>

namespace coroscope::io {
namespace {

// refused(call, fd, err) ends the program: the kernel refused an epoll_ctl that
// only a caller's mistake makes fail. Carrying on would leave a greenlet parked
// on an fd that can never wake it, which hangs without a word; this says why.
[[noreturn]] void refused(const char* call, int fd, int err) {
  const char* hint = "";
  if (err == EBADF) hint = " (the fd is not open: was it closed before unwatch?)";
  if (err == EPERM) hint = " (epoll cannot watch regular files; they are always ready)";
  if (err == ENOENT) hint = " (the fd was closed and reopened while watched)";
  if (err == ENOSPC) hint = " (the per-user watch limit, fs.epoll.max_user_watches, is used up)";
  std::fprintf(stderr, "coroscope: EpollPoller %s fd %d failed: %s%s\n", call, fd,
               std::strerror(err), hint);
  std::abort();
}

std::uint32_t epoll_bits(unsigned interest) {
  std::uint32_t bits = 0;
  if (interest & static_cast<unsigned>(Interest::Read)) bits |= EPOLLIN;
  if (interest & static_cast<unsigned>(Interest::Write)) bits |= EPOLLOUT;
  return bits;  // EPOLLHUP and EPOLLERR are always reported; no need to ask
}

}  // namespace

EpollPoller::EpollPoller() : epfd_(::epoll_create1(EPOLL_CLOEXEC)) {
  if (epfd_ < 0) {
    const int err = errno;
    throw std::system_error(err, std::generic_category(),
                            "cannot create the hub's epoll instance (the process may be out of "
                            "file descriptors; see 'ulimit -n')");
  }
}

EpollPoller::~EpollPoller() {
  ::close(epfd_);
}

void EpollPoller::watch(int fd, unsigned interest, std::uint64_t token) {
  assert(fd >= 0 && "watch: fd must be a descriptor");
  assert(interest != 0 && (interest & ~kAllInterests) == 0 &&
         "watch: interest must be Interest::Read, Interest::Write or both; use unwatch to stop");
  epoll_event ev{};
  ev.events = epoll_bits(interest);
  ev.data.u64 = token;
  const bool known = watched_.count(fd) != 0;
  if (::epoll_ctl(epfd_, known ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &ev) != 0) {
    refused(known ? "re-watch" : "watch", fd, errno);
  }
  watched_[fd] = Watch{interest, token};
}

void EpollPoller::unwatch(int fd) {
  const auto it = watched_.find(fd);
  assert(it != watched_.end() && "unwatch: fd is not watched");
  if (it == watched_.end()) return;
  if (::epoll_ctl(epfd_, EPOLL_CTL_DEL, fd, nullptr) != 0) refused("unwatch", fd, errno);
  watched_.erase(it);
}

int EpollPoller::wait(int timeout_ms, std::vector<Ready>& out) {
  assert(timeout_ms >= -1 && "wait: timeout_ms is -1 (no limit), 0 or a positive delay");
  assert((timeout_ms >= 0 || !watched_.empty()) &&
         "wait: nothing is watched, so wait(-1) would sleep forever");
  out.clear();
  // One slot per watched fd, so one call reports everything that is ready.
  events_.resize(watched_.empty() ? 1 : watched_.size());
  const int n = ::epoll_wait(epfd_, events_.data(), static_cast<int>(events_.size()), timeout_ms);
  if (n < 0) {
    const int err = errno;
    if (err == EINTR) return 0;  // a signal arrived; the caller waits again
    refused("wait on", epfd_, err);
  }
  out.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    const epoll_event& ev = events_[static_cast<std::size_t>(i)];
    out.push_back(Ready{ev.data.u64, (ev.events & (EPOLLIN | EPOLLRDHUP | EPOLLPRI)) != 0,
                        (ev.events & EPOLLOUT) != 0, (ev.events & (EPOLLHUP | EPOLLERR)) != 0});
  }
  return n;
}

}  // namespace coroscope::io
