#include "trace/IoDetail.hpp"

namespace coroscope::trace {

namespace {

std::string fd_text(const IoDetail& d) {
  return "fd " + std::to_string(d.fd) +
         (d.readable ? " to become readable" : " to become writable");
}

}  // namespace

IoDetail io_detail(int fd, bool readable, std::string_view detail) {
  IoDetail d;
  d.fd = fd;
  d.readable = readable;
  if (const std::size_t colon = detail.find(": "); colon != std::string_view::npos) {
    d.call = detail.substr(0, colon);
    detail.remove_prefix(colon + 2);
  }
  d.socket = detail;
  if (const std::size_t space = detail.rfind(' '); space != std::string_view::npos) {
    d.address = detail.substr(space + 1);
  }
  return d;
}

IoDetail io_detail(const EventLog& log, const Event& e) {
  return io_detail(e.number, log.text(e.text) != "writable", log.text(e.detail));
}

IoDetail io_detail(const WatcherSnapshot& w) {
  return io_detail(w.fd, w.readable, w.detail);
}

std::string IoDetail::waits_for() const {
  if (!named()) return fd_text(*this);
  if (accepting()) return "a client to connect";
  if (connecting()) return "the connection to finish";
  return readable ? "data" : "room to send";
}

std::string IoDetail::wait() const {
  if (!named()) return "for " + fd_text(*this);
  const std::string at(address);
  if (accepting()) return "for a client to connect on " + at;
  if (connecting()) return "for the connection to " + at + " to finish";
  return readable ? "for data from " + at : "for room to send to " + at;
}

std::string IoDetail::in_call() const {
  if (call.empty()) return {};
  return " in " + std::string(call) + "()";
}

std::string IoDetail::where() const {
  if (!named()) return "on fd " + std::to_string(fd) + (readable ? " (readable)" : " (writable)");
  const std::string at(address);
  const std::string in = call.empty() ? std::string() : "in " + std::string(call) + "() ";
  if (accepting()) return in + "on " + at;
  if (connecting()) return in + "to " + at;
  return in + (readable ? "from " : "to ") + at;
}

std::string IoDetail::ready() const {
  if (!named()) {
    return "fd " + std::to_string(fd) + (readable ? " is readable" : " is writable");
  }
  const std::string at(address);
  if (accepting()) return "a client connected to " + at;
  if (connecting()) return "the connection to " + at + " is made";
  return readable ? "data arrived from " + at : "room to send to " + at;
}

std::size_t io_wait_before(const EventLog& log, std::size_t i, std::uint32_t g) {
  for (std::size_t k = i, n = 0; k > 0 && n < kIoLookBack; --k, ++n) {
    const Event& e = log.event(k - 1);
    if (e.kind == Kind::IoWait && e.greenlet == g) return k - 1;
    if (is_transfer(e.kind) && e.target == g) break;  // it ran since: that wait is over
  }
  return kNoEvent;
}

std::size_t io_ready_before(const EventLog& log, std::size_t i) {
  if (i < 2 || i >= log.size()) return kNoEvent;
  const Event& e = log.event(i);
  if (!is_transfer(e.kind) || e.greenlet != log.hub()) return kNoEvent;
  const Event& wake = log.event(i - 1);
  const Event& ready = log.event(i - 2);
  if (wake.kind != Kind::Wake || wake.greenlet != e.target) return kNoEvent;
  if (ready.kind != Kind::IoReady || ready.greenlet != e.target) return kNoEvent;
  return i - 2;
}

}  // namespace coroscope::trace
