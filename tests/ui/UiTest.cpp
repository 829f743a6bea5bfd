// The session and the views without a window: real runs of every demo, drawn
// headless (ImGui with no renderer), so the sanitizer builds cover the views.

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "Demos.hpp"
#include "Prefs.hpp"
#include "Session.hpp"
#include "Theme.hpp"
#include "ui/HeadlessImGui.hpp"
#include "ui/NoStrips.hpp"
#include "views/Highlight.hpp"
#include "views/Views.hpp"

namespace coroscope::app {
namespace {

using testing::HeadlessImGui;

using testing::NoStrips;

// settle(s): until the step in flight is done, or waits for a client to act.
void settle(Session& s) {
  while (s.player().goal() != player::Goal::None && !s.player().waiting_for_io()) s.tick();
}

void step(Session& s, int n = 1) {
  for (int i = 0; i < n; ++i) {
    Commands c;
    c.step_switch = true;
    s.apply(c);
    settle(s);
  }
}

void run_to_end(Session& s) {
  while (!(s.player().finished() && s.player().at_end())) step(s);
}

// demo(name): a server demo listens on port 0 (any free port), so tests
// running side by side, or the learner's own window, never collide.
std::unique_ptr<Session> demo(const std::string& name) {
  std::string why;
  const Demo* d = find_demo(name);
  auto s = Session::demo(name, why,
                         d && d->port ? std::vector<std::string>{"0"} : std::vector<std::string>{});
  EXPECT_TRUE(s) << why;
  return s;
}

TEST(SessionTest, ConsoleLinesSayWhoPrintedThem) {
  auto s = demo("pingpong");
  run_to_end(*s);
  const std::vector<ConsoleLine>& lines = s->console();
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].text, "12");
  EXPECT_EQ(lines[1].text, "56");
  EXPECT_EQ(lines[2].text, "34");
  const trace::EventLog& log = s->player().log();
  EXPECT_EQ(log.name(lines[0].greenlet), "test1");
  EXPECT_EQ(log.name(lines[1].greenlet), "test2");
  EXPECT_EQ(log.name(lines[2].greenlet), "test1");
  // Going back in history shows fewer lines.
  EXPECT_EQ(s->console_lines_at(0), 0u);
  EXPECT_EQ(s->console_lines_at(s->player().frontier()), 3u);
  EXPECT_EQ(s->console_lines_at(lines[1].event), 1u);
  EXPECT_EQ(s->console_lines_at(lines[1].event + 1), 2u);
}

// gevent's report of a greenlet that failed goes to stderr: the console shows
// it (as errors), stdout (Player::output) leaves it out, as a terminal would.
TEST(SessionTest, GeventFailureReportIsInTheConsoleNotInStdout) {
  Session s("fail.py", "fail.py",
            "import gevent\n"
            "def boom():\n"
            "    raise ValueError('no')\n"
            "g = gevent.spawn(boom)\n"
            "gevent.joinall([g])\n"
            "print('after')\n");
  run_to_end(s);
  EXPECT_EQ(s.player().output(), "after\n");
  bool report = false, traceback = false;
  for (const ConsoleLine& l : s.console()) {
    if (l.text.find("failed with ValueError") != std::string::npos) report = l.error;
    if (l.text == "ValueError: no") traceback = l.error;
  }
  EXPECT_TRUE(report);
  EXPECT_TRUE(traceback);
  ASSERT_FALSE(s.console().empty());
  EXPECT_EQ(s.console().back().text, "after");
  EXPECT_FALSE(s.console().back().error);
}

TEST(SessionTest, SyntaxErrorIsKnownBeforeAnythingRuns) {
  Session s("bad.py", "bad.py", "x = 1\nprint(x +)\n");
  ASSERT_TRUE(s.source().syntax);
  EXPECT_EQ(s.source().syntax->line, 2);
  EXPECT_EQ(s.source().syntax->col, 10);
  EXPECT_EQ(s.player().frontier(), 0u);
  run_to_end(s);
  EXPECT_NE(s.error_text().find("SyntaxError: invalid syntax"), std::string::npos)
      << s.error_text();
}

TEST(SessionTest, RunEditedTextStartsANewRun) {
  auto s = demo("pingpong");
  run_to_end(*s);
  const std::uint64_t first = s->run();
  Commands c;
  c.run_source = "print('edited')\n";
  s->apply(c);
  EXPECT_EQ(s->run(), first + 1);
  EXPECT_EQ(s->player().position(), 0u);
  EXPECT_EQ(s->source().name, "pingpong.py");
  run_to_end(*s);
  ASSERT_EQ(s->console().size(), 1u);
  EXPECT_EQ(s->console()[0].text, "edited");
}

