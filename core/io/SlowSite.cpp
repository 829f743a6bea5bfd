#include "io/SlowSite.hpp"

#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <functional>
#include <optional>
#include <queue>
#include <stdexcept>
#include <string_view>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <utility>

#include "io/EpollPoller.hpp"
#include "io/SocketOps.hpp"

namespace coroscope::io {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr std::uint64_t kListenToken = 0;  // the listening socket; its timer resumes accepting
constexpr std::uint64_t kWakeToken = 1;    // the eventfd ~SlowSite writes to stop the loop
constexpr std::uint64_t kFirstConnection = 2;

constexpr int kBacklog = 1024;         // hundreds of clients may connect at once
constexpr int kAcceptsPerWake = 64;    // then the other connections get a turn
constexpr int kReadsPerWake = 16;      // the same for one chatty client
constexpr auto kRequestTimeout = 60s;  // to send the request, from the connect
constexpr auto kSendTimeout = 60s;     // without a byte taken by the client
constexpr auto kLinger = 2s;           // after the response, to read the client's close
constexpr auto kAcceptRetry = 100ms;   // out of descriptors: try accepting again later
constexpr std::size_t kReadChunk = 4096;

// Stage: where one connection is. Reading → Waiting (its page's delay) →
// Writing → Draining (our side shut down; reading until the client closes).
enum class Stage { Reading, Waiting, Writing, Draining };

// Connection lives in Loop::conns from accept to close, keyed by its token
// (never reused, so a stale Ready or timer for a closed connection finds nothing).
struct Connection {
  int fd = -1;
  Stage stage = Stage::Reading;
  unsigned watched = 0;        // the Interest bits the poller watches now; 0: not watched
  std::string in;              // the request so far (Reading)
  std::size_t scanned = 0;     // in[0, scanned) holds no end of the request
  SitePage page;               // what to send (Waiting, Writing)
  bool head = false;           // a HEAD request: headers only
  std::string out;             // the response (Writing)
  std::size_t sent = 0;        // bytes of out the kernel took
  Clock::time_point due;       // its one live timer; heap entries with another time are stale
  Clock::time_point progress;  // Writing: when the client last took bytes
};

struct Timer {
  Clock::time_point due;
  std::uint64_t token;
  bool operator>(const Timer& other) const { return due > other.due; }
};

Clock::duration seconds(double s) {
  return std::chrono::ceil<Clock::duration>(std::chrono::duration<double>(s));
}

bool is_tchar(char c) {  // RFC 9110 token characters
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// Request is what the site makes of a complete request head.
struct Request {
  SitePage page;
  bool head = false;
};

// parse_request(text, pages): the page a request head (up to its blank line)
// asks for, or the error page for one the site cannot serve.
Request parse_request(std::string_view text, const std::vector<SitePage>& pages) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const std::size_t nl = std::min(text.find('\n'), text.size());
    std::string_view line = text.substr(0, nl);
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (!line.empty()) lines.push_back(line);
    text.remove_prefix(std::min(nl + 1, text.size()));
  }
  if (lines.empty()) return {error_page(400)};
  std::vector<std::string_view> parts;  // METHOD TARGET VERSION
  std::string_view rest = lines[0];
  while (!rest.empty()) {
    const std::size_t start = rest.find_first_not_of(" \t");
    if (start == std::string_view::npos) break;
    rest.remove_prefix(start);
    const std::size_t end = std::min(rest.find_first_of(" \t"), rest.size());
    parts.push_back(rest.substr(0, end));
    rest.remove_prefix(end);
  }
  if (parts.size() != 3) return {error_page(400)};
  const std::string_view method = parts[0], version = parts[2];
  std::string_view target = parts[1];
  if (!std::all_of(method.begin(), method.end(), is_tchar)) return {error_page(400)};
  if (version.size() != 8 || !version.starts_with("HTTP/") || version[6] != '.' ||
      version[5] < '0' || version[5] > '9' || version[7] < '0' || version[7] > '9') {
    return {error_page(400)};
  }
  if (version != "HTTP/1.0" && version != "HTTP/1.1") return {error_page(505)};
  if (method != "GET" && method != "HEAD") return {error_page(405)};
  for (const std::string_view scheme : {"http://", "https://"}) {
    if (target.starts_with(scheme)) {  // absolute form, as sent to a proxy
      const std::size_t slash = target.find('/', scheme.size());
      target = slash == std::string_view::npos ? "/" : target.substr(slash);
    }
  }
  if (!target.starts_with('/')) return {error_page(400)};
  for (const char c : target) {
    if (static_cast<unsigned char>(c) < 0x21 || c == 0x7f) return {error_page(400)};
  }
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    if (line.front() == ' ' || line.front() == '\t') continue;  // an old folded header line
    const std::size_t colon = line.find(':');
    if (colon == 0 || colon == std::string_view::npos ||
        !std::all_of(line.begin(), line.begin() + static_cast<long>(colon), is_tchar)) {
      return {error_page(400)};
    }
  }
  return {page_for(target, pages), method == "HEAD"};
}

