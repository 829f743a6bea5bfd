// coroscope_echo_load: a load generator for an echo server such as
// assets/demos/echo_server.py, under Coroscope or under CPython + gevent.
//
//   coroscope_echo_load --port 8001 --clients 500 --messages 100 --faults 40
//   coroscope_echo_load --port 8001 --server-pid "$(pgrep -n coroscope)" --json
//
// Good clients send messages of random sizes one after another, each echoed
// back in full and checked byte for byte before the next; fault clients
// vanish, half-close, idle or flood beside them (LoadRun.hpp). With
// --server-pid it also checks that the server's fd count comes back to where
// it was once every client is gone, and reads its peak memory. Exit status: 0
// when every good client was served exactly and nothing leaked; 1 otherwise;
// 2 for bad usage.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <thread>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "LoadRun.hpp"
#include "ServerProbe.hpp"

namespace {

using namespace coroscope::load;

constexpr double kFdWaitSeconds = 5;

// ServerReport: the server as /proc showed it, before and after the load.
struct ServerReport {
  pid_t pid = 0;
  int fds_before = 0;
  std::optional<int> fds_after;  // none: the process went away
  double fds_wait_s = 0;         // how long until the count came back (or gave up)
  std::optional<double> cpu_s;   // CPU time (user + system) the server used during the load
  std::optional<Memory> mem;
  bool fds_back() const { return fds_after && *fds_after == fds_before; }
};

// settled_fds(pid): pid's fd count once two reads 50 ms apart agree (a
// connection the server is still closing, such as a readiness probe's, is
// not counted), or the last read after a second.
std::optional<int> settled_fds(pid_t pid) {
  std::optional<int> last = open_fds(pid);
  for (int i = 0; last && i < 20; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    const std::optional<int> now = open_fds(pid);
    if (now == last) break;
    last = now;
  }
  return last;
}

// wait_for_fds(s): polls the server's fd count until it is back to where it
// was before the first client, for up to kFdWaitSeconds.
void wait_for_fds(ServerReport& s) {
  const auto start = std::chrono::steady_clock::now();
  for (;;) {
    s.fds_after = open_fds(s.pid);
    s.fds_wait_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!s.fds_after || s.fds_back() || s.fds_wait_s >= kFdWaitSeconds) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

// pick_port(): a port free on 127.0.0.1 now (bound to port 0, read, closed);
// 0 if none could be had. Someone else may take it before the server does.
int pick_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return 0;
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof sa;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len) == 0) {
    port = ntohs(sa.sin_port);
  }
  ::close(fd);
  return port;
}

double per_second(double n, double s) {
  return s > 0 ? n / s : 0;
}

