// LanesView without a window: ImGui builds real frames (no renderer) over
// recorded runs, so sanitizer builds cover the drawing code; the mouse zooms,
// pans, scrolls and seeks as documented.
#include <gtest/gtest.h>

#include <string>

#include "player/Player.hpp"
#include "player/Scenarios.hpp"
#include "player/ScriptProgram.hpp"
#include "trace/IoDetail.hpp"
#include "ui/HeadlessImGui.hpp"
#include "views/LaneIndex.hpp"
#include "views/LanesView.hpp"

namespace coroscope::app::views {
namespace {

using app::testing::HeadlessImGui;

ImU32 colour(std::size_t order) {
  return order % 2 ? IM_COL32(200, 120, 40, 255) : IM_COL32(60, 160, 220, 255);
}

void run_to_end(player::Player& p) {
  for (std::size_t steps = 0; !(p.finished() && p.at_end()) && steps < 100000; ++steps) {
    p.step_switch();
  }
}

struct LanesFixture : ::testing::Test {
  HeadlessImGui gui{1280, 800};
  LaneIndex index;
  LanesState state;

  // draw(p, position) builds one frame; returns what draw_lanes returned.
  std::optional<std::size_t> draw(const player::Player& p, std::size_t position) {
    index.update(p.log());
    std::optional<std::size_t> seek;
    gui.frame([&] {
      LanesInput in{p.log(), index, position, gui.font(), &colour};
      seek = draw_lanes(in, state);
    });
    return seek;
  }
};

TEST_F(LanesFixture, DrawsARunAndAClickSeeks) {
  player::Player p(player::scenarios::gevent_sleep());
  run_to_end(p);
  const std::size_t n = p.log().size();
  EXPECT_FALSE(draw(p, n / 2));
  EXPECT_GT(gui.draw_data()->TotalVtxCount, 0);
  // Press and release at 55% of the tracks: a seek near the middle of the run.
  gui.mouse(ImVec2(800, 500), true);
  EXPECT_FALSE(draw(p, n / 2));
  gui.mouse(ImVec2(800, 500), false);
  const auto seek = draw(p, n / 2);
  ASSERT_TRUE(seek);
  EXPECT_GE(*seek, n * 4 / 10);
  EXPECT_LE(*seek, n * 7 / 10);
}

TEST_F(LanesFixture, WheelZoomsDragPansAndTimeAxisDraws) {
  player::Player p(player::scenarios::gevent_sleep());
  run_to_end(p);
  const std::size_t n = p.log().size();
  draw(p, n);
  ASSERT_EQ(state.to, 0.0);  // fit
  gui.mouse(ImVec2(800, 500), false, 2.0f);
  draw(p, n / 2);
  ASSERT_GT(state.to, state.from);
  EXPECT_LT(state.to - state.from, static_cast<double>(n));
  const double from = state.from;
  // Drag left by 100 px: the window moves right (later events) and stops following.
  gui.mouse(ImVec2(800, 500), true);
  draw(p, n / 2);
  for (float x = 780; x >= 700; x -= 20) {
    gui.mouse(ImVec2(x, 500), true);
    draw(p, n / 2);
  }
  gui.mouse(ImVec2(700, 500), false);
  EXPECT_FALSE(draw(p, n / 2));  // a drag is not a click
  EXPECT_GT(state.from, from);
  EXPECT_FALSE(state.follow);
  // The time axis: zoomed, fitted, with labels.
  state.axis = LaneAxis::Time;
  state.from = state.to = 0;
  draw(p, n);
  EXPECT_GT(gui.draw_data()->TotalVtxCount, 0);
  gui.mouse(ImVec2(800, 500), false, 5.0f);
  draw(p, n);
  EXPECT_GT(state.to, state.from);
  EXPECT_LE(state.to, index.end_time());
}

TEST_F(LanesFixture, ManyGreenletsScrollToTheLastLanes) {
  const std::string src =
      "import gevent\n"
      "def sleeper(i):\n"
      "    gevent.sleep(i % 10 / 10)\n"
      "    gevent.sleep(0)\n"
      "gevent.joinall([gevent.spawn(sleeper, i) for i in range(1500)])\n";
  player::Player p(player::script_program("many.py", src));
  run_to_end(p);
  const std::size_t n = p.log().size();
  draw(p, n / 3);
  const int fit_vertices = gui.draw_data()->TotalVtxCount;
  EXPECT_GT(fit_vertices, 0);
  // Shift+wheel scrolls; far down clamps at the last lanes.
  gui.mouse(ImVec2(800, 500), false, -3.0f, true);
  draw(p, n / 3);
  EXPECT_GT(state.scroll_y, 0.0f);
  state.scroll_y = 1e9f;
  draw(p, n / 3);
  EXPECT_LT(state.scroll_y, 1e9f);
  EXPECT_GT(state.scroll_y, 1000.0f);
  // Hovering a lane shows its tooltip; zooming far in draws labelled arrows.
  gui.mouse(ImVec2(800, 600), false, 40.0f);
  draw(p, n / 3);
  EXPECT_LT(state.to - state.from, 100.0);
  EXPECT_GT(gui.draw_data()->TotalVtxCount, 0);
  // Drawing is bounded by the screen, not by the run: far fewer vertices than events.
  EXPECT_LT(fit_vertices, static_cast<int>(n) * 4);
}

TEST_F(LanesFixture, EmptyAndTinyRunsDraw) {
  player::Player p(player::scenarios::pingpong());
  EXPECT_FALSE(draw(p, 0));  // nothing recorded yet
  p.step_switch();
  draw(p, p.log().size());
  state.axis = LaneAxis::Time;  // no hub: no virtual time passes
  draw(p, p.log().size());
  run_to_end(p);
  draw(p, p.log().size());
  EXPECT_GT(gui.draw_data()->TotalVtxCount, 0);
}

// serve waits in accept() until client connects, then in recv() for its data.
const char* const kServe =
    "import gevent\n"
    "from gevent import socket\n"
    "server = socket.socket()\n"
    "server.bind(('127.0.0.1', 0))\n"
    "server.listen(5)\n"
    "print(server.getsockname()[1])\n"
    "def serve():\n"
    "    conn, addr = server.accept()\n"
    "    conn.recv(16)\n"
    "    conn.close()\n"
    "def client():\n"
    "    c = socket.socket()\n"
    "    c.connect(('127.0.0.1', server.getsockname()[1]))\n"
    "    c.sendall(b'hi')\n"
    "    c.close()\n"
    "gevent.joinall([gevent.spawn(serve), gevent.spawn(client)])\n"
    "server.close()\n";

// Hovering a waiting-on-I/O stretch of a lane tells what the greenlet waits
// for and what ended the wait; switches the hub makes because a socket became
// ready say what happened on it.
TEST_F(LanesFixture, AnIoWaitSaysWhatItWaitsForAndWhatEndedIt) {
  player::Player p(player::script_program("serve.py", kServe));
  run_to_end(p);
  const std::string out = p.output();
  const std::string server = "127.0.0.1:" + out.substr(0, out.find('\n'));
  const trace::EventLog& log = p.log();
  int io_switches = 0;
  for (std::size_t i = 0; i < log.size(); ++i) {
    if (trace::io_ready_before(log, i) == trace::kNoEvent) continue;
    ++io_switches;
    EXPECT_EQ(log.reason(i).find("fd "), std::string::npos) << "a named socket: " << log.reason(i);
  }
  EXPECT_GE(io_switches, 2) << "serve woken for its client, then for its data";

  // The tooltip is ImGui text: log it to the clipboard (here: a string) while
  // the mouse sweeps the tracks.
  std::string text;
  ImGuiIO& io = ImGui::GetIO();
  io.ClipboardUserData = &text;
  io.SetClipboardTextFn = [](void* to, const char* t) { *static_cast<std::string*>(to) += t; };
  index.update(log);
  const std::string waits = "waits in accept() for a client to connect on " + server;
  bool found = false;
  for (float y = 60; y < 400 && !found; y += 6) {
    for (float x = 300; x < 1270 && !found; x += 12) {
      text.clear();
      gui.mouse(ImVec2(x, y));
      gui.frame([&] {
        ImGui::LogToClipboard();
        LanesInput in{log, index, log.size(), gui.font(), &colour};
        draw_lanes(in, state);
      });
      found = text.find(waits) != std::string::npos;
    }
  }
  ASSERT_TRUE(found) << "no tooltip of serve's accept() wait";
  EXPECT_NE(text.find("serve: waiting on I/O"), std::string::npos) << text;
  EXPECT_NE(text.find("listening " + server + ", fd "), std::string::npos) << text;
  EXPECT_NE(text.find("until a client connected to " + server), std::string::npos) << text;
}

}  // namespace
}  // namespace coroscope::app::views