// request_end(in, from) is the size of the request head (through its blank
// line: "\r\n\r\n" or "\n\n") if in holds it all, searching from from.
std::optional<std::size_t> request_end(std::string_view in, std::size_t from) {
  for (std::size_t i = std::max<std::size_t>(from, 1); i < in.size(); ++i) {
    if (in[i] != '\n') continue;
    if (in[i - 1] == '\n') return i + 1;
    if (i >= 2 && in[i - 1] == '\r' && in[i - 2] == '\n') return i + 1;
  }
  return std::nullopt;
}

std::string cannot_listen(const IoResult& r, const std::string& host, int port) {
  const std::string m = r.message();
  if (m.starts_with("cannot ")) return "Coroscope's slow site " + m;
  return "Coroscope's slow site cannot listen on " + host + ":" + std::to_string(port) + ": " + m;
}

}  // namespace

// Loop is the site: its sockets, its poller, its timers and its thread. Only the
// site's thread touches conns and timers once the thread runs; other threads
// read the atomics and write to wake_fd.
struct SlowSite::Loop {
  std::vector<SitePage> pages;
  std::string host;
  int port = 0;
  EpollPoller poller;
  int listen_fd = -1;
  int wake_fd = -1;
  bool accepting = false;  // the listening socket is watched
  std::unordered_map<std::uint64_t, Connection> conns;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<>> timers;
  std::uint64_t next_token = kFirstConnection;
  std::atomic<std::size_t> served{0};
  std::atomic<std::size_t> open{0};
  std::thread thread;

  ~Loop() {
    if (thread.joinable()) {
      const std::uint64_t one = 1;
      if (::write(wake_fd, &one, sizeof one) != sizeof one) std::perror("coroscope: slow site");
      thread.join();
    }
    for (auto& entry : conns) close_fd(entry.second.fd);
    if (listen_fd >= 0) close_fd(listen_fd);
    if (wake_fd >= 0) close_fd(wake_fd);
  }

  void run() {
    std::vector<Ready> ready;
    for (;;) {
      poller.wait(timeout_ms(), ready);
      for (const Ready& r : ready) {
        if (r.token == kWakeToken) return;
        if (r.token == kListenToken) {
          accept_some();
        } else {
          on_ready(r);
        }
      }
      fire_timers();
    }
  }

  // timeout_ms() is how long the poller may sleep: until the earliest timer,
  // rounded up so that a timer never fires early.
  int timeout_ms() const {
    if (timers.empty()) return -1;
    const auto left = timers.top().due - Clock::now();
    if (left <= Clock::duration::zero()) return 0;
    const auto ms = std::chrono::ceil<std::chrono::milliseconds>(left).count();
    return static_cast<int>(std::min<long long>(ms, INT_MAX));
  }