TEST(SessionTest, OpeningAMissingFileSaysSoAndKeepsTheProgram) {
  auto s = demo("gevent_sleep");
  Commands c;
  c.open_file = "/no/such/lesson.py";
  s->apply(c);
  EXPECT_NE(s->notice().find("cannot read /no/such/lesson.py"), std::string::npos) << s->notice();
  EXPECT_EQ(s->source().name, "gevent_sleep.py");
}

TEST(SessionTest, BackAndSeekMoveThroughHistoryWithoutRunning) {
  auto s = demo("gevent_sleep");
  step(*s, 4);
  const std::size_t frontier = s->player().frontier();
  const std::size_t fourth = s->player().position();
  Commands back;
  back.back = true;
  s->apply(back);
  s->tick();
  EXPECT_LT(s->player().position(), fourth);
  EXPECT_EQ(s->player().frontier(), frontier);
  Commands seek;
  seek.seek = 0;
  s->apply(seek);
  s->tick();
  EXPECT_EQ(s->shown().index, 0u);
}

// input() in the window: the session hands the player the line typed into
// the Console, and the console reads like a terminal's.
TEST(SessionTest, ATypedLineGoesToInputAndShowsInTheConsole) {
  Session s("ask.py", "ask.py", "name = input('name? ')\nprint('hi', name)\nx = input()\n");
  step(s);
  ASSERT_TRUE(s.player().waiting_for_input());
  ASSERT_EQ(s.console().size(), 1u);
  EXPECT_EQ(s.console()[0].text, "name? ");
  EXPECT_EQ(s.console_lines_at(s.player().position()), 1u) << "the prompt is on screen";
  Commands typed;
  typed.input_line = "Ada";
  s.apply(typed);
  settle(s);
  ASSERT_TRUE(s.player().waiting_for_input()) << "the second input()";
  ASSERT_EQ(s.console().size(), 2u);
  EXPECT_EQ(s.console()[0].text, "name? Ada");
  EXPECT_EQ(s.console()[1].text, "hi Ada");
  EXPECT_EQ(s.player().log().name(s.console()[0].greenlet), "main");
  EXPECT_EQ(s.console_lines_at(s.player().position()), 2u);
  Commands eof;
  eof.close_input = true;
  s.apply(eof);
  settle(s);
  EXPECT_TRUE(s.player().finished());
  EXPECT_NE(s.error_text().find("EOFError: EOF when reading a line"), std::string::npos)
      << s.error_text();
}

// The Console's field: shown while main waits, it takes the keyboard once,
// and Enter sends what was typed as the frame's command.
TEST(ViewsTest, TheConsoleTakesTheTypedLineWhileInputWaits) {
  HeadlessImGui imgui(1280, 800);
  const Fonts fonts = load_theme(1.0f, false);
  imgui.build_fonts();
  ImGuiIO& io = ImGui::GetIO();
  constexpr int kEnter = 13;
  io.KeyMap[ImGuiKey_Enter] = kEnter;
  Session s("ask.py", "ask.py", "name = input('name? ')\nprint('hi', name)\n");
  NoStrips strips;
  views::UiState ui;
  ui.animate = false;
  auto frame = [&] {
    Commands commands;
    ui.names.update(s.player().log(), s.run());
    imgui.bare_frame([&] {
      views::draw_views({s, s.shown(), fonts, strips, ui, commands}, imgui.display());
    });
    return commands;
  };
  frame();
  frame();
  EXPECT_FALSE(io.WantTextInput) << "nothing waits yet: the keys are the player's";
  step(s);
  ASSERT_TRUE(s.player().waiting_for_input());
  frame();  // the field appears and asks for the keyboard
  frame();  // it has it
  frame();  // and ImGui tells main so (WantTextInput: the player's keys are off)
  EXPECT_TRUE(io.WantTextInput) << "the field has the keyboard";
  io.AddInputCharactersUTF8("Ada");
  frame();
  EXPECT_EQ(ui.input_buffer, "Ada");
  io.KeysDown[kEnter] = true;
  Commands sent = frame();
  io.KeysDown[kEnter] = false;
  ASSERT_TRUE(sent.input_line);
  EXPECT_EQ(*sent.input_line, "Ada");
  EXPECT_TRUE(ui.input_buffer.empty());
  s.apply(sent);
  settle(s);
  EXPECT_TRUE(s.player().finished());
  frame();
  EXPECT_FALSE(s.player().waiting_for_input());
  ASSERT_EQ(s.console().size(), 2u);
  EXPECT_EQ(s.console()[0].text, "name? Ada");
  EXPECT_EQ(s.console()[1].text, "hi Ada");
}

