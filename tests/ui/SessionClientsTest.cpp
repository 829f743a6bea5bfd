// The session's side of the Clients panel, headless: script arguments kept
// across runs, the echo server answering the session's own client while the
// learner steps, a port already in use. Servers listen on port 0.

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "Session.hpp"
#include "io/SocketOps.hpp"
#include "ui/SessionRun.hpp"

namespace coroscope::app {
namespace {

using testing::echo_server;
using testing::run_until;

std::string console_text(const Session& s) {
  std::string all;
  for (const ConsoleLine& l : s.console()) all += l.text + "\n";
  return all;
}

TEST(SessionArgsTest, ArgsAreSysArgvKeptAcrossRunsAndClearedByAnotherDemo) {
  Session s("argv.py", "argv.py", "import sys\nprint(sys.argv)\n", {"8005", "x"});
  ASSERT_TRUE(run_until(s, [&] { return s.player().finished(); }));
  ASSERT_FALSE(s.console().empty());
  EXPECT_EQ(s.console()[0].text, "['argv.py', '8005', 'x']");
  Commands restart;
  restart.restart = true;
  s.apply(restart);
  EXPECT_EQ(s.args(), (std::vector<std::string>{"8005", "x"}));
  Commands edit;
  edit.run_source = "import sys\nprint(len(sys.argv))\n";
  s.apply(edit);
  ASSERT_TRUE(run_until(s, [&] { return s.player().finished(); }));
  EXPECT_EQ(s.console()[0].text, "3");
  Commands other;
  other.open_demo = "pingpong";
  s.apply(other);
  EXPECT_TRUE(s.args().empty());
  EXPECT_FALSE(s.server().server);
}

TEST(SessionArgsTest, TheEchoServersPortIsItsArgumentOr8001) {
  auto s = echo_server({});
  EXPECT_TRUE(s->server().server);
  EXPECT_EQ(s->server().port_arg, 8001);
  EXPECT_EQ(s->server().port(), 8001);
  const std::uint64_t run = s->run();
  Commands port;
  port.args = std::vector<std::string>{"8123"};
  s->apply(port);
  EXPECT_EQ(s->run(), run + 1) << "a new port is a new run";
  EXPECT_EQ(s->server().port_arg, 8123);
  EXPECT_EQ(s->args(), std::vector<std::string>{"8123"});
  port.args = std::vector<std::string>{"0"};
  s->apply(port);
  EXPECT_EQ(s->server().port(), 0) << "any free port: not known until the server says";
}

// The article's lesson end to end: the session's client connects and sends
// while the learner steps; the server's greenlet reads it, echoes it, and the
// client gets it back; closing sends b''; a restart closes every client.
TEST(SessionClientsTest, TheEchoServerAnswersTheSessionsClient) {
  const long fds = io::open_fd_count();
  {
    auto s = echo_server();
    ASSERT_TRUE(run_until(*s, [&] { return s->server().announced.has_value(); }))
        << console_text(*s);
    const int port = *s->server().announced;
    EXPECT_GT(port, 0);
    EXPECT_EQ(s->server().port(), port);
    Commands connect;
    connect.connect_client = true;
    s->apply(connect);
    ASSERT_EQ(s->clients().all().size(), 1u);
    Commands send;
    send.client_send = ClientLine{1, "hi"};
    s->apply(send);
    const Client& c = s->clients().all()[0];
    ASSERT_TRUE(run_until(*s, [&] { return c.received == 3; })) << c.note << console_text(*s);
    EXPECT_NE(console_text(*s).find("recv: b'hi\\n'\n"), std::string::npos) << console_text(*s);
    EXPECT_EQ(c.said.back().text, "hi\n");

    Commands close;
    close.client_close = 1;
    s->apply(close);
    EXPECT_EQ(c.state, ClientState::Closing);
    ASSERT_TRUE(run_until(*s, [&] { return c.state == ClientState::Closed; })) << c.note;
    EXPECT_NE(console_text(*s).find("recv: b''\n"), std::string::npos);

    Commands again;
    again.connect_client = true;
    s->apply(again);
    EXPECT_EQ(s->clients().sockets(), 1u);
    Commands restart;
    restart.restart = true;
    s->apply(restart);
    EXPECT_TRUE(s->clients().all().empty()) << "a new run closes the old run's clients";
    EXPECT_EQ(s->clients().sockets(), 0u);
    EXPECT_EQ(s->args(), std::vector<std::string>{"0"});
    s->apply(again);  // a client left open at exit
  }
  EXPECT_EQ(io::open_fd_count(), fds) << "no descriptor outlives the session";
}

TEST(SessionClientsTest, APortInUseEndsTheRunWithPythonsErrorAndAHint) {
  const int taken = static_cast<int>(io::open_tcp().n);
  const io::IoResult bound = io::bind_listen(taken, "127.0.0.1", 0);
  ASSERT_TRUE(bound.ok()) << bound.message();
  auto s = echo_server({std::to_string(bound.n)});
  ASSERT_TRUE(run_until(*s, [&] { return s->player().finished(); }));
  EXPECT_NE(s->error_text().find("OSError: [Errno 98] Address already in use"), std::string::npos)
      << s->error_text();
  EXPECT_TRUE(s->server().address_in_use);
  io::close_fd(taken);
}

}  // namespace
}  // namespace coroscope::app
