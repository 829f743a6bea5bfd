#pragma once
// LoadRun: many TCP clients against an echo server, on one thread, one epoll.
// Good clients each send messages one after another, every byte checked as it
// comes back; fault clients misbehave beside them (see FaultKind). Nothing in
// it knows the server: it counts bytes, as TCP promises no more (a short send
// or a message echoed in pieces is fine; a lost, extra or changed byte is not).
//
//   Config c;  c.port = 8001;  c.clients = 500;  c.faults = 40;
//   Result r = run_load(c);        // returns when every client is done or c.timeout_s passed
//   if (!r.ok()) ...               // r.failures says what went wrong, first ones first
//
// Sizes and bytes come from c.seed alone: the same seed sends the same bytes.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace coroscope::load {

struct Config {
  int port = 0;
  int clients = 500;   // good clients
  int messages = 100;  // per good client
  std::size_t min_size = 1;
  std::size_t max_size = 65536;
  std::uint64_t seed = 1;
  int faults = 0;                       // fault clients besides the good ones, kinds in turn
  int backlog = 500;                    // connects in progress at once, at most
  std::size_t garbage_bytes = 1 << 20;  // what a garbage client sends, at most
  double timeout_s = 600;               // the whole run
};

// FaultKind: how a fault client misbehaves. Fault k is kind k % 4; of the
// vanishing ones, every other one resets the connection (SO_LINGER 0).
enum class FaultKind {
  Vanish,     // one message echoed, then part of the next, then close (or RST)
  HalfClose,  // shutdown(SHUT_WR) right after connecting; expects the end of stream
  Idle,       // connects, sends nothing; closes once the good clients are done
  Garbage,    // sends random bytes, never reads; closes when sent or the good ones are done
};
const char* to_string(FaultKind k);

// Mismatch: the first byte that came back different, or a byte that should
// not have come at all (expected < 0: past the end of what was sent).
struct Mismatch {
  int client = 0;
  int message = 0;
  std::size_t offset = 0;
  int expected = 0;  // the byte sent there; -1: nothing was sent there
  int got = 0;
};

struct FaultCount {
  int started = 0;
  int finished = 0;  // ran its course (see FaultKind); half-close: got the end of stream
  int resets = 0;    // Vanish: of them, closed with an RST
  std::uint64_t bytes_sent = 0;
};

struct Result {
  int good_served = 0;  // good clients that got every byte back and the end of stream
  int good_failed = 0;
  int connect_failures = 0;  // any client, good or fault
  int mismatched_clients = 0;
  std::optional<Mismatch> first_mismatch;
  std::uint64_t messages = 0;      // completed by good clients
  std::uint64_t bytes_sent = 0;    // by good clients
  std::uint64_t bytes_echoed = 0;  // back to good clients, verified
  double wall_s = 0;               // first connect to the last good client's close
  double all_done_s = 0;           // first connect to the last client's close (faults too)
  double slowest_connect_s = 0;
  FaultCount faults[4];
  bool timed_out = false;
  std::vector<std::string> failures;  // one line each, in the order they happened (capped)
  long failure_count = 0;             // all of them, including those past the cap

  bool ok() const { return failure_count == 0; }
};

// run_load(config) runs the clients to the end; a setup error (no epoll, no
// sockets left) is a failure in the result, never an exception.
Result run_load(const Config& config);

}  // namespace coroscope::load
