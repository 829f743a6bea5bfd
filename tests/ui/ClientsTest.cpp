// Clients against a real listening socket on 127.0.0.1: the echo round trip,
// a refused connect, the server closing first, our half-close, and no
// descriptor left open. The server here is the test's own (no script, no hub).

#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "Clients.hpp"
#include "io/SocketOps.hpp"

namespace coroscope::app {
namespace {

using Clock = std::chrono::steady_clock;

// EchoPeer: a listening socket that accepts and echoes, driven by pump().
class EchoPeer {
 public:
  EchoPeer() {
    listener_ = static_cast<int>(io::open_tcp().n);
    const io::IoResult r = io::bind_listen(listener_, "127.0.0.1", 0);
    EXPECT_TRUE(r.ok()) << r.message();
    port_ = static_cast<int>(r.n);
  }
  ~EchoPeer() {
    for (int fd : conns_) io::close_fd(fd);
    io::close_fd(listener_);
  }
  int port() const { return port_; }
  // pump(): accept what waits, echo what arrived; a peer's end of stream
  // closes that connection (as the echo server's handler does).
  void pump() {
    for (io::IoResult a = io::accept_nb(listener_); a.ok(); a = io::accept_nb(listener_)) {
      conns_.push_back(static_cast<int>(a.n));
    }
    for (int& fd : conns_) {
      if (fd < 0) continue;
      char buf[256];
      const io::IoResult r = io::recv_nb(fd, buf, sizeof buf);
      if (r.would_block()) continue;
      if (!r.ok() || r.end_of_stream()) {
        io::close_fd(fd);
        fd = -1;
        continue;
      }
      io::send_nb(fd, buf, static_cast<std::size_t>(r.n));
    }
  }
  // close_all(): the server hangs up on everyone.
  void close_all() {
    for (int& fd : conns_) {
      if (fd >= 0) io::close_fd(fd);
      fd = -1;
    }
  }
  std::size_t accepted() const { return conns_.size(); }

