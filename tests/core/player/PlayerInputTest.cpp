// input() under the player: the greenlet that calls it waits for a line the
// learner types (provide_input), the world stopped there as at a switch, and
// the player stays responsive meanwhile. The typed line is recorded with its
// newline, as a terminal echoes it, so the output reads "name? Ada\n".
#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <string>

#include "player/Player.hpp"
#include "player/ScriptProgram.hpp"

namespace coroscope::player {
namespace {

constexpr const char* kAsk =
    "name = input('name? ')\n"
    "print('hi', name)\n"
    "x = input()\n";

// settle(p): advance() until the step in flight is done (it ends at a wait).
void settle(Player& p) {
  for (int i = 0; i < 10000 && p.goal() != Goal::None; ++i) p.advance();
  ASSERT_EQ(p.goal(), Goal::None) << "the step never ended";
}

std::string error_text(const Player& p) {
  if (!p.error()) return "";
  try {
    std::rethrow_exception(p.error());
  } catch (const std::exception& e) {
    return e.what();
  }
}

TEST(PlayerInputTest, InputWaitsForTheLearnersLine) {
  Player p(script_program("ask.py", kAsk));
  p.step_switch();  // no switch before input(): the wait ends the step
  settle(p);
  ASSERT_TRUE(p.waiting_for_input());
  EXPECT_FALSE(p.finished());
  EXPECT_TRUE(p.at_end()) << "the view shows the world at the wait, prompt included";
  EXPECT_EQ(p.output(), "name? ");
  EXPECT_EQ(p.running_without_switch().count(), 0) << "waiting is not running";
  ASSERT_FALSE(p.stops().empty());
  const std::size_t wait = p.stops().back();
  EXPECT_EQ(wait, p.frontier()) << "the wait is a stop";

  p.provide_input("Ada");
  EXPECT_FALSE(p.waiting_for_input()) << "a line is there: the console hides its field";
  EXPECT_EQ(p.goal(), Goal::Switch) << "the step the wait ended goes on";
  settle(p);
  ASSERT_TRUE(p.waiting_for_input()) << "the second input()";
  EXPECT_EQ(p.output(), "name? Ada\nhi Ada\n");

  // The echo is a print of the greenlet that read it, after the prompt.
  std::size_t echo = SIZE_MAX;
  for (std::size_t i = 0; i < p.log().size(); ++i) {
    const trace::Event& e = p.log().event(i);
    if (e.kind == trace::Kind::Print && p.log().text(e.text) == "Ada\n") echo = i;
  }
  ASSERT_NE(echo, SIZE_MAX);
  EXPECT_GE(echo, wait) << "after the prompt";
  EXPECT_EQ(p.log().name(p.log().event(echo).greenlet), "main");
  // History: the wait's stop shows the prompt only; seeking on shows the echo.
  p.seek(wait);
  EXPECT_EQ(p.output(), "name? ");
  p.seek(p.frontier());

  p.close_input();  // Ctrl+D
  settle(p);
  EXPECT_TRUE(p.finished());
  EXPECT_FALSE(p.waiting_for_input());
  const std::string error = error_text(p);
  EXPECT_NE(error.find("EOFError: EOF when reading a line"), std::string::npos) << error;
  EXPECT_NE(error.find("line 3"), std::string::npos) << error;
  EXPECT_EQ(p.output(), "name? Ada\nhi Ada\n") << "nothing echoed at the end of input";
}

// While it waits, a step or play resumes the greenlet once and it yields
// straight back: nothing is recorded and nothing spins (a spinning step would
// use its whole wall budget, 8 ms, every time).
TEST(PlayerInputTest, StepsWhileWaitingReturnAtOnce) {
  Player p(script_program("ask.py", kAsk));
  p.step_switch();
  settle(p);
  ASSERT_TRUE(p.waiting_for_input());
  const std::size_t frontier = p.frontier(), stops = p.stops().size();
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 200; ++i) {
    p.step_switch();
    p.step_line();
    p.forward();
    EXPECT_EQ(p.goal(), Goal::None);
  }
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_LT(took, std::chrono::seconds(1)) << "600 steps of 8 ms each would take 4.8 s";
  EXPECT_EQ(p.frontier(), frontier);
  EXPECT_EQ(p.stops().size(), stops);
  EXPECT_TRUE(p.waiting_for_input());
  p.run(Player::kMaxSpeed);
  for (int i = 0; i < 20; ++i) EXPECT_TRUE(p.advance()) << "playing: waits for the line";
  EXPECT_EQ(p.frontier(), frontier);
  p.provide_input("Bo\n");  // with its newline: the same line
  for (int i = 0; i < 10000 && p.output() != "name? Bo\nhi Bo\n"; ++i) p.advance();
  EXPECT_EQ(p.output(), "name? Bo\nhi Bo\n");
}

// A line typed ahead is read without waiting; a restart drops what is queued.
TEST(PlayerInputTest, TypedAheadIsReadAndRestartDropsIt) {
  Player p(script_program("ask.py", kAsk));
  p.provide_input("Cy");
  p.provide_input("first");
  p.restart();  // "first" and "Cy" were for the old run
  p.provide_input("Di");
  p.step_switch();
  settle(p);
  ASSERT_TRUE(p.waiting_for_input()) << "only the second input() waits";
  EXPECT_EQ(p.output(), "name? Di\nhi Di\n");
}

// Any greenlet may wait in input(): the echo is its print, and a step by line
// goes on as one after the line comes.
TEST(PlayerInputTest, AGreenletWaitsAndItsLineIsItsPrint) {
  Player p(script_program("gr.py",
                          "from greenlet import greenlet\n"
                          "def ask():\n"
                          "    return input('? ')\n"
                          "g = greenlet(ask)\n"
                          "print('got', g.switch())\n"));
  while (!p.waiting_for_input() && !p.finished()) {
    p.step_line();
    settle(p);
  }
  ASSERT_TRUE(p.waiting_for_input());
  EXPECT_TRUE(p.at_end()) << "a step by line that meets a wait shows the prompt";
  EXPECT_EQ(p.output(), "? ");
  p.provide_input("42");
  EXPECT_EQ(p.goal(), Goal::Line);
  settle(p);
  while (!(p.finished() && p.at_end())) {
    p.step_switch();
    settle(p);
  }
  EXPECT_EQ(p.error(), nullptr) << error_text(p);
  EXPECT_EQ(p.output(), "? 42\ngot 42\n");
  for (std::size_t i = 0; i < p.log().size(); ++i) {
    const trace::Event& e = p.log().event(i);
    if (e.kind == trace::Kind::Print && p.log().text(e.text) == "42\n") {
      EXPECT_EQ(p.log().name(e.greenlet), "ask");
    }
  }
}

// Ending a run while a greenlet waits (restart, or the player going away)
// ends it quietly, like any suspended greenlet.
TEST(PlayerInputTest, RestartWhileWaitingEndsTheWait) {
  auto p = std::make_unique<Player>(script_program("ask.py", kAsk));
  p->step_switch();
  settle(*p);
  ASSERT_TRUE(p->waiting_for_input());
  p->restart();
  EXPECT_FALSE(p->waiting_for_input());
  EXPECT_EQ(p->frontier(), 0u);
  p->step_switch();
  settle(*p);
  EXPECT_TRUE(p->waiting_for_input());
  p.reset();  // destroyed mid-wait
}

}  // namespace
}  // namespace coroscope::player
