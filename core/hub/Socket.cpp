#include "hub/Socket.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <exception>

#include "hub/Hub.hpp"

namespace coroscope::hub {
namespace {

// kMaxRecv caps one recv's buffer; recv may always return fewer bytes than asked.
constexpr std::size_t kMaxRecv = std::size_t{1} << 20;

[[noreturn]] void fail(const io::IoResult& r) {
  throw SocketError(r.message());
}

}  // namespace

Socket Socket::tcp() {
  const io::IoResult r = io::open_tcp();
  if (!r.ok()) fail(r);
  return Socket(static_cast<int>(r.n));
}

Socket::Socket(Socket&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      timeout_(other.timeout_),
      bound_(std::exchange(other.bound_, std::nullopt)),
      role_(std::exchange(other.role_, SocketRole::None)),
      address_(std::move(other.address_)) {}

Socket& Socket::operator=(Socket&& other) noexcept {
  if (this != &other) {
    close();
    fd_ = std::exchange(other.fd_, -1);
    timeout_ = other.timeout_;
    bound_ = std::exchange(other.bound_, std::nullopt);
    role_ = std::exchange(other.role_, SocketRole::None);
    address_ = std::move(other.address_);
  }
  return *this;
}

int Socket::open_fd() const {
  if (fd_ < 0) throw SocketError("the socket is closed");
  return fd_;
}

Socket::Budget Socket::budget() const {
  if (!timeout_) return {};
  return {*timeout_ == 0, Hub::get().refresh_now() + *timeout_};
}

void Socket::settimeout(std::optional<double> seconds) {
  if (seconds && !(*seconds >= 0 && std::isfinite(*seconds))) {
    throw std::invalid_argument("settimeout: the timeout must be none or a number of seconds >= 0");
  }
  timeout_ = seconds;
}

// The blocking calls below keep fd and the budget in locals and never touch
// *this after waiting: the socket may have been moved or destroyed meanwhile
// (destroying it wakes the waiter with an error, so the call ends there).
// wait(fd, interest, blocked, budget) parks until fd is ready for interest.
// blocked is the would-block answer: the error in non-blocking mode.
void Socket::wait(int fd, io::Interest interest, const io::IoResult& blocked, const Budget& budget,
                  const IoName& name) {
  if (budget.nonblocking) fail(blocked);
  Hub& hub = Hub::get();
  std::optional<double> left;
  if (budget.deadline) {
    left = *budget.deadline - hub.refresh_now();
    if (*left <= 0) throw SocketTimeout();
  }
  if (!hub.wait_io(fd, interest, left, name)) throw SocketTimeout();
}

std::size_t Socket::send_some(int fd, std::string_view data, const Budget& budget,
                              const IoName& name) {
  for (;;) {
    const io::IoResult r = io::send_nb(fd, data.data(), data.size());
    if (r.ok()) return static_cast<std::size_t>(r.n);
    if (!r.would_block()) fail(r);
    wait(fd, io::Interest::Write, r, budget, name);
  }
}

void Socket::bind(const std::string& host, int port) {
  open_fd();
  bound_ = std::make_pair(host, port);
}

void Socket::listen(int backlog) {
  const int fd = open_fd();
  const auto [host, port] = bound_.value_or(std::make_pair(std::string("0.0.0.0"), 0));
  const io::IoResult r = io::bind_listen(fd, host, port, std::max(backlog, 1));
  if (!r.ok()) fail(r);
  set_role(SocketRole::Listening, host + ":" + std::to_string(r.n));
}

std::pair<Socket, std::string> Socket::accept() {
  const int fd = open_fd();
  const Budget b = budget();
  const std::string at = address_;  // the waits below never read *this
  for (;;) {
    io::IoResult r = io::accept_nb(fd);
    if (r.ok()) {
      Socket conn(static_cast<int>(r.n));
      conn.set_role(SocketRole::Accepted, r.address);
      return {std::move(conn), std::move(r.address)};
    }
    if (r.error == ECONNABORTED) continue;  // that client gave up first: take the next
    if (!r.would_block()) fail(r);
    wait(fd, io::Interest::Read, r, b, IoName{"accept", SocketRole::Listening, at});
  }
}

void Socket::connect(const std::string& host, int port) {
  const int fd = open_fd();
  if (bound_)
    throw SocketError("cannot connect a socket after bind(): bind() only prepares listen()");
  const Budget b = budget();
  io::IoResult r = io::connect_nb(fd, host, port);
  set_role(SocketRole::Connected, r.address);
  const std::string at = address_;  // the waits below never read *this
  while (r.in_progress()) {
    wait(fd, io::Interest::Write, r, b, IoName{"connect", SocketRole::Connected, at});
    r = io::connect_result(fd, r.address);
  }
  if (!r.ok()) fail(r);
}

std::string Socket::recv(std::size_t max) {
  const int fd = open_fd();
  if (max == 0) return {};
  const Budget b = budget();
  std::string buf(std::min(max, kMaxRecv), '\0');
  const SocketRole role = role_;
  const std::string at = address_;  // the waits below never read *this
  for (;;) {
    const io::IoResult r = io::recv_nb(fd, buf.data(), buf.size());
    if (r.ok()) {
      buf.resize(static_cast<std::size_t>(r.n));
      return buf;
    }
    if (!r.would_block()) fail(r);
    wait(fd, io::Interest::Read, r, b, IoName{"recv", role, at});
  }
}

std::size_t Socket::send(std::string_view data) {
  const int fd = open_fd();
  const std::string at = address_;  // the waits below never read *this
  return send_some(fd, data, budget(), IoName{"send", role_, at});
}

void Socket::sendall(std::string_view data) {
  const int fd = open_fd();
  const Budget b = budget();
  const std::string at = address_;  // the waits below never read *this
  const IoName name{"send", role_, at};
  while (!data.empty()) data.remove_prefix(send_some(fd, data, b, name));
}

void Socket::shutdown(Shut how) {
  const io::IoResult r = io::shutdown_fd(open_fd(), how);
  if (!r.ok()) fail(r);
}

int Socket::local_port() const {
  const io::IoResult r = io::local_port(open_fd());
  if (!r.ok()) fail(r);
  return static_cast<int>(r.n);
}

void Socket::close() {
  const int fd = std::exchange(fd_, -1);
  if (fd < 0) return;
  // Only a world with a hub can have a greenlet waiting; t_active avoids making either.
  runtime::World* world = runtime::t_active;
  if (world && world->hub_slot() && Hub::get().io_waiting() != 0) {
    Hub::get().close_io(fd, std::make_exception_ptr(SocketError(
                                "the socket was closed while a greenlet waited on it")));
  }
  io::close_fd(fd);  // never retried: the fd is gone even when close reports an error
}

}  // namespace coroscope::hub
