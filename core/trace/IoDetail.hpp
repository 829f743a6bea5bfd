#pragma once
// IoDetail: what an I/O wait is, read back from an IoWait or IoReady event (or
// a watcher in a Snapshot), and the words captions and views use for it.
//
//   const IoDetail d = io_detail(log, log.event(i));   // an IoWait or IoReady
//   d.socket;        // "listening 127.0.0.1:8001", "connection from 127.0.0.1:54312", "to ..."
//   d.waits_for();   // "a client to connect", "data", "room to send", "the connection to finish"
//   d.wait();        // "for a client to connect on 127.0.0.1:8001"
//   d.ready();       // "a client connected to 127.0.0.1:8001"
//   d.where();       // "in accept() on 127.0.0.1:8001"
//
// The hub writes an event's detail text when a wait begins, and only while the
// world is traced (Hub::wait_io, from the IoName its caller gives): "<call>:
// <socket>", the call one of accept, connect, recv, send. A wait on an fd that
// is not a named socket (a pipe) has none; then the words name the fd ("fd 8
// to become readable").

#include <cstdint>
#include <string>
#include <string_view>

#include "trace/EventLog.hpp"
#include "trace/Snapshot.hpp"

namespace coroscope::trace {

struct IoDetail {
  int fd = -1;
  bool readable = true;      // waits to read; false: to write
  std::string_view call;     // "accept", "connect", "recv", "send"; empty when not named
  std::string_view socket;   // what the socket is; empty when not named
  std::string_view address;  // the socket's address in socket: the listening one, or the peer's

  bool named() const { return !socket.empty(); }
  // accepting() is a wait in accept(), or on a listening socket: for a client to connect.
  bool accepting() const { return call == "accept" || socket.starts_with("listening "); }
  // connecting() is a wait in connect(): for the connection to be made.
  bool connecting() const { return call == "connect"; }

  // waits_for() is what the wait is for, in a learner's words: "a client to
  // connect", "the connection to finish", "data", "room to send"; unnamed:
  // "fd 8 to become readable".
  std::string waits_for() const;
  // wait() is the same with the socket's address: "for a client to connect on
  // 127.0.0.1:8001", "for data from 127.0.0.1:54312", "for room to send to
  // ...", "for the connection to 127.0.0.1:8002 to finish"; unnamed: "for fd 8
  // to become readable".
  std::string wait() const;
  // in_call() is " in accept()" (with its leading space), or "" when unnamed.
  std::string in_call() const;
  // where() is the call and the socket, short, for narrow places: "in accept()
  // on 127.0.0.1:8001", "in recv() from ...", "in send() to ...", "in
  // connect() to ..."; unnamed: "on fd 8 (readable)".
  std::string where() const;
  // ready() says what happened when the fd became ready: "a client connected
  // to 127.0.0.1:8001", "data arrived from 127.0.0.1:54312", "room to send to
  // ...", "the connection to 127.0.0.1:8002 is made"; unnamed: "fd 8 is readable".
  std::string ready() const;
};

// io_detail(fd, readable, detail) reads a detail text as the hub writes it.
IoDetail io_detail(int fd, bool readable, std::string_view detail);
// io_detail(log, e) reads an IoWait or IoReady event of log (text "readable" /
// "writable"); its views point into the log's texts.
IoDetail io_detail(const EventLog& log, const Event& e);
// io_detail(w) reads a watcher of a Snapshot.
IoDetail io_detail(const WatcherSnapshot& w);

inline constexpr std::size_t kNoEvent = static_cast<std::size_t>(-1);
inline constexpr std::size_t kIoLookBack = 32;
// io_wait_before(log, i, g) is the index of greenlet g's latest IoWait among
// the kIoLookBack events before i, unless g was switched into since (that wait
// is over); kNoEvent if none: what g, waiting on I/O at position i, waits for.
std::size_t io_wait_before(const EventLog& log, std::size_t i, std::uint32_t g);
// io_ready_before(log, i) is the index of the IoReady that caused transfer i
// (the hub waking a greenlet whose fd became ready: IoReady, Wake, then the
// hub's switch to it), or kNoEvent when i is not such a transfer.
std::size_t io_ready_before(const EventLog& log, std::size_t i);

}  // namespace coroscope::trace
