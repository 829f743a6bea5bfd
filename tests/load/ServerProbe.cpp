#include "ServerProbe.hpp"

#include <dirent.h>
#include <unistd.h>

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

std::optional<double> cpu_seconds(pid_t pid) {
  const std::string path = "/proc/" + std::to_string(pid) + "/stat";
  std::FILE* f = std::fopen(path.c_str(), "r");
  if (!f) return std::nullopt;
  char line[1024];
  const bool read = std::fgets(line, sizeof line, f) != nullptr;
  std::fclose(f);
  if (!read) return std::nullopt;
  // Fields 14 and 15 (utime, stime) follow the command, which is in
  // parentheses and may hold spaces: count from the last ')'.
  const std::string text = line;
  const auto close = text.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  unsigned long utime = 0, stime = 0;
  if (std::sscanf(text.c_str() + close + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
                  &utime, &stime) != 2) {
    return std::nullopt;
  }
  return static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

}  // namespace coroscope::load
