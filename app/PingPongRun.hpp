#pragma once
// PingPongRun: the seed article's greenlet ping-pong, run for real under a
// Host that stops at every switch, with one Snapshot recorded per stop.
//
//   PingPongRun run;                  // history() = { the start snapshot }
//   while (run.step()) {}             // one switch per step(), until main finishes
//   run.history().back().output;      // "12\n56\n34\n": 78 is never printed
//   run.restart();                    // a fresh world, back to the start snapshot
//
// The program runs in core greenlets created inside the Host's main function;
// everything in the history is read from them, nothing is scripted. Only the
// app's thread may call these, and only between frames (the world is frozen
// whenever none of them is running).

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "Snapshot.hpp"

namespace coroscope::runtime {
class Host;
}

namespace coroscope::app {

class PingPongRun {
 public:
  PingPongRun();
  ~PingPongRun();
  PingPongRun(const PingPongRun&) = delete;
  PingPongRun& operator=(const PingPongRun&) = delete;

  // step() resumes the world to its next stop and records it. It returns false,
  // and records nothing, once main has finished.
  bool step();
  // run_to(switches) steps until main finishes, or until that many switches
  // have been recorded when switches is given.
  void run_to(std::optional<int> switches);
  // restart() tears the world down (suspended greenlets get GreenletExit, as on
  // release) and starts over from the start snapshot.
  void restart();

  bool finished() const;
  const std::vector<Snapshot>& history() const { return history_; }

  // source() is the program as a learner reads it (Python); line numbers in
  // GreenletSnapshot::line refer to it, counting from 1.
  static const std::vector<std::string>& source();

 private:
  struct Program;
  void start();
  void stop();
  Snapshot capture() const;

  std::unique_ptr<runtime::Host> host_;
  std::unique_ptr<Program> program_;
  std::vector<Snapshot> history_;
};

}  // namespace coroscope::app