void print_text(const Config& c, const Result& r, const std::optional<ServerReport>& server) {
  std::printf(
      "echo load: %d clients x %d messages (%zu..%zu B, seed %llu) + %d fault clients "
      "on 127.0.0.1:%d\n",
      c.clients, c.messages, c.min_size, c.max_size, static_cast<unsigned long long>(c.seed),
      c.faults, c.port);
  std::printf(
      "good clients: %d of %d served completely, %d failed; %llu messages, "
      "%.1f MB sent, %.1f MB echoed back\n",
      r.good_served, c.clients, r.good_failed, static_cast<unsigned long long>(r.messages),
      r.bytes_sent / 1e6, r.bytes_echoed / 1e6);
  std::printf(
      "wall %.3f s (first connect to the last good client's close): %.0f messages/s, "
      "%.1f MB/s echoed; all clients closed at %.3f s\n",
      r.wall_s, per_second(r.messages, r.wall_s), per_second(r.bytes_echoed / 1e6, r.wall_s),
      r.all_done_s);
  std::printf("connects: %d failed; slowest %.3f s\n", r.connect_failures, r.slowest_connect_s);
  for (int k = 0; k < 4; ++k) {
    const FaultCount& f = r.faults[k];
    if (f.started == 0) continue;
    std::printf("faults %-10s %d started, %d ran their course",
                to_string(static_cast<FaultKind>(k)), f.started, f.finished);
    if (static_cast<FaultKind>(k) == FaultKind::Vanish) std::printf(" (%d with an RST)", f.resets);
    if (f.bytes_sent) std::printf(", %.1f MB sent", f.bytes_sent / 1e6);
    std::printf("\n");
  }
  if (r.first_mismatch) {
    const Mismatch& m = *r.first_mismatch;
    std::printf("mismatches: %d clients; first: client %d, message %d, offset %zu\n",
                r.mismatched_clients, m.client, m.message, m.offset);
  }
  if (server) {
    std::printf("server %d: %d fds before, ", server->pid, server->fds_before);
    if (server->fds_after) {
      std::printf("%d after (%s in %.2f s)", *server->fds_after,
                  server->fds_back() ? "back" : "not back", server->fds_wait_s);
    } else {
      std::printf("gone after");
    }
    if (server->cpu_s) std::printf("; %.2f s of CPU during the load", *server->cpu_s);
    if (server->mem) {
      std::printf("; peak memory (VmHWM) %.1f MiB, RSS now %.1f MiB",
                  server->mem->peak_kib / 1024.0, server->mem->rss_kib / 1024.0);
    }
    std::printf("\n");
  }
  for (const std::string& line : r.failures) std::printf("FAIL %s\n", line.c_str());
  if (r.failure_count > static_cast<long>(r.failures.size())) {
    std::printf("FAIL ... and %ld more\n", r.failure_count - static_cast<long>(r.failures.size()));
  }
}

nlohmann::json to_json(const Config& c, const Result& r, const std::optional<ServerReport>& server,
                       bool ok) {
  nlohmann::json j = {
      {"ok", ok},
      {"clients", c.clients},
      {"messages_per_client", c.messages},
      {"min_size", c.min_size},
      {"max_size", c.max_size},
      {"seed", c.seed},
      {"good_served", r.good_served},
      {"good_failed", r.good_failed},
      {"connect_failures", r.connect_failures},
      {"messages", r.messages},
      {"bytes_sent", r.bytes_sent},
      {"bytes_echoed", r.bytes_echoed},
      {"wall_s", r.wall_s},
      {"all_done_s", r.all_done_s},
      {"messages_per_s", per_second(r.messages, r.wall_s)},
      {"mb_per_s", per_second(r.bytes_echoed / 1e6, r.wall_s)},
      {"slowest_connect_s", r.slowest_connect_s},
      {"timed_out", r.timed_out},
      {"mismatched_clients", r.mismatched_clients},
      {"failure_count", r.failure_count},
      {"failures", r.failures},
  };
  if (r.first_mismatch) {
    const Mismatch& m = *r.first_mismatch;
    j["first_mismatch"] = {{"client", m.client},
                           {"message", m.message},
                           {"offset", m.offset},
                           {"expected", m.expected},
                           {"got", m.got}};
  }
  for (int k = 0; k < 4; ++k) {
    const FaultCount& f = r.faults[k];
    j["faults"][to_string(static_cast<FaultKind>(k))] = {{"started", f.started},
                                                         {"finished", f.finished},
                                                         {"resets", f.resets},
                                                         {"bytes_sent", f.bytes_sent}};
  }
  if (server) {
    j["server"] = {{"pid", server->pid},
                   {"fds_before", server->fds_before},
                   {"fds_back", server->fds_back()},
                   {"fds_wait_s", server->fds_wait_s}};
    j["server"]["fds_after"] = server->fds_after ? nlohmann::json(*server->fds_after) : nullptr;
    if (server->cpu_s) j["server"]["cpu_s"] = *server->cpu_s;
    if (server->mem) {
      j["server"]["peak_mib"] = server->mem->peak_kib / 1024.0;
      j["server"]["rss_mib"] = server->mem->rss_kib / 1024.0;
    }
  }
  return j;
}

}  // namespace

