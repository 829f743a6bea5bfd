#pragma once
// Demos: the seed's lessons (assets/demos/*.py), built into the binary.
//
//   for (const Demo& d : demos()) std::printf("%s  %s\n", d.name.c_str(), d.summary.c_str());
//   const Demo* d = find_demo("gevent_sleep");     // null if there is none

#include <string>
#include <string_view>
#include <vector>

namespace coroscope::app {

struct Demo {
  std::string name;     // "gevent_sleep"
  std::string source;   // the script
  std::string summary;  // its opening comment, one line
  std::string level;    // for the gallery: "1 · first steps" ... "3 · at scale"
  int port = 0;         // a server's port when sys.argv[1] names none; 0: not a server
};

const std::vector<Demo>& demos();
const Demo* find_demo(std::string_view name);

}  // namespace coroscope::app
