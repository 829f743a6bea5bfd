#include "Session.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
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

int ServerInfo::port() const {
  if (announced) return *announced;
  return port_arg.value_or(0);
}

std::unique_ptr<Session> Session::demo(const std::string& name, std::string& why,
                                       std::vector<std::string> args) {
  const Demo* d = find_demo(name);
  if (!d) {
    why = "no demo named '" + name + "'";
    return nullptr;
  }
  auto s = std::make_unique<Session>(name + ".py", name + ".py", d->source, std::move(args));
  s->demo_ = name;
  s->update_server();
  return s;
}

std::unique_ptr<Session> Session::file(const std::string& path, std::string& why,
                                       std::vector<std::string> args) {
  std::optional<std::string> text = read_file(path, why);
  if (!text) return nullptr;
  return std::make_unique<Session>(base_name(path), path, std::move(*text), std::move(args));
}

Session::Session(std::string name, std::string filename, std::string text,
                 std::vector<std::string> args)
    : args_(std::move(args)) {
  load(std::move(name), std::move(filename), std::move(text));
}

void Session::load(std::string name, std::string filename, std::string text) {
  source_.name = std::move(name);
  source_.filename = std::move(filename);
  source_.text = std::move(text);
  source_.lines = split_lines(source_.text);
  source_.syntax = script::parse(source_.text, source_.filename).error;
  std::vector<std::string> argv{source_.filename};
  argv.insert(argv.end(), args_.begin(), args_.end());
  player::Program program = player::script_program(source_.filename, source_.text, argv);
  clients_.close_all();  // they talked to the old run's server
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
  server_lines_ = 0;
  server_.announced.reset();
  update_server();
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
      args_.clear();
      load(demo_ + ".py", demo_ + ".py", d->source);
    }
    return;
  }
  if (c.open_file) {
    std::string why;
    if (std::optional<std::string> text = read_file(*c.open_file, why)) {
      demo_.clear();
      notice_.clear();
      args_.clear();
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
  if (c.args) {  // a new port: the run starts over with it
    args_ = *c.args;
    load(source_.name, source_.filename, source_.text);
    return;
  }
  if (c.restart) {
    load(source_.name, source_.filename, source_.text);
    return;
  }
  if (c.connect_client && server_.port() > 0) clients_.connect(server_.port());
  if (c.client_send) clients_.send(c.client_send->client, c.client_send->line);
  if (c.client_close) clients_.close(*c.client_close);
  if (c.clear_clients) clients_.forget_finished();
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
  clients_.poll();  // after the world's turn: an echo it sent is read this frame
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
  update_server();
}

void Session::update_server() {
  const Demo* d = demo_.empty() ? nullptr : find_demo(demo_);
  server_.port_arg.reset();
  if (d && d->port > 0) {
    int port = d->port;
    if (!args_.empty()) {
      const std::string& a = args_.front();
      const auto [end, ec] = std::from_chars(a.data(), a.data() + a.size(), port);
      if (ec != std::errc() || end != a.data() + a.size()) port = d->port;
    }
    server_.port_arg = port;
  }
  // Only whole lines: a line still being printed may hold half a port.
  const std::size_t whole = console_.size() - (console_open_line_ ? 1 : 0);
  for (; server_lines_ < whole && !server_.announced; ++server_lines_) {
    const ConsoleLine& l = console_[server_lines_];
    if (!l.error) server_.announced = announced_port(l.text);
  }
  server_.address_in_use = error_text_.find("Address already in use") != std::string::npos;
  server_.server = server_.port_arg.has_value() || server_.announced.has_value();
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
