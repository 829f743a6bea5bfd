#pragma once
// Clients: the TCP clients the app itself opens to a server the script runs
// (the article's client, played from the Clients panel or --client). They
// live outside the script's world: plain non-blocking sockets of the app
// thread, polled with poll(0) once per frame, never on the script's hub.
//
//   Clients clients;
//   int id = clients.connect(8001);      // connecting; refused or open after a poll()
//   clients.send(id, "hello");           // "hello\n" goes out once connected
//   clients.poll();                      // every frame: progress, echoes, closes
//   clients.find(id)->said;              // what went out and what came back, in order
//   clients.close(id);                   // end of stream first; a second close() drops it
//   clients.close_all();                 // a new run: every socket closed, ids from 1 again
//
// An expected outcome (refused, reset, closed by the server) is a state and a
// note a learner can read, never an exception.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace coroscope::app {

enum class ClientState {
  Connecting,  // connect() in progress
  Open,        // connected: sends and receives
  Closing,     // we sent end of stream (shutdown of our sending half); the server may still send
  Closed,      // the socket is closed: the server closed its side, or we dropped it
  Failed,      // refused, or an error; the socket is closed
};

// to_string(s): the state as the panel says it ("connecting", "open", ...).
const char* to_string(ClientState s);

// Said is one line of a client's conversation: sent (without its "\n") or
// received (a received line without a newline yet is still growing).
struct Said {
  bool sent = false;
  std::string text;
};

struct Client {
  int id = 0;    // 1, 2, ... in the order connected, per run
  int port = 0;  // the server's, on 127.0.0.1
  ClientState state = ClientState::Connecting;
  std::string local;       // "127.0.0.1:54321": the address the server's accept() returns
  std::vector<Said> said;  // the conversation, oldest first (the last kMaxSaid lines)
  std::size_t sent = 0, received = 0;  // bytes
  std::string note;  // what happened last, for the learner ("refused: nothing listens...")

  // awaiting_reply(): connecting, or still open with fewer bytes back than
  // sent (an echo server owes it some).
  bool awaiting_reply() const;

 private:
  friend class Clients;
  int fd_ = -1;
  std::string out_;              // bytes waiting for room in the send buffer
  bool shut_after_out_ = false;  // close() asked while out_ was not empty
};

class Clients {
 public:
  static constexpr std::size_t kMaxSaid = 200;

  Clients() = default;
  ~Clients() { close_all(); }
  Clients(const Clients&) = delete;
  Clients& operator=(const Clients&) = delete;

  // connect(port) opens a client to 127.0.0.1:port and returns its id; a
  // connection refused at once is a Failed client with its note.
  int connect(int port);
  // send(id, line) sends line + "\n" (queued while connecting or while the
  // send buffer is full). Ignored, with a note, once the client is closing.
  void send(int id, std::string_view line);
  // close(id): an open client shuts down its sending half (the server's recv()
  // returns b'') and goes on reading until the server closes; a closing or
  // connecting one is closed at once.
  void close(int id);
  // poll() moves every client on without blocking: connects that finished,
  // what the server sent, queued sends, closes. Call it once per frame.
  void poll();
  // close_all() closes every socket and forgets every client.
  void close_all();
  // forget_finished() drops the closed and failed clients from all().
  void forget_finished();

  const std::vector<Client>& all() const { return clients_; }
  const Client* find(int id) const;
  // sockets() counts the descriptors held (connecting, open or closing clients).
  std::size_t sockets() const;
  // awaiting_reply(): some client does; connecting(): some client is connecting.
  bool awaiting_reply() const;
  bool connecting() const;

 private:
  Client* find_mut(int id);
  void finish_connect(Client& c);
  void receive(Client& c);
  void flush(Client& c);
  void drop(Client& c, ClientState state, std::string note);
  void add_said(Client& c, bool sent, std::string_view text);

  std::vector<Client> clients_;
  int next_id_ = 1;
};

// announced_port(line): the port in a server's "serving on HOST:PORT" (or
// "listening on HOST:PORT") line; none in any other line.
std::optional<int> announced_port(std::string_view line);

}  // namespace coroscope::app
