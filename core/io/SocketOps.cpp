#include "io/SocketOps.hpp"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cassert>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <utility>

namespace coroscope::io {
namespace {

// answer(op, fd, rc) turns a system call's return value (and errno) into a result.
IoResult answer(Op op, int fd, long rc) {
  if (rc < 0) return IoResult{op, fd, 0, errno, ""};
  return IoResult{op, fd, rc, 0, ""};
}

IoResult failure(Op op, int fd, int error, std::string address) {
  return IoResult{op, fd, 0, error, std::move(address)};
}

std::string text_of(const sockaddr_in& sa) {
  char ip[INET_ADDRSTRLEN] = {};
  ::inet_ntop(AF_INET, &sa.sin_addr, ip, sizeof ip);
  return std::string(ip) + ":" + std::to_string(ntohs(sa.sin_port));
}

// parse(host, port, min_port, sa) fills sa, or returns kBadHost / kBadPort.
int parse(const std::string& host, int port, int min_port, sockaddr_in& sa) {
  sa = sockaddr_in{};
  sa.sin_family = AF_INET;
  const std::string ip = host == "localhost" ? "127.0.0.1" : host;
  if (::inet_pton(AF_INET, ip.c_str(), &sa.sin_addr) != 1) return kBadHost;
  if (port < min_port || port > 65535) return kBadPort;
  sa.sin_port = htons(static_cast<std::uint16_t>(port));
  return 0;
}

IoResult bad_address(Op op, int fd, int error, const std::string& host, int port) {
  IoResult r = failure(op, fd, error, error == kBadHost ? host : host + ":" + std::to_string(port));
  r.n = port;
  return r;
}

// call_name(r) names the call for a failure without a text of its own.
std::string call_name(const IoResult& r) {
  const std::string fd = "fd " + std::to_string(r.fd);
  const std::string target = r.address.empty() ? fd : r.address;
  switch (r.op) {
    case Op::Open:
      return "open a TCP socket";
    case Op::Listen:
      return "listen on " + target;
    case Op::LocalPort:
      return "read the local port of " + fd;
    case Op::Accept:
      return "accept on " + fd;
    case Op::Connect:
      return "connect " + fd + " to " + target;
    case Op::Recv:
      return "receive on " + fd;
    case Op::Send:
      return "send on " + fd;
    case Op::Shutdown:
      return "shut down " + fd;
    case Op::Close:
      return "close " + fd;
  }
  return "use " + fd;
}

std::string success_text(const IoResult& r) {
  const std::string fd = "fd " + std::to_string(r.fd);
  const std::string n = std::to_string(r.n);
  switch (r.op) {
    case Op::Open:
      return "opened TCP socket fd " + n;
    case Op::Listen:
      return fd + " is listening on " + r.address;
    case Op::LocalPort:
      return fd + " is bound to port " + n;
    case Op::Accept:
      return "accepted a connection from " + r.address + " as fd " + n;
    case Op::Connect:
      return fd + " is connected to " + r.address;
    case Op::Recv:
      if (r.n == 0) return "end of stream on " + fd + ": the peer will send nothing more";
      return "received " + n + " bytes on " + fd;
    case Op::Send:
      return "sent " + n + " bytes on " + fd;
    case Op::Shutdown:
      return "shut down " + fd;
    case Op::Close:
      return "closed " + fd;
  }
  return "ok";
}

std::string would_block_text(const IoResult& r) {
  const std::string fd = "fd " + std::to_string(r.fd);
  switch (r.op) {
    case Op::Recv:
      return "nothing to receive on " + fd + " yet (would block: wait until readable)";
    case Op::Send:
      return "the send buffer of " + fd + " is full (would block: wait until writable)";
    case Op::Accept:
      return "no connection is waiting on " + fd + " yet (would block: wait until readable)";
    default:
      return "cannot " + call_name(r) + " now (would block)";
  }
}

std::string error_text(const IoResult& r) {
  const std::string fd = "fd " + std::to_string(r.fd);
  const std::string peer = r.address.empty() ? "the peer" : r.address;
  const bool listening = r.op == Op::Listen;
  switch (r.error) {
    case kBadHost:
      return "'" + r.address +
             "' is not an address this socket layer understands: use a dotted IPv4 address "
             "such as 127.0.0.1, or 'localhost'";
    case kBadPort:
      return "port " + std::to_string(r.n) + " is out of range: " +
             (listening ? "listen takes 0 (any free port) to 65535"
                        : "connect needs a port from 1 to 65535");
    case EAGAIN:
      return would_block_text(r);
    case EINPROGRESS:
      return "connecting " + fd + " to " + peer +
             " is in progress: wait until the fd is writable, then ask connect_result";
    case ECONNREFUSED:
      return "connection refused by " + peer + " (nothing listens there)";
    case ECONNRESET:
      return "connection reset by the peer on " + fd +
             " (it closed while data was still unread or in flight)";
    case EPIPE:
      return "cannot send on " + fd +
             ": the connection is closed (broken pipe: the peer is gone, or this side shut "
             "down its sending half)";
    case ETIMEDOUT:
      return "connecting to " + peer + " timed out (no answer came)";
    case ENETUNREACH:
    case EHOSTUNREACH:
      return "cannot reach " + peer + " (no route to that network or host)";
    case EADDRINUSE:
      if (listening) {
        return "cannot listen on " + peer +
               ": the address is already in use (another socket listens on that port)";
      }
      return "no free local port is left to connect from";
    case EADDRNOTAVAIL:
      if (listening) return "cannot listen on " + peer + ": that address is not on this machine";
      return "cannot connect to " + peer + ": the address is not available here";
    case EACCES:
      if (listening) {
        return "cannot listen on " + peer +
               ": permission denied (ports below 1024 need privileges)";
      }
      break;
    case ECONNABORTED:
      return "a client gave up before its connection on " + fd + " was accepted; accept again";
    case EMFILE:
      return "this process is out of file descriptors (" + std::to_string(open_fd_count()) +
             " open; see 'ulimit -n'): close some first";
    case ENFILE:
      return "the whole system is out of file descriptors";
    case ENOTCONN:
      return fd + " is not connected";
    case EISCONN:
      return fd + " is already connected";
    case EALREADY:
      return "a connect on " + fd + " is already in progress";
    case EBADF:
      return fd + " is not an open descriptor (closed already?)";
    case ENOTSOCK:
      return fd + " is not a socket";
    default:
      break;
  }
  return "cannot " + call_name(r) + ": " + std::strerror(r.error);
}

}  // namespace

bool IoResult::would_block() const {
  return error == EAGAIN || error == EWOULDBLOCK;
}
bool IoResult::in_progress() const {
  return error == EINPROGRESS;
}

std::string IoResult::message() const {
  return ok() ? success_text(*this) : error_text(*this);
}

IoResult open_tcp() {
  return answer(Op::Open, -1, ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
}

IoResult bind_listen(int fd, const std::string& host, int port, int backlog) {
  assert(fd >= 0 && backlog > 0);
  sockaddr_in sa;
  if (const int bad = parse(host, port, 0, sa)) return bad_address(Op::Listen, fd, bad, host, port);
  const std::string where = text_of(sa);
  const int one = 1;
  if (::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
      ::bind(fd, reinterpret_cast<const sockaddr*>(&sa), sizeof sa) != 0 ||
      ::listen(fd, backlog) != 0) {
    return failure(Op::Listen, fd, errno, where);
  }
  IoResult r = local_port(fd);
  r.op = Op::Listen;
  if (r.ok()) sa.sin_port = htons(static_cast<std::uint16_t>(r.n));
  r.address = text_of(sa);
  return r;
}

IoResult local_port(int fd) {
  sockaddr_in sa{};
  socklen_t size = sizeof sa;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &size) != 0) {
    return failure(Op::LocalPort, fd, errno, "");
  }
  return IoResult{Op::LocalPort, fd, ntohs(sa.sin_port), 0, text_of(sa)};
}

