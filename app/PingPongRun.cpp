#include "PingPongRun.hpp"

#include <exception>
#include <map>
#include <string_view>
#include <utility>

#include "runtime/Host.hpp"

namespace coroscope::app {

using runtime::Greenlet;
using runtime::GreenletRef;
using runtime::Value;

const char* to_string(GreenletState state) {
  switch (state) {
    case GreenletState::New:
      return "new";
    case GreenletState::Running:
      return "running";
    case GreenletState::Suspended:
      return "suspended";
    case GreenletState::Dead:
      return "dead";
  }
  return "?";
}

const std::vector<std::string>& PingPongRun::source() {
  static const std::vector<std::string> lines = {
      "from greenlet import greenlet",  // 1
      "",                               // 2
      "def test1():",                   // 3
      "    print(12)",                  // 4
      "    gr2.switch()",               // 5
      "    print(34)",                  // 6
      "",                               // 7
      "def test2():",                   // 8
      "    print(56)",                  // 9
      "    gr1.switch()",               // 10
      "    print(78)",                  // 11
      "",                               // 12
      "gr1 = greenlet(test1)",          // 13
      "gr2 = greenlet(test2)",          // 14
      "gr1.switch()",                   // 15
  };
  return lines;
}

// Program is source() in C++, statement for statement, on core greenlets.
// at(n) notes the line each greenlet has reached (the script layer will do
// that itself); gr1 and gr2 are the module's globals, so, as in Python, they
// outlive main's code: gr2 stays suspended at line 10 when the run ends.
struct PingPongRun::Program {
  GreenletRef gr1, gr2;
  std::vector<GreenletRef> created;  // creation order, for the views
  std::map<const Greenlet*, int> line;
  std::string output;

  void at(int n) { line[runtime::getcurrent().get()] = n; }
  void print(std::string_view text) {
    output += text;
    output += '\n';
  }
  GreenletRef greenlet(Value (Program::*body)(), const char* name) {
    runtime::GreenletOptions options;
    options.name = name;
    GreenletRef g = Greenlet::create([this, body](Value) { return (this->*body)(); }, {}, options);
    created.push_back(g);
    return g;
  }

  Value test1() {
    at(4), print("12");
    at(5), gr2->switch_to();
    at(6), print("34");
    return {};
  }
  Value test2() {
    at(9), print("56");
    at(10), gr1->switch_to();
    at(11), print("78");
    return {};
  }
  Value main() {
    at(13), gr1 = greenlet(&Program::test1, "gr1");
    at(14), gr2 = greenlet(&Program::test2, "gr2");
    at(15), gr1->switch_to();
    return {};
  }

  // release() drops the globals while the world still exists, so the Host can
  // kill what they leave suspended.
  void release() {
    gr1.reset();
    gr2.reset();
    created.clear();
  }
};

PingPongRun::PingPongRun() {
  start();
}

PingPongRun::~PingPongRun() {
  stop();
}

void PingPongRun::start() {
  program_ = std::make_unique<Program>();
  Program* program = program_.get();
  runtime::GreenletOptions main_options;
  main_options.name = "main";
  host_ = std::make_unique<runtime::Host>([program] { return program->main(); }, main_options);
  host_->set_stop_at_switch(true);
  history_.clear();
  history_.push_back(capture());
}

void PingPongRun::stop() {
  if (program_) program_->release();
  host_.reset();  // kills main and whatever the globals left suspended
  program_.reset();
}

void PingPongRun::restart() {
  stop();
  start();
}

bool PingPongRun::finished() const {
  return host_->finished();
}

bool PingPongRun::step() {
  if (host_->finished()) return false;
  runtime::Stop s = host_->resume();
  while (s.reason == runtime::StopReason::Yielded) s = host_->resume();
  Snapshot snap = capture();
  if (s.reason == runtime::StopReason::Switched) {
    snap.stop = StopKind::Transfer;
    snap.kind = s.kind;
    snap.origin = s.origin->name();
    snap.target = s.target->name();
    snap.origin_died = s.origin->dead();
  } else {
    snap.stop = StopKind::Finished;
    snap.origin = "main";
    if (std::exception_ptr e = host_->error()) {
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& x) {
        snap.error = x.what();
      } catch (...) {
        snap.error = "an exception that is not a std::exception";
      }
    }
  }
  history_.push_back(std::move(snap));
  return true;
}

void PingPongRun::run_to(std::optional<int> switches) {
  while (!host_->finished()) {
    if (switches && static_cast<int>(history_.size()) > *switches) return;
    step();
  }
}

// capture() reads every greenlet while the world is frozen (between resumes).
Snapshot PingPongRun::capture() const {
  Snapshot snap;
  snap.index = history_.size();
  snap.output = program_->output;
  runtime::World& world = host_->world();
  std::vector<const Greenlet*> all{&world.main()};
  for (const GreenletRef& g : program_->created) all.push_back(g.get());
  for (const Greenlet* g : all) {
    GreenletSnapshot gs;
    gs.name = g->name();
    if (GreenletRef p = g->parent()) gs.parent = p->name();
    if (!g->started()) {
      gs.state = GreenletState::New;
    } else if (g->dead()) {
      gs.state = GreenletState::Dead;
    } else {
      gs.state = world.current() == g ? GreenletState::Running : GreenletState::Suspended;
      gs.info = g->inspect();
      gs.inspected = true;
    }
    if (auto it = program_->line.find(g); it != program_->line.end()) gs.line = it->second;
    snap.greenlets.push_back(std::move(gs));
  }
  return snap;
}

}  // namespace coroscope::app
