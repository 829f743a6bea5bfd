#pragma once
// ScriptProgram: a Python script as a Program for the Player: the script
// runs in the player's world, its prints and line changes recorded as
// events. A script that raises (or does not parse) ends the run with a
// ScriptError whose text is the traceback as CPython prints it.
//
//   Player p(script_program("lesson.py", source));

#include <stdexcept>
#include <string>
#include <vector>

#include "player/Player.hpp"

namespace coroscope::player {

// ScriptError: how a script ended badly: what() is what CPython prints on
// stderr (a traceback, a syntax error, sys.exit's message), status what the
// process exits with (1, or sys.exit(n)'s n).
struct ScriptError : std::runtime_error {
  explicit ScriptError(const std::string& text, int exit_status = 1)
      : std::runtime_error(text), status(exit_status) {}
  int status;
};

// script_program(filename, source, argv): argv is sys.argv (default: the
// filename alone); filename is what tracebacks name. A source that names
// COROSCOPE_SITE runs with Coroscope's slow site (io::SlowSite) serving on
// 127.0.0.1 for the run and its address in os.environ["COROSCOPE_SITE"],
// unless the process's environment sets that variable already.
Program script_program(std::string filename, std::string source,
                       std::vector<std::string> argv = {});

}  // namespace coroscope::player
