#pragma once
// Scenarios the trace tests record, shared by EventLogTest and ChromeTraceTest:
//
//   TEST_F(TraceTest, X) {
//     trace::EventLog log;
//     record_gevent_sleep(log);        // the seed's gevent.sleep program, traced
//     EXPECT_EQ(describe_all(log), (Lines{...}));
//   }

#include <string>
#include <vector>

#include "core/hub/HubFixture.hpp"
#include "core/runtime/PingPong.hpp"
#include "trace/EventLog.hpp"

namespace coroscope::trace::testing {

using Lines = std::vector<std::string>;

// ScopedTrace attaches an observer to the current world for its lifetime.
struct ScopedTrace {
  explicit ScopedTrace(runtime::Observer* o) : previous(runtime::settrace(o)) {}
  ~ScopedTrace() { runtime::settrace(previous); }
  ScopedTrace(const ScopedTrace&) = delete;
  ScopedTrace& operator=(const ScopedTrace&) = delete;
  runtime::Observer* previous;
};

inline Lines describe_all(const EventLog& log) {
  Lines lines;
  for (std::size_t i = 0; i < log.size(); ++i) lines.push_back(log.describe(i));
  return lines;
}

class TraceTest : public hub::testing::HubTest {
 protected:
  // record_ping_pong(log) runs the seed's greenlet ping-pong in this thread's
  // world with log attached; it returns what the program printed.
  std::string record_ping_pong(EventLog& log) {
    runtime::testing::PingPong p;
    {
      ScopedTrace trace(&log);
      p.gr1->switch_to();
    }
    return p.out;
  }

  // record_gevent_sleep(log) runs the seed's gevent.sleep program (foo sleeps
  // 1 s, bar 2 s, main joins both) in a Host on the virtual clock, traced from
  // its first line to its last.
  void record_gevent_sleep(EventLog& log) {
    run([&] {
      ScopedTrace trace(&log);
      auto foo = hub::spawn(
          [] {
            hub::sleep(1);
            return runtime::Value();
          },
          "foo");
      auto bar = hub::spawn(
          [] {
            hub::sleep(2);
            return runtime::Value();
          },
          "bar");
      hub::joinall({foo, bar});
    });
  }
};

}  // namespace coroscope::trace::testing
