// Real sockets under the player: a script waiting in accept() or recv()
// leaves the step in flight without freezing the host (each advance() returns
// within its budget) and without counting as a greenlet that holds the CPU;
// a real client connecting from outside the world moves it on.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "player/Player.hpp"
#include "player/ScriptProgram.hpp"

namespace coroscope::player {
namespace {

using Clock = std::chrono::steady_clock;

std::string demo_source(const std::string& name) {
  std::ifstream in(std::string(COROSCOPE_DEMOS_DIR) + "/" + name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// advance_until(p, pred): advance() until pred() holds, for at most 10 s.
template <class Pred>
bool advance_until(Player& p, Pred pred) {
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  while (!pred()) {
    if (Clock::now() > deadline) return false;
    if (p.goal() == Goal::None) p.step_switch();
    p.advance();
  }
  return true;
}

// A blocking client socket in the test, outside the player's world.
struct Client {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ~Client() {
    if (fd >= 0) ::close(fd);
  }
  bool connect(int port) {
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(static_cast<std::uint16_t>(port));
    ::inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    return ::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0;
  }
  // read(p, n): what the server sent, advancing the player while waiting.
  std::string read(Player& p, std::size_t n) {
    std::string got;
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    while (got.size() < n && Clock::now() < deadline) {
      pollfd pf{fd, POLLIN, 0};
      if (::poll(&pf, 1, 0) == 1) {
        char buf[256];
        const ssize_t r = ::recv(fd, buf, sizeof buf, 0);
        if (r <= 0) break;
        got.append(buf, static_cast<std::size_t>(r));
        continue;
      }
      if (p.goal() == Goal::None) p.step_switch();
      p.advance();
    }
    return got;
  }
};

int port_in(const std::string& output) {
  const auto at = output.find("serving on 127.0.0.1:");
  if (at == std::string::npos) return 0;
  return std::stoi(output.substr(at + 21));
}

TEST(PlayerIoTest, TheEchoServerWaitsLiveAndEchoesARealClient) {
  Player p(
      script_program("echo_server.py", demo_source("echo_server.py"), {"echo_server.py", "0"}));
  ASSERT_TRUE(advance_until(p, [&] { return port_in(p.output()) > 0; })) << p.output();
  const int port = port_in(p.output());

  // No client yet: the server waits in accept(). The step stays in flight;
  // every advance() comes back within its budget, and nobody holds the CPU.
  if (p.goal() == Goal::None) p.step_switch();
  for (int i = 0; i < 20; ++i) {
    const auto began = Clock::now();
    EXPECT_TRUE(p.advance(Budget{1'000'000, std::chrono::milliseconds(8)}));
    EXPECT_LT(Clock::now() - began, std::chrono::milliseconds(500));
  }
  EXPECT_TRUE(p.waiting_for_io());
  EXPECT_EQ(p.running_without_switch().count(), 0);
  const std::size_t before = p.frontier();

  Client c;
  ASSERT_TRUE(c.connect(port));
  ASSERT_EQ(::send(c.fd, "hi\n", 3, 0), 3);
  EXPECT_EQ(c.read(p, 3), "hi\n");
  EXPECT_NE(p.output().find("recv: b'hi\\n'\n"), std::string::npos) << p.output();
  EXPECT_GT(p.frontier(), before);

  // The client closes: the handler reads b'', shuts down, breaks and dies.
  ::shutdown(c.fd, SHUT_WR);
  EXPECT_EQ(c.read(p, 1), "") << "the server closes its side too";
  ASSERT_TRUE(advance_until(p, [&] {
    const trace::Snapshot s = p.snapshot_at(p.frontier());
    int dead = 0;
    for (const auto& g : s.greenlets) dead += g.state == trace::GreenletState::Dead;
    return dead == 1;
  }));
  EXPECT_NE(p.output().find("recv: b''\n"), std::string::npos);
  const trace::Snapshot s = p.snapshot_at(p.frontier());
  ASSERT_EQ(s.watchers.size(), 1u) << "only the listening socket is watched";
}

// Before monkey.patch_all(), accept() blocks the whole thread: under the
// player it still returns control (in slices), but the greenlet holds the CPU.
TEST(PlayerIoTest, AnUnpatchedAcceptHoldsTheCpuButNotTheHost) {
  Player p(script_program("block.py",
                          "import socket\n"
                          "s = socket.socket()\n"
                          "s.bind(('127.0.0.1', 0))\n"
                          "s.listen(5)\n"
                          "s.accept()\n"));
  p.step_switch();
  for (int i = 0; i < 10; ++i) {
    const auto began = Clock::now();
    EXPECT_TRUE(p.advance(Budget{1'000'000, std::chrono::milliseconds(8)}));
    EXPECT_LT(Clock::now() - began, std::chrono::milliseconds(500));
  }
  EXPECT_FALSE(p.waiting_for_io());
  EXPECT_GT(p.running_without_switch().count(), 0);
}

}  // namespace
}  // namespace coroscope::player
