#pragma once
// Player: drives one program for a front end. It owns the program's Host (and
// so its world and hub), records every event in a trace::EventLog, and is the
// only thing that resumes fibers. The front end sends commands and calls
// advance() every frame; it shows the log up to position(), which moves back
// and forth through recorded history without running anything again.
//
//   Player p(scenarios::pingpong());
//   p.step_switch();           // runs to the next switch (or leaves the rest to advance())
//   p.back(); p.forward();     // through history; forward past the end runs more
//   p.run(2.0);                // play at 2x; then every frame:
//   p.advance();               // the pending work, within a budget
//   p.restart();               // a new run: on the virtual clock, the same log event for event
//   p.waiting_for_input();     // a greenlet waits in input(): the world stopped there
//   p.provide_input("Ada");    // its line; the step the wait ended goes on in advance()
//   p.close_input();           // the next input() raises EOFError, like Ctrl+D
//
// Positions count events: position() == n shows the world after the first n
// events of the log. stops() are the positions where the world stopped: after
// each switch (the target has not run yet), at a wait in input() and at the end.

#include <any>
#include <chrono>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "runtime/Host.hpp"
#include "trace/EventLog.hpp"
#include "trace/History.hpp"

namespace coroscope::player {

// PyFrame: one Python frame of a greenlet, as the script layer reads it while
// the world is stopped: innermost first in a list.
struct PyFrame {
  std::string function;  // "<module>", "test1"
  int line = 0;
  std::vector<std::pair<std::string, std::string>> locals;  // name, a short repr
  bool operator==(const PyFrame&) const = default;
};
// FrameReader(g): g's Python frames now (g suspended); never runs Python.
using FrameReader = std::function<std::vector<PyFrame>(const runtime::Greenlet&)>;
// FrameRecord: a greenlet's frames as they were at a stop.
struct FrameRecord {
  std::size_t position = 0;  // the stop (events applied)
  std::vector<PyFrame> frames;
};

// Output is how a program reports what the trace cannot see by itself: what
// it prints and, for scripts, the line it is at. Each is recorded as an event
// of the greenlet that reports it.
class Output {
 public:
  virtual ~Output() = default;
  virtual void print(std::string_view text) = 0;
  // print_error(text): what the program writes to stderr (sys.stderr, gevent's
  // report of a failed greenlet); the process's stderr unless recorded.
  virtual void print_error(std::string_view text);
  // line(n): the running greenlet's current source line is now n.
  virtual void line(int n) = 0;
  // set_value_text(f): how the trace writes the values switches carry (the
  // script layer gives Python's repr).
  virtual void set_value_text(std::function<std::string(const std::any&)> f) = 0;
  // wants_lines(): false when line() would be ignored (nothing records it),
  // so a program need not report them.
  virtual bool wants_lines() const { return true; }
  // read_line(): a line for input(), with or without its newline; none at
  // the end of input (input() raises EOFError). The Player's blocks the
  // calling greenlet until the learner types one (Player::provide_input).
  virtual std::optional<std::string> read_line() { return std::nullopt; }
  // set_frame_reader(f): how the player reads a suspended greenlet's Python
  // frames at a stop (the script layer's; null when the program ends).
  virtual void set_frame_reader(FrameReader) {}
};

// Program: a C++ scenario now (a script once the script layer lands).
struct Program {
  std::string name;
  std::function<void(Output&)> main;
  std::string summary;         // one line: what it teaches
  std::size_t stack_size = 0;  // main's stack; 0: the runtime's default
};

// Budget bounds one advance(): operations charged by guest code
// (World::charge; the script evaluator charges, C++ scenarios do not) and
// wall time.
struct Budget {
  std::int64_t ops = 1'000'000;
  std::chrono::nanoseconds wall = std::chrono::milliseconds(8);
};

enum class Goal { None, Switch, Line };

// PendingInput: what the learner typed for input() and not yet read (nullopt:
// the end of input), and whether a greenlet waits in input() for more.
struct PendingInput {
  std::deque<std::optional<std::string>> lines;
  bool waiting = false;
};

class Player {
 public:
  explicit Player(Program program);
  ~Player();
  Player(const Player&) = delete;
  Player& operator=(const Player&) = delete;

  // step_switch() shows the next stop: from history if there is one, else by
  // running the world to its next switch (within one budget; advance() goes on).
  void step_switch();
  // step_line() runs until a greenlet's current line changes (a Line event) or
  // the next switch, whichever comes first. Without line events (C++
  // scenarios) it is step_switch().
  void step_line();
  // run(speed) plays, speed 0.1x to 10x: one stop per half second of wall time
  // at 1x, or as long as the step took in virtual time (timers count down in
  // scaled real time). pause() stops playing; a step in flight is dropped.
  void run(double speed = 1.0);
  void pause();
  // back() / forward() move to the previous / next stop; forward() past the
  // end steps the world. seek(n) shows the world after n events (clamped).
  void back();
  void forward();
  void seek(std::size_t position);
  // restart() starts a new run of the program (or of a new one).
  void restart();
  void restart(Program program);

  // advance(budget) does the pending work (a step in flight, playing) within
  // budget. Returns true while work remains.
  bool advance(Budget budget = {});

