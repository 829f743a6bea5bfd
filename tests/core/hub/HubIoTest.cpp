// Hub::wait_io / close_io: deferred wakes (a timeout timer, the wake queued by
// close_io) belong to one wait and never wake a later one.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <stdexcept>

#include "core/hub/HubFixture.hpp"

namespace coroscope::hub {
namespace {

using testing::HubTest;
using testing::Lines;

struct Pipe {
  int r = -1, w = -1;
  Pipe() {
    int fds[2];
    if (::pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0) throw std::runtime_error("pipe2");
    r = fds[0];
    w = fds[1];
  }
  void close() {
    ::close(r);
    ::close(w);
  }
};

// A's timeout timer and main's sleep expire in the same pass; main closes A's
// pipe and waits on a new one (same fd numbers) before A's timer fires.
TEST_F(HubTest, StaleTimeoutTimerDoesNotWakeALaterWaiterOnTheSameFd) {
  run([&] {
    Hub& hub = Hub::get();
    Pipe first;
    const int fd = first.r;
    Pipe second{};
    auto a = spawn([&] {
      try {
        hub.wait_io(fd, io::Interest::Read, 0.05);
        log("A woke normally");
      } catch (const std::runtime_error& e) {
        log("A: %s", e.what());
      }
      const char byte = 'x';
      EXPECT_EQ(::write(second.w, &byte, 1), 1);  // lets main go on
      return Value();
    });
    sleep(0.05);  // armed before A's timer: fires first in the same pass
    hub.close_io(fd, std::make_exception_ptr(std::runtime_error("closed under A")));
    first.close();
    second.close();
    second = Pipe();  // reuses the fd numbers
    log("same fd again: %d", second.r == fd);
    const bool ready = hub.wait_io(second.r, io::Interest::Read, 1.0);
    log("main woke ready=%d t=%.2f", ready, now());
    a->join();
    second.close();
  });
  EXPECT_EQ(log_, (Lines{"same fd again: 1", "A: closed under A", "main woke ready=1 t=0.05"}));
}

// A handles a kill that arrives before close_io's wake, then sleeps: the wake
// meant for its socket wait must not cut that sleep short.
TEST_F(HubTest, CloseWakeDoesNotLandInALaterWait) {
  run([&] {
    Hub& hub = Hub::get();
    Pipe p;
    auto a = spawn([&] {
      try {
        hub.wait_io(p.r, io::Interest::Read);
      } catch (const std::range_error&) {
        log("A: killed while waiting, handled");
      }
      sleep(1);
      log("A slept until t=%.1f", now());
      return Value();
    });
    sleep(0);
    a->kill(std::make_exception_ptr(std::range_error("stop")), false);
    hub.close_io(p.r, std::make_exception_ptr(std::runtime_error("closed")));
    p.close();
    a->join();
    log("watchers left: %zu", hub.io_waiting());
  });
  EXPECT_EQ(log_,
            (Lines{"A: killed while waiting, handled", "A slept until t=1.0", "watchers left: 0"}));
}

}  // namespace
}  // namespace coroscope::hub
