#pragma once
// SocketOps: thin non-blocking TCP calls over IPv4, each returning an IoResult.
// None of them ever blocks; "would block" is an answer, to be retried after the
// Poller says the fd is ready. Hosts are dotted IPv4 ("127.0.0.1") or "localhost".
//
//   IoResult s = open_tcp();                 // s.n is the new fd
//   IoResult c = connect_nb(fd, "127.0.0.1", port);
//   if (c.in_progress()) { /* wait until writable */ c = connect_result(fd, c.address); }
//   IoResult r = recv_nb(fd, buf, sizeof buf);
//   if (r.would_block()) { /* wait until readable, then retry */ }
//   if (!r.ok()) print(r.message());         // "connection refused by 127.0.0.1:9 (...)"

#include <cstddef>
#include <string>

namespace coroscope::io {

// Op names the call an IoResult answers, so message() can say what failed.
enum class Op { Open, Listen, LocalPort, Accept, Connect, Recv, Send, Shutdown, Close };

// Shut is the half of a connection shutdown_fd() closes: our sending side
// (Write: the peer then reads end of stream), our receiving side, or both.
enum class Shut { Read, Write, Both };

// Errors that are not errno values (errno values are positive).
inline constexpr int kBadHost = -1;  // host is neither dotted IPv4 nor "localhost"
inline constexpr int kBadPort = -2;  // port outside 0..65535, or 0 for connect

// IoResult is the answer of one call: n on success, error (an errno value or
// kBad*) otherwise. It is a plain value; message() builds the learner's text
// only when asked, so a would-block answer costs no string work.
struct IoResult {
  Op op = Op::Open;
  int fd = -1;          // the descriptor the call used (-1 for open_tcp)
  long n = 0;           // bytes moved; the new fd (open_tcp, accept_nb); a port
  int error = 0;        // 0 on success
  std::string address;  // "127.0.0.1:9" where one is involved; the raw host if bad

  bool ok() const { return error == 0; }
  bool would_block() const;  // EAGAIN: retry when ready
  bool in_progress() const;  // connect started, not done
  bool bad_address() const { return error == kBadHost || error == kBadPort; }
  bool end_of_stream() const { return op == Op::Recv && ok() && n == 0; }
  std::string message() const;
};

// open_tcp() makes a non-blocking, close-on-exec IPv4 TCP socket; n is its fd.
IoResult open_tcp();

// bind_listen(fd, host, port, backlog) binds fd with SO_REUSEADDR and listens.
// port 0 lets the kernel pick a free port; n is the port actually bound.
IoResult bind_listen(int fd, const std::string& host, int port, int backlog = 128);

// local_port(fd) is the port fd is bound to, in n.
IoResult local_port(int fd);

// accept_nb(fd) takes one pending connection from listening fd; n is the new
// fd (non-blocking, close-on-exec) and address the client's. would_block() when
// none is waiting. ECONNABORTED means a client gave up first: accept again.
IoResult accept_nb(int fd);

// connect_nb(fd, host, port) starts connecting. Usually the answer is
// in_progress(): wait until fd is writable (or hung up), then call
// connect_result(fd, result.address) to learn how it ended.
IoResult connect_nb(int fd, const std::string& host, int port);

// connect_result(fd, address) is the outcome of a connect in progress: ok, or
// the error (refused, timed out, unreachable). Still in_progress() if the
// connection is not finished. address only names the peer in messages.
IoResult connect_result(int fd, const std::string& address = "");

// recv_nb(fd, buf, len) reads up to len > 0 bytes. n == 0 is end_of_stream():
// the peer will send nothing more.
IoResult recv_nb(int fd, void* buf, std::size_t len);

// send_nb(fd, buf, len) writes what fits in the send buffer (n may be < len). A
// closed peer gives an EPIPE or ECONNRESET answer, never a SIGPIPE.
IoResult send_nb(int fd, const void* buf, std::size_t len);

// shutdown_fd(fd, how) closes one or both directions; fd stays open.
IoResult shutdown_fd(int fd, Shut how);

// close_fd(fd) releases fd. Unwatch it in the Poller first. Never retried: on
// Linux the fd is gone even when close reports an error.
IoResult close_fd(int fd);

// open_fd_count() is the number of descriptors this process has open, from
// /proc/self/fd, for tests that check nothing leaked; -1 if /proc is missing.
long open_fd_count();

}  // namespace coroscope::io
