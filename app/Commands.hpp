#pragma once
// Commands: what keys and views ask of the session this frame. Views set
// fields; main hands them to Session::apply() before the next frame, so no
// view ever touches the player or its fibers.
//
//   if (ImGui::Button("Step")) ctx.commands.step_switch = true;
//   session.apply(std::exchange(commands, {}));

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace coroscope::app {

// ClientLine: a line for one of the app's clients to send (Clients panel).
struct ClientLine {
  int client = 0;    // Client::id
  std::string line;  // without its "\n"
};
using ScriptArgs = std::vector<std::string>;  // sys.argv[1:]

struct Commands {
  bool step_switch = false;               // Space, PgDn: to the next switch
  bool step_line = false;                 // N: to the next line change (or switch)
  bool back = false;                      // Left, PgUp: the previous stop
  bool forward = false;                   // Right: the next stop (runs more past the end)
  bool toggle_play = false;               // Enter: run / pause
  bool restart = false;                   // R: the same program from the start
  std::optional<double> speed;            // 0.1x .. 10x
  std::optional<std::size_t> seek;        // show the world after this many events
  std::optional<std::string> open_demo;   // a demo's name
  std::optional<std::string> open_file;   // a path to a .py file
  std::optional<std::string> run_source;  // Run: the edited text, same file name
  std::optional<std::string> input_line;  // Console: a line typed for input()
  bool close_input = false;               // Console: end of input (input() raises EOFError)
  std::optional<ScriptArgs> args;         // Clients: a new port: run again with these
  bool connect_client = false;            // Clients: a new client to the server's port
  std::optional<ClientLine> client_send;  // Clients: a line to send
  std::optional<int> client_close;        // Clients: end of stream, or close at once
  bool clear_clients = false;             // Clients: forget the closed and failed ones
  bool toggle_presentation = false;       // F5
  bool save_screenshot = false;           // Ctrl+S
};

}  // namespace coroscope::app
