#include "io/SocketOps.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstdint>
#include <string>
#include <vector>

#include "io/EpollPoller.hpp"

namespace coroscope::io {
namespace {

// kNoHang bounds every wait; it only keeps a broken test from hanging.
constexpr int kNoHang = 5000;
// kMaxRounds bounds every retry loop for the same reason.
constexpr int kMaxRounds = 10000;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// SocketOpsTest gives each test a poller and fails the test if a descriptor is
// still open at the end (STYLE.md 16). The sockets a test opens are closed in
// TearDown, so a failed ASSERT leaks nothing either. The fixture's own epoll fd is
// open at both counts.
class SocketOpsTest : public ::testing::Test {
 protected:
  void SetUp() override { fds_at_start_ = open_fd_count(); }
  void TearDown() override {
    close_all();
    EXPECT_EQ(open_fd_count(), fds_at_start_) << "a descriptor leaked";
  }

  int tcp() {
    const IoResult r = open_tcp();
    EXPECT_TRUE(r.ok()) << r.message();
    if (r.ok()) owned_.push_back(static_cast<int>(r.n));
    return static_cast<int>(r.n);
  }
  void own(int fd) { owned_.push_back(fd); }
  // close_now(fd) closes an owned fd before the test ends.
  void close_now(int fd) {
    EXPECT_TRUE(close_fd(fd).ok());
    std::erase(owned_, fd);
  }
  void close_all() {
    for (int fd : owned_) EXPECT_TRUE(close_fd(fd).ok());
    owned_.clear();
  }

  // wait_for(fd, interest) waits until fd is ready for interest or hung up;
  // a Ready with no flag set means it never was.
  Ready wait_for(int fd, Interest interest) {
    poller_.watch(fd, interest, static_cast<std::uint64_t>(fd));
    std::vector<Ready> ready;
    const int n = poller_.wait(kNoHang, ready);
    poller_.unwatch(fd);
    EXPECT_EQ(n, 1) << "fd " << fd << " never became ready";
    return n == 1 ? ready[0] : Ready{};
  }

  // listener() listens on 127.0.0.1 on a free port, stored in port_.
  int listener() {
    const int fd = tcp();
    const IoResult r = bind_listen(fd, "127.0.0.1", 0);
    EXPECT_TRUE(r.ok()) << r.message();
    port_ = static_cast<int>(r.n);
    return fd;
  }

  // connected(server, client) sets up one loopback connection, step by step.
  void connected(int& server, int& client) {
    const int lis = listener();
    client = tcp();
    IoResult c = connect_nb(client, "127.0.0.1", port_);
    if (c.in_progress()) {
      EXPECT_TRUE(wait_for(client, Interest::Write).writable);
      c = connect_result(client, c.address);
    }
    ASSERT_TRUE(c.ok()) << c.message();
    EXPECT_EQ(c.address, "127.0.0.1:" + std::to_string(port_));
    wait_for(lis, Interest::Read);
    const IoResult a = accept_nb(lis);
    ASSERT_TRUE(a.ok()) << a.message();
    server = static_cast<int>(a.n);
    own(server);
    EXPECT_TRUE(contains(a.address, "127.0.0.1:"));
  }

  // transfer(from, to, data) sends data and receives it whole on the other end.
  std::vector<unsigned char> transfer(int from, int to, const std::vector<unsigned char>& data) {
    std::vector<unsigned char> got;
    std::size_t sent = 0;
    unsigned char buf[1500];  // small on purpose: many partial reads
    for (int round = 0; got.size() < data.size() && round < kMaxRounds; ++round) {
      if (sent < data.size()) {
        const IoResult s = send_nb(from, data.data() + sent, data.size() - sent);
        EXPECT_TRUE(s.ok() || s.would_block()) << s.message();
        if (s.ok()) sent += static_cast<std::size_t>(s.n);
      }
      const IoResult r = recv_nb(to, buf, sizeof buf);
      if (r.would_block()) {
        if (!wait_for(to, Interest::Read).readable) break;
        continue;
      }
      EXPECT_TRUE(r.ok() && r.n > 0) << r.message();
      if (!r.ok() || r.n == 0) break;
      got.insert(got.end(), buf, buf + r.n);
    }
    return got;
  }