  void arm(std::uint64_t token, Connection& c, Clock::time_point due) {
    c.due = due;
    timers.push({due, token});
  }

  void set_interest(std::uint64_t token, Connection& c, unsigned interest) {
    if (interest == c.watched) return;
    if (interest == 0) {
      poller.unwatch(c.fd);
    } else {
      poller.watch(c.fd, interest, token);
    }
    c.watched = interest;
  }

  void close_connection(std::uint64_t token) {
    const auto it = conns.find(token);
    if (it == conns.end()) return;
    if (it->second.watched != 0) poller.unwatch(it->second.fd);
    close_fd(it->second.fd);
    conns.erase(it);
    --open;
  }

  void accept_some() {
    for (int i = 0; i < kAcceptsPerWake; ++i) {
      const IoResult a = accept_nb(listen_fd);
      if (a.would_block()) return;
      if (a.error == ECONNABORTED || a.error == EPROTO) continue;  // that client gave up
      if (!a.ok()) {
        // Out of descriptors or memory: stop accepting for a moment (level-
        // triggered epoll would report the listening socket again at once).
        poller.unwatch(listen_fd);
        accepting = false;
        timers.push({Clock::now() + kAcceptRetry, kListenToken});
        return;
      }
      const std::uint64_t token = next_token++;
      Connection& c = conns[token];
      c.fd = static_cast<int>(a.n);
      ++open;
      set_interest(token, c, static_cast<unsigned>(Interest::Read));
      arm(token, c, Clock::now() + kRequestTimeout);
    }
  }

  void on_ready(const Ready& r) {
    const auto it = conns.find(r.token);
    if (it == conns.end()) return;  // closed earlier in this round
    Connection& c = it->second;
    switch (c.stage) {
      case Stage::Reading:
        read_request(r.token, c);
        break;
      case Stage::Waiting:
      case Stage::Draining:
        discard_input(r.token, c);
        break;
      case Stage::Writing:
        write_some(r.token, c);
        break;
    }
  }

  void read_request(std::uint64_t token, Connection& c) {
    char buf[kReadChunk];
    for (int i = 0; i < kReadsPerWake; ++i) {
      const IoResult r = recv_nb(c.fd, buf, sizeof buf);
      if (r.would_block()) return;
      if (!r.ok() || r.n == 0) {  // reset, or closed before the request was complete
        close_connection(token);
        return;
      }
      c.in.append(buf, static_cast<std::size_t>(r.n));
      if (c.scanned == 0) {  // blank lines before the request line are allowed
        c.in.erase(0, std::min(c.in.find_first_not_of("\r\n"), c.in.size()));
      }
      const std::optional<std::size_t> end = request_end(c.in, c.scanned);
      c.scanned = c.in.size() >= 2 ? c.in.size() - 2 : 0;
      if (end && *end <= kMaxRequestBytes) {
        Request req = parse_request(std::string_view(c.in).substr(0, *end), pages);
        std::string().swap(c.in);
        c.page = std::move(req.page);
        c.head = req.head;
        if (c.page.status != 200 && c.page.path.empty()) {  // error_page(): answer at once
          start_writing(token, c);
          return;
        }
        c.stage = Stage::Waiting;  // still reading: a reset shows, extra bytes are dropped
        arm(token, c, Clock::now() + seconds(c.page.delay));
        return;
      }
      if (end || c.in.size() > kMaxRequestBytes) {
        std::string().swap(c.in);
        c.page = error_page(431);
        start_writing(token, c);
        return;
      }
    }
  }

  // discard_input: while waiting or draining, what the client sends is dropped.
  // The end of its stream while waiting may be a half-close (it still reads), so
  // the site stops reading and still answers; after the answer it closes.
  void discard_input(std::uint64_t token, Connection& c) {
    char buf[kReadChunk];
    for (int i = 0; i < kReadsPerWake; ++i) {
      const IoResult r = recv_nb(c.fd, buf, sizeof buf);
      if (r.would_block()) return;
      if (!r.ok() || (r.n == 0 && c.stage == Stage::Draining)) {
        close_connection(token);
        return;
      }
      if (r.n == 0) {
        set_interest(token, c, 0);
        return;
      }
    }
  }

