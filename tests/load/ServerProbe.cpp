#include "ServerProbe.hpp"

#include <dirent.h>

#include <cstdio>
#include <string>

namespace coroscope::load {

std::optional<int> open_fds(pid_t pid) {
  const std::string path = "/proc/" + std::to_string(pid) + "/fd";
  DIR* dir = ::opendir(path.c_str());
  if (!dir) return std::nullopt;
  int n = 0;
  while (const dirent* e = ::readdir(dir)) {
    if (e->d_name[0] != '.') ++n;
  }
  ::closedir(dir);
  return n;
}

std::optional<Memory> memory(pid_t pid) {
  const std::string path = "/proc/" + std::to_string(pid) + "/status";
  std::FILE* f = std::fopen(path.c_str(), "r");
  if (!f) return std::nullopt;
  Memory m;
  int found = 0;
  char line[256];
  while (std::fgets(line, sizeof line, f)) {
    if (std::sscanf(line, "VmHWM: %ld kB", &m.peak_kib) == 1) ++found;
    if (std::sscanf(line, "VmRSS: %ld kB", &m.rss_kib) == 1) ++found;
  }
  std::fclose(f);
  if (found != 2) return std::nullopt;
  return m;
}

}  // namespace coroscope::load
