#pragma once
// ScriptProgram: a Python script as a Program for the Player: the script
// runs in the player's world, its prints and line changes recorded as
// events. A script that raises (or does not parse) ends the run with a
// ScriptError whose text is the traceback as CPython prints it.
//
//   Player p(script_program("lesson.py", source));

#include <stdexcept>
#include <string>

#include "player/Player.hpp"

namespace coroscope::player {

struct ScriptError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

Program script_program(std::string filename, std::string source);

}  // namespace coroscope::player
