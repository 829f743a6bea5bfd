#pragma once
// Socket: gevent's cooperative TCP socket. A call that would block parks the
// calling greenlet on the hub (Hub::wait_io) until the fd is ready; others run.
//
//   Socket server = Socket::tcp();
//   server.bind("127.0.0.1", 0);  server.listen();      // port: server.local_port()
//   auto [conn, peer] = server.accept();                 // in a greenlet: parks until a client
//   Socket c = Socket::tcp();  c.settimeout(10);  c.connect("127.0.0.1", port);
//   c.sendall("hi");  std::string reply = c.recv(4096);   // "" is the end of the stream
//   // failures raise SocketError (the learner's text); an expired timeout, SocketTimeout

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "hub/IoName.hpp"
#include "io/Poller.hpp"
#include "io/SocketOps.hpp"

namespace coroscope::hub {

// SocketError is Python's OSError for sockets: what() is io::IoResult::message(),
// e.g. "connection refused by 127.0.0.1:9 (nothing listens there)".
class SocketError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// SocketTimeout is Python's socket.timeout: a blocking call outlived settimeout().
class SocketTimeout : public SocketError {
 public:
  SocketTimeout() : SocketError("timed out") {}
};

// Socket owns one non-blocking IPv4 TCP fd; it lives wherever its owner keeps it
// (usually a greenlet's stack). Blocking calls are made from a greenlet of the
// world that made the socket, never from the hub itself (BlockingSwitchOutError).
// A call on a closed socket raises "the socket is closed". One greenlet may wait
// to read and another to write at the same time; a second reader is a logic_error.
class Socket {
 public:
  using Shut = io::Shut;

  // tcp() opens a new socket (Python's socket.socket()).
  static Socket tcp();
  // Socket() is a closed socket; Socket(fd) adopts an open non-blocking fd.
  Socket() = default;
  explicit Socket(int fd) : fd_(fd) {}
  // Moving leaves other closed; a greenlet already waiting in a call on other
  // keeps waiting on the same fd, which the new socket now owns.
  Socket(Socket&& other) noexcept;
  Socket& operator=(Socket&& other) noexcept;
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  // ~Socket() closes the fd like close().
  ~Socket() { close(); }

  // bind(host, port) records the address listen() binds to: SocketOps binds and
  // listens in one step, so "address in use" surfaces in listen, and a bound
  // socket cannot connect. Port 0: any free port.
  void bind(const std::string& host, int port);
  // listen(backlog) binds (to 0.0.0.0, any port, without bind) and listens.
  void listen(int backlog = 128);
  // accept() waits for a client: its connected socket (no timeout) and "ip:port".
  std::pair<Socket, std::string> accept();
  // connect(host, port) waits until connected; refused or unreachable raise.
  void connect(const std::string& host, int port);
  // recv(max) waits for data and returns up to max bytes; "" is the end of the
  // stream (the peer closed or shut down its sending side), as is recv(0).
  std::string recv(std::size_t max);
  // send(data) waits until some of data fits and returns how much was sent.
  std::size_t send(std::string_view data);
  // sendall(data) sends every byte; the timeout bounds the whole call, as in gevent.
  void sendall(std::string_view data);
  // shutdown(how) closes one or both directions; the fd stays open.
  void shutdown(Shut how);
  // close() releases the fd; a greenlet waiting on it wakes with SocketError
  // "the socket was closed while a greenlet waited on it". Closing twice is fine.
  void close();

  // fileno() is the fd, or -1 once closed (as in Python).
  int fileno() const { return fd_; }
  bool closed() const { return fd_ < 0; }
  // local_port() is the port the socket is bound to (0 before listen or connect).
  int local_port() const;

  // role() and address() say what the socket is, for the trace (hub/IoName.hpp):
  // listen() makes it Listening at its own address; accept() returns an
  // Accepted socket (the client's address); connect() makes it Connected (the
  // server's). A layer that makes those calls on fileno() itself says so with
  // set_role(). io_name(call) names a wait of call ("recv") on this socket; it
  // views address(), so a call that may outlive the socket copies it first.
  SocketRole role() const { return role_; }
  const std::string& address() const { return address_; }
  void set_role(SocketRole role, std::string address) {
    role_ = role;
    address_ = std::move(address);
  }
  IoName io_name(const char* call) const { return IoName{call, role_, address_}; }

  // settimeout(seconds) bounds each later blocking call: none waits forever, 0
  // never waits (would-block raises SocketError); negative raises invalid_argument.
  void settimeout(std::optional<double> seconds);
  std::optional<double> gettimeout() const { return timeout_; }

 private:
  // Budget is one call's time limit, read from the timeout when the call starts.
  struct Budget {
    bool nonblocking = false;        // timeout 0: never wait
    std::optional<double> deadline;  // hub time; none: no limit
  };
  int open_fd() const;
  Budget budget() const;
  // wait() and send_some() are static: a waiting call never touches *this again.
  static void wait(int fd, io::Interest interest, const io::IoResult& blocked, const Budget& budget,
                   const IoName& name);
  static std::size_t send_some(int fd, std::string_view data, const Budget& budget,
                               const IoName& name);

  int fd_ = -1;
  std::optional<double> timeout_;                     // seconds; none: block forever
  std::optional<std::pair<std::string, int>> bound_;  // what bind() recorded
  SocketRole role_ = SocketRole::None;
  std::string address_;  // Listening: its own "ip:port"; otherwise the peer's
};

}  // namespace coroscope::hub