  const trace::EventLog& log() const { return *log_; }
  // snapshot() is the world at position(): every greenlet, the ready queue,
  // timers, watchers, registers (see trace::History). snapshot(out) reuses
  // out's memory: what a view redrawing every frame should call.
  trace::Snapshot snapshot() const { return snapshot_at(position_); }
  void snapshot(trace::Snapshot& out) const { snapshot_at(position_, out); }
  trace::Snapshot snapshot_at(std::size_t position) const;
  void snapshot_at(std::size_t position, trace::Snapshot& out) const;
  const trace::History& history() const { return *history_; }
  // live_greenlet(id) is the world's started, not yet dead greenlet id as it is
  // now (at the frontier, not at position()), or null: for figures the log does
  // not keep, such as a stack's size and high-water mark.
  const runtime::Greenlet* live_greenlet(std::uint32_t id) const;
  const Program& program() const { return program_; }
  std::size_t position() const { return position_; }
  std::size_t frontier() const { return log_->size(); }
  const std::vector<std::size_t>& stops() const { return stops_; }
  bool at_end() const { return position_ == log_->size(); }
  bool finished() const { return host_->finished(); }
  bool playing() const { return playing_; }
  double speed() const { return speed_; }
  Goal goal() const { return goal_; }
  // error() is what the program's main raised (null if it returned or runs).
  std::exception_ptr error() const { return host_->error(); }
  // running_without_switch() is how long the running greenlet has held the
  // CPU since its last switch, across budgets it used up (the article's
  // "blocking blocks everything"); zero while the world is stopped at a switch.
  std::chrono::nanoseconds running_without_switch() const;
  // waiting_for_io() is true while a step is in flight and the world waits
  // for the outside: no greenlet can run and the hub polls its sockets (a
  // server in accept(), a client in recv()). The step ends when a peer acts
  // or a timer is due; until then each advance() spends its budget polling.
  bool waiting_for_io() const { return idle_ && goal_ != Goal::None; }
  // frames_at(id, position, previous): greenlet id's Python frames as last
  // recorded at or before position (null when none was), and in previous the
  // record before that one (for "changed since it last ran"). A greenlet's
  // frames are recorded at each stop where it has just switched away, so at a
  // stop right after a switch they are exact for every greenlet; at a line
  // position the running greenlet has run on since its record.
  const FrameRecord* frames_at(std::uint32_t id, std::size_t position,
                               const FrameRecord** previous = nullptr) const;
  // waiting_for_input() is true while a greenlet waits in input() for a line
  // not typed yet. The world is stopped there as at a switch (a stop at the
  // frontier; the step ends); a later step resumes it once and it yields
  // straight back, so nothing spins while the learner types.
  bool waiting_for_input() const { return input_.waiting && input_.lines.empty(); }
  // provide_input(line) queues a line for input() (a newline at its end is
  // optional); close_input() queues the end of input: that input() raises
  // EOFError. If the world is stopped waiting, the step it ended goes on
  // (in advance()). The line is recorded as a print of the waiting greenlet,
  // with a newline, as a terminal echoes it. A restart drops what is queued.
  void provide_input(std::string line);
  void close_input();
  // output(position) is what the program printed in the first position events.
  std::string output(std::size_t position) const;
  std::string output() const { return output(position_); }
  // time_at(position) is the virtual time after that many events.
  double time_at(std::size_t position) const;
  // now() is the world's virtual time now, at the frontier: the hub clock's,
  // which moves on while the hub polls for I/O and nothing is recorded (a
  // server waiting in accept()); time_at(frontier()) when there is no hub.
  double now() const;

  static constexpr double kMinSpeed = 0.1, kMaxSpeed = 10.0;
  static constexpr std::chrono::milliseconds kStepPace{500};  // one stop per this at 1x

 private:
  using Clock = std::chrono::steady_clock;
  void start_run();
  void stop_run();
  // pursue(budget): runs the world towards goal_; true once it is reached.
  bool pursue(Budget budget);
  void show_next_stop();
  void schedule_next_play_step(std::size_t from);
  void queue_input(std::optional<std::string> line);

  Program program_;
  std::unique_ptr<trace::EventLog> log_;
  std::unique_ptr<trace::History> history_;  // kept up to date with the log after each run
  // live_: the world's started greenlets by id, for the registers of those not
  // resumed since a snapshot's position; rebuilt when the log has grown.
  mutable std::unordered_map<std::uint32_t, const runtime::Greenlet*> live_;
  mutable std::size_t live_at_ = SIZE_MAX;
  std::unique_ptr<runtime::Host> host_;
  std::unique_ptr<Output> output_;
  std::vector<std::size_t> stops_;
  std::size_t position_ = 0;
  Goal goal_ = Goal::None;
  std::size_t goal_from_ = 0;  // the log's size when the goal was set
  bool playing_ = false;
  double speed_ = 1.0;
  Clock::time_point next_play_step_{};
  bool running_ = false;  // the last resume ran out of budget mid-greenlet
  bool idle_ = false;     // the last resume ended with the hub waiting for I/O
  Clock::time_point running_since_{};
  FrameReader frame_reader_;  // set by a script program while it runs
  std::unordered_map<std::uint32_t, std::vector<FrameRecord>> frames_;  // by greenlet, by position
  void record_frames(const runtime::Stop& s);
  PendingInput input_;
  Goal input_goal_ = Goal::Switch;  // the step a wait for input ended, to go on with
};

}  // namespace coroscope::player