int main(int argc, char** argv) {
  Config c;
  int server_pid = 0;
  bool json = false;
  CLI::App app{"Many clients against an echo server; every byte checked.", "coroscope_echo_load"};
  bool pick = false;
  app.add_option("--port", c.port, "The server's port on 127.0.0.1 (required)")
      ->check(CLI::Range(1, 65535));
  app.add_flag("--pick-port", pick, "Print a port free on 127.0.0.1 now, and exit");
  app.add_option("--clients", c.clients, "Good clients, all connected at once")
      ->capture_default_str()
      ->check(CLI::Range(0, 100000));
  app.add_option("--messages", c.messages, "Messages per good client, one after another")
      ->capture_default_str()
      ->check(CLI::Range(0, 100000000));
  app.add_option("--min-size", c.min_size, "Smallest message, in bytes")
      ->capture_default_str()
      ->check(CLI::Range(1, 1 << 30));
  app.add_option("--max-size", c.max_size, "Largest message, in bytes")
      ->capture_default_str()
      ->check(CLI::Range(1, 1 << 30));
  app.add_option("--seed", c.seed, "Seeds every size and byte sent")->capture_default_str();
  app.add_option("--faults", c.faults,
                 "Fault clients besides the good ones: vanish, half-close, idle, garbage in turn")
      ->capture_default_str()
      ->check(CLI::Range(0, 100000));
  app.add_option("--backlog", c.backlog,
                 "Clients waiting to be accepted, at most: the server's listen backlog")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  app.add_option("--garbage-bytes", c.garbage_bytes, "What each garbage client sends, at most")
      ->capture_default_str();
  app.add_option("--timeout", c.timeout_s, "Give up after this many seconds")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--server-pid", server_pid,
                 "The server's pid: check its fd count comes back, report its memory")
      ->check(CLI::PositiveNumber);
  app.add_flag("--json", json, "The result as one JSON object on stdout");
  CLI11_PARSE(app, argc, argv);
  if (pick) {
    const int port = pick_port();
    if (port) std::printf("%d\n", port);
    return port ? 0 : 1;
  }
  if (!c.port) {
    std::fprintf(stderr, "coroscope_echo_load: --port P is required (see --help)\n");
    return 2;
  }
  if (c.min_size > c.max_size) {
    std::fprintf(stderr, "coroscope_echo_load: --min-size %zu is over --max-size %zu\n", c.min_size,
                 c.max_size);
    return 2;
  }

  std::optional<ServerReport> server;
  if (server_pid) {
    const std::optional<int> before = settled_fds(server_pid);
    if (!before) {
      std::fprintf(stderr, "coroscope_echo_load: cannot read /proc/%d/fd\n", server_pid);
      return 2;
    }
    server.emplace();
    server->pid = server_pid;
    server->fds_before = *before;
  }
  const std::optional<double> cpu_before = server ? cpu_seconds(server->pid) : std::nullopt;
  Result r = run_load(c);
  bool ok = r.ok();
  if (server) {
    if (const std::optional<double> cpu_after = cpu_seconds(server->pid); cpu_before && cpu_after) {
      server->cpu_s = *cpu_after - *cpu_before;
    }
    wait_for_fds(*server);
    server->mem = memory(server->pid);
    if (!server->fds_back()) {
      ok = false;
      char text[160];
      if (server->fds_after) {
        std::snprintf(text, sizeof text,
                      "the server has %d fds open %.0f s after the last client closed, %d before "
                      "the first",
                      *server->fds_after, kFdWaitSeconds, server->fds_before);
      } else {
        std::snprintf(text, sizeof text, "the server (pid %d) is gone", server->pid);
      }
      r.failures.push_back(text);
      ++r.failure_count;
    }
  }
  if (json) {
    std::printf("%s\n", to_json(c, r, server, ok).dump(2).c_str());
  } else {
    print_text(c, r, server);
    std::printf("%s\n", ok ? "OK" : "FAILED");
  }
  return ok ? 0 : 1;
}