TEST(HighlightTest, ColoursKeywordsStringsNumbersComments) {
  const std::string line = "def f(x): return 'a#b' + 12  # hi";
  const std::vector<views::Span> spans = views::highlight(line);
  auto kind_at = [&](std::size_t offset) {
    for (const views::Span& s : spans) {
      if (offset >= s.begin && offset < s.end) return s.kind;
    }
    return views::SpanKind::Plain;
  };
  EXPECT_EQ(kind_at(0), views::SpanKind::Keyword);  // def
  EXPECT_EQ(kind_at(line.find("return")), views::SpanKind::Keyword);
  EXPECT_EQ(kind_at(line.find("'a#b'") + 2), views::SpanKind::String);  // '#' inside a string
  EXPECT_EQ(kind_at(line.find("12")), views::SpanKind::Number);
  EXPECT_EQ(kind_at(line.find("# hi")), views::SpanKind::Comment);
  EXPECT_EQ(kind_at(line.find("f(")), views::SpanKind::Plain);
  // Every byte is covered once, in order, whatever the input.
  for (const std::string& text : {std::string("'unterminated"), std::string("\"\"\"doc"),
                                  std::string("x = b'\\'' # \\"), std::string()}) {
    std::size_t at = 0;
    for (const views::Span& s : views::highlight(text)) {
      EXPECT_EQ(s.begin, at);
      EXPECT_LT(s.begin, s.end);
      at = s.end;
    }
    EXPECT_EQ(at, text.size());
  }
}

TEST(NamesTest, SecondGreenletOfANameGetsItsOrder) {
  auto s = demo("many_greenlets");
  step(*s, 6);
  views::Names names;
  const trace::EventLog& log = s->player().log();
  names.update(log, s->run());
  std::vector<std::string> sleepers;
  for (const trace::GreenletInfo& g : log.greenlets()) {
    if (g.name == "sleeper") sleepers.push_back(names(log, g.id));
  }
  ASSERT_GT(sleepers.size(), 2u);
  EXPECT_EQ(sleepers[0], "sleeper");
  EXPECT_NE(sleepers[1], sleepers[2]);
  EXPECT_EQ(sleepers[1].rfind("sleeper·", 0), 0u);
}

TEST(PrefsTest, RoundTripInTheConfigFolderOnly) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "coroscope-prefs-test";
  std::filesystem::remove_all(dir);
  ::setenv("XDG_CONFIG_HOME", dir.c_str(), 1);
  EXPECT_EQ(Prefs::path(), dir / "coroscope" / "prefs.ini");
  EXPECT_FALSE(Prefs::load().presentation);  // no file: defaults
  Prefs p;
  p.presentation = true;
  p.speed = 2.5;
  p.demo = "gevent_sleep";
  std::string why;
  ASSERT_TRUE(p.save(why)) << why;
  const Prefs q = Prefs::load();
  EXPECT_TRUE(q.presentation);
  EXPECT_DOUBLE_EQ(q.speed, 2.5);
  EXPECT_EQ(q.demo, "gevent_sleep");
  std::filesystem::remove_all(dir);
}

// Every demo, drawn headless at several positions, in both layouts.
TEST(ViewsTest, EveryDemoDrawsAtEveryKindOfStop) {
  for (const Demo& d : demos()) {
    SCOPED_TRACE(d.name);
    HeadlessImGui imgui(1280, 800);
    const Fonts fonts = load_theme(1.0f, false);
    imgui.build_fonts();
    auto s = demo(d.name);
    NoStrips strips;
    views::UiState ui;
    ui.animate = false;
    for (int round = 0; round < 8; ++round) {
      Commands commands;
      ui.names.update(s->player().log(), s->run());
      imgui.bare_frame([&] {
        views::draw_views({*s, s->shown(), fonts, strips, ui, commands}, imgui.display());
      });
      const int vertices = imgui.draw_data()->TotalVtxCount;
      EXPECT_GT(vertices, 1000) << "round " << round;
      // The Stacks view lists the greenlets it drew, for their strips.
      if (!s->shown().greenlets.empty()) {
        EXPECT_FALSE(ui.strips_shown.empty());
      }
      ui.presentation = round % 2 == 1;
      step(*s, round + 1);
    }
  }
}

}  // namespace
}  // namespace coroscope::app
