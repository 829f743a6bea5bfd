// hub::Socket: gevent's cooperative sockets on 127.0.0.1. Every blocking call in
// these tests has a timeout (kNoHang), so a broken build fails instead of hanging;
// the fixture also checks that no file descriptor is left open.
#include "hub/Socket.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <any>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "core/hub/HubFixture.hpp"
#include "runtime/Observer.hpp"

namespace coroscope::hub {
namespace {

using testing::HubTest;

// kNoHang bounds every blocking call; it only keeps a broken test from hanging.
constexpr double kNoHang = 10;

static_assert(std::is_base_of_v<SocketError, SocketTimeout>);

// SocketTest is HubTest that also fails when a descriptor is left open. It counts
// after run() has returned, so the hub's epoll fd must be gone too.
class SocketTest : public HubTest {
 protected:
  void SetUp() override {
    HubTest::SetUp();
    fds_at_start_ = io::open_fd_count();
  }
  void TearDown() override {
    EXPECT_EQ(io::open_fd_count(), fds_at_start_) << "a descriptor leaked";
    HubTest::TearDown();
  }
  long fds_at_start_ = 0;
};

Socket listener() {
  Socket s = Socket::tcp();
  s.settimeout(kNoHang);
  s.bind("127.0.0.1", 0);
  s.listen();
  return s;
}

Socket connect_to(int port) {
  Socket s = Socket::tcp();
  s.settimeout(kNoHang);
  s.connect("127.0.0.1", port);
  return s;
}

Socket accept_from(Socket& server) {
  Socket s = server.accept().first;
  s.settimeout(kNoHang);
  return s;
}

// recv_exactly(s, n) reads n bytes, or fewer if the stream ends first.
std::string recv_exactly(Socket& s, std::size_t n) {
  std::string out;
  while (out.size() < n) {
    const std::string part = s.recv(n - out.size());
    if (part.empty()) break;
    out += part;
  }
  return out;
}

// recv_all(s) reads until the end of the stream.
std::string recv_all(Socket& s) {
  std::string out;
  for (std::string part; !(part = s.recv(4096)).empty();) out += part;
  return out;
}

// pattern(client, message, size) is a message no other client or message shares.
std::string pattern(int client, std::size_t message, std::size_t size) {
  std::string s(size, '\0');
  for (std::size_t i = 0; i < size; ++i) {
    s[i] = static_cast<char>((client * 131 + message * 17 + i * 7 + i / 251) & 0xff);
  }
  return s;
}

// round_trip(s, msg) sends msg from a writer greenlet while this one reads the
// echo back, so neither side can fill both socket buffers and stall.
std::string round_trip(Socket& s, const std::string& msg) {
  GreenletPtr writer = spawn(
      [&]() -> Value {
        s.sendall(msg);
        return {};
      },
      "writer");
  std::string back;
  std::exception_ptr error;
  try {
    back = recv_exactly(s, msg.size());
  } catch (...) {
    error = std::current_exception();
  }
  if (error) {
    writer->kill();  // it uses s and msg: it must not outlive this call
    std::rethrow_exception(error);
  }
  writer->get();
  return back;
}

// first_difference(a, b) is where two strings first differ, for a failure message.
std::size_t first_difference(const std::string& a, const std::string& b) {
  std::size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
  return i;
}

TEST_F(SocketTest, EchoServerServesManyClientsAtOnce) {
  constexpr int kClients = 8;
  const std::vector<std::size_t> sizes = {1, 100, 1000, 4096, 65536 + 7, 256 * 1024};
  std::vector<int> echoed(kClients, 0);
  run([&] {
    Socket server = listener();
    const int port = server.local_port();
    std::vector<GreenletPtr> handlers;
    GreenletPtr acceptor = spawn(
        [&]() -> Value {
          for (;;) {
            auto conn = std::make_shared<Socket>(accept_from(server));
            handlers.push_back(spawn(
                [conn]() -> Value {
                  for (std::string s; !(s = conn->recv(65536)).empty();) conn->sendall(s);
                  conn->close();
                  return {};
                },
                "handler"));
          }
        },
        "acceptor");

    std::vector<GreenletPtr> clients;
    for (int id = 0; id < kClients; ++id) {
      clients.push_back(spawn(
          [&, id]() -> Value {
            Socket c = connect_to(port);
            for (std::size_t m = 0; m < sizes.size(); ++m) {
              const std::string msg = pattern(id, m, sizes[(m + id) % sizes.size()]);
              const std::string back = round_trip(c, msg);
              EXPECT_EQ(back.size(), msg.size()) << "client " << id << " message " << m;
              if (back != msg) {
                ADD_FAILURE() << "client " << id << " message " << m << ": first wrong byte at "
                              << first_difference(back, msg);
              } else {
                ++echoed[id];
              }
            }
            return {};  // c closes here: its handler reads the end of the stream
          },
          "client"));
    }
    EXPECT_EQ(joinall(clients, 60).size(), clients.size());
    for (const GreenletPtr& c : clients) EXPECT_TRUE(c->successful());

    // The clients have closed: each handler reads the end of its stream and ends.
    EXPECT_EQ(joinall(handlers, kNoHang).size(), static_cast<std::size_t>(kClients));
    for (const GreenletPtr& h : handlers) EXPECT_TRUE(h->successful());
    EXPECT_EQ(Hub::get().io_waiting(), 1u) << "only the acceptor should still wait";
    acceptor->kill();
    server.close();
    EXPECT_TRUE(acceptor->dead());
    EXPECT_EQ(Hub::get().io_waiting(), 0u);
  });
  EXPECT_EQ(echoed, std::vector<int>(kClients, static_cast<int>(sizes.size())));
  EXPECT_EQ(errors_.str(), "");
}

TEST_F(SocketTest, NoDescriptorIsLeftOpen) {
  const long before = io::open_fd_count();
  ASSERT_GT(before, 0);
  run([&] {
    Socket server = listener();
    Socket c = connect_to(server.local_port());
    Socket conn = accept_from(server);
    GreenletPtr reader = spawn([&] { return Value(recv_exactly(conn, 4)); }, "reader");
    sleep(0);  // the reader waits, so the hub has its epoll instance by now
    c.sendall("ping");
    EXPECT_EQ(std::any_cast<std::string>(reader->get()), "ping");
    // listener, client, accepted connection and the hub's epoll instance.
    EXPECT_EQ(io::open_fd_count(), before + 4);
    Socket moved = std::move(conn);  // moving hands over the fd; it closes once
    EXPECT_EQ(conn.fileno(), -1);
  });
  EXPECT_EQ(io::open_fd_count(), before);
}

TEST_F(SocketTest, RecvOnASilentConnectionTimesOut) {
  run([&] {
    Socket server = listener();
    Socket c = connect_to(server.local_port());
    Socket conn = accept_from(server);
    c.settimeout(0.05);
    const double start = now();
    std::string what;
    try {
      c.recv(10);
      ADD_FAILURE() << "recv returned on a silent connection";
    } catch (const SocketTimeout& e) {
      what = e.what();
    }
    EXPECT_EQ(what, "timed out");
    EXPECT_GE(now() - start, 0.05 - 1e-9);  // hub time: the virtual clock reached the deadline
    EXPECT_EQ(Hub::get().io_waiting(), 0u);

    c.settimeout(0);  // non-blocking: the would-block answer is the error
    try {
      c.recv(10);
      ADD_FAILURE() << "recv returned on a silent connection";
    } catch (const SocketTimeout&) {
      ADD_FAILURE() << "timeout 0 should raise would-block, not a timeout";
    } catch (const SocketError& e) {
      EXPECT_NE(std::string(e.what()).find("would block"), std::string::npos) << e.what();
    }
    EXPECT_THROW(c.settimeout(-1), std::invalid_argument);
  });
}

TEST_F(SocketTest, ConnectToAClosedPortIsRefused) {
  // A port bound without listening refuses connections, and no one else can take it.
  const int blocker = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(blocker, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof sa;
  ASSERT_EQ(::bind(blocker, reinterpret_cast<sockaddr*>(&sa), sizeof sa), 0);
  ASSERT_EQ(::getsockname(blocker, reinterpret_cast<sockaddr*>(&sa), &size), 0);
  const int port = ntohs(sa.sin_port);
  std::string what;
  run([&] {
    Socket c = Socket::tcp();
    c.settimeout(kNoHang);
    try {
      c.connect("127.0.0.1", port);
      ADD_FAILURE() << "connect succeeded";
    } catch (const SocketTimeout&) {
      ADD_FAILURE() << "connect timed out instead of being refused";
    } catch (const SocketError& e) {
      what = e.what();
    }
  });
  ::close(blocker);
  EXPECT_EQ(what,
            "connection refused by 127.0.0.1:" + std::to_string(port) + " (nothing listens there)");
}

TEST_F(SocketTest, AKilledReaderReleasesItsWatcher) {
  run([&] {
    Socket server = listener();
    Socket c = connect_to(server.local_port());
    Socket conn = accept_from(server);
    GreenletPtr reader = spawn(
        [&]() -> Value {
          c.recv(10);
          ADD_FAILURE() << "recv returned on a silent connection";
          return {};
        },
        "reader");
    sleep(0);  // the reader runs and parks in recv
    EXPECT_EQ(Hub::get().io_waiting(), 1u);
    reader->kill();
    EXPECT_TRUE(reader->dead());
    EXPECT_EQ(Hub::get().io_waiting(), 0u);
    EXPECT_EQ(Hub::get().active_timers(), 0u);  // its recv timeout went with it
    conn.sendall("after");                      // the socket still works for the next reader
    EXPECT_EQ(recv_exactly(c, 5), "after");
  });
}

TEST_F(SocketTest, ClosingASocketWakesItsWaitingReader) {
  run([&] {
    Socket server = listener();
    const int port = server.local_port();
    auto c = std::make_unique<Socket>(connect_to(port));
    auto d = std::make_unique<Socket>(connect_to(port));
    Socket conn1 = accept_from(server);
    Socket conn2 = accept_from(server);
    std::vector<std::string> errors;
    auto read_until_error = [&](Socket& s) {
      return [&errors, &s]() -> Value {
        try {
          s.recv(10);
          ADD_FAILURE() << "recv returned on a silent connection";
        } catch (const SocketError& e) {
          errors.emplace_back(e.what());
        }
        return {};
      };
    };
    GreenletPtr r1 = spawn(read_until_error(*c), "reader of c");
    GreenletPtr r2 = spawn(read_until_error(*d), "reader of d");
    sleep(0);  // both park in recv
    EXPECT_EQ(Hub::get().io_waiting(), 2u);
    c->close();  // by close()
    d.reset();   // by the destructor: the reader must not touch the socket again
    EXPECT_EQ(Hub::get().io_waiting(), 0u);
    EXPECT_EQ(joinall({r1, r2}, kNoHang).size(), 2u);
    const std::string closed = "the socket was closed while a greenlet waited on it";
    EXPECT_EQ(errors, (std::vector<std::string>{closed, closed}));

    // Every call on a closed socket is a clear error; close() again is fine.
    c->close();
    EXPECT_EQ(c->fileno(), -1);
    auto expect_closed = [](auto call) {
      try {
        call();
        ADD_FAILURE() << "a call on a closed socket succeeded";
      } catch (const SocketError& e) {
        EXPECT_STREQ(e.what(), "the socket is closed");
      }
    };
    expect_closed([&] { c->recv(1); });
    expect_closed([&] { c->send("x"); });
    expect_closed([&] { c->sendall("x"); });
    expect_closed([&] { c->accept(); });
    expect_closed([&] { c->connect("127.0.0.1", port); });
    expect_closed([&] { c->bind("127.0.0.1", 0); });
    expect_closed([&] { c->listen(); });
    expect_closed([&] { c->shutdown(Socket::Shut::Both); });
    expect_closed([&] { c->local_port(); });
  });
}

TEST_F(SocketTest, HalfCloseEndsThePeersStream) {
  run([&] {
    Socket server = listener();
    Socket c = connect_to(server.local_port());
    Socket conn = accept_from(server);
    c.sendall("bye");
    c.shutdown(Socket::Shut::Write);
    EXPECT_EQ(recv_all(conn), "bye");
    EXPECT_EQ(conn.recv(10), "");  // the end of the stream stays the end
    try {
      c.send("more");
      ADD_FAILURE() << "send after shutdown(Write) succeeded";
    } catch (const SocketError& e) {
      EXPECT_NE(std::string(e.what()).find("broken pipe"), std::string::npos) << e.what();
    }
    conn.sendall("ok");  // the other direction still works
    conn.close();
    EXPECT_EQ(recv_all(c), "ok");
  });
}

// IoWaits is an observer that keeps what each I/O wait said about itself.
struct IoWaits final : runtime::Observer {
  std::vector<std::string> waits;  // "readable accept: listening 127.0.0.1:P"
  int readies = 0;
  void on_transfer(runtime::Transfer, runtime::Greenlet&, runtime::Greenlet&) override {}
  void on_sched(const runtime::SchedEvent& e) override {
    if (e.kind == runtime::Sched::IoWait)
      waits.push_back(std::string(e.what) + " " + std::string(e.detail));
    if (e.kind == runtime::Sched::IoReady) {
      ++readies;
      EXPECT_TRUE(e.detail.empty()) << "an IoReady's detail is its wait's: the log keeps it";
    }
  }
};

// Each wait says what it is (the call, and the socket as listen, accept and
// connect made it) to an observer; the hub builds that text only inside its
// check for one, so an untraced run (the first round below) never makes it.
TEST_F(SocketTest, EachWaitSaysWhatItIsWhenTraced) {
  IoWaits seen;
  std::string server_at, client_at;
  run([&] {
    Socket server = listener();
    server_at = "127.0.0.1:" + std::to_string(server.local_port());
    EXPECT_EQ(server.role(), SocketRole::Listening);
    EXPECT_EQ(server.address(), server_at);
    for (bool traced : {false, true}) {
      runtime::Observer* before = runtime::settrace(traced ? &seen : nullptr);
      auto serve = spawn([&] {
        Socket conn = accept_from(server);
        EXPECT_EQ(conn.role(), SocketRole::Accepted);
        client_at = conn.address();
        EXPECT_EQ(recv_exactly(conn, 2), "hi");
        conn.sendall("ok");
        return Value();
      });
      sleep(0);  // serve waits in accept()
      Socket c = connect_to(server.local_port());
      EXPECT_EQ(c.role(), SocketRole::Connected);
      EXPECT_EQ(c.address(), server_at);
      c.sendall("hi");
      EXPECT_EQ(recv_exactly(c, 2), "ok");
      serve->join();
      runtime::settrace(before);
      if (!traced) {
        EXPECT_TRUE(seen.waits.empty());
      }
    }
  });
  ASSERT_FALSE(seen.waits.empty());
  EXPECT_EQ(seen.waits.front(), "readable accept: listening " + server_at);
  EXPECT_NE(std::find(seen.waits.begin(), seen.waits.end(), "readable recv: to " + server_at),
            seen.waits.end())
      << "main waits for the reply";
  for (const std::string& w : seen.waits) {
    EXPECT_TRUE(w == "readable accept: listening " + server_at ||
                w == "writable connect: to " + server_at || w == "readable recv: to " + server_at ||
                w == "readable recv: connection from " + client_at)
        << w;
  }
  EXPECT_GT(seen.readies, 0);
}

}  // namespace
}  // namespace coroscope::hub
