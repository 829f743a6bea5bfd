#include "Prefs.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <system_error>

namespace coroscope::app {

std::optional<std::filesystem::path> Prefs::path() {
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg == '/') {
    return std::filesystem::path(xdg) / "coroscope" / "prefs.ini";
  }
  if (const char* home = std::getenv("HOME"); home && *home) {
    return std::filesystem::path(home) / ".config" / "coroscope" / "prefs.ini";
  }
  return std::nullopt;
}

Prefs Prefs::load() {
  Prefs p;
  const auto file = path();
  if (!file) return p;
  std::ifstream in(*file);
  for (std::string line; std::getline(in, line);) {
    const std::size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    const std::string key = line.substr(0, eq), value = line.substr(eq + 1);
    // A value that does not parse keeps its default: a hand-edited file never stops the app.
    char* end = nullptr;
    if (key == "presentation") {
      p.presentation = value == "1";
    } else if (key == "presentation_zoom") {
      const float z = std::strtof(value.c_str(), &end);
      if (end != value.c_str() && z >= 1.0f && z <= 4.0f) p.presentation_zoom = z;
    } else if (key == "speed") {
      const double s = std::strtod(value.c_str(), &end);
      if (end != value.c_str() && s >= 0.1 && s <= 10.0) p.speed = s;
    } else if (key == "demo") {
      p.demo = value;
    }
  }
  return p;
}

bool Prefs::save(std::string& why) const {
  const auto file = path();
  if (!file) {
    why = "neither XDG_CONFIG_HOME nor HOME is set";
    return false;
  }
  std::error_code ec;
  std::filesystem::create_directories(file->parent_path(), ec);
  std::ofstream out(*file, std::ios::trunc);
  out << "presentation=" << (presentation ? 1 : 0) << "\n"
      << "presentation_zoom=" << presentation_zoom << "\n"
      << "speed=" << speed << "\n"
      << "demo=" << demo << "\n";
  out.flush();
  if (!out) {
    why = "cannot write " + file->string();
    return false;
  }
  return true;
}

}  // namespace coroscope::app
