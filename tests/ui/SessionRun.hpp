#pragma once
// SessionRun: a session driven as the window drives it, for tests: a step
// whenever none is in flight, then a tick, until something holds.
//
//   auto s = echo_server();                       // on port 0: any free port
//   ASSERT_TRUE(run_until(*s, [&] { return s->server().announced.has_value(); }));

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "Session.hpp"

namespace coroscope::app::testing {

// run_until(s, pred): step and tick the session until pred() holds; false after 10 s.
template <class Pred>
bool run_until(Session& s, Pred pred) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  while (!pred()) {
    if (Clock::now() > deadline) return false;
    if (s.player().goal() == player::Goal::None &&
        !(s.player().finished() && s.player().at_end())) {
      Commands step;
      step.step_switch = true;
      s.apply(step);
    }
    s.tick();
  }
  return true;
}

// echo_server(args): the demo with those sys.argv[1:]; port 0 by default, so
// tests running side by side (and the learner's own window) never collide.
inline std::unique_ptr<Session> echo_server(std::vector<std::string> args = {"0"}) {
  std::string why;
  auto s = Session::demo("echo_server", why, std::move(args));
  EXPECT_TRUE(s) << why;
  return s;
}

}  // namespace coroscope::app::testing
