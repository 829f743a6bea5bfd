#include "LoadRun.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <numeric>

namespace coroscope::load {

const char* to_string(FaultKind k) {
  switch (k) {
    case FaultKind::Vanish:
      return "vanish";
    case FaultKind::HalfClose:
      return "half-close";
    case FaultKind::Idle:
      return "idle";
    case FaultKind::Garbage:
      return "garbage";
  }
  return "?";
}

namespace {

using SteadyClock = std::chrono::steady_clock;
constexpr std::size_t kMaxFailureLines = 20;
constexpr std::size_t kRecvBuffer = 256 * 1024;
constexpr std::size_t kGarbageChunk = 64 * 1024;

double seconds(SteadyClock::duration d) {
  return std::chrono::duration<double>(d).count();
}

// Rng: xoshiro256** seeded through splitmix64: fast enough to make a
// gigabyte of message bytes without slowing the clients, and the same
// everywhere for the same seed.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) {
    for (auto& s : s_) {
      seed += 0x9e3779b97f4a7c15ULL;
      std::uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      s = z ^ (z >> 31);
    }
  }
  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  // between(lo, hi): a number in [lo, hi] (the modulo bias is far below what matters here).
  std::size_t between(std::size_t lo, std::size_t hi) { return lo + next() % (hi - lo + 1); }
  void fill(unsigned char* p, std::size_t n) {
    for (; n >= 8; p += 8, n -= 8) {
      const std::uint64_t v = next();
      std::memcpy(p, &v, 8);
    }
    if (n) {
      const std::uint64_t v = next();
      std::memcpy(p, &v, n);
    }
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

enum class State { Queued, Connecting, Running, Draining, Done, Failed };

// Client: one connection and where it is. Good clients and Vanish faults echo
// (send msg, check what comes back against it); the others see their kind.
struct Client {
  int index = 0;
  bool good = true;
  FaultKind kind = FaultKind::Vanish;
  bool reset = false;  // Vanish: close with SO_LINGER 0 (an RST)
  State state = State::Queued;
  int fd = -1;
  Rng rng{0};
  std::vector<unsigned char> msg;  // the message in flight (Garbage: its chunk)
  std::size_t limit = 0;           // bytes of msg to send: all, or part (Vanish's last)
  std::size_t sent = 0;
  std::size_t got = 0;
  int message = 0;  // the one in flight, from 0
  bool partial = false;
  bool accepted = false;  // see Runner::accepted
  std::uint64_t garbage_sent = 0;
  SteadyClock::time_point connect_start;

  bool finished() const { return state == State::Done || state == State::Failed; }
  bool echoes() const { return good || kind == FaultKind::Vanish; }
  std::string name() const {
    return "client " + std::to_string(index) + " (" + (good ? "good" : to_string(kind)) + ")";
  }
};

bool would_block(int e) {
  return e == EAGAIN || e == EWOULDBLOCK;
}

class Runner {
 public:
  explicit Runner(const Config& c) : config_(c), buf_(kRecvBuffer) {}
  ~Runner() {
    for (Client& c : clients_)
      if (c.fd >= 0) ::close(c.fd);
    if (epoll_ >= 0) ::close(epoll_);
  }

  Result run();

 private:
  void launch_more();
  void accepted(Client& c);
  void start(Client& c);
  void on_event(Client& c, std::uint32_t events);
  void connected(Client& c);
  void pump_echo(Client& c);
  bool check(Client& c, std::size_t n);
  void next_message(Client& c);
  void end_of_stream(Client& c);
  void pump_garbage(Client& c);
  void pump_quiet(Client& c);
  void finish(Client& c, bool ok);
  void fail(Client& c, const std::string& why);
  void failure(const std::string& line);
  void good_clients_done();

  const Config& config_;
  Result r_;
  std::vector<Client> clients_;
  std::vector<int> order_;  // launch order: good and fault clients shuffled together
  std::size_t launched_ = 0;
  int unaccepted_ = 0;  // started, not finished, not yet shown to be accepted (see accepted)
  int good_left_ = 0;
  int left_ = 0;
  int epoll_ = -1;
  std::vector<unsigned char> buf_;
  SteadyClock::time_point first_connect_;
  bool good_done_ = false;
};

void Runner::failure(const std::string& line) {
  if (r_.failures.size() < kMaxFailureLines) r_.failures.push_back(line);
  ++r_.failure_count;
}

void Runner::fail(Client& c, const std::string& why) {
  failure(c.name() + ": " + why);
  if (c.good) ++r_.good_failed;
  finish(c, false);
}

// finish(c, ok) closes c for good and counts it out.
void Runner::finish(Client& c, bool ok) {
  if (c.finished()) return;
  if (c.fd >= 0) ::close(c.fd);  // closing also takes it out of the epoll set
  c.fd = -1;
  const bool started = c.state != State::Queued;
  c.state = ok ? State::Done : State::Failed;
  c.msg = {};
  if (started) accepted(c);  // it no longer waits in the server's backlog
  const double at = seconds(SteadyClock::now() - first_connect_);
  r_.all_done_s = std::max(r_.all_done_s, at);
  --left_;
  if (c.good) {
    if (ok) ++r_.good_served;
    r_.wall_s = std::max(r_.wall_s, at);
    if (--good_left_ == 0) good_clients_done();
  } else if (ok) {
    ++r_.faults[static_cast<int>(c.kind)].finished;
  }
}

// good_clients_done(): idle and garbage clients close now; half-closed ones
// still wait for the server's end of stream.
void Runner::good_clients_done() {
  good_done_ = true;
  for (Client& c : clients_) {
    if (c.good || c.finished()) continue;
    if (c.kind == FaultKind::Idle || c.kind == FaultKind::Garbage) {
      if (c.state == State::Running) finish(c, true);
    }
  }
}

// launch_more() starts clients while fewer than config_.backlog wait in the
// server's listen queue as far as we know, so that none overflows it (an
// overflowing SYN is dropped, and its connect waits a second for the retry).
void Runner::launch_more() {
  while (unaccepted_ < config_.backlog && launched_ < order_.size()) {
    start(clients_[order_[launched_++]]);
  }
}

// accepted(c): c is out of the server's listen queue: the server echoed a
// byte or ended c's stream, or c is done. Idle and garbage clients, which
// cannot tell, count as accepted once connected.
void Runner::accepted(Client& c) {
  if (c.accepted) return;
  c.accepted = true;
  --unaccepted_;
  launch_more();
}

void Runner::start(Client& c) {
  c.connect_start = SteadyClock::now();
  if (launched_ == 1) first_connect_ = c.connect_start;
  if (!c.good) ++r_.faults[static_cast<int>(c.kind)].started;
  c.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (c.fd < 0) {
    ++r_.connect_failures;
    return fail(c, std::string("socket(): ") + std::strerror(errno));
  }
  c.state = State::Connecting;
  ++unaccepted_;
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLOUT | EPOLLET;
  ev.data.ptr = &c;
  if (::epoll_ctl(epoll_, EPOLL_CTL_ADD, c.fd, &ev) != 0) {
    ++r_.connect_failures;
    return fail(c, std::string("epoll_ctl: ") + std::strerror(errno));
  }
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(static_cast<std::uint16_t>(config_.port));
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  // Done or in progress, the first EPOLLOUT says how it went (see on_event).
  if (::connect(c.fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 && errno != EINPROGRESS) {
    ++r_.connect_failures;
    return fail(c, std::string("connect: ") + std::strerror(errno));
  }
}

void Runner::on_event(Client& c, std::uint32_t events) {
  if (c.finished()) return;  // closed earlier in this batch of events
  if (c.state == State::Connecting) {
    if (!(events & (EPOLLOUT | EPOLLERR | EPOLLHUP))) return;
    int err = 0;
    socklen_t len = sizeof err;
    if (::getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) err = errno;
    if (err == 0 && (events & EPOLLERR)) err = ECONNRESET;
    if (err != 0) {
      ++r_.connect_failures;
      return fail(c, std::string("connect: ") + std::strerror(err));
    }
    r_.slowest_connect_s =
        std::max(r_.slowest_connect_s, seconds(SteadyClock::now() - c.connect_start));
    return connected(c);
  }
  if (c.echoes()) return pump_echo(c);
  if (c.kind == FaultKind::Garbage) return pump_garbage(c);
  pump_quiet(c);
}

void Runner::connected(Client& c) {
  c.state = State::Running;
  if (c.echoes()) {
    next_message(c);
    return pump_echo(c);
  }
  switch (c.kind) {
    case FaultKind::HalfClose:
      if (::shutdown(c.fd, SHUT_WR) != 0)
        return fail(c, std::string("shutdown: ") + std::strerror(errno));
      c.state = State::Draining;
      return pump_quiet(c);
    case FaultKind::Idle:
      accepted(c);
      if (good_done_) return finish(c, true);
      return pump_quiet(c);
    case FaultKind::Garbage:
      accepted(c);
      c.msg.resize(kGarbageChunk);
      c.rng.fill(c.msg.data(), c.msg.size());
      if (good_done_) return finish(c, true);
      return pump_garbage(c);
    case FaultKind::Vanish:
      break;
  }
}

// next_message(c): c's next message, its size and bytes from c's own Rng; after
// the last, a good client half-closes and waits for the end of stream.
void Runner::next_message(Client& c) {
  if (c.good && c.message == config_.messages) {
    c.msg = {};
    c.sent = c.got = c.limit = 0;
    if (::shutdown(c.fd, SHUT_WR) != 0)
      return fail(c, std::string("shutdown: ") + std::strerror(errno));
    c.state = State::Draining;
    return;
  }
  std::size_t size = c.rng.between(config_.min_size, config_.max_size);
  if (!c.good && c.message == 1) {  // Vanish: part of this one, then gone
    size = std::max<std::size_t>(size, 2);
    c.partial = true;
  }
  c.msg.resize(size);
  c.rng.fill(c.msg.data(), size);
  c.sent = c.got = 0;
  c.limit = c.partial ? c.rng.between(1, size - 1) : size;
}

// pump_echo(c): sends what is left of c's message and checks what came back,
// until neither moves (the socket is edge-triggered: drain it every time).
void Runner::pump_echo(Client& c) {
  for (;;) {
    bool moved = false;
    if (c.state == State::Running && c.sent < c.limit) {
      const ssize_t n = ::send(c.fd, c.msg.data() + c.sent, c.limit - c.sent, MSG_NOSIGNAL);
      if (n > 0) {
        c.sent += static_cast<std::size_t>(n);
        if (c.good) r_.bytes_sent += static_cast<std::uint64_t>(n);
        moved = true;
      } else if (!would_block(errno)) {
        return fail(c,
                    "send at message " + std::to_string(c.message) + ": " + std::strerror(errno));
      }
    }
    if (c.partial && c.sent == c.limit) {  // Vanish: gone mid-message
      FaultCount& f = r_.faults[static_cast<int>(FaultKind::Vanish)];
      f.bytes_sent += c.sent;
      if (c.reset) {
        const linger hard{1, 0};
        ::setsockopt(c.fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
        ++f.resets;
      }
      return finish(c, true);
    }
    const ssize_t n = ::recv(c.fd, buf_.data(), buf_.size(), 0);
    if (n > 0) {
      if (!check(c, static_cast<std::size_t>(n))) return;
      moved = true;
    } else if (n == 0) {
      return end_of_stream(c);
    } else if (!would_block(errno)) {
      return fail(c, "recv at message " + std::to_string(c.message) + ", byte " +
                         std::to_string(c.got) + ": " + std::strerror(errno));
    }
    if (c.finished() || !moved) return;
  }
}

// check(c, n): the n bytes just received in buf_ are the next ones c sent;
// false (c failed) at the first that is not, or that was never sent.
bool Runner::check(Client& c, std::size_t n) {
  const std::size_t expected = c.sent - c.got;  // sent and not back yet
  const std::size_t same = std::min(n, expected);
  const unsigned char* want = c.msg.data() + c.got;
  std::size_t at = 0;
  if (same > 0 && std::memcmp(buf_.data(), want, same) != 0) {
    while (buf_[at] == want[at]) ++at;
  } else {
    at = same;
  }
  if (at < n) {
    Mismatch m{c.index, c.message, c.got + at, at < expected ? want[at] : -1, buf_[at]};
    if (!r_.first_mismatch) r_.first_mismatch = m;
    ++r_.mismatched_clients;
    char text[160];
    if (m.expected < 0) {
      std::snprintf(text, sizeof text,
                    "message %d: byte %zu came back (0x%02x) but only %zu of %zu were sent",
                    m.message, m.offset, m.got, c.sent, c.msg.size());
    } else {
      std::snprintf(text, sizeof text, "message %d: byte %zu came back as 0x%02x, sent 0x%02x",
                    m.message, m.offset, m.got, m.expected);
    }
    fail(c, text);
    return false;
  }
  c.got += n;
  accepted(c);
  if (c.good) r_.bytes_echoed += n;
  if (c.got == c.msg.size() && !c.partial) {
    ++c.message;
    if (c.good) ++r_.messages;
    next_message(c);
  }
  return !c.finished();
}

void Runner::end_of_stream(Client& c) {
  if (c.good && c.state == State::Draining) return finish(c, true);
  fail(c, "the server ended the stream at message " + std::to_string(c.message) + ", byte " +
              std::to_string(c.got) + " of " + std::to_string(c.msg.size()) + " (" +
              std::to_string(c.sent) + " sent)");
}

// pump_garbage(c): random bytes until garbage_bytes are sent; never reads.
void Runner::pump_garbage(Client& c) {
  FaultCount& f = r_.faults[static_cast<int>(FaultKind::Garbage)];
  while (c.garbage_sent < config_.garbage_bytes) {
    const std::size_t want =
        std::min<std::uint64_t>(c.msg.size(), config_.garbage_bytes - c.garbage_sent);
    const ssize_t n = ::send(c.fd, c.msg.data(), want, MSG_NOSIGNAL);
    if (n < 0) {
      if (would_block(errno)) return;  // the server reads no faster than we do not
      return fail(c, std::string("send: ") + std::strerror(errno));
    }
    c.garbage_sent += static_cast<std::uint64_t>(n);
    f.bytes_sent += static_cast<std::uint64_t>(n);
  }
  finish(c, true);  // closes with the echoes unread: the kernel answers with an RST
}

// pump_quiet(c): Idle and HalfClose read only to learn the end of stream;
// the server has nothing to send them.
void Runner::pump_quiet(Client& c) {
  const ssize_t n = ::recv(c.fd, buf_.data(), buf_.size(), 0);
  if (n > 0) return fail(c, std::to_string(n) + " bytes came back, none were sent");
  if (n < 0) {
    if (would_block(errno)) return;
    return fail(c, std::string("recv: ") + std::strerror(errno));
  }
  if (c.state == State::Draining) return finish(c, true);  // HalfClose: the server closed
  fail(c, "the server ended the stream of a client that had sent nothing");
}

Result Runner::run() {
  const int total = config_.clients + config_.faults;
  clients_.resize(static_cast<std::size_t>(total));
  for (int i = 0; i < total; ++i) {
    Client& c = clients_[static_cast<std::size_t>(i)];
    c.index = i;
    c.good = i < config_.clients;
    if (!c.good) {
      const int k = i - config_.clients;
      c.kind = static_cast<FaultKind>(k % 4);
      c.reset = c.kind == FaultKind::Vanish && (k / 4) % 2 == 1;
    }
    c.rng = Rng(config_.seed * 0x100000001b3ULL + static_cast<std::uint64_t>(i));
  }
  order_.resize(clients_.size());
  std::iota(order_.begin(), order_.end(), 0);
  Rng shuffle(config_.seed);
  for (std::size_t i = order_.size(); i > 1; --i) {
    std::swap(order_[i - 1], order_[shuffle.between(0, i - 1)]);
  }
  good_left_ = config_.clients;
  left_ = total;
  if (good_left_ == 0) good_done_ = true;

  epoll_ = ::epoll_create1(EPOLL_CLOEXEC);
  if (epoll_ < 0) {
    failure(std::string("epoll_create1: ") + std::strerror(errno));
    return r_;
  }
  const auto deadline = SteadyClock::now() + std::chrono::duration_cast<SteadyClock::duration>(
                                                 std::chrono::duration<double>(config_.timeout_s));
  launch_more();
  std::vector<epoll_event> events(1024);
  while (left_ > 0) {
    if (SteadyClock::now() > deadline) {
      r_.timed_out = true;
      break;
    }
    const int n = ::epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), 100);
    if (n < 0) {
      if (errno == EINTR) continue;
      failure(std::string("epoll_wait: ") + std::strerror(errno));
      break;
    }
    for (int i = 0; i < n; ++i)
      on_event(*static_cast<Client*>(events[i].data.ptr), events[i].events);
  }
  if (r_.timed_out) {
    char text[200];
    std::snprintf(text, sizeof text, "timed out after %.0f s with %d clients unfinished",
                  config_.timeout_s, left_);
    failure(text);
    for (Client& c : clients_) {
      if (c.finished()) continue;
      std::snprintf(text, sizeof text, "stuck at message %d: %zu of %zu bytes sent, %zu came back",
                    c.message, c.sent, c.msg.size(), c.got);
      fail(c, c.state == State::Queued ? "never started" : text);
    }
  }
  return r_;
}

}  // namespace

Result run_load(const Config& config) {
  return Runner(config).run();
}

}  // namespace coroscope::load
