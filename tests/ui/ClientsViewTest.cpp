// The Clients panel, headless: where it is (and for whom), its buttons and
// fields as a learner clicks and types them, and what it says: the echo, a
// refusal, a port in use. Text and click targets are read back from what the
// panel drew (DrawnText). Servers listen on port 0.

#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <imgui_internal.h>

#include "Session.hpp"
#include "Theme.hpp"
#include "io/SocketOps.hpp"
#include "ui/DrawnText.hpp"
#include "ui/HeadlessImGui.hpp"
#include "ui/NoStrips.hpp"
#include "ui/SessionRun.hpp"
#include "views/Views.hpp"

namespace coroscope::app {
namespace {

using testing::drawn_text;
using testing::DrawnText;
using testing::echo_server;
using testing::HeadlessImGui;
using testing::run_until;

using testing::NoStrips;

// ViewsFixture: the whole window, headless, over one session.
struct ViewsFixture {
  HeadlessImGui imgui{1280, 800};
  Fonts fonts;
  NoStrips strips;
  views::UiState ui;
  std::unique_ptr<Session> session;

  explicit ViewsFixture(std::unique_ptr<Session> s) : session(std::move(s)) {
    fonts = load_theme(1.0f, false);
    imgui.build_fonts();
    ui.animate = false;
  }
  Commands frame() {
    Commands commands;
    ui.names.update(session->player().log(), session->run());
    imgui.bare_frame([&] {
      views::draw_views({*session, session->shown(), fonts, strips, ui, commands}, imgui.display());
    });
    return commands;
  }
  // text(window): one frame; what that window drew (the Clients panel by default).
  DrawnText text(const char* window = "Clients") {
    frame();
    return drawn_text(window);
  }
  // click(word): a click on the word the panel shows (a button's label, a
  // field's number); the commands of the frame the button is released in.
  Commands click(const std::string& word) {
    const ImVec2 at = drawn_text("Clients").where(word);
    EXPECT_GE(at.x, 0) << "no '" << word << "' in the panel";
    imgui.mouse(at);
    frame();
    imgui.mouse(at, true);
    frame();
    imgui.mouse(at);
    Commands up = frame();
    imgui.mouse(ImVec2(-1, -1));
    return up;
  }
  static ImGuiWindow* panel() { return ImGui::FindWindowByName("Clients"); }
};

TEST(ClientsViewTest, ThePanelIsThereForAServerOnly) {
  std::string why;
  ViewsFixture f(Session::demo("pingpong", why));
  EXPECT_FALSE(f.text().found) << "pingpong serves nothing";
  Commands open;
  open.open_demo = "echo_server";
  f.session->apply(open);
  const DrawnText t = f.text();
  ASSERT_TRUE(t.found);
  const ImGuiWindow* w = ViewsFixture::panel();
  EXPECT_GE(w->Pos.x, 0);
  EXPECT_LE(w->Pos.x + w->Size.x, 1280.0f);
  EXPECT_LE(w->Pos.y + w->Size.y, 800.0f);
  EXPECT_GE(w->Size.x, 300.0f) << "room for the port line and a client's line";
  EXPECT_TRUE(t.has("port 8001 Connect")) << t.text;
  EXPECT_TRUE(t.has("not listening yet: step the server to its listen()")) << t.text;
  EXPECT_TRUE(t.has("nc 127.0.0.1 8001")) << t.text;
  EXPECT_TRUE(f.text("Lanes: who runs when (click to go there)").found)
      << "the lanes keep their place beside it";
}

TEST(ClientsViewTest, ConnectSendAndCloseFromThePanel) {
  ViewsFixture f(echo_server());
  EXPECT_TRUE(f.text().has("port 0: the system picks a free port"));
  Session& s = *f.session;
  ASSERT_TRUE(run_until(s, [&] { return s.server().announced.has_value(); }));
  ASSERT_EQ(s.player().goal(), player::Goal::None) << "stopped at the switch to the hub";
  const std::string listening = "listening on 127.0.0.1:" + std::to_string(*s.server().announced);
  EXPECT_TRUE(f.text().has(listening));

  Commands c = f.click("Connect");
  ASSERT_TRUE(c.connect_client);
  s.apply(c);
  s.tick();
  DrawnText t = f.text();
  EXPECT_TRUE(t.has("client 1 open from 127.0.0.1:")) << t.text;
  f.ui.client_lines[1] = "hello";
  c = f.click("Send");
  ASSERT_TRUE(c.client_send);
  EXPECT_EQ(c.client_send->client, 1);
  EXPECT_EQ(c.client_send->line, "hello");
  EXPECT_TRUE(f.ui.client_lines[1].empty());
  s.apply(c);
  t = f.text();
  EXPECT_TRUE(t.has("→ hello")) << t.text;
  EXPECT_TRUE(t.has("a server greenlet can run now: Step to watch it")) << t.text;
  const Client& client = s.clients().all()[0];
  ASSERT_TRUE(run_until(s, [&] { return client.received == 6; }));
  t = f.text();
  EXPECT_TRUE(t.has("→ hello ← hello")) << t.text;
  EXPECT_TRUE(f.text("Console").has("recv: b'hello\\n'"));

  t = f.text();
  c = f.click("Close");
  ASSERT_EQ(c.client_close, 1) << t.text;
  s.apply(c);
  EXPECT_TRUE(f.text().has("client 1 closing")) << f.text().text;
  // Presentation mode keeps the panel, and its buttons in it.
  f.ui.presentation = true;
  t = f.text();
  ASSERT_TRUE(t.found);
  EXPECT_TRUE(t.has("Connect"));
  EXPECT_LE(ViewsFixture::panel()->Pos.x + ViewsFixture::panel()->Size.x, 1280.0f);
}

TEST(ClientsViewTest, ANewPortTypedInThePanelRestartsTheRun) {
  ViewsFixture f(echo_server({}));
  f.frame();
  ImGuiIO& io = ImGui::GetIO();
  constexpr int kEnter = 13;
  io.KeyMap[ImGuiKey_Enter] = kEnter;
  f.click("8001");
  f.frame();
  ASSERT_TRUE(io.WantTextInput) << "the port field has the keyboard";
  // A number field selects all of itself when it takes the keyboard: typing replaces it.
  io.AddInputCharactersUTF8("8123");
  f.frame();
  io.KeysDown[kEnter] = true;
  Commands c = f.frame();
  io.KeysDown[kEnter] = false;
  ASSERT_TRUE(c.args);
  EXPECT_EQ(*c.args, std::vector<std::string>{"8123"});
}

TEST(ClientsViewTest, ARefusalAndAPortInUseAreSaidPlainly) {
  ViewsFixture f(echo_server());
  Session& s = *f.session;
  // A port nothing listens on yet: the server has not run, so a client is refused.
  int free_port = 0;
  {
    const int fd = static_cast<int>(io::open_tcp().n);
    free_port = static_cast<int>(io::bind_listen(fd, "127.0.0.1", 0).n);
    io::close_fd(fd);
  }
  Commands port;
  port.args = std::vector<std::string>{std::to_string(free_port)};
  s.apply(port);
  Commands connect;
  connect.connect_client = true;
  s.apply(connect);
  ASSERT_TRUE(run_until(s, [&] { return s.clients().all()[0].state != ClientState::Connecting; }));
  DrawnText t = f.text();
  EXPECT_TRUE(t.has("client 1 failed")) << t.text;
  EXPECT_TRUE(t.has("refused: nothing listens on 127.0.0.1:" + std::to_string(free_port) +
                    " yet; step the server to its accept()"))
      << t.text;

  const int taken = static_cast<int>(io::open_tcp().n);
  const io::IoResult bound = io::bind_listen(taken, "127.0.0.1", 0);
  port.args = std::vector<std::string>{std::to_string(bound.n)};
  s.apply(port);
  ASSERT_TRUE(run_until(s, [&] { return s.player().finished() && s.player().at_end(); }));
  t = f.text();
  EXPECT_TRUE(
      t.has("another program listens on " + std::to_string(bound.n) + ": pick another port"))
      << t.text;
  EXPECT_TRUE(f.text("Console").has("OSError: [Errno 98] Address already in use"))
      << "the script's own traceback, in the console";
  io::close_fd(taken);
}

}  // namespace
}  // namespace coroscope::app
