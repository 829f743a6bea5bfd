#pragma once
// HubTest: each test's program runs as the main greenlet of a fresh Host, on
// the virtual clock, to the end; then the fixture checks that nothing is left
// (greenlets, stacks, undelivered exceptions, timers, socket watchers, file
// descriptors) once the Host is gone.
//
//   TEST_F(HubTest, X) {
//     run([&] { spawn(...); sleep(1); log("...t=%.1f", now()); });
//     EXPECT_EQ(log_, (Lines{...}));
//   }

#include <cstdarg>
#include <cstdio>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "core/runtime/LeakCheck.hpp"
#include "hub/Greenlet.hpp"
#include "io/SocketOps.hpp"
#include "runtime/Host.hpp"

namespace coroscope::hub::testing {

using Lines = std::vector<std::string>;

class HubTest : public runtime::testing::RuntimeTest {
 protected:
  // run(program) runs program as main under a Host until it finishes; it
  // rethrows what program raised. Timers and callbacks must all be done.
  void run(std::function<void()> program) {
    const long fds = io::open_fd_count();
    {
      runtime::Host host([&]() -> Value {
        Hub::get().set_exception_stream(errors_);
        program();
        if (expect_idle_at_end_) {
          EXPECT_EQ(Hub::get().active_timers(), 0u) << "timers left armed at the end";
          EXPECT_EQ(Hub::get().io_waiting(), 0u) << "socket watchers left at the end";
        }
        return {};
      });
      while (!host.finished()) host.resume();
      host.result();
    }
    EXPECT_EQ(io::open_fd_count(), fds) << "file descriptors left open (the hub's epoll too)";
  }

  // log(format, ...) appends one printf-formatted line.
  void log(const char* format, ...) __attribute__((format(printf, 2, 3))) {
    char buf[512];
    va_list args;
    va_start(args, format);
    std::vsnprintf(buf, sizeof buf, format, args);
    va_end(args);
    log_.emplace_back(buf);
  }

  static double now() { return Hub::get().refresh_now(); }

  Lines log_;
  std::ostringstream errors_;
  bool expect_idle_at_end_ = true;
};

}  // namespace coroscope::hub::testing
