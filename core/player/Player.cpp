#include "player/Player.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdio>

#include "hub/Hub.hpp"

namespace coroscope::player {

using runtime::StopReason;

namespace {
// LogOutput records a print as an event of the greenlet that printed it, and
// gives input() the lines the learner types.
class LogOutput final : public Output {
 public:
  LogOutput(trace::EventLog& log, PendingInput& input, FrameReader& reader)
      : log_(log), input_(input), reader_(reader) {}
  void set_frame_reader(FrameReader f) override { reader_ = std::move(f); }
  void print(std::string_view text) override { log_.record_print(*runtime::getcurrent(), text); }
  void print_error(std::string_view text) override {
    log_.record_print(*runtime::getcurrent(), text, trace::kStderr);
  }
  void line(int n) override { log_.record_line(*runtime::getcurrent(), n); }
  void set_value_text(std::function<std::string(const std::any&)> f) override {
    log_.set_value_formatter(std::move(f));
  }
  // read_line() blocks like a terminal, but only the world: until a line is
  // queued it gives the CPU back to the host (charging more than any budget
  // stops the world at once, Yielded, and returns when the host resumes it),
  // so the Player's advance() returns and the frame is drawn. Only this
  // greenlet's statement is suspended; a resume lands back in the loop.
  std::optional<std::string> read_line() override {
    struct Waiting {  // cleared however the wait ends: a line, or killed at the run's end
      bool& flag;
      ~Waiting() { flag = false; }
    };
    input_.waiting = true;
    Waiting waiting{input_.waiting};
    while (input_.lines.empty()) runtime::current_world().charge(INT64_MAX);
    std::optional<std::string> line = std::move(input_.lines.front());
    input_.lines.pop_front();
    if (line) {  // the terminal's echo, so the console reads "name? Ada" then a new line
      log_.record_print(*runtime::getcurrent(), line->ends_with('\n') ? *line : *line + '\n');
    }
    return line;
  }

