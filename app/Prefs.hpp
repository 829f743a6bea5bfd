#pragma once
// Prefs: what the app remembers between runs, in the user's config folder
// ($XDG_CONFIG_HOME/coroscope/prefs.ini, else ~/.config/coroscope/prefs.ini),
// never in the working directory.
//
//   Prefs p = Prefs::load();         // defaults when there is no file or it is unreadable
//   p.presentation = true;
//   std::string why; p.save(why);    // false and why when the folder cannot be written

#include <filesystem>
#include <optional>
#include <string>

namespace coroscope::app {

struct Prefs {
  bool presentation = false;       // F5
  float presentation_zoom = 1.6f;  // one zoom for every panel in presentation mode
  double speed = 1.0;              // Run's speed
  std::string demo;                // the last demo shown

  // path(): the file, or none when neither XDG_CONFIG_HOME nor HOME is set.
  static std::optional<std::filesystem::path> path();
  static Prefs load();
  bool save(std::string& why) const;
};

}  // namespace coroscope::app
