#pragma once
// IoName: what a Hub::wait_io is, for the trace only: the socket call that
// waits and what the socket is. The hub turns it into the IoWait's detail text
// (see trace/IoDetail.hpp) only while the world is traced; untraced, passing
// one costs nothing.
//
//   hub.wait_io(fd, io::Interest::Read, timeout,
//               IoName{"accept", SocketRole::Listening, "127.0.0.1:8001"});
//   IoName{"recv", SocketRole::Accepted, "127.0.0.1:54312"}.detail()
//       == "recv: connection from 127.0.0.1:54312"

#include <cstdint>
#include <string>
#include <string_view>

namespace coroscope::hub {

// SocketRole: what a socket is to the program: it listens, accept() made it
// (a connection from a client), or connect() did (a connection to a server).
enum class SocketRole : std::uint8_t { None, Listening, Accepted, Connected };

struct IoName {
  const char* call = nullptr;  // static: "accept", "connect", "recv", "send"; null: none
  SocketRole role = SocketRole::None;
  std::string_view address;  // Listening: its own "ip:port"; otherwise the peer's

  // detail() is the text the trace records: "accept: listening 127.0.0.1:8001",
  // "recv: connection from 127.0.0.1:54312", "connect: to 127.0.0.1:8002";
  // empty when the role is None (not a socket the program named).
  std::string detail() const {
    if (role == SocketRole::None) return {};
    std::string s;
    s.reserve(40);
    if (call) s.append(call).append(": ");
    switch (role) {
      case SocketRole::Listening:
        s += "listening ";
        break;
      case SocketRole::Accepted:
        s += "connection from ";
        break;
      case SocketRole::Connected:
      case SocketRole::None:
        s += "to ";
        break;
    }
    s.append(address.empty() ? std::string_view("?") : address);
    return s;
  }
};

}  // namespace coroscope::hub