IoResult accept_nb(int fd) {
  sockaddr_in sa{};
  socklen_t size = sizeof sa;
  int client;
  do {
    size = sizeof sa;
    client = ::accept4(fd, reinterpret_cast<sockaddr*>(&sa), &size, SOCK_NONBLOCK | SOCK_CLOEXEC);
  } while (client < 0 && errno == EINTR);
  if (client < 0) return failure(Op::Accept, fd, errno, "");
  return IoResult{Op::Accept, fd, client, 0, text_of(sa)};
}

IoResult connect_nb(int fd, const std::string& host, int port) {
  assert(fd >= 0);
  sockaddr_in sa;
  if (const int bad = parse(host, port, 1, sa))
    return bad_address(Op::Connect, fd, bad, host, port);
  const std::string where = text_of(sa);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&sa), sizeof sa) == 0) {
    return IoResult{Op::Connect, fd, 0, 0, where};
  }
  // EINTR: the connection goes on in the background, exactly like EINPROGRESS.
  const int err = errno == EINTR ? EINPROGRESS : errno;
  return failure(Op::Connect, fd, err, where);
}

IoResult connect_result(int fd, const std::string& address) {
  int err = 0;
  socklen_t size = sizeof err;
  if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &size) != 0) err = errno;
  if (err == 0) {
    // SO_ERROR is also 0 while the handshake is still running: ask for the peer.
    sockaddr_in sa{};
    socklen_t sa_size = sizeof sa;
    if (::getpeername(fd, reinterpret_cast<sockaddr*>(&sa), &sa_size) != 0) {
      err = errno == ENOTCONN ? EINPROGRESS : errno;
    } else {
      return IoResult{Op::Connect, fd, 0, 0, text_of(sa)};
    }
  }
  return failure(Op::Connect, fd, err, address);
}

IoResult recv_nb(int fd, void* buf, std::size_t len) {
  assert(buf != nullptr && len > 0 && "recv_nb: len 0 would look like end of stream");
  ssize_t n;
  do n = ::recv(fd, buf, len, 0);
  while (n < 0 && errno == EINTR);
  return answer(Op::Recv, fd, n);
}

IoResult send_nb(int fd, const void* buf, std::size_t len) {
  assert(buf != nullptr || len == 0);
  ssize_t n;
  do n = ::send(fd, buf, len, MSG_NOSIGNAL);
  while (n < 0 && errno == EINTR);
  return answer(Op::Send, fd, n);
}

IoResult shutdown_fd(int fd, Shut how) {
  const int which = how == Shut::Read ? SHUT_RD : how == Shut::Write ? SHUT_WR : SHUT_RDWR;
  return answer(Op::Shutdown, fd, ::shutdown(fd, which));
}

IoResult close_fd(int fd) {
  return answer(Op::Close, fd, ::close(fd));
}

long open_fd_count() {
  DIR* dir = ::opendir("/proc/self/fd");
  if (dir == nullptr) return -1;
  long count = 0;
  const int own = ::dirfd(dir);
  while (const dirent* entry = ::readdir(dir)) {
    if (entry->d_name[0] == '.') continue;  // "." and ".."
    if (std::atoi(entry->d_name) != own) ++count;
  }
  ::closedir(dir);
  return count;
}

}  // namespace coroscope::io
