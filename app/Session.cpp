#include "Session.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "Demos.hpp"
#include "player/ScriptProgram.hpp"

namespace coroscope::app {

namespace {

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(std::move(line));
  return lines;
}

std::string base_name(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::optional<std::string> read_file(const std::string& path, std::string& why) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    why = "cannot read " + path + ": " + std::strerror(errno);
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::unique_ptr<Session> Session::demo(const std::string& name, std::string& why) {
  const Demo* d = find_demo(name);
  if (!d) {
    why = "no demo named '" + name + "'";
    return nullptr;
  }
  auto s = std::make_unique<Session>(name + ".py", name + ".py", d->source);
  s->demo_ = name;
  return s;
}

std::unique_ptr<Session> Session::file(const std::string& path, std::string& why) {
  std::optional<std::string> text = read_file(path, why);
  if (!text) return nullptr;
  return std::make_unique<Session>(base_name(path), path, std::move(*text));
}

Session::Session(std::string name, std::string filename, std::string text) {
  load(std::move(name), std::move(filename), std::move(text));
}

void Session::load(std::string name, std::string filename, std::string text) {
  source_.name = std::move(name);
  source_.filename = std::move(filename);
  source_.text = std::move(text);
  source_.lines = split_lines(source_.text);
  source_.syntax = script::parse(source_.text, source_.filename).error;
  player::Program program = player::script_program(source_.filename, source_.text);
  if (player_) {
    player_->restart(std::move(program));
  } else {
    player_ = std::make_unique<player::Player>(std::move(program));
  }
  ++run_;
  console_.clear();
  console_open_line_ = false;
  console_consumed_ = 0;
  error_text_.clear();
  shown_position_ = shown_frontier_ = SIZE_MAX;
  tick();
}

void Session::apply(const Commands& c) {
  player::Player& p = *player_;
  if (c.open_demo) {
    const Demo* d = find_demo(*c.open_demo);
    if (!d) {
      notice_ = "no demo named '" + *c.open_demo + "'";
    } else {
      demo_ = *c.open_demo;
      notice_.clear();
      load(demo_ + ".py", demo_ + ".py", d->source);
    }
    return;
  }
  if (c.open_file) {
    std::string why;
    if (std::optional<std::string> text = read_file(*c.open_file, why)) {
      demo_.clear();
      notice_.clear();
      load(base_name(*c.open_file), *c.open_file, std::move(*text));
    } else {
      notice_ = why;
    }
    return;
  }
  if (c.run_source) {
    load(source_.name, source_.filename, *c.run_source);
    return;
  }
  if (c.restart) {
    load(source_.name, source_.filename, source_.text);
    return;
  }
  // A typed line first: a step asked for in the same frame then runs with it.
  if (c.input_line) p.provide_input(*c.input_line);
  if (c.close_input) p.close_input();
  if (c.speed) {
    const bool playing = p.playing();
    if (playing) p.run(*c.speed);
    speed_ = std::clamp(*c.speed, player::Player::kMinSpeed, player::Player::kMaxSpeed);
  }
  if (c.toggle_play) {
    if (p.playing()) {
      p.pause();
    } else {
      p.run(speed_);
    }
  }
  if (c.seek) {
    p.pause();
    p.seek(*c.seek);
  }
  if (c.back) {
    p.pause();
    p.back();
  }
  if (c.forward) p.forward();
  if (c.step_switch) p.step_switch();
  if (c.step_line) p.step_line();
  refresh();
}

void Session::tick() {
  player_->advance();
  refresh();
}

void Session::refresh() {
  const std::size_t position = player_->position(), frontier = player_->frontier();
  if (position == shown_position_ && frontier == shown_frontier_) return;
  shown_position_ = position;
  shown_frontier_ = frontier;
  player_->snapshot(shown_);
  index_console();
  if (player_->finished() && error_text_.empty()) {
    if (std::exception_ptr e = player_->error()) {
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& x) {
        error_text_ = x.what();
      } catch (...) {
        error_text_ = "the program raised something that is not an exception";
      }
    }
  }
}

void Session::index_console() {
  const trace::EventLog& log = player_->log();
  for (; console_consumed_ < log.size(); ++console_consumed_) {
    const trace::Event& e = log.event(console_consumed_);
    if (e.kind != trace::Kind::Print) continue;
    std::string_view text = log.text(e.text);
    const bool error = (e.flags & trace::kStderr) != 0;
    while (!text.empty()) {
      const std::size_t nl = text.find('\n');
      const std::string_view piece = text.substr(0, nl);
      if (console_open_line_ && console_.back().greenlet == e.greenlet &&
          console_.back().error == error) {
        console_.back().text += piece;
        console_.back().event = console_consumed_;
      } else {
        console_.push_back({console_consumed_, e.greenlet, e.time, std::string(piece), error});
      }
      console_open_line_ = nl == std::string_view::npos;
      if (console_open_line_) break;
      text.remove_prefix(nl + 1);
    }
  }
}

std::size_t Session::console_lines_at(std::size_t position) const {
  // Lines whose (last) Print event is before position; a line still being
  // written at position shows what was there (close enough: it is rare).
  std::size_t lo = 0, hi = console_.size();
  while (lo < hi) {
    const std::size_t mid = (lo + hi) / 2;
    if (console_[mid].event < position) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

}  // namespace coroscope::app