 private:
  int listener_ = -1;
  int port_ = 0;
  std::vector<int> conns_;
};

// until(clients, peer, pred): poll both until pred() holds, for at most 5 s.
template <class Pred>
bool until(Clients& clients, EchoPeer* peer, Pred pred) {
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  while (!pred()) {
    if (Clock::now() > deadline) return false;
    if (peer) peer->pump();
    clients.poll();
  }
  return true;
}

TEST(ClientsTest, AnEchoRoundTrip) {
  const long fds = io::open_fd_count();
  {
    EchoPeer peer;
    Clients clients;
    const int id = clients.connect(peer.port());
    EXPECT_EQ(id, 1);
    clients.send(id, "hello");  // queued while connecting, or sent at once
    const Client* c = clients.find(id);
    ASSERT_TRUE(c);
    EXPECT_TRUE(c->awaiting_reply());
    ASSERT_TRUE(until(clients, &peer, [&] { return c->received == 6; })) << c->note;
    EXPECT_EQ(c->state, ClientState::Open);
    EXPECT_EQ(c->sent, 6u);
    EXPECT_FALSE(c->awaiting_reply());
    EXPECT_EQ(c->local.rfind("127.0.0.1:", 0), 0u) << c->local;
    ASSERT_EQ(c->said.size(), 2u);
    EXPECT_TRUE(c->said[0].sent);
    EXPECT_EQ(c->said[0].text, "hello");
    EXPECT_FALSE(c->said[1].sent);
    EXPECT_EQ(c->said[1].text, "hello\n");
    clients.send(id, "bye");
    ASSERT_TRUE(until(clients, &peer, [&] { return c->received == 10; }));
    ASSERT_EQ(c->said.size(), 4u);
    EXPECT_EQ(c->said[3].text, "bye\n");
    EXPECT_EQ(clients.sockets(), 1u);
  }
  EXPECT_EQ(io::open_fd_count(), fds) << "the client's and the peer's sockets are closed";
}

TEST(ClientsTest, RefusedSaysNothingListensThere) {
  // A port that was free a moment ago: bound, then closed, so nothing listens.
  int port = 0;
  {
    EchoPeer gone;
    port = gone.port();
  }
  const long fds = io::open_fd_count();
  Clients clients;
  const int id = clients.connect(port);
  const Client* c = clients.find(id);
  ASSERT_TRUE(until(clients, nullptr, [&] { return c->state != ClientState::Connecting; }));
  EXPECT_EQ(c->state, ClientState::Failed);
  EXPECT_EQ(c->note, "refused: nothing listens on 127.0.0.1:" + std::to_string(port) +
                         " yet; step the server to its accept()");
  EXPECT_EQ(clients.sockets(), 0u);
  EXPECT_EQ(io::open_fd_count(), fds) << "a refused client keeps no descriptor";
  clients.send(id, "late");
  EXPECT_NE(c->note.find("cannot send"), std::string::npos);
  clients.forget_finished();
  EXPECT_TRUE(clients.all().empty());
}

TEST(ClientsTest, TheServerClosingFirstClosesTheClient) {
  EchoPeer peer;
  Clients clients;
  const int id = clients.connect(peer.port());
  const Client* c = clients.find(id);
  ASSERT_TRUE(
      until(clients, &peer, [&] { return peer.accepted() == 1 && c->state == ClientState::Open; }));
  peer.close_all();
  ASSERT_TRUE(until(clients, nullptr, [&] { return c->state == ClientState::Closed; }));
  EXPECT_EQ(c->note, "the server closed the connection (end of stream)");
  EXPECT_EQ(clients.sockets(), 0u);
}

// Close sends end of stream; the server reads it, closes its side, and the
// client closes; a second Close (before that) drops it at once.
TEST(ClientsTest, CloseHalfClosesThenTheServerFinishes) {
  EchoPeer peer;
  Clients clients;
  const int a = clients.connect(peer.port());
  const int b = clients.connect(peer.port());
  EXPECT_EQ(b, 2);
  const Client* ca = clients.find(a);
  const Client* cb = clients.find(b);
  ASSERT_TRUE(until(clients, &peer, [&] {
    return ca->state == ClientState::Open && cb->state == ClientState::Open;
  }));
  clients.close(a);
  EXPECT_EQ(ca->state, ClientState::Closing);
  ASSERT_TRUE(until(clients, &peer, [&] { return ca->state == ClientState::Closed; }));
  EXPECT_EQ(ca->note, "the server closed its side too: the connection is closed");
  clients.close(b);
  clients.close(b);
  EXPECT_EQ(cb->state, ClientState::Closed);
  EXPECT_EQ(cb->note, "closed by you before the server closed");
  EXPECT_EQ(clients.sockets(), 0u);
}

TEST(ClientsTest, CloseAllLeavesNoDescriptorAndStartsIdsAgain) {
  EchoPeer peer;
  const long fds = io::open_fd_count();
  Clients clients;
  for (int i = 0; i < 5; ++i) clients.connect(peer.port());
  EXPECT_EQ(clients.sockets(), 5u);
  EXPECT_EQ(io::open_fd_count(), fds + 5);
  clients.close_all();
  EXPECT_EQ(io::open_fd_count(), fds);
  EXPECT_TRUE(clients.all().empty());
  EXPECT_EQ(clients.connect(peer.port()), 1);
}

TEST(ClientsTest, ReceivedBytesJoinTheirLineUntilItsNewline) {
  EchoPeer peer;
  Clients clients;
  const int id = clients.connect(peer.port());
  const Client* c = clients.find(id);
  clients.send(id, "a\nb");  // two lines go out as one send: "a\nb\n"
  ASSERT_TRUE(until(clients, &peer, [&] { return c->received == 4; }));
  ASSERT_EQ(c->said.size(), 3u);
  EXPECT_EQ(c->said[1].text, "a\n");
  EXPECT_EQ(c->said[2].text, "b\n");
}

TEST(ClientsTest, AnnouncedPortIsReadFromAServingOnLine) {
  EXPECT_EQ(announced_port("serving on 127.0.0.1:8001"), 8001);
  EXPECT_EQ(announced_port("listening on localhost:43210 (Ctrl+C stops)"), 43210);
  EXPECT_EQ(announced_port("serving on 127.0.0.1:"), std::nullopt);
  EXPECT_EQ(announced_port("serving on 127.0.0.1:0"), std::nullopt);
  EXPECT_EQ(announced_port("serving on 127.0.0.1:99999"), std::nullopt);
  EXPECT_EQ(announced_port("recv: b'serving'"), std::nullopt);
  EXPECT_EQ(announced_port("12"), std::nullopt);
}

}  // namespace
}  // namespace coroscope::app
