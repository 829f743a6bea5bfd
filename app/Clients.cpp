#include "Clients.hpp"

#include <poll.h>

#include <cerrno>
#include <charconv>

#include "io/SocketOps.hpp"

namespace coroscope::app {

namespace {

constexpr const char* kHost = "127.0.0.1";
constexpr std::size_t kReadPerPoll = 64 * 1024;  // a flooding server cannot stall a frame

std::string address(int port) {
  return std::string(kHost) + ":" + std::to_string(port);
}

// failure_note(r, port): what a failed connect or transfer means, plainly.
std::string failure_note(const io::IoResult& r, int port) {
  if (r.error == ECONNREFUSED) {
    return "refused: nothing listens on " + address(port) + " yet; step the server to its accept()";
  }
  return r.message();
}

}  // namespace

const char* to_string(ClientState s) {
  switch (s) {
    case ClientState::Connecting:
      return "connecting";
    case ClientState::Open:
      return "open";
    case ClientState::Closing:
      return "closing";
    case ClientState::Closed:
      return "closed";
    case ClientState::Failed:
      return "failed";
  }
  return "?";
}

bool Client::awaiting_reply() const {
  if (state == ClientState::Connecting) return true;
  return (state == ClientState::Open || state == ClientState::Closing) && received < sent;
}

int Clients::connect(int port) {
  Client c;
  c.id = next_id_++;
  c.port = port;
  const io::IoResult s = io::open_tcp();
  if (!s.ok()) {
    c.state = ClientState::Failed;
    c.note = s.message();
    clients_.push_back(std::move(c));
    return clients_.back().id;
  }
  c.fd_ = static_cast<int>(s.n);
  clients_.push_back(std::move(c));
  Client& added = clients_.back();
  const io::IoResult r = io::connect_nb(added.fd_, kHost, port);
  if (r.in_progress()) {
    added.note = "connecting to " + address(port) + "…";
  } else if (r.ok()) {
    finish_connect(added);
  } else {
    drop(added, ClientState::Failed, failure_note(r, port));
  }
  return added.id;
}

void Clients::finish_connect(Client& c) {
  const io::IoResult r = io::connect_result(c.fd_, address(c.port));
  if (r.in_progress()) return;
  if (!r.ok()) {
    drop(c, ClientState::Failed, failure_note(r, c.port));
    return;
  }
  c.state = ClientState::Open;
  const io::IoResult local = io::local_port(c.fd_);
  c.local = local.ok() ? local.address : "";
  c.note.clear();  // the state says it: open
  flush(c);
}

void Clients::send(int id, std::string_view line) {
  Client* c = find_mut(id);
  if (!c) return;
  if (c->state != ClientState::Connecting && c->state != ClientState::Open) {
    c->note = std::string("cannot send: the client is ") + to_string(c->state);
    return;
  }
  add_said(*c, true, line);
  c->out_.append(line);
  c->out_ += '\n';
  if (c->state == ClientState::Open) flush(*c);
}

void Clients::flush(Client& c) {
  while (!c.out_.empty() && c.fd_ >= 0) {
    const io::IoResult r = io::send_nb(c.fd_, c.out_.data(), c.out_.size());
    if (r.would_block()) return;  // the rest when poll() says there is room
    if (!r.ok()) {
      drop(c, ClientState::Closed, r.message());
      return;
    }
    c.sent += static_cast<std::size_t>(r.n);
    c.out_.erase(0, static_cast<std::size_t>(r.n));
  }
  if (c.out_.empty() && c.shut_after_out_) {
    c.shut_after_out_ = false;
    close(c.id);
  }
}

void Clients::close(int id) {
  Client* c = find_mut(id);
  if (!c || c->fd_ < 0) return;
  if (c->state == ClientState::Open) {
    if (!c->out_.empty()) {  // what was sent goes out before the end of stream
      c->shut_after_out_ = true;
      c->note = "closing once the lines already sent have gone out";
      return;
    }
    const io::IoResult r = io::shutdown_fd(c->fd_, io::Shut::Write);
    if (!r.ok()) {
      drop(*c, ClientState::Closed, r.message());
      return;
    }
    c->state = ClientState::Closing;
    c->note = "sent end of stream: the server's recv() returns b''; waiting for it to close";
    return;
  }
  drop(*c, ClientState::Closed,
       c->state == ClientState::Closing ? "closed by you before the server closed"
                                        : "closed by you before it connected");
}

void Clients::poll() {
  std::vector<pollfd> fds;
  std::vector<std::size_t> which;
  for (std::size_t i = 0; i < clients_.size(); ++i) {
    const Client& c = clients_[i];
    if (c.fd_ < 0) continue;
    short events = POLLIN;
    if (c.state == ClientState::Connecting || !c.out_.empty()) events |= POLLOUT;
    fds.push_back({c.fd_, events, 0});
    which.push_back(i);
  }
  if (fds.empty() || ::poll(fds.data(), fds.size(), 0) <= 0) return;
  for (std::size_t k = 0; k < fds.size(); ++k) {
    const short ready = fds[k].revents;
    if (ready == 0) continue;
    Client& c = clients_[which[k]];
    if (c.state == ClientState::Connecting) {
      finish_connect(c);
      if (c.state != ClientState::Open) continue;
    }
    if (ready & (POLLIN | POLLHUP | POLLERR)) receive(c);
    if (c.fd_ >= 0 && (ready & POLLOUT)) flush(c);
  }
}

void Clients::receive(Client& c) {
  char buf[4096];
  std::size_t taken = 0;
  while (c.fd_ >= 0 && taken < kReadPerPoll) {
    const io::IoResult r = io::recv_nb(c.fd_, buf, sizeof buf);
    if (r.would_block()) return;
    if (!r.ok()) {
      drop(c, ClientState::Closed, r.message());
      return;
    }
    if (r.end_of_stream()) {
      drop(c, ClientState::Closed,
           c.state == ClientState::Closing
               ? "the server closed its side too: the connection is closed"
               : "the server closed the connection (end of stream)");
      return;
    }
    const std::size_t n = static_cast<std::size_t>(r.n);
    add_said(c, false, std::string_view(buf, n));
    c.received += n;
    taken += n;
  }
}

void Clients::drop(Client& c, ClientState state, std::string note) {
  if (c.fd_ >= 0) io::close_fd(c.fd_);
  c.fd_ = -1;
  c.out_.clear();
  c.state = state;
  c.note = std::move(note);
}

void Clients::add_said(Client& c, bool sent, std::string_view text) {
  if (sent) {
    c.said.push_back({true, std::string(text)});
  } else {
    // Received bytes join the last received line until its newline.
    while (!text.empty()) {
      const bool open = !c.said.empty() && !c.said.back().sent && !c.said.back().text.empty() &&
                        c.said.back().text.back() != '\n';
      if (!open) c.said.push_back({false, {}});
      const std::size_t nl = text.find('\n');
      const std::size_t take = nl == std::string_view::npos ? text.size() : nl + 1;
      c.said.back().text.append(text.substr(0, take));
      text.remove_prefix(take);
    }
  }
  if (c.said.size() > kMaxSaid) {
    c.said.erase(c.said.begin(),
                 c.said.begin() + static_cast<std::ptrdiff_t>(c.said.size() - kMaxSaid));
  }
}

void Clients::close_all() {
  for (Client& c : clients_) {
    if (c.fd_ >= 0) io::close_fd(c.fd_);
  }
  clients_.clear();
  next_id_ = 1;
}

void Clients::forget_finished() {
  std::erase_if(clients_, [](const Client& c) { return c.fd_ < 0; });
}

const Client* Clients::find(int id) const {
  for (const Client& c : clients_) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

Client* Clients::find_mut(int id) {
  return const_cast<Client*>(static_cast<const Clients&>(*this).find(id));
}

std::size_t Clients::sockets() const {
  std::size_t n = 0;
  for (const Client& c : clients_) n += c.fd_ >= 0;
  return n;
}

bool Clients::awaiting_reply() const {
  for (const Client& c : clients_) {
    if (c.awaiting_reply()) return true;
  }
  return false;
}

bool Clients::connecting() const {
  for (const Client& c : clients_) {
    if (c.state == ClientState::Connecting) return true;
  }
  return false;
}

std::optional<int> announced_port(std::string_view line) {
  std::size_t at = std::string_view::npos;
  for (std::string_view words : {"serving on ", "listening on "}) {
    at = line.find(words);
    if (at != std::string_view::npos) {
      at += words.size();
      break;
    }
  }
  if (at == std::string_view::npos) return std::nullopt;
  // HOST:PORT: the port is the digits after the colon that ends the address.
  const std::size_t colon = line.find(':', at);
  if (colon == std::string_view::npos) return std::nullopt;
  const std::string_view host = line.substr(at, colon - at);
  if (host.empty() || host.find(' ') != std::string_view::npos) return std::nullopt;
  int port = 0;
  const char* first = line.data() + colon + 1;
  const auto [end, ec] = std::from_chars(first, line.data() + line.size(), port);
  if (ec != std::errc() || end == first || port <= 0 || port > 65535) return std::nullopt;
  return port;
}

}  // namespace coroscope::app