  void start_writing(std::uint64_t token, Connection& c) {
    c.out = page_response(c.page, c.head);
    c.sent = 0;
    c.stage = Stage::Writing;
    c.progress = Clock::now();
    arm(token, c, c.progress + kSendTimeout);
    write_some(token, c);
  }

  void write_some(std::uint64_t token, Connection& c) {
    while (c.sent < c.out.size()) {
      const IoResult r = send_nb(c.fd, c.out.data() + c.sent, c.out.size() - c.sent);
      if (r.would_block()) {
        set_interest(token, c, static_cast<unsigned>(Interest::Write));
        return;
      }
      if (!r.ok()) {  // the client is gone
        close_connection(token);
        return;
      }
      c.sent += static_cast<std::size_t>(r.n);
      c.progress = Clock::now();
    }
    ++served;
    std::string().swap(c.out);
    shutdown_fd(c.fd, Shut::Write);
    c.stage = Stage::Draining;
    set_interest(token, c, static_cast<unsigned>(Interest::Read));
    arm(token, c, Clock::now() + kLinger);
  }

  void fire_timers() {
    const Clock::time_point now = Clock::now();
    while (!timers.empty() && timers.top().due <= now) {
      const Timer t = timers.top();
      timers.pop();
      if (t.token == kListenToken) {
        if (!accepting) {
          poller.watch(listen_fd, Interest::Read, kListenToken);
          accepting = true;
        }
        continue;
      }
      const auto it = conns.find(t.token);
      if (it == conns.end() || it->second.due != t.due) continue;  // stale
      Connection& c = it->second;
      switch (c.stage) {
        case Stage::Waiting:
          start_writing(t.token, c);
          break;
        case Stage::Writing:
          if (now - c.progress < kSendTimeout) {
            arm(t.token, c, c.progress + kSendTimeout);
          } else {
            close_connection(t.token);  // the client stopped reading
          }
          break;
        case Stage::Reading:   // the request never came
        case Stage::Draining:  // the client never closed
          close_connection(t.token);
          break;
      }
    }
  }
};

SlowSite::SlowSite(std::vector<SitePage> pages, int port, std::string host)
    : loop_(std::make_unique<Loop>()) {
  Loop& l = *loop_;
  l.pages = std::move(pages);
  l.host = std::move(host);
  const IoResult s = open_tcp();
  if (!s.ok()) throw std::runtime_error(cannot_listen(s, l.host, port));
  l.listen_fd = static_cast<int>(s.n);
  const IoResult b = bind_listen(l.listen_fd, l.host, port, kBacklog);
  if (!b.ok()) throw std::runtime_error(cannot_listen(b, l.host, port));
  l.port = static_cast<int>(b.n);
  l.wake_fd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (l.wake_fd < 0) {
    throw std::system_error(errno, std::generic_category(),
                            "Coroscope's slow site cannot start (out of file descriptors?)");
  }
  l.poller.watch(l.listen_fd, Interest::Read, kListenToken);
  l.accepting = true;
  l.poller.watch(l.wake_fd, Interest::Read, kWakeToken);
  l.thread = std::thread([&l] {
    try {
      l.run();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "coroscope: the slow site stopped: %s\n", e.what());
    }
  });
}

SlowSite::~SlowSite() = default;

int SlowSite::port() const {
  return loop_->port;
}

std::string SlowSite::url() const {
  return "http://" + loop_->host + ":" + std::to_string(loop_->port);
}

const std::vector<SitePage>& SlowSite::pages() const {
  return loop_->pages;
}

std::size_t SlowSite::requests_served() const {
  return loop_->served.load();
}

std::size_t SlowSite::connections_open() const {
  return loop_->open.load();
}

}  // namespace coroscope::io
