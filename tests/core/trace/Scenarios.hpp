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
#include "hub/Socket.hpp"
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

  // SocketRun: what record_socket_waits saw: the server's "ip:port" and the client's.
  struct SocketRun {
    std::string server, client;
  };
  // record_socket_waits(log): serve waits in accept() on 127.0.0.1 (any port),
  // then twice in recv() for main's two sends (main sleeps 10 ms between them,
  // so that serve waits again); traced from the first line to the last.
  SocketRun record_socket_waits(EventLog& log) {
    SocketRun seen;
    run([&] {
      ScopedTrace trace(&log);
      hub::Socket server = hub::Socket::tcp();
      server.settimeout(10);  // only keeps a broken test from hanging
      server.bind("127.0.0.1", 0);
      server.listen();
      seen.server = "127.0.0.1:" + std::to_string(server.local_port());
      auto serve = hub::spawn(
          [&] {
            auto [conn, peer] = server.accept();
            seen.client = peer;
            conn.settimeout(10);
            for (int i = 0; i < 2; ++i) conn.recv(16);
            return runtime::Value();
          },
          "serve");
      hub::sleep(0);  // serve runs first and waits in accept()
      hub::Socket c = hub::Socket::tcp();
      c.connect("127.0.0.1", server.local_port());
      c.sendall("a");
      hub::sleep(0.01);
      c.sendall("b");
      serve->join();
    });
    return seen;
  }
};

}  // namespace coroscope::trace::testing
