#pragma once
// ServerProbe: what /proc tells of another process of this user (the server
// under load), read at a moment; nothing is cached.
//
//   std::optional<int> before = open_fds(pid);   // entries in /proc/PID/fd
//   std::optional<Memory> m = memory(pid);         // VmHWM and VmRSS, in KiB
//   std::optional<double> cpu = cpu_seconds(pid);  // user + system time so far
//   if (!before) ...                               // no such process, or not ours

#include <optional>

#include <sys/types.h>

namespace coroscope::load {

// open_fds(pid): how many file descriptors pid has open now.
std::optional<int> open_fds(pid_t pid);

struct Memory {
  long peak_kib = 0;  // VmHWM: the peak resident set since the process started
  long rss_kib = 0;   // VmRSS: resident now
};
std::optional<Memory> memory(pid_t pid);

// cpu_seconds(pid): the CPU time pid has used so far, user and system, its
// threads included (/proc/PID/stat, in clock ticks: 10 ms resolution).
std::optional<double> cpu_seconds(pid_t pid);

}  // namespace coroscope::load
