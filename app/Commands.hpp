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

namespace coroscope::app {

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
  bool toggle_presentation = false;       // F5
  bool save_screenshot = false;           // Ctrl+S
};

}  // namespace coroscope::app
