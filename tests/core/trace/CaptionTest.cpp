// Captions: the sentence the app shows under the code for the event that led
// to a history position, read off real runs (scripts driven by a Player) at
// the stops a learner steps to, plus the odd events and texts one by one.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <regex>
#include <string>
#include <vector>

#include "hub/Greenlet.hpp"
#include "hub/Hub.hpp"
#include "player/Player.hpp"
#include "player/Scenarios.hpp"
#include "player/ScriptProgram.hpp"
#include "runtime/Host.hpp"
#include "trace/Caption.hpp"
#include "trace/History.hpp"

namespace coroscope::trace {
namespace {

using player::Player;
using player::script_program;

// run_to_end(p) steps switch by switch until the program has finished.
void run_to_end(Player& p) {
  for (int steps = 0; !(p.finished() && p.at_end()); ++steps) {
    ASSERT_LT(steps, 100000) << "the program never finished";
    p.step_switch();
  }
}

// Recorded: a script run to its end, its captions read by the event's describe() line.
struct Recorded {
  explicit Recorded(const std::string& source) : p(script_program("lesson.py", source)) {
    run_to_end(p);
  }
  // at(line, nth) is the caption right after the nth event described as line.
  std::string at(const std::string& line, int nth = 0) const {
    for (std::size_t i = 0; i < p.log().size(); ++i) {
      if (p.log().describe(i) == line && nth-- == 0) return caption(p.log(), p.snapshot_at(i + 1));
    }
    ADD_FAILURE() << "no event \"" << line << "\"";
    return {};
  }
  // stops() is the caption at every stop a learner steps to, after the start.
  std::vector<std::string> stops() const {
    std::vector<std::string> out;
    for (std::size_t n : p.stops()) out.push_back(caption(p.log(), p.snapshot_at(n)));
    return out;
  }
  Player p;
};

// expect_every_caption_reads_well(p): at every position the caption is one
// non-empty line ending in a full stop, with no "#<id>" for a greenlet the log knows.
void expect_every_caption_reads_well(const Player& p) {
  const std::regex placeholder("#[0-9]");
  for (std::size_t n = 0; n <= p.log().size(); ++n) {
    const std::string c = caption(p.log(), p.snapshot_at(n));
    ASSERT_FALSE(c.empty()) << "at " << n;
    EXPECT_EQ(c.back(), '.') << "at " << n << ": " << c;
    EXPECT_EQ(c.find('\n'), std::string::npos) << "at " << n << ": " << c;
    EXPECT_FALSE(std::regex_search(c, placeholder)) << "at " << n << ": " << c;
  }
}

const char* const kPingPong =
    "from greenlet import greenlet\n"
    "\n"
    "\n"
    "def test1():\n"
    "    print(12)\n"
    "    gr2.switch()\n"
    "    print(34)\n"
    "\n"
    "\n"
    "def test2():\n"
    "    print(56)\n"
    "    gr1.switch()\n"
    "    print(78)\n"
    "\n"
    "\n"
    "gr1 = greenlet(test1)\n"
    "gr2 = greenlet(test2)\n"
    "gr1.switch()\n";

TEST(CaptionTest, PingPongStepByStep) {
  Recorded run(kPingPong);
  EXPECT_EQ(caption(run.p.log(), run.p.snapshot_at(0)),
            "Nothing has run yet: main is about to start.");
  EXPECT_EQ(run.stops(),
            (std::vector<std::string>{
                "main switches to test1 at line 18: main's registers are saved, and test1 starts "
                "running its function on a fresh stack.",
                "test1 switches to test2 at line 6: test1's registers are saved, and test2 starts "
                "running its function on a fresh stack.",
                "test2 switches to test1 at line 12: test2's registers are saved and test1's "
                "restored, so test1 resumes where it left off (line 6).",
                // The lesson: test1 dies into its parent, not back into test2.
                "test1 finished at line 7 (its function returned): it is dead, so nothing of it "
                "is saved and control goes back to its parent main, whose registers are "
                "restored: main resumes where it left off (line 18).",
                // Dropping the last reference to the suspended test2 kills it.
                "main throws an exception into test2 at line 18 (GreenletExit unless it names "
                "another): main's registers are saved and test2's restored, so the exception is "
                "raised in test2 where it left off (line 12).",
                "test2 was killed at line 12 (GreenletExit ended its function): it is dead, so "
                "nothing of it is saved and control goes back to its parent main, whose registers "
                "are restored: main resumes where it left off (line 18).",
                "main finished after line 18: the program is over, and control goes back to the "
                "host that ran it.",
            }));
  EXPECT_EQ(run.at("print test1: 12\\n"), "test1 prints '12'.");
  EXPECT_EQ(run.at("line main 16"), "main moves to line 16.");
  expect_every_caption_reads_well(run.p);
}

TEST(CaptionTest, SwitchValuesArePassedAndCut) {
  Recorded run(
      "from greenlet import greenlet\n"
      "def echo(a, b):\n"
      "    x = main.switch(a + b)\n"
      "    main.switch('%s' % ('y' * 60))\n"
      "main = greenlet.getcurrent()\n"
      "g = greenlet(echo)\n"
      "print(g.switch(1, 2))\n"
      "print(len(g.switch('x')))\n"
      "g.switch()\n");
  EXPECT_EQ(run.at("switch main -> echo with (1, 2)"),
            "main switches to echo at line 7, passing (1, 2): main's registers are saved, and echo "
            "starts running its function on a fresh stack.");
  EXPECT_EQ(run.at("switch echo -> main with 3"),
            "echo switches to main at line 3, passing 3: echo's registers are saved and main's "
            "restored, so main resumes where it left off (line 7).");
  EXPECT_EQ(run.at("switch main -> echo with 'x'"),
            "main switches to echo at line 8, passing 'x': main's registers are saved and echo's "
            "restored, so echo resumes where it left off (line 3).");
  const std::string y60 = "'" + std::string(60, 'y') + "'";
  EXPECT_EQ(run.at("switch echo -> main with " + y60),
            "echo switches to main at line 4, passing '" + std::string(36, 'y') +
                "...: echo's registers are saved and main's restored, so main resumes where it "
                "left off (line 8).");
  EXPECT_EQ(run.at("switch echo -> main with None"),
            "echo finished at line 4 (its function returned): it is dead, so nothing of it is "
            "saved and control goes back to its parent main, whose registers are restored: main "
            "resumes where it left off (line 9).");
  expect_every_caption_reads_well(run.p);
}

TEST(CaptionTest, ThrowsAndExceptionsBetweenPlainGreenlets) {
  Recorded run(
      "from greenlet import greenlet\n"
      "def work():\n"
      "    try:\n"
      "        greenlet.getcurrent().parent.switch()\n"
      "    except ValueError:\n"
      "        print('caught')\n"
      "    return 42\n"
      "def dies():\n"
      "    raise KeyError('k')\n"
      "g = greenlet(work)\n"
      "g.switch()\n"
      "print(g.throw(ValueError('bad')))\n"
      "h = greenlet(dies)\n"
      "try:\n"
      "    h.switch()\n"
      "except KeyError:\n"
      "    pass\n"
      "u = greenlet(work)\n"
      "try:\n"
      "    u.throw(ValueError('never ran'))\n"
      "except ValueError:\n"
      "    pass\n");
  EXPECT_EQ(run.at("throw main -> work"),
            "main throws an exception into work at line 12 (GreenletExit unless it names "
            "another): main's registers are saved and work's restored, so the exception is raised "
            "in work where it left off (line 4).");
  EXPECT_EQ(run.at("switch work -> main with 42"),
            "work finished at line 7 (its function returned 42): it is dead, so nothing of it is "
            "saved and control goes back to its parent main, whose registers are restored: main "
            "resumes where it left off (line 12).");
  EXPECT_EQ(run.at("throw dies -> main"),
            "dies died at line 9 of an exception it did not catch: it is dead, so nothing of it "
            "is saved and control goes back to its parent main, whose registers are restored: the "
            "exception is raised in main where it left off (line 15).");
  // Thrown into before it ever ran: no fiber switch at all.
  EXPECT_EQ(run.at("throw main -> work", 1),
            "main throws an exception into work at line 20 (GreenletExit unless it names "
            "another): work never started, so the exception ends it before it runs a line.");
  EXPECT_EQ(run.at("throw work -> main", 0),
            "work never started: the exception thrown into it ends it at once, and goes back to "
            "its parent main, where it is raised.");
  expect_every_caption_reads_well(run.p);
}

const char* const kGeventSleep =
    "import gevent\n"
    "\n"
    "def foo():\n"
    "    print('foo: start')\n"
    "    gevent.sleep(1)\n"
    "    print('foo: done')\n"
    "\n"
    "def bar():\n"
    "    print('bar: start')\n"
    "    gevent.sleep(2.5)\n"
    "    print('bar: done')\n"
    "\n"
    "gevent.joinall([gevent.spawn(foo), gevent.spawn(bar)])\n"
    "print('total')\n";

TEST(CaptionTest, GeventSleepStepByStep) {
  Recorded run(kGeventSleep);
  EXPECT_EQ(run.stops(),
            (std::vector<std::string>{
                "main waits at line 13 for greenlets to finish (joinall): main's registers are "
                "saved, and the hub starts its loop on a fresh stack.",
                "The hub starts foo, whose turn has come in the ready queue: the hub's registers "
                "are saved, and foo starts running its function on a fresh stack.",
                "foo sleeps for 1.0 s at line 5: foo's registers are saved and the hub's restored, "
                "so the hub's loop takes the CPU.",
                "The hub starts bar, whose turn has come in the ready queue: the hub's registers "
                "are saved, and bar starts running its function on a fresh stack.",
                "bar sleeps for 2.5 s at line 10: bar's registers are saved and the hub's "
                "restored, so the hub's loop takes the CPU.",
                "foo's timer fired after 1.0 s: the hub switches back to foo; the hub's registers "
                "are saved and foo's restored, so foo resumes where it left off (line 5).",
                "foo finished at line 6 (its function returned): it is dead, so nothing of it is "
                "saved and control goes back to its parent, the hub, whose registers are "
                "restored: the hub's loop goes on.",
                "One more of the greenlets main waits for has finished (joinall): the hub switches "
                "back to main; the hub's registers are saved and main's restored, so main resumes "
                "where it left off (line 13).",
                "main waits at line 13 for greenlets to finish (joinall): main's registers are "
                "saved and the hub's restored, so the hub's loop takes the CPU.",
                "bar's timer fired after 2.5 s: the hub switches back to bar; the hub's registers "
                "are saved and bar's restored, so bar resumes where it left off (line 10).",
                "bar finished at line 11 (its function returned): it is dead, so nothing of it is "
                "saved and control goes back to its parent, the hub, whose registers are "
                "restored: the hub's loop goes on.",
                "Enough of the greenlets main waits for have finished (joinall): the hub switches "
                "back to main; the hub's registers are saved and main's restored, so main resumes "
                "where it left off (line 13).",
                "main finished after line 14: the program is over, and control goes back to the "
                "host that ran it.",
            }));
  EXPECT_EQ(run.at("spawn foo"),
            "main spawns foo at line 13: foo goes into the hub's ready queue and starts when the "
            "hub next runs.");
  EXPECT_EQ(run.at("timer armed foo @1.000"),
            "The hub arms a timer for foo, due in 1.0 s (at t = 1.0 s).");
  EXPECT_EQ(run.at("park foo on sleep"),
            "foo sleeps for 1.0 s at line 5: it parks until its timer fires at t = 1.0 s, and "
            "hands the CPU to the hub next.");
  EXPECT_EQ(run.at("timer fired bar @2.500"),
            "bar's timer fired after 2.5 s: the hub runs its callback.");
  EXPECT_EQ(run.at("wake bar: its sleep is over"),
            "bar's timer fired after 2.5 s: the hub makes bar runnable and switches to it next.");
  EXPECT_EQ(run.at("exit bar: returned"),
            "bar's function returned at line 11: gevent marks bar finished and will tell whoever "
            "joins it; next it goes back to the hub.");
  expect_every_caption_reads_well(run.p);
}

TEST(CaptionTest, GeventJoinSleepZeroKillAndFailure) {
  Recorded run(
      "import gevent\n"
      "from gevent.event import Event\n"
      "ev = Event()\n"
      "def setter():\n"
      "    gevent.sleep(0)\n"
      "    ev.set()\n"
      "def waiter():\n"
      "    ev.wait()\n"
      "def boom():\n"
      "    raise ValueError('x')\n"
      "def forever():\n"
      "    gevent.sleep(100)\n"
      "a = gevent.spawn(setter)\n"
      "b = gevent.spawn(waiter)\n"
      "c = gevent.spawn(boom)\n"
      "a.join()\n"
      "gevent.joinall([b, c])\n"
      "k = gevent.spawn(forever)\n"
      "later = gevent.spawn_later(3, forever)\n"
      "gevent.sleep(0)\n"
      "k.kill()\n"
      "later.kill()\n");
  EXPECT_EQ(run.at("switch setter -> hub"),
            "setter calls sleep(0) at line 5 to let the others run: setter's registers are saved "
            "and the hub's restored, so the hub's loop takes the CPU.");
  EXPECT_EQ(run.at("switch waiter -> hub"),
            "waiter waits at line 8 for an event to be set: waiter's registers are saved and the "
            "hub's restored, so the hub's loop takes the CPU.");
  EXPECT_EQ(run.at("switch boom -> hub"),
            "boom died at line 10 of an exception it did not catch (gevent prints it and keeps it "
            "for join and get): it is dead, so nothing of it is saved and control goes back to "
            "its parent, the hub, whose registers are restored: the hub's loop goes on.");
  EXPECT_EQ(run.at("exit boom: raised"),
            "boom's function raised an exception it did not catch at line 10: gevent marks boom "
            "failed and reports the error; next it goes back to the hub.");
  EXPECT_EQ(run.at("switch hub -> setter"),
            "The hub starts setter, whose turn has come in the ready queue: the hub's registers "
            "are saved, and setter starts running its function on a fresh stack.");
  EXPECT_EQ(run.at("switch hub -> setter", 1),
            "setter's turn has come again after sleep(0): the hub switches back to setter; the "
            "hub's registers are saved and setter's restored, so setter resumes where it left off "
            "(line 5).");
  EXPECT_EQ(run.at("switch hub -> waiter", 1),
            "The event waiter waits for is set: the hub switches back to waiter; the hub's "
            "registers are saved and waiter's restored, so waiter resumes where it left off (line "
            "8).");
  EXPECT_EQ(run.at("switch hub -> main"),
            "The greenlet main joins has finished: the hub switches back to main; the hub's "
            "registers are saved and main's restored, so main resumes where it left off (line "
            "16).");
  EXPECT_EQ(run.at("spawn forever (spawn_later)"),
            "main spawns forever at line 19 to start in 3.0 s (spawn_later): a timer will start "
            "it at t = 3.0 s.");
  EXPECT_EQ(run.at("switch main -> hub", 4),
            "main waits at line 21 until its kill is delivered: main's registers are saved and "
            "the hub's restored, so the hub's loop takes the CPU.");
  EXPECT_EQ(run.at("throw hub -> forever"),
            "The hub throws an exception into forever (a kill raises GreenletExit this way): the "
            "hub's registers are saved and forever's restored, so the exception is raised in "
            "forever where it left off (line 12).");
  EXPECT_EQ(run.at("exit forever: killed"),
            "forever was killed at line 12: GreenletExit ended its function; next it goes back "
            "to the hub.");
  EXPECT_EQ(run.at("switch forever -> hub", 1),
            "forever was killed at line 12 (GreenletExit ended its function): it is dead, so "
            "nothing of it is saved and control goes back to its parent, the hub, whose "
            "registers are restored: the hub's loop goes on.");
  EXPECT_EQ(run.at("wake main: kill delivered"),
            "The kill main waited for is delivered: the hub makes main runnable and switches to "
            "it next.");
  EXPECT_EQ(run.at("timer cancelled forever @3.000"),
            "forever's timer due at t = 3.0 s is cancelled: it will not fire.");
  EXPECT_EQ(run.at("exit forever: killed before it started"),
            "forever was killed before it ever started: it will never run.");
  expect_every_caption_reads_well(run.p);
}

TEST(CaptionTest, TimeoutsQueuesAndLoopExit) {
  Recorded run(
      "import gevent\n"
      "from gevent.queue import Queue\n"
      "from gevent.event import Event\n"
      "q = Queue()\n"
      "def slow():\n"
      "    try:\n"
      "        with gevent.Timeout(0.5):\n"
      "            gevent.sleep(2)\n"
      "    except gevent.Timeout:\n"
      "        q.put('late')\n"
      "gevent.spawn(slow)\n"
      "print(q.get())\n"
      "Event().wait()\n");
  EXPECT_EQ(run.at("switch main -> hub"),
            "main waits at line 12 for an item in a queue (get): main's registers are saved, and "
            "the hub starts its loop on a fresh stack.");
  EXPECT_EQ(run.at("timer fired slow @0.500"),
            "slow's timer fired after 0.5 s: the hub runs its callback.");
  EXPECT_EQ(run.at("throw hub -> slow"),
            "slow's Timeout expired: the hub raises it in slow; the hub's registers are saved and "
            "slow's restored, so the exception is raised in slow where it left off (line 8).");
  EXPECT_EQ(run.at("switch hub -> main"),
            "An item is in the queue main waits on: the hub switches back to main; the hub's "
            "registers are saved and main's restored, so main resumes where it left off (line "
            "12).");
  EXPECT_EQ(run.at("throw hub -> main"),
            "The hub has nothing left to run or wait for, so it throws LoopExit into its parent "
            "main: the hub's registers are saved and main's restored, so the exception is raised "
            "in main where it left off (line 13).");
  expect_every_caption_reads_well(run.p);
}

TEST(CaptionTest, SocketWaitsNameTheirSocket) {
  Recorded run(
      "import gevent\n"
      "from gevent import socket\n"
      "server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)\n"
      "server.bind(('127.0.0.1', 0))\n"
      "server.listen(1)\n"
      "port = server.getsockname()[1]\n"
      "def serve():\n"
      "    conn, addr = server.accept()\n"
      "    conn.close()\n"
      "def client():\n"
      "    c = socket.socket()\n"
      "    c.connect(('127.0.0.1', port))\n"
      "    c.close()\n"
      "print(port)\n"
      "gevent.joinall([gevent.spawn(serve), gevent.spawn(client)])\n"
      "server.close()\n");
  const std::string server = "127.0.0.1:" + run.p.output().substr(0, run.p.output().size() - 1);
  const EventLog& log = run.p.log();
  int waits = 0, readies = 0;
  for (std::size_t i = 0; i < log.size(); ++i) {
    const EventView e = log[i];
    const std::string fd = "fd " + std::to_string(e.number);
    const std::string c = caption(log, run.p.snapshot_at(i + 1));
    if (e.kind == Kind::IoWait && log.name(e.greenlet) == "serve") {
      ++waits;
      EXPECT_EQ(c, "serve waits in accept() at line 8 for a client to connect on " + server +
                       ": the hub asks epoll to watch its socket, " + fd + ".");
      EXPECT_EQ(caption(log, run.p.snapshot_at(i + 2)),  // io wait, park
                "serve waits in accept() at line 8 for a client to connect on " + server +
                    ": it parks, and hands the CPU to the hub next.");
      EXPECT_EQ(caption(log, run.p.snapshot_at(i + 3)),  // io wait, park, switch
                "serve waits in accept() at line 8 for a client to connect on " + server +
                    ": serve's registers are saved and the hub's restored, so the hub's loop "
                    "takes the CPU.");
    }
    if (e.kind == Kind::IoReady && log.name(e.greenlet) == "serve") {
      ++readies;
      EXPECT_EQ(c, "A client connected to " + server + " (" + fd +
                       " is readable): the hub will wake serve, which waits in accept().");
      EXPECT_EQ(caption(log, run.p.snapshot_at(i + 2)),  // io ready, wake
                "A client connected to " + server + " (" + fd +
                    " is readable): the hub makes serve runnable and switches to it next.");
      EXPECT_EQ(caption(log, run.p.snapshot_at(i + 3)),  // io ready, wake, switch
                "A client connected to " + server + " (" + fd +
                    " is readable): the hub switches back to serve; the hub's registers are "
                    "saved and serve's restored, so serve resumes where it left off (line 8).");
      EXPECT_EQ(log.reason(i + 2), "a client connected to " + server);
    }
    if (e.kind == Kind::IoWait && log.name(e.greenlet) == "client") {
      EXPECT_EQ(c, "client waits in connect() at line 12 for the connection to " + server +
                       " to finish: the hub asks epoll to watch its socket, " + fd + ".");
    }
  }
  EXPECT_EQ(waits, 1);
  EXPECT_EQ(readies, 1);
  expect_every_caption_reads_well(run.p);
}

// An fd that is not a named socket (a pipe the C++ side waits on) is named by its number.
TEST(CaptionTest, APlainFdWaitNamesItsNumber) {
  EventLog log;
  int fds[2];
  ASSERT_EQ(::pipe2(fds, O_NONBLOCK | O_CLOEXEC), 0);
  {
    runtime::Host host([&]() -> runtime::Value {
      runtime::Observer* before = runtime::settrace(&log);
      auto reader = hub::spawn(
          [&] {
            hub::Hub::get().wait_io(fds[0], io::Interest::Read);
            return runtime::Value();
          },
          "reader");
      hub::sleep(0);
      const char byte = 'x';
      EXPECT_EQ(::write(fds[1], &byte, 1), 1);
      reader->join();
      runtime::settrace(before);
      return {};
    });
    while (!host.finished()) host.resume();
  }
  ::close(fds[0]);
  ::close(fds[1]);
  History h(log);
  h.update();
  const std::string fd = "fd " + std::to_string(fds[0]);
  std::size_t checked = 0;
  for (std::size_t i = 0; i < log.size(); ++i) {
    const Event& e = log.event(i);
    if (e.kind == Kind::IoWait) {
      EXPECT_EQ(caption(log, h.at(i + 1)),
                "reader waits until " + fd + " is readable: the hub asks epoll to watch it.");
      EXPECT_EQ(caption(log, h.at(i + 3)),
                "reader waits for " + fd +
                    " to become readable: reader's registers are saved and the hub's restored, "
                    "so the hub's loop takes the CPU.");
      ++checked;
    }
    if (e.kind == Kind::IoReady) {
      EXPECT_EQ(caption(log, h.at(i + 3)),
                "I/O is ready on " + fd +
                    " (readable): the hub switches back to reader; the hub's registers are saved "
                    "and reader's restored, so reader resumes where it left off.");
      ++checked;
    }
  }
  EXPECT_EQ(checked, 2u);
}

TEST(CaptionTest, PrintsAreQuotedLikePythonAndCut) {
  Recorded run(
      "print('it\\'s')\n"
      "print()\n"
      "print('a\\tb', end='')\n"
      "print('z' * 50)\n");
  EXPECT_EQ(run.at("print main: it's\\n"), "main prints \"it's\".");
  EXPECT_EQ(run.at("print main: \\n"), "main prints an empty line.");
  EXPECT_EQ(run.at("print main: a\\tb"), "main prints 'a\\tb'.");
  EXPECT_EQ(run.at("print main: " + std::string(50, 'z') + "\\n"),
            "main prints '" + std::string(37, 'z') + "...'.");
  EXPECT_EQ(run.at("exit main: returned"),
            "main finished after line 4: the program is over, and control goes back to the host "
            "that ran it.");
}

TEST(CaptionTest, AnUncaughtExceptionEndsTheProgram) {
  Recorded run("x = 1\nraise ValueError('no')\n");
  EXPECT_EQ(run.at("exit main: raised"),
            "main raised an exception it did not catch at line 2: the program ends with a "
            "traceback.");
}

// C++ scenarios report no lines: captions leave "at line" out rather than guess.
TEST(CaptionTest, ScenariosWithoutLines) {
  Player p(player::scenarios::pingpong());
  run_to_end(p);
  ASSERT_FALSE(p.stops().empty());
  EXPECT_EQ(caption(p.log(), p.snapshot_at(p.stops()[0])),
            "main switches to gr1: main's registers are saved, and gr1 starts running its "
            "function on a fresh stack.");
  EXPECT_EQ(caption(p.log(), p.snapshot_at(p.stops()[2])),
            "gr2 switches to gr1: gr2's registers are saved and gr1's restored, so gr1 resumes "
            "where it left off.");
  for (const player::Program& program : player::scenarios::all()) {
    Player q(program);
    run_to_end(q);
    expect_every_caption_reads_well(q);
  }
}

}  // namespace
}  // namespace coroscope::trace