 private:
  trace::EventLog& log_;
  PendingInput& input_;
  FrameReader& reader_;
};
}  // namespace

void Output::print_error(std::string_view text) {
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

Player::Player(Program program) : program_(std::move(program)) {
  start_run();
}

Player::~Player() {
  stop_run();
}

void Player::start_run() {
  log_ = std::make_unique<trace::EventLog>();
  history_ = std::make_unique<trace::History>(*log_);
  live_.clear();
  live_at_ = SIZE_MAX;
  input_ = PendingInput{};  // typed for the old run: dropped
  frame_reader_ = nullptr;
  frames_.clear();
  output_ = std::make_unique<LogOutput>(*log_, input_, frame_reader_);
  host_ = std::make_unique<runtime::Host>(
      [main = program_.main, out = output_.get()] {
        main(*out);
        return runtime::Value();
      },
      runtime::GreenletOptions{
          program_.stack_size ? program_.stack_size : runtime::kDefaultStackSize, "main"});
  host_->world().settrace(log_.get());
  host_->set_stop_at_switch(true);
  stops_.clear();
  position_ = 0;
  goal_ = Goal::None;
  playing_ = false;
  running_ = false;
  idle_ = false;
}

void Player::stop_run() {
  if (!host_) return;
  host_->world().settrace(nullptr);  // the teardown's kills are not part of the run
  host_.reset();
  history_.reset();  // before the log it reads
  live_.clear();
}

void Player::restart() {
  stop_run();
  start_run();
}

void Player::restart(Program program) {
  stop_run();
  program_ = std::move(program);
  start_run();
}

// ---- running the world --------------------------------------------------------------

bool Player::pursue(Budget budget) {
  const Clock::time_point deadline = Clock::now() + budget.wall;
  while (goal_ != Goal::None) {
    if (host_->finished()) {
      goal_ = Goal::None;
      position_ = log_->size();
      return true;
    }
    const Clock::time_point resumed = Clock::now();
    const runtime::Stop s = host_->resume(budget.ops);
    history_->update();
    // A greenlet waiting in input() stops the world like a switch: the step
    // ends there (below) and provide_input() goes on with it.
    const bool waiting = waiting_for_input();
    if (s.reason == StopReason::Yielded && s.idle) {
      // The hub waits for I/O: nobody holds the CPU; the step goes on later.
      running_ = false;
      idle_ = true;
      if (Clock::now() >= deadline) return false;
      continue;
    }
    idle_ = false;
    if (s.reason == StopReason::Yielded && !waiting) {
      if (!running_) running_since_ = resumed;
      running_ = true;
      // A greenlet that runs on without switching: show the world as it is
      // now (its lines, its prints), not as it was when the step began.
      position_ = log_->size();
      if (Clock::now() >= deadline) return false;
      continue;
    }
    running_ = false;
    if (waiting) input_goal_ = goal_;
    if (s.reason == StopReason::Finished && host_->finished()) {
      log_->record_exit(host_->world().main(), host_->error() ? "raised" : "returned");
      history_->update();
    }
    if (stops_.empty() || stops_.back() != log_->size()) {
      stops_.push_back(log_->size());
      record_frames(s);
    }
    // Show the first line change, if the step had one; a wait for input shows
    // the world at the wait instead: the learner must see the prompt.
    if (goal_ == Goal::Line && !waiting) {
      for (std::size_t i = goal_from_; i < log_->size(); ++i) {
        if (log_->event(i).kind == trace::Kind::Line) {
          position_ = i + 1;
          goal_ = Goal::None;
          return true;
        }
      }
    }
    position_ = log_->size();
    goal_ = Goal::None;
    return true;
  }
  return true;
}

void Player::show_next_stop() {
  auto it = std::upper_bound(stops_.begin(), stops_.end(), position_);
  if (it != stops_.end()) {
    position_ = *it;
  } else if (position_ < log_->size()) {
    position_ = log_->size();
  }
}

void Player::step_switch() {
  if (goal_ != Goal::None) {  // a step is in flight: carry on with it
    pursue(Budget{});
    return;
  }
  if (!at_end() || (finished() && at_end())) {
    show_next_stop();
    return;
  }
  goal_ = Goal::Switch;
  goal_from_ = log_->size();
  pursue(Budget{});
}

void Player::step_line() {
  if (goal_ != Goal::None) {
    pursue(Budget{});
    return;
  }
  if (!at_end()) {  // in history: the next line event, else the next stop
    auto next = std::upper_bound(stops_.begin(), stops_.end(), position_);
    const std::size_t limit = next != stops_.end() ? *next : log_->size();
    for (std::size_t i = position_; i < limit; ++i) {
      if (log_->event(i).kind == trace::Kind::Line && i + 1 > position_) {
        position_ = i + 1;
        return;
      }
    }
    position_ = limit;
    return;
  }
  if (finished()) return;
  goal_ = Goal::Line;
  goal_from_ = log_->size();
  pursue(Budget{});
}

// ---- history ------------------------------------------------------------------------

void Player::back() {
  playing_ = false;
  auto it = std::lower_bound(stops_.begin(), stops_.end(), position_);
  position_ = it == stops_.begin() ? 0 : *std::prev(it);
}

void Player::forward() {
  playing_ = false;
  step_switch();
}

void Player::seek(std::size_t position) {
  playing_ = false;
  position_ = std::min(position, log_->size());
}

// ---- playing ------------------------------------------------------------------------

void Player::run(double speed) {
  speed_ = std::clamp(speed, kMinSpeed, kMaxSpeed);
  if (!std::isfinite(speed)) speed_ = 1.0;
  playing_ = true;
  next_play_step_ = Clock::now();
}

void Player::pause() {
  playing_ = false;
  goal_ = Goal::None;
}

double Player::time_at(std::size_t position) const {
  return position == 0 ? 0.0 : log_->event(std::min(position, log_->size()) - 1).time;
}

double Player::now() const {
  const runtime::Greenlet* hub = host_->world().hub_slot().get();
  const double recorded = time_at(log_->size());
  return hub ? std::max(recorded, static_cast<const hub::Hub*>(hub)->now()) : recorded;
}

// schedule_next_play_step(from): the stop just shown took this long to play:
// the virtual time it covered, and at least one pace, both scaled by speed.
void Player::schedule_next_play_step(std::size_t from) {
  const double covered = time_at(position_) - time_at(from);
  const double pace = std::chrono::duration<double>(kStepPace).count();
  const auto wait = std::chrono::duration<double>(std::max(covered, pace) / speed_);
  next_play_step_ = Clock::now() + std::chrono::duration_cast<Clock::duration>(wait);
}

bool Player::advance(Budget budget) {
  if (goal_ != Goal::None) {
    if (!pursue(budget)) return true;
    if (!playing_) return false;
  }
  if (!playing_) return false;
  if (Clock::now() < next_play_step_) return true;
  if (at_end() && finished()) {
    playing_ = false;
    return false;
  }
  const std::size_t from = position_;
  if (!at_end()) {
    show_next_stop();
  } else {
    goal_ = Goal::Switch;
    goal_from_ = log_->size();
    if (!pursue(budget)) return true;
  }
  schedule_next_play_step(from);
  return true;
}

void Player::provide_input(std::string line) {
  queue_input(std::move(line));
}

void Player::close_input() {
  queue_input(std::nullopt);
}

void Player::queue_input(std::optional<std::string> line) {
  const bool was_waiting = waiting_for_input();
  input_.lines.push_back(std::move(line));
  // Like Enter in a terminal: the program goes on at once, with the step the
  // wait ended (a step already in flight, or playing, carries on by itself).
  if (was_waiting && goal_ == Goal::None && !finished()) {
    goal_ = input_goal_;
    goal_from_ = log_->size();
  }
}

std::chrono::nanoseconds Player::running_without_switch() const {
  if (!running_) return std::chrono::nanoseconds(0);
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - running_since_);
}

trace::Snapshot Player::snapshot_at(std::size_t position) const {
  trace::Snapshot s;
  snapshot_at(position, s);
  return s;
}

const runtime::Greenlet* Player::live_greenlet(std::uint32_t id) const {
  if (live_at_ != log_->size()) {
    live_.clear();
    host_->world().for_each_started(
        [&](const runtime::Greenlet& g) { live_[static_cast<std::uint32_t>(g.id())] = &g; });
    live_at_ = log_->size();
  }
  auto it = live_.find(id);
  return it == live_.end() ? nullptr : it->second;
}

void Player::snapshot_at(std::size_t position, trace::Snapshot& out) const {
  history_->at(std::min(position, history_->size()), out,
               [this](std::uint32_t id) { return live_greenlet(id); });
}

void Player::record_frames(const runtime::Stop& s) {
  // At a stop after a switch, only the greenlet that switched away has run
  // since its last record: record it; the others' records still hold. The
  // stop names it, so no greenlet is looked up by id (O(1) per stop).
  if (!frame_reader_ || log_->empty() || s.reason != StopReason::Switched || !s.origin) return;
  const trace::Event& e = log_->event(log_->size() - 1);
  if (!trace::is_transfer(e.kind)) return;
  std::vector<PyFrame> frames;
  if (!(e.flags & trace::kOriginDied)) frames = frame_reader_(*s.origin);
  frames_[e.greenlet].push_back({log_->size(), std::move(frames)});
}

const FrameRecord* Player::frames_at(std::uint32_t id, std::size_t position,
                                     const FrameRecord** previous) const {
  if (previous) *previous = nullptr;
  auto it = frames_.find(id);
  if (it == frames_.end()) return nullptr;
  const std::vector<FrameRecord>& records = it->second;
  auto after = std::upper_bound(records.begin(), records.end(), position,
                                [](std::size_t p, const FrameRecord& r) { return p < r.position; });
  if (after == records.begin()) return nullptr;
  if (previous && after - 1 != records.begin()) *previous = &*(after - 2);
  return &*(after - 1);
}

std::string Player::output(std::size_t position) const {
  std::string out;
  const std::size_t n = std::min(position, log_->size());
  for (std::size_t i = 0; i < n; ++i) {
    const trace::Event& e = log_->event(i);
    if (e.kind == trace::Kind::Print && !(e.flags & trace::kStderr)) out += log_->text(e.text);
  }
  return out;
}

}  // namespace coroscope::player
