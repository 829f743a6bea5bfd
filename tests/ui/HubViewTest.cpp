// The Hub view's I/O watchers, drawn headless over a real socket run: each
// socket by what it is, what it waits for, who waits (unique names) and for
// how long; the Stacks view says the same in a waiting greenlet's state line.
#include <gtest/gtest.h>

#include <string>

#include "Session.hpp"
#include "Theme.hpp"
#include "ui/HeadlessImGui.hpp"
#include "ui/NoStrips.hpp"
#include "views/HubView.hpp"
#include "views/StacksView.hpp"

namespace coroscope::app {
namespace {

using testing::HeadlessImGui;

using testing::NoStrips;

// serve waits in accept() while client sleeps, then in recv() while it sleeps again.
const char* const kServer =
    "import gevent\n"
    "from gevent import socket\n"
    "server = socket.socket()\n"
    "server.bind(('127.0.0.1', 0))\n"
    "server.listen(5)\n"
    "port = server.getsockname()[1]\n"
    "print(port)\n"
    "def serve():\n"
    "    conn, addr = server.accept()\n"
    "    data = conn.recv(16)\n"
    "    conn.close()\n"
    "def client():\n"
    "    gevent.sleep(0.05)\n"
    "    c = socket.socket()\n"
    "    c.connect(('127.0.0.1', port))\n"
    "    gevent.sleep(0.05)\n"
    "    c.sendall(b'hi')\n"
    "    c.close()\n"
    "gevent.joinall([gevent.spawn(serve), gevent.spawn(client)])\n"
    "server.close()\n";

// step_until(s, pred): steps switch by switch until pred(shown) holds (false at the end).
template <class Pred>
bool step_until(Session& s, Pred pred) {
  for (int steps = 0; steps < 1000; ++steps) {
    if (pred(s.shown())) return true;
    if (s.player().finished() && s.player().at_end()) return false;
    Commands c;
    c.step_switch = true;
    s.apply(c);
    while (s.player().goal() != player::Goal::None) s.tick();
  }
  return false;
}

bool waits_in(const trace::Snapshot& shown, std::string_view call) {
  for (const trace::WatcherSnapshot& w : shown.watchers)
    if (w.detail.starts_with(call)) return true;
  return false;
}

struct HubViewTest : ::testing::Test {
  HeadlessImGui imgui{1920, 1080};
  Fonts fonts = load_theme(1.0f, false);
  NoStrips strips;
  views::UiState ui;
  Session s{"serve.py", "serve.py", kServer};

  void SetUp() override {
    imgui.build_fonts();
    ui.animate = false;
  }
  // drawn(): the text one frame of the Hub and Stacks views drew, as ImGui
  // logs it to the clipboard (here: a string). A window's End() ends a log,
  // so each view gets its own.
  std::string drawn() {
    Commands commands;
    ui.names.update(s.player().log(), s.run());
    std::string text;
    ImGuiIO& io = ImGui::GetIO();
    io.ClipboardUserData = &text;
    io.SetClipboardTextFn = [](void* to, const char* t) { *static_cast<std::string*>(to) += t; };
    const views::ViewContext ctx{s, s.shown(), fonts, strips, ui, commands};
    imgui.bare_frame([&] {
      ImGui::LogToClipboard();
      views::draw_hub_view(ctx, views::Rect{ImVec2(0, 0), ImVec2(700, 400)});
      ImGui::LogToClipboard();
      views::draw_stacks_view(ctx, views::Rect{ImVec2(0, 400), ImVec2(900, 600)});
    });
    return text;
  }
  std::string port() const {
    const std::string out = s.player().output();
    return out.substr(0, out.find('\n'));
  }
};

TEST_F(HubViewTest, ListsEachWatcherWithItsSocketAndWhoWaits) {
  ASSERT_TRUE(step_until(s, [](const trace::Snapshot& w) { return waits_in(w, "accept"); }));
  const std::string server = "127.0.0.1:" + port();
  std::string text = drawn();
  EXPECT_NE(text.find("I/O watchers (1)"), std::string::npos) << text;
  EXPECT_NE(text.find("listening " + server + " fd "), std::string::npos) << text;
  EXPECT_NE(text.find(" · waiting "), std::string::npos) << text;
  EXPECT_NE(text.find("serve waits in accept() for a client to connect"), std::string::npos)
      << text;
  EXPECT_NE(text.find("waiting on I/O in accept() on " + server), std::string::npos)
      << "the Stacks view's state line: " << text;

  ASSERT_TRUE(step_until(s, [](const trace::Snapshot& w) { return waits_in(w, "recv"); }));
  text = drawn();
  EXPECT_NE(text.find("connection from 127.0.0.1:"), std::string::npos) << text;
  EXPECT_NE(text.find("serve waits in recv() for data"), std::string::npos) << text;
  EXPECT_EQ(text.find("listening " + server), std::string::npos) << "accept() is over: " << text;
}

TEST(WatcherRowTest, SaysWhatTheSocketIsAndHowLongItWaits) {
  const trace::WatcherSnapshot accept{8, true, 3, "accept: listening 127.0.0.1:8001", 1.5};
  const views::WatcherRow row = views::watcher_row(accept, 4.0);
  EXPECT_EQ(row.socket, "listening 127.0.0.1:8001");
  EXPECT_EQ(row.waits_for, "a client to connect");
  EXPECT_EQ(row.call, "accept()");
  EXPECT_EQ(row.greenlet, 3u);
  EXPECT_DOUBLE_EQ(row.waiting, 2.5);
  const trace::WatcherSnapshot pipe{5, false, 1, "", 2.0};
  const views::WatcherRow plain = views::watcher_row(pipe, 1.0);
  EXPECT_EQ(plain.socket, "fd 5");
  EXPECT_EQ(plain.waits_for, "it to become writable");
  EXPECT_EQ(plain.call, "");
  EXPECT_EQ(plain.waiting, 0.0) << "never negative";
}

}  // namespace
}  // namespace coroscope::app
