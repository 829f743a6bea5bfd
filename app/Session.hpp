#pragma once
// Session: the program on screen and the Player that runs it: which demo or
// file, its source and sys.argv as run, its syntax error, what it printed
// line by line, the snapshot of the world at the position on screen, and the
// clients the app opened to it when it is a server. main applies the frame's
// Commands, then tick()s; views read the rest.
//
//   Session s = Session::demo("echo_server", why, {"8005"});   // sys.argv[1:]
//   s.apply(commands);             // step, back, seek, run edited text, open a demo, connect...
//   s.tick();                      // the player's pending work within a frame's budget; clients
//   draw(s.shown(), s.source());   // the world after s.player().position() events
//
// Nothing here runs Python outside the Player: a syntax error is found by
// parsing alone, so it is shown at its line before anything runs. The
// clients are outside the world: sockets of the app thread (see Clients).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "Clients.hpp"
#include "Commands.hpp"
#include "player/Player.hpp"
#include "script/Parser.hpp"
#include "trace/Snapshot.hpp"

namespace coroscope::app {

struct SourceText {
  std::string name;      // "pingpong.py": what the title shows
  std::string filename;  // what tracebacks name (a demo's name.py, or the path)
  std::string text;
  std::vector<std::string> lines;             // text split at newlines, without them
  std::optional<script::SyntaxError> syntax;  // set: the text does not parse
};

// ConsoleLine: one line of output, with who printed it and when.
struct ConsoleLine {
  std::size_t event = 0;  // the Print event that ended (or holds) this line
  std::uint32_t greenlet = trace::kNoGreenlet;
  double time = 0;  // virtual seconds
  std::string text;
  bool error = false;  // written to stderr (sys.stderr, gevent's failure report)
};

// ServerInfo: what the session knows of its program as a server, for the
// Clients panel and --client.
struct ServerInfo {
  bool server = false;           // a server demo, or the program said where it serves
  std::optional<int> port_arg;   // a server demo's port: sys.argv[1], else its default (8001)
  std::optional<int> announced;  // from its "serving on HOST:PORT" line, this run
  bool address_in_use = false;   // the run ended with OSError [Errno 98] Address already in use
  // port() is where clients connect: the announced port, else the argument;
  // 0 while not known (an argument of 0 lets the system pick one).
  int port() const;
};

class Session {
 public:
  // demo(name, why, args) / file(path, why, args): args are sys.argv[1:];
  // null and why when there is no such demo or the file cannot be read.
  static std::unique_ptr<Session> demo(const std::string& name, std::string& why,
                                       std::vector<std::string> args = {});
  static std::unique_ptr<Session> file(const std::string& path, std::string& why,
                                       std::vector<std::string> args = {});
  Session(std::string name, std::string filename, std::string text,
          std::vector<std::string> args = {});

  // apply(c) carries out a frame's commands (a line typed for input() goes to
  // the player, whose waiting step then goes on in tick()); notice() says what failed (a file
  // that cannot be read), for the status line.
  void apply(const Commands& c);
  // tick() lets the player do its pending work within a frame's budget,
  // polls the clients once (poll(0): never blocks), and brings shown(),
  // console() and server() up to date.
  void tick();

  const player::Player& player() const { return *player_; }
  const trace::Snapshot& shown() const { return shown_; }
  const SourceText& source() const { return source_; }
  // console() has every output line printed so far (all of the log);
  // console_lines_at(position) is how many of them exist at that position.
  const std::vector<ConsoleLine>& console() const { return console_; }
  std::size_t console_lines_at(std::size_t position) const;
  // error_text() is how the run ended badly (a traceback), empty otherwise.
  const std::string& error_text() const { return error_text_; }
  const std::string& notice() const { return notice_; }
  // demo_name() is the demo on screen, empty for a file.
  const std::string& demo_name() const { return demo_; }
  double speed() const { return speed_; }
  // run() counts the runs started (each load or restart is a new one).
  std::uint64_t run() const { return run_; }
  // args() is the script's sys.argv[1:]: from the command line, or the port
  // set in the Clients panel; kept across restarts and edits, cleared when
  // another demo or file is opened.
  const std::vector<std::string>& args() const { return args_; }
  const ServerInfo& server() const { return server_; }
  // clients() are the app's own clients of this run; every new run (restart,
  // edit, another program, another port) closes them.
  const Clients& clients() const { return clients_; }

 private:
  void load(std::string name, std::string filename, std::string text);
  void index_console();
  void update_server();
  // refresh(): shown(), console() and error_text() caught up with the player.
  void refresh();

  SourceText source_;
  std::string demo_;
  std::vector<std::string> args_;
  std::unique_ptr<player::Player> player_;
  trace::Snapshot shown_;
  std::size_t shown_position_ = SIZE_MAX, shown_frontier_ = SIZE_MAX;
  std::vector<ConsoleLine> console_;
  bool console_open_line_ = false;  // the last line has no newline yet
  std::size_t console_consumed_ = 0;
  std::string error_text_;
  std::string notice_;
  double speed_ = 1.0;  // for the next run (Enter)
  std::uint64_t run_ = 0;
  ServerInfo server_;
  std::size_t server_lines_ = 0;  // console lines read for the announced port
  Clients clients_;
};

}  // namespace coroscope::app