  long fds_at_start_ = 0;
  EpollPoller poller_;
  std::vector<int> owned_;
  int port_ = 0;
};

std::vector<unsigned char> pattern(std::size_t size, unsigned mul, unsigned add) {
  std::vector<unsigned char> data(size);
  for (std::size_t i = 0; i < size; ++i) data[i] = static_cast<unsigned char>(i * mul + add);
  return data;
}

TEST_F(SocketOpsTest, OpenFdCountSeesASocket) {
  const long before = open_fd_count();
  const IoResult s = open_tcp();
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(open_fd_count(), before + 1);
  EXPECT_EQ(s.message(), "opened TCP socket fd " + std::to_string(s.n));
  EXPECT_TRUE(close_fd(static_cast<int>(s.n)).ok());
  EXPECT_EQ(open_fd_count(), before);
}

TEST_F(SocketOpsTest, ListenOnPortZeroGetsARealPort) {
  const int fd = tcp();
  const IoResult r = bind_listen(fd, "127.0.0.1", 0);
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_GT(r.n, 0);
  EXPECT_EQ(local_port(fd).n, r.n);
  EXPECT_EQ(r.address, "127.0.0.1:" + std::to_string(r.n));
}

TEST_F(SocketOpsTest, LocalhostMeans127001) {
  const int fd = tcp();
  const IoResult r = bind_listen(fd, "localhost", 0);
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r.address, "127.0.0.1:" + std::to_string(r.n));
}

TEST_F(SocketOpsTest, KiBytesTravelIntactBothWays) {
  int server = -1, client = -1;
  ASSERT_NO_FATAL_FAILURE(connected(server, client));
  const auto up = pattern(12 * 1024 + 7, 7, 3);
  const auto down = pattern(9 * 1024 + 5, 13, 1);
  EXPECT_EQ(transfer(client, server, up), up) << "client to server";
  EXPECT_EQ(transfer(server, client, down), down) << "server to client";
}

TEST_F(SocketOpsTest, ShutdownWriteGivesThePeerEndOfStream) {
  int server = -1, client = -1;
  ASSERT_NO_FATAL_FAILURE(connected(server, client));
  ASSERT_TRUE(shutdown_fd(client, Shut::Write).ok());
  EXPECT_TRUE(wait_for(server, Interest::Read).readable);
  char buf[16];
  const IoResult r = recv_nb(server, buf, sizeof buf);
  EXPECT_TRUE(r.end_of_stream()) << r.message();
  EXPECT_TRUE(contains(r.message(), "end of stream")) << r.message();
  // Half-closed: the other direction still works.
  const std::vector<unsigned char> reply = {'o', 'k'};
  EXPECT_EQ(transfer(server, client, reply), reply);
  const IoResult s = send_nb(client, "x", 1);
  EXPECT_EQ(s.error, EPIPE) << s.message();
  EXPECT_TRUE(contains(s.message(), "broken pipe")) << s.message();
}

TEST_F(SocketOpsTest, RecvOnAnEmptySocketWouldBlock) {
  int server = -1, client = -1;
  ASSERT_NO_FATAL_FAILURE(connected(server, client));
  char buf[16];
  const IoResult r = recv_nb(server, buf, sizeof buf);
  EXPECT_TRUE(r.would_block());
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.message(), "nothing to receive on fd " + std::to_string(server) +
                             " yet (would block: wait until readable)");
}

TEST_F(SocketOpsTest, AcceptWithNobodyWaitingWouldBlock) {
  const int lis = listener();
  const IoResult a = accept_nb(lis);
  EXPECT_TRUE(a.would_block()) << a.message();
  EXPECT_TRUE(contains(a.message(), "no connection is waiting")) << a.message();
}

TEST_F(SocketOpsTest, ConnectToAClosedPortIsRefused) {
  const int lis = listener();
  const int closed_port = port_;
  close_now(lis);
  const int client = tcp();
  IoResult c = connect_nb(client, "127.0.0.1", closed_port);
  if (c.in_progress()) {
    const Ready r = wait_for(client, Interest::Write);
    EXPECT_TRUE(r.writable || r.hangup_or_error);
    c = connect_result(client, c.address);
  }
  const std::string where = "127.0.0.1:" + std::to_string(closed_port);
  EXPECT_EQ(c.error, ECONNREFUSED) << c.message();
  EXPECT_EQ(c.message(), "connection refused by " + where + " (nothing listens there)");
}

TEST_F(SocketOpsTest, ListenOnAPortInUseSaysSo) {
  listener();
  const int second = tcp();
  const IoResult r = bind_listen(second, "127.0.0.1", port_);
  EXPECT_EQ(r.error, EADDRINUSE) << r.message();
  EXPECT_TRUE(contains(r.message(), "already in use")) << r.message();
}

TEST_F(SocketOpsTest, ABadAddressIsAClearError) {
  const int fd = tcp();
  const IoResult host = connect_nb(fd, "not-an-ip", 80);
  EXPECT_TRUE(host.bad_address());
  EXPECT_EQ(host.error, kBadHost);
  EXPECT_EQ(host.message(),
            "'not-an-ip' is not an address this socket layer understands: use a dotted IPv4 "
            "address such as 127.0.0.1, or 'localhost'");
  EXPECT_EQ(bind_listen(fd, "999.0.0.1", 0).error, kBadHost);
  EXPECT_EQ(bind_listen(fd, "::1", 0).error, kBadHost) << "IPv4 only for now";

  const IoResult port = connect_nb(fd, "127.0.0.1", 70000);
  EXPECT_EQ(port.error, kBadPort);
  EXPECT_EQ(port.message(), "port 70000 is out of range: connect needs a port from 1 to 65535");
  EXPECT_EQ(connect_nb(fd, "127.0.0.1", 0).error, kBadPort);
  EXPECT_EQ(bind_listen(fd, "127.0.0.1", -1).error, kBadPort);
}

TEST_F(SocketOpsTest, SendToAClosedPeerIsAnErrorNotASignal) {
  int server = -1, client = -1;
  ASSERT_NO_FATAL_FAILURE(connected(server, client));
  close_now(server);
  // The first sends may still be accepted; the peer's reset makes a later one fail.
  IoResult s;
  for (int round = 0; round < kMaxRounds; ++round) {
    s = send_nb(client, "ping", 4);
    if (!s.ok() && !s.would_block()) break;
    const Ready r = wait_for(client, Interest::Write);
    if (!r.writable && !r.hangup_or_error) break;
  }
  EXPECT_TRUE(s.error == EPIPE || s.error == ECONNRESET) << s.message();
}

}  // namespace
}  // namespace coroscope::io
